"""A PDF's lines joined back into the paragraphs and list items they were wrapped from.

A line continues the one above it when it follows at the usual distance of lines
in a paragraph (at its size), in the same size, where the paragraph's lines begin
(an item's text after its marker), and the line above ended where the writer had
to wrap: the first word of the line below would not have fitted on it (or, from
a writer that draws the space a line broke at, as LibreOffice does, that space is
there). A line ended early and followed at the usual distance is a line break
inside the paragraph. A bullet (drawn as a shape or typed) or a number set in
before the text starts an item. Across a page only the wrapping and the type tell,
and, where lines are clipped to the page's text area (our own export, which moves
a line to the next page only when it does not fit), the room left at the foot.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from policyeditor.core.body import BREAK, Run, normalize_runs
from policyeditor.formats.importers.pdf_read import Line, between

BULLET_SIGN = re.compile(r"^[•\u25e6\u25aa\u2023\u25cf\u25cb\u25a0]\s+")  # • ◦ ▪ ‣ ● ○ ■: a bullet
TYPED_BULLET = re.compile(r"^[-*\u2013]\s+")  # - * –: a bullet where set in from the paragraphs
TEXT_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+")  # 1. 2): an item's number where set in
_MARKER = re.compile(f"{BULLET_SIGN.pattern}|{TYPED_BULLET.pattern}|{TEXT_NUMBER.pattern}")
GAP_RATIO = 1.2  # a line further below the one before than this times the usual distance starts a block
INDENT = 1.5  # points of difference in where lines begin that are still the same indentation
_BREAKS_AFTER = "-\u2010\u2013\u2014/"  # hyphens, en and em dash, slash
FIT = 1.0  # points to spare a word must have left to be taken as fitting (writers round widths)


@dataclass
class Block:
    """Lines read as one paragraph or list item; `above` is the distance from the top of the line
    before it to its own (None at a page's top)."""

    lines: list[Line]
    joins: list[str]  # between each line and the next: "wrap" or "break"
    above: float | None
    bullet: bool = False
    number: int | None = None  # an ordered item's number
    content_x: float | None = None  # where an item's text begins (its level's place)

    @property
    def item(self) -> bool:
        return self.bullet or self.number is not None

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs()).replace(BREAK, " ")

    def runs(self) -> tuple[Run, ...]:
        """The block's words as runs: wrapped lines joined by a space (none after a hyphen the line
        broke at), a line break where a line ended early, an item's marker left out."""
        out: list[Run] = list(_without_marker(self.lines[0].runs) if self.item and not self.lines[0].bullet
                              else self.lines[0].runs)
        for (previous, line), join in zip(pairwise(self.lines), self.joins, strict=True):
            if join == "break":
                out.append(Run(BREAK))
            elif not broke_inside_word(previous) and not _dash_opens(line):
                out.append(between(out[-1] if out else Run(""), line.runs[0]))
            out.extend(line.runs)
        return normalize_runs(out)


@dataclass(frozen=True)
class Metrics:
    """What the joining measures lines against: the usual line distance by size, the column's right."""

    pitch: dict[float, float]
    right: float
    spaces_drawn: bool  # the writer draws the spaces between words (so also the one a line broke at)
    left: float = 0.0  # where most lines begin: the paragraphs' left edge
    spaced: bool = False  # a line ended early is mostly followed by a wider space: paragraphs are spaced
    text_area: bool = False  # lines are clipped to the page's text area (our export): its edges are exact
    items: bool = True  # lines may open list items (not in a table's cell, whose lines are lines)

    def gap_limit(self, size: float) -> float:
        return self.pitch.get(size, 1.35 * size) * GAP_RATIO


def measure(lines: Sequence[Line], text_area: bool = False) -> Metrics:
    """What the joining measures against, from the lines themselves; `text_area` when each line's
    clip is its page's text area (our own export). The usual distance of lines in a paragraph, per
    size, is the most common one below lines that plainly wrapped (the next line's first word
    could not have fitted on them)."""
    rights = sorted(line.x1 for line in lines)
    right = rights[int(0.98 * (len(rights) - 1))] if rights else 0.0
    starts: Counter[int] = Counter()
    for line in lines:
        starts[round(line.x0)] += len(line.text)  # by the words: a table's narrow cells begin anywhere
    left = starts.most_common(1)[0][0] if starts else 0.0
    first = Metrics({}, right, False, left, text_area=text_area)
    pairs = [(a, b) for a, b in pairwise(lines) if a.page == b.page and a.size == b.size
             and abs(a.x0 - b.x0) <= INDENT and b.top > a.top]
    wrapped = [(a, b) for a, b in pairs if not _fits(a, b, first)]
    pitches: dict[float, Counter[float]] = {}
    for above, below in wrapped:
        pitches.setdefault(above.size, Counter())[round((below.top - above.top) * 2) / 2] += 1
    pitch = {size: counts.most_common(1)[0][0] for size, counts in pitches.items()}
    metrics = Metrics(pitch, right, False, left, text_area=text_area)
    close = [a for a, b in wrapped if b.top - a.top <= metrics.gap_limit(a.size)]
    drawn = sum(a.trailing_space for a in close)  # do the lines a writer wrapped end in a space?
    ended = [b.top - a.top > metrics.gap_limit(a.size) for a, b in pairs if _fits(a, b, metrics)]
    return Metrics(pitch, right, len(close) >= 3 and drawn >= 0.8 * len(close), left,
                   sum(ended) > len(ended) / 2, text_area)


