"""Canonical body text ↔ QTextDocument, for editing a section's body in a QTextEdit.

`fill_document(doc, body)` lays the blocks of `core.body` out with QTextCursor
calls (never through HTML, so nothing is fetched and nothing is guessed);
`document_body(doc)` reads the document back to canonical text. For canonical
text, `document_body(fill_document(QTextDocument(), text)) == text`.

Layout rules both directions share:
- a paragraph or a list item is one QTextBlock; a line break inside it is U+2028;
- list items of one `ListBlock` carry the same group number in their list
  format's `LIST_GROUP` property, so two lists written one after the other stay
  two lists; a list the user makes gets a fresh group; an empty paragraph between
  items of one group (Enter on an empty item) leaves it one list, as the body holds
  no empty paragraph;
- a table is a QTextTable with the body's header rows; a cell with several
  blocks is read back with line breaks between them; its merges and nested
  tables ride in the table format's `TABLE_SHAPE` property: a covered cell is
  shown empty, a nested table as its rows' text in the `NESTED_TABLE` property,
  which is not edited here (it is read back from `TABLE_SHAPE`, not the text);
- links are anchors coloured as links and not underlined, so underline stays
  the writer's own formatting.

Document positions equal offsets in `QTextDocument.toRawText()`, which is what
the compare view diffs, so highlights need no offset translation.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import (
    QBrush,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextList,
    QTextListFormat,
    QTextTable,
    QTextTableFormat,
)
from PySide6.QtWidgets import QApplication

from policyeditor.core import body as canon
from policyeditor.core.body import Block, ListBlock, ListItem, Paragraph, Run, Table
from policyeditor.gui.editing import parsed

QT_INT_MAX = 2**31 - 1
LINE_SEPARATOR = "\u2028"
LIST_GROUP = QTextFormat.Property.UserProperty + 1
LITERAL_SEPARATOR = QTextFormat.Property.UserProperty + 2  # a U+2028 of the text, not a break
# issue 13's content, kept on the characters so an edit round trip never loses it (body.py's tags)
NOTE = QTextFormat.Property.UserProperty + 3      # "fn" or "en": a footnote's or endnote's words
MATH = QTextFormat.Property.UserProperty + 4      # an equation's linear text
FIELD = QTextFormat.Property.UserProperty + 5     # the instruction of the field shown here
PICTURE_URL = "policy-picture:"                   # an image's name: this prefix and the content hash
NESTED_TABLE = QTextFormat.Property.UserProperty + 6  # text showing a table nested in a cell
TABLE_SHAPE = QTextFormat.Property.UserProperty + 7  # a table's header rows, merges and nested tables
BOLD, NORMAL, DEMIBOLD = 700, 400, 600
_groups = itertools.count(1)


def new_list_format(ordered: bool, level: int = 0) -> QTextListFormat:
    """A list format for a list of a fresh group (a list the user starts)."""
    fmt = QTextListFormat()
    fmt.setStyle(QTextListFormat.Style.ListDecimal if ordered else QTextListFormat.Style.ListDisc)
    fmt.setIndent(level + 1)
    fmt.setProperty(LIST_GROUP, next(_groups))
    return fmt


def outdent_item(block: QTextBlock) -> bool:
    """`block`, a list item of level 2 or deeper, moved out one level and still an item of its list
    (Enter on an empty nested item does so in Word): it joins the items of that level before it,
    or starts that level; False when it is no nested item."""
    items = block.textList()
    if items is None or items.format().indent() <= 1:
        return False
    fmt = items.format()
    level, group = fmt.indent() - 1, fmt.property(LIST_GROUP)
    target = None
    other = block.previous()
    while other.isValid() and other.textList() is not None \
            and other.textList().format().property(LIST_GROUP) == group:
        indent = other.textList().format().indent()
        if indent <= level:
            target = other.textList() if indent == level else None
            break
        other = other.previous()
    indent = block.blockFormat().indent()
    items.remove(block)
    if target is not None:
        target.add(block)
    else:
        outer = QTextListFormat(fmt)
        outer.setIndent(level)
        outer.setStart(1)  # a list begun here counts from 1, whatever the list it left began at
        QTextCursor(block).createList(outer)
    _keep_indent(block, indent)
    _restart_deeper(block, level, group)
    return True


def part_list_after(paragraph: QTextBlock) -> bool:
    """When `paragraph`, a paragraph with words, stands between items of one list (typed where Enter
    on an empty item ended it, or an item made a paragraph), the items after it become a list of
    their own that keeps the numbers they show, as the body holds them: an item added before the
    paragraph then renumbers none of the clauses after it. False when it stands in no list's middle."""
    after = paragraph.next()
    items = after.textList() if after.isValid() else None
    if paragraph.textList() is not None or paragraph.length() <= 1 or items is None \
            or items.item(0).position() > paragraph.position() or QTextCursor(paragraph).currentTable():
        return False
    group, fresh = items.format().property(LIST_GROUP), next(_groups)
    parted: dict[int, QTextList] = {}  # the list an item was of -> the one it is of now
    block = after
    while block.isValid() and (items := block.textList()) is not None \
            and items.format().property(LIST_GROUP) in (group, fresh):
        block, item = block.next(), block
        fmt = items.format()
        if fmt.property(LIST_GROUP) == fresh:
            continue  # of a list moved whole already
        fmt.setProperty(LIST_GROUP, fresh)
        if items.item(0).position() > paragraph.position():  # begun after the paragraph: moves whole
            items.setFormat(fmt)
            continue
        key = items.objectIndex()
        if key not in parted:
            fmt.setStart(fmt.start() + items.itemNumber(item))  # the number it shows
        indent = item.blockFormat().indent()
        items.remove(item)
        if key in parted:
            parted[key].add(item)
        else:
            parted[key] = QTextCursor(item).createList(fmt)
        _keep_indent(item, indent)
    return True


