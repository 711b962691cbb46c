"""Import an HTML file as a policy, keeping its words and nothing that could run or fetch.

h1–h6 make the section tree; p, lists, tables, b/strong, i/em, u and links become
body blocks. A policy's text cannot be raised, so a <sup> of numbers (a note's mark
"Scope<sup>1</sup>", "m<sup>2</sup>") is written in superscript characters
("Scope¹"), a <sub> of numbers in subscript characters ("H₂O"), and any other (an
ordinal's "1<sup>st</sup>") is kept as plain text, in a heading set apart from the word it
follows; the report counts both (shifted.py). Only http, https,
mailto and #fragment link targets are kept (others become plain text). The content of
script, style, iframe, object, embed, form, template, noscript, svg and math is never
kept; images are never fetched. The stdlib parser is event driven, so 10,000 nested
elements cost no stack.

A page our own HTML export wrote (its generator meta says policyeditor) is read as the
policy it came from: its cover lines, table of contents, heading numbers (the policy's
numbering prints them), footer line and its note of what it could not keep are the
export's, not text (how many is reported); its running header and footer lines are the
policy's page text; an empty heading is an untitled section's. Its footnotes and endnotes
are notes again (the raised number is where the note stands, its text is the one the notes
at the end give it), its fields' and equations' words are theirs again, and its pictures
(inline data, the only kind it writes) are pictures again. A field that showed no words
cannot come back: the page holds nothing of it to read.
"""

from __future__ import annotations

import re
from base64 import b64decode
from binascii import Error as Base64Error
from hashlib import sha256
from html.parser import HTMLParser
from pathlib import Path

from policyeditor.core.body import OBJECT, Run
from policyeditor.core.errors import ImportError_
from policyeditor.core.records import replace
from policyeditor.core.unkept import CELL_LIST_MARKER, list_numbered, not_imported, unkept_sentence
from policyeditor.formats.importers.body_builder import BodyBuilder, nested_order_line
from policyeditor.formats.importers.line_shape import collapse
from policyeditor.formats.importers.outline import Outline
from policyeditor.formats.importers.own_cover import policy_named
from policyeditor.formats.importers.result import ImportResult, kept_line, read_text, reason
from policyeditor.formats.importers.safe_links import SAFE_LINK_SCHEMES
from policyeditor.formats.importers.shifted import SUBSCRIPT, SUPERSCRIPT, Shifts
from policyeditor.formats.importers.struck import Struck

SKIPPED = frozenset({"script", "style", "iframe", "object", "embed", "form", "template", "noscript",
                     "svg", "math", "select", "textarea", "button", "frameset", "frame", "applet",
                     "audio", "video", "canvas"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr", "param", "keygen"})
BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "main", "nav", "aside",
                    "blockquote", "pre", "address", "figure", "figcaption", "dl", "dt", "dd",
                    "center", "details", "summary", "caption", "body", "html", "hr"})
_FORMAT = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "cite": "italic",
           "u": "underline", "ins": "underline"}
_STRUCK = frozenset({"s", "strike", "del"})
_SHIFTED = {"sup": SUPERSCRIPT, "sub": SUBSCRIPT}
# an <ol>'s numbers other than 1., 2., 3., by its type or its CSS list-style-type: a policy's list
# cannot show them, so each such list is named (core.unkept.list_numbered), as a Word list's are
_OL_NUMBERS = {"a": "a., b., c.", "A": "A., B., C.", "i": "i., ii., iii.", "I": "I., II., III."}
_CSS_NUMBERS = {"lower-alpha": "a", "lower-latin": "a", "upper-alpha": "A", "upper-latin": "A",
                "lower-roman": "i", "upper-roman": "I"}
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([^;]*)", re.IGNORECASE)
# what our HTML export writes beside the policy's text (formats.exporters.html): (tag, class)
_EXPORT_FURNITURE = frozenset({("p", "draft-banner"), ("p", "doc-meta"), ("nav", "toc"), ("span", "num"),
                               ("p", "unkept")})
