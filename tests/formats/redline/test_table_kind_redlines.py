"""A paragraph made a table row (and back) in every redline: its words deleted where they were and
inserted in their new block, so the text redline, the HTML, the window's rich text, the tracked
DOCX (with Accept All / Reject All, ours and LibreOffice's) and the blackline each give exactly
the new blocks with the deletions dropped and the old ones with the insertions dropped. Inside
a table cell a change of formatting alone carries its blackline note too."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as Docx
from lxml import etree

from policyeditor.core import body
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.blackline import export_blackline_docx
from policyeditor.formats.redline.html import render_html
from policyeditor.formats.redline.rich_text import inline_html
from policyeditor.formats.redline.text import render_text
from tests.diff.test_table_kinds import CASES
from tests.formats.redline.test_blackline import _marked
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, assert_exact, exports, office, office_resolved  # noqa: F401
from tests.formats.test_table_merges import resolved

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def policies(name: str) -> tuple[Policy, Policy]:
    old, new, _ = CASES[name]
    return Policy("P", [Section("T", old, id="t")]), Policy("P", [Section("T", new, id="t")])


def body_blocks(text: str) -> list[tuple]:
    """What a reader sees of a body, block by block: a paragraph's (or item's) words, a row's cells' words."""
    out: list[tuple] = []
    for block in body.parse(text):
        if isinstance(block, body.Table):
            out += [("tr", tuple(body.runs_plain(cell) for cell in row)) for row in block.rows]
        elif isinstance(block, body.ListBlock):
            out += [("p", body.runs_plain(item.runs)) for item in block.items]
        else:
            out.append(("p", body.runs_plain(block.runs)))
    return out


# ---------------------------------------------------------------- text


def test_text_redline_strikes_the_paragraph_and_inserts_the_row():
    text = render_text(compare(*policies("paragraph made a one-cell table")))
    assert "\nIntro.\n\n[-Notice text.-]\n\n| {+Notice text.+} |\n" in text
    text = render_text(compare(*policies("row added, its words a paragraph")))
    assert "| Kind | Kept |\n| {+Logs+} | {+1 year+} |\n\n[-Logs 1 year-]\n" in text


# ---------------------------------------------------------------- HTML and the window's rich text


class _Blocks(HTMLParser):
    """The paragraphs and table rows of a redline page (inside <main>, or all of a rich text),
    with <del> (or <ins>) dropped: ("p", words) and ("tr", (cell words, ...))."""

    def __init__(self, drop: str, whole: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.drop, self.inside, self.skip, self.markers = drop, whole, 0, whole
        self.blocks: list[list] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "main":
            self.inside = True
        elif not self.inside:
            return
        if self.skip or tag == self.drop or "old-marker" in classes:
            self.skip += tag not in ("br",)
        elif tag == "p":
            self.blocks.append(["p", ""])
        elif tag == "tr":
            self.blocks.append(["tr", []])
        elif tag == "td":
            self.blocks[-1][1].append("")

    def handle_endtag(self, tag):
        if self.inside and self.skip and tag != "br":
            self.skip -= 1

    def handle_data(self, data):
        if not self.inside or self.skip or not self.blocks:
            return
        kind, content = self.blocks[-1]
        if kind == "p":
            self.blocks[-1][1] += data
        elif content:
            content[-1] += data

    def result(self) -> list[tuple]:
        out = []
        for kind, content in self.blocks:
            words = " ".join(content.split()) if kind == "p" else ""
            if self.markers:  # the rich text writes a list item's marker as its text
                words = re.sub(r"^(•|\d+\.)( |$)", "", words)
            if words:
                out.append(("p", words))
            elif kind == "tr" and any(cell.strip() for cell in content):
                out.append(("tr", tuple(" ".join(cell.split()) for cell in content)))
        return out


def html_blocks(html: str, drop: str, whole: bool = False) -> list[tuple]:
    parser = _Blocks(drop, whole)
    parser.feed(html)
    return parser.result()


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("writer", ["html", "rich text"])
def test_html_and_rich_text_give_each_texts_blocks(name, writer):
    old, new = policies(name)
    redline = compare(old, new)
    html = render_html(redline) if writer == "html" else inline_html(redline)
    whole = writer == "rich text"
    assert html_blocks(html, "del", whole) == body_blocks(new.sections[0].body)
    assert html_blocks(html, "ins", whole) == body_blocks(old.sections[0].body)


# ---------------------------------------------------------------- DOCX


def docx_blocks(path: Path) -> list[tuple]:
    """The body of a DOCX below its heading "T": ("p", text) per paragraph with text, ("tr", cells)
    per row."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("word/document.xml"))
    out: list[tuple] = []
    for element in root.find(W + "body"):
        if element.tag == W + "p":
            text = "".join(t.text or "" for t in element.iter(W + "t"))
            if text.strip():
                out.append(("p", text.strip()))
        elif element.tag == W + "tbl":
            out += [("tr", tuple("".join(t.text or "" for t in tc.iter(W + "t")) for tc in tr.iter(W + "tc")))
                    for tr in element.iter(W + "tr")]
    return out[out.index(("p", "T")) + 1:]


