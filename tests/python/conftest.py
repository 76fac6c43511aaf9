"""Shared paths for the Python tests. The tests use planlint as installed by
`pip install .` (./run-tests installs it first), never python/planlint from
the source tree."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CLEAN = EXAMPLES / "clean" / "case-management-modernization.json"
DRAFT = EXAMPLES / "draft" / "permit-portal-draft.json"
SKELETON = EXAMPLES / "far-from-ready" / "benefits-system-skeleton.json"
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
AS_OF = "2027-01-15"


@pytest.fixture(scope="session")
def planlint():
    import planlint as module

    return module
