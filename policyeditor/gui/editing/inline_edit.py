"""Typing in the inline redline: where a keystroke lands in a section's draft body, and the body it makes.

The inline view shows a section's draft words (unchanged and inserted, not struck)
in order, with the base's deleted words struck between them (`text_map.region_map`
pairs each shown draft character with its offset in the body's plain text). An
edit there is made on the body as the side-by-side editor holds it: a scratch
document filled by the same `fill_document`, edited at the same characters with a
QTextCursor (so a word typed inside bold text is bold), and read back with
`document_body`. Struck words are the base's, not the draft's: typing inside them
types after them, and deleting over them skips them (as Word does with a
tracked deletion).
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from policyeditor.gui.editing.rich_text import document_body, fill_document
from policyeditor.gui.editing.text_map import TextMap, editor_map


class BodyEdit:
    """A draft body laid out as its side-by-side editor lays it out, edited by plain-text offsets."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.document = QTextDocument()
        fill_document(self.document, body)
        text_map = editor_map(self.document, body)
        self._positions = dict(zip(text_map.offsets, text_map.positions, strict=True))

    def position(self, plain_offset: int) -> int | None:
        """Where the character at `plain_offset` of the body's plain text sits in the scratch document."""
        return self._positions.get(plain_offset)

    def starts_block(self, position: int) -> bool:
        return self.document.findBlock(position).position() == position

    def insert(self, position: int, text: str) -> str:
        """The body with `text` typed at `position` ("\\n" starts a new paragraph)."""
        cursor = QTextCursor(self.document)
        cursor.setPosition(position)
        cursor.insertText(text)
        return document_body(self.document)

    def remove(self, start: int, end: int) -> str:
        """The body without the characters at [start, end) (a paragraph break among them joins)."""
        cursor = QTextCursor(self.document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        return document_body(self.document)


def char_format(document: QTextDocument, position: int) -> QTextCharFormat:
    """The format of the character at `position`."""
    cursor = QTextCursor(document)
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def struck(document: QTextDocument, position: int) -> bool:
    """Whether the character at `position` is struck through: the base's, deleted from the draft."""
    return char_format(document, position).fontStrikeOut()


def written_marker(document: QTextDocument, position: int) -> bool:
    """Whether the character at `position` is a list marker the view writes (`rich_text.LIST_MARKER`)."""
    return char_format(document, position).hasProperty(QTextFormat.Property.FontWordSpacing)


def block_end(document: QTextDocument, position: int) -> int:
    """The position after the last character of the block holding `position`."""
    block = document.findBlock(position)
    return block.position() + block.length() - 1


def past_struck(document: QTextDocument, position: int, step: int) -> int:
    """`position` moved over the struck characters next to it (after it for step +1, before it for -1),
    within its block."""
    block = document.findBlock(position)
    start, end = block.position(), block.position() + block.length() - 1
    if step > 0:
        while position < end and struck(document, position):
            position += 1
    else:
        while position > start and struck(document, position - 1):
            position -= 1
    return position


def insertion_offset(document: QTextDocument, shown: TextMap, position: int) -> tuple[int, bool, bool] | None:
    """Where text typed at `position` goes in the body: (plain offset, after it, in its paragraph)
    names the character it follows (after: True) or precedes (False), and whether that character
    is in the cursor's paragraph; None when the section shows no draft character.

    Typed inside or just after struck words, it goes before the draft character that
    follows them (after them, as Word types after a tracked deletion); so does typing just
    after a mark the view writes (a ¶ and its line break). Elsewhere a
    character of the same paragraph names the place: the one before the cursor (whose
    format the typing takes), else the one after it; failing both (a paragraph wholly
    struck), the draft character before it, else the next: the typing is a paragraph
    of its own there.
    """
    positions = shown.positions
    if not positions:
        return None
    block = document.findBlock(position)
    number = block.blockNumber()
    local = past_struck(document, position, +1)
    i = bisect_left(positions, local)  # positions[i] is the first draft character at or after
    next_here = i < len(positions) and document.findBlock(positions[i]).blockNumber() == number
    prev_here = i > 0 and document.findBlock(positions[i - 1]).blockNumber() == number
    if next_here and local > block.position() and (struck(document, local - 1)
                                                    or written_marker(document, local - 1)):
        # after struck words, or a mark the view writes (the ¶ of a paragraph break drawn
        # inside the paragraph, then its line break): the typing goes with the text after it
        return shown.offsets[i], False, True
    if prev_here:
        return shown.offsets[i - 1], True, True
    if next_here:
        return shown.offsets[i], False, True
    if i > 0:
        return shown.offsets[i - 1], True, False
    return shown.offsets[i], False, False


def unmapped_between(document: QTextDocument, shown: TextMap, start: int, end: int) -> str:
    """The characters at [start, end) that are neither struck nor the draft's: white space typed
    here that the draft's canonical text does not keep yet (a paragraph's trailing space)."""
    mapped = set(shown.positions)
    text = document.toPlainText()
    return "".join(text[q] for q in range(max(start, 0), end)
                   if q not in mapped and text[q].isspace() and text[q] != "\n"
                   and not struck(document, q) and not written_marker(document, q))


def index_at(shown: TextMap, position: int) -> int | None:
    """The index in `shown` of the draft character at document `position`, or None."""
    i = bisect_left(shown.positions, position)
    return i if i < len(shown.positions) and shown.positions[i] == position else None


def kept_positions(document: QTextDocument, block: QTextBlock) -> list[int]:
    """The positions of the block's characters that are not struck through, in order."""
    out: list[int] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.isValid() and not fragment.charFormat().fontStrikeOut():
            out.extend(range(fragment.position(), fragment.position() + fragment.length()))
        it += 1
    return out
