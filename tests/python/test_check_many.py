"""check_many: files, folders and globs on several threads, the same findings
as checking one by one, input errors recorded, and the progress bar."""

import glob as globmod
import pickle

import pytest

from conftest import AS_OF, CLEAN, DRAFT, EXAMPLES, FIXTURES, SKELETON


@pytest.fixture(scope="module")
def plan_files():
    return sorted(str(p) for p in FIXTURES.rglob("*.json") if p.name != "expected.json")


def sequential(planlint, files):
    findings = []
    for f in files:
        findings.extend(planlint.check(f, as_of=AS_OF))
    return findings


@pytest.mark.parametrize("jobs", [1, 2])
def test_threads_give_the_sequential_findings(planlint, plan_files, jobs):
    report = planlint.check_many(plan_files, jobs=jobs, as_of=AS_OF, progress=False)
    assert report.files == plan_files
    assert list(report) == sequential(planlint, plan_files)
    assert report.input_errors == []
    assert len(report) > 200


def test_default_jobs_uses_every_core_with_the_same_result(planlint, plan_files):
    a = planlint.check_many(plan_files, as_of=AS_OF, progress=False)
    b = planlint.check_many(plan_files, jobs=1, as_of=AS_OF, progress=False)
    assert list(a) == list(b)


def test_folders_are_searched_for_json(planlint):
    report = planlint.check_many(EXAMPLES, as_of=AS_OF, progress=False)
    assert report.files == sorted(str(p) for p in EXAMPLES.rglob("*.json"))
    assert list(report) == sequential(planlint, report.files)


def test_glob_patterns(planlint):
    report = planlint.check_many([str(EXAMPLES / "**" / "*.json")], as_of=AS_OF, progress=False)
    assert report.files == sorted(globmod.glob(str(EXAMPLES / "**" / "*.json"), recursive=True))
    assert len(report.files) == 3


def test_single_path_and_pathlike(planlint):
    report = planlint.check_many(DRAFT, as_of=AS_OF, progress=False)
    assert report.files == [str(DRAFT)]
    assert list(report) == list(planlint.check(DRAFT, as_of=AS_OF))


def test_input_errors_are_recorded_not_raised(planlint, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "imp/1",\n "x": tru}\n')
    missing = tmp_path / "missing.json"
    report = planlint.check_many([CLEAN, bad, missing, str(tmp_path / "*.yaml")], as_of=AS_OF, progress=False)
    errors = report.input_errors
    with pytest.raises(planlint.PlanError) as single:
        planlint.check(bad)
    assert (single.value.line, single.value.column) == (2, 10)
    assert [(e.file, e.line, e.column) for e in errors] == [
        (str(bad), 2, 10), (str(missing), 0, 0), (str(tmp_path / "*.yaml"), 0, 0)]
    assert errors[0].message == single.value.message
    assert "no such file" in errors[1].message
    assert "no file matches" in errors[2].message
    assert str(errors[0]) == str(single.value)
    assert report.counts["input_errors"] == 3 and not report.ok
    assert repr(report).endswith(", 3 input errors>")
    assert report.files == [str(CLEAN), str(bad), str(missing), str(tmp_path / "*.yaml")]
    page = report._repr_html_()
    assert "Could not be checked" in page and "bad.json" in page
    assert '"errors":[{"file":' in report.to_json()


def test_empty_input(planlint, tmp_path):
    report = planlint.check_many([tmp_path], progress=False)
    assert len(report) == 0 and report.files == [] and report.ok


def test_select_and_rules(planlint):
    report = planlint.check_many([DRAFT, SKELETON], as_of=AS_OF, select="SCH", progress=False)
    assert report.findings and {f.rule[:3] for f in report} == {"SCH"}
    pack = planlint.RulePack.builtin(ignore="SCH")
    report = planlint.check_many([DRAFT, SKELETON], as_of=AS_OF, rules=pack, progress=False)
    assert report.findings and "SCH" not in {f.rule[:3] for f in report}


@pytest.mark.parametrize("jobs", [0, -1, 1.5, "2", True])
def test_bad_jobs(planlint, jobs):
    with pytest.raises(ValueError, match="jobs"):
        planlint.check_many([DRAFT], jobs=jobs)


def test_bad_path_type(planlint):
    with pytest.raises(TypeError, match="paths"):
        planlint.check_many([DRAFT, 3])


def test_progress_bar_on_request(planlint, plan_files, capsys):
    planlint.check_many(plan_files, jobs=2, as_of=AS_OF, progress=True)
    err = capsys.readouterr().err
    assert "planlint" in err and f"{len(plan_files)}/{len(plan_files)}" in err


def test_progress_quiet_for_a_quick_run_and_when_off(planlint, capsys):
    planlint.check_many([DRAFT, CLEAN], as_of=AS_OF)
    planlint.check_many([DRAFT, CLEAN], as_of=AS_OF, progress=False)
    assert capsys.readouterr().err == ""


def test_progress_appears_once_a_run_takes_a_second(planlint, capsys, monkeypatch):
    # tqdm reads its clock through tqdm.std.time: a clock that moves 1.5 s a
    # reading makes the run "take" over a second without slowing the test.
    import itertools

    import tqdm.std

    ticks = itertools.count()
    monkeypatch.setattr(tqdm.std, "time", lambda: 1000.0 + 1.5 * next(ticks))
    planlint.check_many([str(DRAFT)] * 40, as_of=AS_OF, jobs=1)
    assert "40/40" in capsys.readouterr().err


def test_many_report_pickles(planlint, plan_files):
    report = planlint.check_many(plan_files[:20] + ["nope.json"], as_of=AS_OF, progress=False)
    copy = pickle.loads(pickle.dumps(report))
    assert copy == report and list(copy) == list(report)
    assert copy.input_errors == report.input_errors and copy.counts == report.counts
    assert copy.to_json() == report.to_json()
    assert copy._repr_html_() == report._repr_html_()


def test_interrupt_stops_the_run_and_propagates(planlint, plan_files, monkeypatch):
    """Ctrl-C in a notebook raises KeyboardInterrupt where the engine hands
    back progress; the worker threads stop and the exception comes through."""
    import planlint._api as api

    calls = []

    def interrupt(self, done, total):
        calls.append((done, total))
        raise KeyboardInterrupt

    monkeypatch.setattr(api._Progress, "__call__", interrupt)
    with pytest.raises(KeyboardInterrupt):
        planlint.check_many(plan_files * 20, jobs=2, as_of=AS_OF, progress=True)
    assert len(calls) == 1
    # The engine is fine afterwards.
    assert list(planlint.check_many(plan_files[:3], as_of=AS_OF, progress=False)) == sequential(
        planlint, plan_files[:3])


def test_check_from_python_threads(planlint, plan_files):
    """check() releases the GIL and keeps one parser per thread: Python
    threads checking at once get what one thread gets."""
    from concurrent.futures import ThreadPoolExecutor

    files = plan_files[:60]
    expected = [list(planlint.check(f, as_of=AS_OF)) for f in files]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda f: list(planlint.check(f, as_of=AS_OF)), files))
    assert got == expected
