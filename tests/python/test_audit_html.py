"""The audit's HTML report in a real browser.

Runs `planlint audit examples/ --html --json`, opens the report in Debian's
headless Chromium (driven by playwright-core, tests/browser/), and checks
that the page loads without console errors or network requests, shows the
plans and counts of the audit's JSON, sorts its table, and drills down into
a plan's findings. `.ci/setup` installs chromium and the npm packages.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROWSER_DIR = ROOT / "tests" / "browser"
PLANLINT = Path(os.environ.get("PLANLINT_BIN", ROOT / "build" / "cli" / "planlint"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def audit_in_browser(paths, out, cwd=ROOT):
    """Audits `paths`, opens the HTML report; (audit JSON, what the page showed)."""
    assert PLANLINT.exists(), f"{PLANLINT} is missing: build first (./run-tests does)"
    assert shutil.which("node"), "node is missing (.ci/setup)"
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (.ci/setup installs chromium)"
    assert (BROWSER_DIR / "node_modules" / "playwright-core").exists(), \
        "playwright-core is missing: npm ci --prefix tests/browser (.ci/setup)"
    html, data = out / "report.html", out / "audit.json"
    run = subprocess.run(
        [str(PLANLINT), "audit", *paths, "--as-of", "2027-01-15", "-q",
         "--html", str(html), "--json", str(data)],
        cwd=cwd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    page = subprocess.run(
        ["node", str(BROWSER_DIR / "check_report.mjs"), str(html)],
        cwd=BROWSER_DIR, capture_output=True, text=True, timeout=180)
    assert page.returncode == 0, page.stderr
    return json.loads(data.read_text()), json.loads(page.stdout)


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    return audit_in_browser(["examples"], tmp_path_factory.mktemp("audit"))


def test_loads_without_errors_or_network(audit):
    _, page = audit
    assert page["console_errors"] == []
    assert page["page_errors"] == []
    assert page["requests"] == []


def test_counts_match_the_audit(audit):
    data, page = audit
    s = data["summary"]
    assert page["kpi"]["plans"] == "3"
    assert page["kpi"]["errors"] == f"{s['errors']:,}"
    assert page["kpi"]["warnings"] == f"{s['warnings']:,}"
    assert page["kpi"]["infos"] == str(s["infos"])
    assert page["kpi"]["average"] == f"{s['average_score']:.1f}"
    assert page["histogram"] == s["histogram"]
    assert sum(page["histogram"]) == 3
    assert page["rule_bars"] == len(s["top_rules"]) > 0
    assert page["heat_rows"] == 3
    assert page["heat_cells"] == 3 * len(data["sections"])


def test_table_lists_every_plan_and_sorts(audit):
    data, page = audit
    by_file = {p["file"]: p["score"] for p in data["plans"]}
    assert {r["file"]: r["score"] for r in page["rows"]} == by_file
    scores = [r["score"] for r in page["rows"]]
    assert scores == sorted(scores), "worst plans first"
    after = [r["score"] for r in page["rows_after_sort"]]
    assert after == sorted(scores, reverse=True), "a click on Score reverses the order"
    assert [r["file"] for r in page["rows_filtered"]] == ["examples/draft/permit-portal-draft.json"]


def test_drill_down_shows_the_plans_findings(audit):
    data, page = audit
    detail = page["detail"]
    plan = next(p for p in data["plans"] if p["file"] == detail["file"])
    assert detail["title"] == plan["file"]
    assert sorted(detail["findings"]) == sorted(f["rule"] for f in plan["findings"])
    assert len(detail["findings"]) == 103
    assert detail["counts"].startswith(f"{plan['errors']} errors, {plan['warnings']} warnings")


def test_plan_text_cannot_break_the_page(tmp_path):
    """Titles and messages come from plans: markup in them stays text."""
    plan = json.loads((ROOT / "examples" / "draft" / "permit-portal-draft.json").read_text())
    nasty = 'Plan </script><!--<script>alert(1)</script> & <b>bold</b>'
    plan["document"]["title"] = nasty
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "nasty.json").write_text(json.dumps(plan))
    data, page = audit_in_browser(["plans"], tmp_path, cwd=tmp_path)
    assert page["console_errors"] == [] and page["page_errors"] == []
    assert [r["title"] for r in page["rows"]] == [nasty]
    assert data["plans"][0]["title"] == nasty
