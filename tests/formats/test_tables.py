"""Tables keep their shape: merged cells, nested tables and header rows, through import, compare
and export; a redline's rows are tracked rows and accept-all/reject-all give each table back.

Real Word tables from Apache POI's test data (tests/data/poi-docx/README.md): `bug57031.docx`
(merges across and down, header rows repeated), `bug65738.docx` (a table nested in a cell).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from policyeditor.core import body
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.body_html import body_html
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import export_html
from policyeditor.formats.importers import import_document
from policyeditor.formats.redline.docx import export_redline_docx
from tests.conftest import DATA
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, office, office_words, words  # noqa: F401

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MERGED = DATA / "poi-docx" / "bug57031.docx"
NESTED = DATA / "poi-docx" / "bug65738.docx"


def document_xml(path: Path):
    return etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))


def merges_in(path: Path) -> tuple[int, int]:
    """(columns merged away by w:gridSpan, cells continuing a w:vMerge) in a DOCX body."""
    root = document_xml(path)
    across = sum(int(el.get(W + "val")) - 1 for el in root.iter(W + "gridSpan"))
    down = sum(1 for el in root.iter(W + "vMerge") if el.get(W + "val", "continue") == "continue")
    return across, down


def header_rows(path: Path) -> list[int]:
    """Per top-level table, how many rows repeat as its header (w:tblHeader)."""
    out = []
    for tbl in document_xml(path).iter(W + "tbl"):
        if any(a.tag == W + "tc" for a in tbl.iterancestors()):
            continue
        out.append(sum(1 for tr in tbl.findall(W + "tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None))
    return out


def tables(policy: Policy) -> list[body.Table]:
    return [b for s, _ in policy.walk() for b in body.parse(s.body) if isinstance(b, body.Table)]


def model_merges(policy: Policy) -> tuple[int, int]:
    cells = [m for t in tables(policy) for row in t.merges for m in row]
    return cells.count(body.MERGE_LEFT), cells.count(body.MERGE_UP)


def resolved_shape(path: Path, mode: str) -> list[list[int]]:
    """Each table's row widths in grid columns once every tracked row is accepted or rejected."""
    gone = "del" if mode == "accept" else "ins"
    out = []
    for tbl in document_xml(path).iter(W + "tbl"):
        widths = []
        for tr in tbl.findall(W + "tr"):
            if tr.find(f"{W}trPr/{W}{gone}") is not None:
                continue
            widths.append(sum(int(tc.find(f"{W}tcPr/{W}gridSpan").get(W + "val"))
                              if tc.find(f"{W}tcPr/{W}gridSpan") is not None else 1
                              for tc in tr.findall(W + "tc")))
        out.append(widths)
    return out


# ---------------------------------------------------------------- the model


def test_canonical_text_holds_merges_nesting_and_header_rows():
    text = ("| a | < | c |\n| --- | --- | --- |\n"
            "| ^ | < | x<table><tr><th>N<th>M<tr><td>\\<<td>q</table> |")
    [table] = body.parse(text)
    assert table.header == 1
    assert table.spans(0, 0) == (2, 2) and table.spans(1, 0) == (0, 0)
    [inner] = table.nested_at(1, 2)
    assert inner.header == 1 and inner.rows[1][0] == (body.Run("<"),)  # an escaped '<' is text
    assert body.write([table]) == text
    headless = body.parse("| --- | --- |\n| a | b |")[0]
    assert headless.header == 0 and body.write([headless]) == "| --- | --- |\n| a | b |"
    # a covered cell reads as empty, a nested table's rows as lines of its cell: its words once
    assert body.plain_text(text).split("\n") == ["a |  | c", " |  | x", "N M", "< q"]


# ---------------------------------------------------------------- DOCX import and export


def test_docx_merges_and_header_rows_survive_import_and_export(tmp_path):
    policy = import_document(MERGED).policy
    across, down = merges_in(MERGED)
    assert (across, down) == (41, 4)  # as the file holds them
    assert model_merges(policy) == (across, down)
    assert [t.header for t in tables(policy)] == header_rows(MERGED)
    out = tmp_path / "clean.docx"
    export_docx(policy, out, NEW_INFO, toc=False)
    assert merges_in(out) == (across, down)
    assert header_rows(out) == header_rows(MERGED)  # none invented, none lost
    assert tables(import_document(out).policy) == tables(policy)


def test_a_table_without_header_rows_gets_none(tmp_path):
    policy = import_document(NESTED).policy
    assert [t.header for t in tables(policy)] == [0]
    out = tmp_path / "clean.docx"
    export_docx(policy, out, NEW_INFO, toc=False)
    assert header_rows(out) == [0]
    assert "<th>" not in body_html(policy.sections[0].body + "".join(s.body for s in policy.sections))


