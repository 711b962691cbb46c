"""Import a Markdown file (CommonMark with GFM tables and ~~strikethrough~~) as a policy.

Headings (ATX and setext) make the section tree; paragraphs, nested lists,
emphasis, links and tables become body blocks. Raw HTML is kept as its text with
the tags stripped, except `<br>` (a line break), `<u>` (underline) and `<sup>`/`<sub>`,
whose numbers are written in superscript or subscript characters ("10⁶", "H₂O"; other
words in them stay plain, counted: shifted.py). Struck words (`~~`, `<s>`, `<del>`) stay
plain, each passage named (struck.py). Images are
dropped, blockquotes and code become plain paragraphs; both are reported.
Only http, https, mailto and #fragment link targets are kept (others become
plain text, reported). The token stream is walked in one loop; nesting deeper
than markdown-it parses (it silently drops what lies deeper) is flattened first,
so no words are lost.
"""

from __future__ import annotations

import re
from pathlib import Path

from policyeditor.core.body import BREAK, Paragraph, Run, normalize_runs
from policyeditor.core.patterns import later
from policyeditor.core.records import replace
from policyeditor.formats.importers import md_fast
from policyeditor.formats.importers.body_builder import BodyBuilder
from policyeditor.formats.importers.line_shape import collapse
from policyeditor.formats.importers.md_notes import NOTE_TAG, take_notes
from policyeditor.formats.importers.outline import Outline
from policyeditor.formats.importers.result import ImportResult, read_text
from policyeditor.formats.importers.safe_links import SAFE_LINK_SCHEMES
from policyeditor.formats.importers.shifted import SUBSCRIPT, SUPERSCRIPT, Shifts
from policyeditor.formats.importers.struck import Struck

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from markdown_it.token import Token

