"""A list inside a table cell: the cell holds its items as lines, so their bullets and numbers are
not kept. Import, compare and export name them instead of dropping them in silence."""

from __future__ import annotations

import docx

from policyeditor.cli import main
from policyeditor.formats.importers import import_document

CELL_HTML = ("<h1>P</h1><h2>Terms</h2><table><tr><td><ol><li>first duty</li><li>second duty</li></ol>"
             "</td><td>plain</td></tr></table><ol><li>outside the table</li></ol>")


def _word_file(path, numbered: bool = True):
    document = docx.Document()
    document.add_heading("Terms", 1)
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.paragraphs[0].text = "first duty"
    style = "List Number" if numbered else "Normal"
    cell.paragraphs[0].style = style
    cell.add_paragraph("second duty", style=style)
    document.add_paragraph("outside the table", style="List Number")
    document.save(path)
    return path


def test_html_names_the_items_whose_numbers_a_cell_cannot_hold(tmp_path):
    path = tmp_path / "cell.html"
    path.write_text(CELL_HTML, encoding="utf-8")
    result = import_document(path)
    assert result.policy.unkept == {"list marker in a table cell": 2}
    assert "2 list markers in table cells not imported" in " ".join(result.report)
    body = result.policy.sections[0].body
    assert "first duty<br>second duty" in body and "1. outside the table" in body


def test_docx_names_them_and_a_plain_cell_is_not_named(tmp_path):
    result = import_document(_word_file(tmp_path / "cell.docx"))
    assert result.policy.unkept == {"list marker in a table cell": 2}
    assert "2 list markers in table cells not imported" in " ".join(result.report)
    assert import_document(_word_file(tmp_path / "plain.docx", numbered=False)).policy.unkept == {}


def test_compare_says_the_markers_were_not_compared(tmp_path, capsys):
    old = _word_file(tmp_path / "old.docx", numbered=False)
    new = _word_file(tmp_path / "new.docx")
    assert main(["compare", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "list markers in table cells not compared" in out
