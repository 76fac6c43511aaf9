"""planlint.audit(): the portfolio audit from Python (issue 5, item 5).

The Python audit runs the same engine code as `planlint audit`, so its JSON
must equal the command's (apart from the run time); the DataFrames, the
figure, the Jupyter view and pickling are checked against that JSON.
"""

import json
import pickle
import subprocess

import pytest
from conftest import AS_OF, DRAFT, EXAMPLES, ROOT, SKELETON
from planlint_cli import planlint_bin

PORTFOLIO = ROOT / "tests" / "fixtures" / "portfolio"


@pytest.fixture(scope="module")
def examples_audit():
    import planlint

    return planlint.audit(EXAMPLES, as_of=AS_OF, progress=False)


def without_time(doc):
    return {k: v for k, v in doc.items() if k != "seconds"}


def test_same_audit_as_the_command(examples_audit, tmp_path):
    out = tmp_path / "audit.json"
    run = subprocess.run([str(planlint_bin()), "audit", str(EXAMPLES), "--as-of", AS_OF, "-q", "--json", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert without_time(json.loads(examples_audit.to_json())) == without_time(json.loads(out.read_text()))


def test_plans_dataframe(examples_audit):
    plans = examples_audit.plans
    assert len(plans) == len(examples_audit) == 3
    assert list(plans.columns[:6]) == ["file", "title", "system_name", "status", "go_live", "score"]
    assert list(plans.columns[12:]) == examples_audit.sections and "schedule" in examples_audit.sections
    by_file = plans.set_index("file")
    clean = by_file.loc[str(EXAMPLES / "clean" / "case-management-modernization.json")]
    skeleton = by_file.loc[str(SKELETON)]
    assert clean["score"] == 100 and clean["errors"] == 0
    assert 0 <= skeleton["score"] < clean["score"] and skeleton["errors"] > 0
    assert all(0 <= skeleton[s] <= 100 for s in examples_audit.sections)
    assert by_file.loc[str(DRAFT), "waived"] == 1
    assert str(by_file.loc[str(DRAFT), "go_live"]) == "2027-10-01"


def test_findings_dataframe(examples_audit, planlint):
    findings = examples_audit.findings
    summary = examples_audit.summary
    assert len(findings) == summary["findings"] + summary["waived"]
    assert list(findings["severity"].cat.categories) == ["error", "warning", "info"]
    assert findings["severity"].cat.ordered
    assert int(findings["waived"].sum()) == summary["waived"] == 1
    assert (findings["severity"] == "error").sum() - findings[findings.waived & (findings.severity == "error")].shape[0] \
        == summary["errors"]
    # The same findings as planlint.check on each plan.
    checked = planlint.check_many(EXAMPLES, as_of=AS_OF, progress=False).to_pandas()
    key = ["file", "rule", "pointer", "line", "column", "waived"]
    assert sorted(map(tuple, findings[key].values.tolist())) == sorted(map(tuple, checked[key].values.tolist()))


def test_summary(examples_audit):
    s = examples_audit.summary
    assert s["plans"] == 3 and s["input_errors"] == 0
    assert sum(s["histogram"]) == 3
    assert s["worst_plans"][0] == str(SKELETON)
    assert s["top_rules"][0]["findings"] >= s["top_rules"][-1]["findings"]
    scores = [r["average_score"] for r in s["sections_at_risk"]]
    assert scores == sorted(scores)


def test_repr_and_text(examples_audit):
    assert repr(examples_audit).startswith(f"<planlint.Audit 3 plans as of {AS_OF}: average score")
    assert "Health score: average" in str(examples_audit)
    page = examples_audit._repr_html_()
    assert "Worst plans" in page and "benefits-system-skeleton.json" in page and "Sections most at risk" in page


def test_html_report_is_the_commands(examples_audit, tmp_path):
    path = tmp_path / "report.html"
    page = examples_audit.to_html(path)
    assert path.read_text(encoding="utf-8") == page
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "permit-portal-draft.json" in page and "http://" not in page.replace("http://www.w3.org", "")


def test_plot(examples_audit):
    matplotlib = pytest.importorskip("matplotlib", reason="matplotlib comes with requirements-dev.txt")
    matplotlib.use("Agg")
    fig = examples_audit.plot()
    left, right = fig.axes
    assert sum(p.get_height() for p in left.patches) == 3  # one bar per score bin, three plans
    assert len(right.patches) == min(10, len(examples_audit.sections))


def test_pickle_round_trip(examples_audit):
    copy = pickle.loads(pickle.dumps(examples_audit))
    assert copy.to_json() == examples_audit.to_json() and str(copy) == str(examples_audit)
    assert copy.plans.equals(examples_audit.plans)


def test_unreadable_plans_score_zero_and_do_not_raise(planlint, tmp_path):
    (tmp_path / "bad.json").write_text('{"format": "imp/1",\n  "document": }', encoding="utf-8")
    (tmp_path / "good.json").write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    result = planlint.audit([tmp_path, tmp_path / "missing*.json"], as_of=AS_OF, progress=False, jobs=2)
    plans = result.plans.set_index("file")
    bad = plans.loc[str(tmp_path / "bad.json")]
    assert bad["score"] == 0 and bad["input_error"].startswith(f"{tmp_path / 'bad.json'}:2:")
    assert plans.loc[str(tmp_path / "missing*.json"), "input_error"].endswith("no such file or directory")
    assert result.summary["input_errors"] == 2 and plans.loc[str(tmp_path / "good.json"), "score"] > 0


def test_cross_plan_rules(planlint):
    trip = planlint.audit(PORTFOLIO / "PRT003" / "trip", as_of=AS_OF, progress=False)
    hits = trip.findings[trip.findings.rule == "PRT003"]
    assert sorted(zip(hits.file.map(lambda f: f.rsplit("/", 1)[1]), hits.pointer)) == [
        ("a.json", "/document/system_name"), ("b.json", "/document/system_name")]
    near = planlint.audit(PORTFOLIO / "PRT003" / "near_miss", as_of=AS_OF, progress=False)
    assert (near.findings.rule == "PRT003").sum() == 0


def test_weights_and_select(planlint, tmp_path):
    weights = tmp_path / "weights.yaml"
    weights.write_text("severity:\n  error: 25\nsection_cap: 25\n", encoding="utf-8")
    heavy = planlint.audit(DRAFT, as_of=AS_OF, progress=False, weights=weights)
    light = planlint.audit(DRAFT, as_of=AS_OF, progress=False)
    assert heavy.plans.score[0] < light.plans.score[0]
    only = planlint.audit(DRAFT, as_of=AS_OF, progress=False, select=["SCH"])
    assert set(only.findings.rule) <= {r for r in only.findings.rule if r.startswith("SCH")} and len(only.findings)


def test_bad_arguments(planlint, tmp_path):
    with pytest.raises(ValueError, match="jobs must be a positive int"):
        planlint.audit(EXAMPLES, jobs=0)
    with pytest.raises(ValueError, match="as_of"):
        planlint.audit(EXAMPLES, as_of="2027-02-30")
    bad = tmp_path / "weights.yaml"
    bad.write_text("severity:\n  error: lots\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"weights\.yaml:2:\d+"):
        planlint.audit(EXAMPLES, as_of=AS_OF, weights=bad, progress=False)