_PAGE_TEXT = {"page-text page-header": "header", "page-text page-footer": "footer"}
# the notes at the end of such a page (formats.exporters.body_html.Content): a section of
# paragraphs each with its label before the words and a link back after them
GENERATOR = "policyeditor"  # how the generator meta of a page our export wrote begins
_NOTES = re.compile(r'<section class="notes (?:fn|en)">')
_NOTE_PARTS = frozenset({("sup", "note-label"), ("a", "note-back"), ("h2", "")})
_PICTURE = re.compile(r"data:image/(?:png|jpeg|gif|bmp);base64,([A-Za-z0-9+/=\s]+)\Z")


def import_html(path: Path) -> ImportResult:
    """Read a .html/.htm file; the only h1 is the title, else <title>, else the file stem."""
    text, report = read_text(path)
    try:
        parser = _PolicyParser(_reversed_sizes(text) if "reversed" in text.lower() else {})
        ours = f'content="{GENERATOR}' in text
        parser.notes = _note_texts(text) if ours and 'class="notes ' in text else {}
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser's own complaints about broken markup
        raise ImportError_(f"{path.name} is damaged HTML that cannot be read ({reason(exc)})") from None
    parser.finish()
    title = parser.outline.take_title() or collapse(parser.page_title).strip() or path.stem
    if kept := kept_line(parser.kept):
        report.append(kept)
    if parser.furniture:  # said, so a page that only claims to be ours hides nothing in silence
        report.append(f"read as a policyeditor HTML export: {parser.furniture} of its own lines (cover, "
                      "contents, heading numbers, footer) left out")
    if parser.dropped:
        kinds = ", ".join(f"{n} {tag}" for tag, n in sorted(parser.dropped.items()))
        report.append(f"content that could run or fetch was left out ({kinds})")
    if parser.images:
        report.append(f"{parser.images} image(s) dropped (never fetched; their alt text is not kept)")
    if parser.unsafe_links:
        report.append(f"{parser.unsafe_links} link(s) to a target other than http, https, mailto or "
                      "#fragment kept as plain text")
    if parser.body.cell_list_items:
        report.append(f"{unkept_sentence({CELL_LIST_MARKER: parser.body.cell_list_items}, 'imported')} "
                      "(a table cell holds lines; their words are kept)")
    if moved := nested_order_line(parser.body.cells_text_after_nested):
        report.append(moved)
    report.extend(parser.shifts.lines())
    if parser.numbered_as:  # as a Word list numbered so is said (importers.docx)
        report.append(not_imported({list_numbered(shown): n for shown, n in parser.numbered_as.items()}))
    if struck := parser.struck.line():
        report.append(struck)
    policy = parser.outline.policy(title, report)
    parser.struck.place(policy, report)  # the window's import notes go to it
    policy.page_text = {kind: "\n".join(lines) for kind, lines in parser.page_text.items()}
    policy.pictures = parser.pictures
    # compare and export name them: a changed image or strike is never "no changes" in silence
    policy.unkept = {name: n for name, n in (("image", parser.images),
                                             (CELL_LIST_MARKER, parser.body.cell_list_items)) if n}
    policy.unkept.update(parser.struck.unkept())
    policy.unkept.update({list_numbered(shown): n for shown, n in parser.numbered_as.items()})
    return ImportResult(policy, report, policy_id=parser.policy_id)


def _numbers_shown(values: dict[str, str | None]) -> str:
    """How an <ol> numbers its items when not 1., 2., 3. ("a., b., c."), else ''; its CSS
    list-style-type is what a browser shows over its type."""
    for match in _LIST_STYLE.finditer(values.get("style") or ""):
        for word in match.group(1).lower().split():
            if word in _CSS_NUMBERS:
                return _OL_NUMBERS[_CSS_NUMBERS[word]]
            if word == "decimal":
                return ""
    return _OL_NUMBERS.get((values.get("type") or "").strip(), "")


