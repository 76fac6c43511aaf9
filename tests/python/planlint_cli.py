"""Finds and runs the built `planlint` binary for the CLI tests.

`./run-tests` builds it first; PLANLINT_BIN overrides the location.
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CLEAN = EXAMPLES / "clean" / "case-management-modernization.json"
DRAFT = EXAMPLES / "draft" / "permit-portal-draft.json"
SKELETON = EXAMPLES / "far-from-ready" / "benefits-system-skeleton.json"


def planlint_bin():
    path = Path(os.environ.get("PLANLINT_BIN", ROOT / "build" / "cli" / "planlint"))
    if not path.is_file():
        pytest.fail(f"planlint binary not found at {path}: build it first "
                    "(cmake --build build) or set PLANLINT_BIN")
    return path


def run(*args, cwd=None, env=None, input=None):
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    return subprocess.run([str(planlint_bin()), *map(str, args)], cwd=cwd, env=full_env,
                          input=input, capture_output=True, text=True, timeout=120)
