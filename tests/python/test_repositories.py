"""planlint in plan repositories, through the real binary: .planlint.yaml,
command-line overrides, baselines, output formats, waivers in every format,
colour, exit codes and `planlint explain` examples."""

import json
import os
import pty
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import yaml

from planlint_cli import CLEAN, DRAFT, SKELETON, planlint_bin, run

AS_OF = "2027-01-15"

LONG_TASK_PLAN = {
    "format": "imp/1",
    "schedule": [{"id": "T1", "task": "Configure portal", "planned_start": "2027-03-01",
                  "planned_finish": "2027-06-30"}],
}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_json(path, value, indent=2):
    return write(path, json.dumps(value, indent=indent) + "\n")


def make_repo(tmp_path, config=None):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    if config is not None:
        write(repo / ".planlint.yaml", config)
    return repo


def findings(result):
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def rules_by_file(result, repo):
    out = {}
    for f in findings(result):
        out.setdefault(os.path.relpath(os.path.join(repo, f["file"]), repo), []).append(f["rule"])
    return out


# --- configuration --------------------------------------------------------


def test_config_select_per_path_ignores_and_as_of(tmp_path):
    repo = make_repo(tmp_path, f"""
select: [SCH]
per_path_ignores:
  "legacy/**": [long-task]
as_of: {AS_OF}
""")
    write_json(repo / "plans" / "a.json", LONG_TASK_PLAN)
    write_json(repo / "legacy" / "old" / "b.json", LONG_TASK_PLAN)
    result = run("check", "--format", "json", ".", cwd=repo)
    by_file = rules_by_file(result, repo)
    assert by_file["plans/a.json"] == ["SCH008"]
    assert "legacy/old/b.json" not in by_file  # SCH008 ignored there, nothing else selected
    assert result.returncode == 0  # SCH008 is a warning; fail_on defaults to error


def test_nearest_config_wins_and_search_stops_at_repository_root(tmp_path):
    write(tmp_path / ".planlint.yaml", "select: [POC]\n")  # outside the repository: never read
    repo = make_repo(tmp_path)
    write_json(repo / "a.json", LONG_TASK_PLAN)
    result = run("check", "--as-of", AS_OF, "--format", "json", "a.json", cwd=repo)
    assert "DOC001" in {f["rule"] for f in findings(result)}  # all rules: no configuration
    write(repo / ".planlint.yaml", "select: [SCH]\n")
    write(repo / "sub" / ".planlint.yaml", "select: [DOC001]\n")
    write_json(repo / "sub" / "b.json", LONG_TASK_PLAN)
    result = run("check", "--as-of", AS_OF, "--format", "json", ".", cwd=repo)
    by_file = rules_by_file(result, repo)
    assert by_file["a.json"] == ["SCH008"]
    assert set(by_file["sub/b.json"]) == {"DOC001"}


def test_command_line_overrides_the_file(tmp_path):
    repo = make_repo(tmp_path, f"select: [SCH]\nfail_on: warning\nas_of: {AS_OF}\n")
    write_json(repo / "a.json", LONG_TASK_PLAN)
    assert run("check", "a.json", cwd=repo).returncode == 1  # SCH008 warning fails at warning
    assert run("check", "--fail-on", "error", "a.json", cwd=repo).returncode == 0
    result = run("check", "--select", "DOC001", "--format", "json", "a.json", cwd=repo)
    assert {f["rule"] for f in findings(result)} == {"DOC001"}
    # --as-of replaces the file's date: the same long task, checked later, is still long;
    # --no-config drops the file entirely.
    result = run("check", "--no-config", "--as-of", AS_OF, "--format", "json", "a.json", cwd=repo)
    assert "DOC001" in {f["rule"] for f in findings(result)}


def test_severity_overrides_and_rule_options(tmp_path):
    repo = make_repo(tmp_path, f"""
as_of: {AS_OF}
select: [SCH008, POC001]
severity: {{long-task: error}}
options:
  POC001: {{required_roles: [Project Manager, Chief Dreamer]}}
  SCH008: {{max_workdays: 200}}
""")
    plan = json.loads(CLEAN.read_text(encoding="utf-8"))
    plan["schedule"].append(dict(LONG_TASK_PLAN["schedule"][0], id="T99"))
    write_json(repo / "plan.json", plan)
    result = run("check", "--format", "json", "plan.json", cwd=repo)
    got = [(f["rule"], f["severity"], f["message"]) for f in findings(result)]
    assert got == [("POC001", "error", "No point of contact has the role 'Chief Dreamer'.")]
    write(repo / ".planlint.yaml", f"as_of: {AS_OF}\nselect: [SCH008]\nseverity: {{long-task: error}}\n")
    result = run("check", "--format", "json", "plan.json", cwd=repo)
    assert [(f["rule"], f["severity"]) for f in findings(result)] == [("SCH008", "error")]
    assert result.returncode == 1