MAX_SPAN = 1000  # a colspan or rowspan beyond this is a hostile file, not a table


def _note_texts(text: str) -> dict[str, tuple[Run, ...]]:
    """The words of each note at the end of a page our export wrote, by its anchor ("fn-1"), read
    first: the page's raised numbers come before them. Empty for any other page."""
    found: dict[str, tuple[Run, ...]] = {}
    at = 0
    while (match := _NOTES.search(text, at)) is not None:
        end = text.find("</section>", match.end())
        if end < 0:  # (searched once: a page of unclosed sections costs one pass, not one each)
            break
        notes = _PolicyParser({})
        notes.reading_notes = True
        notes.feed(text[match.end():end])
        notes.close()
        found.update(notes.read_notes)
        at = end
    return found


def _span(value: str | None) -> int:
    """A colspan/rowspan attribute as a count of cells (1 when missing or not a number)."""
    try:
        return min(MAX_SPAN, max(1, int((value or "1").strip())))
    except ValueError:
        return 1


class _ListSizes(HTMLParser):
    """A first pass: the number of items of each <ol reversed>, by where its tag stands (line,
    column), which a browser counts it down from when it has no start."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sizes: dict[tuple[int, int], int] = {}
        self._open: list[tuple[tuple[int, int] | None, int]] = []  # open lists: (where, if reversed; items)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ol", "ul", "menu"):
            self._open.append((self.getpos() if tag == "ol" and "reversed" in dict(attrs) else None, 0))
        elif tag == "li" and self._open:
            where, items = self._open[-1]
            self._open[-1] = (where, items + 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul", "menu") and self._open:
            self._ended()

    def close(self) -> None:
        super().close()
        while self._open:
            self._ended()

    def _ended(self) -> None:
        where, items = self._open.pop()
        if where is not None:
            self.sizes[where] = items


def _reversed_sizes(text: str) -> dict[tuple[int, int], int]:
    sizes = _ListSizes()
    sizes.feed(text)
    sizes.close()
    return sizes.sizes


class _PolicyParser(HTMLParser):
    def __init__(self, reversed_sizes: dict[tuple[int, int], int]) -> None:
        super().__init__(convert_charrefs=True)
        self._reversed_sizes = reversed_sizes  # each <ol reversed>'s number of items (_ListSizes)
        self.body = BodyBuilder()
        self.outline = Outline()
        self.page_title = ""
        self.dropped: dict[str, int] = {}
        self.struck = Struck()  # the words of <s>, <strike> and <del> elements, named
        self._struck_open = 0  # how many such elements are open
        self.numbered_as: dict[str, int] = {}  # <ol>s numbered other than 1., 2., 3.: by their numbers
        self.shifts = Shifts()  # <sup> and <sub> elements, counted as written
        self._shift: list[str] = []  # the open <sup> and <sub> elements' kinds (not our export's note marks)
        self._shift_fresh = False  # no words of the innermost open one read yet
        self.images = 0
        self.unsafe_links = 0
        self._skip_tag = ""  # the skipped element we are inside, and how deep in same-named ones
        self._skip_depth = 0
        self._in_title = False
        self._format = {"bold": 0, "italic": 0, "underline": 0}
        self._links: list[str] = []
        self._heading = 0  # level of the open heading, 0 when none
        self._heading_text: list[str] = []
        self._heading_notes: list[tuple[Run, ...]] = []  # its notes (a heading is plain text: Outline.notes)
        self._heading_inline = False  # a heading inside a list or table: bold text there
        self._thead: list[bool] = []  # per open table: inside its <thead>
        self._ours = False  # a page our export wrote (its generator meta)
        self.policy_id = ""  # the policy such a page was exported from (own_cover.policy_named)
        self.furniture = 0  # the export's own lines left out of such a page
        self.page_text: dict[str, list[str]] = {}  # such a page's running header and footer lines
        self._page_line: tuple[str, list[str]] | None = None  # the page-text line being read: kind, words
        self._in_footer = False  # inside such a page's <footer class="doc-footer">
        self.notes: dict[str, tuple[Run, ...]] = {}  # such a page's notes by anchor (`_note_texts`)
        self._note_ref = False  # inside such a page's raised note number (<sup class="note-ref">)
        self._spans: list[tuple[str, str] | None] = []  # open <span>s: ("field", code), ("math", "")
        self.pictures: dict[str, bytes] = {}  # such a page's pictures, by SHA-256 of their bytes
        self.kept: dict[str, int] = {}  # its notes, fields, equations and pictures read back as them
        # reading the notes of such a page: the note being read, and each one's words
        self.reading_notes = False
        self._note_id = ""
        self.read_notes: dict[str, tuple[Run, ...]] = {}

    # ------------------------------------------------------------- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        if tag == "title":
            self._in_title = True
            return
        if (self._ours or self.reading_notes) and self._own_tag(tag, attrs):
            return
        if tag == "meta":
            values = dict(attrs)
            self._ours = self._ours or (values.get("name") == "generator"
                                        and (values.get("content") or "").startswith(GENERATOR))
            if values.get("name") == "dcterms.identifier":
                self.policy_id = policy_named(values.get("content") or "")
        if tag in SKIPPED:
            if not (tag == "style" and self._ours):  # (our export's own look: no words, nothing runs)
                self.dropped[tag] = self.dropped.get(tag, 0) + 1
            if tag not in VOID:
                self._skip_tag, self._skip_depth = tag, 1
            return
        body = self.body
        if tag in _FORMAT:
            self._format[_FORMAT[tag]] += 1
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href and not href.lower().startswith(SAFE_LINK_SCHEMES):
                self.unsafe_links += 1
                href = ""
            self._links.append(href)
        elif tag == "img":
            if not self._picture(dict(attrs)):
                self.images += 1
        elif tag in _STRUCK:  # its words are kept, never their strike: named
            if not self._struck_open:
                self.struck.begin(self.outline.last_heading)
            self._struck_open += 1
        elif tag in _SHIFTED:
            self._shift.append(_SHIFTED[tag])
            self._shift_fresh = True
        elif tag == "br":
            if self._heading and not self._heading_inline:
                self._heading_text.append(" ")
            else:
                body.line_break(Run("", self._format["bold"] > 0, self._format["italic"] > 0,
                                    self._format["underline"] > 0, self._links[-1] if self._links else ""))
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._start_heading(int(tag[1]))
        elif tag == "ol":
            values = dict(attrs)
            if shown := _numbers_shown(values):
                self.numbered_as[shown] = self.numbered_as.get(shown, 0) + 1
            start = whole_number(values.get("start"))
            if "reversed" in values:  # counted down: from its number of items when it has no start
                body.start_list(True, self._reversed_sizes.get(self.getpos(), 1) if start is None else start,
                                descending=True)
            else:
                body.start_list(True, 1 if start is None else start)
        elif tag in ("ul", "menu"):
            body.start_list(False)
        elif tag == "li":
            body.start_item(whole_number(dict(attrs).get("value")))
        elif tag == "table":
            body.start_table()
            self._thead.append(False)
        elif tag == "thead" and self._thead:
            self._thead[-1] = True
        elif tag in ("tbody", "tfoot") and self._thead:
            self._thead[-1] = False
        elif tag == "tr":
            body.start_row(header=bool(self._thead and self._thead[-1]))
        elif tag in ("td", "th"):
            values = dict(attrs)
            body.start_cell(colspan=_span(values.get("colspan")), rowspan=_span(values.get("rowspan")),
                            header=tag == "th")
        elif tag in BLOCKS:
            body.end_line()

    def _own_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """A tag of our export's own, handled here (True) or read as any page's (False): what it
        wrote beside the text, its page-text lines, its notes, fields, equations."""
        values = dict(attrs)
        css = values.get("class") or ""
        if tag == "span" and css.startswith("picture"):  # a picture it could not show: only its place
            self.images += 1
            self._skip_tag, self._skip_depth = tag, 1
            return True
        if tag == "span" and (tag, css) not in _EXPORT_FURNITURE:
            code = values.get("data-field")
            self._spans.append(("field", code) if css == "field" and code else
                               ("math", "") if css == "math" else None)
            if self._spans[-1] is not None and not self.reading_notes:
                self._kept("field" if self._spans[-1][0] == "field" else "equation")
            return self._spans[-1] is not None
        if self.reading_notes:
            if (tag, css) in _NOTE_PARTS:
                self._skip_tag, self._skip_depth = tag, 1
                return True
            if tag == "p" and css == "note":
                self.body.end_line()
                self._note_id = values.get("id") or ""
                return True
            return False
        if tag == "sup" and css == "note-ref":
            self._note_ref = True
            return True
        if tag == "a" and self._note_ref:  # its number: the note's words stand in its place
            runs = self.notes.get((values.get("href") or "").lstrip("#"))
            if runs is None:
                return False  # a note the page does not hold: its number stays a link
            kind = "en" if (values.get("href") or "").startswith("#en-") else "fn"
            runs = tuple(replace(run, note=kind) for run in runs)
            if self._heading and not self._heading_inline:
                self._heading_notes.append(runs)
            else:
                for run in runs:
                    self.body.run(run)
            self._kept("endnote" if kind == "en" else "footnote")
            self._skip_tag, self._skip_depth = tag, 1
            return True
        if tag == "section" and css.startswith("notes ") and self.notes:  # read already
            self._skip_tag, self._skip_depth = tag, 1
            return True
        return self._furniture(tag, css)

    def _picture(self, values: dict[str, str | None]) -> bool:
        """An <img> of our export's picture, its bytes inline, kept as the picture (True)."""
        ours = self._ours and values.get("class") == "picture"
        match = _PICTURE.match(values.get("src") or "") if ours else None
        if match is None:
            return False
        try:
            data = b64decode(match.group(1), validate=False)
        except (Base64Error, ValueError):
            return False
        digest = sha256(data).hexdigest()
        self.pictures.setdefault(digest, data)
        self._kept("picture")
        self.body.run(Run(OBJECT, link=self._links[-1] if self._links else "", picture=digest))
        return True

    def _kept(self, kind: str) -> None:
        self.kept[kind] = self.kept.get(kind, 0) + 1

    def _furniture(self, tag: str, css: str) -> bool:
        """Skip what our export wrote beside the text, or begin one of its page-text lines."""
        if (tag, css) in _EXPORT_FURNITURE:
            self._skip_tag, self._skip_depth = tag, 1
            self.furniture += 1
            return True
        if tag == "p" and css in _PAGE_TEXT:
            self._page_line = (_PAGE_TEXT[css], [])
            return True
        if tag == "p" and self._in_footer:  # the footer's own line: the version's, not the policy's
            self._skip_tag, self._skip_depth = tag, 1
            self.furniture += 1
            return True
        self._in_footer = self._in_footer or (tag, css) == ("footer", "doc-footer")
        return False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if not self._skip_depth:
                    self._skip_tag = ""
            return
        if tag == "title":
            self._in_title = False
            return
        if self._page_line is not None and tag == "p":
            kind, words = self._page_line
            self.page_text.setdefault(kind, []).append(collapse("".join(words)).strip())
            self._page_line = None
            return
        if tag == "footer":
            self._in_footer = False
        if tag == "span" and self._spans:
            self._spans.pop()
        if tag == "sup" and self._note_ref:
            self._note_ref = False
        elif tag in _SHIFTED and self._shift:
            self._shift.pop()
        elif tag in _STRUCK and self._struck_open:
            self._struck_open -= 1
        if tag == "p" and self.reading_notes and self._note_id:
            blocks = self.body.take()
            runs = getattr(blocks[0], "runs", ()) if blocks else ()
            self.read_notes[self._note_id] = tuple(runs)
            self._note_id = ""
            return
        body = self.body
        if tag in _FORMAT:
            key = _FORMAT[tag]
            self._format[key] = max(0, self._format[key] - 1)
        elif tag == "a":
            if self._links:
                self._links.pop()
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._end_heading()
        elif tag in ("ul", "ol", "menu"):
            body.end_list()
        elif tag == "li":
            body.end_item()
        elif tag == "table":
            body.end_table()
            if self._thead:
                self._thead.pop()
        elif tag == "thead" and self._thead:
            self._thead[-1] = False
        elif tag in ("td", "th"):
            body.end_cell()
        elif tag in BLOCKS:
            body.end_line()

    # ------------------------------------------------------------- text
    def handle_data(self, data: str) -> None:
        if self._skip_tag:
            return
        if self._in_title:
            self.page_title += data
            return
        if self._page_line is not None:
            self._page_line[1].append(data)
            return
        if self._shift and data.strip():
            data = self._shifted(data)
        if self._struck_open:
            self.struck.words(data)
        if self._heading and not self._heading_inline:
            self._heading_text.append(data)
            return
        bold, italic = self._format["bold"] > 0 or self._heading_inline, self._format["italic"] > 0
        underline, link = self._format["underline"] > 0, self._links[-1] if self._links else ""
        extra = next((span for span in reversed(self._spans) if span is not None), None)
        if extra is None:
            self.body.text(collapse(data, keep_nbsp=True), bold=bold, italic=italic, underline=underline,
                           link=link)
        else:  # a field's words, an equation: our export's
            self.body.run(Run(collapse(data, keep_nbsp=True), bold, italic, underline, link,
                              math=extra[0] == "math", field=extra[1]))

    def _shifted(self, data: str) -> str:
        """Words inside a <sup> or <sub>: in its characters when they are numbers, else as they
        are, in a heading a space apart from the word they follow ("Scope a", yet "1st")."""
        first, self._shift_fresh = self._shift_fresh, False
        before = "".join(self._heading_text)[-1:] if self._heading and not self._heading_inline else ""
        return self.shifts.words(data, self._shift[-1], first, before)

    # ------------------------------------------------------------- headings
    def _start_heading(self, level: int) -> None:
        if self._heading:  # a heading opened inside another: close the first
            self._end_heading()
        self._heading = level
        self._heading_inline = self.body.in_container
        self.body.end_line()
        if not self._heading_inline:
            self.outline.add(self.body.take())
            self._heading_text, self._heading_notes = [], []

    def _end_heading(self) -> None:
        if not self._heading:
            return
        if self._heading_inline:
            self.body.end_line()
        else:
            # an empty heading of our export's is an untitled section's (its number left out)
            self.outline.heading(self._heading, "".join(self._heading_text), untitled=self._ours,
                                 notes=self._heading_notes)
        self._heading = 0
        self._heading_inline = False

    def finish(self) -> None:
        self._end_heading()
        self.outline.add(self.body.take())


_WHOLE_NUMBER = re.compile(r"\s*([-+]?\d+)")


def whole_number(value: str | None) -> int | None:
    """An <ol start>'s or <li value>'s number as browsers read it (its leading digits: "3rd" is 3);
    None when it has none."""
    match = _WHOLE_NUMBER.match(value or "")
    # a thousand digits and more is a hostile file's, which int() refuses to read at some length
    return int(match.group(1)) if match and len(match.group(1)) < 1000 else None
