"""The blackline DOCX: the redline as coloured, struck and underlined text, with no revision marks.

For readers who print it or send it outside: nothing to accept or reject, the
changes are plain formatting. A change-summary page comes first (the two versions,
counts of changes and words, the changed sections, a legend). Then the document
as the redline DOCX lays it out (same writer, same walk), with insertions
underlined, deletions struck through, moves double struck at their source and
double underlined at their destination, and a change bar left of every changed
paragraph and table row. The colours are a setting (`BlacklineColors`).

A change of formatting alone (a link added, bold removed, a bullet taken off, bullets made
numbers) shows its words once, in their new format, in the reformat colour with a wavy
underline, followed by a small note in brackets saying what changed ("[Formatted: bullet
removed]", the words Word's own balloons and the HTML redline use). A note on the page,
rather than a Word comment: a printed blackline shows no comments unless its printer asks
for them, and a reader of paper has only the page. A paragraph whose kind changed shows the
list marker it had ("•", "1.") struck at its start, as the HTML redline does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from policyeditor.core.model import Status
from policyeditor.diff.redline import Redline
from policyeditor.formats.exporters.docx import default_template
from policyeditor.formats.exporters.info import NOTE_PREFIX, ExportInfo, changes_line
from policyeditor.formats.exporters.safety import property_text, xml_safe
from policyeditor.formats.ooxml.direction import mark_directions
from policyeditor.formats.ooxml.paragraph_properties import put_in_place
from policyeditor.formats.ooxml.saving import save
from policyeditor.formats.redline.docx import RedlineDocxWriter, redline_header_line
from policyeditor.formats.redline.docx_marks import Marks, Rev

__all__ = ["BlacklineColors", "export_blackline_docx"]

# CT_TcPr children that follow w:tcBorders
_AFTER_TC_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                     "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


@dataclass(frozen=True)
class BlacklineColors:
    """The blackline's colours, as hex RGB ("1A4FD6").

    Defaults follow the redline convention lawyers expect: insertions blue, deletions
    red, moves green; the change bar takes the deletion colour.
    """

    insert: str = "1A4FD6"
    delete: str = "C0262D"
    move: str = "137A2F"
    bar: str = "C0262D"
    reformat: str = "7A3E9D"  # words whose formatting alone changed, and the note saying how


class BlacklineMarks(Marks):
    """Changes as run formatting and change bars, never as revisions."""

    pilcrows = True

    def __init__(self, colors: BlacklineColors) -> None:
        self.colors = colors

    def run(self, run: DocxRun, rev: Rev, move_key: int) -> None:
        if rev is None:
            return
        font = run.font
        if rev == "ins":
            font.color.rgb = RGBColor.from_string(self.colors.insert)
            font.underline = True
        elif rev in ("del", "ins+del"):
            font.color.rgb = RGBColor.from_string(self.colors.delete)
            font.strike = True
        elif rev == "moveFrom":
            font.color.rgb = RGBColor.from_string(self.colors.move)
            font.double_strike = True
        elif rev == "moveTo":
            font.color.rgb = RGBColor.from_string(self.colors.move)
            font.underline = WD_UNDERLINE.DOUBLE

    def paragraph(self, paragraph: DocxParagraph, rev: Rev, move_key: int, changed: bool) -> None:
        if changed or rev is not None:
            _change_bar(paragraph, self.colors.bar)

    def row(self, row, rev: Rev, changed: bool) -> None:
        if changed or rev is not None:
            _row_bar(row, self.colors.bar)

    def reformatted(self, run: DocxRun) -> None:
        run.font.color.rgb = RGBColor.from_string(self.colors.reformat)
        run.font.underline = WD_UNDERLINE.WAVY

    def format_note(self, paragraph: DocxParagraph, what: str) -> None:
        """`[Formatted: what]` after the words, a space apart from them and from what follows."""
        before = paragraph.text
        spaced = before.endswith((" ", "\u00a0"))
        run = paragraph.add_run(xml_safe(f"{'' if spaced or not before else ' '}[Formatted: {what}]"
                                         f"{' ' if spaced else ''}"))
        run.font.color.rgb = RGBColor.from_string(self.colors.reformat)
        run.font.italic = True
        run.font.size = Pt(8)

    def old_marker(self, paragraph: DocxParagraph, marker: str) -> None:
        run = paragraph.add_run(xml_safe(marker) + "\u00a0")
        run.font.color.rgb = RGBColor.from_string(self.colors.delete)
        run.font.strike = True


def _change_bar(paragraph: DocxParagraph, color: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:pBdr")) is not None:
        return
    border = OxmlElement("w:pBdr")
    border.append(_bar_border(color, space="8"))
    put_in_place(ppr, border)


def _row_bar(tr, color: str) -> None:
    """A changed row's bar: its first cell's left border in the bar's colour and weight, so the
    bar stands left of the row as a paragraph's stands left of its lines."""
    borders = OxmlElement("w:tcBorders")  # the writer sets no other
    borders.append(_bar_border(color, space="0"))
    tr.tc_lst[0].get_or_add_tcPr().insert_element_before(borders, *_AFTER_TC_BORDERS)


