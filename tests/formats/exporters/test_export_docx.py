"""The clean DOCX export read back with python-docx: styles, runs, lists, tables, furniture, properties."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree

from policyeditor.core.model import Policy, Section, Status
from policyeditor.formats.exporters.docx import default_template, export_docx
from policyeditor.formats.exporters.info import ExportInfo
from tests.formats.export_sample import approved_info, draft_info, feature_policy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def approved(tmp_path) -> Path:
    path = tmp_path / "approved.docx"
    export_docx(feature_policy(), path, approved_info())
    return path


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "draft.docx"
    export_docx(feature_policy(), path, draft_info())
    return path


def paragraph(document, text: str):
    found = [p for p in document.paragraphs if text in p.text]
    assert found, f"no paragraph holds {text!r}"
    return found[0]


def run_with(par, text: str):
    found = [r for r in par.runs if text in r.text]
    if not found:  # runs inside w:hyperlink are not in par.runs
        found = [r for r in par.iter_inner_content() if hasattr(r, "runs") for r in r.runs
                 if text in r.text]
    assert found, f"no run holds {text!r}"
    return found[0]


def test_reference_template_ships_the_styles_the_exporter_names():
    styles = {s.name for s in docx.Document(str(default_template())).styles}
    for name in ("Title", "Subtitle", "Heading 1", "Heading 4", "Body Text", "List Bullet 2",
                 "List Number 3", "Table Grid", "Hyperlink", "TOC 1", "TOC 2", "Header", "Footer"):
        assert name in styles


def test_title_block_and_numbered_headings(approved):
    document = docx.Document(str(approved))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Privacy Policy of Example Ltd"
    assert document.paragraphs[1].text == "Version 2.1 \u00b7 Approved \u00b7 12 March 2024"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [  # no typed numbers: Word numbers the headings from their styles
        ("Heading 1", "\tIntroduction"), ("Heading 2", "\tWho we are"),
        ("Heading 3", "\tOur contact details"), ("Heading 4", "\tPostal address"),
        ("Heading 2", "\tScope"), ("Heading 1", "\tData we collect"), ("Heading 1", "\tYour rights"),
    ]
    numbering = document.part.numbering_part.element
    num_id = document.styles["Heading 1"].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]
    abstract = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')[0]
    levels = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl')[:4]

    def values(child: str) -> list[str]:
        return [lvl.find(qn(f"w:{child}")).get(qn("w:val")) for lvl in levels]

    assert values("lvlText") == ["%1", "%1.%2", "%1.%2.%3", "%1.%2.%3.%4"]
    assert values("numFmt") == ["decimal", "decimal", "lowerLetter", "lowerRoman"]
    assert values("pStyle") == [document.styles[f"Heading {d}"].style_id for d in range(1, 5)]


def test_inline_formatting_and_breaks(approved):
    document = docx.Document(str(approved))
    par = paragraph(document, "how we collect")
    assert par.style.name == "Body Text"
    assert run_with(par, "how we collect").bold
    assert run_with(par, "personal data").italic
    assert run_with(par, "why we keep it").underline
    assert not run_with(par, "This policy explains").bold
    assert par._p.xpath(".//w:br"), "<br> is a line break"
    assert "A second line after a break." in par.text


def test_links_are_real_hyperlinks_and_unsafe_targets_are_text(approved):
    document = docx.Document(str(approved))
    par = paragraph(document, "how we collect")
    links = par._p.findall(W + "hyperlink")
    targets = {document.part.rels[link.get(qn("r:id"))].target_ref for link in links}
    assert targets == {"https://example.com/privacy", "mailto:dpo@example.com"}
    assert "never this" in par.text  # the javascript: link kept as words, not as a link
    texts = ["".join(t.text for t in link.iter(W + "t")) for link in links]
    assert texts == ["our website", "write to us"]


def test_only_hyperlinks_are_external_relationships(approved):
    document = docx.Document(str(approved))
    parts = [document.part, document.sections[0].header.part, document.sections[0].footer.part]
    for part in parts:
        for rel in part.rels.values():
            if rel.is_external:
                assert rel.reltype.endswith("/hyperlink")


def test_lists_use_list_styles_by_level_and_numbered_lists_restart(approved):
    document = docx.Document(str(approved))
    styles = {text: paragraph(document, text).style.name for text in (
        "First bullet", "Nested bullet", "Third level bullet", "Fourth level bullet",
        "First step", "Sub-step one", "Website", "Name")}
    assert styles == {"First bullet": "List Bullet", "Nested bullet": "List Bullet 2",
                      "Third level bullet": "List Bullet 3", "Fourth level bullet": "List Bullet 3",
                      "First step": "List Number", "Sub-step one": "List Number 2",
                      "Website": "List Number", "Name": "List Number"}
    # deeper than List Bullet 3 goes: indented by hand, one list step further
    assert paragraph(document, "Fourth level bullet").paragraph_format.left_indent == Twips(864 + 4 * 360)
    assert run_with(paragraph(document, "First bullet"), "bold words").bold

    def num_id(text):
        return paragraph(document, text)._p.pPr.numPr.numId.val

    # each numbered list is its own w:num with a restart at 1; items of one list share it
    assert num_id("First step") == num_id("Second step")
    assert len({num_id("First step"), num_id("Sub-step one"), num_id("Website"), num_id("Name")}) == 4
    numbering = document.part.numbering_part.element
    for text in ("First step", "Website"):
        starts = numbering.xpath(f'w:num[@w:numId="{num_id(text)}"]//w:startOverride/@w:val')
        assert starts == ["1"]


def test_tables_use_table_grid_with_bold_header(approved):
    document = docx.Document(str(approved))
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [["Category", "Purpose", "Retention"], ["Contact data", "Service delivery", "2 years"],
                     ["Usage data", "Analytics", "14 months"]]
    # the header's bold is its cells' style, so an import reads its words as they were (not bold)
    header = [cell.paragraphs[0] for cell in table.rows[0].cells]
    assert all(p.style.name == "Table Heading" and p.style.font.bold for p in header)
    assert not any(run.bold for p in header for run in p.runs)
    assert not table.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert table.rows[1].cells[0].paragraphs[0].style.name != "Table Heading"
    assert table.rows[2].cells[1].paragraphs[0].runs[0].italic
    assert table.rows[0]._tr.trPr.find(W + "tblHeader") is not None
    order = [child.tag.removeprefix(W) for child in table._tbl.tblPr]
    assert order.index("tblInd") < order.index("tblLook")  # schema order, or Word calls it unreadable


def test_forbidden_control_characters_are_dropped(approved):
    document = docx.Document(str(approved))
    assert "with a forbiddencontrolcharacter." in paragraph(document, "Closing paragraph").text


def test_header_footer_and_page_fields(approved):
    section = docx.Document(str(approved)).sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    assert header == "Privacy Policy of Example Ltd\tVersion 2.1 \u00b7 Approved"
    footer = section.footer.paragraphs[0]
    instructions = [el.text.strip() for el in footer._p.iter(W + "instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("SHA-256 abababab") and "\tPage 1 of 1" in footer.text


def test_core_properties(approved):
    props = docx.Document(str(approved)).core_properties
    assert props.title == "Privacy Policy of Example Ltd"
    assert props.author == "Jane Counsel"
    assert props.version == "2.1"
    assert "2.1" in props.subject and "Approved" in props.subject
    assert "version 2.1" in props.keywords
    assert props.created.isoformat().startswith("2024-03-12T10:00:00")
    assert props.comments.endswith("ab" * 32)


def test_table_of_contents_is_a_field_listing_linked_headings(approved, tmp_path):
    document = docx.Document(str(approved))
    toc = [p for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert [p.text for p in toc] == ["1\tIntroduction", "1.1\tWho we are", "1.2\tScope",
                                     "2\tData we collect", "3\tYour rights"]
    assert "TOC \\o" in toc[0]._p.xpath("string(.//w:instrText)")
    anchors = [link.get(qn("w:anchor")) for p in toc for link in p._p.iter(W + "hyperlink")]
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(W + "bookmarkStart")}
    assert anchors and set(anchors) <= bookmarks

    without = tmp_path / "no-toc.docx"
    export_docx(feature_policy(), without, approved_info(), toc=False)
    document = docx.Document(str(without))
    assert not [p for p in document.paragraphs if p.style.name.startswith("TOC")]
    assert "Contents" not in [p.text for p in document.paragraphs]
    assert not document.element.body.xpath(".//w:instrText")


def test_draft_mark_in_header_and_title_block_only_for_unapproved(approved, draft):
    document = docx.Document(str(draft))
    header = document.sections[0].header.paragraphs
    assert header[0].text == "Privacy Policy of Example Ltd\tWorking draft \u00b7 Draft"
    mark = header[1].runs[0]
    assert mark.text == "DRAFT \u2014 not approved" and mark.bold and str(mark.font.color.rgb) == "C00000"
    assert paragraph(document, "DRAFT \u2014 not approved").runs[0].font.color.rgb is not None
    assert docx.Document(str(draft)).core_properties.version == "draft"

    for path in (approved,):
        document = docx.Document(str(path))
        everything = [p.text for p in document.paragraphs] + \
            [p.text for p in document.sections[0].header.paragraphs]
        assert not any("DRAFT" in text for text in everything)


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED, Status.SUPERSEDED])
def test_draft_mark_follows_status(tmp_path, status):
    path = tmp_path / "v.docx"
    export_docx(feature_policy(), path, ExportInfo("3", status))
    header = "\n".join(p.text for p in docx.Document(str(path)).sections[0].header.paragraphs)
    assert ("DRAFT" in header) == (not status.locked)


def test_user_text_that_looks_like_markup_stays_text(tmp_path):
    policy = Policy(title="<script>alert(1)</script> & Co", sections=[
        Section("<b>Heading</b>", "Body with <script>x</script> & \\*stars\\*")])
    path = tmp_path / "odd.docx"
    export_docx(policy, path, ExportInfo("1", Status.APPROVED, author="<Eve>"))
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "<script>alert(1)</script> & Co"
    assert paragraph(document, "Heading").text == "1\t<b>Heading</b>"
    assert paragraph(document, "Body with").text == "Body with <script>x</script> & *stars*"
    assert document.core_properties.author == "<Eve>"


def test_every_part_is_well_formed_xml(approved):
    with zipfile.ZipFile(approved) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


def test_empty_policy_exports(tmp_path):
    path = tmp_path / "empty.docx"
    export_docx(Policy(title="Empty"), path, ExportInfo(None, Status.DRAFT))
    assert docx.Document(str(path)).paragraphs[0].text == "Empty"


def test_organisation_template_without_our_styles(tmp_path):
    """A branded template lacking Body Text, Hyperlink and TOC styles still exports cleanly."""
    bare_document = docx.Document()
    for name in ("Body Text", "List Bullet 2", "List Bullet 3", "Title"):
        bare_document.styles[name].delete()
    bare = tmp_path / "bare.docx"
    bare_document.save(str(bare))
    path = tmp_path / "branded.docx"
    export_docx(feature_policy(), path, approved_info(), template=bare)
    document = docx.Document(str(path))
    assert paragraph(document, "how we collect").style.name == "Normal"
    assert paragraph(document, "Nested bullet").style.name == "List Bullet"
    assert document.paragraphs[0].style.name == "Normal"
    assert [p.text for p in document.paragraphs if p.style.name == "TOC Heading"] == ["Contents"]


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice (soffice) and pdftotext are needed")
def test_libreoffice_opens_the_docx_and_shows_its_text(draft, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(draft)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "draft.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    for words in ("Privacy Policy of Example Ltd", "DRAFT", "1.1.a", "Our contact details",
                  "Sub-step two", "Service delivery", "our website", "Page 1 of 2"):
        assert words in text