def _restart_deeper(item: QTextBlock, level: int, group: object) -> None:
    """The deeper items after `item` (now of `level`) in lists of their own: a shallower item ends
    deeper lists, as the body's writer counts them (a numbered one starts at 1 again)."""
    fresh: dict[int, QTextList] = {}
    other = item.next()
    while other.isValid() and (items := other.textList()) is not None \
            and items.format().property(LIST_GROUP) == group and items.format().indent() > level:
        block, other = other, other.next()
        if items.item(0).position() > item.position():
            continue  # a list of its own already
        indent = block.blockFormat().indent()
        items.remove(block)
        key = items.objectIndex()
        if key in fresh:
            fresh[key].add(block)
        else:
            fmt = items.format()
            fmt.setStart(1)
            fresh[key] = QTextCursor(block).createList(fmt)
        _keep_indent(block, indent)


def _keep_indent(block: QTextBlock, indent: int) -> None:
    """`block`'s own indent set back to `indent` (QTextList.remove adds the list's to it)."""
    fmt = block.blockFormat()
    fmt.setIndent(indent)
    QTextCursor(block).setBlockFormat(fmt)


def _char_format(run: Run) -> QTextCharFormat:
    fmt = QTextCharFormat()
    # plain ints: PySide6 6.12 miscounts references when QFont.Weight enums are passed here
    fmt.setFontWeight(BOLD if run.bold else NORMAL)
    fmt.setFontItalic(run.italic)
    fmt.setFontUnderline(run.underline)
    if run.link:
        fmt.setAnchor(True)
        fmt.setAnchorHref(run.link)
        app = QApplication.instance()
        colour = app.palette().color(QPalette.ColorRole.Link) if app else None  # type: ignore[union-attr]
        if colour is not None:
            fmt.setForeground(QBrush(colour))
    if run.note:  # a note's words: raised and small, in place of their reference
        fmt.setProperty(NOTE, run.note)
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        fmt.setToolTip("footnote" if run.note == "fn" else "endnote")
    if run.math:
        fmt.setProperty(MATH, True)
        fmt.setFontItalic(True)
        fmt.setToolTip("equation")
    if run.field:
        fmt.setProperty(FIELD, run.field)
        fmt.setToolTip(f"field: {run.field}")
    return fmt


