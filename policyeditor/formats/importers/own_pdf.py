"""A PDF policyeditor exported (pdf/policy.py), read back as the policy it came from.

The export lays the HTML export out in pages and draws it inside a clip of each
page's text area; the running header and footer (title, version, DRAFT mark,
"Page X of Y", the hash) are drawn outside it. Read back, the lines drawn outside
are the export's, and so are the title block above the text (DRAFT banner, title,
version line, the source's page header, the contents list) and the version line
under it: metadata, not text, counted and left out as a DOCX export's cover is
(own_cover). The contents list names the headings: each entry is a heading's
number and words, set in by its depth, so a heading is found by its words, not
guessed from its looks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from policyeditor.formats.importers.own_cover import is_cover_line
from policyeditor.formats.importers.pdf_paragraphs import broke_inside_word
from policyeditor.formats.importers.pdf_read import Document, Line

CREATOR = "policyeditor "  # how the Creator of our PDF export begins (its version follows)
CONTENTS = "Contents"  # the heading of the export's contents list
SMALL = 0.86  # page text (9 pt) and the closing version line (8.5 pt) against the body's 11 pt
_UNKEPT = re.compile(r".* not exported \(the source held them; the policy cannot\)$")
MAX_HEADING_LINES = 6


def is_our_pdf(info: dict[str, str]) -> bool:
    """Whether a PDF whose document information is `info` is one policyeditor exported."""
    return info.get("Creator", "").startswith(CREATOR)


@dataclass(frozen=True)
class Entry:
    """A line of the contents list: a heading's number and words, and its depth (1 = top)."""

    text: str
    depth: int


@dataclass
class OwnExport:
    """Our export taken apart: the title, the headings it lists, the policy's lines, page text."""

    title: str = ""
    entries: list[Entry] = field(default_factory=list)
    lines: list[Any] = field(default_factory=list)  # Line, and the tables found among them
    page_text: dict[str, str] = field(default_factory=dict)
    left_out: int = 0  # lines the export added: running header and footer, title block, contents


def take_apart(document: Document) -> OwnExport:
    """The export's parts; what it added is counted in `left_out`."""
    every = list(document.lines())
    shown = [line for line in every if line.clipped]
    out = OwnExport(left_out=len(every) - len(shown))
    size = body_size(shown)
    i = 0
    while i < len(shown) and is_cover_line(shown[i].text):  # the DRAFT banner
        i += 1
    out.title, taken = _title(shown, i, document.info.get("Title", ""), size)
    i += taken
    while i < len(shown) and is_cover_line(shown[i].text):  # the version line, set as the body is
        size = shown[i].size  # (a policy with little text may have more of the page's own)
        i += 1
    header: list[str] = []
    while i < len(shown) and shown[i].size < size * SMALL and not is_cover_line(shown[i].text):
        header.append(shown[i].text)
        i += 1
    if i < len(shown) and shown[i].text == CONTENTS and shown[i].bold:
        out.entries, taken = _contents(shown, i + 1)
        i += 1 + taken
    end = len(shown)
    footer: list[str] = []
    closing = _closing_line(shown[i:end], size)
    if closing:
        end -= closing
        footer_start = end
        while end > i and shown[end - 1].size < size * SMALL:
            end -= 1
        footer = [line.text for line in shown[end:footer_start]]
        if footer:
            out.page_text["footer"] = "\n".join(footer)
    for taken in range(1, 4):  # the sentence naming what the export could not print
        if end - taken >= i and _UNKEPT.match(joined_text(shown[end - taken:end])):
            end -= taken
            break
    if header:
        out.page_text["header"] = "\n".join(header)
    out.lines = shown[i:end]
    out.left_out += len(shown) - len(out.lines) - len(header) - len(footer)  # page text is read
    return out


