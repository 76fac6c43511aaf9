"""Writes docs/notebooks/quickstart.ipynb (without outputs). The notebook is
the source of truth once written; this script documents how it was made and
rewrites it when the cells below change:  python3 tools/make_quickstart_notebook.py"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    new_markdown_cell(
        "# planlint quick start\n\n"
        "Check Implementation Management Plans (imp/1 JSON) from Python. "
        "Install with `pip install .` at the repository root; this notebook runs from `docs/notebooks/`."),
    new_code_cell("import pathlib\n\nimport planlint\n\n"
                  "EXAMPLES = pathlib.Path('../../examples')\n"
                  "planlint.__version__"),
    new_markdown_cell("## Check one plan\n\nA report shows as a table grouped by file and section. "
                      "Click a rule to read what it checks and why."),
    new_code_cell("report = planlint.check(EXAMPLES / 'draft' / 'permit-portal-draft.json', as_of='2027-01-15')\n"
                  "report"),
    new_markdown_cell("## As a DataFrame\n\n`severity` is an ordered categorical (info < warning < error)."),
    new_code_cell("df = report.to_pandas()\n"
                  "df[df.severity >= 'warning'][['rule', 'severity', 'line', 'message']]"),
    new_code_cell("report.summary().by_section"),
    new_markdown_cell("## Many plans at once\n\nFolders, files or glob patterns, checked on every core."),
    new_code_cell("many = planlint.check_many([EXAMPLES], as_of='2027-01-15')\n"
                  "many.summary().by_file"),
    new_markdown_cell("## The rules\n\nThe catalogue of the built-in `imp` pack."),
    new_code_cell("planlint.rules().query(\"section == 'schedule'\")[['id', 'name', 'severity', 'summary']]"),
    new_markdown_cell("## Your own pack\n\nStart from the built-in pack, add a rule, adjust another."),
    new_code_cell(
        "pack = planlint.RulePack.from_yaml('''\n"
        "pack: my-agency\n"
        "extends: imp\n"
        "rules:\n"
        "  - id: ORG001\n"
        "    name: needs-five-risks\n"
        "    severity: warning\n"
        "    section: risks\n"
        "    summary: The plan lists fewer than five risks.\n"
        "    for: $\n"
        "    assert: size(itemsOf(self.risks)) >= 5\n"
        "    message: Only {size(itemsOf(self.risks))} risks.\n"
        "''', severity={'GLO001': 'error'})\n"
        "mine = planlint.check(EXAMPLES / 'draft' / 'permit-portal-draft.json', as_of='2027-01-15', rules=pack)\n"
        "[str(f) for f in mine if f.rule in ('ORG001', 'GLO001')]"),
    new_markdown_cell("## Try an expression\n\nThe rule language's playground."),
    new_code_cell("planlint.eval('itemsOf(plan.schedule).map(t, t.id)', "
                  "EXAMPLES / 'draft' / 'permit-portal-draft.json')"),
]


def main() -> None:
    nb = new_notebook(cells=CELLS, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    path = Path(__file__).resolve().parents[1] / "docs" / "notebooks" / "quickstart.ipynb"
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