def _bar_border(color: str, space: str):
    """A change bar: a left border, `space` points from the text."""
    left = OxmlElement("w:left")
    for name, value in (("val", "single"), ("sz", "18"), ("space", space), ("color", color)):
        left.set(qn(f"w:{name}"), value)
    return left


def export_blackline_docx(redline: Redline, path: Path, old_info: ExportInfo | None = None,
                          new_info: ExportInfo | None = None, *, colors: BlacklineColors | None = None,
                          template: Path | None = None) -> None:
    """Write the redline as a static blackline DOCX (summary page, then the marked-up text) to `path`.

    `old_info` / `new_info` describe the two versions (default: unlabelled drafts);
    `colors` default to blue insertions, red deletions and green moves.
    """
    colors = colors or BlacklineColors()
    old_info = old_info or ExportInfo(None, Status.DRAFT)
    new_info = new_info or ExportInfo(None, Status.DRAFT)
    document = docx.Document(str(template or default_template()))
    writer = RedlineDocxWriter(document, new_info, BlacklineMarks(colors))
    writer.pictures = {**redline.old.pictures, **redline.new.pictures}
    writer.live_numbers = False  # printed, not edited: the numbers are typed
    line = changes_line(old_info, new_info, redline.old_label, redline.new_label)
    _summary_page(writer, redline, colors, line)
    writer.cross_references(redline.new)
    writer.title_block(redline, old_info)
    writer.sections(redline)
    writer.header_footer(redline.new)
    redline_header_line(writer, redline, old_info, new_info, "Blackline")
    writer.properties(redline.new)
    document.core_properties.subject = property_text(line)
    mark_directions(document)
    save(document, path)


def _summary_page(writer: RedlineDocxWriter, redline: Redline, colors: BlacklineColors, line: str) -> None:
    """Which versions, how much changed, which sections, and what the colours mean; then a page break."""
    writer.paragraph("Title").add_run("Comparison")
    writer.paragraph("Subtitle").add_run(xml_safe(line))
    writer.paragraph("Body Text").add_run(
        xml_safe(f"{redline.old.title} \u2192 {redline.new.title}"))
    stats = redline.stats
    rows = [("Changes", stats.changes), ("Substantive changes", stats.substantive),
            ("Words inserted", stats.words_inserted), ("Words deleted", stats.words_deleted),
            ("Words moved", stats.words_moved)]
    rows += [(f"Sections {kind}", n) for kind, n in stats.sections.items() if n]
    table = writer.new_table(len(rows) + 1, 2)
    for row, (name, value) in zip(table.rows, [("Measure", "Count"), *rows], strict=True):
        row.cells[0].paragraphs[0].add_run(name).bold = name == "Measure"
        row.cells[1].paragraphs[0].add_run(str(value)).bold = name == "Measure"
    writer.table_end()
    for note in redline.notes:  # what no colour can show (a page header, charts): said, never silent
        writer.paragraph("Body Text").add_run(xml_safe(f"{NOTE_PREFIX}{note}"))

    legend = writer.paragraph("Body Text")
    legend.add_run("Legend: ")
    marks = BlacklineMarks(colors)
    for text, rev in (("inserted", "ins"), ("deleted", "del"), ("moved from", "moveFrom"),
                      ("moved to", "moveTo")):
        marks.run(legend.add_run(text), rev, 0)
        legend.add_run("   ")
    marks.reformatted(legend.add_run("reformatted"))
    marks.format_note(legend, "what changed")
    legend.add_run("   A bar in the margin marks a changed paragraph; a struck list marker is the one "
                   "the paragraph had.")

    writer.paragraph("Heading 2").add_run("Changed sections")
    changed = [d for d in redline.sections if d.kinds != frozenset({"unchanged"})]
    if not changed:
        writer.paragraph("Body Text").add_run("No section changed.")
    for d in changed:
        number = d.new_number if d.new is not None else d.old_number
        was = f" (was {d.was_number})" if d.was_number else ""
        item = writer.paragraph("List Bullet")
        item.add_run(xml_safe(f"{number or ''} {d.heading or '(untitled)'}".strip())).bold = True
        item.add_run(xml_safe(f"{was} \u2014 {', '.join(sorted(d.kinds))}"))
    writer.page_break()