def test_nested_table_is_nested_and_its_words_are_kept_once(tmp_path):
    policy = import_document(NESTED).policy
    [table] = tables(policy)
    [inner] = [t for row in table.nested for cell in row for t in cell]
    assert [[body.plain_text(body.write_runs(c)) for c in row] for row in inner.rows] == [
        ["Nested table", ""], ["", "More of our nested table"]]
    text = " ".join(body.plain_text(s.body) for s, _ in policy.walk())
    assert text.count("Nested table") == 1 and text.count("More of our nested table") == 1
    out = tmp_path / "clean.docx"
    export_docx(policy, out, NEW_INFO, toc=False)
    nested = [t for t in document_xml(out).iter(W + "tbl")
              if any(a.tag == W + "tc" for a in t.iterancestors())]
    assert len(nested) == 1
    assert tables(import_document(out).policy) == [table]


# ---------------------------------------------------------------- HTML


HTML = """<html><body><h1>Retention</h1><h2>Periods</h2>
<table><thead><tr><th rowspan="2">Kind</th><th colspan="2">Kept</th></tr>
<tr><th>Months</th><th>Why</th></tr></thead>
<tbody><tr><td>Logs</td><td>12</td><td>security</td></tr>
<tr><td colspan="2">Tickets, for as long as needed</td><td>support</td></tr></tbody></table>
<table><tr><td>Plain<table><tr><td>inner</td><td>cell</td></tr></table></td><td>b</td></tr></table>
</body></html>"""


def test_html_colspan_rowspan_and_th_round_trip(tmp_path):
    source = tmp_path / "retention.html"
    source.write_text(HTML, encoding="utf-8")
    policy = import_document(source).policy
    first, second = tables(policy)
    assert first.header == 2 and first.spans(0, 0) == (1, 2) and first.spans(0, 1) == (2, 1)
    assert first.spans(3, 0) == (2, 1)
    assert second.header == 0 and second.nested_at(0, 0)[0].rows[0][1] == (body.Run("cell"),)
    out = tmp_path / "out.html"
    export_html(policy, out, NEW_INFO)
    again = import_document(out).policy
    assert tables(again) == [first, second]
    html = out.read_text(encoding="utf-8")
    assert 'rowspan="2"' in html and 'colspan="2"' in html and html.count("<thead>") == 1


# ---------------------------------------------------------------- redlines

ROWS = ("| Kind | Kept | Why |\n| --- | --- | --- |\n| Logs | 1 year | security |\n"
        "| Tickets | 2 years | support |\n| Mail | 3 years | law |")
CASES = {
    "row deleted": (ROWS, ROWS.replace("| Tickets | 2 years | support |\n", "")),
    "row emptied": (ROWS, ROWS.replace("| Tickets | 2 years | support |", "|  |  |  |")),
    "row added": (ROWS, ROWS + "\n| Chat | 1 month | help |"),
    "cell edited": (ROWS, ROWS.replace("2 years", "5 years")),
    "header row replaced": (ROWS, ROWS.replace("| Kind | Kept | Why |\n", "").replace(
        "| --- | --- | --- |\n| Logs | 1 year | security |",
        "| Logs | 1 year | security |\n| --- | --- | --- |")),
    "paragraph moved into a table": ("Moved paragraph text here.\n\n" + ROWS,
                                     ROWS.replace("| law |", "| law. Moved paragraph text here. |")),
    "merge kept": (ROWS.replace("| Mail | 3 years | law |", "| Mail | < | law |"),
                   ROWS.replace("| Mail | 3 years | law |", "| Mail | < | statute |")),
}


def redline_case(case: str, folder: Path) -> tuple[Path, Path, Path]:
    old_body, new_body = CASES[case]
    old = Policy("Retention", [Section("Periods", old_body, id="p")])
    new = Policy("Retention", [Section("Periods", new_body, id="p")])
    out, clean_old, clean_new = folder / "redline.docx", folder / "old.docx", folder / "new.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    return out, clean_old, clean_new


def clean_shape(path: Path) -> list[list[int]]:
    return resolved_shape(path, "accept")