@pytest.mark.parametrize("name", list(CASES))
def test_tracked_docx_accept_and_reject_give_each_texts_blocks(name, tmp_path):
    old, new = policies(name)
    out, clean_old, clean_new = exports(old, new, tmp_path)
    assert docx_blocks(resolved(out, "accept", tmp_path)) == docx_blocks(clean_new) \
        == body_blocks(new.sections[0].body)
    assert docx_blocks(resolved(out, "reject", tmp_path)) == docx_blocks(clean_old) \
        == body_blocks(old.sections[0].body)
    assert_exact(out, clean_old, clean_new)


@pytest.mark.parametrize("name", ["paragraph made a one-cell table", "row added, its words a paragraph",
                                  "row removed, its words a paragraph", "the body's first paragraph"])
def test_libreoffice_accept_all_and_reject_all_give_each_texts_blocks(name, office, tmp_path):  # noqa: F811
    old, new = policies(name)
    out, _, _ = exports(old, new, tmp_path)
    assert docx_blocks(office_resolved(office, out, "Accept")) == body_blocks(new.sections[0].body)
    assert docx_blocks(office_resolved(office, out, "Reject")) == body_blocks(old.sections[0].body)


# ---------------------------------------------------------------- blackline


def blackline(old: Policy, new: Policy, folder: Path):
    out = folder / "blackline.docx"
    export_blackline_docx(compare(old, new).with_labels("v1", "v2"), out, OLD_INFO, NEW_INFO)
    return Docx(str(out))


def test_blackline_strikes_the_paragraph_and_underlines_the_row(tmp_path):
    document = blackline(*policies("paragraph made a one-cell table"), tmp_path)
    [struck] = [p for p in document.paragraphs if "Notice text." in p.text]
    assert _marked(struck) == [("struck", "Notice text.")]
    [cell] = document.tables[-1].rows[0].cells
    assert _marked(cell.paragraphs[0]) == [("inserted", "Notice text.")]


def test_blackline_notes_a_change_of_formatting_alone_inside_a_table_cell(tmp_path):
    table = "| Kind | Kept |\n| --- | --- |\n| {} | 1 year |"
    old, new = (Policy("P", [Section("T", table.format(words), id="t")])
                for words in ("**Logs**", "[Logs](https://example.com/logs)"))
    [_, row] = blackline(old, new, tmp_path).tables[-1].rows
    assert _marked(row.cells[0].paragraphs[0]) == [("reformatted", "Logs"),
                                                   ("note", " [Formatted: link added, bold removed]")]
    assert _marked(row.cells[1].paragraphs[0]) == [("plain", "1 year")]
