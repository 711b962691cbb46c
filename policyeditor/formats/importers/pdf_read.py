"""A PDF's text as lines with their place, size and formatting, read with pdfminer.six.

What a page does not show is left out (pdf_clip). Each line keeps its runs (bold
and italic by the font's name, a link where a link annotation covers it,
underline where a rule runs under it) and what the paragraph joining needs: the
width of its first word, a space's width, a bullet drawn before it; each page
keeps its thin rules and coloured fills (a table's borders and header shading).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from policyeditor.core.body import Run, normalize_runs
from policyeditor.formats.importers.pdf_clip import device_class, interpreter_class
from policyeditor.formats.importers.safe_links import SAFE_LINK_SCHEMES

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom in points, y downwards from the page top
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}  # a font's ligature glyph is its letters
_SPACES = "\t\u00a0\u2002\u2003\u2009"  # drawn as blanks: a space between words
_BOLD = ("bold", "black", "heavy", "semibold", "demi")
_ITALIC = ("italic", "oblique")


@dataclass(frozen=True)
class Line:
    """One line of text on a page (points; `top` < `bottom`, y downwards)."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float   # the largest font size of its glyphs, rounded to 0.1 pt
    runs: tuple[Run, ...]
    first_word: float  # the width of its first word, up to where a line may break
    space: float  # the width of a space at its size
    bold: bool    # every letter bold
    italic: bool  # every letter italic
    second_x0: float = 0.0  # where its second word begins (an item's text, after its marker)
    edges: tuple[tuple[float, float], ...] = ()  # each character's left and right
    trailing_space: bool = False  # a space drawn after its last glyph: a line wrapped at a space
    bullet: bool = False  # a bullet drawn as a shape just before it
    clipped: bool = False  # drawn inside a clip (a page writer's text area), not in the margins
    clip_right: float = 0.0  # the right edge of that clip
    clip_bottom: float = 0.0  # and its bottom
    clip_top: float = 0.0  # and its top

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def cut(self, x: float) -> tuple[Line, Line] | None:
        """The line in two at `x` (the words left of it, and right), or None when all stand one side."""
        text = self.text
        at = next((i for i, (left, _) in enumerate(self.edges) if left >= x and not text[i].isspace()), None)
        if at is None or not text[:at].strip():
            return None
        end = len(text[:at].rstrip())
        return self._part(0, end), self._part(at, len(text))

    def _part(self, start: int, end: int) -> Line:
        text, edges = self.text[start:end], self.edges[start:end]
        shown = [e for ch, e in zip(text, edges, strict=True) if not ch.isspace()]
        return replace(self, x0=shown[0][0], x1=max(e[1] for e in shown), runs=_sliced(self.runs, start, end),
                       first_word=first_word(text, edges), second_x0=second_x0(text, edges), edges=edges,
                       trailing_space=self.trailing_space if end == len(self.text) else False,
                       bullet=self.bullet and start == 0)


@dataclass
class Document:
    """What the reader found: each page's lines in reading order, and the document's metadata."""

    pages: list[list[Line]] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)  # Title, Creator, Producer, ...
    metadata: bytes | None = None  # the XMP packet (the catalog's /Metadata), when it has one
    rules: list[list[Rect]] = field(default_factory=list)  # each page's thin lines and rectangles
    fills: list[list[Rect]] = field(default_factory=list)  # each page's rectangles filled in a colour

    def lines(self) -> Iterator[Line]:
        for page in self.pages:
            yield from page


def read_pdf(path: Path) -> Document:
    """Every page's lines (pdfminer's errors are the caller's to tell)."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    out = Document()
    with open(path, "rb") as file:
        document = PDFDocument(PDFParser(file))
        out.info = _info(document)
        out.metadata = _metadata(document)
        manager = PDFResourceManager()
        device = device_class()(manager, laparams=LAParams())
        interpreter = interpreter_class()(manager, device)
        for number, page in enumerate(PDFPage.create_pages(document)):
            interpreter.process_page(page)
            layout = device.get_result()
            rules, fills, dots = _shapes(layout)
            out.pages.append(_lines(number, layout, _links(page), rules, dots))
            out.rules.append([_flipped(r, layout.height) for r in rules])
            out.fills.append([_flipped(f, layout.height) for f in fills])
    return out


def _metadata(document: Any) -> bytes | None:
    """The catalog's XMP stream, unless it is damaged or too large to be ours (any PDF may come)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    from policyeditor.formats.exporters.pdf_identity import MAX_XMP

    try:
        stream = resolve1(document.catalog.get("Metadata"))
        if isinstance(stream, PDFStream) and (resolve1(stream.attrs.get("Length")) or 0) <= MAX_XMP:
            return stream.get_data()
    except Exception:  # pdfminer's errors on a damaged stream: no metadata read
        pass
    return None


