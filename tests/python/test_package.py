"""The installed package: where it lives, its files, the C++ command on PATH,
and type stubs that match the extension module."""

import importlib.metadata
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import DRAFT, ROOT


def test_imported_from_site_packages_not_the_source_tree(planlint):
    location = Path(planlint.__file__).resolve()
    assert ROOT / "python" not in location.parents, location
    assert Path(sysconfig.get_path("purelib")).resolve() in location.parents or \
        Path(sysconfig.get_path("platlib")).resolve() in location.parents


def test_version_matches_the_distribution(planlint):
    assert planlint.__version__ == importlib.metadata.version("planlint") == "0.1.0"


def test_package_ships_stubs_and_py_typed(planlint):
    package = Path(planlint.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_core.pyi").is_file()
    assert list(package.glob("_core*.so")), "the extension module is missing"


def _scripts_binary():
    return Path(sysconfig.get_path("scripts")) / "planlint"


def test_console_command_is_the_cpp_binary():
    binary = _scripts_binary()
    assert binary.is_file() and os.access(binary, os.X_OK)
    with open(binary, "rb") as fh:
        assert fh.read(4) == b"\x7fELF", "the planlint command must be the C++ binary, not a Python shim"
    out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "planlint 0.1.0"


def test_console_command_checks_a_plan_like_the_module(planlint):
    out = subprocess.run([str(_scripts_binary()), "check", "--as-of", "2027-01-15", "--format", "json",
                          str(DRAFT)], capture_output=True, text=True)
    assert out.returncode == 1  # the draft has error-level findings
    assert out.stdout == planlint.check(str(DRAFT), as_of="2027-01-15").to_json()


def test_stubs_match_the_extension_module():
    """mypy's stubtest compares _core.pyi with the compiled module."""
    out = subprocess.run([sys.executable, "-m", "mypy.stubtest", "planlint._core", "--allowlist",
                          str(Path(__file__).with_name("stubtest_allowlist.txt"))],
                         capture_output=True, text=True, cwd="/")
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory):
    """One mypy cache for the checks below (the standard library and pandas
    are analysed once)."""
    return str(tmp_path_factory.mktemp("mypy-cache"))


def test_package_type_checks(tmp_path, mypy_cache):
    """A user's typed code against the package passes mypy --strict."""
    user = tmp_path / "user.py"
    user.write_text(
        "import datetime\n"
        "import planlint\n"
        "report: planlint.Report = planlint.check('x.json', as_of=datetime.date(2027, 1, 15))\n"
        "errors: list[planlint.Finding] = report.errors\n"
        "line: int = errors[0].line\n"
        "many = planlint.check_many(['a/', 'b/*.json'], jobs=2, progress=False)\n"
        "pack = planlint.RulePack.builtin(severity={'SCH008': 'error'})\n"
        "value = planlint.eval('1 + 1', rules=pack)\n"
        "try:\n"
        "    planlint.check('{')\n"
        "except planlint.PlanError as e:\n"
        "    where: tuple[str, int, int] = (e.file, e.line, e.column)\n"
    )
    out = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", mypy_cache, str(user)],
                         capture_output=True, text=True, cwd=str(tmp_path))
    assert out.returncode == 0, out.stdout + out.stderr


def test_package_itself_type_checks(mypy_cache):
    """The installed package passes mypy --strict (pandas and tqdm have no
    stubs here, so their imports are untyped)."""
    out = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports",
                          "--cache-dir", mypy_cache, "-p", "planlint"], capture_output=True, text=True, cwd="/")
    assert out.returncode == 0, out.stdout + out.stderr


def test_builtin_pack_travels_in_the_wheel(tmp_path):
    """Away from the repository (no rules/ folder), the built-in pack is
    there: it is embedded in the extension module."""
    code = "import planlint; print(len(planlint.RulePack.builtin()), planlint.check({'format': 'imp/1'}).counts['errors'])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(tmp_path), check=True)
    assert out.stdout.split()[0] == "74" and int(out.stdout.split()[1]) > 0
