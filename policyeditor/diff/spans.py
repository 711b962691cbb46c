"""What a view lights, from the one redline: spans over canonical text, and where a pane shows them.

A view never diffs. `section_spans(redline)` gives, for each section pair of a
`Redline`, the deleted and moved-away spans in the old section's heading and
body and the inserted and moved-in spans in the new section's, each with its
change id, whether that change is editorial and whether it is of formatting
alone; the words a change of formatting alone re-formats (equal text: a list
item made a paragraph, say) are lit on both sides. Offsets are the engine's
own: the lengths of its ops, walked over the exact canonical text (`op_offsets`).

A pane does not show canonical text: `**bold**` shows as bold, a list marker
as a bullet. `Display(body)` is the pure mapping from a canonical body's offsets
to the text a section editor shows (`gui.rich_text.fill_document`), block by
block: a paragraph, a list item or a table cell is one block (one QTextBlock),
and an offset maps to (block, offset in that block). Markup has no width: an
offset inside a marker maps to the next shown character. A heading is shown as
it is written, so its offsets need no mapping.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from policyeditor.core.body import LIST_LINE, MAY_BE_MARKUP, TABLE_RULE, visible_chars
from policyeditor.core.memo import TextMemo, memo
from policyeditor.diff.formatting import format_ids
from policyeditor.diff.redline import Redline, SectionDiff
from policyeditor.diff.text import NEW_SIDE, OLD_SIDE, Op

LINE_SEPARATOR = "\u2028"  # a line break inside a block, as a pane shows it


@dataclass(frozen=True)
class Lit:
    """One lit stretch of a canonical text: [start, end), its op kind, change id and whether editorial."""

    start: int
    end: int
    kind: str      # delete, move_from (old side); insert, move_to (new side); equal (either side:
    #                the words a change of formatting alone re-formats)
    change: int
    editorial: bool
    formatted: bool = False  # its change is of formatting alone: a view shows the words re-formatted,
    #                          not deleted and typed again


@dataclass(frozen=True)
class SectionSpans:
    """The lit spans of one section pair (`index` into `Redline.sections`)."""

    index: int
    old_id: str | None
    new_id: str | None
    old_heading: tuple[Lit, ...] = ()
    old_body: tuple[Lit, ...] = ()
    new_heading: tuple[Lit, ...] = ()
    new_body: tuple[Lit, ...] = ()

    def without(self, changes: set[int] | frozenset[int]) -> SectionSpans:
        """These spans less those of the given change ids (accepted ones, say)."""
        if not changes:
            return self

        def keep(spans: tuple[Lit, ...]) -> tuple[Lit, ...]:
            return tuple(s for s in spans if s.change not in changes)

        return SectionSpans(self.index, self.old_id, self.new_id, keep(self.old_heading),
                            keep(self.old_body), keep(self.new_heading), keep(self.new_body))

    @property
    def change_ids(self) -> frozenset[int]:
        return frozenset(s.change for part in (self.old_heading, self.old_body, self.new_heading,
                                               self.new_body) for s in part)


def op_offsets(ops: Iterable[Op]) -> Iterator[tuple[Op, int, int]]:
    """Each op with its start in the old text and in the new text (the engine's offsets)."""
    old = new = 0
    for op in ops:
        yield op, old, new
        if op.kind in OLD_SIDE:
            old += len(op.text)
        if op.kind in NEW_SIDE:
            new += len(op.text)


def _lit(ops: tuple[Op, ...], editorial: dict[int, bool]) -> tuple[tuple[Lit, ...], tuple[Lit, ...]]:
    old_side: list[Lit] = []
    new_side: list[Lit] = []
    # a change of formatting alone may change only markup a pane does not show (a list marker,
    # a link's brackets): the words it re-formats, equal text tagged with it, are lit on both sides
    changes = format_ids(ops) if any(op.formatting for op in ops) else []
    for index, (op, old, new) in enumerate(op_offsets(ops)):
        if not op.text:
            continue
        if op.kind == "equal":
            change = changes[index] if changes else 0
            if change:
                old_side.append(Lit(old, old + len(op.text), "equal", change, editorial[change], True))
                new_side.append(Lit(new, new + len(op.text), "equal", change, editorial[change], True))
            continue
        formatted = bool(op.formatting)  # "**all**" → "all": the same words, bold removed
        if op.kind in OLD_SIDE:
            old_side.append(Lit(old, old + len(op.text), op.kind, op.change, editorial[op.change], formatted))
        else:
            new_side.append(Lit(new, new + len(op.text), op.kind, op.change, editorial[op.change], formatted))
    return tuple(old_side), tuple(new_side)


def spans_of(redline: Redline, diff: SectionDiff) -> SectionSpans:
    """The lit spans of one section of the redline."""
    editorial = {c.id: c.editorial for c in redline.changes}
    return _spans(diff, editorial)


def _spans(diff: SectionDiff, editorial: dict[int, bool]) -> SectionSpans:
    old_heading, new_heading = _lit(diff.heading_ops, editorial)
    old_body, new_body = _lit(diff.body_ops, editorial)
    return SectionSpans(diff.index, diff.old_id, diff.new_id, old_heading, old_body, new_heading, new_body)


def section_spans(redline: Redline, between: Callable[[], object] | None = None) -> tuple[SectionSpans, ...]:
    """The lit spans of every section of the redline, in the order of `redline.sections`;
    `between` is called before each section (a worker gives way there to the UI thread)."""
    editorial = {c.id: c.editorial for c in redline.changes}
    spans = []
    for d in redline.sections:
        if between is not None:
            between()
        spans.append(_spans(d, editorial))
    return tuple(spans)


# ---------------------------------------------------------------- canonical → shown


def _marker_end(line: str) -> int:
    """Where a line's text starts after its list marker and the space after it (0 for no marker)."""
    marker = LIST_LINE.match(line)
    if marker is None:
        return 0
    return marker.end(2) if marker.group(3) is None else marker.start(3)


@dataclass(frozen=True)
class ShownBlock:
    """One block a line of canonical text shows: its text, plain text, and each character's source."""

    text: str        # as shown: a line break is U+2028
    plain: str       # as `core.body.plain_text` writes it: a line break is a newline
    in_table: bool
    sources: tuple[int, ...]  # each shown character's offset in the line


@memo(budget=1_000_000)  # characters of lines: an entry holds about 18 bytes a character (18 MB at most)
def line_blocks(line: str) -> tuple[ShownBlock, ...]:
    """The blocks one line of a canonical body shows (a table row: a block per cell), remembered.

    Remembered by line, so a body being edited is laid out again only where it changed;
    within a budget of characters, not a count of lines: each keystroke's version of
    the edited paragraph is a new line, and a long one kept thousands of times over
    would hold hundreds of megabytes.
    """
    if not line.strip():
        return ()
    if line.lstrip().startswith("|") and not LIST_LINE.match(line):
        if TABLE_RULE.match(line.strip()):
            return ()
        return tuple(_shown(line, start, end, in_table=True) for start, end in _cells(line))
    return (_shown(line, _marker_end(line), len(line), in_table=False),)


def _shown(line: str, start: int, end: int, in_table: bool) -> ShownBlock:
    chars = visible_chars(line[start:end], in_table=in_table)
    plain = "".join(c for _, c in chars)
    return ShownBlock(plain.replace("\n", LINE_SEPARATOR), plain, in_table,
                      tuple(start + offset for offset, _ in chars))


@memo(budget=1_000_000)  # characters of lines, as `line_blocks`
def line_words(line: str) -> int:
    """How many words `core.body.plain_text` has for one line of a canonical body (`str.split`)."""
    if "|" not in line and MAY_BE_MARKUP.search(line) is None:
        # no cell, no markup: it shows as written after any list marker. Walking it character
        # by character was 0.7 ms a 60-word line, 1.5 s of the redline worker's GIL a 2,000-section
        # open, during which the UI thread building the rows waited for the GIL
        return len(line[_marker_end(line):].split())
    return len(" | ".join(part.plain for part in line_blocks(line)).split())


class Display:
    """The blocks a section editor shows for a canonical body, and where each canonical offset lands.

    `blocks[k]` is the text of the k-th shown block (line breaks as U+2028), in
    the order `fill_document` lays them out; a table cell is a block. `at(offset)`
    is (block, offset in block) of the first shown character at or after a
    canonical offset, or (len(blocks), 0) past the last one.
    """

    def __init__(self, body: str) -> None:
        self.body = body
        self.blocks: list[str] = []
        self.in_table: list[bool] = []
        # arrays, not lists: a Display is made per keystroke, and lists of thousands of ints
        # are what the UI thread's garbage collector would walk again and again
        sources = array("q")          # canonical offset of each shown character, in order
        starts = array("q")           # the index (among shown characters) of each block's first
        plain: list[str] = []         # `core.body.plain_text(body)`, built alongside
        self.plain_offsets = array("q")  # the plain-text offset of each shown character
        plain_length = at = 0
        for line in body.split("\n"):
            for cell, part in enumerate(line_blocks(line)):
                if self.blocks:  # a line per paragraph, item and table row; " | " between cells
                    separator = " | " if cell else "\n"
                    plain.append(separator)
                    plain_length += len(separator)
                n = len(part.text)
                starts.append(len(sources))
                sources.extend(map(at.__add__, part.sources))
                self.plain_offsets.extend(range(plain_length, plain_length + n))
                plain.append(part.plain)
                plain_length += n
                self.blocks.append(part.text)
                self.in_table.append(part.in_table)
            at += len(line) + 1
        self._sources = sources
        self._starts = starts
        self.plain = "".join(plain)

    def _place(self, i: int) -> tuple[int, int]:
        """(block, offset in block) of the i-th shown character."""
        block = bisect.bisect_right(self._starts, i) - 1
        return block, i - self._starts[block]

    @property
    def places(self) -> list[tuple[int, int]]:
        """(block, offset in block) of each shown character, in order (`plain_offsets` is parallel)."""
        return [self._place(i) for i in range(len(self._sources))]

    def plain_place(self, plain_offset: int) -> tuple[int, int] | None:
        """(block, offset in block) of the character at `plain_offset` of `plain`, None for a
        separator the plain text writes between blocks."""
        i = bisect.bisect_left(self.plain_offsets, plain_offset)
        if i < len(self.plain_offsets) and self.plain_offsets[i] == plain_offset:
            return self._place(i)
        return None

    def at(self, offset: int) -> tuple[int, int]:
        """(block, offset in block) where the canonical `offset` shows (see the class)."""
        i = bisect.bisect_left(self._sources, offset)
        if i < len(self._sources):
            return self._place(i)
        if self.blocks:  # past the last shown character: the end of the last block
            return len(self.blocks) - 1, len(self.blocks[-1])
        return 0, 0

    def span(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The shown pieces of canonical [start, end): (block, start, end) in each block it covers."""
        i, j = bisect.bisect_left(self._sources, start), bisect.bisect_left(self._sources, end)
        out: list[tuple[int, int, int]] = []
        starts, count = self._starts, len(self._sources)
        while i < j:  # a block's shown characters are consecutive in it: one piece per block
            block = bisect.bisect_right(starts, i) - 1
            first = starts[block]
            stop = min(j, starts[block + 1] if block + 1 < len(starts) else count)
            out.append((block, i - first, stop - first))
            i = stop
        return out


    def paragraph_end(self, start: int, end: int) -> tuple[int, int] | None:
        """(block, its length) of the paragraph end a span that shows nothing stands for: one of
        paragraph breaks alone (inserted or deleted, "\\n\\n") ends the shown block before the
        text after it. None for any other span, or one at a table cell (cells have no breaks)."""
        if self.span(start, end) or "\n" not in self.body[start:end]:
            return None
        block, offset = self.at(end)
        if offset or not 0 < block < len(self.blocks) or self.in_table[block - 1]:
            return None
        return block - 1, len(self.blocks[block - 1])


def _cells(line: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell's text in a canonical table row, as `core.body` splits it."""
    lead = len(line) - len(line.lstrip())
    inner_start, inner_end = lead, len(line.rstrip())
    if line.startswith("|", inner_start):
        inner_start += 1
    if line.endswith("|", 0, inner_end) and not line.endswith("\\|", 0, inner_end):
        inner_end -= 1
    cells, begin, i = [], inner_start, inner_start
    while i < inner_end:
        if line[i] == "\\" and i + 1 < inner_end:
            i += 2
            continue
        if line[i] == "|":
            cells.append((begin, i))
            begin = i + 1
        i += 1
    cells.append((begin, inner_end))
    out = []
    for s, e in cells:  # cells are stripped
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


class DisplayCache:
    """`Display`s by body, the least recently used forgotten past `budget` characters of bodies
    (a `core.memo.TextMemo`: each keystroke's version of an edited body is a new one); safe
    across threads. An entry holds about 18 bytes a character of its body."""

    def __init__(self, budget: int = 4_000_000) -> None:
        self._displays: TextMemo[Display] = TextMemo(Display, budget, shared=False)

    def get(self, body: str) -> Display:
        return self._displays(body)

    def __len__(self) -> int:
        return len(self._displays)
