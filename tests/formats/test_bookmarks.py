"""Cross-references: a Word link to a bookmark stays a link to its section through import,
the clean DOCX and HTML exports and the redline DOCX (real bookmarks + w:hyperlink w:anchor)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from policyeditor.core import body
from policyeditor.core.cross_refs import section_anchor, section_link
from policyeditor.core.model import Policy, Section, Status
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import render_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers.docx import import_docx
from policyeditor.formats.ooxml.bookmarks import section_bookmark
from policyeditor.formats.redline.blackline import export_blackline_docx
from policyeditor.formats.redline.docx import export_redline_docx

POI = Path(__file__).parents[1] / "data" / "poi-docx"
INFO = ExportInfo("1.0", Status.APPROVED)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def links(policy: Policy) -> list[tuple[str, str]]:
    """(words, target) of every link in the policy's bodies, tables included."""
    out = []
    for section, _ in policy.walk():
        for run in _runs(body.parse(section.body)):
            if run.link:
                out.append((run.text, run.link))
    return out


def _runs(blocks):
    for block in blocks:
        if isinstance(block, body.Paragraph):
            yield from block.runs
        elif isinstance(block, body.ListBlock):
            for item in block.items:
                yield from item.runs
        elif isinstance(block, body.Table):
            for row in block.rows:
                for cell in row:
                    yield from cell


def internal_links(path: Path) -> tuple[list[tuple[str, str]], set[str]]:
    """A DOCX's in-document links (words, w:anchor) in its body text, and its bookmark names."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    found = [("".join(link.itertext()), link.get(W + "anchor")) for link in root.iter(W + "hyperlink")
             if link.get(W + "anchor") is not None]
    return found, {b.get(W + "name") for b in root.iter(W + "bookmarkStart")}


def by_heading(policy: Policy, heading: str) -> Section:
    return next(s for s, _ in policy.walk() if s.heading == heading)


def test_a_link_to_a_word_bookmark_becomes_a_link_to_its_section():
    policy = import_docx(POI / "bug65738.docx").policy  # links to bookmarks OnMainHeading, OnLevel3
    level3 = by_heading(policy, "Heading Level 3")
    assert ("The Level 3 Bookmark", section_link(level3.id)) in links(policy)
    assert ("The Main Heading Bookmark", section_link(policy.sections[0].id)) in links(policy)
    assert not [t for _, t in links(policy) if t.startswith("#") and not t.startswith("#sec-")]


def test_the_clean_docx_writes_cross_references_as_bookmarks_and_anchored_links(tmp_path):
    policy = import_docx(POI / "bug65738.docx").policy
    out = tmp_path / "out.docx"
    export_docx(policy, out, INFO, toc=False)
    found, names = internal_links(out)
    level3 = by_heading(policy, "Heading Level 3")
    assert ("The Level 3 Bookmark", section_bookmark(level3.id)) in found
    assert {anchor for _, anchor in found} <= names  # every link goes to a bookmark that is there
    back = import_docx(out).policy  # and a second import resolves it to the same heading
    assert ("The Level 3 Bookmark", section_link(by_heading(back, "Heading Level 3").id)) in links(back)


def test_the_html_export_links_to_the_section_element():
    policy = import_docx(POI / "bug65738.docx").policy
    level3 = by_heading(policy, "Heading Level 3")
    html = render_html(policy, INFO)
    assert f'href="#{section_anchor(level3.id)}"' in html
    assert f'id="{section_anchor(level3.id)}"' in html


def test_a_link_to_no_section_is_left_as_words_in_docx(tmp_path):
    policy = Policy(title="T", sections=[Section("A", "See [there](#nowhere) and [B](#sec-zz).")])
    out = tmp_path / "out.docx"
    export_docx(policy, out, INFO, toc=False)
    found, _ = internal_links(out)
    assert found == []
    with zipfile.ZipFile(out) as archive:
        assert "there" in archive.read("word/document.xml").decode()


def test_the_redline_docx_keeps_cross_references_working(tmp_path):
    b = Section("Sharing", "We share data.")
    a = Section("Scope", f"As [Sharing]({section_link(b.id)}) says.")
    old = Policy(title="T", sections=[a, b])
    new = old.copy()
    new.sections[1].body = "We share some data."
    redline = compare(old, new)
    for export in (export_redline_docx, export_blackline_docx):
        out = tmp_path / f"{export.__name__}.docx"
        export(redline, out)
        found, names = internal_links(out)
        assert found == [("Sharing", section_bookmark(b.id))]
        assert section_bookmark(b.id) in names
