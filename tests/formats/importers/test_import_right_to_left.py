"""Word's right-to-left paragraphs (w:bidi): kept by their words, and named when their words say otherwise."""

from __future__ import annotations

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policyeditor.core.model import Status
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers.docx import import_docx
from tests.formats.ooxml_check import W, parts

HEBREW = "המדיניות הזו חלה על כל המשתמשים שלנו, לפי סעיף 5."
OPENS_IN_ENGLISH = "Google LLC אוספת מידע על המשתמשים, לפי סעיף 7."


def right_to_left(paragraph, value: str | None = None) -> None:
    bidi = OxmlElement("w:bidi")
    if value is not None:
        bidi.set(qn("w:val"), value)
    paragraph._p.get_or_add_pPr().append(bidi)


def notes_about_direction(report: list[str]) -> list[str]:
    return [line for line in report if "right to left" in line]


def test_a_right_to_left_paragraph_of_hebrew_comes_back_right_to_left(tmp_path):
    source = docx.Document()
    source.add_heading("Scope", 1)
    right_to_left(source.add_paragraph(HEBREW))
    source.save(tmp_path / "he.docx")
    result = import_docx(tmp_path / "he.docx")
    assert notes_about_direction(result.report) == []  # its words say so: nothing is lost
    export_docx(result.policy, tmp_path / "out.docx", ExportInfo("1.0", Status.APPROVED))
    paragraph = next(p for p in parts(tmp_path / "out.docx")["word/document.xml"].iter(W + "p")
                     if "".join(t.text or "" for t in p.iter(W + "t")) == HEBREW)
    assert paragraph.find(f"{W}pPr/{W}bidi") is not None


def test_a_right_to_left_paragraph_that_opens_in_english_is_named(tmp_path):
    source = docx.Document()
    source.add_heading("Scope", 1)
    right_to_left(source.add_paragraph(OPENS_IN_ENGLISH))
    right_to_left(source.add_paragraph("Also left to right."), "0")  # switched off: Word's left to right
    source.add_paragraph("An ordinary English paragraph.")
    source.save(tmp_path / "mixed.docx")
    notes = notes_about_direction(import_docx(tmp_path / "mixed.docx").report)
    assert len(notes) == 1 and notes[0].startswith("1 paragraph(s) Word lays out right to left"), notes
    assert "Google LLC" in notes[0]


def test_a_style_or_the_documents_default_sets_the_direction_too(tmp_path):
    source = docx.Document()
    style = source.styles["Normal"]
    style.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
    source.add_paragraph(OPENS_IN_ENGLISH)
    source.add_paragraph(HEBREW)
    source.save(tmp_path / "styled.docx")
    notes = notes_about_direction(import_docx(tmp_path / "styled.docx").report)
    assert len(notes) == 1 and notes[0].startswith("1 paragraph(s)")

    source = docx.Document()
    defaults = source.styles.element.find(qn("w:docDefaults"))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    ppr.append(OxmlElement("w:bidi"))
    source.add_paragraph(OPENS_IN_ENGLISH)
    source.add_paragraph(OPENS_IN_ENGLISH + " שוב.")
    source.save(tmp_path / "default.docx")
    notes = notes_about_direction(import_docx(tmp_path / "default.docx").report)
    assert len(notes) == 1 and notes[0].startswith("2 paragraph(s)")
