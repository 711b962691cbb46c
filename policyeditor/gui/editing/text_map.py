"""Offsets between what a text pane shows and a section's plain text, where comments are anchored.

Comments are anchored over `core.body.plain_text(section.body)` (a line per
paragraph, list item and table row). A pane's QTextDocument holds the same
words laid out differently: block separators (U+2029) and line breaks (U+2028)
for newlines, table frames and cells where the plain text writes " | ", and in
the inline redline, deleted words and list markers the section does not hold.
`TextMap` pairs the two texts with an exact character diff (near-identical
texts diff in linear time) and translates positions both ways through it.

`editor_map` reads a whole section editor; `region_map` reads the part of a
rendered policy (policy view, inline redline) between one section heading and
the next, leaving out struck-through (deleted) text. `heading_regions` finds
those parts: both views write the title as the first heading and then one
heading per section, in the order their `ids` list gives.
"""

from __future__ import annotations

from bisect import bisect_left

from diff_match_patch import diff_match_patch
from PySide6.QtGui import QTextBlock, QTextDocument

NEWLINES = str.maketrans({"\u2029": "\n", "\u2028": "\n"})


class TextMap:
    """A view text (each character with its document position) paired with a plain text."""

    def __init__(self, positions: list[int], view: str, plain: str, end: int) -> None:
        self.positions = positions
        self.view = view
        self.plain = plain
        self.end = end  # the document position just after the mapped region
        dmp = diff_match_patch()
        dmp.Diff_Timeout = 0  # deterministic: the same texts map the same way on any machine
        self._dmp = dmp
        self._diffs = dmp.diff_main(view, plain, False)
        self._inverse = [(-op, text) for op, text in self._diffs]

    def _view_index(self, position: int) -> int:
        return bisect_left(self.positions, position)

    def to_plain(self, start: int, end: int) -> tuple[int, int]:
        """The plain-text offsets of the document range [start, end), clamped to the text."""
        first, last = self._view_index(start), self._view_index(end)
        if last <= first:
            return 0, 0
        plain_start = self._dmp.diff_xIndex(self._diffs, first)
        # the end maps as the place after its last character, as anchors do
        plain_end = self._dmp.diff_xIndex(self._diffs, last - 1) + 1
        plain_start = min(plain_start, len(self.plain))
        return plain_start, max(plain_start, min(plain_end, len(self.plain)))

    def to_document(self, start: int, end: int) -> tuple[int, int]:
        """The document range showing the plain text's [start, end)."""
        if not self.positions or end <= start:
            return self.end, self.end
        first = min(self._dmp.diff_xIndex(self._inverse, start), len(self.positions) - 1)
        last = min(self._dmp.diff_xIndex(self._inverse, end - 1), len(self.positions) - 1)
        return self.positions[first], max(self.positions[first], self.positions[last] + 1)


def editor_map(document: QTextDocument, plain: str) -> TextMap:
    """The map of a whole section editor's document (whose positions are its raw text's offsets)."""
    raw = document.toRawText()
    return TextMap(list(range(len(raw))), raw.translate(NEWLINES), plain, len(raw))


def _struck(block: QTextBlock) -> list[tuple[int, str]]:
    """The block's characters that are not struck through, with their positions."""
    out: list[tuple[int, str]] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if not fragment.charFormat().fontStrikeOut():
            out.extend((fragment.position() + i, ch) for i, ch in enumerate(fragment.text()))
        it += 1
    return out


def region_map(document: QTextDocument, start: int, end: int, plain: str) -> TextMap:
    """The map of the blocks in [start, end) of a rendered policy, struck-through text left out."""
    chars: list[tuple[int, str]] = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        chars.extend(_struck(block))
        chars.append((block.position() + block.length() - 1, "\n"))
        block = block.next()
    if chars and chars[-1][1] == "\n":
        chars.pop()
    return TextMap([p for p, _ in chars], "".join(c for _, c in chars).translate(NEWLINES), plain, end)


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
