"""Reports, findings and packs survive pickling (workers of multiprocessing,
Dask or Spark send them back and forth)."""

import pickle

from conftest import AS_OF, DRAFT


def test_report_round_trip(planlint):
    report = planlint.check(DRAFT, as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(report))
    assert copy == report
    assert list(copy) == list(report) and copy.counts == report.counts
    assert copy.to_json() == report.to_json() and copy.to_text() == report.to_text()
    assert repr(copy) == repr(report)
    assert copy.to_pandas().equals(report.to_pandas())
    assert copy._repr_html_() == report._repr_html_()
    assert copy.rule_doc("SCH001") == report.rule_doc("SCH001")


def test_report_pickle_keeps_only_the_docs_it_needs(planlint):
    report = planlint.check(DRAFT, as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(report))
    assert copy.rule_doc("SCH002") is None  # no SCH002 finding in the draft
    assert report.rule_doc("SCH002") is not None


def test_finding_round_trip(planlint):
    finding = planlint.check(DRAFT, as_of=AS_OF)[0]
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert isinstance(finding, tuple) and finding._asdict()["rule"] == finding.rule


def test_report_from_a_dict_round_trip(planlint):
    report = planlint.check({"format": "imp/1"}, as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
    assert list(copy) == list(report) and len(report) > 5
