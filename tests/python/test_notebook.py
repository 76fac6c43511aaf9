"""docs/notebooks/quickstart.ipynb, executed headless with nbclient on a
real Jupyter kernel: no error cells, the report shows as an HTML table of
findings, the DataFrame renders."""

import nbclient
import nbformat
import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "notebooks" / "quickstart.ipynb"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return nb


def outputs_of(nb, needle):
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and needle in c.source]
    return cell.outputs


def test_no_error_cells(executed):
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{cell.source}\n{out.get('ename')}: {out.get('evalue')}"
            if out.output_type == "stream":
                assert out.name != "stderr", f"{cell.source}\n{out.text}"


def test_report_is_an_html_table_of_findings(executed):
    (out,) = outputs_of(executed, "report = planlint.check(")
    page = out["data"]["text/html"]
    assert '<table class="pl-findings"' in page
    assert page.count('class="pl-finding"') == 24
    assert "SCH001" in page and 'class="pl-badge pl-error"' in page
    assert out["data"]["text/plain"].startswith("<planlint.Report: 1 file, 23 findings")


def test_dataframe_renders(executed):
    (out,) = outputs_of(executed, "df = report.to_pandas()")
    page = out["data"]["text/html"]
    assert 'class="dataframe"' in page and "<th>severity</th>" in page
    assert page.count("<tr>") > 20  # 23 warning-or-error rows (plus the header)


def test_many_and_catalogue_and_pack_and_eval(executed):
    (by_file,) = outputs_of(executed, "many = planlint.check_many(")
    assert "permit-portal-draft.json" in by_file["data"]["text/plain"]
    (catalogue,) = outputs_of(executed, "planlint.rules().query(")
    assert "SCH008" in catalogue["data"]["text/html"]
    (mine,) = outputs_of(executed, "pack = planlint.RulePack.from_yaml(")
    assert "ORG001 warning: Only" in mine["data"]["text/plain"]
    assert "GLO001 error" in mine["data"]["text/plain"]
    (ids,) = outputs_of(executed, "planlint.eval(")
    assert ids["data"]["text/plain"].startswith("['T1'")


def test_audit(executed):
    (view,) = outputs_of(executed, "audit = planlint.audit(")
    page = view["data"]["text/html"]
    assert "Worst plans" in page and "benefits-system-skeleton.json" in page
    assert view["data"]["text/plain"].startswith("<planlint.Audit 3 plans as of 2027-01-15")
    (scores,) = outputs_of(executed, "audit.plans[[")
    table = scores["data"]["text/html"]
    assert 'class="dataframe"' in table and table.count("<tr") == 4  # header + 3 plans