def _insert_runs(cursor: QTextCursor, runs: tuple[Run, ...]) -> None:
    for run in runs:
        if run.picture:  # one object character, as in the body's runs; drawn as Qt's image placeholder
            image = QTextImageFormat()
            image.merge(_char_format(replace(run, picture="")))
            image.setName(PICTURE_URL + run.picture)
            image.setWidth(48)
            image.setHeight(48)
            image.setToolTip("picture")
            cursor.insertImage(image)
            continue
        fmt = _char_format(run)
        # a U+2028 that the source text holds is kept apart from the ones that mean a break
        for i, piece in enumerate(run.text.split(LINE_SEPARATOR)):
            if i:
                literal = QTextCharFormat(fmt)
                literal.setProperty(LITERAL_SEPARATOR, True)
                cursor.insertText(LINE_SEPARATOR, literal)
            if piece:
                cursor.insertText(piece.replace(canon.BREAK, LINE_SEPARATOR), fmt)


def _spaced(bottom: float) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setBottomMargin(bottom)  # layout only: the canonical text has no spacing to keep
    return fmt


PARAGRAPH_SPACING, ITEM_SPACING = 6.0, 2.0


def fill_document(doc: QTextDocument, body: str) -> QTextDocument:
    """Replace the document's content with the body's blocks; returns the document."""
    Filler(doc, body).fill()
    return doc


def _characters(block: Block) -> int:
    """About how many characters a block lays out (what a slice of filling is measured in)."""
    if isinstance(block, Table):
        return sum(len(run.text) for row in block.rows for cell in row for run in cell) + 1
    if isinstance(block, ListBlock):
        return sum(len(run.text) + 1 for item in block.items for run in item.runs)
    return sum(len(run.text) for run in block.runs) + 1


class Filler:
    """Puts a body's blocks in a document, all at once or a slice at a time (`fill`).

    Each slice is one edit block appended at the end, so Qt lays out only what it
    added; the blocks of the document read back, followed by `rest()`, are the body
    (an edit the user makes meanwhile included), as blocks are appended whole.
    """

    def __init__(self, doc: QTextDocument, body: str) -> None:
        doc.clear()
        self._doc = doc
        self._cursor = QTextCursor(doc)  # stays after the text put in, wherever the user types
        self._blocks = parsed.blocks(body)
        self._next = 0  # the first block not put in yet

    @property
    def progress(self) -> tuple[int, int]:
        """Blocks put in so far, blocks in all."""
        return min(self._next, len(self._blocks)), len(self._blocks)

    @property
    def done(self) -> bool:
        return self._next >= len(self._blocks) and self._next > 0

    def rest(self) -> tuple[Block, ...]:
        """The body's blocks not in the document yet."""
        return self._blocks[self._next:]

    def fill(self, characters: int | None = None) -> bool:
        """Put in blocks, about `characters` of them (every one left when None); True when done."""
        cursor = self._cursor
        cursor.beginEditBlock()
        first = self._next == 0
        if first:
            cursor.setBlockFormat(_spaced(PARAGRAPH_SPACING))
        put = 0
        while self._next < len(self._blocks) and (characters is None or put < characters):
            block = self._blocks[self._next]
            self._next += 1
            if characters is not None:
                put += _characters(block)
            _insert_block(cursor, block, first)
            first = False
        if not self._blocks:
            self._next = 1  # an empty body is done once its one empty block is formatted
        cursor.endEditBlock()
        if self.done:
            self._doc.setModified(False)
        return self.done


