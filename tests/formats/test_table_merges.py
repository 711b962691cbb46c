"""Merged cells in redlines: the HTML redline draws them as the clean export does (colspan/rowspan),
and a merge or split between versions is a change (listed, in the JSON) whose DOCX accept-all and
reject-all give each side's table shape exactly, read back by python-docx.

A row whose merges changed is tracked as its old row deleted and its new row inserted: Word has
no merge revision that it and LibreOffice both honour (w:cellMerge / a gridSpan in w:tcPrChange
are dropped by LibreOffice), and tracked rows they both accept and reject.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as Docx
from lxml import etree

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import render_html as clean_html
from policyeditor.formats.importers import import_document
from policyeditor.formats.redline.docx import export_redline_docx
from policyeditor.formats.redline.html import render_html as redline_html
from policyeditor.formats.redline.json import redline_data
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, office, office_words, words  # noqa: F401
from tests.formats.test_tables import MERGED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# ---------------------------------------------------------------- reading HTML tables


class _Tables(HTMLParser):
    """The top-level tables inside <main>: per row, each cell's (colspan, rowspan)."""

    def __init__(self) -> None:
        super().__init__()
        self.main = self.depth = 0
        self.tables: list[list[list[tuple[int, int]]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.main += 1
        if not self.main:
            return
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.tables[-1].append([])
        elif self.depth == 1 and tag in ("td", "th"):
            a = dict(attrs)
            self.tables[-1][-1].append((int(a.get("colspan", 1)), int(a.get("rowspan", 1))))

    def handle_endtag(self, tag):
        if tag == "main":
            self.main -= 1
        elif self.main and tag == "table":
            self.depth -= 1


def html_spans(html: str) -> list[list[list[tuple[int, int]]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def policy(text: str) -> Policy:
    return Policy("Retention", [Section("Periods", text, id="p")])


ROW = "| **50** | 16.0000 | LOGLOG | 6.0000 | 29.0000 |\n"


def without_row() -> tuple[Policy, Policy]:
    old = import_document(MERGED).policy
    new = import_document(MERGED).policy
    [holder] = [s for s, _ in new.walk() if ROW in s.body]
    holder.body = holder.body.replace(ROW, "")
    return old, new


def test_html_redline_of_a_real_document_draws_its_merges_as_the_clean_export():
    old, new = without_row()
    spans = html_spans(clean_html(old, OLD_INFO))
    assert sum(c != (1, 1) for t in spans for row in t for c in row) > 10  # the file's merges
    # edited elsewhere: every table of the redline is the clean export's table, spans and all
    edited = import_document(MERGED).policy
    edited.sections[-1].body += "\n\nOne more line."
    assert html_spans(redline_html(compare(old, edited))) == spans
    # a row deleted: it stays, struck, in the table as it stood; a row inserted likewise
    assert html_spans(redline_html(compare(old, new))) == spans
    assert html_spans(redline_html(compare(new, old))) == spans


BASE = "| Kind | Kept | Why |\n| --- | --- | --- |\n| Logs | 1 year | security |\n| Mail | 3 years | law |"


def test_html_redline_row_inserted_and_deleted_under_a_merge():
    base, logs = BASE, "| Logs | 1 year | security |"
    grown = base.replace(logs, logs + "\n| ^ | 2 years | audit |")
    rows = [[(1, 1)] * 3, [(1, 2), (1, 1), (1, 1)], [(1, 1)] * 2, [(1, 1)] * 3]
    assert html_spans(redline_html(compare(policy(base), policy(grown)))) == [rows]
    assert html_spans(redline_html(compare(policy(grown), policy(base)))) == [rows]
    assert html_spans(clean_html(policy(grown), NEW_INFO)) == [rows]


def test_html_redline_first_row_deleted_keeps_one_table():
    """The old text's first row deleted: the new text's first row follows it in the same table (the
    HTML parted them into two tables there, misaligning a merge below; the DOCX did not)."""
    old = "| --- | --- | --- |\n| a | b | c |\n| e | f | < |"
    new = "| --- | --- | --- |\n| e | f | < |"
    rows = [[(1, 1)] * 3, [(1, 1), (2, 1)]]
    assert html_spans(redline_html(compare(policy(old), policy(new)))) == [rows]
    assert html_spans(redline_html(compare(policy(new), policy(old)))) == [rows]
    two = "| a | b |\n| --- | --- |\n\n| c | d |\n| --- | --- |"  # two tables stay two
    assert len(html_spans(redline_html(compare(policy(two), policy(two.replace("d", "e")))))) == 2


# ---------------------------------------------------------------- merges that changed

MERGE_CASES = {
    "cells merged across": (BASE, BASE.replace("| Mail | 3 years | law |", "| Mail | < | law |")),
    "cells split across": (BASE.replace("| Mail | 3 years | law |", "| Mail | < | law |"), BASE),
    "cells merged down": (BASE, BASE.replace("| Mail | 3 years | law |", "| ^ | 3 years | law |")),
    "cells split down": (BASE.replace("| Mail | 3 years | law |", "| ^ | 3 years | law |"), BASE),
    "merge moved": (BASE.replace("| Mail | 3 years | law |", "| Mail | < | law |"),
                    BASE.replace("| Mail | 3 years | law |", "| Mail | 3 years | < |")),
}
LABELS = {"cells merged across": ["cells merged"], "cells split across": ["cells split"],
          "cells merged down": ["cells merged"], "cells split down": ["cells split"],
          "merge moved": ["cells split", "cells merged"]}


def resolved(path: Path, mode: str, folder: Path) -> Path:
    """A copy of a redline DOCX with every revision accepted or rejected as Word does: tracked
    rows and cells (w:cellIns/w:cellDel) go or stay (a table left without rows goes), w:ins/w:del
    runs are kept or dropped, a paragraph whose mark goes joins the paragraph after it."""
    gone, kept = ("del", "ins") if mode == "accept" else ("ins", "del")
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for tr in list(root.iter(W + "tr")):
        if tr.find(f"{W}trPr/{W}{gone}") is not None:
            tr.getparent().remove(tr)
    for tbl in list(root.iter(W + "tbl")):
        if tbl.find(W + "tr") is None:
            tbl.getparent().remove(tbl)
    for p in list(root.iter(W + "p")):
        following = p.getnext()
        if p.find(f"{W}pPr/{W}rPr/{W}{gone}") is not None and following is not None \
                and following.tag == W + "p":
            at = 1 if following.find(W + "pPr") is not None else 0
            for child in reversed([c for c in p if c.tag != W + "pPr"]):
                following.insert(at, child)
            p.getparent().remove(p)
    cell = {"del": "cellDel", "ins": "cellIns"}
    for tc in list(root.iter(W + "tc")):
        if tc.find(f"{W}tcPr/{W}{cell[gone]}") is not None:
            tc.getparent().remove(tc)
    moves = {"del": "moveFrom", "ins": "moveTo"}
    for tag in (gone, moves[gone]):
        for el in list(root.iter(W + tag)):
            if el.getparent().tag not in (W + "rPr", W + "pPr", W + "trPr"):
                el.getparent().remove(el)
    for tag in (kept, moves[kept]):
        for el in list(root.iter(W + tag)):
            if el.getparent().tag in (W + "rPr", W + "pPr", W + "trPr"):
                continue
            for child in list(el):
                el.addprevious(child)
            el.getparent().remove(el)
    for t in root.iter(W + "delText"):
        t.tag = W + "t"
    parts["word/document.xml"] = etree.tostring(root)
    out = folder / f"{path.stem}-{mode}.docx"
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def table_shapes(path: Path) -> list[list[list[tuple[int, str]]]]:
    """Per table, as python-docx reads it: per row, per grid column, (which cell, its text once)."""
    out = []
    for table in Docx(io.BytesIO(path.read_bytes())).tables:
        seen: dict[str, int] = {}
        rows = []
        for row in table.rows:
            line = []
            for cell in row.cells:
                where = cell._tc.getroottree().getpath(cell._tc)  # the w:tc it reads, merges included
                first = where not in seen
                seen.setdefault(where, len(seen))
                line.append((seen[where], cell.text if first else ""))
            rows.append(line)
        out.append(rows)
    return out


def exports(old_body: str, new_body: str, folder: Path) -> tuple[Path, Path, Path]:
    old, new = policy(old_body), policy(new_body)
    out, clean_old, clean_new = folder / "redline.docx", folder / "old.docx", folder / "new.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    return out, clean_old, clean_new


@pytest.mark.parametrize("case", list(MERGE_CASES))
def test_a_merge_changed_is_a_change_and_accept_reject_give_each_shape(case, tmp_path):
    old_body, new_body = MERGE_CASES[case]
    redline = compare(policy(old_body), policy(new_body))
    assert [c.table for c in redline.changes] == LABELS[case]
    assert [c["table"] for c in redline_data(redline)["changes"]] == LABELS[case]
    out, clean_old, clean_new = exports(old_body, new_body, tmp_path)
    assert table_shapes(resolved(out, "accept", tmp_path)) == table_shapes(clean_new)
    assert table_shapes(resolved(out, "reject", tmp_path)) == table_shapes(clean_old)
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)
    # the HTML: the old row struck and the new one inserted, each with its merges
    spans = html_spans(redline_html(redline))[0]
    old_spans, new_spans = html_spans(clean_html(policy(old_body), OLD_INFO))[0], \
        html_spans(clean_html(policy(new_body), NEW_INFO))[0]
    assert len(spans) == 4 and sorted(spans[2:]) == sorted([old_spans[2], new_spans[2]])


def test_a_row_removed_from_a_real_table_resolves_to_each_shape(tmp_path):
    old, new = without_row()
    out, clean_old, clean_new = tmp_path / "redline.docx", tmp_path / "old.docx", tmp_path / "new.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    assert table_shapes(resolved(out, "accept", tmp_path)) == table_shapes(clean_new)
    assert table_shapes(resolved(out, "reject", tmp_path)) == table_shapes(clean_old)


@pytest.mark.parametrize("case", ["cells merged across", "cells split down"])
def test_libreoffice_accept_all_and_reject_all_of_a_merge_changed(case, office, tmp_path):  # noqa: F811
    out, clean_old, clean_new = exports(*MERGE_CASES[case], tmp_path)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)


def test_the_change_list_names_a_merge_and_its_words():
    from policyeditor.gui.editing.change_list import describe

    for case, line in (("cells merged across", "Cells merged · §1 Periods: “3 years”"),
                       ("cells split down", "Cells split · §1 Periods: “Mail”")):
        redline = compare(*(policy(text) for text in MERGE_CASES[case]))
        assert describe(redline.changes[0], redline) == line


DOWN = BASE.replace("| Logs | 1 year | security |", "| Logs | 1 year | security |\n| ^ | 2 years | audit |")
ROW_CASES = {
    "row under a merge deleted": (DOWN, BASE),
    "row under a merge inserted": (BASE, DOWN),
    "middle row of a merge deleted": (DOWN.replace("| ^ | 2 years | audit |",
                                                   "| ^ | 2 years | audit |\n| ^ | 4 years | tax |"), DOWN),
    "a merge's first row deleted": (DOWN, BASE.replace("| Logs | 1 year | security |\n", "")),
}


@pytest.mark.parametrize("case", list(ROW_CASES))
def test_rows_in_and_out_of_a_merge_resolve_to_each_shape(case, tmp_path):
    out, clean_old, clean_new = exports(*ROW_CASES[case], tmp_path)
    assert table_shapes(resolved(out, "accept", tmp_path)) == table_shapes(clean_new)
    assert table_shapes(resolved(out, "reject", tmp_path)) == table_shapes(clean_old)


# ---------------------------------------------------------------- columns that came or went


def grid(*rows: list[str]) -> str:
    rule = "| " + " | ".join(["---"] * len(rows[0])) + " |"
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([lines[0], rule, *lines[1:]])


TWO = grid(["Kind", "Kept"], ["Logs", "1 year"], ["Mail", "3 years"])
THREE = grid(["Kind", "Kept", "Why"], ["Logs", "1 year", "security"], ["Mail", "3 years", "law"])
COLUMN_CASES = {
    "column added": (TWO, THREE),
    "column deleted": (THREE, TWO),
    "column added first": (TWO, grid(["No", "Kind", "Kept"], ["1", "Logs", "1 year"],
                                     ["2", "Mail", "3 years"])),
    "column added with an empty cell": (TWO, grid(["Kind", "Why", "Kept"], ["Logs", " ", "1 year"],
                                                  ["Mail", "law", "3 years"])),
    # the edited row is a row replaced: its old row, deleted, holds only its own two cells
    "column added and a row edited": (TWO, THREE.replace("1 year", "2 years")),
    "column deleted and a row edited": (THREE.replace("1 year", "2 years"), TWO),
}


@pytest.mark.parametrize("case", list(COLUMN_CASES))
def test_a_column_that_came_or_went_resolves_to_each_shape(case, tmp_path):
    out, clean_old, clean_new = exports(*COLUMN_CASES[case], tmp_path)
    assert table_shapes(resolved(out, "accept", tmp_path)) == table_shapes(clean_new)
    assert table_shapes(resolved(out, "reject", tmp_path)) == table_shapes(clean_old)
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)


def libreoffice_cells(office: list[str], path: Path) -> list[list[tuple[str, set[str]]]]:  # noqa: F811
    """The first table as LibreOffice reads the DOCX (saved as flat ODF): per row, per cell, its
    text and the kinds of tracked change over it ("insertion", "deletion"; empty when none)."""
    subprocess.run([*office, "--convert-to", "fodt", "--outdir", str(path.parent), str(path)],
                   capture_output=True, timeout=180)
    root = etree.parse(str(path.with_suffix(".fodt"))).getroot()
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    kinds = {region.get(f"{{{XML_ID}}}id") or region.get(text + "id"): region[0].tag.removeprefix(text)
             for region in root.iter(text + "changed-region")}
    rows = []
    for row in next(root.iter(table + "table")).iter(table + "table-row"):
        cells = []
        for cell in row.iter(table + "table-cell"):
            changes = {kinds.get(mark.get(text + "change-id"), "")
                       for mark in cell.iter(text + "change-start")}
            cells.append(("".join(cell.itertext()).strip(), changes))
        rows.append(cells)
    return rows


XML_ID = "http://www.w3.org/XML/1998/namespace"


@pytest.mark.parametrize("case, column, kind", [("column added", 2, "insertion"),
                                                ("column deleted", 2, "deletion"),
                                                ("column added first", 0, "insertion")])
def test_libreoffice_shows_a_column_that_came_or_went_as_tracked_words(case, column, kind, office,  # noqa: F811
                                                                       tmp_path):
    """LibreOffice ignores w:cellIns/w:cellDel, so the column's words are tracked too: it shows
    them underlined or struck in every cell of the column, and the other cells unmarked. Its
    Accept All / Reject All give each text's words; the column itself stays, emptied (7.4)."""
    out, clean_old, clean_new = exports(*COLUMN_CASES[case], tmp_path)
    for cells in libreoffice_cells(office, out):
        assert len(cells) == 3
        for index, (words_there, changes) in enumerate(cells):
            assert words_there and changes == ({kind} if index == column else set()), cells
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)


def test_the_text_redline_shows_a_merged_cell_as_an_arrow_not_a_control_character():
    from policyeditor.formats.redline.text import render_text

    lines = {case: render_text(compare(*(policy(t) for t in MERGE_CASES[case]))).splitlines()[-1]
             for case in ("cells merged across", "cells split down")}
    assert lines == {"cells merged across": "| Mail | [-3 years-]{+←+} | law |",
                     "cells split down": "| [-↑-]{+Mail+} | 3 years | law |"}