def sections(export: OwnExport) -> list[tuple[int | None, list[Any]]]:
    """The policy's lines cut at its headings: (the index of the heading's entry, the lines under
    it), the lines before the first heading under None. A heading is the next entry's words in a
    heading's type (bold, italic or another size than the body's)."""
    size = body_size([line for line in export.lines if isinstance(line, Line)])
    left = min((line.x0 for line in export.lines if isinstance(line, Line)), default=0.0)  # headings
    out: list[tuple[int | None, list[Any]]] = [(None, [])]
    lines, entries = export.lines, export.entries
    i = j = 0
    while i < len(lines):
        if not isinstance(lines[i], Line):  # a table
            out[-1][1].append(lines[i])
            i += 1
            continue
        for k in range(j, min(j + 3, len(entries))):  # an entry whose heading is not found is passed
            taken = _heading_lines(lines, i, entries[k].text, size, left)
            if taken:
                out.append((k, []))
                i, j = i + taken, k + 1
                break
        else:
            out[-1][1].append(lines[i])
            i += 1
    return out


def body_size(lines: Sequence[Line]) -> float:
    """The font size most characters have."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _closing_line(lines: Sequence[Line], size: float) -> int:
    """How many lines at the end of `lines` the export's closing version line takes (0: none). On a
    narrow page its hash wraps to a line of its own."""
    for taken in range(1, min(3, len(lines)) + 1):
        last = lines[len(lines) - taken:]
        if all(line.size < size * SMALL for line in last) and is_cover_line(joined_text(last)):
            return taken
    return 0


def joined_text(lines: Sequence[Line]) -> str:
    """Lines' words as one line: a space between two lines, none after a word broken at a hyphen."""
    out = ""
    for previous, line in zip([None, *lines], lines, strict=False):
        out += line.text if previous is None or broke_inside_word(previous) else " " + line.text
    return out


def _title(lines: list[Line], i: int, title: str, size: float) -> tuple[str, int]:
    """The title and how many lines it takes: the lines spelling the PDF's Title, or the big type."""
    if title and (taken := _spelling(lines, i, title)):
        return title, taken
    taken = 0
    while i + taken < len(lines) and lines[i + taken].size > size * 1.5:
        taken += 1
    return joined_text(lines[i:i + taken]), taken


def _spelling(lines: list[Any], i: int, text: str) -> int:
    """How many lines from `i` spell `text` (spaces aside); 0 when they do not."""
    want, have = _squashed(text), ""
    for taken in range(MAX_HEADING_LINES):
        if i + taken >= len(lines) or not isinstance(lines[i + taken], Line):
            return 0
        have += _squashed(lines[i + taken].text)
        if have == want:
            return taken + 1
        if not want.startswith(have):
            return 0
    return 0


def _heading_lines(lines: list[Any], i: int, text: str, size: float, left: float) -> int:
    """How many lines from `i` are the heading `text`, set as a heading (at the left edge, bold,
    italic or in another size than the body's); 0 when they are not."""
    taken = _spelling(lines, i, text)
    heading = all(line.x0 <= left + 1.5 and (line.bold or line.italic or abs(line.size - size) > 0.3)
                  for line in lines[i:i + taken])
    return taken if heading else 0


def _contents(lines: list[Line], i: int) -> tuple[list[Entry], int]:
    """The contents list from `i`: its entries (an entry's lines link to one section) and its lines."""
    groups: list[list[Line]] = []
    targets: list[str] = []
    taken = 0
    while i + taken < len(lines):
        line = lines[i + taken]
        links = {r.link for r in line.runs if r.text.strip()}
        if len(links) != 1 or not next(iter(links)).startswith("#sec-"):
            break
        target = links.pop()
        if targets and targets[-1] == target:
            groups[-1].append(line)
        else:
            groups.append([line])
            targets.append(target)
        taken += 1
    steps = sorted({round(group[0].x0) for group in groups})
    return [Entry(joined_text(group), steps.index(round(group[0].x0)) + 1) for group in groups], taken


def _squashed(text: str) -> str:
    return "".join(text.split())
