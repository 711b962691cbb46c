"""The redline as a DOCX with Word's own tracked changes, so a reviewer accepts or rejects each one.

The document looks like the clean DOCX export (same reference document, title
block, numbered headings, lists, tables, header and footer) with every change a
Word revision by the new version's author (or "policyeditor") at its time:

- inserted and deleted words are `w:ins` / `w:del` runs;
- a paragraph inserted or deleted whole also has its paragraph mark inserted or
  deleted, so accept or reject removes it entirely;
- a paragraph break one version has inside a word the other writes whole is a tracked
  paragraph mark, with the rest of the word taken in (`walk.unglued`: "identifiers."
  then deleted "Some" | inserted "Some items"), so a reader that parts paragraphs with a
  space reads the word whole on reject as Word does;
- a table nested in a cell is a nested table, as in the clean export: a row (or whole
  table) one text alone has is tracked as rows, a cell one text alone has as a cell;
- a paragraph moved inside a section, and a section moved out of order, is a
  `w:moveFrom` / `w:moveTo` pair with paired, named ranges (`track_moves=False`
  writes deletion plus insertion instead); a moved section's own edits show at
  its destination;
- section numbers are structure: as in the clean export they are Word's own
  multilevel numbering on the heading styles (the new version's style), so Word
  renumbers as changes are accepted or rejected and no number is a typed change;
  accept-all gives exactly the clean export's words and reject-all the old
  version's (the static blackline, which Word does not renumber, types them);
- the title's change is tracked; the cover states what is compared ("Changes from
  version 1.0 (approved 3 May 2026) to the draft"), the new text's dates and DRAFT
  mark: metadata, stated and not tracked.

Accept-all in Word or LibreOffice gives the words of `export_docx(redline.new, ...,
toc=False)` below the cover, reject-all those of the old version. Open review comments go in as
Word comments on their words (`docx_comments`), the new text's on its kept or inserted words, the
old text's on its kept or deleted ones. How a change is shown is `docx_marks`
(Word's revisions), the XML of revisions `ooxml.revisions`; the walk over the ops is
`redline.walk.OpsWalker`, shared with the HTML redline; `redline.blackline` reuses this
writer with coloured runs instead of revisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from policyeditor.core import body
from policyeditor.core.model import Status
from policyeditor.diff.formatting import kind_change
from policyeditor.diff.redline import Redline, SectionDiff
from policyeditor.diff.text import Op
from policyeditor.formats.exporters.docx import (
    DRAFT_RED,
    _DocxWriter,
    _numbered_with,
    add_run,
    default_template,
    merge_cells,
)
from policyeditor.formats.exporters.docx_content import add_picture
from policyeditor.formats.exporters.info import NOTE_PREFIX, ExportInfo, changes_line
from policyeditor.formats.exporters.safety import property_text, xml_safe
from policyeditor.formats.ooxml.bookmarks import section_bookmark
from policyeditor.formats.ooxml.direction import mark_directions
from policyeditor.formats.ooxml.notes import NotesWriter
from policyeditor.formats.ooxml.numbering import unnumbered
from policyeditor.formats.ooxml.revisions import Revisions, revision_date
from policyeditor.formats.ooxml.saving import save
from policyeditor.formats.redline.docx_comments import DocxComment, SectionRuns, add_comments
from policyeditor.formats.redline.docx_fields import OpenField
from policyeditor.formats.redline.docx_marks import Marks, Rev, TrackedMarks
from policyeditor.formats.redline.walk import (
    BREAK_SIDES,
    HEADER_ROW,
    MERGE_OF,
    NESTED_MARKS,
    PILCROW,
    PLAIN,
    TABLE_START,
    Block,
    Format,
    NestedCell,
    NestedTable,
    OpsWalker,
    cell_sides,
    nested_tables,
    replaced_paragraphs,
    row_grid,
    row_sides,
    table_spans,
    trailing_paragraphs,
    unglued,
)

__all__ = ["export_redline_docx", "RedlineDocxWriter", "redline_header_line"]

FIRST_REVISION_ID = 100_000  # above the bookmark ids the writer hands out (one per section)


def export_redline_docx(redline: Redline, path: Path, old_info: ExportInfo | None = None,
                        new_info: ExportInfo | None = None, *, comments: Sequence[DocxComment] = (),
                        track_moves: bool = True, template: Path | None = None,
                        credits: Mapping[int, tuple[str, str]] | None = None) -> None:
    """Write the redline as a DOCX with native tracked changes to `path`.

    `old_info` / `new_info` describe the two versions (default: unlabelled drafts);
    the revisions carry `new_info.author` (or "policyeditor") and `new_info.created`
    (or now). `comments` become Word comments anchored on their words. `track_moves`
    False writes moves as deletion plus insertion. `template` defaults to the
    packaged reference document. `credits` (change id → (author, ISO date), from
    `diff.blame`) stamps each change's revisions with whoever made it.
    """
    old_info = old_info or ExportInfo(None, Status.DRAFT)
    new_info = new_info or ExportInfo(None, Status.DRAFT)
    document = docx.Document(str(template or default_template()))
    marks = TrackedMarks(Revisions(new_info.author, revision_date(new_info.created), FIRST_REVISION_ID),
                         track_moves, credits)
    writer = RedlineDocxWriter(document, new_info, marks)
    writer.pictures = {**redline.old.pictures, **redline.new.pictures}
    writer.heading_numbering(redline.new)
    writer.cross_references(redline.new)
    writer.title_block(redline, old_info)
    writer.sections(redline)
    writer.close_note()
    writer.close_field()
    marks.kinds_at_kept_marks(document.element.body)
    marks.finish()
    writer.header_footer(redline.new)
    redline_header_line(writer, redline, old_info, new_info)
    writer.properties(redline.new)
    writer.doc.core_properties.subject = property_text(changes_line(old_info, new_info, redline.old_label,
                                                                    redline.new_label))
    writer.comments(comments)
    mark_directions(document)
    save(document, path)


def redline_header_line(writer: _DocxWriter, redline: Redline, old_info: ExportInfo, new_info: ExportInfo,
                        kind: str = "Redline") -> None:
    """A header line under the clean export's, in the reader's words:
    "Redline: changes from version 1.0 (approved 3 May 2026) to the draft"."""
    header = writer.doc.sections[0].header
    line = changes_line(old_info, new_info, redline.old_label, redline.new_label)
    own = writer.paragraph("Header", header)
    own.add_run(xml_safe(f"{kind}: {line[0].lower()}{line[1:]}"))
    writer.bookmarks.own_line(own._p)


# ---------------------------------------------------------------- sections in context

# What each op kind becomes in each kind of section: in place (or added or deleted),
# the source of a section moved away (its old text), and its destination (its new
# text, the words it gained inserted). Words it lost are not repeated at the
# destination: an insertion deleted again (w:del inside w:ins) would say so, but
# LibreOffice keeps such words on both accept and reject.
_REVS: dict[str, dict[str, Rev]] = {
    "normal": {"equal": None, "insert": "ins", "delete": "del", "move_from": "moveFrom", "move_to": "moveTo"},
    "source": {"equal": "moveFrom", "insert": "moveFrom", "delete": "moveFrom", "move_from": "moveFrom",
               "move_to": "moveFrom"},
    "destination": {"equal": "moveTo", "insert": "ins", "delete": "del", "move_from": "del",
                    "move_to": "ins"},
}
# tables fall back to deletion and insertion: a move range does not cross cell boundaries
_TABLE_REV = {"moveFrom": "del", "moveTo": "ins"}
# which texts hold a run's words, by how it is shown (an insertion deleted again: neither), for comments
_SIDES_OF: dict[Rev, frozenset[str]] = {None: frozenset({"old", "new"}), "ins": frozenset({"new"}),
                                        "moveTo": frozenset({"new"}), "del": frozenset({"old"}),
                                        "moveFrom": frozenset({"old"})}


@dataclass(frozen=True)
class _Context:
    revs: dict[str, Rev]
    move_key: int     # the structural move's change id, or 0: moves inside the text use their own

    def rev(self, op: Op) -> Rev:
        return self.revs[op.kind]

    def key(self, op: Op) -> int:
        return self.move_key or op.change


def _break_kind(ops: Iterable[Op]) -> Op:
    """One op standing for the line breaks after a block: equal when both texts break there."""
    ops = list(ops)
    sides = set().union(*(BREAK_SIDES[op.kind] for op in ops)) if ops else set()
    if sides == {"old", "new"}:
        return Op("equal", "")
    kinds = {op.kind for op in ops}
    change = ops[0].change if ops else 0
    if sides == {"new"}:
        return Op("move_to" if kinds == {"move_to"} else "insert", "", change)
    return Op("move_from" if kinds == {"move_from"} else "delete", "", change)


@dataclass
class _OpenNote:
    """The note the redline is writing: where its words go, its reference, what happened to them."""

    key: tuple[int, str]
    paragraph: DocxParagraph
    reference: DocxRun
    context: _Context
    kinds: set[str] = field(default_factory=set)
    ops: list[Op] = field(default_factory=list)


class RedlineDocxWriter(_DocxWriter):
    """Adds a redline's title block and sections to a python-docx document, changes shown by `marks`."""

    def __init__(self, document, info: ExportInfo, marks: Marks) -> None:
        super().__init__(document, info)
        self.marks = marks
        self.pictures: dict[str, bytes] = {}  # the pictures both sides hold, by content hash
        # each section's runs and heading paragraphs, either text's, to anchor comments on
        self.section_runs = SectionRuns()
        self._open_link: tuple[object, str] = (None, "")
        self._notes: NotesWriter | None = None
        self._open_note: _OpenNote | None = None
        self._open_field: OpenField | None = None
        self._field_context: tuple[_Context, bool] | None = None  # the open field's context, in a table?
        self.live_numbers = True  # Word numbers the headings; False types the numbers (blackline)

    # ------------------------------------------------------------ pieces

    def piece(self, paragraph: DocxParagraph, text: str, op: Op, fmt: Format, context: _Context,
              table: bool = False, section: int | None = None,
              old_format: Format | None = None) -> None:
        """One run of text with its format and its change, inside a link when it has a safe one;
        `old_format` the format it had before, when only its formatting changed; `section` the
        index of the section diff whose words it is (kept for comments)."""
        text = xml_safe(text)
        if not text:
            return
        run_bold, italic, underline, link, (note, _math, code, _picture) = fmt
        rev = context.rev(op)
        if table:
            rev = _TABLE_REV.get(rev, rev) if rev else rev
        old_code = old_format[4][2] if old_format is not None and rev is None and self.marks.real_fields \
            and old_format[4][2] != code else None
        self._field(paragraph, "" if note else code, old_code, context, table)
        if note:  # a real Word note; its words' changes tracked inside it
            self._note_piece(paragraph, text, op, fmt, context)
            return
        self.close_note()
        if old_code is not None:  # a field changed: the old field and its words deleted, the new inserted
            assert old_format is not None and self._open_field is not None
            old_run = self._run(paragraph, text, old_format)
            old_target = self.link_target(old_format[3])
            if old_target:
                self._in_link(paragraph, old_run, old_target)
            self._open_field.add_old(old_run)
            self.marks.run(old_run, "del", op.change)
            rev, old_format = "ins", None
        run = self._run(paragraph, text, fmt)
        target = self.link_target(link)
        safe = bool(target)
        relinked = old_format is not None and rev is None and old_format[3] != link \
            and self.marks.link_fields
        if safe and relinked:
            self.link_style(run)  # its link is a tracked field (marks.relink), not a w:hyperlink
        elif safe:
            self._in_link(paragraph, run, target)
        self.marks.run(run, rev, op.change if old_code is not None else context.key(op))
        if self._open_field is not None and (code or old_code is not None):
            self._open_field.add(run, op)
        if old_format is not None and rev is None:
            self.marks.reformatted(run)
        # the same format: its paragraph's kind changed (`_Body._former_kind`), not its runs'
        if old_format is not None and rev is None and old_format != fmt:
            self.marks.format(run, old_format)
            if relinked:
                self.marks.relink(run, self.link_target(old_format[3]), target)
        sides = _SIDES_OF.get(rev, frozenset()) if section is not None else frozenset()
        if sides:
            self.section_runs.add(section, paragraph._p, run, text, sides)

    def _run(self, paragraph: DocxParagraph, text: str, fmt: Format) -> DocxRun:
        """A run of `text` at the paragraph's end in `fmt`'s bold, italic and underline (a picture
        drawn as in the clean export); its link is the caller's."""
        run_bold, italic, underline, link, (_note, _math, _code, picture) = fmt
        run = add_run(paragraph, text)
        if picture:  # drawn as in the clean export; its words are none
            run.text = ""
            data = self.pictures.get(picture)
            if data is None:
                run.text = f"[picture {picture[:12]} missing]"
            else:
                add_picture(self.doc, run, data, self.text_width)
        if run_bold:
            run.bold = True
        if italic:
            run.italic = True
        if underline:
            run.underline = True
        return run

    def _field(self, paragraph: DocxParagraph, code: str, old_code: str | None, context: _Context,
               table: bool) -> None:
        """Before a piece: end the open field unless the piece goes on in it, and open the piece's
        own (`code`, and `old_code` for a field changed) where it starts one (`docx_fields`)."""
        if not self.marks.real_fields:
            return
        open_field = self._open_field
        if open_field is not None and open_field.continues(paragraph, code, old_code):
            return
        self.close_field()
        if code or old_code is not None:
            self._open_field = OpenField(paragraph, code, old_code)
            self._field_context = (context, table)

    def close_field(self) -> None:
        """The open field is complete: its characters go around its words, with the field's own
        revision (that of the texts its words are in: `_break_kind`)."""
        open_field, self._open_field = self._open_field, None
        if open_field is None:
            return
        assert self._field_context is not None
        context, table = self._field_context
        kind = _break_kind(open_field.ops)
        rev = context.rev(kind)
        if table:
            rev = _TABLE_REV.get(rev, rev) if rev else rev
        open_field.close(self.marks, rev, open_field.ops[0].change if open_field.old_code is not None
                         else context.key(kind))

    def _note_piece(self, paragraph: DocxParagraph, text: str, op: Op, fmt: Format,
                    context: _Context) -> None:
        """A piece of a footnote's or endnote's words, in the note it belongs to (a new one when the
        previous piece was not of this note)."""
        note = fmt[4][0]
        key = (id(paragraph._p), note)
        if self._open_note is None or self._open_note.key != key:
            self.close_note()
            if self._notes is None:
                self._notes = NotesWriter(self.doc)
            inner = self._notes.add("footnote" if note == "fn" else "endnote", paragraph)
            reference = DocxRun(paragraph._p[-1], paragraph)
            self._open_note = _OpenNote(key, inner, reference, context)
        open_note = self._open_note
        open_note.kinds.add(op.kind)
        open_note.ops.append(op)
        run = add_run(open_note.paragraph, text)
        run_bold, italic, underline = fmt[0], fmt[1], fmt[2]
        if run_bold:
            run.bold = True
        if italic:
            run.italic = True
        if underline:
            run.underline = True
        self.marks.run(run, context.rev(op), context.key(op))

    def close_note(self) -> None:
        """The open note is complete: its reference is inserted (or deleted) when all its words are."""
        open_note, self._open_note = self._open_note, None
        if open_note is None:
            return
        sides = {BREAK_SIDES[kind] for kind in open_note.kinds}
        if sides == {frozenset({"new"})} or sides == {frozenset({"old"})}:
            op = open_note.ops[0]
            self.marks.run(open_note.reference, open_note.context.rev(op), open_note.context.key(op))

    def _in_link(self, paragraph: DocxParagraph, run: DocxRun, target: str) -> None:
        """Put the run in a w:hyperlink: the one just before it when that one has the same target."""
        previous = run._r.getprevious()
        link, open_target = self._open_link
        if not (previous is not None and previous is link and open_target == target):
            link = self.hyperlink(target)
            run._r.addprevious(link)
            self._open_link = (link, target)
        link.append(run._r)
        self.link_style(run)

    def former_properties(self, block: Block, active: dict[int, str], bullets: str = ""):
        """The w:pPr a paragraph of `block`'s kind (a list item at its level, bullet or number, or
        a paragraph) is written with, `active` the old text's lists so far (as `list_item`'s) and
        `bullets` the w:num of its list's first-level bullets ('' the style's): what a paragraph
        whose kind changed had, for its w:pPrChange."""
        kind, level, marker = block
        if kind == "li":
            paragraph = self.list_item(level, marker != "\u2022", active, start=_marker_start(marker))
            if level == 0 and marker == "\u2022":
                _numbered_with(paragraph, bullets)
        else:
            active.clear()
            paragraph = self.paragraph("Body Text")
        paragraph._p.getparent().remove(paragraph._p)  # written only to read its properties
        return paragraph._p.get_or_add_pPr()

    def ops_paragraph(self, paragraph: DocxParagraph, ops: Sequence[Op], context: _Context,
                      section: int | None = None) -> None:
        """Heading or title ops as runs of one paragraph (of section diff `section`)."""
        walker = _Pieces(self, paragraph, context, section)
        walker.walk(tuple(ops))

    # ------------------------------------------------------------ title block

    def title_block(self, redline: Redline, old_info: ExportInfo) -> None:
        """The title (its change tracked), then what the redline compares, stated, not tracked.

        Version, status and date are the versions' metadata, not words anyone
        edited: the cover says "Changes from version 1.0 (approved 3 May 2026) to
        the draft", then the texts' own dates ("Effective date: ...", their changes
        tracked: a paragraph one text alone has is that text's) and the DRAFT mark.
        """
        normal = _Context(_REVS["normal"], 0)
        title = self.paragraph("Title")
        self.ops_paragraph(title, redline.title_ops, normal)
        self.marks.paragraph(title, None, 0, any(op.kind != "equal" for op in redline.title_ops))
        self.paragraph("Subtitle").add_run(
            xml_safe(changes_line(old_info, self.info, redline.old_label, redline.new_label)))
        if redline.dates_ops:  # the policy's own dates ("Last Updated: ..."), their changes tracked
            dates = self.paragraph("Subtitle")
            self.ops_paragraph(dates, redline.dates_ops, normal)
            mark = _break_kind(redline.dates_ops)  # one text's alone: its mark is that text's too
            changed = any(op.kind != "equal" for op in redline.dates_ops)
            self.marks.paragraph(dates, normal.rev(mark), normal.key(mark), changed)
        if self.info.is_draft:
            run = add_run(self.paragraph("Subtitle"), self.info.draft_mark)
            run.bold = True
            run.font.color.rgb = DRAFT_RED
        for note in redline.notes:  # what no revision can show (a page header, charts): said, never silent
            self.paragraph("Subtitle").add_run(xml_safe(f"{NOTE_PREFIX}{note}"))

    # ------------------------------------------------------------ sections

    def sections(self, redline: Redline) -> None:
        for index, role in redline.slots:
            self.section(redline, redline.sections[index], role)

    def section(self, redline: Redline, d: SectionDiff, role: str) -> None:
        heading_ops, body_ops = d.heading_ops, d.body_ops
        if role == "old" and d.new is not None:  # the source of a section moved away
            context = _Context(_REVS["source"], _move_change(redline, d))
            heading_ops = (Op("move_from", d.old.heading),) if d.old.heading else ()
            body_ops = (Op("move_from", d.old.body),) if d.old.body else ()
            number_ops: tuple[Op, ...] = (Op("move_from", d.old_number or ""),)
            edge = Op("move_from", "")
            depth = d.old_depth
        else:
            destination = role == "new" and d.old is not None
            context = _Context(_REVS["destination" if destination else "normal"],
                               _move_change(redline, d) if destination else 0)
            if destination:  # the words it lost show at the source, inside the moveFrom
                heading_ops, body_ops = _new_side(heading_ops), _new_side(body_ops)
            # an added or deleted section's number and marks are its change's (credited as its words)
            own = d.change_ids[0] if d.change_ids and (d.old is None or d.new is None) else 0
            if d.new is None:
                number_ops, edge, depth = (Op("delete", d.old_number or "", own),), Op("delete", "", own), \
                    d.old_depth
            elif d.old is None:
                number_ops, edge, depth = (Op("insert", d.new_number or "", own),), Op("insert", "", own), \
                    d.new_depth
            else:
                depth, edge = d.new_depth, Op("equal", "")
                if destination or d.old_number == d.new_number:
                    number_ops = (Op("equal", d.new_number or ""),)
                else:  # renumbered in place: only the number is a change
                    number_ops = (Op("delete", d.old_number or ""), Op("insert", d.new_number or ""))
        new_id = d.new.id if d.new is not None and role != "old" else None
        heading = self.paragraph(f"Heading {min(depth or 1, 9)}")
        if new_id:
            self._bookmark(heading, d.new)
        # the new text's words are where it stands now, the old text's where it stood (a move's source)
        self.section_runs.heading(d.index, "new", d.new.id if d.new is not None and role != "old" else None,
                                  heading)
        self.section_runs.heading(d.index, "old", d.old.id if d.old is not None and role != "new" else None,
                                  heading)
        if self.live_numbers:  # Word numbers the heading from its style
            number_ops = ()
            if not (d.new_number if role != "old" and d.new is not None else d.old_number) \
                    and not (d.new or d.old).heading.strip():
                unnumbered(heading._p)
        for op in number_ops:
            self.piece(heading, op.text, op, PLAIN, context)
        # the tab between number and words (Word's number has no suffix of its own); it also
        # carries the paragraph's move or insertion, as the number used to
        self.piece(heading, "\t", edge, PLAIN, context)
        self.ops_paragraph(heading, heading_ops, context, d.index)
        changed = (any(op.kind != "equal" for op in (*heading_ops, *number_ops))
                   or context.revs["equal"] is not None)
        self.marks.paragraph(heading, context.rev(edge), context.key(edge), changed)
        if role != "old" and d.old is not None and d.new is not None and d.in_place \
                and d.old_depth != d.new_depth:  # promoted or demoted in place: a level change
            style = self.style(f"Heading {min(d.old_depth or 1, 9)}")
            self.marks.paragraph_style(heading, self.style_id(style) if style is not None else None)
        body = _Body(self, context, d.index)
        # a moved section's ends are all one revision: nothing of a word to restore there
        tracked = self.marks.unglue and context.revs is _REVS["normal"]
        body.walk(replaced_paragraphs(unglued(tuple(body_ops))) if tracked else tuple(body_ops))
        body.end(edge)

    def _bookmark(self, paragraph: DocxParagraph, section) -> None:
        self.bookmarks.mark(paragraph._p, section_bookmark(section.id))
        self.anchor_marks(paragraph._p, section.id)

    def comments(self, comments: Sequence[DocxComment]) -> None:
        """Each comment as a Word comment on the runs holding its quote in its text (or on its section
        heading)."""
        add_comments(self.doc, self.section_runs, comments)