@pytest.mark.parametrize("case", list(CASES))
def test_redline_accept_and_reject_give_each_table_with_its_shape(case, tmp_path):
    out, clean_old, clean_new = redline_case(case, tmp_path)
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)
    assert resolved_shape(out, "accept") == clean_shape(clean_new)
    assert resolved_shape(out, "reject") == clean_shape(clean_old)
    root = document_xml(out)
    assert max(len(tr.findall(W + "tc")) for tr in root.iter(W + "tr")) <= 3
    assert root.find(f".//{W}ins") is not None or root.find(f".//{W}del") is not None
    header = [tr for tr in root.iter(W + "tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header) <= 2  # only the texts' own header rows repeat


def test_deleted_and_added_rows_are_tracked_rows(tmp_path):
    for case, kind in (("row deleted", "del"), ("row added", "ins"), ("row emptied", "ins")):
        out, _, _ = redline_case(case, tmp_path)
        tracked = [tr for tr in document_xml(out).iter(W + "tr") if tr.find(f"{W}trPr/{W}{kind}") is not None]
        assert len(tracked) == 1, case


@pytest.mark.parametrize("case", ["row deleted", "row emptied", "header row replaced", "merge kept"])
def test_libreoffice_accept_all_and_reject_all_of_a_table(case, office, tmp_path):  # noqa: F811
    out, clean_old, clean_new = redline_case(case, tmp_path)

    def lo(path: Path, command: str | None = None) -> list[str]:
        # LibreOffice holds an empty cell of a tracked row by a zero-width joiner of its own
        return [w for w in (w.replace("\u200d", "") for w in office_words(office, path, command)) if w]

    assert lo(out, "Accept") == lo(clean_new)
    assert lo(out, "Reject") == lo(clean_old)


def test_redline_of_a_real_table_document_with_a_row_removed(tmp_path):
    old = import_document(MERGED).policy
    row = "| **50** | 16.0000 | LOGLOG | 6.0000 | 29.0000 |\n"
    new = import_document(MERGED).policy
    [holder] = [s for s, _ in new.walk() if row in s.body]
    holder.body = holder.body.replace(row, "")
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    clean_old, clean_new = tmp_path / "old.docx", tmp_path / "new.docx"
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    assert resolved_shape(out, "accept") == clean_shape(clean_new)
    assert resolved_shape(out, "reject") == clean_shape(clean_old)
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)


@pytest.mark.parametrize("source", [MERGED, NESTED], ids=["merged", "nested"])
def test_libreoffice_reads_the_clean_export_with_every_table_word_once(source, office, tmp_path):  # noqa: F811
    """LibreOffice opens the exported tables (merges and a nested table) and finds each word once."""
    policy = import_document(source).policy
    out = tmp_path / "clean.docx"
    export_docx(policy, out, NEW_INFO, toc=False)
    shown = office_words(office, out)
    for table in tables(policy):
        table_words = " ".join(body.table_plain(table)).replace(" | ", " ").split()
        for word in set(table_words):
            assert shown.count(word) >= table_words.count(word), word
    nested = [w for t in tables(policy) for row in t.nested for cell in row for inner in cell
              for w in " ".join(body.table_plain(inner)).replace(" | ", " ").split()]
    everything = (policy.title + " " + " ".join(f"{s.heading} {body.plain_text(s.body)}"
                                                for s, _ in policy.walk())).split()
    for word in set(nested):  # a nested table's words are not repeated (they were, flattened)
        assert shown.count(word) == everything.count(word), word


def test_a_column_added_marks_its_cells_inserted(tmp_path):
    """Rows both versions have keep their tracked rows off; the new column's cells are w:cellIns
    (LibreOffice 7.4 keeps such a column, emptied, on reject-all; the words are exact)."""
    old_body = "| Kind | Kept |\n| --- | --- |\n| Logs | 1 year |\n| Mail | 3 years |"
    new_body = ("| Kind | Kept | Why |\n| --- | --- | --- |\n| Logs | 1 year | security |\n"
                "| Mail | 3 years | law |")
    old = Policy("Retention", [Section("Periods", old_body, id="p")])
    new = Policy("Retention", [Section("Periods", new_body, id="p")])
    out, clean_old, clean_new = tmp_path / "redline.docx", tmp_path / "old.docx", tmp_path / "new.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    root = document_xml(out)
    inserted = [tc for tc in root.iter(W + "tc") if tc.find(f"{W}tcPr/{W}cellIns") is not None]
    assert len(inserted) == 3 and root.find(f".//{W}trPr/{W}ins") is None
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)


def test_text_after_a_nested_table_is_named_where_it_moves(tmp_path):
    # the fault: a cell holding text, a nested table, then more text came back with all its text
    # before the nested table, and neither import nor export said so (DOCX and HTML alike)
    import docx

    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "Alpha before the inner table."
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Inner one", "Inner two"
    cell.add_paragraph("Omega after the inner table.")
    document.save(tmp_path / "nested.docx")
    (tmp_path / "nested.html").write_text(
        "<h1>T</h1><table><tr><td><p>Alpha before the inner table.</p><table><tr><td>Inner one</td>"
        "<td>Inner two</td></tr></table><p>Omega after the inner table.</p></td></tr></table>",
        encoding="utf-8")
    said = ("1 table cell held text after a table nested in it: a cell's nested tables follow its text, "
            "so that text now stands before the nested table")
    for name in ("nested.docx", "nested.html"):
        result = import_document(tmp_path / name)
        assert said in result.report, (name, result.report)
    before = tmp_path / "before.html"
    before.write_text("<h1>T</h1><table><tr><td><p>Alpha.</p><table><tr><td>Inner</td></tr></table></td></tr>"
                      "</table>", encoding="utf-8")
    assert not [line for line in import_document(before).report if "nested" in line]  # text first: as it was
