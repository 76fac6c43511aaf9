"""HTML views for Jupyter: a report grouped by file and section, with
severity badges and each rule's summary and description (hover, or expand
the rule). Inline styles only, so the view survives notebook sanitizers."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Dict, List

if TYPE_CHECKING:  # pragma: no cover
    from ._report import Finding, Report, Summary

#: Findings shown before the view says "N more" (a notebook stays usable).
MAX_ROWS = 1000

_BADGE = {
    "error": ("#b42318", "#fef3f2"),
    "warning": ("#b54708", "#fffaeb"),
    "info": ("#175cd3", "#eff8ff"),
    "waived": ("#475467", "#f2f4f7"),
}
_FONT = ("font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
         "font-size:13px;line-height:1.4")
_CELL = "padding:4px 8px;border-bottom:1px solid #eaecf0;text-align:left;vertical-align:top"
_HEAD = _CELL + ";background:#f9fafb;font-weight:600;color:#344054"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def badge(label: str, count: object = None, text: str = "") -> str:
    fg, bg = _BADGE.get(label, _BADGE["waived"])
    if text:
        pass
    elif count is None:
        text = label
    else:
        plural = count != 1 and label in ("error", "warning")
        text = f"{count} {label}{'s' if plural else ''}"
    return (f'<span class="pl-badge pl-{_e(label)}" style="display:inline-block;padding:0 7px;'
            f'border-radius:9px;border:1px solid {fg};color:{fg};background:{bg};font-size:12px;'
            f'font-weight:600;white-space:nowrap">{_e(text)}</span>')


def _counts_line(findings: List["Finding"]) -> str:
    counts: Dict[str, int] = {"error": 0, "warning": 0, "info": 0, "waived": 0}
    for f in findings:
        counts["waived" if f.waived else f.severity] += 1
    return " ".join(badge(k, v) for k, v in counts.items() if v)


def _rule_cell(report: "Report", f: "Finding") -> str:
    doc = report.rule_doc(f.rule)
    label = f'<code style="font-weight:600">{_e(f.rule)}</code> <span style="color:#475467">{_e(f.name)}</span>'
    if doc is None:
        return label
    hover = doc.summary + ("\n\n" + doc.description.strip() if doc.description.strip() else "")
    description = "".join(f"<p style=\"margin:4px 0\">{_e(p.strip())}</p>"
                          for p in doc.description.split("\n\n") if p.strip())
    return (f'<details class="pl-rule"><summary title="{_e(hover)}" style="cursor:pointer">{label}</summary>'
            f'<div style="max-width:420px;padding:4px 0 2px 14px;color:#344054">'
            f'<p style="margin:4px 0;font-weight:600">{_e(doc.summary)}</p>{description}</div></details>')


def _row(report: "Report", f: "Finding") -> str:
    level = badge("waived") + " " + badge(f.severity) if f.waived else badge(f.severity)
    style = ' style="opacity:0.55"' if f.waived else ""
    where = f"{f.line}:{f.column}" if f.line else "&ndash;"
    return (f'<tr class="pl-finding"{style}><td style="{_CELL}">{level}</td>'
            f'<td style="{_CELL}">{_rule_cell(report, f)}</td>'
            f'<td style="{_CELL};font-family:monospace;white-space:nowrap">{where}</td>'
            f'<td style="{_CELL}">{_e(f.message)}</td>'
            f'<td style="{_CELL};font-family:monospace;color:#475467">{_e(f.pointer or "/")}</td></tr>')


def report_html(report: "Report") -> str:
    c = report.counts
    out = [f'<div class="planlint-report" style="{_FONT}">']
    files = f"{c['files']} file" + ("" if c["files"] == 1 else "s")
    head = [f"<strong>planlint</strong> &middot; {files} &middot; {c['findings']} findings"]
    for label, key in (("error", "errors"), ("warning", "warnings"), ("info", "info"), ("waived", "waived")):
        if c[key]:
            head.append(badge(label, c[key]))
    if c["input_errors"]:
        n = c["input_errors"]
        head.append(badge("error", text=f"{n} input error{'s' if n != 1 else ''}"))
    out.append(f'<div style="margin:4px 0 8px 0">{" ".join(head)}</div>')

    errors = report.input_errors
    if errors:
        out.append('<div class="pl-input-errors" style="border-left:3px solid #b42318;padding:4px 10px;'
                   'margin:6px 0;background:#fef3f2"><strong>Could not be checked</strong><ul style="margin:4px 0">')
        for e in errors:
            out.append(f'<li><code>{_e(e.file)}:{e.line}:{e.column}</code>: {_e(e.message)}</li>')
        out.append("</ul></div>")

    by_file: Dict[str, List["Finding"]] = {}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    shown = 0
    for file, findings in by_file.items():
        out.append(f'<details class="pl-file" open style="margin:6px 0"><summary style="cursor:pointer;'
                   f'font-weight:600;font-size:14px"><code>{_e(file)}</code> {_counts_line(findings)}</summary>')
        out.append(f'<table class="pl-findings" style="border-collapse:collapse;margin:4px 0 4px 12px;{_FONT}">'
                   f'<thead><tr><th style="{_HEAD}">severity</th><th style="{_HEAD}">rule</th>'
                   f'<th style="{_HEAD}">line:col</th><th style="{_HEAD}">message</th>'
                   f'<th style="{_HEAD}">pointer</th></tr></thead>')
        by_section: Dict[str, List["Finding"]] = {}
        for f in findings:
            by_section.setdefault(f.section or "(no section)", []).append(f)
        for section, items in by_section.items():
            out.append(f'<tbody class="pl-section"><tr><th colspan="5" style="{_CELL};background:#f2f4f7;'
                       f'font-weight:600">{_e(section)} {_counts_line(items)}</th></tr>')
            for f in items:
                if shown >= MAX_ROWS:
                    break
                out.append(_row(report, f))
                shown += 1
            out.append("</tbody>")
        out.append("</table></details>")
    if shown < len(report.findings):
        out.append(f'<p><em>{len(report.findings) - shown} more findings not shown; '
                   f'use <code>report.to_pandas()</code>.</em></p>')
    if not report.findings and not errors:
        out.append(f'<p>{badge("info", text="no findings")}</p>')

    diagnostics = report.diagnostics
    if diagnostics:
        out.append('<details class="pl-diagnostics" style="margin:6px 0"><summary style="cursor:pointer">'
                   f'{len(diagnostics)} rule evaluation error{"s" if len(diagnostics) != 1 else ""} '
                   '(no finding for these nodes)</summary><ul>')
        for d in diagnostics:
            out.append(f"<li><code>{_e(d.file)}</code> {_e(d.rule)} at <code>{_e(d.pointer or '/')}</code>: "
                       f"{_e(d.message)}</li>")
        out.append("</ul></details>")
    out.append("</div>")
    return "\n".join(out)


def summary_html(summary: "Summary") -> str:
    parts = [f'<div class="planlint-summary" style="{_FONT}"><p>'
             + " &middot; ".join(f"{_e(k)}: <strong>{v}</strong>" for k, v in summary.totals.items())
             + "</p><div style=\"display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start\">"]
    for title, table in (("by severity", summary.by_severity.to_frame()),
                         ("by section", summary.by_section.to_frame()),
                         ("by file", summary.by_file.to_frame()), ("by rule", summary.by_rule)):
        parts.append(f"<div><strong>{_e(title)}</strong>{table.to_html()}</div>")
    parts.append("</div></div>")
    return "".join(parts)
