"""Tables nested in a cell in the redlines: the HTML and the tracked DOCX draw them as nested tables,
as the clean exports do, with edits inside their cells tracked as words and a nested row one text
alone has as a tracked row, so accept-all and reject-all give each side's nested table, read back
by python-docx."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as Docx

from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import render_html as clean_html
from policyeditor.formats.importers import import_document
from policyeditor.formats.redline.docx import export_redline_docx
from policyeditor.formats.redline.html import render_html as redline_html
from policyeditor.formats.redline.text import render_text
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, office, office_words, words  # noqa: F401
from tests.formats.test_table_merges import exports, policy, resolved

DATA = Path(__file__).resolve().parents[1] / "data" / "poi-docx"


def inner(rows: list[str]) -> str:
    """A nested table's spelling, rows of comma-separated cells."""
    cells = ("<tr>" + "".join("<td>" + c for c in row.split(",")) for row in rows)
    return "<table>" + "".join(cells) + "</table>"


def outer(nested: str) -> str:
    return f"| Kind | Kept |\n| --- | --- |\n| Logs{nested} | 1 year |\n| Mail | 3 years |"


def long_outer(nested: str) -> str:
    """A cell whose words outweigh the nested table, so the diff keeps its row."""
    return (f"| Kind | Kept |\n| --- | --- |\n| Logs are kept for the security team to read later{nested} "
            "| 1 year and a long time after that |\n| Mail | 3 years |")


BASE = inner(["a1,a2", "b1,b2"])
CASES = {
    "word changed in a nested cell": (outer(BASE), outer(inner(["a1,a2", "b1,changed words"]))),
    "nested row inserted": (outer(BASE), outer(inner(["a1,a2", "b1,b2", "c1,c2"]))),
    "nested row deleted": (outer(inner(["a1,a2", "b1,b2", "c1,c2"])), outer(BASE)),
    "nested first row deleted": (outer(BASE), outer(inner(["b1,b2"]))),
    "nested column added": (outer(BASE), outer(inner(["a1,a2,a3", "b1,b2,b3"]))),
    "nested table added": (outer(""), outer(BASE)),
    "nested table removed": (outer(BASE), outer("")),
    "nested row replaced": (outer(inner(["a1,a2"])), outer(inner(["totally,different,three"]))),
    "nested cells merged, a word changed": (outer(inner(["a1,<", "b1,b2", "^,c2"])),
                                            outer(inner(["a1,<", "b1,changed", "^,c2"]))),
    "nested table added to a kept cell": (long_outer(""), long_outer(BASE)),
    "nested table removed from a kept cell": (long_outer(BASE), long_outer("")),
    "second nested table added": (long_outer(BASE), long_outer(BASE + inner(["z1,z2"]))),
    "nested table inside a nested table": (
        outer(inner(["a1,a2" + inner(["x,y"])])), outer(inner(["a1,a2" + inner(["x,z", "u,v"])]))),
}


def shapes(docx_bytes: bytes) -> list:
    """Per table python-docx reads: per row, per cell, its text and the shapes nested in it."""
    def table_shape(table) -> list:
        return [[(cell.text, [table_shape(t) for t in cell.tables]) for cell in row.cells]
                for row in table.rows]
    return [table_shape(t) for t in Docx(io.BytesIO(docx_bytes)).tables]


@pytest.mark.parametrize("case", list(CASES))
def test_accept_and_reject_give_each_sides_nested_table(case, tmp_path):
    out, clean_old, clean_new = exports(*CASES[case], tmp_path)
    accepted = shapes(resolved(out, "accept", tmp_path).read_bytes())
    rejected = shapes(resolved(out, "reject", tmp_path).read_bytes())
    assert accepted == shapes(clean_new.read_bytes())
    assert rejected == shapes(clean_old.read_bytes())
    assert accepted != rejected
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)


class _Nesting(HTMLParser):
    """Inside <main>: each <table>'s depth and the words of each <td> directly holding a table."""

    def __init__(self) -> None:
        super().__init__()
        self.main = self.depth = 0
        self.depths: list[int] = []

    def handle_starttag(self, tag, attrs):
        self.main += tag == "main"
        if self.main and tag == "table":
            self.depth += 1
            self.depths.append(self.depth)

    def handle_endtag(self, tag):
        self.main -= tag == "main"
        if self.main and tag == "table":
            self.depth -= 1