def test_bad_configuration_reports_every_problem_with_position(tmp_path):
    repo = make_repo(tmp_path, """select: [SCH, no-such-rule]
ignore: 42x
colour: always
per_path_ignores:
  "legacy/[": [SCH008]
options:
  POC001: {required_role: [x]}
fail_on: never
""")
    write_json(repo / "a.json", LONG_TASK_PLAN)
    result = run("check", "a.json", cwd=repo)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = [l for l in result.stderr.splitlines() if l.startswith(".planlint.yaml:")]
    assert "configuration refused (6 problems)" in result.stderr, result.stderr
    positions = [tuple(map(int, l.split(": ", 1)[0].split(":")[1:])) for l in lines]
    assert len(positions) == 6 and positions == sorted(positions)  # in file order
    assert ".planlint.yaml:1:15: 'select' names no rule: 'no-such-rule'" in result.stderr
    assert ".planlint.yaml:2:9: 'ignore' names no rule: '42x'" in result.stderr
    assert ".planlint.yaml:3:1: unknown key 'colour'" in result.stderr
    assert ".planlint.yaml:5:3: 'legacy/[' is not a valid glob pattern" in result.stderr
    assert ".planlint.yaml:7:12: rule POC001 has no option 'required_role'" in result.stderr
    assert ".planlint.yaml:8:10: fail_on 'never' must be error, warning or info" in result.stderr
    # `planlint config` reports the same problems.
    config = run("config", "a.json", cwd=repo)
    assert config.returncode == 2
    assert ".planlint.yaml:3:1: unknown key 'colour'" in config.stderr


def test_yaml_syntax_error_has_position(tmp_path):
    repo = make_repo(tmp_path, "select: [SCH\n")
    write_json(repo / "a.json", LONG_TASK_PLAN)
    result = run("check", "a.json", cwd=repo)
    assert result.returncode == 2
    assert re.search(r"^\.planlint\.yaml:[1-9][0-9]*:[1-9][0-9]*: YAML: ", result.stderr, re.M), result.stderr


def test_config_command_prints_the_resolved_configuration(tmp_path):
    repo = make_repo(tmp_path, f"""
select: SCH, POC001
per_path_ignores:
  "legacy/**": [SCH008]
options:
  POC001: {{required_roles: [Project Manager]}}
as_of: {AS_OF}
fail_on: warning
""")
    write_json(repo / "legacy" / "a.json", LONG_TASK_PLAN)
    result = run("config", "legacy/a.json", cwd=repo)
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert resolved["config_file"] == ".planlint.yaml"
    assert resolved["select"] == ["SCH", "POC001"]
    assert resolved["per_path_ignores"] == {"legacy/**": ["SCH008"]}
    assert resolved["options"] == {"POC001": {"required_roles": ["Project Manager"]}}
    assert str(resolved["as_of"]) == AS_OF
    assert resolved["fail_on"] == "warning"
    assert resolved["ignored_for_path"] == ["SCH008"]
    assert result.stdout.rstrip().endswith("# 11 of 74 rules enabled")
    # No configuration: the defaults.
    bare = tmp_path / "bare"
    (bare / ".git").mkdir(parents=True)
    resolved = yaml.safe_load(run("config", cwd=bare).stdout)
    assert resolved["config_file"] is None and resolved["select"] == [] and resolved["fail_on"] == "error"


def test_extends_loads_a_pack_next_to_the_configuration(tmp_path):
    repo = make_repo(tmp_path, "extends: [packs/agency.yaml]\nselect: [AGY, DOC005]\n")
    write(repo / "packs" / "agency.yaml", """pack: agency
extends: imp
rules:
  - id: AGY001
    name: needs-department
    severity: error
    summary: The plan names no department.
    for: $
    assert: present(plan.document.department)
    message: The plan names no department.
""")
    write_json(repo / "a.json", {"format": "imp/1"})
    result = run("check", "--format", "json", "a.json", cwd=repo)
    assert [f["rule"] for f in findings(result)] == ["AGY001"]


# --- baselines ------------------------------------------------------------


