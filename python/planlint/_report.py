"""What a check returns: a Report of Findings, input errors and diagnostics."""

from __future__ import annotations

from typing import (TYPE_CHECKING, Any, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple,
                    Union, overload)

from . import _core
from ._errors import _without_position
from ._pack import SEVERITIES, RuleDoc

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Finding", "InputError", "Diagnostic", "Report", "Summary"]


class Finding(NamedTuple):
    """A rule that tripped at a node of a plan."""

    rule: str
    name: str
    severity: str
    message: str
    file: str
    pointer: str
    line: int
    column: int
    waived: bool
    section: str

    def __str__(self) -> str:
        waived = " [waived]" if self.waived else ""
        return f"{self.file}:{self.line}:{self.column}: {self.rule} {self.severity}: {self.message}{waived}"


class InputError(NamedTuple):
    """An input that could not be checked (unreadable, not JSON, not a plan)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class Diagnostic(NamedTuple):
    """A rule that could not be evaluated on a node: no finding, but a note."""

    file: str
    rule: str
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.rule} could not be evaluated at '{self.pointer}': {self.message}"


_FINDING_COLUMNS = list(Finding._fields)


def _severity_categorical(values: Any) -> Any:
    import pandas as pd

    return pd.Categorical(values, categories=list(SEVERITIES), ordered=True)


class Summary(NamedTuple):
    """Counts of a report's findings (waived ones left out) by rule, section,
    severity and file, and the run's totals."""

    totals: Dict[str, int]
    by_rule: "pandas.DataFrame"
    by_section: "pandas.Series"
    by_severity: "pandas.Series"
    by_file: "pandas.Series"

    def __repr__(self) -> str:
        parts = [", ".join(f"{k}={v}" for k, v in self.totals.items())]
        for title, table in (("by severity", self.by_severity), ("by section", self.by_section),
                             ("by file", self.by_file), ("by rule", self.by_rule)):
            parts.append(f"{title}:\n{table.to_string()}")
        return "\n\n".join(parts)

    def _repr_html_(self) -> str:
        from ._html import summary_html

        return summary_html(self)


