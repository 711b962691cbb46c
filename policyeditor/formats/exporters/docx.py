"""The clean DOCX export of a policy version, written with python-docx from a reference document.

The reference document (`resources/templates/reference.docx`, replaceable by an
organisation's own) brings the page, fonts and styles; this module only adds content and
names styles: Title, Subtitle, Heading 1-9, Body Text, List Bullet / List Number [2, 3],
Table Grid, Hyperlink, TOC Heading, TOC 1-3, Header and Footer. A style the template lacks
falls back to Normal (or to direct formatting), so a branded template never breaks an export.
A list item below the third level is on its own level (w:ilvl) of the List Bullet 3 / List
Number 3 style's list, whose missing levels the export adds.
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
from docx.oxml.numbering import CT_Num
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from policyeditor.core import body
from policyeditor.core.cross_refs import linked_sections
from policyeditor.core.dates import date_lines
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import numbers
from policyeditor.formats.exporters.docx_content import ContentWriter, special
from policyeditor.formats.exporters.info import POLICY_ID_PREFIX, ExportInfo
from policyeditor.formats.exporters.safety import property_text, safe_link, xml_safe
from policyeditor.formats.ooxml import fields
from policyeditor.formats.ooxml.bookmarks import (
    TOP,
    Bookmarks,
    anchor_bookmark,
    anchor_link,
    section_bookmark,
)
from policyeditor.formats.ooxml.direction import mark_directions
from policyeditor.formats.ooxml.numbering import define_levels, heading_numbering, unnumbered
from policyeditor.formats.ooxml.saving import save
from policyeditor.formats.ooxml.styles import TABLE_HEADING
from policyeditor.resources import resource_path

DRAFT_RED = RGBColor(0xC0, 0x00, 0x00)
LINK_BLUE = RGBColor(0x1F, 0x4E, 0x79)
LIST_STEP = 360  # twips of indent per list level, as Word's own list styles step
MAX_ILVL = 8  # a list's deepest w:ilvl (ECMA-376 allows nine levels)
TOC_LEVELS = 2
_AFTER_TBL_IND = {qn(f"w:{name}") for name in (
    "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")}
_RUN_BREAKS = re.compile(r"([\t\r\n])")  # run text python-docx writes as w:tab / w:br
_LINKED = re.compile(r"\]\(#([^)\s]*)\)")  # the anchor of a link in a body's markup: [words](#name)


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
    writer.content = ContentWriter(document, policy.pictures, writer.text_width)
    writer.heading_numbering(policy)
    writer.cross_references(policy)
    writer.title_block(policy)
    if toc:
        writer.table_of_contents(policy)
    writer.sections(policy)
    writer.header_footer(policy)
    writer.properties(policy)
    mark_directions(document)
    save(document, path)


class _DocxWriter:
    """Adds a policy's parts to an open python-docx document; one instance per export.

    Cost is linear in the document: python-docx's own `add_paragraph` / `add_table` look
    for the body's final w:sectPr among all the body's children, and its style setters
    scan every style for the default one, so on each new paragraph; here new blocks go
    straight before the remembered w:sectPr and each style's id is looked up once.
    """

    def __init__(self, document: DocxDocument, info: ExportInfo) -> None:
        self.doc = document
        self.info = info
        self.content: ContentWriter | None = None  # notes, equations, fields, pictures
        self._styles = {s.name: s for s in document.styles}
        self._typed_styles: dict[tuple[str, WD_STYLE_TYPE], object] = {}
        self._default_styles: dict[WD_STYLE_TYPE, object] = {}
        self._link_ids: dict[str, str] | None = None  # hyperlink target -> relationship id
        self._free_rid = 1
        self._list_definitions: dict[str | None, tuple[str, str]] = {}  # pStyle id -> numId, abstractNumId
        self._all_levels: set[str] = set()  # the abstractNumIds given all their levels
        self._num_ids: set[int] | None = None  # w:numId values in use, read once
        self._free_num_id = 1
        self.bookmarks = Bookmarks()  # one per section heading
        self._section_links: dict[str, str] = {}  # a link to a section -> its heading's bookmark
        self._anchor_marks: dict[str, list[str]] = {}  # section id -> its source anchors' bookmarks
        self._body = document.element.body
        self._sect_pr = self._body.find(qn("w:sectPr"))  # new blocks go before it, as python-docx's do
        self._block_width = document._block_width
        section = document.sections[0]
        self.text_width = Emu(section.page_width - section.left_margin - section.right_margin)
        body_style = self._styles.get("Body Text")
        indent = body_style.paragraph_format.left_indent if body_style is not None else None
        self.body_indent = Twips(indent.twips) if indent else Twips(0)

    # ------------------------------------------------------------ styles

    def style(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH):
        """The template's style of that name, or None when the template lacks it."""
        key = (name, kind)
        if key not in self._typed_styles:
            style = self._styles.get(name)
            self._typed_styles[key] = style if style is not None and style.type == kind else None
        return self._typed_styles[key]

    def style_id(self, style, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The w:styleId python-docx writes for `style`, a style of `kind`: None for the default one.

        python-docx finds the default style by reading the type of every style, on each
        assignment; here once per kind.
        """
        if kind not in self._default_styles:
            self._default_styles[kind] = self.doc.styles.default(kind)
        return None if style == self._default_styles[kind] else style.style_id

    def paragraph(self, style_name: str, container=None) -> DocxParagraph:
        """A new paragraph in `style_name` (Normal when the template lacks it) at the end of `container`.

        `container` defaults to the document body; a header or footer works too.
        """
        if container is None:
            paragraph = self.body_paragraph()
        else:
            paragraph = container.add_paragraph()
        style = self.style(style_name) or self.style("Normal")
        if style is not None:  # as python-docx's `style=`: the default style leaves an empty w:pPr
            ppr = paragraph._p.get_or_add_pPr()
            style_id = self.style_id(style)
            if style_id is not None:
                # the new w:pPr is empty, so w:pStyle goes first without python-docx's search
                # for its place among the ~35 elements that may follow it
                pstyle = OxmlElement("w:pStyle")
                pstyle.set(qn("w:val"), style_id)
                ppr.insert(0, pstyle)
        return paragraph

    def body_paragraph(self) -> DocxParagraph:
        """A new unstyled paragraph at the end of the body (before its w:sectPr)."""
        p = OxmlElement("w:p")
        self._append_block(p)
        return DocxParagraph(p, self.doc._body)

    def _append_block(self, element) -> None:
        if self._sect_pr is not None:
            self._sect_pr.addprevious(element)
        else:
            self._body.append(element)

    def page_break(self) -> None:
        """An unstyled paragraph holding a page break."""
        self.body_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def link_id(self, target: str) -> str:
        """The id of the external hyperlink relationship to `target`, added when new.

        The ids `part.relate_to(target, RT.HYPERLINK, is_external=True)` gives, without
        its search through every relationship for the target and for a free id per call.
        """
        rels = self.doc.part.rels
        if self._link_ids is None:
            self._link_ids = {}
            for rel in rels.values():
                if rel.reltype == RT.HYPERLINK and rel.is_external:
                    self._link_ids.setdefault(rel.target_ref, rel.rId)
        if target not in self._link_ids:
            while f"rId{self._free_rid}" in rels:  # the lowest free id, as python-docx picks it
                self._free_rid += 1
            rels.add_relationship(RT.HYPERLINK, target, f"rId{self._free_rid}", is_external=True)
            self._link_ids[target] = f"rId{self._free_rid}"
        return self._link_ids[target]

    def cross_references(self, policy: Policy) -> None:
        """Links to the policy's sections (core.cross_refs) go to bookmarks on their headings: a
        source's anchor under its own name where Word takes it (`anchor_bookmark`, so the link
        reads back as it was), else the section's own bookmark."""
        own = {section_bookmark(s.id) for s, _ in policy.walk()}
        linked = {"#" + name for s, _ in policy.walk() for name in _LINKED.findall(s.body)}
        self._section_links, self._anchor_marks = {}, {}
        for link, sid in linked_sections(policy).items():
            name = anchor_bookmark(link[1:])
            if name is None or (name in own and name != section_bookmark(sid)) or name == TOP:
                name = section_bookmark(sid)
            elif name != section_bookmark(sid) and link in linked:  # only the anchors a link uses
                marks = self._anchor_marks.setdefault(sid, [])
                if name not in marks:
                    marks.append(name)
            self._section_links[link] = name

    def anchor_marks(self, p, section_id: str) -> None:
        """The bookmarks of the source's anchors that links use in this section, on its heading `p`."""
        for name in self._anchor_marks.get(section_id, ()):
            self.bookmarks.mark(p, name)

    def link_target(self, link: str) -> str:
        """Where a run's link goes in DOCX: a safe outward URL, '#' and the bookmark of the
        section a cross-reference names, or '' (the words stay, the link goes). A link to an
        anchor no section holds keeps its name (it goes nowhere, as in its source); '#' is Word's
        `_top`."""
        if link.startswith("#"):
            name = self._section_links.get(link) or anchor_bookmark(link[1:]) or xml_safe(link[1:])
            return "#" + name if name else ""  # (a name of control characters alone: no link)
        return safe_link(link) or ""

    def hyperlink(self, target: str):
        """A w:hyperlink to `target` from `link_target`: to a bookmark here, or outward (r:id)."""
        if target.startswith("#"):
            return anchor_link(target[1:])
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), self.link_id(target))
        link.set(qn("w:history"), "1")
        return link

    def link_style(self, run: DocxRun) -> None:
        """Give a run inside a w:hyperlink the Hyperlink style, or blue underlining without one."""
        link_style = self.style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        if link_style is not None:
            run._r.style = self.style_id(link_style, WD_STYLE_TYPE.CHARACTER)
        else:
            run.font.color.rgb = LINK_BLUE
            run.font.underline = True

    # ------------------------------------------------------------ title and contents

    def heading_numbering(self, policy: Policy) -> None:
        """The policy's numbering as Word's multilevel list on Heading 1..9 (Word numbers live)."""
        ids = []
        for depth in range(1, 10):
            style = self.style(f"Heading {depth}")
            ids.append(style.style_id if style is not None else None)
        heading_numbering(self.doc, policy.numbering, ids)

    def title_block(self, policy: Policy) -> None:
        self.paragraph("Title").add_run(xml_safe(policy.title))
        parts = [self.info.version_text, self.info.status.title]
        if self.info.long_date:
            parts.append(self.info.long_date)
        self.paragraph("Subtitle").add_run(" \u00b7 ".join(parts))
        for line in date_lines(policy):  # the policy's own dates ("Last Updated: ...")
            self.paragraph("Subtitle").add_run(xml_safe(line))
        if self.info.is_draft:
            _draft_run(self.paragraph("Subtitle"), self.info.draft_mark)

    def table_of_contents(self, policy: Policy) -> None:
        """A TOC field whose cached result lists the headings, each a link to its bookmark; none
        when no section has a heading or number to list (an entry of no words reads as no entry)."""
        numbered = numbers(policy)
        entries = [(s, d) for s, d in policy.walk()
                   if d <= TOC_LEVELS and (s.heading.strip() or numbered[s.id])]
        if not entries:
            return
        self.paragraph("TOC Heading").add_run("Contents")
        for index, (section, depth) in enumerate(entries):
            paragraph = self.paragraph(f"TOC {depth}")
            if index == 0:
                fields.begin(paragraph, f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u')
            link = anchor_link(section_bookmark(section.id))
            paragraph._p.append(link)
            run = add_run(paragraph, f"{numbered[section.id]}\t{xml_safe(section.heading)}")
            link.append(run._r)
            if index == len(entries) - 1:
                fields.end(paragraph)
        self.page_break()

    # ------------------------------------------------------------ sections and bodies

    def sections(self, policy: Policy) -> None:
        numbered = numbers(policy)
        for section, depth in policy.walk():
            self.heading(section, numbered[section.id], depth)
            self.blocks(body.parse(section.body))

    def heading(self, section: Section, number: str, depth: int) -> None:
        paragraph = self.paragraph(f"Heading {min(depth, 9)}")
        bookmark = self.bookmarks.start(paragraph._p, section_bookmark(section.id))
        self.anchor_marks(paragraph._p, section.id)
        if not number and not section.heading.strip():
            unnumbered(paragraph._p)  # a preamble: neither numbered nor counted, as numbers() has it
        add_run(paragraph, f"\t{xml_safe(section.heading)}")  # the number before the tab is Word's
        self.bookmarks.end(paragraph._p, bookmark)

    def blocks(self, blocks: list[body.Block], container=None) -> None:
        previous: body.Block | None = None
        for block in blocks:
            if isinstance(block, body.Paragraph):
                self.runs(self.paragraph("Body Text", container), block.runs)
            elif isinstance(block, body.ListBlock):
                self.list_block(block, container, after_list=isinstance(previous, body.ListBlock))
            elif isinstance(block, body.Table):
                self.table(block)
            previous = block

    def list_block(self, block: body.ListBlock, container=None, after_list: bool = False) -> None:
        """List items in List Bullet / List Number styles by level; each numbered list restarts, at 1
        or at the list's own first number. A list right after another (`after_list`) has bullets of
        a w:num of its own too: the style's w:num would make Word (and an import) one list of the two."""
        active: dict[int, str] = {}  # level -> numId of the numbered list running there
        # the numId of its first-level bullets: None to be made, "" the style's
        own_bullets: str | None = None if after_list else ""
        for item in block.items:
            paragraph = self.list_item(item.level, item.ordered, active, container,
                                       1 if item.start is None else item.start)
            if item.level == 0 and not item.ordered and own_bullets != "":
                if own_bullets is None:
                    own_bullets = self._restarted_numbering(paragraph)
                _numbered_with(paragraph, own_bullets)
            self.runs(paragraph, item.runs)

    def list_item(self, level: int, ordered: bool, active: dict[int, str], container=None,
                  start: int = 1) -> DocxParagraph:
        """An empty list item paragraph; `active` (level -> numId) is the list's numbering so far;
        a count begun here begins at `start`."""
        for deeper in [lvl for lvl in active if lvl > level]:
            del active[deeper]
        kind = "List Number" if ordered else "List Bullet"
        name = kind if level == 0 else f"{kind} {min(level + 1, 3)}"
        paragraph = self.paragraph(name if self.style(name) else kind, container)
        # deeper than the styles go: that level (Word's deepest is 8) of the deepest style's list
        ilvl = 0 if level < 3 else min(level, MAX_ILVL)
        if ordered:
            if level not in active:
                active[level] = self._restarted_numbering(paragraph, start, ilvl)
            _numbered_with(paragraph, active[level], ilvl)
        else:
            active.pop(level, None)
            if ilvl:
                _numbered_with(paragraph, self._list_definition(paragraph, ilvl)[0], ilvl)
        if level >= 3:  # and indented by hand, whatever the template's levels say
            fmt = paragraph.paragraph_format
            fmt.left_indent = Twips(self.body_indent.twips + LIST_STEP * (level + 1))
            fmt.first_line_indent = Twips(-LIST_STEP)
        return paragraph

    def _restarted_numbering(self, paragraph: DocxParagraph, start: int = 1, ilvl: int = 0) -> str:
        """A new w:num on the paragraph style's list definition whose level `ilvl` starts again at
        `start` ('' if none)."""
        abstract_id = self._list_definition(paragraph, ilvl)[1]
        if not abstract_id:
            return ""
        numbering = self.doc.part.numbering_part.element
        num = CT_Num.new(self._next_num_id(), int(abstract_id))
        numbering._insert_num(num)
        num.add_lvlOverride(ilvl=ilvl).add_startOverride(start)
        return str(num.numId)

    def _list_definition(self, paragraph: DocxParagraph, ilvl: int = 0) -> tuple[str, str]:
        """The w:numId and w:abstractNumId of the paragraph style's list numbering ('' if it has none),
        every level defined when `ilvl` is below the first."""
        style_id = paragraph._p.style
        if style_id not in self._list_definitions:
            self._list_definitions[style_id] = self._style_list(paragraph)
        num_id, abstract_id = self._list_definitions[style_id]
        if ilvl and abstract_id and abstract_id not in self._all_levels:
            define_levels(self.doc.part.numbering_part.element, abstract_id, MAX_ILVL,
                          lambda lvl: self.body_indent.twips + LIST_STEP * (lvl + 1), LIST_STEP)
            self._all_levels.add(abstract_id)
        return num_id, abstract_id

    def _style_list(self, paragraph: DocxParagraph) -> tuple[str, str]:
        """The w:numId and w:abstractNumId the paragraph's style numbers with, as the template has them."""
        style = paragraph.style
        ppr = style.element.pPr if style is not None else None
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_id is None:
            return "", ""
        numbering = self.doc.part.numbering_part.element
        found = numbering.xpath(f'w:num[@w:numId="{num_id.get(qn("w:val"))}"]/w:abstractNumId')
        return (num_id.get(qn("w:val")), found[0].get(qn("w:val"))) if found else ("", "")

    def _next_num_id(self) -> int:
        """The lowest w:numId not in use, as python-docx's `add_num` picks it, without rereading them all."""
        if self._num_ids is None:
            numbering = self.doc.part.numbering_part.element
            self._num_ids = {int(value) for value in numbering.xpath("./w:num/@w:numId")}
        while self._free_num_id in self._num_ids:
            self._free_num_id += 1
        self._num_ids.add(self._free_num_id)
        return self._free_num_id

    def table(self, block: body.Table, cell=None) -> None:
        """A Table Grid table indented with the body (or nested in `cell`): the source's header rows
        in the bold Table Heading style and repeated on each page (none invented), its merged cells
        merged, nested tables in place."""
        if not block.rows:
            return
        table = self.new_table(len(block.rows), block.width, block.header, cell)
        for row_index, (row, cells) in enumerate(zip(table.rows, block.rows, strict=True)):
            for column, (docx_cell, runs) in enumerate(zip(row.cells, cells, strict=False)):
                if row_index < block.header:
                    self.header_cell(docx_cell.paragraphs[0])
                self.runs(docx_cell.paragraphs[0], runs)
                for inner in block.nested_at(row_index, column):
                    self.table(inner, docx_cell)
        merge_cells(table, block)
        if cell is None:
            self.table_end()

    def new_table(self, rows: int, width: int, header: int = 1, cell=None) -> DocxTable:
        """An empty `rows` x `width` Table Grid table, indented with the body, its first `header`
        rows repeated on each page; nested at the end of `cell` (a python-docx cell) when given."""
        tbl = CT_Tbl.new_tbl(rows, width, self._block_width)
        if cell is None:
            self._append_block(tbl)
            table = DocxTable(tbl, self.doc._body)
        else:  # a cell ends with a paragraph, so the nested table goes before a new last one
            cell._tc.append(tbl)
            cell._tc.append(OxmlElement("w:p"))
            table = DocxTable(tbl, cell)
        grid_style = self.style("Table Grid", WD_STYLE_TYPE.TABLE)
        if grid_style is not None:
            tbl.tblStyle_val = self.style_id(grid_style, WD_STYLE_TYPE.TABLE)
        tbl_pr = table._tbl.tblPr
        if cell is None:
            indent = OxmlElement("w:tblInd")
            indent.set(qn("w:w"), str(self.body_indent.twips))
            indent.set(qn("w:type"), "dxa")
            # CT_TblPr is a sequence: Word rejects a tblInd placed after tblBorders, tblLayout or tblLook
            later = [child for child in tbl_pr if child.tag in _AFTER_TBL_IND]
            if later:
                later[0].addprevious(indent)
            else:
                tbl_pr.append(indent)
            column = Emu((self.text_width - self.body_indent) // max(1, width))
        else:
            column = Emu(max(1, cell.width or self.text_width // 2) // max(1, width))
        for grid_column in table.columns:  # LibreOffice lays out by the grid, Word by the cells
            grid_column.width = column
        for row_index, row in enumerate(table.rows):
            if row_index < header:
                row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for docx_cell in row.cells:
                docx_cell.width = column
                docx_cell.paragraphs[0].paragraph_format.space_after = Pt(2)
        return table

    def header_cell(self, paragraph: DocxParagraph) -> None:
        """A header row's cell paragraph in the Table Heading style (bold), made when the template
        lacks it. The bold is the row's look, so an import reads its words as they were."""
        style = self.style(TABLE_HEADING)
        if style is None:
            style = self.doc.styles.add_style(TABLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.style("Normal")
            style.font.bold = True
            self._typed_styles[(TABLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)] = style
        paragraph.style = style

    def table_end(self) -> DocxParagraph:
        """The empty paragraph that follows a table (so two tables never touch)."""
        paragraph = self.paragraph("Normal")
        paragraph.paragraph_format.space_after = Pt(0)
        return paragraph

    def runs(self, paragraph: DocxParagraph, runs: tuple[body.Run, ...]) -> None:
        """Formatted runs; neighbours with one safe link target go into one w:hyperlink."""
        if self.content is not None and any(special(r) for r in runs):
            self.content.write_runs(paragraph, runs, self.runs)
            return
        index = 0
        while index < len(runs):
            run = runs[index]
            target = self.link_target(run.link)
            if target:
                end = index
                while end < len(runs) and runs[end].link == run.link:
                    end += 1
                self._hyperlink(paragraph, target, runs[index:end])
                index = end
                continue
            _formatted_run(paragraph, run)
            index += 1

    def _hyperlink(self, paragraph: DocxParagraph, target: str, runs: tuple[body.Run, ...]) -> None:
        link = self.hyperlink(target)
        paragraph._p.append(link)
        for run in runs:
            docx_run = _formatted_run(paragraph, run)
            self.link_style(docx_run)
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
        self.bookmarks.own_line(line._p)
        if self.info.is_draft:
            mark = self.paragraph("Header", header)
            _draft_run(mark, self.info.draft_mark)
            self.bookmarks.own_line(mark._p)
        for text in _page_lines(policy, "header"):  # the source's own running header
            self.paragraph("Header", header).add_run(xml_safe(text))

        footer = section.footer
        footer.is_linked_to_previous = False
        line = footer.paragraphs[0]
        for text in _page_lines(policy, "footer"):  # the source's own running footer, above the page line
            line.insert_paragraph_before(xml_safe(text), self.style("Footer") or line.style)
        line.style = self.style("Footer") or line.style
        line.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
        if self.info.content_hash:
            line.add_run(f"SHA-256 {self.info.content_hash[:16]}")
        line.add_run("\tPage ")
        _field(line, "PAGE", "1")
        line.add_run(" of ")
        _field(line, "NUMPAGES", "1")
        self.bookmarks.own_line(line._p)

    def properties(self, policy: Policy) -> None:
        props = self.doc.core_properties
        props.title = property_text(policy.title)
        props.author = props.last_modified_by = property_text(self.info.author)
        version = self.info.label or "draft"
        props.subject = property_text(f"{self.info.version_text} ({self.info.status.title})")
        props.keywords = property_text(f"policy; version {version}; {self.info.status.value}")
        props.category = self.info.status.title
        props.version = property_text(version)
        props.comments = f"Content SHA-256: {self.info.content_hash}" if self.info.content_hash else ""
        props.revision = 1
        props.identifier = f"{POLICY_ID_PREFIX}{self.info.policy_id}" if self.info.policy_id else ""
        when = _parse_time(self.info.created)
        props.created = props.modified = when


# ---------------------------------------------------------------- small OOXML helpers

def add_run(paragraph: DocxParagraph, text: str = "") -> DocxRun:
    """`paragraph.add_run(text)`, without python-docx's character-by-character copy of the text.

    Tabs become w:tab and line breaks (CR or LF) w:br, and a w:t with outer spaces keeps
    them (xml:space="preserve"), exactly as python-docx writes them.
    """
    r = paragraph._p.add_r()
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            r.add_tab()
        elif piece in ("\r", "\n"):
            r.add_br()
        elif piece:
            r.add_t(piece)
    return DocxRun(r, paragraph)


def merge_cells(table: DocxTable, block: body.Table) -> None:
    """Merge a filled table's cells as `block` has them: a cell covered on its left widens its
    owner (w:gridSpan), one covered from above continues the owner's w:vMerge."""
    if not block.merges:
        return
    for r, tr in enumerate(table._tbl.tr_lst):
        for c, tc in enumerate(list(tr.tc_lst)):
            merge = block.merge_at(r, c)
            if merge == body.MERGE_LEFT:
                tr.remove(tc)
                continue
            cols = 1
            while block.merge_at(r, c + cols) == body.MERGE_LEFT:
                cols += 1
            if cols > 1:
                width = tc.width
                tc.grid_span = cols
                if width is not None:
                    tc.width = Emu(width * cols)
            if merge == body.MERGE_UP:
                tc.vMerge = "continue"
            elif block.spans(r, c)[1] > 1:
                tc.vMerge = "restart"


def _numbered_with(paragraph: DocxParagraph, num_id: str, ilvl: int = 0) -> None:
    """Number the paragraph by list `num_id` at level `ilvl` ('': leave the style's numbering)."""
    if num_id:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = int(num_id)


def _formatted_run(paragraph: DocxParagraph, run: body.Run):
    docx_run = add_run(paragraph, xml_safe(run.text))
    if run.bold:
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


def _field(paragraph: DocxParagraph, code: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a cached result Word and LibreOffice replace."""
    fields.begin(paragraph, code)
    paragraph.add_run(shown)
    fields.end(paragraph)


def _page_lines(policy: Policy, kind: str) -> list[str]:
    """The policy's page text of one kind ("header", "footer") as its lines; a tab stays a tab."""
    return [line for line in policy.page_text.get(kind, "").split("\n") if line.strip()]


def _parse_time(created: str) -> datetime:
    try:
        when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC).replace(microsecond=0)
    return when if when.tzinfo else when.replace(tzinfo=UTC)

