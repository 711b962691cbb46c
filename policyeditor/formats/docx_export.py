"""The clean DOCX export of a policy version, written with python-docx from a reference document.

The reference document (`resources/templates/reference.docx`, replaceable by an
organisation's own) brings the page, fonts and styles; this module only adds content and
names styles: Title, Subtitle, Heading 1-9, Body Text, List Bullet / List Number [2, 3],
Table Grid, Hyperlink, TOC Heading, TOC 1-3, Header and Footer. A style the template lacks
falls back to Normal (or to direct formatting), so a branded template never breaks an export.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from policyeditor.core import body
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import numbers
from policyeditor.formats.export_info import ExportInfo
from policyeditor.formats.xml_text import xml_safe
from policyeditor.resources import resource_path

DRAFT_RED = RGBColor(0xC0, 0x00, 0x00)
LINK_BLUE = RGBColor(0x1F, 0x4E, 0x79)
LIST_STEP = 360  # twips of indent per list level, as Word's own list styles step
TOC_LEVELS = 2
SAFE_SCHEMES = ("http://", "https://", "mailto:")
_AFTER_TBL_IND = {qn(f"w:{name}") for name in (
    "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")}

def default_template() -> Path:
    """The reference document exports open unless another template is given."""
    return resource_path("templates", "reference.docx")


def export_docx(policy: Policy, path: Path, info: ExportInfo, *, toc: bool = True,
                template: Path | None = None) -> None:
    """Write the clean DOCX of a policy version to `path`.

    Title block, optional table of contents (a TOC field whose cached entries link to the
    headings; Word fills in page numbers on update), numbered headings, formatted bodies,
    header with title, version and status, footer with "Page X of Y", and document
    properties. A version that is not approved carries a red DRAFT mark in the header and
    the title block. `template` defaults to the packaged reference document.
    """
    document = docx.Document(str(template or default_template()))
    writer = _DocxWriter(document, info)
    writer.title_block(policy)
    if toc and policy.sections:
        writer.table_of_contents(policy)
    writer.sections(policy)
    writer.header_footer(policy)
    writer.properties(policy)
    document.save(str(path))


class _DocxWriter:
    """Adds a policy's parts to an open python-docx document; one instance per export."""

    def __init__(self, document: DocxDocument, info: ExportInfo) -> None:
        self.doc = document
        self.info = info
        self._styles = {s.name: s for s in document.styles}
        self._bookmark_id = 0
        section = document.sections[0]
        self.text_width = Emu(section.page_width - section.left_margin - section.right_margin)
        body_style = self._styles.get("Body Text")
        indent = body_style.paragraph_format.left_indent if body_style is not None else None
        self.body_indent = Twips(indent.twips) if indent else Twips(0)

    # ------------------------------------------------------------ styles

    def style(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH):
        """The template's style of that name, or None when the template lacks it."""
        style = self._styles.get(name)
        return style if style is not None and style.type == kind else None

    def paragraph(self, style_name: str, container=None) -> DocxParagraph:
        container = container if container is not None else self.doc
        style = self.style(style_name) or self.style("Normal")
        return container.add_paragraph(style=style)

    # ------------------------------------------------------------ title and contents

    def title_block(self, policy: Policy) -> None:
        self.paragraph("Title").add_run(xml_safe(policy.title))
        parts = [self.info.version_text, self.info.status.title]
        if self.info.long_date:
            parts.append(self.info.long_date)
        self.paragraph("Subtitle").add_run(" \u00b7 ".join(parts))
        if self.info.is_draft:
            _draft_run(self.paragraph("Subtitle"), self.info.draft_mark)

    def table_of_contents(self, policy: Policy) -> None:
        """A TOC field whose cached result lists the headings, each a link to its bookmark."""
        self.paragraph("TOC Heading").add_run("Contents")
        numbered = numbers(policy)
        entries = [(s, d) for s, d in policy.walk() if d <= TOC_LEVELS]
        for index, (section, depth) in enumerate(entries):
            paragraph = self.paragraph(f"TOC {depth}")
            if index == 0:
                _field_char(paragraph, "begin")
                _instruction(paragraph, f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u')
                _field_char(paragraph, "separate")
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), _bookmark_name(section))
            link.set(qn("w:history"), "1")
            paragraph._p.append(link)
            run = paragraph.add_run(f"{numbered[section.id]}\t{xml_safe(section.heading)}")
            link.append(run._r)
            if index == len(entries) - 1:
                _field_char(paragraph, "end")
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ------------------------------------------------------------ sections and bodies

    def sections(self, policy: Policy) -> None:
        numbered = numbers(policy)
        for section, depth in policy.walk():
            self.heading(section, numbered[section.id], depth)
            self.blocks(body.parse(section.body))

    def heading(self, section: Section, number: str, depth: int) -> None:
        paragraph = self.paragraph(f"Heading {min(depth, 9)}")
        self._bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark_id))
        start.set(qn("w:name"), _bookmark_name(section))
        paragraph._p.append(start)
        paragraph.add_run(f"{number}\t{xml_safe(section.heading)}")
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark_id))
        paragraph._p.append(end)

    def blocks(self, blocks: list[body.Block], container=None) -> None:
        for block in blocks:
            if isinstance(block, body.Paragraph):
                self.runs(self.paragraph("Body Text", container), block.runs)
            elif isinstance(block, body.ListBlock):
                self.list_block(block, container)
            elif isinstance(block, body.Table):
                self.table(block)

    def list_block(self, block: body.ListBlock, container=None) -> None:
        """List items in List Bullet / List Number styles by level; each numbered list restarts at 1."""
        active: dict[int, str] = {}  # level -> numId of the numbered list running there
        for item in block.items:
            paragraph = self.list_item(item.level, item.ordered, active, container)
            self.runs(paragraph, item.runs)

    def list_item(self, level: int, ordered: bool, active: dict[int, str], container=None) -> DocxParagraph:
        """An empty list item paragraph; `active` (level -> numId) is the list's numbering so far."""
        for deeper in [lvl for lvl in active if lvl > level]:
            del active[deeper]
        kind = "List Number" if ordered else "List Bullet"
        name = kind if level == 0 else f"{kind} {min(level + 1, 3)}"
        paragraph = self.paragraph(name if self.style(name) else kind, container)
        if ordered:
            if level not in active:
                active[level] = self._restarted_numbering(paragraph)
            if active[level]:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = int(active[level])
        else:
            active.pop(level, None)
        if level >= 3:  # deeper than the styles go: indent by hand
            fmt = paragraph.paragraph_format
            fmt.left_indent = Twips(self.body_indent.twips + LIST_STEP * (level + 1))
            fmt.first_line_indent = Twips(-LIST_STEP)
        return paragraph

    def _restarted_numbering(self, paragraph: DocxParagraph) -> str:
        """A new w:num on the paragraph style's list definition that starts again at 1 ('' if none)."""
        style = paragraph.style
        ppr = style.element.pPr if style is not None else None
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_id is None:
            return ""
        numbering = self.doc.part.numbering_part.element
        found = numbering.xpath(f'w:num[@w:numId="{num_id.get(qn("w:val"))}"]/w:abstractNumId')
        if not found:
            return ""
        num = numbering.add_num(int(found[0].get(qn("w:val"))))
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return str(num.numId)

    def table(self, block: body.Table) -> None:
        """A Table Grid table indented with the body, its header row bold and repeated on each page."""
        if not block.rows:
            return
        table = self.new_table(len(block.rows), max(len(row) for row in block.rows))
        for row_index, (row, cells) in enumerate(zip(table.rows, block.rows, strict=True)):
            for cell, runs in zip(row.cells, cells, strict=False):
                self.runs(cell.paragraphs[0], runs, bold=row_index == 0)
        self.table_end()

    def new_table(self, rows: int, width: int) -> DocxTable:
        """An empty `rows` x `width` Table Grid table, indented with the body, header row repeated."""
        table: DocxTable = self.doc.add_table(rows=rows, cols=width)
        grid_style = self.style("Table Grid", WD_STYLE_TYPE.TABLE)
        if grid_style is not None:
            table.style = grid_style
        tbl_pr = table._tbl.tblPr
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(self.body_indent.twips))
        indent.set(qn("w:type"), "dxa")
        # CT_TblPr is a sequence: Word rejects a tblInd placed after tblBorders, tblLayout or tblLook
        later = [child for child in tbl_pr if child.tag in _AFTER_TBL_IND]
        if later:
            later[0].addprevious(indent)
        else:
            tbl_pr.append(indent)
        column = Emu((self.text_width - self.body_indent) // width)
        for grid_column in table.columns:  # LibreOffice lays out by the grid, Word by the cells
            grid_column.width = column
        for row_index, row in enumerate(table.rows):
            if row_index == 0:
                header = OxmlElement("w:tblHeader")
                row._tr.get_or_add_trPr().append(header)
            for cell in row.cells:
                cell.width = column
                cell.paragraphs[0].paragraph_format.space_after = Pt(2)
        return table

    def table_end(self) -> DocxParagraph:
        """The empty paragraph that follows a table (so two tables never touch)."""
        paragraph = self.doc.add_paragraph(style=self.style("Normal"))
        paragraph.paragraph_format.space_after = Pt(0)
        return paragraph

    def runs(self, paragraph: DocxParagraph, runs: tuple[body.Run, ...], bold: bool = False) -> None:
        """Formatted runs; neighbours with one safe link target go into one w:hyperlink."""
        index = 0
        while index < len(runs):
            run = runs[index]
            target = xml_safe(run.link)
            if target.lower().startswith(SAFE_SCHEMES):
                end = index
                while end < len(runs) and runs[end].link == run.link:
                    end += 1
                self._hyperlink(paragraph, target, runs[index:end], bold)
                index = end
                continue
            _formatted_run(paragraph, run, bold)
            index += 1

    def _hyperlink(self, paragraph: DocxParagraph, target: str, runs: tuple[body.Run, ...],
                   bold: bool) -> None:
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True))
        link.set(qn("w:history"), "1")
        paragraph._p.append(link)
        link_style = self.style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        for run in runs:
            docx_run = _formatted_run(paragraph, run, bold)
            if link_style is not None:
                docx_run.style = link_style
            else:
                docx_run.font.color.rgb = LINK_BLUE
                docx_run.font.underline = True
            link.append(docx_run._r)

    # ------------------------------------------------------------ page furniture and properties

    def header_footer(self, policy: Policy) -> None:
        section = self.doc.sections[0]
        right = self.text_width
        header = section.header
        header.is_linked_to_previous = False
        line = header.paragraphs[0]
        line.style = self.style("Header") or line.style
        line.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
        line.add_run(f"{xml_safe(policy.title)}\t{self.info.version_text} \u00b7 {self.info.status.title}")
        if self.info.is_draft:
            _draft_run(self.paragraph("Header", header), self.info.draft_mark)

        footer = section.footer
        footer.is_linked_to_previous = False
        line = footer.paragraphs[0]
        line.style = self.style("Footer") or line.style
        line.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
        if self.info.content_hash:
            line.add_run(f"SHA-256 {self.info.content_hash[:16]}")
        line.add_run("\tPage ")
        _field(line, "PAGE", "1")
        line.add_run(" of ")
        _field(line, "NUMPAGES", "1")

    def properties(self, policy: Policy) -> None:
        props = self.doc.core_properties
        props.title = xml_safe(policy.title)
        props.author = props.last_modified_by = xml_safe(self.info.author)
        version = self.info.label or "draft"
        props.subject = xml_safe(f"{self.info.version_text} ({self.info.status.title})")
        props.keywords = xml_safe(f"policy; version {version}; {self.info.status.value}")
        props.category = self.info.status.title
        props.version = xml_safe(version)
        props.comments = f"Content SHA-256: {self.info.content_hash}" if self.info.content_hash else ""
        props.revision = 1
        when = _parse_time(self.info.created)
        props.created = props.modified = when


# ---------------------------------------------------------------- small OOXML helpers

def _formatted_run(paragraph: DocxParagraph, run: body.Run, bold: bool = False):
    docx_run = paragraph.add_run(xml_safe(run.text))
    if run.bold or bold:
        docx_run.bold = True
    if run.italic:
        docx_run.italic = True
    if run.underline:
        docx_run.underline = True
    return docx_run


def _draft_run(paragraph: DocxParagraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = DRAFT_RED


def _field_char(paragraph: DocxParagraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _instruction(paragraph: DocxParagraph, code: str) -> None:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    paragraph.add_run()._r.append(instr)


def _field(paragraph: DocxParagraph, code: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a cached result Word and LibreOffice replace."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, code)
    _field_char(paragraph, "separate")
    paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _bookmark_name(section: Section) -> str:
    # hidden bookmark (leading underscore), at most 40 characters as Word requires
    return "_Sec" + re.sub(r"[^A-Za-z0-9_]", "_", section.id)[:36]


def _parse_time(created: str) -> datetime:
    try:
        when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC).replace(microsecond=0)
    return when if when.tzinfo else when.replace(tzinfo=UTC)

