"""Cross-references: a Word link to a bookmark stays a link to its section through import,
the clean DOCX and HTML exports and the redline DOCX (real bookmarks + w:hyperlink w:anchor)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
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
from policyeditor.formats.ooxml.fields import hyperlink_target
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


def test_a_link_to_a_word_bookmark_keeps_its_name_and_the_bookmark_is_placed_in_its_section():
    policy = import_docx(POI / "bug65738.docx").policy  # links to bookmarks OnMainHeading, OnLevel3
    level3 = by_heading(policy, "Heading Level 3")
    assert ("The Level 3 Bookmark", "#OnLevel3") in links(policy)
    assert policy.anchors["OnLevel3"] == level3.id
    assert policy.anchors["OnMainHeading"] == policy.sections[0].id
    assert Policy.from_data(policy.to_data()).anchors == policy.anchors  # kept by the .policy file


def test_two_imports_of_a_document_with_cross_references_compare_unchanged():
    """The links keep the source's names, not the sections' new ids, so nothing changed."""
    assert not compare(import_docx(POI / "bug65738.docx").policy,
                       import_docx(POI / "bug65738.docx").policy).changes


def test_the_clean_docx_writes_cross_references_as_bookmarks_and_anchored_links(tmp_path):
    """A source's anchor keeps its own name as a bookmark on its section's heading, so the link
    reads back as it was and goes to the same heading."""
    policy = import_docx(POI / "bug65738.docx").policy
    out = tmp_path / "out.docx"
    export_docx(policy, out, INFO, toc=False)
    found, names = internal_links(out)
    assert ("The Level 3 Bookmark", "OnLevel3") in found
    assert {anchor for _, anchor in found} <= names  # every link goes to a bookmark that is there
    back = import_docx(out).policy  # and a second import places it on the same heading
    assert ("The Level 3 Bookmark", "#OnLevel3") in links(back)
    assert back.anchors["OnLevel3"] == by_heading(back, "Heading Level 3").id
    assert links(back) == links(policy)


def test_a_section_s_own_link_and_a_link_to_the_top_read_back_as_written(tmp_path):
    b = Section("Sharing", "We share data.")
    a = Section("Scope", f"As [Sharing]({section_link(b.id)}) says; [back to top](#).")
    policy = Policy(title="T", sections=[a, b])
    out = tmp_path / "out.docx"
    export_docx(policy, out, INFO, toc=False)
    found, names = internal_links(out)
    assert found == [("Sharing", section_bookmark(b.id)), ("back to top", "_top")]
    assert section_bookmark(b.id) in names  # _top is Word's own: the start of the document
    back = import_docx(out).policy
    assert links(back) == [("Sharing", f"#{section_anchor(b.id)}"), ("back to top", "#")]
    assert back.anchors[section_anchor(b.id)] == by_heading(back, "Sharing").id


def test_the_html_export_links_to_the_section_element():
    policy = import_docx(POI / "bug65738.docx").policy
    level3 = by_heading(policy, "Heading Level 3")
    html = render_html(policy, INFO)
    assert 'href="#OnLevel3"' in html
    assert re.search(rf'<section id="{section_anchor(level3.id)}">\n<span id="OnLevel3"></span>', html)


def test_a_link_to_no_section_keeps_its_name_in_docx(tmp_path):
    """As in its source, it goes nowhere, but an import reads back the link it was: no change."""
    policy = Policy(title="T", sections=[Section("A", "See [there](#nowhere), [B](#sec-zz) and "
                                                      "[C](#hello-redditors-and-people-of-the-internet).")])
    out = tmp_path / "out.docx"
    export_docx(policy, out, INFO, toc=False)
    found, names = internal_links(out)
    assert found == [("there", "nowhere"), ("B", "_Seczz"),
                     ("C", "hello-redditors-and-people-of-the-internet")]
    assert not names & {"nowhere", "_Seczz"}  # no bookmark is made up for them
    back = import_docx(out).policy
    assert links(back) == links(policy)


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


def test_libreoffice_follows_the_exported_cross_reference_to_its_heading(tmp_path):
    """LibreOffice reads the link as one to the heading's bookmark (its HTML: <a href="#_Sec…">)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    policy = import_docx(POI / "bug65738.docx").policy
    out = tmp_path / "out.docx"
    export_docx(policy, out, INFO, toc=False)
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    subprocess.run([soffice, "--headless", profile, "--convert-to", "html", "--outdir", str(tmp_path),
                    str(out)], capture_output=True, timeout=180)
    html = (tmp_path / "out.html").read_text(encoding="utf-8", errors="replace")
    target = "OnLevel3"  # the source's bookmark, on the heading as in the source
    assert re.search(rf'<a href="#{target}"[^>]*>\s*(<[^>]+>\s*)*The', html)
    assert f'name="{target}"' in html


def test_anchors_follow_their_section_when_it_takes_the_older_text_s_id():
    """A Word review's draft (and `import --into`) gets the original's section ids: anchors follow."""
    from policyeditor.core.model import new_id
    from policyeditor.diff.ids import carry_ids

    old = Policy(title="T", sections=[Section("Scope", "We cover you."), Section("Sharing", "We share.")])
    new = old.copy()
    for section in new.sections:
        section.id = new_id()
    new.anchors = {"OnSharing": new.sections[1].id}
    carry_ids(old, new)
    assert new.anchors == {"OnSharing": old.sections[1].id}


@pytest.mark.parametrize("code, target", [
    (' HYPERLINK \\l "OnLevel3" ', "#OnLevel3"),  # inside the document, as Word and our redline write it
    (' HYPERLINK "https://example.com/a" ', "https://example.com/a"),
    (' HYPERLINK "https://example.com" \\l "part" \\o "a tip" ', "https://example.com#part"),
    (' HYPERLINK \\o "a tip" "https://example.com" ', "https://example.com"),  # a switch's argument is no URL
    (" HYPERLINK https://example.com ", "https://example.com"),
    (' HYPERLINK \\l "_top" ', "#"),
    (' HYPERLINK \\l "_Sec0a1b" ', "#sec-0a1b"),
    (' HYPERLINK "https://example.com/say \\"hi\\"" ', 'https://example.com/say "hi"'),
    (" PAGE ", None),
    (" HYPERLINKS ", None),
])
def test_a_hyperlink_field_s_target_reads_as_a_policy_link(code, target):
    assert hyperlink_target(code) == target


def test_a_changed_link_inside_the_document_reads_back_from_the_tracked_redline(tmp_path):
    """The redline tracks a link changed on kept words as a HYPERLINK field deleted and one inserted."""
    a, b = Section("Scope", "All users.", id="a"), Section("Sharing", "We share.", id="b")
    old = Policy(title="T", sections=[a, Section("Use", "See [this](#sec-a).", id="u"), b])
    new = old.copy()
    new.find("u").body = "See [this](#sec-b)."
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(old, new), out)
    result = import_docx(out)
    assert ("this", "#sec-a") in links(result.original)
    assert ("this", "#sec-b") in links(result.policy)