def test_html_redline_draws_a_nested_table_inside_its_cell():
    old, new = CASES["nested row inserted"]
    html = redline_html(compare(policy(old), policy(new)))
    parser = _Nesting()
    parser.feed(html)
    assert parser.depths == [1, 2]
    assert "<td>Logs<table><tbody><tr><td>a1</td><td>a2</td></tr>" in html
    assert '<tr class="chg"><td><ins' in html  # the inserted nested row, its words inserted
    merged = redline_html(compare(*(policy(t) for t in CASES["nested cells merged, a word changed"])))
    assert '<table><tbody><tr><td colspan="2">a1</td></tr><tr class="chg"><td rowspan="2">b1</td>' in merged
    deep = redline_html(compare(*(policy(t) for t in CASES["nested table inside a nested table"])))
    parser = _Nesting()
    parser.feed(deep)
    assert parser.depths == [1, 2, 3]


def test_a_real_documents_nested_table_in_its_redline(tmp_path):
    """bug65738.docx: a table nested in a cell; its redline (one word of the nested table changed)
    holds it nested, and accept/reject give each side's shapes."""
    old = import_document(DATA / "bug65738.docx").policy
    new = import_document(DATA / "bug65738.docx").policy
    [holder] = [s for s, _ in new.walk() if "<table>" in s.body]
    holder.body = holder.body.replace("More of our nested table", "More of our own nested table")
    out, clean_old, clean_new = tmp_path / "redline.docx", tmp_path / "old.docx", tmp_path / "new.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    assert shapes(resolved(out, "accept", tmp_path).read_bytes()) == shapes(clean_new.read_bytes())
    assert shapes(resolved(out, "reject", tmp_path).read_bytes()) == shapes(clean_old.read_bytes())
    assert any(cell[1] for t in shapes(out.read_bytes()) for row in t for cell in row)
    parser = _Nesting()
    parser.feed(redline_html(compare(old, new)))
    assert 2 in parser.depths


def test_the_text_redline_still_reads_a_nested_table_as_lines_of_its_cell():
    old, new = CASES["word changed in a nested cell"]
    text = render_text(compare(policy(old), policy(new)))
    assert "\x10" not in text and "\x13" not in text
    assert "[-b2-]{+changed words+}" in text


def filled(path: Path) -> list:
    """`shapes` without the top-level tables that hold nothing (the document's one-cell empty table:
    no redline draws a table without a character in it, nested or not)."""
    return [t for t in shapes(path.read_bytes()) if any(c[0].strip() or c[1] for row in t for c in row)]


def test_two_nested_tables_in_one_cell_of_a_real_document(tmp_path):
    """drawing.docx: two tables nested in one cell (the second of one empty cell); a word of the
    first changed: each stays nested where it was, and accept/reject give each side's shapes."""
    old = import_document(DATA / "drawing.docx").policy
    new = import_document(DATA / "drawing.docx").policy
    [holder] = [s for s, _ in new.walk() if "**Вкратце**" in s.body]
    assert "**Вкратце**<br>13.04.2006,</table><table><tr><td></table> |" in holder.body
    holder.body = holder.body.replace("**Вкратце**", "**Коротко**")
    out, clean_old, clean_new = tmp_path / "redline.docx", tmp_path / "old.docx", tmp_path / "new.docx"
    redline = compare(old, new)
    assert len(redline.changes) == 1
    export_redline_docx(redline, out, OLD_INFO, NEW_INFO)
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    assert filled(resolved(out, "accept", tmp_path)) == filled(clean_new)
    assert filled(resolved(out, "reject", tmp_path)) == filled(clean_old)
    nested = [cell[1] for t in shapes(out.read_bytes()) for row in t for cell in row if cell[1]]
    assert [len(tables) for tables in nested] == [len(tables) for t in shapes(clean_new.read_bytes())
                                                  for row in t for cell in row if (tables := cell[1])]
    assert [2] in [[len(tables)] for tables in nested]
    drawn, clean = _Nesting(), _Nesting()
    drawn.feed(redline_html(redline))
    clean.feed(clean_html(new, NEW_INFO))
    # the nested tables as the clean page nests them (it also draws the empty table, see `filled`)
    assert [d for d in drawn.depths if d > 1] == [d for d in clean.depths if d > 1]
    assert drawn.depths.count(4) == 1  # one three deep in a cell


def test_an_unchanged_nested_table_is_the_clean_exports(tmp_path):
    source = policy(CASES["nested table inside a nested table"][0])
    out, clean = tmp_path / "redline.docx", tmp_path / "clean.docx"
    export_redline_docx(compare(source, source), out, OLD_INFO, NEW_INFO)
    export_docx(source, clean, OLD_INFO, toc=False)
    assert shapes(out.read_bytes()) == shapes(clean.read_bytes())
    assert b"w:ins " not in zipfile.ZipFile(out).read("word/document.xml")


@pytest.mark.parametrize("case", ["nested row inserted", "nested row deleted",
                                  "word changed in a nested cell", "nested table added to a kept cell"])
def test_libreoffice_accept_all_and_reject_all_of_a_nested_table(case, office, tmp_path):  # noqa: F811
    out, clean_old, clean_new = exports(*CASES[case], tmp_path)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)
