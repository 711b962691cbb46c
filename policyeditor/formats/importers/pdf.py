"""Import a PDF as a policy: its text and headings; its layout is not kept.

A PDF holds positioned glyphs, not paragraphs, so the text is read with
pdfminer.six's layout analysis: its text boxes are the paragraphs (their lines
joined), and each line's font size and weight come from its characters. A box of
one or two lines set clearly larger than the body text (the size most of the
text has) is a heading, its level by its size, and a short bold line at the
body's size a heading below those; when the PDF sets fewer than two headings
so, the sections are inferred as for plain text (ALL CAPS lines, short lines,
clause numbers). Lines that are only a page number are left out. Nothing
in the PDF is run or fetched: pdfminer only parses it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policyeditor.core.errors import ImportError_
from policyeditor.formats.importers.line_shape import collapse, heading_like
from policyeditor.formats.importers.outline import Outline
from policyeditor.formats.importers.result import ImportResult, read_bytes, reason
from policyeditor.formats.importers.text import add_paragraphs, take_title

HEADING_RATIO = 1.15   # a line this much larger than the body text is a heading
HEADING_MAX_LINES = 2  # a box of more lines is a paragraph, whatever its size
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
LAYOUT_NOTE = ("a PDF keeps no document structure: its text and headings were read, but its layout "
               "(columns, tables, pictures, page breaks, fonts) is not kept")


@dataclass(frozen=True)
class _Line:
    text: str
    size: float   # the largest font size of its characters (points, rounded)
    bold: bool    # every letter bold
    chars: int


@dataclass(frozen=True)
class _Box:
    lines: tuple[str, ...]
    size: float
    bold: bool


def import_pdf(path: Path) -> ImportResult:
    """Read a .pdf file; encrypted, damaged or textless PDFs are told in one sentence."""
    data = read_bytes(path)
    if not data.lstrip()[:5] == b"%PDF-":
        raise ImportError_(f"{path.name} is not a PDF file (it does not start with %PDF-)")
    groups, dropped = _read_lines(path)
    report = [LAYOUT_NOTE]
    if not groups:
        report.append(f"{path.name} has no text to read (a scanned PDF holds pictures of its pages; "
                      "run it through text recognition first)")
    if dropped:
        report.append(f"{dropped} page number line(s) left out")
    body_size = _body_size(groups)
    boxes = [box for group in groups for box in _split(group, body_size)]
    heads = [b for b in boxes if _is_heading(b, body_size)]
    outline = Outline()
    if len(heads) >= 2:
        # larger sizes first; a bold line at the body's size is a heading one level below them
        sizes = sorted({b.size for b in heads if _large(b.size, body_size)}, reverse=True)
        for box in boxes:
            if box in heads:
                level = sizes.index(box.size) + 1 if box.size in sizes else len(sizes) + 1
                outline.heading(level, " ".join(box.lines))
            else:
                add_paragraphs(outline, [[_joined(box.lines)]], infer=False)
        report.append(f"{len(heads)} heading(s) read from their font size and weight")
        title = outline.take_title()
    else:
        paragraphs = [[_joined(b.lines)] for b in boxes]
        title = take_title(paragraphs)
        add_paragraphs(outline, paragraphs, infer=True)
    policy = outline.policy(title or path.stem, report)
    return ImportResult(policy, report)


def _split(group: list[_Line], body_size: float) -> list[_Box]:
    """A text box as paragraphs: a line set as a heading is its own paragraph, apart from body lines."""
    out: list[list[_Line]] = []
    for line in group:
        kind = (_large(line.size, body_size), line.bold)
        last = out[-1][-1] if out else None
        if last is not None and (_large(last.size, body_size), last.bold) == kind:
            out[-1].append(line)
        else:
            out.append([line])
    return [_Box(tuple(x.text for x in lines), max(x.size for x in lines), all(x.bold for x in lines))
            for lines in out]


def _large(size: float, body_size: float) -> bool:
    return bool(body_size) and size >= body_size * HEADING_RATIO


def _read_lines(path: Path) -> tuple[list[list[_Line]], int]:
    """The text boxes of every page, each as its lines; and how many page-number lines were left out."""
    from pdfminer.high_level import extract_pages  # loaded only when a PDF is imported
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    groups: list[list[_Line]] = []
    dropped = 0
    try:
        for page in extract_pages(str(path), laparams=LAParams()):
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                lines: list[_Line] = []
                for line in element:
                    if not isinstance(line, LTTextLine):
                        continue
                    text = collapse(line.get_text()).strip()
                    if not text:
                        continue
                    if _PAGE_NUMBER.match(text):
                        dropped += 1
                        continue
                    glyphs = [c for c in _chars(line, LTChar) if c.get_text().strip()]
                    size = max((round(c.size, 1) for c in glyphs), default=0.0)
                    bold = bool(glyphs) and all(_BOLD.search(c.fontname or "") for c in glyphs)
                    lines.append(_Line(text, size, bold, len(glyphs)))
                if lines:
                    groups.append(lines)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportError_(f"{path.name} is an encrypted PDF; save an unprotected copy and import that") \
            from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError,
            IndexError, AssertionError) as exc:  # a malformed file: pdfminer raises many kinds
        raise ImportError_(f"{path.name} is a damaged PDF ({reason(exc)})") from None
    except Exception as exc:  # noqa: BLE001 — any other failure of the parser is still a bad file
        if type(exc).__name__.startswith(("PDF", "PS")):
            raise ImportError_(f"{path.name} cannot be read as a PDF ({reason(exc)})") from None
        raise
    return groups, dropped


def _chars(line: Any, char_type: type) -> list[Any]:
    return [c for c in line if isinstance(c, char_type)]


def _body_size(groups: list[list[_Line]]) -> float:
    """The font size most characters have."""
    weights: Counter[float] = Counter()
    for line in (x for group in groups for x in group):
        weights[line.size] += line.chars
    return weights.most_common(1)[0][0] if weights else 0.0


def _is_heading(box: _Box, body_size: float) -> bool:
    """Set larger than the body text, or bold and short: one or two lines without closing punctuation."""
    text = " ".join(box.lines)
    if len(box.lines) > HEADING_MAX_LINES or text.rstrip().endswith((".", ";", ",")):
        return False
    return _large(box.size, body_size) or (box.bold and heading_like(text))


def _joined(lines: tuple[str, ...]) -> str:
    """A box's lines as one paragraph; a word hyphenated at a line's end is joined again."""
    out = ""
    for line in lines:
        if out.endswith("-") and line[:1].islower():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out
