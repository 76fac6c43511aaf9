"""planlint: checks Implementation Management Plans (imp/1 JSON) against
rule packs, from Python and Jupyter.

    >>> import planlint
    >>> report = planlint.check("plan.json", as_of="2027-01-15")
    >>> report.to_pandas()

The engine is C++ (``planlint._core``); the ``planlint`` command on PATH is
the C++ binary.
"""

from . import _core
from ._api import check, check_many, eval
from ._audit import Audit, audit
from ._errors import ExpressionError, PlanError, Problem, RulePackError
from ._pack import SEVERITIES, RuleDoc, RulePack, rules
from ._report import Diagnostic, Finding, InputError, Report, Summary

__version__: str = _core.__version__

__all__ = [
    "check",
    "check_many",
    "eval",
    "audit",
    "Audit",
    "rules",
    "RulePack",
    "RuleDoc",
    "Report",
    "Summary",
    "Finding",
    "InputError",
    "Diagnostic",
    "PlanError",
    "RulePackError",
    "ExpressionError",
    "Problem",
    "SEVERITIES",
    "__version__",
]
