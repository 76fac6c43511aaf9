"""planlint.audit: a portfolio audit from Python (docs/audit.md).

The engine does the work (``planlint audit``'s code, on all cores, with the
GIL released); :class:`Audit` holds its JSON document and shows it as
DataFrames, a matplotlib figure, a Jupyter view and the self-contained HTML
report.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Union

from . import _core
from ._api import AsOf, PathLike, Rules, _as_of, _expand, _pack, _Progress
from ._html import _CELL, _FONT, _HEAD, _e, badge
from ._pack import StrList

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Audit", "audit"]

SEVERITY_ORDER = ["error", "warning", "info"]


def audit(paths: Union[PathLike, Iterable[PathLike]], *, jobs: Optional[int] = None, as_of: AsOf = None,
          rules: Rules = None, select: StrList = None, ignore: StrList = None,
          weights: Optional[PathLike] = None, progress: Optional[bool] = None) -> "Audit":
    """Audits a portfolio of plans, as ``planlint audit`` does, and returns
    an :class:`Audit`.

    ``paths`` are files, folders (searched recursively for ``*.json``) or
    glob patterns. Plans are checked on ``jobs`` threads (default: every
    core), the pack's cross-plan (portfolio) rules run over all of them, and
    every plan and section gets a 0-100 health score. ``weights`` is a
    weights file (YAML, docs/audit.md); ``progress`` as in
    :func:`check_many`. Plans that cannot be read are in the audit with an
    ``input_error`` and score 0; nothing is raised for them.
    """
    pack = _pack(rules, select, ignore)
    day = _as_of(as_of)
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ValueError(f"jobs must be a positive int or None (every core), not {jobs!r}")
    found, unmatched = _expand(paths)
    weights_file = None if weights is None else os.fsdecode(weights)
    bar = None if progress is False else _Progress(0.0 if progress else 1.0)
    try:
        data, text = _core.audit_files(pack._pack, found, unmatched, day, jobs or 0, weights_file, bar)
    finally:
        if bar is not None:
            bar.close()
    return Audit(data, text)


class Audit:
    """The result of :func:`audit`: scores, findings and summaries.

    ``plans`` and ``findings`` are DataFrames; ``summary`` is the portfolio
    summary as a dict; ``to_html()`` is the interactive report of
    ``planlint audit --html``; ``plot()`` draws the score distribution and
    the sections at risk. Audits pickle (they are their JSON document).
    """

    def __init__(self, data: bytes, text: str = "") -> None:
        self._data = bytes(data)
        self._doc: Dict[str, Any] = json.loads(self._data)
        self._text = text

    # --- the audit as data -------------------------------------------------

    @property
    def as_of(self) -> str:
        """The reference date, YYYY-MM-DD."""
        return str(self._doc["as_of"])

    @property
    def sections(self) -> List[str]:
        """The sections scored, in pack order."""
        return list(self._doc["sections"])

    @property
    def summary(self) -> Dict[str, Any]:
        """Portfolio totals and summaries: average and median score, score
        histogram (ten bins), worst plans, most frequent rules, sections at
        risk, and plans going live soon with errors."""
        return dict(self._doc["summary"])

    @property
    def plans(self) -> "pandas.DataFrame":
        """One row per plan, in input order: file, title, system name,
        status, go-live, score, counts, input error, then one score column
        per section (None for a plan that could not be read)."""
        import pandas as pd

        rows = []
        for p in self._doc["plans"]:
            row = {k: p.get(k) for k in ("file", "title", "system_name", "status", "go_live", "score",
                                         "errors", "warnings", "infos", "waived", "bytes", "input_error")}
            scores = p.get("sections") or [None] * len(self.sections)
            row.update(zip(self.sections, scores))
            rows.append(row)
        columns = ["file", "title", "system_name", "status", "go_live", "score", "errors", "warnings",
                   "infos", "waived", "bytes", "input_error"] + self.sections
        df = pd.DataFrame(rows, columns=columns)
        df["go_live"] = pd.to_datetime(df["go_live"], errors="coerce").dt.date
        return df

    @property
    def findings(self) -> "pandas.DataFrame":
        """One row per finding (cross-plan rules' included, waived marked):
        file, rule, name, severity (ordered categorical), section, message,
        pointer, line, column, waived."""
        import pandas as pd

        rules = {r["id"]: r for r in self._doc["rules"]}
        rows = []
        for p in self._doc["plans"]:
            for f in p.get("findings", []):
                r = rules.get(f["rule"], {})
                rows.append((p["file"], f["rule"], r.get("name", ""), r.get("severity", "error"),
                             r.get("section", ""), f["message"], f["pointer"], f["line"], f["column"],
                             bool(f.get("waived", False))))
        for f in self._doc.get("portfolio_wide", []):  # cross-plan findings of no one plan
            r = rules.get(f["rule"], {})
            rows.append(("", f["rule"], r.get("name", ""), r.get("severity", "error"), r.get("section", ""),
                         f["message"], "", 0, 0, bool(f.get("waived", False))))
        df = pd.DataFrame(rows, columns=["file", "rule", "name", "severity", "section", "message", "pointer",
                                         "line", "column", "waived"])
        df["severity"] = pd.Categorical(df["severity"], categories=SEVERITY_ORDER, ordered=True)
        return df

    @property
    def diagnostics(self) -> List[Dict[str, Any]]:
        """Rules that could not be evaluated (file, rule, pointer, message)."""
        return list(self._doc.get("diagnostics", []))

    def __len__(self) -> int:
        return len(self._doc["plans"])

    # --- outputs -----------------------------------------------------------

    def to_json(self, path: Optional[PathLike] = None) -> str:
        """The audit as JSON (``planlint audit --json``); also written to
        ``path`` when given."""
        text = self._data.decode("utf-8")
        if path is not None:
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
        return text

    def to_html(self, path: Optional[PathLike] = None) -> str:
        """The self-contained interactive report (``planlint audit
        --html``): charts, a sortable table of plans and each plan's
        findings. Also written to ``path`` when given."""
        page = _core.audit_html(self._data).decode("utf-8")
        if path is not None:
            with open(path, "w", encoding="utf-8") as out:
                out.write(page)
        return page

    def plot(self, *, top: int = 10) -> Any:
        """A matplotlib figure: the distribution of plan scores and the
        ``top`` sections most at risk (lowest average score). Needs
        matplotlib (``pip install planlint[plot]``)."""
        try:
            import matplotlib.pyplot as plt
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Audit.plot() needs matplotlib: pip install 'planlint[plot]'") from e
        s = self._doc["summary"]
        fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
        bins = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90-100"]
        colours = ["#b42318"] * 5 + ["#dc6803"] * 3 + ["#039855"] * 2
        left.bar(bins, s["histogram"], color=colours)
        left.set_title(f"Plan health scores ({s['plans']} plans, median {s['median_score']})")
        left.set_xlabel("score")
        left.set_ylabel("plans")
        left.tick_params(axis="x", labelrotation=45)
        risk = s["sections_at_risk"][:top]
        names = [r["section"] for r in risk][::-1]
        values = [r["average_score"] for r in risk][::-1]
        right.barh(names, values, color="#175cd3")
        right.set_xlim(0, 100)
        right.set_title("Sections most at risk (average score)")
        right.set_xlabel("average section score")
        return fig

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        s = self._doc["summary"]
        return (f"<planlint.Audit {s['plans']} plans as of {self.as_of}: average score "
                f"{s['average_score']}, {s['findings']} findings ({s['errors']} errors), "
                f"{s['input_errors']} input errors>")

    def _repr_html_(self) -> str:
        s = self._doc["summary"]
        plans = {p["file"]: p for p in self._doc["plans"]}
        rules = {r["id"]: r for r in self._doc["rules"]}
        out = [f'<div class="planlint-audit" style="{_FONT}">',
               f'<p><strong>planlint audit</strong> &middot; {s["plans"]} plans as of {_e(self.as_of)} &middot; '
               f'average score <strong>{s["average_score"]}</strong>, median {s["median_score"]} &middot; '
               f'{badge("error", s["errors"])} {badge("warning", s["warnings"])} {badge("info", s["infos"])}'
               + (f' {badge("waived", s["waived"])}' if s["waived"] else "")
               + (f' {badge("error", text=str(s["input_errors"]) + " unreadable")}' if s["input_errors"] else "")
               + "</p>",
               '<div style="display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start">']

        def table(title: str, head: List[str], rows: List[List[str]]) -> str:
            cells = "".join(f'<th style="{_HEAD}">{_e(h)}</th>' for h in head)
            body = "".join("<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in r) + "</tr>" for r in rows)
            return (f'<div><strong>{_e(title)}</strong><table class="pl-audit" style="border-collapse:collapse">'
                    f"<thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></div>")

        worst = [[str(plans[f]["score"]), f"<code>{_e(f)}</code>", _e(plans[f].get("title") or ""),
                  str(plans[f]["errors"]), str(plans[f]["warnings"])] for f in s["worst_plans"][:10] if f in plans]
        out.append(table("Worst plans", ["score", "file", "title", "errors", "warnings"], worst))
        top = [[f"<code>{_e(r['rule'])}</code>", _e(rules.get(r["rule"], {}).get("name", "")),
                str(r["findings"]), str(r["plans"])] for r in s["top_rules"]]
        out.append(table("Most frequent rules", ["rule", "name", "findings", "plans"], top))
        risk = [[_e(r["section"]), str(r["average_score"]), str(r["plans_with_findings"])]
                for r in s["sections_at_risk"][:10]]
        out.append(table("Sections most at risk", ["section", "average", "plans with findings"], risk))
        soon = [[f"<code>{_e(g['file'])}</code>", _e(g.get("go_live", "")), str(g.get("days", "")),
                 str(g.get("errors", ""))] for g in s["go_live_at_risk"]]
        out.append(table(f"Go-live within {self._doc['weights']['golive_window_days']} days with errors",
                         ["file", "go-live", "days", "errors"], soon))
        out.append("</div></div>")
        return "".join(out)

    # --- pickling ----------------------------------------------------------

    def __reduce__(self) -> Any:
        return (Audit, (self._data, self._text))