def _insert_block(cursor: QTextCursor, block: Block, first: bool) -> None:
    """Append one body block at `cursor` (`first`: into the document's empty first block)."""
    if isinstance(block, Table):
        if not first:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        _insert_table(cursor, block)
    elif isinstance(block, ListBlock):
        group = next(_groups)
        lists: dict[tuple[int, bool], QTextList] = {}
        for item in block.items:
            for key in [k for k in lists if k[0] > item.level]:
                del lists[key]  # a shallower item ends deeper lists, as the writer's counters do
            if not first:
                cursor.insertBlock(_spaced(ITEM_SPACING), QTextCharFormat())
            else:
                cursor.setBlockFormat(_spaced(ITEM_SPACING))
            first = False
            key = (item.level, item.ordered)
            if key in lists:
                lists[key].add(cursor.block())
            else:
                fmt = new_list_format(item.ordered, item.level)
                fmt.setProperty(LIST_GROUP, group)
                if item.ordered and item.start is not None:
                    # a list a source begins at 3 shows 3., 4.; Qt counts in a C int (a crafted
                    # body's 20-digit number shows as the largest it holds rather than fail to open)
                    fmt.setStart(min(item.start, QT_INT_MAX))
                lists[key] = cursor.createList(fmt)
                for other in [k for k in lists if k[0] == item.level and k != key]:
                    del lists[other]
            _insert_runs(cursor, item.runs)
    else:
        if not first:
            cursor.insertBlock(_spaced(PARAGRAPH_SPACING), QTextCharFormat())
        _insert_runs(cursor, block.runs)


def _insert_table(cursor: QTextCursor, table: Table) -> None:
    width = max((len(r) for r in table.rows), default=0)
    fmt = QTextTableFormat()
    fmt.setHeaderRowCount(table.header)
    fmt.setCellPadding(3)
    fmt.setCellSpacing(0)
    fmt.setBorder(1)
    if table.merges or table.nested:
        fmt.setProperty(TABLE_SHAPE, _shape_json(table))
    qt_table = cursor.insertTable(len(table.rows), width, fmt)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            cell_cursor = qt_table.cellAt(r, c).firstCursorPosition()
            _insert_runs(cell_cursor, cell)
            shown = _nested_shown(table, r, c)
            if shown:
                nested_fmt = QTextCharFormat()
                nested_fmt.setProperty(NESTED_TABLE, True)
                if QApplication.instance() is not None:  # shown as not the cell's own text
                    nested_fmt.setForeground(QBrush(QApplication.palette().color(
                        QPalette.ColorRole.PlaceholderText)))
                cell_cursor.insertText(shown.replace(canon.BREAK, LINE_SEPARATOR), nested_fmt)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _shape_json(table: Table) -> str:
    nested = {f"{r},{c}": [canon.write_table(t, nested=True) for t in table.nested_at(r, c)]
              for r, row in enumerate(table.rows) for c in range(len(row)) if table.nested_at(r, c)}
    return json.dumps({"rows": len(table.rows), "columns": table.width,
                       "merges": [list(row) for row in table.merges], "nested": nested})


def _nested_shown(table: Table, r: int, c: int) -> str:
    """What the cell's nested tables show after its own text, as `core.body.visible_chars` has it."""
    inner = table.nested_at(r, c)
    if not inner:
        return ""
    own = canon.write_runs(table.rows[r][c], in_table=True)
    full = own + "".join(canon.write_table(t, nested=True) for t in inner)
    shown = "".join(ch for _, ch in canon.visible_chars(full, in_table=True))
    return shown[len("".join(ch for _, ch in canon.visible_chars(own, in_table=True))):]


def _with_shape(table: QTextTable, rows: list[list[tuple[Run, ...]]]) -> Table:
    """The table read back, with the merges and nested tables its `TABLE_SHAPE` kept: merges
    while the table keeps its size and the covered cell stays empty; nested tables by cell."""
    fmt = table.format()
    header = fmt.headerRowCount()
    raw = fmt.property(TABLE_SHAPE)
    if not raw:
        return canon.make_table(rows, header)
    shape = json.loads(raw)
    same = shape["rows"] == len(rows) and shape["columns"] == (len(rows[0]) if rows else 0)
    merges = [[m if same and not rows[r][c] else "" for c, m in enumerate(row)]
              for r, row in enumerate(shape["merges"])] if same else []
    nested = [[() for _ in row] for row in rows]
    for key, texts in shape["nested"].items():
        r, c = (int(x) for x in key.split(","))
        if r < len(rows) and c < len(rows[r]):
            nested[r][c] = tuple(canon.parse_nested_table(text) for text in texts)
    return canon.make_table(rows, header, merges, nested)