class Report:
    """The findings of one or more checked plans.

    Iterating gives every :class:`Finding` (waived ones too; see
    ``Finding.waived``), ordered by file, line, column and rule. ``errors``,
    ``warnings`` and ``infos`` leave waived findings out. Inputs that could
    not be checked are in ``input_errors``; rules that could not be
    evaluated are in ``diagnostics``. In Jupyter a report shows as an HTML
    table grouped by file and section.
    """

    __slots__ = ("_results", "_docs", "_findings")
    _results: "_core.Results"
    _docs: Dict[str, RuleDoc]
    _findings: Optional[List[Finding]]

    def __init__(self, results: "_core.Results", docs: Dict[str, RuleDoc]) -> None:
        self._results = results
        self._docs = docs
        self._findings = None

    # --- findings ---------------------------------------------------------
    @property
    def findings(self) -> List[Finding]:
        """Every finding, waived ones included."""
        if self._findings is None:
            make = Finding._make
            self._findings = [make(t) for t in self._results.findings()]
        return self._findings

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> List[Finding]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Finding, List[Finding]]:
        return self.findings[index]

    def _at(self, severity: str) -> List[Finding]:
        return [f for f in self.findings if f.severity == severity and not f.waived]

    @property
    def errors(self) -> List[Finding]:
        """Findings at error level that are not waived."""
        return self._at("error")

    @property
    def warnings(self) -> List[Finding]:
        """Findings at warning level that are not waived."""
        return self._at("warning")

    @property
    def infos(self) -> List[Finding]:
        """Findings at info level that are not waived."""
        return self._at("info")

    @property
    def waived(self) -> List[Finding]:
        """Findings a waiver in the plan suppressed."""
        return [f for f in self.findings if f.waived]

    @property
    def input_errors(self) -> List[InputError]:
        """Inputs that could not be checked, with file, line and column."""
        return [InputError(file, line, column, _without_position(text, file, line, column))
                for file, line, column, text in self._results.input_errors()]

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """Rules that could not be evaluated on some node (no finding there)."""
        return [Diagnostic(*d) for d in self._results.diagnostics()]

    @property
    def files(self) -> List[str]:
        """Every input, checked or not, in input order."""
        return self._results.files()

    @property
    def counts(self) -> Dict[str, int]:
        """The run's totals: files, findings, errors, warnings, info, waived,
        input_errors, diagnostics (findings and levels without waived ones)."""
        return self._results.counts()

    @property
    def ok(self) -> bool:
        """True when every input was checked and no finding is an error
        (waived findings do not count)."""
        c = self.counts
        return c["errors"] == 0 and c["input_errors"] == 0

    def rule_doc(self, rule: str) -> Optional[RuleDoc]:
        """The documentation of a rule of the pack that made this report."""
        return self._docs.get(rule)

    # --- exports ----------------------------------------------------------
    def to_pandas(self) -> "pandas.DataFrame":
        """One row per finding (waived ones included); ``severity`` is an
        ordered categorical, info < warning < error."""
        import pandas as pd

        df = pd.DataFrame.from_records(self._results.findings(), columns=_FINDING_COLUMNS)
        df["severity"] = _severity_categorical(df["severity"])
        for column in ("line", "column"):
            df[column] = df[column].astype("int64")
        df["waived"] = df["waived"].astype(bool)
        return df

    def summary(self) -> Summary:
        """Counts of findings (not waived) by rule, section, severity and file."""
        import pandas as pd

        df = self.to_pandas()
        df = df[~df["waived"]]
        by_rule = (df.groupby("rule", sort=True)
                   .agg(name=("name", "first"), section=("section", "first"),
                        severity=("severity", "first"), count=("rule", "size"))
                   .sort_values(["count", "severity"], ascending=[False, False], kind="stable"))
        by_rule["severity"] = _severity_categorical(by_rule["severity"])
        by_section = df.groupby("section", sort=True).size().sort_values(ascending=False, kind="stable")
        by_section.name = "count"
        by_severity = (df["severity"].value_counts(sort=False)
                       .reindex(list(SEVERITIES), fill_value=0))
        by_severity.index = pd.CategoricalIndex(by_severity.index, categories=list(SEVERITIES),
                                                ordered=True, name="severity")
        by_severity.name = "count"
        by_file = (df.groupby("file", sort=False).size()
                   .reindex(list(dict.fromkeys(self.files)), fill_value=0))
        by_file.index.name = "file"
        by_file.name = "count"
        return Summary(self.counts, by_rule, by_section, by_severity, by_file)

    def to_json(self) -> str:
        """The report as JSON, exactly as ``planlint check --format json``
        writes it: findings, errors, diagnostics, summary."""
        return self._results.to_json()

    def to_text(self, *, show_waived: bool = False) -> str:
        """The report as ``planlint check`` prints it."""
        return self._results.to_text(show_waived)

    def _repr_html_(self) -> str:
        from ._html import report_html

        return report_html(self)

    def __repr__(self) -> str:
        c = self.counts

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        text = (f"<planlint.Report: {n(c['files'], 'file')}, {n(c['findings'], 'finding')} "
                f"({n(c['errors'], 'error')}, {n(c['warnings'], 'warning')}, {c['info']} info)")
        if c["waived"]:
            text += f", {c['waived']} waived"
        if c["input_errors"]:
            text += f", {n(c['input_errors'], 'input error')}"
        if c["diagnostics"]:
            text += f", {n(c['diagnostics'], 'diagnostic')}"
        return text + ">"

    def __str__(self) -> str:
        return self.to_text()

    # --- pickling ---------------------------------------------------------
    def __getstate__(self) -> Tuple[Any, Dict[str, Tuple[str, ...]]]:
        used = {t[0] for t in self._results.findings()}
        return (self._results, {k: tuple(v) for k, v in self._docs.items() if k in used})

    def __setstate__(self, state: Tuple[Any, Dict[str, Sequence[str]]]) -> None:
        results, docs = state
        self._results = results
        self._docs = {k: RuleDoc(*v) for k, v in docs.items()}
        self._findings = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return (self.findings == other.findings and self.input_errors == other.input_errors
                and self.diagnostics == other.diagnostics and self.files == other.files)

    __hash__ = None  # type: ignore[assignment]