def test_baseline_reports_only_new_findings_and_counts_fixed(tmp_path):
    repo = make_repo(tmp_path, f"as_of: {AS_OF}\n")
    plan = json.loads(DRAFT.read_text(encoding="utf-8"))
    write_json(repo / "plans" / "draft.json", plan)
    made = run("baseline", "baseline.json", "plans", cwd=repo)
    assert made.returncode == 0, made.stderr
    baseline = json.loads((repo / "baseline.json").read_text())
    before = findings(run("check", "--format", "json", "plans", cwd=repo))
    unwaived = [f for f in before if not f["waived"]]
    assert len(baseline["entries"]) == len(unwaived) > 10
    assert {e["file"] for e in baseline["entries"]} == {"plans/draft.json"}
    assert f"wrote {len(unwaived)} entries for 1 file" in made.stderr

    # Unchanged: nothing new, exit 0 even though the plan has errors.
    result = run("check", "--baseline", "baseline.json", "plans", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert f"0 findings (0 errors, 0 warnings, 0 info) in 1 file; 1 waived; {len(unwaived)} in the " \
           "baseline, 0 baseline entries fixed" in result.stdout

    # Every line moves (indent 4, keys on new lines): still nothing new.
    write_json(repo / "plans" / "draft.json", plan, indent=4)
    result = run("check", "--baseline", "baseline.json", "--format", "json", "plans", cwd=repo)
    assert [f for f in findings(result) if not f["waived"]] == []
    assert json.loads(result.stdout)["summary"]["baseline_fixed"] == 0

    # Fix one finding (the TBD) and add a new one (a bad e-mail address).
    text = json.dumps(plan, indent=2)
    assert text.count("TBD") == 1
    plan2 = json.loads(text.replace("TBD", "after the pilot"))
    plan2["points_of_contact"][0]["email"] = "not-an-address"
    write_json(repo / "plans" / "draft.json", plan2)
    result = run("check", "--baseline", "baseline.json", "plans", cwd=repo)
    new = [l for l in result.stdout.splitlines() if re.match(r"^plans/draft\.json:\d+:\d+: ", l)]
    assert len(new) == 1 and "POC003 warning: 'not-an-address' is not a valid email address." in new[0], \
        result.stdout
    assert "1 baseline entry fixed" in result.stdout
    assert result.returncode == 0  # a warning does not fail at fail_on: error


def test_bad_baseline_file_is_a_usage_error_with_position(tmp_path):
    repo = make_repo(tmp_path)
    write_json(repo / "a.json", LONG_TASK_PLAN)
    write(repo / "baseline.json", '{"planlint_baseline": 1, "entries": [\n  {"file": "a.json"}\n]}\n')
    result = run("check", "--baseline", "baseline.json", "a.json", cwd=repo)
    assert result.returncode == 2
    assert 'baseline.json:2:3: a baseline entry needs "rule"' in result.stderr
    write(repo / "baseline.json", "{\n  oops\n}\n")
    result = run("check", "--baseline", "baseline.json", "a.json", cwd=repo)
    assert result.returncode == 2
    assert re.search(r"baseline\.json:2:\d+: ", result.stderr), result.stderr


def test_baseline_refuses_inputs_that_cannot_be_checked(tmp_path):
    repo = make_repo(tmp_path)
    write(repo / "broken.json", '{"format": "imp/1",\n')
    result = run("baseline", "baseline.json", "broken.json", cwd=repo)
    assert result.returncode == 2
    assert not (repo / "baseline.json").exists()
    assert "broken.json:" in result.stderr


# --- output formats, waivers and exit codes --------------------------------


def check_examples(*extra):
    root = DRAFT.parents[2]
    return run("check", "--as-of", AS_OF, *extra, DRAFT.relative_to(root), CLEAN.relative_to(root), cwd=root)


def test_waivers_are_counted_and_listed_in_every_format(tmp_path):
    text = check_examples()
    assert "; 1 waived" in text.stdout and "[waived]" not in text.stdout
    shown = check_examples("--show-waived")
    waived_lines = [l for l in shown.stdout.splitlines() if l.endswith("[waived]")]
    assert len(waived_lines) == 1 and " SCH008 warning: " in waived_lines[0]

    data = json.loads(check_examples("--format", "json").stdout)
    assert data["summary"]["waived"] == 1
    assert [f["rule"] for f in data["findings"] if f["waived"]] == ["SCH008"]

    sarif = json.loads(check_examples("--format", "sarif").stdout)
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["SCH008"]

    root = ET.fromstring(check_examples("--format", "junit").stdout)
    skipped = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    assert len(skipped) == 1 and skipped[0].get("name").startswith("SCH008 long-task at /schedule/3")
    assert int(root.get("skipped")) == 1

    github = check_examples("--format", "github").stdout.splitlines()
    notices = [l for l in github if "(waived)" in l]
    assert len(notices) == 1 and notices[0].startswith("::notice file=examples/draft/")


def test_junit_has_one_suite_per_file(tmp_path):
    result = check_examples("--format", "junit")
    assert result.returncode == 1
    root = ET.fromstring(result.stdout)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["examples/draft/permit-portal-draft.json",
                                               "examples/clean/case-management-modernization.json"]
    data = json.loads(check_examples("--format", "json").stdout)
    draft_findings = [f for f in data["findings"] if "draft" in f["file"] and not f["waived"]]
    draft = suites[0]
    assert int(draft.get("failures")) == len(draft_findings)
    failures = [c for c in draft.iter("testcase") if c.find("failure") is not None]
    assert len(failures) == len(draft_findings)
    first = draft_findings[0]
    assert any(c.find("failure").text == f"{first['file']}:{first['line']}:{first['column']}: "
               f"{first['rule']} {first['severity']}: {first['message']}" for c in failures)
    clean = suites[1]
    assert clean.get("failures") == "0" and int(clean.get("tests")) == 70  # one passing case per rule
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)