def _is_run_like(element) -> bool:
    return element.tag in {qn("w:r"), qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")}


def _move_change(redline: Redline, d: SectionDiff) -> int:
    """The key pairing the two ends of a section placed twice: its section_moved change id.

    A section can be placed twice without a section_moved change of its own (the
    aligner may ascribe the move to a neighbour); its two ends still pair, under a
    key no change id uses.
    """
    return next((c.id for c in redline.changes if c.section == d.index and c.kind == "section_moved"),
                -1 - d.index)


def _new_side(ops: Sequence[Op]) -> tuple[Op, ...]:
    """The ops of the new text only: equal, inserted and moved-here words."""
    return tuple(op for op in ops if op.kind in ("equal", "insert", "move_to"))


def _cells_one_side_has(row: tuple[list[set[str]], list[frozenset[str]]]) -> list[tuple[int, str]]:
    """The cells of a row both texts have that only one text has: (column, "ins" or "del").

    A row with more cell boundaries in one text gained (or lost) that many cells: the last
    cells whose words are in that text alone (or that hold none) are the ones.
    """
    contents, boundaries = row
    old = 1 + sum(1 for b in boundaries if "old" in b)
    new = 1 + sum(1 for b in boundaries if "new" in b)
    if old == new:
        return []
    side, kind, count = ("new", "ins", new - old) if new > old else ("old", "del", old - new)
    candidates = [c for c, sides in enumerate(contents) if sides <= {side}]
    return [(c, kind) for c in candidates[-count:]]


def _end_row_early(tr, missing: int) -> None:
    """A tracked row of the text with fewer columns holds only its own cells (w:gridAfter for the
    rest): an empty cell more would stay in that text's table on accept or reject."""
    for tc in tr.findall(qn("w:tc"))[-missing:]:
        tr.remove(tc)
    after = OxmlElement("w:gridAfter")
    after.set(qn("w:val"), str(missing))
    tr.get_or_add_trPr().insert(0, after)  # CT_TrPrBase is a choice in any order; w:ins/w:del follow it


def _one_side(sides: set[str]) -> str:
    """"ins" for what only the new text has, "del" for only the old, "" for both."""
    return "ins" if sides == {"new"} else "del" if sides == {"old"} else ""


class _Pieces(OpsWalker):
    """Heading and title ops as the runs of one paragraph."""

    def __init__(self, writer: RedlineDocxWriter, paragraph: DocxParagraph, context: _Context,
                 section: int | None) -> None:
        super().__init__(plain=True)
        self.writer, self.paragraph, self.context, self.section = writer, paragraph, context, section

    def text(self, text: str, op: Op, fmt: Format) -> None:
        if self.formatted:  # its w:rPrChange (a link's fields) is the format change's
            self.writer.marks.credit(self.formatted[0])
        self.writer.piece(self.paragraph, text, op, fmt, self.context, section=self.section,
                          old_format=self.formatted[2] if self.formatted else None)


class _Body(OpsWalker):
    """A section body's ops as paragraphs, list items and tables, each paragraph mark tracked."""

    def __init__(self, writer: RedlineDocxWriter, context: _Context, section: int | None) -> None:
        super().__init__()
        self.writer, self.context, self.section = writer, context, section
        self.paragraph: DocxParagraph | None = None
        self.changed = False
        self.lists: dict[int, str] = {}
        # a table being gathered: rows of cells of (text, op, format, `formatted` of a format change)
        self.rows: list[list[list[tuple[str, Op, Format, tuple[int, str, Format] | None]]]] = []
        # per gathered row: header row?, the texts it is in, first row of its table in its text?
        self.row_info: list[tuple[bool, set[str], bool]] = []
        self.row_merges: list[dict[int, tuple[str, Op]]] = []  # per row: cell -> (merge marker, its op)
        self.cell_sides: list[list[set[str]]] = []  # per row, per cell: the texts its words are in
        self.boundaries: list[list[frozenset[str]]] = []  # per row: the texts each cell boundary is in
        self._last: DocxParagraph | None = None
        self.pending: set[str] = set()  # texts with words since their last paragraph break
        self.old_lists: dict[int, str] = {}  # `lists` of the old text, for a kind that changed
        # the open item's old block and the old text's lists before it, when its list was split
        # or joined there (`open_block`)
        self._parted: tuple[Block, dict[int, str]] | None = None
        self._format_note: tuple[int, str] | None = None  # the format change being written, what changed
        self._last_change = 0  # the change of the last piece of a change: the body's last mark's
        # per text, the w:num of the open list's first-level bullets: '' the style's, None one of
        # its own to be made (a list right after another: Word would read the two as one), and
        # whether the two texts' open lists began at one item (then their bullets are one list)
        self._bullets: dict[str, str | None] = {"old": "", "new": ""}
        self._one_list = True
        self._openings: tuple[Block | None, bool | None, bool | None] = (None, None, None)  # `list_openings`
        # the body ends with paragraphs only one text has, of another kind than the other's last:
        # (inserted or deleted, the old text's last block, the new text's; `trailing_paragraphs`)
        self._trailing: tuple[str, Block, Block] | None = None
        # a paragraph whose mark only one text has, marked when the next block is known (`_release`),
        # and the texts of the break after the gathered rows (empty: the body ends with them)
        self._held: tuple[DocxParagraph, Op, bool] | None = None
        self._after_rows: frozenset[str] = frozenset()

    def walk(self, ops: tuple[Op, ...]) -> None:
        self._trailing = trailing_paragraphs(ops)
        super().walk(ops)

    def open_block(self, block: Block) -> None:
        kind, level, marker = block
        if kind != "tr":
            self._table()
            self._release()
        if kind == "tr":
            self.rows.append([[]])
            self.row_info.append((level == HEADER_ROW, set(), marker == TABLE_START))
            self.row_merges.append({})
            self.cell_sides.append([set()])
            self.boundaries.append([])
        elif kind == "li":
            old_item, was, now = self._openings = self.list_openings()
            if old_item is not None and now is not None and was != now:
                # a list split in two (joined): the item went on (began) the list before it there
                self._parted = (old_item, {} if was else dict(self.lists))
            if now or (now is None and was):  # a list right after another counts again, as the texts do
                self.lists = {}
            self._list_begins(was, now)
            self.paragraph = self.writer.list_item(level, marker != "\u2022", self.lists,
                                                   start=_marker_start(marker))
            if level == 0 and marker == "\u2022":  # in its text's list of bullets (the old one's alone)
                _numbered_with(self.paragraph, self._bullets_of("new" if now is not None else "old"))
        else:
            self.lists = {}
            self.paragraph = self.writer.paragraph("Body Text")
        if kind != "tr":
            self._former_kind(block)
        self.changed = False

    def _former_kind(self, block: Block) -> None:
        """A paragraph whose kind changed (`old_block`) gets the properties it had as its tracked
        change (Word: "Formatted: Bulleted"), so Reject gives the old kind back; the old text's
        lists are followed, so its numbered items are one list again there."""
        old, old_lists = self.old_block, self.old_lists
        if self._parted is not None:
            (item, old_lists), self._parted = self._parted, None
            old = old or item
        if old is None:  # a list item run into a paragraph by deleted breaks is still the item it was
            line = self.old_line_block()
            old = line if line is not None and kind_change(line, block) else None
        if old is None and self._other_bullets(block):  # the same item, in another list of bullets there
            old = block
        if old is None or old[0] == "tr":
            self.old_lists = dict(self.lists) if block[0] == "li" else {}
            return
        assert self.paragraph is not None
        bullets = self._bullets_of("old") if old[0] == "li" and old[1] == 0 and old[2] == "\u2022" else ""
        former = self.writer.former_properties(old, old_lists, bullets)
        self.writer.marks.paragraph_kind(self.paragraph, former)
        if old[0] == "li" and old != block:
            self.writer.marks.old_marker(self.paragraph, old[2])

    def _list_begins(self, was: bool | None, now: bool | None) -> None:
        """The open item begins a list in the old text (`was`), the new (`now`), or both."""
        if not (was or now):
            return
        old_follows, new_follows = self.list_follows()
        if was:
            self._bullets["old"] = None if old_follows else ""
        if now:
            self._bullets["new"] = None if new_follows else ""
        self._one_list = bool(was and now)

    def _bullets_of(self, side: str) -> str:
        """The w:num of the open list's first-level bullets in one text, made at its first use."""
        if self._bullets[side] is None:  # on the bullets' list definition, whatever the open paragraph is
            probe = self.writer.list_item(0, False, {})
            self._bullets[side] = self.writer._restarted_numbering(probe)
            probe._p.getparent().remove(probe._p)
        return self._bullets[side] or ""

    def _other_bullets(self, block: Block) -> bool:
        """A first-level bullet of both texts whose lists of bullets differ there: one text's list
        is the style's and the other's its own, or the two began at different items."""
        if block[:3:2] != ("li", "\u2022") or block[1] != 0 or self.old_block is not None:
            return False
        old_item, _, now = self._openings
        if old_item is None or now is None or old_item[1] != 0 or old_item[2] != "\u2022":
            return False
        old, new = self._bullets["old"], self._bullets["new"]
        return (old == "") != (new == "") or (old != "" and new != "" and not self._one_list)

    def text(self, text: str, op: Op, fmt: Format) -> None:
        self.changed = self.changed or op.kind != "equal"
        self._last_change = op.change or self._last_change
        if self.rows and self.block is not None and self.block[0] == "tr":
            self.row_info[-1][1].update(BREAK_SIDES[op.kind])
            self.cell_sides[-1][-1].update(BREAK_SIDES[op.kind])
            marker = MERGE_OF.get(text)
            if marker:
                self.row_merges[-1][len(self.rows[-1]) - 1] = (marker, op)
                return
            self.rows[-1][-1].append((text, op, fmt, self.formatted))
            return
        self.pending |= BREAK_SIDES[op.kind]
        assert self.paragraph is not None
        change = self.formatted[:2] if self.formatted else None
        if self._format_note is not None and self._format_note != change:
            self._end_format_note()
        if self.formatted:  # its w:rPrChange (a link's fields) is the format change's
            self.writer.marks.credit(self.formatted[0])
        self.writer.piece(self.paragraph, text, op, fmt, self.context, section=self.section,
                          old_format=self.formatted[2] if self.formatted else None)
        if change is not None:
            self.changed = True  # a change of formatting alone changes its paragraph (a blackline's bar)
            self._format_note = change

    def _end_format_note(self) -> None:
        """The change of formatting alone whose words were last written ends: its note (a blackline's)."""
        note, self._format_note = self._format_note, None
        if note is not None and self.paragraph is not None:
            self.writer.marks.format_note(self.paragraph, note[1])

    def cell(self) -> None:
        self.rows[-1].append([])
        self.boundaries[-1].append(self.boundary_sides)
        self.cell_sides[-1].append(set())

    def close_block(self, block: Block) -> None:
        if block[0] == "tr" and self.row_info:
            self.row_info[-1][1].update(self._row_sides)  # its cell boundaries count too
            self.pending -= self.row_info[-1][1]  # a row ends a paragraph of the texts it is in
            self._after_rows = frozenset().union(*(BREAK_SIDES[op.kind] for op in self.gap))
        if block[0] == "tr" or self.paragraph is None:
            return
        self._end_format_note()
        if self.gap:
            kind = _break_kind(self.gap)
            if kind.kind == "equal":
                self._mark(self.paragraph, kind)
            else:  # marked once the next block is known: rows of that text alone may follow
                self._held = (self.paragraph, kind, self.changed)
            self.pending -= set().union(*(BREAK_SIDES[op.kind] for op in self.gap))
        else:  # the body's last paragraph: its mark is the section's (see end)
            self._last = self.paragraph
        self.paragraph = None

    def joined_break(self, op: Op, block: Block) -> bool:
        """The paragraph ends here with its mark tracked (close_block); Word joins the two on reject
        (accept) of a break only one text has. Shown as a ¶ too where the marks ask for it. (The
        tracked DOCX mostly has none left: `walk.unglued` took the rest of the word in.)"""
        if self.writer.marks.pilcrows and self.paragraph is not None and block[0] != "tr" \
                and (self.block is None or self.block[0] != "tr"):
            self.writer.piece(self.paragraph, PILCROW, op, PLAIN, self.context)
        return False

    def _release(self, both: bool = False) -> None:
        """Mark the paragraph whose mark only one text has (`close_block`); `both`: the rows after
        it are that text's alone and the other text has a break after them (or its body ends
        there), so the mark is the other text's too: its paragraph ended there, not in the rows."""
        if self._held is not None:
            paragraph, kind, changed = self._held
            self._held = None
            self._mark(paragraph, Op("equal", "") if both else kind, changed)

    def _mark(self, paragraph: DocxParagraph, kind: Op, changed: bool | None = None) -> None:
        changed = (self.changed if changed is None else changed) or kind.kind != "equal" \
            or self.context.revs["equal"] is not None
        self.writer.marks.paragraph(paragraph, self.context.rev(kind), self.context.key(kind), changed)

    def end(self, edge: Op) -> None:
        """The body is written: mark its last paragraph, write a table still open.

        An added, deleted or moved section's last mark is `edge`, like all its marks.
        Otherwise it is in each text that has words after its own last paragraph break
        (or table): the new text's body may end earlier, or with a table.
        """
        self._table()
        self._release()
        if self._last is not None and self._trailing is not None:
            self._last_mark_kinds(self._last, *self._trailing)
        if self._last is not None:
            if edge.kind == "equal":
                old, new = "old" in self.pending, "new" in self.pending
                edge = Op("equal" if old == new else "insert" if new else "delete", "", self._last_change)
            self._mark(self._last, edge)
            self._last = None

    def _last_mark_kinds(self, paragraph: DocxParagraph, kind: str, old: Block, new: Block) -> None:
        """The body's last mark is both texts' last (`trailing_paragraphs`): the paragraph it
        ends is the new text's last in its new kind and the old text's in its old kind, as a
        tracked change of kind. The paragraphs of one text that end the body hold it, so Reject
        of inserted ones (Accept of deleted ones) joins the other text's last paragraph to it,
        which then keeps its own kind (as Word tracks an item typed after a paragraph)."""
        ppr = paragraph._p.get_or_add_pPr()
        if ppr.find(qn("w:pPrChange")) is not None:
            return  # its kind changed already: tracked where the paragraph was written
        if kind == "insert":  # written in its new kind: the old text's last paragraph's is its old
            old_properties = self.writer.former_properties(old, dict(self.old_lists))
            self.writer.marks.paragraph_kind(paragraph, old_properties)
        else:  # deleted, written in its old kind: it takes the new text's last paragraph's
            self.writer.marks.kind_now(paragraph, self.writer.former_properties(new, dict(self.lists)))

    def _table(self) -> None:
        """Write the gathered rows as tables, parted where the texts part them (walk.table_spans)."""
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        info, self.row_info = self.row_info, []
        merges, self.row_merges = self.row_merges, []
        cells, self.cell_sides = self.cell_sides, []
        boundaries, self.boundaries = self.boundaries, []
        cells = [(c, b) for c, b in zip(cells, boundaries, strict=True)]
        self.lists = {}
        if self._held is not None:
            side = BREAK_SIDES[self._held[1].kind]
            after, self._after_rows = self._after_rows, frozenset()
            self._release(all(i[1] == side for i in info) and (not after or bool(after - side)))
        for start, end in table_spans([i[2] for i in info], [i[1] for i in info]):
            self._write_table(rows[start:end], info[start:end], merges[start:end], cells[start:end])

    def _write_table(self, rows, info, merges, cell_sides) -> None:
        """One table: a row only one text has is a tracked row (inserted or deleted), the rest
        hold their cell edits; header rows are the texts' own. A row whose merges changed is
        its old row deleted and its new row inserted (walk.row_sides); a merge is drawn as its
        row stands."""
        expanded = []
        for cells, (head, sides, first), marks, sided in zip(rows, info, merges, cell_sides, strict=True):
            halves = row_sides(cells, marks, sides)
            expanded += [(half, (head, half_sides, first), half_marks, sided if len(halves) == 1 else None)
                         for half, half_marks, half_sides in halves]
        rows, info, merges, cell_sides = (list(column) for column in zip(*expanded, strict=True))
        width = max(len(row) for row in rows)
        header = 0
        while header < len(info) and info[header][0]:
            header += 1
        table = self.writer.new_table(len(rows), width, header)
        row_revs = []
        grid: list[tuple[str, ...]] = []
        for row_index, (docx_row, cells) in enumerate(zip(table.rows, rows, strict=True)):
            sides = info[row_index][1]
            side_kind = "insert" if sides == {"new"} else "delete" if sides == {"old"} else "equal"
            ops = [piece[1] for cell in cells for piece in cell] or [Op(side_kind, "")]
            revs = {_TABLE_REV.get(self.context.rev(op), self.context.rev(op)) for op in ops}
            rev = revs.pop() if len(revs) == 1 and revs <= {"ins", "del"} else None
            row_revs.append(rev)
            for docx_cell, pieces in zip(docx_row.cells, cells, strict=False):
                if any(piece[0] in NESTED_MARKS for piece in pieces):
                    self._cell(docx_cell, nested_tables(pieces), row_index < header)
                    continue
                self._cell_words(docx_cell.paragraphs[0], pieces, row_index < header)
            one_sided = []
            if rev is None and self.context.revs["equal"] is None and cell_sides[row_index] is not None:
                one_sided = _cells_one_side_has(cell_sides[row_index])
            self.writer.marks.row(docx_row._tr, rev, bool(one_sided) or self._changed(
                piece for cell in cells for piece in cell))
            for column, kind in one_sided:
                self.writer.marks.cell(docx_row.cells[column]._tc, kind)
            grid.append(row_grid(merges[row_index], width))
        merge_cells(table, body.make_table([((),) * width] * len(rows), header, grid))
        for docx_row, cells, rev in zip(table.rows, rows, row_revs, strict=True):
            if rev is not None and len(cells) < width:
                _end_row_early(docx_row._tr, width - len(cells))
        after = self.writer.table_end()
        whole = row_revs[0] if len(set(row_revs)) == 1 else None
        change = next((op.change for row in rows for cell in row for _, op, *_ in cell if op.change), 0)
        self.writer.marks.paragraph(after, whole, change, whole is not None)
        self._last = None

    def _close(self) -> None:
        if self.paragraph is not None:
            self._last = self.paragraph
        super()._close()

    def _cell(self, docx_cell, cell: NestedCell, header: bool) -> None:
        """A cell's words, then the tables nested in it drawn as tables (as the clean export)."""
        self._cell_words(docx_cell.paragraphs[0], cell.pieces, header)
        for table in cell.tables:
            self._nested_table(docx_cell, table)

    def _cell_words(self, paragraph: DocxParagraph, pieces: list[tuple], header: bool) -> None:
        """A cell's pieces as runs of its paragraph (a header row's in the Table Heading style), each
        change of formatting alone followed by its note (a blackline's "[Formatted: bold removed]"),
        as a paragraph's are (`text`)."""
        if header:
            self.writer.header_cell(paragraph)
        note = None
        for text, op, fmt, formatted in pieces:
            change = formatted[:2] if formatted and op.kind == "equal" else None  # not a split row's
            if note is not None and note != change:
                self.writer.marks.format_note(paragraph, note[1])
            if formatted and change is not None:  # its w:rPrChange is the format change's
                self.writer.marks.credit(formatted[0])
            self.writer.piece(paragraph, text, op, fmt, self.context, table=True,
                              section=self.section, old_format=formatted[2] if formatted else None)
            note = change
        if note is not None:
            self.writer.marks.format_note(paragraph, note[1])

    def _changed(self, pieces: Iterable[tuple]) -> bool:
        """Whether any of these pieces of a row's cells shows a change (its words' or formatting)."""
        return any(formatted or self.context.rev(op) is not None for _text, op, _fmt, formatted in pieces)

    def _nested_table(self, docx_cell, table: NestedTable) -> None:
        """A table nested in a cell: a row one text alone has is a tracked row, a cell one text
        alone has in a kept row a tracked cell, every other edit words."""
        rows = [row for row in table.rows if row.cells]
        if not rows:
            return
        width = max(len(row.cells) for row in rows)
        header = table.header
        docx_table = self.writer.new_table(len(rows), width, header, docx_cell)
        row_revs: list[Rev] = []
        for index, (docx_row, row) in enumerate(zip(docx_table.rows, rows, strict=True)):
            sides = row.sides()
            rev = self.context.rev(Op("insert" if sides == {"new"} else "delete" if sides == {"old"}
                                      else "equal", ""))
            rev = _TABLE_REV.get(rev, rev) if rev else rev
            rev = rev if rev in ("ins", "del") else None
            for docx_inner, cell in zip(docx_row.cells, row.cells, strict=False):
                self._cell(docx_inner, cell, index < header)
                kind = _one_side(cell_sides(cell))
                if rev is None and kind and self.context.revs["equal"] is None:
                    self.writer.marks.cell(docx_inner._tc, kind)
            self.writer.marks.row(docx_row._tr, rev, self._changed(
                piece for cell in row.cells for piece in cell.pieces))
            row_revs.append(rev)
        merge_cells(docx_table, table.shape())
        whole = row_revs[0] if len(set(row_revs)) == 1 else None
        before = docx_table._tbl.getprevious()
        if whole and before is not None and before.tag == qn("w:p"):
            # a table one text alone has: the mark of the paragraph before it goes with it, so that
            # paragraph joins the one after the table, as the cell stands in the other text
            self.writer.marks.paragraph(DocxParagraph(before, docx_cell), whole, 0, True)
        for docx_row, row, rev in zip(docx_table.rows, rows, row_revs, strict=True):
            if rev is not None and len(row.cells) < width:
                _end_row_early(docx_row._tr, width - len(row.cells))


def _marker_start(marker: str) -> int:
    """The number a numbered item's marker ("3.") shows: where it begins a list, the list's start."""
    return int(marker[:-1]) if marker[:-1].isdigit() else 1