def _info(document: Any) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    info: dict[str, str] = {}
    for entry in document.info:
        for key, value in resolve1(entry).items():
            value = resolve1(value)
            if isinstance(value, bytes):
                info[key] = decode_text(value)
    return info


def _links(page: Any) -> list[tuple[tuple[float, float, float, float], str]]:
    """The page's link annotations: (rectangle in page space, target), a target '#name' inside."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    out = []
    for annotation in resolve1(page.annots) or []:
        annotation = resolve1(annotation)
        if not isinstance(annotation, dict) or getattr(annotation.get("Subtype"), "name", "") != "Link":
            continue
        action = resolve1(annotation.get("A")) or {}
        target = resolve1(action.get("URI")) if isinstance(action, dict) else None
        dest = resolve1(annotation.get("Dest") or (action.get("D") if isinstance(action, dict) else None))
        if isinstance(target, bytes):
            target = target.decode("utf-8", "replace")
        elif isinstance(dest, (bytes, PSLiteral)):
            target = "#" + (decode_text(dest) if isinstance(dest, bytes) else dest.name)
        rect = [float(v) for v in resolve1(annotation.get("Rect") or [])]
        if isinstance(target, str) and target.startswith(SAFE_LINK_SCHEMES) and len(rect) == 4:
            out.append(((min(rect[0], rect[2]), min(rect[1], rect[3]),
                         max(rect[0], rect[2]), max(rect[1], rect[3])), target))
    return out


def _shapes(layout: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """The page's thin rules (underlines, borders), coloured fills and small shapes (bullets)."""
    from pdfminer.layout import LTCurve, LTRect

    rules, fills, dots = [], [], []
    for item in layout:
        if not isinstance(item, LTCurve):
            continue
        if (item.height <= 1.5 and item.width > 2) or (item.width <= 1.5 and item.height > 2):
            rules.append(item)
        elif 1.5 < item.width <= 8 and 1.5 < item.height <= 8:
            dots.append(item)
        elif isinstance(item, LTRect) and item.fill and _coloured(item.non_stroking_color):
            fills.append(item)
    return rules, fills, dots


def _coloured(colour: Any) -> bool:
    """A fill that is not white (white: the page, or a text area painted as paper)."""
    values = tuple(colour) if isinstance(colour, (list, tuple)) else (colour,)
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False  # a pattern
    white = (0.0,) * 4 if len(values) == 4 else (1.0,) * len(values)  # CMYK's white is no ink
    return any(abs(v - w) > 0.01 for v, w in zip(values, white, strict=True))


def _flipped(item: Any, height: float) -> Rect:
    return item.x0, height - item.y1, item.x1, height - item.y0


def _lines(number: int, layout: Any, links: list, rules: list, dots: list) -> list[Line]:
    """The page's text lines in pdfminer's reading order, with bullets and underlines found."""
    from pdfminer.layout import LTTextContainer, LTTextLine

    out = []
    flat = [r for r in rules if r.height <= 1.5]  # what can run under words
    for box in layout:
        if not isinstance(box, LTTextContainer):
            continue
        for line in box:
            if isinstance(line, LTTextLine):
                made = _line(number, layout.height, line, links, flat, dots)
                if made is not None:
                    out.append(made)
    return _with_bullets(out)


_BULLET_SIGNS = "•\u25e6\u25aa\u2023\u25cf\u25cb\u25a0\u2013"  # • ◦ ▪ ‣ ● ○ ■ –


def _with_bullets(lines: list[Line]) -> list[Line]:
    """A bullet set apart from its item's words (a line of its own to pdfminer, and maybe read
    before them) marks the line it stands before, as a bullet drawn as a shape does."""
    signs = [line for line in lines if len(line.text) == 1 and line.text in _BULLET_SIGNS]
    if not signs:
        return lines
    marked: dict[int, Line] = {}
    taken = set()
    for sign in signs:
        middle = (sign.top + sign.bottom) / 2
        for index, line in enumerate(lines):
            if line is not sign and index not in marked and 0 < line.x0 - sign.x1 < 24 \
                    and line.top <= middle <= line.bottom and line.text not in _BULLET_SIGNS:
                marked[index] = replace(line, bullet=True)
                taken.add(id(sign))
                break
    return [marked.get(index, line) for index, line in enumerate(lines) if id(line) not in taken]


