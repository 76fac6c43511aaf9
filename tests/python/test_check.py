"""planlint.check on every kind of source, its options, and the Report."""

import datetime
import json
import os
import pathlib
import subprocess
import sysconfig

import pytest

from conftest import AS_OF, CLEAN, DRAFT, FIXTURES, SKELETON


def keys(report):
    return [(f.rule, f.pointer, f.message, f.waived) for f in report]


def cli(*args):
    binary = pathlib.Path(sysconfig.get_path("scripts")) / "planlint"
    return subprocess.run([str(binary), *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def draft(planlint):
    return planlint.check(str(DRAFT), as_of=AS_OF)


def test_path_str_gives_positions_and_the_cli_findings(draft):
    assert len(draft) == 24
    first = draft[0]
    assert (first.file, first.line, first.column, first.rule) == (str(DRAFT), 26, 5, "DOC004")
    assert first.severity == "warning" and first.section == "document" and first.pointer
    out = cli("check", "--as-of", AS_OF, "--show-waived", str(DRAFT)).stdout
    assert [str(f) for f in draft] == out.splitlines()[:-1]


def test_pathlike_and_str_paths_agree(planlint, draft):
    assert keys(planlint.check(DRAFT, as_of=AS_OF)) == keys(draft)


def test_json_text_str_and_bytes_agree_with_the_file(planlint, draft):
    text = DRAFT.read_text(encoding="utf-8")
    from_text = planlint.check("\n  " + text, as_of=AS_OF)
    from_bytes = planlint.check(DRAFT.read_bytes(), as_of=AS_OF)
    assert keys(from_text) == keys(draft) and keys(from_bytes) == keys(draft)
    assert from_text[0].file == "<string>" and from_bytes[0].file == "<bytes>"
    # The text starts with "\n  ", so every line is two further down.
    assert [f.line for f in from_text] == [f.line + 1 for f in draft]
    named = planlint.check(text, as_of=AS_OF, file="draft.json")
    assert {f.file for f in named} == {"draft.json"}


def test_dict_is_built_directly_with_positions_zero(planlint, draft):
    plan = json.loads(DRAFT.read_text(encoding="utf-8"))
    report = planlint.check(plan, as_of=AS_OF)
    assert sorted(keys(report)) == sorted(keys(draft))
    assert {(f.line, f.column) for f in report} == {(0, 0)}
    assert {f.file for f in report} == {"<dict>"}


def test_dict_of_python_values(planlint):
    plan = {"format": "imp/1", "schedule": (
        {"id": "T1", "name": "Build", "planned_start": "2027-01-04", "planned_finish": "2027-01-01",
         "percent_complete": 10, "depends_on": []},)}
    report = planlint.check(plan, as_of=AS_OF, select="SCH002")
    assert [(f.rule, f.pointer) for f in report] == [("SCH002", "/schedule/0")]
    assert "2027-01-01" in report[0].message


def test_as_of_accepts_dates_datetimes_and_text(planlint):
    by_text = keys(planlint.check(DRAFT, as_of=AS_OF))
    assert keys(planlint.check(DRAFT, as_of=datetime.date(2027, 1, 15))) == by_text
    assert keys(planlint.check(DRAFT, as_of=datetime.datetime(2027, 1, 15, 23, 59))) == by_text
    # The reference date matters: years later, more is overdue.
    assert keys(planlint.check(DRAFT, as_of="2031-01-01")) != by_text


def test_as_of_default_is_today(planlint):
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert keys(planlint.check(DRAFT)) == keys(planlint.check(DRAFT, as_of=today))


@pytest.mark.parametrize("bad", ["2027-13-01", "15/01/2027", ""])
def test_bad_as_of_text(planlint, bad):
    with pytest.raises(ValueError, match="is not a date"):
        planlint.check(DRAFT, as_of=bad)


def test_bad_as_of_type(planlint):
    with pytest.raises(TypeError, match="as_of"):
        planlint.check(DRAFT, as_of=20270115)


def test_select_and_ignore(planlint, draft):
    only = planlint.check(DRAFT, as_of=AS_OF, select=["SCH", "GLO001"])
    assert {f.rule for f in only} == {f.rule for f in draft if f.rule.startswith("SCH") or f.rule == "GLO001"}
    assert {f.rule for f in planlint.check(DRAFT, as_of=AS_OF, select="SCH,GLO001")} == {f.rule for f in only}
    rest = planlint.check(DRAFT, as_of=AS_OF, ignore="undefined-acronym")
    assert "GLO001" not in {f.rule for f in rest}
    assert len(rest) == len(draft) - sum(f.rule == "GLO001" for f in draft)


def test_rules_as_pack_file_path(planlint, tmp_path, draft):
    pack = tmp_path / "org.yaml"
    pack.write_text("pack: org\nextends: imp\noverrides:\n  GLO001: { enabled: false }\n")
    report = planlint.check(DRAFT, as_of=AS_OF, rules=pack)
    assert keys(report) == [k for k in keys(draft) if k[0] != "GLO001"]
    assert keys(planlint.check(DRAFT, as_of=AS_OF, rules=str(pack))) == keys(report)


def test_rules_of_a_wrong_type(planlint):
    with pytest.raises(TypeError, match="RulePack"):
        planlint.check(DRAFT, rules=42)


def test_source_of_a_wrong_type(planlint):
    with pytest.raises(TypeError, match="takes a path, JSON text"):
        planlint.check(42)


def test_clean_plan_has_no_findings(planlint):
    report = planlint.check(CLEAN, as_of=AS_OF)
    assert len(report) == 0 and report.ok and not report.errors
    assert repr(report) == "<planlint.Report: 1 file, 0 findings (0 errors, 0 warnings, 0 info)>"


def test_report_levels_and_waived(draft):
    assert [f.severity for f in draft.errors] == ["error"] * len(draft.errors)
    assert len(draft.errors) == 7 and len(draft.warnings) == 15 and len(draft.infos) == 1
    assert len(draft.waived) == 1 and draft.waived[0].waived
    assert all(not f.waived for f in draft.errors + draft.warnings + draft.infos)
    assert not draft.ok
    assert draft.counts == {"files": 1, "findings": 23, "errors": 7, "warnings": 15, "info": 1,
                            "waived": 1, "input_errors": 0, "diagnostics": 0}
    assert draft.files == [str(DRAFT)]
    assert draft.input_errors == [] and draft.diagnostics == []


def test_report_repr_is_short(draft):
    assert repr(draft) == ("<planlint.Report: 1 file, 23 findings (7 errors, 15 warnings, 1 info), "
                           "1 waived>")


def test_to_json_is_the_cli_json(draft):
    out = cli("check", "--as-of", AS_OF, "--format", "json", str(DRAFT))
    assert draft.to_json() == out.stdout
    data = json.loads(draft.to_json())
    assert len(data["findings"]) == 24 and data["summary"]["errors"] == 7


def test_to_text_is_the_cli_text(draft):
    assert draft.to_text() == cli("check", "--as-of", AS_OF, str(DRAFT)).stdout


def test_to_pandas(draft):
    import pandas as pd

    df = draft.to_pandas()
    assert list(df.columns) == ["rule", "name", "severity", "message", "file", "pointer", "line",
                                "column", "waived", "section"]
    assert len(df) == 24
    assert isinstance(df["severity"].dtype, pd.CategoricalDtype)
    assert df["severity"].cat.ordered
    assert list(df["severity"].cat.categories) == ["info", "warning", "error"]
    assert (df["severity"] > "warning").sum() == sum(f.severity == "error" for f in draft)
    assert df.sort_values("severity")["severity"].iloc[0] == "info"
    assert df["line"].dtype == "int64" and df["waived"].dtype == bool
    assert df.iloc[0].to_dict()["rule"] == draft[0].rule


def test_to_pandas_of_an_empty_report(planlint):
    df = planlint.check(CLEAN, as_of=AS_OF).to_pandas()
    assert len(df) == 0 and df["severity"].cat.ordered


def test_summary(draft):
    s = draft.summary()
    assert s.totals == draft.counts
    assert s.by_severity.to_dict() == {"info": 1, "warning": 15, "error": 7}
    assert list(s.by_severity.index) == ["info", "warning", "error"]
    assert s.by_file.to_dict() == {str(DRAFT): 23}
    assert s.by_section.sum() == 23 and s.by_section["template"] == 5
    assert s.by_rule.loc["TPL001", "count"] == 2 and s.by_rule["count"].sum() == 23
    assert s.by_rule.loc["TPL001", "severity"] == "error"
    assert list(s.by_rule["count"]) == sorted(s.by_rule["count"], reverse=True)
    assert "by rule" in repr(s) and "<table" in s._repr_html_()


def test_html_view(draft):
    page = draft._repr_html_()
    assert page.count('class="pl-finding"') == 24
    assert page.count('class="pl-file"') == 1
    # Grouped by section: one header per section with findings.
    assert page.count('class="pl-section"') == len({f.section for f in draft})
    assert 'class="pl-badge pl-error"' in page and 'class="pl-badge pl-waived"' in page
    # The rule's summary and description: on hover (title) and in <details>.
    doc = draft.rule_doc("SCH001")
    assert doc.summary and doc.description
    assert 'title="' + doc.summary.replace("'", "&#x27;") in page
    assert "<details class=\"pl-rule\">" in page
    # Messages are escaped.
    assert "<script" not in page


def test_html_view_escapes_plan_text(planlint):
    plan = {"format": "imp/1", "schedule": [{"id": "<script>alert(1)</script>", "name": "x",
                                              "planned_start": "2027-01-04"}]}
    report = planlint.check(plan, as_of=AS_OF, select="SCH001")
    assert "<script>" in report[0].message
    page = report._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_view_of_a_clean_report(planlint):
    assert "no findings" in planlint.check(CLEAN, as_of=AS_OF)._repr_html_()


def _fixture_ids():
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("rule", _fixture_ids())
def test_golden_fixtures_through_python(planlint, rule):
    """Every rule's golden trip and near-miss plans give the expected
    pointers through the Python API too (select keeps to the rule)."""
    folder = FIXTURES / rule
    expected = json.loads((folder / "expected.json").read_text())
    for name in ("trip", "near_miss"):
        report = planlint.check(folder / f"{name}.json", as_of=expected["as_of"])
        pointers = sorted((f.pointer for f in report if f.rule == rule), key=lambda p: p.encode())
        assert pointers == expected[name], name


def test_skeleton_has_diagnostic_free_findings(planlint):
    report = planlint.check(SKELETON, as_of=AS_OF)
    assert len(report.errors) > 10
    assert report.diagnostics == []


def test_diagnostics_when_a_rule_cannot_be_evaluated(planlint):
    pack = planlint.RulePack.from_yaml(
        "pack: org\nextends: imp\nrules:\n"
        "  - id: ORG009\n    name: numeric-name\n    severity: info\n    section: schedule\n"
        "    summary: Task names are numbers.\n    for: $.schedule[*]\n"
        "    assert: int(self.task) > 0\n    message: Task name {task} is not positive.\n",
        file="org.yaml", select="ORG")
    plan = {"format": "imp/1", "schedule": [{"id": "T1", "task": "abc"}, {"id": "T2", "task": "-3"}]}
    report = planlint.check(plan, as_of=AS_OF, rules=pack, file="plan.json")
    assert [(f.rule, f.pointer) for f in report] == [("ORG009", "/schedule/1")]
    (d,) = report.diagnostics
    assert (d.file, d.rule, d.pointer) == ("plan.json", "ORG009", "/schedule/0")
    assert "cannot convert" in d.message and str(d).startswith("plan.json: ORG009 could not be evaluated")
    assert report.counts["diagnostics"] == 1 and repr(report).endswith("1 diagnostic>")
    assert json.loads(report.to_json())["diagnostics"][0]["pointer"] == "/schedule/0"
    assert "1 rule evaluation error (no finding" in report._repr_html_()
