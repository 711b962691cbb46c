"""Offsets between what a text pane shows and a section's plain text, where comments are anchored.

Comments are anchored over `core.body.plain_text(section.body)` (a line per
paragraph, list item and table row). A pane's QTextDocument holds the same
words laid out differently: blocks for lines, table cells where the plain text
writes " | ", and in the inline redline, deleted words and list markers the
section does not hold. Nothing here diffs: `diff.spans.Display(body)` says in
which shown block, and where in it, each character of the plain text shows
(the same walk over the canonical text that `fill_document` lays out), and a
`TextMap` is that pairing as document positions.

`editor_map` reads a whole section editor: its shown blocks are the Display's
blocks, in order. `region_map` reads the part of a rendered policy (policy
view, inline redline) between one section heading and the next: our own HTML
writes the body's shown characters in order, so its characters that are not
struck through (deleted) and not a list marker the inline view writes (in
the style `LIST_MARKER`) are the Display's characters in order, save the
runs of white space Qt's HTML reader collapses. `heading_regions` finds those
parts: both views write the title as the first heading and then one heading
per section, in the order their `ids` list gives.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtGui import QTextBlock, QTextDocument, QTextFormat

from policyeditor.diff.redline import Redline
from policyeditor.diff.spans import LINE_SEPARATOR, Display, DisplayCache
from policyeditor.gui.editing.highlight import shown_blocks
from policyeditor.gui.editing.utf16 import utf16_positions, wide_positions

_displays = DisplayCache()  # the bodies mapped: those typed in and commented on


def display(body: str) -> Display:
    """Where the canonical `body`'s characters show (`diff.spans.Display`), remembered by body."""
    return _displays.get(body)


class TextMap:
    """Document positions paired with plain-text offsets (both increasing), for one section."""

    def __init__(self, positions: list[int], offsets: list[int], plain: str, end: int,
                 wide: frozenset[int] = frozenset()) -> None:
        self.positions = positions  # the document position of each mapped character
        self.offsets = offsets      # its offset in `plain`
        self.plain = plain
        self.end = end  # the document position just after the mapped region
        self.wide = wide  # the positions of characters Qt counts as two (utf16)

    def to_plain(self, start: int, end: int) -> tuple[int, int]:
        """The plain-text offsets of the document range [start, end), clamped to the text."""
        first, last = bisect_left(self.positions, start), bisect_left(self.positions, end)
        if last <= first:
            return 0, 0
        # the end maps as the place after its last character, as anchors do
        return self.offsets[first], max(self.offsets[first], self.offsets[last - 1] + 1)

    def to_document(self, start: int, end: int) -> tuple[int, int]:
        """The document range showing the plain text's [start, end)."""
        if not self.positions or end <= start:
            return self.end, self.end
        first = min(bisect_left(self.offsets, start), len(self.positions) - 1)
        last = max(first, min(bisect_left(self.offsets, end) - 1, len(self.positions) - 1))
        after = self.positions[last] + (2 if self.positions[last] in self.wide else 1)
        return self.positions[first], max(self.positions[first], after)


def editor_map(document: QTextDocument, body: str) -> TextMap:
    """The map of a whole section editor's document showing the canonical `body`."""
    shown = _displays.get(body)
    blocks = shown_blocks(document)
    positions: list[int] = []
    offsets: list[int] = []
    wide: list[int] = []
    # block by block (a block's shown characters are consecutive in the display's order)
    for start, text in zip(blocks, shown.blocks, strict=False):  # an edited document may have fewer
        first = len(positions)
        positions.extend(utf16_positions(text, start))
        wide += wide_positions(text, start)
        offsets.extend(shown.plain_offsets[first:len(positions)])
    return TextMap(positions, offsets, shown.plain, document.characterCount() - 1, frozenset(wide))


def _kept(block: QTextBlock, positions: list[int], texts: list[str], wide: list[int]) -> None:
    """Add the block's characters that are not struck through nor a written list marker: their
    positions to `positions`, their text to `texts`, the positions of those Qt counts as two
    to `wide`."""
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        fmt = fragment.charFormat()
        if not fmt.fontStrikeOut() and not fmt.hasProperty(QTextFormat.Property.FontWordSpacing):
            text = fragment.text()
            positions.extend(utf16_positions(text, fragment.position()))
            wide += wide_positions(text, fragment.position())
            texts.append(text)
        it += 1


def _same(shown: str, written: str) -> bool:
    return shown == written or (shown.isspace() and written.isspace()) \
        or (shown == LINE_SEPARATOR and written == "\n")


def _common(a: str, i: int, b: str, j: int) -> int:
    """How many characters a[i:] and b[j:] have alike from their start (compared in runs, not one
    by one: most of a region is the draft's characters as they are)."""
    most = min(len(a) - i, len(b) - j)
    low, step = 0, 16
    while low < most:  # runs of doubling length while they agree, then halving ones
        step = min(step, most - low)
        if a[i + low:i + low + step] == b[j + low:j + low + step]:
            low += step
            step *= 2
        elif step == 1:
            break
        else:
            step //= 2
    return low


def region_map(document: QTextDocument, start: int, end: int, body: str) -> TextMap:
    """The map of the blocks in [start, end) of a rendered policy showing the canonical `body`."""
    written_at: list[int] = []
    texts: list[str] = []
    wide: list[int] = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        _kept(block, written_at, texts, wide)
        block = block.next()
    written = "".join(texts)
    display = _displays.get(body)
    shown = "".join(display.blocks)  # the shown characters in order, as `plain_offsets` has them
    positions: list[int] = []
    offsets: list[int] = []
    i = j = 0
    while j < len(shown) and i < len(written):
        alike = _common(shown, j, written, i)
        if alike:
            positions.extend(written_at[i:i + alike])
            offsets.extend(display.plain_offsets[j:j + alike])
            i, j = i + alike, j + alike
            continue
        char = shown[j]
        j += 1
        if not _same(char, written[i]):
            if char.isspace():
                continue  # white space the HTML reader collapsed
            i += 1
            while i < len(written) and not _same(char, written[i]):
                i += 1  # a character the rendering adds that is not ours to know (none so far)
            if i >= len(written):
                break
        positions.append(written_at[i])
        offsets.append(display.plain_offsets[j - 1])
        i += 1
    return TextMap(positions, offsets, display.plain, end, frozenset(wide))


def rendered_ids(redline: Redline | None) -> list[str | None]:
    """The section id of each heading of the inline redline after the title (None: not the draft's)."""
    if redline is None:
        return []
    ids: list[str | None] = []
    for index, role in redline.slots:
        d = redline.sections[index]
        ids.append(None if d.new is None or role == "old" else d.new_id)
    return ids


def heading_regions(document: QTextDocument, ids: list[str | None]) -> dict[str, tuple[int, int]]:
    """Each section's body range: from after its heading block to the next heading.

    The first heading block is the title; the following ones are `ids` in order
    (None for a heading that names no section to comment on, such as a moved
    section's old place).
    """
    headings: list[QTextBlock] = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            headings.append(block)
        block = block.next()
    regions: dict[str, tuple[int, int]] = {}
    ends = [b.position() for b in headings[2:]] + [document.characterCount() - 1]
    for heading, section_id, end in zip(headings[1:], ids, ends, strict=False):
        if section_id is not None:
            regions[section_id] = (heading.position() + heading.length(), end)
    return regions


def section_at(regions: dict[str, tuple[int, int]], position: int) -> str | None:
    """The section whose body range holds `position`, or None."""
    for section_id, (start, end) in regions.items():
        if start <= position <= end:
            return section_id
    return None