def _line(number: int, height: float, line: Any, links: list, rules: list, dots: list) -> Line | None:
    from pdfminer.layout import LTChar

    glyphs = [c for c in line if isinstance(c, LTChar)]
    shown = [c for c in glyphs if c.get_text().strip() and c.get_text() not in _SPACES]
    if not shown:
        return None
    runs, space = [], 0.0
    edges: list[tuple[float, float]] = []
    previous: Run | None = None
    blank = ""  # the blanks drawn before the next glyph (a space between words takes what both sides share)
    virtual = False  # a blank pdfminer put where glyphs stand apart
    for char in line:
        text = char.get_text()
        if not text.isprintable() and text not in _SPACES and not text.isspace():
            continue  # a glyph the font maps to no character (an emoji's picture)
        if text in _SPACES or not text.strip():
            if isinstance(char, LTChar):  # drawn; pdfminer adds blanks of its own where words are apart
                blank += " " if text == "\t" else text
                space = max(space, char.width) if text in " \t" else space
            elif text != "\n":
                virtual = True
            continue
        link = _link_at(char, links)
        # a link is shown underlined: the rule under it is the link's, not an underline
        run = Run(_LIGATURES.get(text, text), *_style(char), not link and _underlined(char, rules), link)
        if previous is not None and (blank or virtual):
            # the blanks drawn are the text's own (two spaces, a no-break space, as in Word text)
            runs.append(between(previous, run, blank or " "))
            edges.extend([(edges[-1][1], char.x0)] * len(runs[-1].text))
        runs.append(run)
        edges.extend([(char.x0, char.x1)] * len(run.text))
        previous, blank, virtual = run, "", False
    size = max(round(c.size, 1) for c in shown)
    bold = all(_style(c)[0] for c in shown if c.get_text().isalpha()) and any(
        c.get_text().isalpha() for c in shown)
    italic = all(_style(c)[1] for c in shown if c.get_text().isalpha()) and any(
        c.get_text().isalpha() for c in shown)
    x0, x1 = shown[0].x0, max(c.x1 for c in shown)
    top, bottom = height - max(c.y1 for c in shown), height - min(c.y0 for c in shown)
    bullet = any(d.x1 <= x0 + 0.5 and x0 - d.x1 < 14 and d.y0 >= height - bottom - 1
                 and d.y1 <= height - top + 1 for d in dots)
    clip = getattr(shown[0], "clip", None)
    after = [c.get_text() for c in glyphs[glyphs.index(shown[-1]) + 1:]]
    text = "".join(r.text for r in runs)
    return Line(number, x0, x1, top, bottom, size, normalize_runs(runs), first_word(text, edges),
                space or 0.28 * size, bold, italic, second_x0(text, edges), tuple(edges),
                any(t in " \t" for t in after), bullet, clip is not None, clip[2] if clip else 0.0,
                height - clip[1] if clip else 0.0, height - clip[3] if clip else 0.0)


def _style(char: Any) -> tuple[bool, bool]:
    name = (char.fontname or "").split("+")[-1].lower()
    return any(w in name for w in _BOLD), any(w in name for w in _ITALIC)


def between(left: Run, right: Run, text: str = " ") -> Run:
    """A space between two glyphs, in the format both share (a space after bold words is plain)."""
    link = left.link if left.link == right.link else ""
    return Run(text, left.bold and right.bold, left.italic and right.italic,
               left.underline and right.underline, link)


def _underlined(char: Any, rules: list) -> bool:
    middle = (char.x0 + char.x1) / 2
    return any(r.x0 <= middle <= r.x1 and char.y0 - 1 <= r.y0 <= char.y0 + 0.35 * char.size
               for r in rules)


def _link_at(char: Any, links: list) -> str:
    x, y = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
    for (x0, y0, x1, y1), target in links:
        if x0 <= x <= x1 and y0 <= y <= y1:
            return target
    return ""


def second_x0(text: str, edges: Sequence[tuple[float, float]]) -> float:
    """Where the text's second word begins (its start when it has one word)."""
    blank = False
    for char, (left, _) in zip(text, edges, strict=True):
        if char.isspace():
            blank = True
        elif blank:
            return left
    return edges[0][0] if edges else 0.0


def first_word(text: str, edges: Sequence[tuple[float, float]]) -> float:
    """The width of the text's first word, to where a line may break: a space, or just after a
    hyphen, dash or slash before a letter (not in "1-800")."""
    end = None
    for index, char in enumerate(text):
        if char.isspace():
            break
        end = edges[index][1]
        if char in "-\u2010\u2013\u2014/" and text[index + 1:index + 2].isalpha():
            break
    return end - edges[0][0] if end is not None else 0.0


def _sliced(runs: tuple[Run, ...], start: int, end: int) -> tuple[Run, ...]:
    """The runs' characters from `start` to `end`."""
    out, at = [], 0
    for run in runs:
        left, right = max(start, at), min(end, at + len(run.text))
        if left < right:
            out.append(run.with_text(run.text[left - at:right - at]))
        at += len(run.text)
    return tuple(out)
