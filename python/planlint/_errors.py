"""planlint's exceptions: every one is a ValueError that says where."""

from __future__ import annotations

import re
from typing import List, NamedTuple, Optional

__all__ = ["PlanError", "RulePackError", "ExpressionError", "Problem"]


class PlanError(ValueError):
    """A plan that cannot be checked: unreadable, not JSON, not an object.

    ``str(error)`` is the engine's ``FILE:LINE:COLUMN: what is wrong``;
    ``file``, ``line`` and ``column`` (1-based; 0 when unknown, e.g. an
    unreadable file or a plan given as a dict) and ``message`` (without the
    position) are attributes.
    """

    def __init__(self, file: str, line: int, column: int, text: str) -> None:
        super().__init__(file, line, column, text)
        self.file = file
        self.line = line
        self.column = column
        self.message = _without_position(text, file, line, column)
        self.text = text if text.startswith(file) else f"{file}:{line}:{column}: {text}"

    def __str__(self) -> str:
        return self.text


def _without_position(text: str, file: str, line: int, column: int) -> str:
    for prefix in (f"{file}:{line}:{column}: ", f"{file}: "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


class Problem(NamedTuple):
    """One problem of a rule pack or configuration."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


_PROBLEM = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$")
_FILE_ONLY = re.compile(r"^(?P<file>[^\s:][^:]*?): (?P<message>.*)$")
_HEADER = re.compile(r"^[\w\- ]+ refused \(\d+ problems?\):$")


def _parse_problems(text: str) -> List[Problem]:
    problems: List[Problem] = []
    for line in text.splitlines():
        if not problems and _HEADER.match(line):
            continue
        m = _PROBLEM.match(line)
        if m:
            problems.append(Problem(m["file"], int(m["line"]), int(m["column"]), m["message"]))
            continue
        if problems:  # a message that goes on over several lines
            last = problems[-1]
            problems[-1] = last._replace(message=f"{last.message}\n{line}")
            continue
        m = _FILE_ONLY.match(line)
        if m:
            problems.append(Problem(m["file"], 0, 0, m["message"]))
        else:
            problems.append(Problem("", 0, 0, line))
    return problems


class RulePackError(ValueError):
    """A rule pack (or its configuration) that was refused as a whole.

    ``problems`` lists every problem found, each with ``file``, ``line``,
    ``column`` and ``message``; ``str(error)`` lists them one per line as
    ``FILE:LINE:COLUMN: what is wrong``.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
        self.problems: List[Problem] = _parse_problems(text)

    def __str__(self) -> str:
        return self.text


class ExpressionError(ValueError):
    """An expression given to ``planlint.eval`` that does not compile, or
    whose evaluation failed (then ``column`` is None)."""

    def __init__(self, expression: str, column: Optional[int], message: str) -> None:
        super().__init__(expression, column, message)
        self.expression = expression
        self.column = column
        self.message = message

    def __str__(self) -> str:
        if self.column is None:
            return f"<expr>: {self.message}"
        out = f"<expr>:1:{self.column}: {self.message}"
        if "\n" not in self.expression:
            out += f"\n  {self.expression}\n  {' ' * (self.column - 1)}^"
        return out
