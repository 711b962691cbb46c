"""Import a Word (.docx) document as a policy; tracked changes and comments come along.

Sections come from paragraphs styled Title or Heading 1–9, from a `w:outlineLvl`
on the paragraph or its style, and from numbered paragraphs whose text reads as a
heading (short, no closing punctuation, not in a list style). Body paragraphs keep
bold, italic, underline (style-inherited included) and external hyperlinks; superscript
and subscript numbers (w:vertAlign) are written in their Unicode characters ("10⁶", "H₂O"),
other raised or lowered words kept plain, apart from a word they follow ("Scope a"), and counted (shifted.py);
numbered and List-styled paragraphs become list items; tables keep their cells,
merges (w:gridSpan, w:vMerge), nested tables and header rows (w:tblHeader). A
document with tracked changes is read with them all accepted and all rejected
(word_review.py); this reader then sees no revision marks left, and on its own it
keeps text in `w:ins` and drops `w:del`. External relationships are never followed;
the zip is checked for bombs before anything is decompressed.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from policyeditor.core.body import BREAK, OBJECT, Run
from policyeditor.core.direction import LTR, runs_direction
from policyeditor.core.errors import ImportError_
from policyeditor.core.model import Policy
from policyeditor.core.unkept import CELL_LIST_MARKER, HIDDEN_TEXT, list_numbered, not_imported
from policyeditor.formats.importers.body_builder import BodyBuilder, nested_order_line
from policyeditor.formats.importers.line_shape import collapse, heading_like
from policyeditor.formats.importers.outline import Outline
from policyeditor.formats.importers.own_cover import (
    is_cover_line,
    is_our_export,
    is_own_page_line,
    policy_named,
    without_cover,
)
from policyeditor.formats.importers.result import ImportResult, kept_line, reason
from policyeditor.formats.importers.safe_links import SAFE_LINK_SCHEMES
from policyeditor.formats.importers.shifted import Shifts, in_characters
from policyeditor.formats.importers.struck import Struck
from policyeditor.formats.ooxml import bookmarks, drawings, fields, math, notes
from policyeditor.formats.ooxml.names import W
from policyeditor.formats.ooxml.numbering import ListCounts
from policyeditor.formats.ooxml.styles import (
    chain,
    default_right_to_left,
    effective_format,
    is_hidden,
    is_list_style,
    is_struck,
    laid_out_right_to_left,
    list_style_level,
    paragraph_type,
    style_name,
    styles_by_id,
    vertical_align,
    words_style,
)

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 100  # uncompressed / compressed size of one member
RATIO_FLOOR = 1024 * 1024  # members smaller than this cannot hurt, whatever their ratio
# Word keeps a password-protected .docx inside an OLE2 compound file, not a zip: its zip, encrypted,
# is the stream named EncryptedPackage (MS-OFFCRYPTO); without it, an older Office file (a Word 97 .doc)
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # as the compound file's directory names it

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# where a comment range or a revision's words start and end (see word_review.Marks)
MARK_TAGS = {W + "commentRangeStart", W + "commentRangeEnd", "{urn:policyeditor:mark}m"}
_HEADING_STYLE = re.compile(r"^heading ([1-9])$", re.I)
# run-level containers whose runs are part of the text (w:del is not: its text was deleted)
_RUN_CONTAINERS = {W + t for t in ("hyperlink", "ins", "smartTag", "customXml", "sdt",
                                   "sdtContent", "moveTo")}
_NESTING = 8  # text boxes and notes inside each other, at most (a fuzzed file can loop)
_STRIKES = (W + "strike", W + "dstrike")
_VERT_ALIGN = W + "vertAlign"
_BLOCK_CONTAINERS = {W + t for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo")}


def check_zip(path: Path) -> None:
    """Refuse what is not a Word document, or what would decompress to too much, before opening it."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, UnicodeDecodeError, ValueError, EOFError):  # e.g. a mangled name or size
        raise ImportError_(_not_a_zip(path)) from None
    except OSError as exc:
        raise ImportError_(f"{name} cannot be read ({exc.strerror or exc})") from None
    if "word/document.xml" not in {m.filename for m in members}:
        raise ImportError_(f"{name} is not a Word document (it has no word/document.xml)")
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise ImportError_(f"{name} is refused: it would unpack to more than "
                           f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB (a zip bomb?)")
    for member in members:
        if member.file_size >= RATIO_FLOOR and member.file_size > MAX_RATIO * max(1, member.compress_size):
            raise ImportError_(f"{name} is refused: {member.filename} is compressed more than "
                               f"{MAX_RATIO} to 1 (a zip bomb?)")


def _not_a_zip(path: Path) -> str:
    """Why `path`, which is no zip, is not a .docx we can read: encrypted, a Word 97 .doc, or not Word's."""
    with open(path, "rb") as file:
        if file.read(len(OLE2_SIGNATURE)) == OLE2_SIGNATURE:
            if _holds(file, ENCRYPTED_PACKAGE):
                return (f"{path.name} is password-protected (encrypted); remove the password in Word "
                        "and save it again to import it")
            return (f"{path.name} is an older Office file (such as a Word 97-2003 .doc), not a .docx; "
                    "save it as .docx in Word to import it")
    return f"{path.name} is not a Word document (it is not a valid zip file)"


def _holds(file: BinaryIO, needle: bytes, chunk: int = 1 << 20) -> bool:
    """Whether the rest of `file` holds `needle`, read a chunk at a time (the directory may be anywhere)."""
    tail = b""
    while block := file.read(chunk):
        if needle in tail + block:
            return True
        tail = block[-len(needle):]
    return False


def import_docx(path: Path) -> ImportResult:
    """Read a .docx file; its title is the first Title paragraph, the only Heading 1, or the file stem.

    A document with tracked changes or comments is read twice, with every change
    rejected (`ImportResult.original`) and accepted (`policy`), and what its people
    did comes along in `ImportResult.review` (see word_review.py).
    """
    check_zip(path)
    document = open_docx(path)
    from policyeditor.formats.importers.word_review import has_review, read_reviewed

    last_author, last_modified = last_saved(document)
    if has_review(document, path):
        result = read_reviewed(path, document, open_docx(path), read_document)
    else:
        result = ImportResult(*read_document(document, path))
    result.last_author, result.last_modified = last_author, last_modified
    props = core_properties(document)
    if props is not None:  # so it is brought back only into its own policy (review.word_import.merge_into)
        result.policy_id = policy_named(props.identifier or "")
    if props is not None and is_our_export(props.keywords or ""):  # its cover states metadata: no text
        without_cover(result.policy)
        if result.original is not None:
            without_cover(result.original)
    return result


def core_properties(document: Any) -> Any | None:
    """The document's own core properties (docProps/core.xml, python-docx's CoreProperties); None: none.

    Never `document.core_properties`: python-docx finds the part only by the package
    relationship type `.../package/2006/relationships/metadata/core-properties`;
    LibreOffice writes `.../officedocument/2006/relationships/metadata/core-properties`
    (ECMA-376's first edition), and python-docx then makes up default properties (last
    modified by "python-docx", modified now) that are no one's. Here any relationship
    type ending in `/metadata/core-properties`, in any case, is the part's.
    """
    from docx.opc.parts.coreprops import CorePropertiesPart

    for rel in document.part.package.rels.values():
        if rel.is_external or not rel.reltype.lower().endswith("/relationships/metadata/core-properties"):
            continue
        part = rel.target_part
        if not isinstance(part, CorePropertiesPart):  # stored under another content type: read as one
            part = CorePropertiesPart.load(part.partname, part.content_type, part.package, part.blob)
        return part.core_properties
    return None


def last_saved(document: Any) -> tuple[str, str]:
    """Who saved the document last and when (docProps/core.xml), the time as ISO 8601 UTC; '' for unknown."""
    from datetime import UTC

    try:
        props = core_properties(document)
        if props is None:
            return "", ""
        author = (props.last_modified_by or props.author or "").strip()
        moment = props.modified
    except Exception:  # a damaged core part only loses the credit, not the import
        return "", ""
    if moment is None:
        return author, ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return author, moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_docx(path: Path) -> Any:
    """The python-docx Document of a checked .docx file; a broken package is one sentence."""
    import docx  # python-docx is loaded only when a .docx is imported

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package; all mean "damaged"
        if "macroEnabled" in str(exc):  # a .docm renamed: its main part says so
            from policyeditor.formats.importers.result import macro_refusal

            raise ImportError_(macro_refusal(path.name)) from None
        raise ImportError_(f"{path.name} is a damaged Word document ({reason(exc)})") from None


def read_document(document: Any, path: Path, marks: Any = None) -> tuple[Policy, list[str]]:
    """The policy a python-docx Document holds, and the report; `marks` (a word_review.Marks)
    notes where comment ranges and revision MARKs fall in the text."""
    from docx.oxml.exceptions import InvalidXmlError  # a required attribute missing, e.g. w:pStyle's w:val

    props = core_properties(document)
    ours = props is not None and is_our_export(props.keywords or "")
    try:
        reader = _Reader(document, marks, ours)
        reader.read()
    except (KeyError, ValueError, AttributeError, TypeError, IndexError, InvalidXmlError) as exc:  # malformed
        raise ImportError_(f"{path.name} is a damaged Word document (its parts do not fit together: "
                           f"{reason(exc)})") from None
    report: list[str] = []
    page_text, page_unkept, own_lines = _page_text(document)
    for name, count in page_unkept.items():
        reader.unkept[name] = reader.unkept.get(name, 0) + count
    if reader.body.cell_list_items:
        reader.unkept[CELL_LIST_MARKER] = reader.body.cell_list_items
    if reader.hidden:
        reader.unkept[HIDDEN_TEXT] = len(reader.hidden)
    for shown in reader.numbered_as.values():
        name = list_numbered(shown)
        reader.unkept[name] = reader.unkept.get(name, 0) + 1
    title = reader.title or reader.outline.take_title() or path.stem
    counts = reader.counts
    if counts.get("deleted"):
        report.append(f"{counts['deleted']} tracked deletion(s) accepted (their text is left out)")
    if counts.get("inserted"):
        report.append(f"{counts['inserted']} tracked insertion(s) accepted")
    if kept := kept_line(counts):
        report.append(kept)
    if page_text:
        report.append(" and ".join(page_text) + " text kept as the policy's page text")
    if own_lines:  # their bookmark lost (LibreOffice saved it again): known by their words
        report.append(f"{own_lines} header or footer line{'s' if own_lines != 1 else ''} our own export "
                      "wrote (its title, version or page numbers) left out")
    if unkept := {name: n for name, n in reader.unkept.items() if name != HIDDEN_TEXT}:  # hidden: below
        report.append(not_imported(unkept))
    if reader.hidden:
        report.append(_hidden_line(reader.hidden))
    if moved := nested_order_line(reader.body.cells_text_after_nested):
        report.append(moved)
    if counts.get("links"):
        report.append(f"{counts['links']} link(s) to a target other than http, https, mailto or "
                      "#bookmark kept as plain text")
    if reader.left_to_right:
        report.append(_left_to_right_line(reader.left_to_right))
    report.extend(reader.shifts.lines())
    if struck := reader.struck.line():
        report.append(struck)
    policy = reader.outline.policy(title, report)
    reader.struck.place(policy, report)  # the window's import notes go to it
    policy.pictures = dict(reader.pictures)
    policy.unkept = dict(reader.unkept) | reader.struck.unkept()
    policy.page_text = page_text
    return policy, report


def _page_text(document: Any) -> tuple[dict[str, str], dict[str, int], int]:
    """The headers' and footers' text, without the lines our own export wrote; a header part that
    cannot be read is named, not a refusal."""
    from policyeditor.formats.ooxml.headers_footers import page_text

    try:
        props = core_properties(document)
        ours = props is not None and is_our_export(props.keywords or "")
        return page_text(document, is_own_page_line if ours else None)
    except Exception:  # a damaged header part (python-docx raises many kinds) costs only the header
        return {}, {"unreadable header or footer": 1}, 0


# a numbered paragraph: its ilvl, ordered?, the number Word shows, the list (`ListCounts.list_of`)
_Numbering = tuple[str, bool, int | None, str]


class _Reader:
    def __init__(self, document: Any, marks: Any = None, ours: bool = False) -> None:
        self.document = document
        # our own export's lines under its title (version, DRAFT mark) are metadata, left out before
        # the outline is read: as bold lines they were taken for headings
        self._cover = ours
        self.marks = marks
        self.part = document.part
        self.body = BodyBuilder()
        self.outline = Outline()
        self.title = ""
        self.counts: dict[str, int] = {}
        self._styles = styles_by_id(document)
        self._counts = ListCounts(document.part)
        self._default_pstyle = document.styles.default(paragraph_type())
        self._held: tuple[list[Run], str, _Numbering, list[str]] | None = None
        self._bookmarks: list[str] = []  # bookmarks between paragraphs: they belong to the next one
        self.pictures: dict[str, bytes] = {}  # content hash → bytes, each picture once
        self.unkept: dict[str, int] = {}      # what the policy cannot hold, by name
        self._notes: dict[tuple[str, str], Any] | None = None
        self._style_strikes: bool | None = None  # whether any style strikes text through (asked once)
        self._style_hides: bool | None = None  # whether any style hides text (w:vanish; asked once)
        self.hidden: list[str] = []  # the words of each passage of hidden text left out
        self.numbered_as: dict[tuple[str, str], str] = {}  # (list, level) → its numbers a policy cannot show
        self._style_shifts: bool | None = None  # whether any style raises or lowers text (asked once)
        self.shifts = Shifts()  # superscript and subscript words, counted as written
        self.struck = Struck()  # struck-through passages, named by their words
        self._right_to_left = default_right_to_left(document)  # the document's paragraphs', unless set
        self.left_to_right: list[str] = []  # the words of right-to-left paragraphs that read left to right
        self._depth = 0

    # ------------------------------------------------------------- walk
    def read(self) -> None:
        """Walk w:body with an explicit stack (tables nest in cells, content controls anywhere)."""
        body = self.body
        # a document has one w:body; a damaged one may hold more, and each one's words are kept
        bodies = self.document.element.iterchildren(W + "body")
        stack: list[Iterator[Any]] = [(child for element in bodies for child in element)]
        closers: list[Callable[[], None]] = [lambda: None]
        while stack:
            try:
                el = next(stack[-1])
            except StopIteration:
                stack.pop()
                closers.pop()()
                continue
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el)
            elif tag == W + "tbl":
                if not body.in_table:
                    self._release(as_heading=True)
                body.start_table()
                stack.append(_wrapped(el, W + "tr"))
                closers.append(body.end_table)
            elif tag == W + "tr":
                body.start_row(header=_repeats_as_header(el))
                stack.append(_wrapped(el, W + "tc"))
                closers.append(lambda: None)
            elif tag == W + "tc":
                span, continues = _cell_merge(el)
                body.start_cell(colspan=span, continues_above=continues)
                stack.append(iter(el))
                closers.append(body.end_cell)
            elif tag in _BLOCK_CONTAINERS:
                self._count(tag)
                stack.append(iter(el))
                closers.append(lambda: None)
            elif tag == W + "del":
                self._count(tag)
            elif tag == bookmarks.BOOKMARK_START:
                self._bookmarks.extend(bookmarks.anchors_in(el))
            elif tag in MARK_TAGS and self.marks is not None:
                self.marks.between(el)
        self._release(as_heading=False)
        self.outline.add(body.take())

    def _count(self, tag: str) -> None:
        key = {W + "ins": "inserted", W + "del": "deleted", W + "moveTo": "inserted",
               W + "moveFrom": "deleted"}.get(tag)
        if key:
            self.counts[key] = self.counts.get(key, 0) + 1

    # ------------------------------------------------------------- paragraphs
    def paragraph(self, p: Any) -> None:
        names, self._bookmarks = self._bookmarks + bookmarks.anchors_in(p), []
        style = self._style_of(p)
        runs = self.runs(p, style)
        if self.marks is not None:
            self.marks.close(runs)
        text = _plain(runs)
        if text and runs_direction(runs) == LTR and laid_out_right_to_left(p, style, self._right_to_left):
            self.left_to_right.append(text)  # its direction is its words': named, never dropped silently
        level, is_title = self._heading_level(p, style)
        if self._cover and not is_title:
            if not level and not self.body.in_table and is_cover_line(text):
                return
            self._cover = False  # the policy's own text begins
        if not text and not level and not any(r.picture for r in runs):
            self._bookmarks = names  # an empty paragraph: its bookmarks mark what follows
            return
        in_table = self.body.in_table
        if (level or is_title) and not in_table:
            self._release(as_heading=False)
            words, heading_notes = _heading_parts(runs, text)
            if is_title and not self.title:
                self.title = words
                self.outline.notes(heading_notes)
                if self.marks is not None:
                    self.marks.retitle()
                return
            self.outline.add(self.body.take())
            # an untitled section's empty heading, as our export writes it (it holds its bookmark)
            self.outline.heading(level or 1, words, untitled=any(map(bookmarks.is_section_anchor, names)),
                                 notes=heading_notes)
            self.outline.anchor(names)
            return
        numbering = self._numbering(p, style)
        if numbering and numbering[1] and not in_table and heading_like(_heading_parts(runs, text)[0]) \
                and not is_list_style(style):
            # a numbered heading-like line: a heading if body text follows it, else a list item
            self._release(as_heading=False)
            self._held = (runs, text, numbering, names)
            return
        if numbering or is_list_style(style):
            self._release(as_heading=False)
            ilvl, ordered, number, list_id = numbering or (
                "0", "number" in style_name(style).lower(), None, "")
            self.body.item(runs, ordered, max(int(ilvl), list_style_level(style)), number, list_id)
            self.outline.anchor(names)
            return
        self._release(as_heading=True)
        self.outline.anchor(names)
        for run in runs:
            self.body.run(run)
        self.body.end_line()

    def _release(self, as_heading: bool) -> None:
        """Settle the held numbered line: a section heading, or an item of a numbered list."""
        if self._held is None:
            return
        runs, text, (ilvl, ordered, number, list_id), names = self._held
        self._held = None
        if as_heading:
            self.outline.add(self.body.take())
            words, heading_notes = _heading_parts(runs, text)
            self.outline.heading(int(ilvl) + 1, words, notes=heading_notes)
        else:
            self.body.item(runs, ordered, int(ilvl), number, list_id)
        self.outline.anchor(names)

    def runs(self, p: Any, style: Any) -> list[Run]:
        """The paragraph's runs in order, with effective formatting and link targets.

        Footnotes and endnotes come in at their reference, text boxes and pictures at
        their anchor, equations in their linear form, fields as their result marked
        with their instruction (see body.py).
        """
        style = words_style(style)
        out: list[Run] = []
        struck = False  # the last run with words was struck through
        hidden_open = False  # the last run with words was hidden: a passage of hidden text goes on
        shifted: list[tuple[int, int, str]] = []  # the runs of each raised or lowered w:r: from, to, kind
        field = fields.FieldReader()
        stack: list[tuple[Iterator[Any], str, str]] = [(iter(p), "", "")]
        while stack:
            try:
                el = next(stack[-1][0])
            except StopIteration:
                stack.pop()
                continue
            link, code = stack[-1][1], stack[-1][2]
            tag = el.tag
            if tag == W + "r":
                if self.marks is not None and el.find(W + "commentReference") is not None:
                    self.marks.at(el.find(W + "commentReference"), sum(len(r.text) for r in out))
                if field.feed(el):
                    if box := field.take_box():  # a form checkbox: its state is words ("☒ I consent")
                        self._counted("checkbox")
                        out.append(Run(box, link=link, field=code))
                    continue
                link = link or self._safe(field.link)
                code = code or field.code
                run_style = self._styles.get(el.style)
                if self._hides(el, run_style, style):  # Word does not show it: left out, and named
                    words = "".join(t.text or "" for t in el.iter(W + "t"))
                    if hidden_open:
                        self.hidden[-1] += words
                    elif words.strip():
                        self.hidden.append(words)
                        hidden_open = True
                    continue
                if any((t.text or "").strip() for t in el.iter(W + "t")):
                    hidden_open = False
                fmt = effective_format(el, run_style, style, in_link=bool(link))
                start = len(out)
                self._run_content(el, Run("", *fmt, link=link, field=code), out)
                field.shown.extend(range(start, len(out)))
                if len(out) > start and (kind := self._shift_of(el, run_style, style)):
                    shifted.append((start, len(out), kind))
                words = "".join(r.text for r in out[start:])
                if words.strip():
                    was_struck, struck = struck, self._struck(el, run_style, style)
                    if struck and not was_struck:  # its words are kept, never their strike: named
                        self.struck.begin(self.outline.last_heading)
                if struck:
                    self.struck.words(words)
            elif tag == W + "hyperlink":
                stack.append((iter(el), self._link_target(el), code))
            elif tag == W + "fldSimple":
                instr = fields.simple_instruction(el)
                hyperlink = fields.hyperlink_target(instr)
                if hyperlink is not None:
                    stack.append((iter(el), link or self._safe(hyperlink), code))
                else:
                    self._counted("field")
                    stack.append((iter(el), link, code or instr))
            elif tag in math.TAGS:
                text = collapse(math.linear(el)).strip()
                if text:
                    self._counted("equation")
                    out.append(Run(f" {text} " if tag == math.M + "oMathPara" else text, math=True,
                                   link=link, field=code))
            elif tag in drawings.TAGS:
                self._drawing(el, Run("", link=link, field=code), out)
            elif tag in _RUN_CONTAINERS:
                self._count(tag)
                stack.append((iter(el), link, code))
            elif tag in (W + "del", W + "moveFrom"):
                self._count(tag)
            elif tag in MARK_TAGS and self.marks is not None:
                self.marks.at(el, sum(len(r.text) for r in out))
        if shifted:
            self._shift(out, shifted)
        field.close(out)
        if field.count:
            self.counts["field"] = self.counts.get("field", 0) + field.count
        return out

    def _run_content(self, r: Any, like: Run, out: list[Run]) -> None:
        """A w:r's text, notes and drawings, in order, each a Run formatted like `like`."""
        parts: list[str] = []

        def flush() -> None:
            if parts:
                out.append(like.with_text("".join(parts)))
                parts.clear()

        for child in r:
            tag = child.tag
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):  # kept: "Name:<tab>value" is not "Name: value"
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append(BREAK)
            elif tag in (W + "noBreakHyphen", W + "softHyphen"):  # both kept as typed (U+2011, U+00AD):
                parts.append("\u2011" if tag == W + "noBreakHyphen" else "\u00ad")  # a plain "-" is a change
            elif tag == W + "sym":  # a character of a symbol font (Wingdings' check mark): no text of ours
                self.unkept["symbol"] = self.unkept.get("symbol", 0) + 1
            elif tag in drawings.TAGS:
                flush()
                self._drawing(child, like, out)
            elif tag == W + "ruby":  # East Asian reading guide: the base text, its reading after it
                base = "".join(t.text or "" for t in child.iterfind(f"{W}rubyBase//{W}t"))
                reading = "".join(t.text or "" for t in child.iterfind(f"{W}rt//{W}t"))
                parts.append(base + (f" ({reading})" if reading else ""))
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                flush()
                self._note(child, out)
        flush()

    def _note(self, ref: Any, out: list[Run]) -> None:
        """A footnote's or endnote's text, as note runs at its reference."""
        kind = "footnote" if ref.tag == W + "footnoteReference" else "endnote"
        if self._notes is None:  # a reviewed document's notes come settled (word_review.read_reviewed)
            settled = getattr(self.document, "policy_notes", None)
            self._notes = settled if settled is not None else notes.read_notes(self.part)
        note = self._notes.get((kind, ref.get(W + "id", "")))
        if note is None or self._depth >= _NESTING:
            self.unkept["missing note"] = self.unkept.get("missing note", 0) + 1
            return
        self._depth += 1
        base = self.marks.base if self.marks is not None else 0
        try:
            runs: list[Run] = []
            for p in note.iter(W + "p"):
                if runs:
                    runs.append(Run(" "))
                if self.marks is not None:  # the note's revision marks fall in its reference's paragraph
                    self.marks.base = base + sum(len(r.text) for r in out) + sum(len(r.text) for r in runs)
                runs.extend(self.runs(p, self._style_of(p)))
        finally:
            self._depth -= 1
            if self.marks is not None:
                self.marks.base = base
        mark = "fn" if kind == "footnote" else "en"
        text_runs = [r.with_text(r.text.replace(BREAK, " ")) for r in runs if not r.note]
        while text_runs and not text_runs[0].text.strip():
            text_runs.pop(0)
        if text_runs:
            text_runs[0] = text_runs[0].with_text(text_runs[0].text.lstrip())
        if not any(r.text.strip() for r in text_runs):
            text_runs = [Run("(empty note)")]
        if out and out[-1].note == mark:
            out.append(Run(" "))  # two notes side by side stay two
        self._counted(kind)
        for r in text_runs:
            out.append(Run(r.text, r.bold, r.italic, r.underline, r.link, note=mark, math=r.math,
                           field=r.field))

    def _drawing(self, element: Any, like: Run, out: list[Run]) -> None:
        """Text boxes as their text in place, pictures by content hash, the rest counted by name."""
        import hashlib

        for kind, value in drawings.items(element):
            if kind == "unkept":
                self.unkept[value] = self.unkept.get(value, 0) + 1
            elif kind == "picture":
                part = self.part.related_parts.get(value) if value in self.part.rels else None
                blob = getattr(part, "blob", None) if part is not None else None
                if not blob:
                    self.unkept["unreadable picture"] = self.unkept.get("unreadable picture", 0) + 1
                    continue
                digest = hashlib.sha256(blob).hexdigest()
                self.pictures.setdefault(digest, blob)
                self._counted("picture")
                out.append(Run(OBJECT, link=like.link, picture=digest))
            elif kind == "textbox" and self._depth < _NESTING:
                self._counted("textbox")
                self._depth += 1
                try:
                    out.append(like.with_text(" "))
                    first = True
                    for p in value.iter(W + "p"):
                        runs = self.runs(p, self._style_of(p))
                        if runs and not first:
                            out.append(like.with_text(BREAK))
                        first = first and not runs
                        out.extend(runs)
                    out.append(like.with_text(" "))
                finally:
                    self._depth -= 1

    def _hides(self, r: Any, run_style: Any, style: Any) -> bool:
        """Whether a run is hidden text; asked of the styles only when a style hides at all."""
        if self._style_hides is None:
            self._style_hides = next(self.document.styles.element.iter(W + "vanish"), None) is not None
        rpr = r.find(W + "rPr")
        if not self._style_hides and (rpr is None or rpr.find(W + "vanish") is None):
            return False
        return is_hidden(r, run_style, style)

    def _struck(self, r: Any, run_style: Any, style: Any) -> bool:
        """Whether a run is struck through; asked of the styles only when a style strikes at all."""
        if self._style_strikes is None:
            self._style_strikes = next(self.document.styles.element.iter(*_STRIKES), None) is not None
        rpr = r.find(W + "rPr")
        if not self._style_strikes and (rpr is None or next(rpr.iterchildren(*_STRIKES), None) is None):
            return False
        return is_struck(r, run_style, style)

    def _shift_of(self, r: Any, run_style: Any, style: Any) -> str:
        """A run's "superscript" or "subscript", else ""; asked of the styles only when a style
        sets either at all."""
        if self._style_shifts is None:
            self._style_shifts = next(self.document.styles.element.iter(_VERT_ALIGN), None) is not None
        rpr = r.find(W + "rPr")
        if not self._style_shifts and (rpr is None or rpr.find(_VERT_ALIGN) is None):
            return ""
        return vertical_align(r, run_style, style)

    def _shift(self, out: list[Run], shifted: list[tuple[int, int, str]]) -> None:
        """Write the words of raised or lowered runs in their characters when they are numbers
        (`Shifts.words`); runs side by side of one kind are one superscript ("1" "st" is an
        ordinal's). A note's words at its reference (a raised run) and pictures are not words."""
        groups: list[tuple[list[int], str]] = []
        end = -1
        for start, stop, kind in shifted:
            words = [i for i in range(start, stop) if not out[i].note and not out[i].picture
                     and not out[i].math]
            if groups and start == end and kind == groups[-1][1]:
                groups[-1][0].extend(words)
            else:
                groups.append((words, kind))
            end = stop
        for indexes, kind in groups:
            text = "".join(out[i].text for i in indexes)
            if not text.strip():
                continue
            said = self.shifts.words(text, kind, before=_text_before(out, indexes[0]))
            if said == " " + text:  # raised letters after a word's: apart, as an HTML page's ("Scope a")
                out[indexes[0]] = out[indexes[0]].with_text(" " + out[indexes[0]].text)
                if self.marks is not None:  # a comment on the raised word still holds it
                    self.marks.spaced(sum(len(r.text) for r in out[:indexes[0]]))
            elif said != text:  # numbers: in its characters, each run's share
                for i in indexes:
                    out[i] = out[i].with_text(in_characters(out[i].text, kind))

    def _counted(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1

    def _link_target(self, hyperlink: Any) -> str:
        """The external target of a w:hyperlink (never fetched), '#anchor', or '' when unsafe."""
        anchor = hyperlink.get(W + "anchor")
        rid = hyperlink.get(R_ID)
        target = ""
        if rid and rid in self.part.rels:
            rel = self.part.rels[rid]
            if rel.is_external:
                target = rel.target_ref
        elif anchor:
            target = "#" + bookmarks.link_anchor(anchor)
        return self._safe(target)

    def _safe(self, target: str) -> str:
        if target and not target.lower().startswith(SAFE_LINK_SCHEMES):
            self.counts["links"] = self.counts.get("links", 0) + 1
            return ""
        return target

    # ------------------------------------------------------------- styles and numbering
    def _style_of(self, p: Any) -> Any:
        style_id = p.style  # CT_P.style: the w:pStyle value or None
        return self._styles.get(style_id, self._default_pstyle) if style_id else self._default_pstyle

    def _heading_level(self, p: Any, style: Any) -> tuple[int, bool]:
        """(level, is_title): from the style's name, else an outline level on the paragraph or its styles."""
        for s in chain(style):
            name = style_name(s)
            if name.lower() == "title":
                return 0, True
            match = _HEADING_STYLE.match(name)
            if match:
                return int(match.group(1)), False
        for ppr in [p.pPr] + [s.element.pPr for s in chain(style)]:
            if ppr is None:
                continue
            outline = ppr.find(W + "outlineLvl")
            if outline is not None:
                value = int(outline.get(W + "val", "9"))
                return (value + 1 if value < 9 else 0), False
        return 0, False

    def _numbering(self, p: Any, style: Any) -> _Numbering | None:
        """(ilvl, ordered, the number Word shows, the list it is an item of) when the paragraph is
        numbered, directly or by its style; counted, so ask once per paragraph."""
        for ppr in [p.pPr] + [s.element.pPr for s in chain(style)]:
            if ppr is None:
                continue
            num_pr = ppr.find(W + "numPr")
            if num_pr is None:
                continue
            num_id = num_pr.find(W + "numId")
            ilvl = num_pr.find(W + "ilvl")
            nid = num_id.get(W + "val", "0") if num_id is not None else "0"
            if nid == "0":
                return None  # numId 0 switches numbering off
            level = ilvl.get(W + "val", "0") if ilvl is not None else "0"
            if shown := self._counts.numbers_unkept(nid, level):  # "I., II., III.": named, once a list
                self.numbered_as.setdefault((self._counts.list_of(nid, level), level), shown)
            return level, self._counts.format(nid, level) not in ("bullet", "none", ""), \
                self._counts.next(nid, level), self._counts.list_of(nid, level)
        return None




def _text_before(out: list[Run], at: int) -> str:
    """The last character of the runs' words before `out[at]` ('' at the start)."""
    for run in reversed(out[:at]):
        if run.text:
            return run.text[-1]
    return ""


def _hidden_line(texts: list[str]) -> str:
    """The report line of hidden text (w:vanish) left out, quoting it: Word does not show it."""
    quoted = [f"\u201c{_sample(collapse(text).strip())}\u201d" for text in texts[:3]]
    more = f" and {len(texts) - 3} more" if len(texts) > 3 else ""
    return (f"{len(texts)} {HIDDEN_TEXT if len(texts) == 1 else 'passages of hidden text'} (Word does not "
            f"show it) left out: {', '.join(quoted)}{more}")


def _sample(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _left_to_right_line(texts: list[str]) -> str:
    """The report line of Word's right-to-left paragraphs that open with a left-to-right word: a
    policy takes a paragraph's direction from its words (core.direction), so they read left to right."""
    sample = texts[0] if len(texts[0]) <= 40 else texts[0][:39].rstrip() + "\u2026"
    return (f"{len(texts)} paragraph(s) Word lays out right to left read left to right here: they open "
            f"with a left-to-right word, and a policy takes a paragraph's direction from its words "
            f"(such as \"{sample}\")")


def _wrapped(element: Any, tag: str) -> Iterator[Any]:
    """The children of a table (rows) or row (cells) with that tag, also inside content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _wrapped(child, tag)


def _plain(runs: list[Run]) -> str:
    """A paragraph's words as one line: pictures left out, notes' words apart (a heading's are
    `_heading_parts`)."""
    from policyeditor.core.body import runs_plain

    text = runs_plain(r for r in runs if not r.picture)
    return collapse(text.replace(BREAK, " ")).strip()


def _heading_parts(runs: list[Run], text: str) -> tuple[str, list[tuple[Run, ...]]]:
    """A heading paragraph's words (`text`, its `_plain`, without the notes' words) and its notes,
    each its runs: a heading is plain text, its notes open its section's text (`Outline.notes`)."""
    if not any(r.note for r in runs):
        return text, []
    notes: list[list[Run]] = []
    for k, run in enumerate(runs):
        if run.note:
            if not k or runs[k - 1].note != run.note:
                notes.append([])
            notes[-1].append(run)
    return _plain([r for r in runs if not r.note]), [tuple(note) for note in notes]


def _repeats_as_header(tr: Any) -> bool:
    """A w:tr marked to repeat as the table's header row (w:trPr/w:tblHeader, not switched off)."""
    header = tr.find(f"{W}trPr/{W}tblHeader")
    return header is not None and header.get(W + "val", "true") not in ("0", "false", "off")


MAX_GRID_SPAN = 64  # Word's own limit on a table's columns


def _cell_merge(tc: Any) -> tuple[int, bool]:
    """(columns the w:tc spans, whether it continues the vertically merged cell above)."""
    span_el = tc.find(f"{W}tcPr/{W}gridSpan")
    try:
        span = int(span_el.get(W + "val", "1")) if span_el is not None else 1
    except ValueError:
        span = 1
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    continues = merge is not None and merge.get(W + "val", "continue") == "continue"
    return min(MAX_GRID_SPAN, max(1, span)), continues
