"""check, check_many and eval: the functions most users need."""

from __future__ import annotations

import datetime
import glob
import os
import sys
import warnings
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from . import _core
from ._errors import PlanError
from ._pack import RulePack, StrList
from ._report import Report

__all__ = ["check", "check_many", "eval"]

PathLike = Union[str, "os.PathLike[str]"]
Source = Union[PathLike, bytes, bytearray, memoryview, Dict[str, Any]]
Rules = Union[RulePack, PathLike, None]
AsOf = Union[str, datetime.date, None]

_HINT = "planlint.check takes a path, JSON text starting with '{', bytes or a dict"


def _as_of(as_of: AsOf) -> Optional[str]:
    if as_of is None:
        return None
    if isinstance(as_of, datetime.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, datetime.date):
        return as_of.isoformat()
    if isinstance(as_of, str):
        return as_of
    raise TypeError(f"as_of must be a date or 'YYYY-MM-DD', not {type(as_of).__name__}")


def _pack(rules: Rules, select: StrList, ignore: StrList) -> RulePack:
    if rules is None:
        pack = RulePack.builtin()
    elif isinstance(rules, RulePack):
        pack = rules
    elif isinstance(rules, (str, os.PathLike)):
        pack = RulePack.from_file(rules)
    else:
        raise TypeError(f"rules must be a RulePack or a pack file path, not {type(rules).__name__}")
    if select is not None or ignore is not None:
        pack = pack.configure(select=select, ignore=ignore)
    return pack


def _looks_like_json(text: str) -> bool:
    return text.lstrip(" \t\r\n\ufeff").startswith("{")


def _plan(source: Any, file: Optional[str]) -> "_core.Plan":
    """Parses or builds the plan; raises PlanError when it is not one."""
    if isinstance(source, dict):
        return _core.build_plan(source, file or "<dict>")
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _core.parse_text(bytes(source), file or "<bytes>")
    if isinstance(source, str) and _looks_like_json(source):
        return _core.parse_text(source.encode("utf-8", "surrogatepass"), file or "<string>")
    if isinstance(source, (str, os.PathLike)):
        path = os.fsdecode(source)
        try:
            return _core.parse_file(path)
        except PlanError as e:
            if not os.path.exists(path):
                shown = path if len(path) <= 80 else path[:77] + "..."
                raise PlanError(path, 0, 0, f"{shown}:0:0: no such file or directory ({_HINT})") from None
            raise e
    raise TypeError(f"{_HINT}, not {type(source).__name__}")


def check(source: Source, *, as_of: AsOf = None, rules: Rules = None, select: StrList = None,
          ignore: StrList = None, file: Optional[str] = None) -> Report:
    """Checks one plan and returns its :class:`Report`.

    ``source`` is a path (str or PathLike), JSON text (a str starting with
    ``{`` after whitespace, or bytes), or an already loaded dict (built into
    the engine's plan directly, so findings have line and column 0).
    ``as_of`` is the reference date (a ``datetime.date`` or
    ``"YYYY-MM-DD"``; today in UTC when None). ``rules`` is a
    :class:`RulePack` or a pack file (default: the built-in pack);
    ``select`` and ``ignore`` (ids, prefixes or names) take the place of
    the pack's own. ``file`` names JSON text or a dict in findings.

    Raises :class:`PlanError` when the plan cannot be checked.
    """
    pack = _pack(rules, select, ignore)
    day = _as_of(as_of)
    plan = _plan(source, file)
    return Report(_core.check_plan(pack._pack, plan, day), pack.docs())


def _expand(paths: Union[PathLike, Iterable[PathLike]]) -> Tuple[List[str], List[str]]:
    """Files and folders to check, and glob patterns that matched nothing."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: List[str] = []
    unmatched: List[str] = []
    for p in paths:
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"check_many takes paths (str or PathLike), not {type(p).__name__}")
        path = os.fsdecode(p)
        if glob.has_magic(path) and not os.path.exists(path):
            matches = sorted(glob.glob(path, recursive=True))
            if matches:
                found.extend(matches)
            else:
                unmatched.append(path)
        else:
            found.append(path)
    return found, unmatched


def _tqdm() -> Any:
    """tqdm's notebook widget in Jupyter (when ipywidgets is there), its
    terminal bar elsewhere."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm
    return tqdm


class _Progress:
    """Called by the engine every 100 ms with (done, total)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total == 0:
            return
        if self.bar is None:
            self.bar = _tqdm()(total=total, delay=self.delay, unit="plan", desc="planlint",
                               file=sys.stderr, leave=True)
        if done > self.bar.n:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def check_many(paths: Union[PathLike, Iterable[PathLike]], *, jobs: Optional[int] = None,
               as_of: AsOf = None, rules: Rules = None, select: StrList = None, ignore: StrList = None,
               progress: Optional[bool] = None) -> Report:
    """Checks many plans on all cores and returns one :class:`Report`.

    ``paths`` are files, folders (searched recursively for ``*.json``) or
    glob patterns (``**`` allowed). The engine checks them on ``jobs``
    threads (default: every core) with the GIL released. Inputs that cannot
    be checked are recorded in ``Report.input_errors``, not raised.
    ``progress``: None shows a progress bar (notebook or terminal) only once
    the run has taken a second; True shows it at once; False never.
    """
    pack = _pack(rules, select, ignore)
    day = _as_of(as_of)
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ValueError(f"jobs must be a positive int or None (every core), not {jobs!r}")
    found, unmatched = _expand(paths)
    bar = None if progress is False else _Progress(0.0 if progress else 1.0)
    try:
        results = _core.check_files(pack._pack, found, unmatched, day, jobs or 0, bar)
    finally:
        if bar is not None:
            bar.close()
    return Report(results, pack.docs())


def eval(expression: str, plan: Optional[Source] = None, *, as_of: AsOf = None,
         rules: Rules = None) -> Any:  # noqa: A001 - the playground's name
    """Evaluates a rule-language expression, as ``planlint eval`` does, with
    ``plan`` (a path, JSON text or dict; default ``{}``) bound to ``plan``
    and ``self``, and the pack's functions and options in scope. Returns a
    Python value (dates as ``datetime.date``). Raises
    :class:`ExpressionError` when it does not compile or evaluates to an
    error, :class:`PlanError` when the plan cannot be read."""
    if not isinstance(expression, str):
        raise TypeError(f"expression must be a str, not {type(expression).__name__}")
    pack = _pack(rules, None, None)
    day = _as_of(as_of)
    loaded = None if plan is None else _plan(plan, None)
    return _core.evaluate(pack._pack, expression, loaded, day)

