"""RulePack: built-in, files, YAML text, extending imp, severity and option
overrides, the catalogue DataFrame, and pickling."""

import multiprocessing
import pickle

import pytest

from conftest import AS_OF, DRAFT, EXAMPLES

ORG_PACK = """pack: org
extends: imp
options:
  org_name: Example Agency
rules:
  - id: ORG001
    name: needs-three-risks
    severity: warning
    section: risks
    summary: The plan lists fewer than three risks.
    description: |
      Our agency wants at least `min_risks` risks in every plan.
    for: $
    options:
      min_risks: 4
    assert: size(itemsOf(self.risks)) >= options.min_risks
    message: Only {size(itemsOf(self.risks))} risks (at least {options.min_risks}, says {options.org_name}).
overrides:
  GLO002: { severity: error }
  TSK004: { enabled: false }
"""


def rules_of(report):
    return {f.rule for f in report}


def test_builtin(planlint):
    pack = planlint.RulePack.builtin()
    assert pack.name == "imp" and len(pack) == 74 and pack.source is None
    assert pack.rule_ids()[:2] == ["DOC001", "DOC002"]
    assert "builtin" in repr(pack) or "built-in" in repr(pack)


def test_rules_catalogue(planlint):
    import pandas as pd

    df = planlint.rules()
    assert list(df.columns) == ["id", "name", "severity", "section", "summary", "description"]
    assert len(df) == 74 and df["id"].is_unique
    assert isinstance(df["severity"].dtype, pd.CategoricalDtype) and df["severity"].cat.ordered
    row = df.set_index("id").loc["SCH008"]
    assert row["name"] == "long-task" and row["section"] == "schedule" and "max_workdays" in row["description"]


def test_from_yaml_extends_imp(planlint):
    pack = planlint.RulePack.from_yaml(ORG_PACK, file="org.yaml")
    assert pack.name == "org" and "ORG001" in pack.rule_ids() and "TSK004" not in pack.rule_ids()
    assert len(pack.rule_ids(enabled_only=False)) == 75
    report = planlint.check(DRAFT, as_of=AS_OF, rules=pack)
    org = [f for f in report if f.rule == "ORG001"]
    assert len(org) == 1 and "says Example Agency" in org[0].message
    assert "TSK004" not in rules_of(report)
    assert {f.severity for f in report if f.rule == "GLO002"} == {"error"}
    assert report.rule_doc("ORG001").description.startswith("Our agency")
    cat = pack.to_pandas()
    assert not cat.set_index("id").loc["TSK004", "enabled"]
    assert "ORG001" in set(planlint.rules(pack)["id"])


def test_from_file_reads_relative_extends(planlint, tmp_path):
    (tmp_path / "base.yaml").write_text(ORG_PACK)
    child = tmp_path / "child.yaml"
    child.write_text("pack: child\nextends: base.yaml\noverrides:\n  ORG001: { options: { min_risks: 99 } }\n")
    pack = planlint.RulePack.from_file(child)
    assert pack.file == str(child) and "extends: base.yaml" in pack.source
    (org,) = [f for f in planlint.check(DRAFT, as_of=AS_OF, rules=pack) if f.rule == "ORG001"]
    assert "at least 99" in org.message


def test_severity_override(planlint):
    pack = planlint.RulePack.builtin(severity={"GLO001": "error", "glossary-not-alphabetical": "warning"})
    report = planlint.check(DRAFT, as_of=AS_OF, rules=pack)
    assert {f.severity for f in report if f.rule == "GLO001"} == {"error"}
    assert {f.severity for f in report if f.rule == "GLO002"} == {"warning"}
    assert pack.to_pandas().set_index("id").loc["GLO001", "severity"] == "error"


