"""Typing in the inline redline: where a keystroke lands in a section's draft body, and the body it makes.

The inline view shows a section's draft words (unchanged and inserted, not struck)
in order, with the base's deleted words struck between them (`text_map.region_map`
pairs each shown draft character with its offset in the body's plain text). An
edit there is made on the body as the side-by-side editor holds it: a scratch
document filled by the same `fill_document`, edited at the same characters with a
QTextCursor (so a word typed inside bold text is bold), and read back with the
side-by-side editor's `BlockReader` (`document_body`, reading again only the
blocks edited since), the scratch document kept for the section's next keystroke.
Struck words are the base's, not the draft's: typing inside them types after
them, and deleting over them skips them (as Word does with a tracked deletion).
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from policyeditor.gui.editing.block_reader import BlockReader
from policyeditor.gui.editing.highlight import shown_blocks
from policyeditor.gui.editing.rich_text import fill_document, outdent_item
from policyeditor.gui.editing.text_map import TextMap, display
from policyeditor.gui.editing.utf16 import utf16_offset, utf16_positions


class BodyEdit:
    """A draft body laid out as its side-by-side editor lays it out, edited by plain-text offsets.

    Kept from one keystroke to the next (`fresh`): read back with the side-by-side
    editor's `BlockReader`, a keystroke reads again only the block it edited. It stays
    fresh while its document is laid out as `fill_document` of the body it read back
    would lay it out: the same blocks, the edited one showing the body's text. A
    paragraph break typed or joined, or white space the canonical text does not keep
    (a paragraph's trailing space), ends that: the next edit starts from the draft.
    """

    def __init__(self, body: str) -> None:
        self.body = body
        self.document = QTextDocument()
        fill_document(self.document, body)
        self._reader = BlockReader(self.document)
        self._shown = _shown_numbers(self.document)  # the number of each shown block, in order
        self.fresh = len(self._shown) == len(display(body).blocks)

    def position(self, plain_offset: int) -> int | None:
        """Where the character at `plain_offset` of the body's plain text sits in the scratch document."""
        place = display(self.body).plain_place(plain_offset)
        if place is None or place[0] >= len(self._shown):
            return None
        block, offset = place
        text = display(self.body).blocks[block]
        return self.document.findBlockByNumber(self._shown[block]).position() + utf16_offset(text, offset)

    def starts_block(self, position: int) -> bool:
        return self.document.findBlock(position).position() == position

    def empty_beside(self, position: int, *, after: bool, steps: int = 1) -> int | None:
        """The position of the body's empty block (an empty list item Enter made) `steps` blocks
        after (`after`) or before the block holding `position`, the blocks between empty too, or
        None: typing there fills it."""
        block = other = self.document.findBlock(position)
        for _ in range(steps):
            other = other.next() if after else other.previous()
            if not other.isValid() or other.length() != 1 or not same_cell(block, other):
                return None
            k = bisect_left(self._shown, other.blockNumber())
            if k >= len(self._shown) or self._shown[k] != other.blockNumber():
                return None
        return other.position() if other != block else None

    def unlist(self, position: int) -> str | None:
        """The body with the list item holding `position` made a plain paragraph, its text kept (as
        Backspace at an item's start does in Word and in the side-by-side editor); None when that
        is no list item."""
        block = self.document.findBlock(position)
        if block.textList() is None:
            return None
        touched = self._blocks_of(position, position)
        _unlisted(block)
        self.fresh = False  # laid out as a list item still: the next edit starts from the draft
        return self._read(touched)

    def outdent(self, position: int) -> str | None:
        """The body with the nested list item holding `position` moved out a level, still an item
        (Enter on it when empty, as in Word); None when that is no nested item."""
        touched = self._blocks_of(position, position)
        if not outdent_item(self.document.findBlock(position)):
            return None
        self.fresh = False  # its lists changed: the next edit starts from the draft
        return self._read(touched)

    def insert_paragraph(self, position: int, text: str, *, after: bool) -> str:
        """The body with `text` plain paragraphs of their own typed at `position`, the end (`after`)
        or start of its block: no list items even next to one (typed where Enter on an empty item
        ended the list)."""
        touched = self._blocks_of(position, position)
        cursor = QTextCursor(self.document)
        cursor.setPosition(position)
        cursor.insertText("\n" + text if after else text + "\n")
        block = self.document.findBlock(position)
        made = range(block.blockNumber() + 1, cursor.blockNumber() + 1) if after \
            else range(block.blockNumber(), cursor.blockNumber())
        for number in made:
            _unlisted(self.document.findBlockByNumber(number))
        return self._read(touched)

    def insert(self, position: int, text: str) -> str:
        """The body with `text` typed at `position` ("\\n" starts a new paragraph)."""
        touched = self._blocks_of(position, position)
        cursor = QTextCursor(self.document)
        cursor.setPosition(position)
        cursor.insertText(text)
        return self._read(touched)

    def remove(self, start: int, end: int, text: str = "") -> str:
        """The body without the characters at [start, end) (a paragraph break among them joins),
        `text` typed in their place."""
        touched = self._blocks_of(start, end)
        cursor = QTextCursor(self.document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if text:
            cursor.insertText(text)
        return self._read(touched)

    def _blocks_of(self, start: int, end: int) -> tuple[int, int, int]:
        """(blocks, first, last): the document's block count, and the numbers of the blocks that
        [start, end) spans."""
        document = self.document
        return (document.blockCount(), document.findBlock(start).blockNumber(),
                document.findBlock(end).blockNumber())

    def _read(self, touched: tuple[int, int, int]) -> str:
        self.body = self._reader.body()
        self.fresh = self.fresh and self._as_filled(*touched)
        return self.body

    def _as_filled(self, blocks: int, first: int, last: int) -> bool:
        """Whether the edit of blocks [first, last] left the document as a fresh fill of `body`
        would lay it out (the blocks not edited are as they were)."""
        shown = display(self.body)
        if self.document.blockCount() != blocks or len(shown.blocks) != len(self._shown):
            return False
        for number in range(first, last + 1):
            text = self.document.findBlockByNumber(number).text()
            k = bisect_left(self._shown, number)
            if k < len(self._shown) and self._shown[k] == number:
                if text != shown.blocks[k]:
                    return False
            elif text:  # a block that shows nothing (the empty one after a table) stays so
                return False
        return True


def _unlisted(block: QTextBlock) -> None:
    """`block` out of its list (if in one): a plain paragraph."""
    items = block.textList()
    if items is not None:
        items.remove(block)
        fmt = block.blockFormat()
        fmt.setIndent(0)
        QTextCursor(block).setBlockFormat(fmt)


def _shown_numbers(document: QTextDocument) -> list[int]:
    """The block numbers of `highlight.shown_blocks(document)`."""
    return [document.findBlock(position).blockNumber() for position in shown_blocks(document)]


def same_cell(a: QTextBlock, b: QTextBlock) -> bool:
    """Whether blocks `a` and `b` are in the same table cell, or both outside tables."""
    table_a, table_b = QTextCursor(a).currentTable(), QTextCursor(b).currentTable()
    if table_a is None or table_b is None:
        return table_a is None and table_b is None
    if table_a != table_b:
        return False
    cell_a, cell_b = table_a.cellAt(a.position()), table_b.cellAt(b.position())
    return (cell_a.row(), cell_a.column()) == (cell_b.row(), cell_b.column())


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


def item_text_start(document: QTextDocument, block: QTextBlock) -> int:
    """Where a list item's text starts in `block`: after the marker the view writes at its start
    (its bullet or number and the space after it); the block's start when it is no list item."""
    start = block.position()
    at, end = start, start + block.length() - 1
    while at < end and written_marker(document, at):
        if document.characterAt(at) == "\u00a0":
            return at + 1
        at += 1
    return start


def only_marks(document: QTextDocument, start: int, end: int) -> bool:
    """Whether every character at [start, end) is a mark the view writes (a list marker, a ¶)."""
    return all(written_marker(document, q) for q in range(start, end))


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
    out = []
    for q in range(max(start, 0), end):  # a few characters: read one by one, not the whole document
        char = document.characterAt(q).replace("\u00a0", " ")  # as toPlainText() reads it
        if index_at(shown, q) is None and char.isspace() and char not in "\n\u2028\u2029" \
                and not struck(document, q) and not written_marker(document, q):
            out.append(char)
    return "".join(out)


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
            out.extend(utf16_positions(fragment.text(), fragment.position()))
        it += 1
    return out