def blocks(lines: Sequence[Line], metrics: Metrics | None = None) -> list[Block]:
    """The lines (in reading order, pages one after another) as paragraphs and list items."""
    metrics = metrics or measure(lines)
    out: list[Block] = []
    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else None
        join = _join(previous, line, out[-1], metrics) if previous is not None and out else ""
        if join:
            out[-1].lines.append(line)
            out[-1].joins.append(join)
            continue
        above = line.top - previous.top if previous is not None and previous.page == line.page else None
        out.append(_opened(line, above, metrics))
    return out


def _opened(line: Line, above: float | None, metrics: Metrics) -> Block:
    marker = _marker(line, metrics)
    if marker is None:
        return Block([line], [], above)
    if isinstance(marker, int):
        return Block([line], [], above, number=marker, content_x=line.second_x0)
    return Block([line], [], above, bullet=True, content_x=line.x0 if line.bullet else line.second_x0)


def _marker(line: Line, metrics: Metrics) -> str | int | None:
    """What opens an item at the start of `line`: a bullet ("shape" or "typed"), a number, or None.
    A dash or a number typed at the paragraphs' left edge is text ("1. Identifiers" in a table
    flattened into paragraphs), not a list."""
    if not metrics.items:
        return None
    if line.bullet:
        return "shape"
    text = line.text
    if BULLET_SIGN.match(text):
        return "typed"
    if line.x0 <= metrics.left + INDENT:
        return None
    if TYPED_BULLET.match(text):
        return "typed"
    number = TEXT_NUMBER.match(text)
    return int(number.group(1)) if number else None


def _join(previous: Line, line: Line, block: Block, metrics: Metrics) -> str:
    """How `line` goes on from `previous`, the last line of `block`: "wrap", "break", or "" (a new block)."""
    if abs(line.size - previous.size) > 0.3:
        return ""
    same_page = line.page == previous.page
    if same_page and not 0 < line.top - previous.top <= metrics.gap_limit(previous.size):
        return ""
    if not same_page and (previous.bold, previous.italic) != (line.bold, line.italic):
        return ""  # across a page only the type tells: a heading in bold is no part of the text before
    if not same_page and metrics.text_area and previous.clipped \
            and previous.clip_bottom - previous.bottom > metrics.pitch.get(previous.size, 99.0) + 1.0:
        return ""  # one more line would have fitted on the page: the writer did not wrap there
    if not _indented_as(line, block):
        return ""
    wrapped = _wrapped(previous, line, metrics)
    if line.bullet or (not wrapped or abs(line.x0 - previous.x0) > INDENT) and _marker(line, metrics):
        return ""  # an item begins
    if wrapped:
        return "wrap"
    # where paragraphs are spaced, a line ended early and followed closely breaks a line; where
    # they are not, only one in the same type does (a bold heading line is no part of the text after it)
    if same_page and (metrics.spaced or (previous.bold, previous.italic) == (line.bold, line.italic)):
        return "break"
    return ""


def _indented_as(line: Line, block: Block) -> bool:
    """Whether `line` begins where the block's next line would: under an item's text (after its
    marker), under the line before, or, for a paragraph's second line, left of a first line set in."""
    last = block.lines[-1]
    if block.content_x is not None:
        return abs(line.x0 - block.content_x) <= INDENT
    if len(block.lines) > 1:
        return abs(line.x0 - last.x0) <= INDENT
    return last.x0 - 40 <= line.x0 <= last.x0 + INDENT


def _wrapped(previous: Line, line: Line, metrics: Metrics) -> bool:
    """Whether `previous` ended where its writer had to wrap, so `line` goes on with its text."""
    if previous.trailing_space and metrics.spaces_drawn:
        return True
    return not _fits(previous, line, metrics)


def _fits(previous: Line, line: Line, metrics: Metrics) -> bool:
    """Whether the first word of `line` would have fitted at the end of `previous`."""
    right = previous.clip_right if metrics.text_area and previous.clipped else metrics.right
    return previous.x1 + previous.space + line.first_word <= right - FIT


def broke_inside_word(line: Line) -> bool:
    """A line that ends at a hyphen, dash or slash just after a letter, and no space: writers break
    there ("user-" "to-user", "description—" "along"), so the next line goes on without a space."""
    text = line.text
    return not line.trailing_space and len(text) > 1 and text[-1] in _BREAKS_AFTER and text[-2].isalnum()


def _dash_opens(line: Line) -> bool:
    """A line that begins with a dash set close to its next word ("—whether"): a writer broke before
    the dash of "proceeding—whether", which has no space."""
    text = line.text
    return len(text) > 1 and text[0] in "\u2013\u2014" and not text[1].isspace()


def _without_marker(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """The runs of an item's first line without its typed bullet or number and the space after it."""
    text = "".join(r.text for r in runs)
    match = _MARKER.match(text)
    drop = match.end() if match else 0
    out = []
    for run in runs:
        if drop >= len(run.text):
            drop -= len(run.text)
            continue
        out.append(run.with_text(run.text[drop:]))
        drop = 0
    return tuple(out)
