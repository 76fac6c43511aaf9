"""`planlint check --format sarif` output, validated by the Microsoft SARIF
Multitool (npm @microsoft/sarif-multitool, installed into tests/tools by
.ci/setup) and by the SARIF 2.1.0 JSON Schema that package ships. Any error
either reports fails the test."""

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from planlint_cli import CLEAN, DRAFT, ROOT, SKELETON, run

TOOLS = ROOT / "tests" / "tools"
MULTITOOL = TOOLS / "node_modules" / ".bin" / "sarif-multitool"
SARIF_SCHEMA = TOOLS / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json"


def require_tools():
    if not MULTITOOL.exists() or not SARIF_SCHEMA.exists():
        pytest.fail("the SARIF Multitool is not installed: run `bash .ci/setup` "
                    "(it runs `npm ci` in tests/tools)")


def make_sarif(tmp_path, name, *paths, extra=()):
    out = tmp_path / name
    result = run("check", "--as-of", "2027-01-15", "--format", "sarif", "--output", out, *extra, *paths,
                 cwd=ROOT)
    assert result.returncode in (0, 1, 2), result.stderr
    return out


def relative(path):
    return Path(path).resolve().relative_to(ROOT.resolve())


def multitool(path):
    result = subprocess.run([str(MULTITOOL), "validate", str(path)], capture_output=True, text=True,
                            timeout=300, cwd=path.parent)
    output = result.stdout + result.stderr
    errors = [l for l in output.splitlines() if re.search(r"\b(error|ERR\d+)\b", l) and ": error " in l
              or re.search(r"\berror [A-Z]+\d+\b", l)]
    return result.returncode, output, errors


@pytest.fixture(scope="module")
def sarif_files(tmp_path_factory):
    require_tools()
    tmp = tmp_path_factory.mktemp("sarif")
    broken = tmp / "broken plan.json"
    broken.write_text('{\n  "format": "imp/1",\n}\n', encoding="utf-8")
    return {
        "examples": make_sarif(tmp, "examples.sarif", *map(relative, (DRAFT, CLEAN, SKELETON))),
        "clean": make_sarif(tmp, "clean.sarif", relative(CLEAN)),
        "input-error": make_sarif(tmp, "input-error.sarif", broken, relative(DRAFT)),
        "absolute": make_sarif(tmp, "absolute.sarif", DRAFT.resolve()),
        "one-rule": make_sarif(tmp, "one-rule.sarif", relative(DRAFT), extra=("--select", "SCH008")),
    }


@pytest.mark.parametrize("name", ["examples", "clean", "input-error", "absolute", "one-rule"])
def test_multitool_finds_no_error(sarif_files, name):
    code, output, errors = multitool(sarif_files[name])
    assert "Analysis completed successfully" in output, output
    assert code == 0, output
    assert errors == [], output


@pytest.mark.parametrize("name", ["examples", "clean", "input-error", "absolute", "one-rule"])
def test_validates_against_the_sarif_schema(sarif_files, name):
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(sarif_files[name].read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert problems == []


def test_the_multitool_does_catch_errors(tmp_path):
    """The check above can fail: a log the schema rejects gets an error."""
    require_tools()
    bad = tmp_path / "bad.sarif"
    bad.write_text('{"version": "2.1.0", "runs": 5}', encoding="utf-8")
    _, output, errors = multitool(bad)
    assert errors, output


def test_rule_metadata_and_results(sarif_files):
    log = json.loads(sarif_files["examples"].read_text(encoding="utf-8"))
    run0 = log["runs"][0]
    driver = run0["tool"]["driver"]
    assert driver["name"] == "planlint"
    rules = {r["id"]: r for r in driver["rules"]}
    assert len(rules) == 70
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "Example that trips it" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert rules["SCH010"]["defaultConfiguration"]["level"] == "note"
    data = json.loads(run("check", "--as-of", "2027-01-15", "--format", "json",
                          DRAFT.relative_to(ROOT), CLEAN.relative_to(ROOT), SKELETON.relative_to(ROOT),
                          cwd=ROOT).stdout)
    results = run0["results"]
    assert len(results) == len(data["findings"])
    for res, f in zip(results, data["findings"]):
        assert res["ruleId"] == f["rule"]
        assert driver["rules"][res["ruleIndex"]]["id"] == f["rule"]
        assert res["message"]["text"] == f["message"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == f["file"]
        assert (loc["region"]["startLine"], loc["region"]["startColumn"]) == (f["line"], f["column"])
        assert ("suppressions" in res) == f["waived"]
    inputs = json.loads(sarif_files["input-error"].read_text(encoding="utf-8"))["runs"][0]
    assert inputs["invocations"][0]["executionSuccessful"] is False
    note = inputs["invocations"][0]["toolExecutionNotifications"][0]
    assert note["level"] == "error"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("broken%20plan.json")
    absolute = json.loads(sarif_files["absolute"].read_text(encoding="utf-8"))["runs"][0]
    assert absolute["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "file:///")