def test_rule_option_override(planlint):
    plan = {"format": "imp/1", "schedule": [
        {"id": "T1", "name": "Build", "planned_start": "2027-01-04", "planned_finish": "2027-01-15",
         "percent_complete": 0, "depends_on": []}]}
    assert len(planlint.check(plan, as_of=AS_OF, select="SCH008")) == 0
    strict = planlint.RulePack.builtin(select="SCH008", options={"SCH008": {"max_workdays": 5}})
    (finding,) = planlint.check(plan, as_of=AS_OF, rules=strict)
    assert finding.rule == "SCH008" and "10 working days (more than 5)" in finding.message
    by_name = planlint.RulePack.builtin(select="SCH008", options={"long-task": {"max_workdays": 5}})
    assert len(planlint.check(plan, as_of=AS_OF, rules=by_name)) == 1


def test_pack_wide_option_override(planlint):
    pack = planlint.RulePack.from_yaml(ORG_PACK, pack_options={"org_name": "Agency \"B\""}, select="ORG")
    (finding,) = planlint.check(DRAFT, as_of=AS_OF, rules=pack)
    assert 'says Agency "B"' in finding.message


def test_string_options_stay_strings(planlint):
    pack = planlint.RulePack.from_yaml(ORG_PACK, pack_options={"org_name": "true"}, select="ORG")
    (finding,) = planlint.check(DRAFT, as_of=AS_OF, rules=pack)
    assert "says true" in finding.message
    assert planlint.eval("options.org_name + '!'", rules=pack) == "true!"


def test_configure_replaces_settings(planlint):
    pack = planlint.RulePack.builtin(select="SCH")
    wider = pack.configure(select=["SCH", "GLO"])
    assert wider.settings["select"] == ["SCH", "GLO"]
    assert pack.configure(select="SCH") is pack
    assert rules_of(planlint.check(DRAFT, as_of=AS_OF, rules=wider)) >= {"GLO001", "SCH001"}


def test_select_on_check_replaces_the_packs(planlint):
    pack = planlint.RulePack.builtin(select="SCH")
    assert rules_of(planlint.check(DRAFT, as_of=AS_OF, rules=pack, select="GLO")) == {"GLO001", "GLO002"}


def test_constructor_is_not_public(planlint):
    with pytest.raises(TypeError, match="builtin"):
        planlint.RulePack()


@pytest.mark.parametrize("make", [
    lambda p: p.RulePack.builtin(),
    lambda p: p.RulePack.builtin(select="SCH", severity={"SCH009": "error"},
                                 options={"SCH008": {"max_workdays": 5}}),
    lambda p: p.RulePack.from_yaml(ORG_PACK, file="org.yaml", pack_options={"org_name": "B"}),
], ids=["builtin", "builtin-configured", "yaml"])
def test_pack_pickles(planlint, make):
    pack = make(planlint)
    data = pickle.dumps(pack)
    copy = pickle.loads(data)
    assert copy == pack and copy.name == pack.name and copy.settings == pack.settings
    a = planlint.check(DRAFT, as_of=AS_OF, rules=pack)
    b = planlint.check(DRAFT, as_of=AS_OF, rules=copy)
    assert list(a) == list(b)


def test_builtin_pickles_as_a_marker(planlint):
    # No rule text travels: the built-in pack is rebuilt from the library.
    assert len(pickle.dumps(planlint.RulePack.builtin())) < 300


def _check_in_worker(args):
    pack, path = args
    import planlint

    return planlint.check(path, as_of=AS_OF, rules=pack)


def test_pack_and_report_cross_process_boundaries(planlint):
    """A spawned worker (no state shared with this process) gets a pack and
    sends a report back, as multiprocessing, Dask or Spark would."""
    pack = planlint.RulePack.from_yaml(ORG_PACK, file="org.yaml")
    paths = [str(p) for p in sorted(EXAMPLES.rglob("*.json"))]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        reports = pool.map(_check_in_worker, [(pack, p) for p in paths])
    for path, report in zip(paths, reports):
        local = planlint.check(path, as_of=AS_OF, rules=pack)
        assert list(report) == list(local) and report.files == [path]
        assert report.rule_doc("ORG001") == local.rule_doc("ORG001") or not any(
            f.rule == "ORG001" for f in local)