def block_runs(block: QTextBlock) -> tuple[Run, ...]:
    """The formatted runs of one text block, line separators read as line breaks."""
    runs: list[Run] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        it += 1
        if not fragment.isValid():
            continue
        fmt = fragment.charFormat()
        text = fragment.text()
        if not fmt.boolProperty(LITERAL_SEPARATOR):
            text = text.replace(LINE_SEPARATOR, canon.BREAK).replace("\u2029", canon.BREAK)
        if fmt.boolProperty(NESTED_TABLE):
            continue  # a nested table's text: it comes back from the table's TABLE_SHAPE
        link = fmt.anchorHref() if fmt.isAnchor() else ""
        math = fmt.boolProperty(MATH)
        extra = {"note": fmt.stringProperty(NOTE), "math": math, "field": fmt.stringProperty(FIELD)}
        italic = fmt.fontItalic() and not math
        if fmt.isImageFormat() and fmt.toImageFormat().name().startswith(PICTURE_URL):
            digest = fmt.toImageFormat().name()[len(PICTURE_URL):]
            runs.extend(Run(canon.OBJECT, fmt.fontWeight() >= DEMIBOLD, italic, fmt.fontUnderline(), link,
                            **extra, picture=digest) for _ in text)
            continue
        runs.append(Run(text, fmt.fontWeight() >= DEMIBOLD, italic, fmt.fontUnderline(), link, **extra))
    return canon.normalize_runs(runs)


def document_blocks(doc: QTextDocument,
                    runs_of: Callable[[QTextBlock], tuple[Run, ...]] = block_runs) -> list[Block]:
    """The document as canonical body blocks; `runs_of` reads a block's runs (`block_runs`, or
    a reader that keeps those of blocks not edited since, see `block_reader`)."""
    blocks: list[Block] = []
    items: list[ListItem] = []
    shown: list[int] = []  # the number Qt shows each item with
    group: object = None
    block = doc.begin()

    def end_list() -> None:
        nonlocal items, shown, group
        if items:
            # an item that begins a count keeps the number it is shown with: the items after a
            # paragraph typed in a list's middle are of the list still in Qt, counted on (2., 3.)
            blocks.append(ListBlock(tuple(
                ListItem(item.runs, True, item.level, number) if opening and number != 1 else item
                for item, number, opening in zip(items, shown, canon.opens_count(items), strict=True))))
        items, shown, group = [], [], None

    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            end_list()
            rows: list[list[list[Run]]] = [[[] for _ in range(table.columns())]
                                           for _ in range(table.rows())]
            end = table.lastPosition()
            while block.isValid() and block.position() <= end:
                cell = table.cellAt(block.position())
                if cell.isValid():
                    runs = rows[cell.row()][cell.column()]
                    if runs:
                        runs.append(Run(canon.BREAK))
                    runs.extend(runs_of(block))
                block = block.next()
            blocks.append(_with_shape(table, [[canon.normalize_runs(c) for c in row] for row in rows]))
            continue
        text_list = block.textList()
        runs = runs_of(block)
        if text_list is not None:
            fmt = text_list.format()
            key = fmt.property(LIST_GROUP) or id(text_list)
            if key != group:
                end_list()
                group = key
            ordered = fmt.style() in (QTextListFormat.Style.ListDecimal,
                                      QTextListFormat.Style.ListLowerAlpha,
                                      QTextListFormat.Style.ListUpperAlpha,
                                      QTextListFormat.Style.ListLowerRoman,
                                      QTextListFormat.Style.ListUpperRoman)
            items.append(ListItem(runs, ordered, max(fmt.indent() - 1, 0)))
            shown.append(fmt.start() + text_list.itemNumber(block))
        elif runs:
            end_list()
            blocks.append(Paragraph(runs))
        # an empty paragraph is nothing in the body: between two items of one list (Enter on an
        # empty item ended the list there) it splits the list only once words are typed in it
        block = block.next()
    end_list()
    return blocks


def document_body(doc: QTextDocument,
                  runs_of: Callable[[QTextBlock], tuple[Run, ...]] = block_runs) -> str:
    """The document's content as canonical body text."""
    return canon.write(document_blocks(doc, runs_of))
