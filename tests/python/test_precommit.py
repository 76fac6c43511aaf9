"""The pre-commit hook (.pre-commit-hooks.yaml) under the real pre-commit
framework, offline: a temporary hooks repository holds this checkout's
.pre-commit-hooks.yaml, a temporary plan repository uses it by path
(language: system runs the built `planlint`, put first on PATH). A plan
with an error blocks the commit with planlint's file:line:col message; the
fixed plan commits."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from planlint_cli import CLEAN, ROOT, planlint_bin



def git(cwd, *args, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
                          check=True)


@pytest.fixture
def env(tmp_path):
    e = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    e.update({
        "PATH": f"{planlint_bin().parent}{os.pathsep}{e.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "HOME": str(tmp_path / "home"),
        "GIT_AUTHOR_NAME": "Plan Author", "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Plan Author", "GIT_COMMITTER_EMAIL": "author@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
    })
    (tmp_path / "home").mkdir()
    return e


def test_precommit_blocks_a_plan_with_an_error_and_commits_the_fixed_one(tmp_path, env):
    if subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True).returncode != 0:
        pytest.fail("pre-commit is not installed: pip install -r requirements-dev.txt")

    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", hooks / ".pre-commit-hooks.yaml")
    git(hooks, "init", "-q", env=env)
    git(hooks, "add", ".pre-commit-hooks.yaml", env=env)
    git(hooks, "commit", "-q", "-m", "hooks", env=env)
    rev = git(hooks, "rev-parse", "HEAD", env=env).stdout.strip()

    plans = tmp_path / "plans"
    plans.mkdir()
    git(plans, "init", "-q", env=env)
    (plans / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: planlint\n", encoding="utf-8")
    # The plan repository's own configuration fixes the date, as a real one may.
    (plans / ".planlint.yaml").write_text("as_of: 2027-01-15\n", encoding="utf-8")
    (plans / "package.txt").write_text("not JSON: the hook leaves it alone\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=plans, env=env, check=True,
                   capture_output=True, timeout=120)

    plan = json.loads(CLEAN.read_text(encoding="utf-8"))
    good = json.dumps(plan, indent=2) + "\n"
    start, finish = plan["schedule"][0]["planned_start"], plan["schedule"][0]["planned_finish"]
    plan["schedule"][0]["planned_start"], plan["schedule"][0]["planned_finish"] = finish, start
    bad = json.dumps(plan, indent=2) + "\n"
    path = plans / "implementation-plan.json"
    path.write_text(bad, encoding="utf-8")

    expected = subprocess.run([str(planlint_bin()), "check", "--format", "json", "implementation-plan.json"],
                              cwd=plans, env=env, capture_output=True, text=True)
    found = json.loads(expected.stdout)["findings"]
    assert [f["rule"] for f in found if not f["waived"]] == ["SCH002"]
    message = f"implementation-plan.json:{found[0]['line']}:{found[0]['column']}: SCH002 error: "

    git(plans, "add", "-A", env=env)
    blocked = subprocess.run(["git", "commit", "-m", "Add the plan"], cwd=plans, env=env, capture_output=True,
                             text=True, timeout=300)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "planlint" in output and "Failed" in output, output
    assert message in output, output
    assert subprocess.run(["git", "rev-parse", "--verify", "HEAD"], cwd=plans, env=env,
                          capture_output=True).returncode != 0  # nothing committed

    path.write_text(good, encoding="utf-8")
    git(plans, "add", "-A", env=env)
    done = subprocess.run(["git", "commit", "-m", "Add the plan"], cwd=plans, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout + done.stderr
    log = git(plans, "log", "--oneline", env=env).stdout
    assert "Add the plan" in log