def test_github_annotations(tmp_path):
    result = check_examples("--format", "github")
    lines = result.stdout.splitlines()
    data = json.loads(check_examples("--format", "json").stdout)
    want = {"error": "error", "warning": "warning", "info": "notice"}
    for f in data["findings"]:
        if f["waived"]:
            continue
        line = (f"::{want[f['severity']]} file={f['file']},line={f['line']},col={f['column']},"
                f"title={f['rule']}::{f['message']}")
        assert line in lines, line
    assert lines[-1].startswith("23 findings (")


def test_output_file_statistics_and_exit_codes(tmp_path):
    out = tmp_path / "report.sarif"
    result = check_examples("--format", "sarif", "--output", out)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(out.read_text())["version"] == "2.1.0"

    stats = check_examples("--statistics")
    block = stats.stdout.split("Findings by rule:\n", 1)[1].splitlines()
    assert any(re.fullmatch(r"  SCH007 starts-before-predecessor-finishes +1", l) for l in block), block

    assert run("check", "--as-of", AS_OF, CLEAN).returncode == 0
    assert run("check", "--as-of", AS_OF, SKELETON).returncode == 1
    assert run("check", "--as-of", AS_OF, "--fail-on", "info", "--select", "SCH010", DRAFT).returncode in (0, 1)
    missing = run("check", tmp_path / "nope.json")
    assert missing.returncode == 2 and "nope.json:0:0: no such file or directory" in missing.stdout
    broken = write(tmp_path / "broken.json", "{\n  \"format\": \"imp/1\",\n}\n")
    for fmt in ("text", "json", "sarif", "junit", "github"):
        result = run("check", "--format", fmt, broken)
        assert result.returncode == 2, fmt
        assert "broken.json:3:1" in result.stdout, (fmt, result.stdout)
    assert run("check", "--format", "xml", CLEAN).returncode == 2
    assert run("check", "--fail-on", "fatal", CLEAN).returncode == 2
    assert run("check", "--as-of", "2027-02-30", CLEAN).returncode == 2


def run_on_terminal(args, env):
    """Runs planlint with its standard output on a pseudo-terminal."""
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update(env)
    proc = subprocess.Popen([str(planlint_bin()), *map(str, args)], stdout=slave, stderr=subprocess.DEVNULL,
                            env=full_env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode()


def test_colour_only_on_a_terminal_and_never_with_no_color():
    args = ["check", "--as-of", AS_OF, DRAFT]
    assert "\x1b[" in run_on_terminal(args, {})
    assert "\x1b[" not in run_on_terminal(args, {"NO_COLOR": "1"})
    assert "\x1b[" in run_on_terminal(args, {"NO_COLOR": ""})  # empty: not set (no-color.org)
    assert "\x1b[" not in run("check", "--as-of", AS_OF, DRAFT).stdout  # a pipe


def test_explain_shows_and_runs_the_packs_examples():
    result = run("explain", "SCH002")
    assert result.returncode == 0
    out = result.stdout
    assert "Example that trips it:\n  {\n" in out
    assert "  -> SCH002 at '/schedule/0': Task T1 finishes (2027-03-01) before it starts (2027-03-12)." in out
    assert "Example that passes:" in out and "  -> no SCH002 finding" in out
    assert run("explain", "missing-role").stdout.startswith("POC001 missing-role")
    assert run("explain", "NOPE9").returncode == 2


def test_new_subcommands_have_help():
    for cmd in ("config", "baseline", "schema"):
        result = run(cmd, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, cmd
    assert shutil.which("true")  # sanity: a POSIX userland for the pty test