_TAG = later(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>")
_SHIFTED = {"sup": SUPERSCRIPT, "sub": SUBSCRIPT}
_STRUCK = frozenset({"s", "strike", "del"})  # inline HTML that strikes through, as ~~words~~ does
# markdown-it stops reading a container nested MAX_NESTING token levels deep and drops the rest;
# a block quote is one level, a list item two. Deeper markers are flattened to these depths.
MAX_NESTING = 200
MAX_QUOTES = 40
MAX_INDENT = 80  # spaces of list indentation: 40 levels of "- " items
# atomic: "> > >" splits into markers in many ways, and backtracking through them is exponential
_MARKER = r"(?>[ ]{0,3}>[ ]?)"
_DEEP_QUOTES = later(rf"^({_MARKER}{{{MAX_QUOTES}}}){_MARKER}++", re.M)
_DEEP_INDENT = later(rf"^({_MARKER}*+)[ \t]{{{MAX_INDENT + 1},}}", re.M)


def flatten_deep_nesting(text: str) -> str:
    """`text` with block quotes and indentation deeper than markdown-it reads cut to its limits."""
    text = _DEEP_QUOTES().sub(r"\1", text)
    return _DEEP_INDENT().sub(lambda m: m.group(1) + " " * MAX_INDENT, text)


def parse_markdown(text: str) -> list[Token]:
    """markdown-it's tokens for `text`: from md_fast when the text keeps to the Markdown it ports."""
    fast = md_fast.tokens(text)
    return fast if fast is not None else parse_markdown_fully(text)  # type: ignore[return-value]


def parse_markdown_fully(text: str) -> list[Token]:
    """markdown-it's tokens for `text`, by markdown-it (imported only now: it costs start-up time)."""
    from markdown_it import MarkdownIt

    # ~~words~~ read as a strike (as GFM does), so its words are named like an HTML page's <s>
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    parser.validateLink = lambda url: True  # every target parses as a link; unsafe ones are dropped below
    return parser.parse(flatten_deep_nesting(text))


def import_markdown(path: Path) -> ImportResult:
    """Read a .md file; the only H1 is the title, else the file stem."""
    text, report = read_text(path)
    text, notes = take_notes(text)
    tokens = parse_markdown(text)
    walker = _Walker(report)
    walker.notes = notes
    walker.walk(tokens)
    title = walker.outline.take_title()
    if walker.notes_kept:
        report.append(f"{walker.notes_kept} footnote(s) kept")
    if walker.images:
        report.append(f"{walker.images} image(s) dropped (only their place in the text is lost)")
    if walker.quotes:
        report.append(f"{walker.quotes} block quote(s) imported as plain paragraphs")
    if walker.code:
        report.append(f"{walker.code} code block(s) imported as plain paragraphs")
    if walker.unsafe_links:
        report.append(f"{walker.unsafe_links} link(s) to a target other than http, https, mailto or "
                      "#fragment kept as plain text")
    report.extend(walker.shifts.lines())
    if struck := walker.struck.line():
        report.append(struck)
    policy = walker.outline.policy(title or path.stem, report)
    walker.struck.place(policy, report)  # the window's import notes go to it
    # compare and export name them: a changed image or strike is never "no changes" in silence
    policy.unkept = ({"image": walker.images} if walker.images else {}) | walker.struck.unkept()
    return ImportResult(policy, report)


class _Walker:
    def __init__(self, report: list[str]) -> None:
        self.report = report
        self.notes: list[str] = []  # the Markdown footnotes' text, by the number md_notes tagged them with
        self.notes_kept = 0
        self.body = BodyBuilder()
        self.outline = Outline()
        self.images = self.quotes = self.code = self.unsafe_links = 0
        self.shifts = Shifts()  # <sup> and <sub> elements, counted as written
        self._shift: list[str] = []  # the open ones' kinds, innermost last
        self._shift_fresh = False  # no words of the innermost open one read yet
        self.struck = Struck()  # ~~words~~ and <s>words</s>, named

    def walk(self, tokens: list[Token]) -> None:
        """Feed every block token to the builders."""
        body = self.body
        # what a token that only opens or closes something does, by its type: one look-up for each
        # of a document's thousands of tokens, not a chain of comparisons
        events = {"paragraph_close": body.end_line, "list_item_open": body.start_item,
                  "list_item_close": body.end_item, "bullet_list_close": body.end_list,
                  "ordered_list_close": body.end_list, "td_close": body.end_cell, "th_close": body.end_cell,
                  "tr_open": body.start_row, "table_open": body.start_table, "table_close": body.end_table}
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            event = events.get(kind)
            if event is not None:
                event()
            elif kind == "inline":
                self.inline(token.children or [])
            elif kind == "td_open" or kind == "th_open":
                body.start_cell(header=kind == "th_open")
            elif kind == "heading_open":
                inline = tokens[i + 1]
                if body.in_container:  # a heading inside a list or table: a bold line there
                    self.inline(inline.children or [], bold=True)
                    body.end_line()
                else:
                    children = inline.children or []
                    self.outline.add(body.take())
                    self.outline.heading(int(token.tag[1]), self.plain(children),
                                         notes=self.heading_notes(children))
                i += 3
                continue
            elif kind == "ordered_list_open":
                body.start_list(True, int(token.attrs.get("start", 1)))
            elif kind == "bullet_list_open":
                body.start_list(False)
            elif kind == "blockquote_open":
                self.quotes += 1
            elif kind in ("code_block", "fence"):
                self.code += 1
                body.end_line()
                body.text(token.content.rstrip("\n"))
                body.end_line()
            elif kind == "html_block":
                body.end_line()
                self.html(token.content)
                body.end_line()
            i += 1
        self.outline.add(body.take())

    def inline(self, children: list[Token], bold: bool = False) -> None:
        """Inline tokens into runs, formatting tracked by depth counters."""
        strong = em = under = struck = 0
        links: list[str] = []
        for child in children:
            kind = child.type
            if kind == "text" or kind == "code_inline" or kind == "softbreak":
                text = " " if kind == "softbreak" else collapse(child.content, keep_nbsp=True)
                if self._shift and text.strip():
                    text = self.shifted(text)
                if struck:
                    self.struck.words(text)
                self.body.text(text, bold or strong > 0, em > 0, under > 0, links[-1] if links else "")
            elif kind == "hardbreak":
                self.body.line_break()
            elif kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                em += 1
            elif kind == "em_close":
                em -= 1
            elif kind == "s_open" or kind == "s_close":
                struck = self.strike(struck, kind == "s_close")
            elif kind == "link_open":
                href = str(child.attrs.get("href", "")).strip()
                if href and not href.lower().startswith(SAFE_LINK_SCHEMES):
                    self.unsafe_links += 1
                    href = ""
                links.append(href)
            elif kind == "link_close":
                if links:
                    links.pop()
            elif kind == "image":
                self.images += 1
            elif kind == "html_inline" and (note := NOTE_TAG().match(child.content)):
                self.note(int(note.group(1)))
            elif kind == "html_inline":
                match = _TAG().match(child.content)
                name = match.group(2).lower() if match else ""
                closing = bool(match and match.group(1))
                if name == "br":
                    self.body.line_break()
                elif name == "u":
                    under = max(0, under - 1) if closing else under + 1
                elif name in ("b", "strong"):
                    strong = max(0, strong - 1) if closing else strong + 1
                elif name in ("i", "em"):
                    em = max(0, em - 1) if closing else em + 1
                elif name in _SHIFTED:
                    self.shift_tag(name, closing)
                elif name in _STRUCK:
                    struck = self.strike(struck, closing)
        self._shift.clear()  # a paragraph's tags end with it

    def strike(self, open_: int, closing: bool) -> int:
        """A strike (~~ or <s>) opening or closing; how many are open after it."""
        if closing:
            return max(0, open_ - 1)
        if not open_:
            self.struck.begin(self.outline.last_heading)
        return open_ + 1

    def shift_tag(self, name: str, closing: bool) -> None:
        """A `<sup>` or `<sub>` opening or closing."""
        if not closing:
            self._shift.append(_SHIFTED[name])
            self._shift_fresh = True
        elif self._shift:
            self._shift.pop()

    def shifted(self, text: str, before: str = "") -> str:
        """Words inside a `<sup>` or `<sub>` as the policy holds them (`Shifts.words`)."""
        first, self._shift_fresh = self._shift_fresh, False
        return self.shifts.words(text, self._shift[-1], first, before)

    def note(self, index: int) -> None:
        """A footnote's text at its reference."""
        for run in self.note_runs(index):
            self.body.run(run)

    def note_runs(self, index: int) -> tuple[Run, ...]:
        """The footnote tagged `index` as runs, counted: its words with their bold, italics and links,
        its paragraphs one after the other (as a Word note's are read)."""
        if index >= len(self.notes):
            return ()
        outer, self.body = self.body, BodyBuilder()
        # a note's words are its own, never its mark's superscript
        shift, self._shift, fresh = self._shift, [], self._shift_fresh
        try:
            for token in parse_markdown(self.notes[index]):
                if token.type == "inline":
                    self.inline(token.children or [])
                    self.body.end_line()
            runs = [run for block in self.body.take() if isinstance(block, Paragraph) for run in block.runs]
        finally:
            self.body, self._shift, self._shift_fresh = outer, shift, fresh
        runs = normalize_runs(replace(r, text=r.text.replace(BREAK, " "), note="fn")
                              for r in runs if not r.note)
        if not any(r.text.strip() for r in runs):
            return ()
        self.notes_kept += 1
        return runs

    def heading_notes(self, children: list[Token]) -> list[tuple[Run, ...]]:
        """The footnotes on a heading (`plain` leaves them out), each its runs."""
        return [runs for child in children if child.type == "html_inline"
                and (tag := NOTE_TAG().match(child.content)) and (runs := self.note_runs(int(tag.group(1))))]

    def html(self, content: str) -> None:
        """A raw HTML block: its text, tags stripped, `<br>` and block ends as line breaks."""
        for piece in re.split(r"(<[^>]*>)", content):
            if not piece.startswith("<"):
                text = collapse(piece, keep_nbsp=True)
                self.body.text(self.shifted(text) if self._shift and text.strip() else text)
            elif re.match(r"</?(br|p|div|li|tr|h[1-6])\b", piece, re.I):
                self.body.line_break()
            elif (match := _TAG().match(piece)) and match.group(2).lower() in _SHIFTED:
                self.shift_tag(match.group(2).lower(), bool(match.group(1)))
        self._shift.clear()  # a block's tags end with it

    def plain(self, children: list[Token]) -> str:
        """A heading's plain text (images dropped and counted, notes left to `heading_notes`)."""
        out: list[str] = []
        for child in children:
            if child.type in ("text", "code_inline"):
                text = child.content
                out.append(self.shifted(text, "".join(out)[-1:]) if self._shift and text.strip() else text)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
            elif child.type == "image":
                self.images += 1
            elif child.type == "html_inline" and re.match(r"<br\b", child.content, re.I):
                out.append(" ")
            elif child.type == "html_inline" and (match := _TAG().match(child.content)) \
                    and match.group(2).lower() in _SHIFTED:
                self.shift_tag(match.group(2).lower(), bool(match.group(1)))
        self._shift.clear()  # a heading's tags end with it
        return collapse("".join(out)).strip()
