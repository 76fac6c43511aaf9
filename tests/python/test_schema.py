"""Checks schema/imp-1.schema.json against the example plans.

The schema checks JSON types only, so the clean and draft examples must
validate, and the far-from-ready skeleton must fail exactly where it holds
values of the wrong type (the values the DOC006 rule reports).
"""

import copy
import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "schema" / "imp-1.schema.json"
EXAMPLES = ROOT / "examples"
CLEAN = EXAMPLES / "clean" / "case-management-modernization.json"
DRAFT = EXAMPLES / "draft" / "permit-portal-draft.json"
SKELETON = EXAMPLES / "far-from-ready" / "benefits-system-skeleton.json"


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def validator():
    schema = load(SCHEMA_PATH)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def error_paths(validator, plan):
    return sorted("/" + "/".join(str(p) for p in e.absolute_path)
                  for e in validator.iter_errors(plan))


def test_schema_identity():
    schema = load(SCHEMA_PATH)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://planlint.dev/schema/imp-1.schema.json"


@pytest.mark.parametrize("path", [CLEAN, DRAFT], ids=["clean", "draft"])
def test_examples_validate(validator, path):
    assert error_paths(validator, load(path)) == []


def test_skeleton_fails_only_on_its_wrong_types(validator):
    assert error_paths(validator, load(SKELETON)) == [
        "/schedule/3/depends_on",
        "/support/personnel/0/fte",
        "/support/personnel/0/security_clearance",
    ]


def test_wrong_type_fails(validator):
    plan = load(CLEAN)
    plan["points_of_contact"] = "x"
    assert error_paths(validator, plan) == ["/points_of_contact"]


def test_wrong_item_type_fails(validator):
    plan = load(CLEAN)
    plan["schedule"][0]["depends_on"] = ["T01", None, 3]
    plan["risks"].append("R-06")
    assert error_paths(validator, plan) == [
        "/risks/5", "/schedule/0/depends_on/1", "/schedule/0/depends_on/2"]


def test_null_allowed_for_every_key(validator):
    plan = load(CLEAN)
    nulled = {key: None for key in plan}
    assert error_paths(validator, nulled) == []

    def null_leaves(node):
        if isinstance(node, dict):
            return {k: None if not isinstance(v, (dict, list)) else null_leaves(v)
                    for k, v in node.items()}
        if isinstance(node, list):
            return [null_leaves(v) if isinstance(v, (dict, list)) else v for v in node]
        return node

    assert error_paths(validator, null_leaves(copy.deepcopy(plan))) == []


def test_enumerations_and_unknown_keys_not_constrained(validator):
    plan = load(CLEAN)
    plan["document"]["status"] = "  Approved "
    plan["risks"][0]["probability"] = "HIGH"
    plan["system_organization"]["layers"][1]["cloud"][0]["service_type"] = "saas"
    plan["x_department_tracking_number"] = {"anything": [1, 2, 3]}
    plan["schedule"][0]["planned_start"] = "XX/XX/XXXX"
    plan["schedule"][1]["planned_finish"] = {}
    assert error_paths(validator, plan) == []


# --- the schema as shipped in the binary (`planlint schema`) ---------------

from planlint_cli import planlint_bin, run  # noqa: E402


def test_planlint_schema_prints_the_file_byte_for_byte(tmp_path):
    result = run("schema")
    assert result.returncode == 0
    assert result.stdout == SCHEMA_PATH.read_text(encoding="utf-8")
    out = tmp_path / "imp-1.schema.json"
    assert run("schema", "--output", out).returncode == 0
    assert out.read_bytes() == SCHEMA_PATH.read_bytes()


def test_a_plan_naming_the_schema_validates_and_checks_clean(tmp_path, validator):
    """What an editor does with `"$schema"`: validate the plan against the
    file `planlint schema` wrote next to it. planlint itself ignores the key."""
    (tmp_path / "imp-1.schema.json").write_text(run("schema").stdout, encoding="utf-8")
    plan = {"$schema": "./imp-1.schema.json", **load(CLEAN)}
    assert error_paths(validator, plan) == []
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, indent=2), encoding="utf-8")
    result = run("check", "--no-config", "--as-of", "2027-01-15", "--format", "json", path)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["findings"] == []
    plan["schedule"] = {"T1": "not a list"}
    assert error_paths(validator, plan) == ["/schedule"]
    assert planlint_bin().is_file()
