"""A section body editor: a QTextEdit as tall as its text, whose edits become undoable commands.

The editor keeps no undo history of its own (the window's QUndoStack holds it),
so it lets undo/redo shortcuts through to the window's actions. It emits
`bodyEdited(section_id, canonical_text)` after a user's edit; filling it from
the draft (`show_body`) emits nothing.

A long body can be put in over several turns of the event loop (`in_turns`):
Qt lays out all of a text put in at once before the window can paint again (a
300,000-word body: about 0.4 s a pane), but of a slice appended only its blocks.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPaintEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextEdit, QWidget

from policyeditor.core import body as canon
from policyeditor.gui.editing.block_reader import BlockReader
from policyeditor.gui.editing.change_bars import paint_bars, selection_lines, shown_range
from policyeditor.gui.editing.rich_text import Filler, new_list_format, outdent_item, part_list_after
from policyeditor.gui.style.theme import roles

PASS_THROUGH = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
IN_TURNS_FROM = 50_000  # characters: a body this long is put in over several turns (`in_turns`)
SLICE_MS = 20  # what a turn of putting it in may take, Qt's layout of the slice included
FIRST_SLICE = 10_000  # characters in the first slice; the next ones follow how long a turn took


class SectionEditor(QTextEdit):
    """Shows one section body; editable unless `read_only`."""

    bodyEdited = Signal(str, str)  # noqa: N815 (Qt signal naming)
    fillProgress = Signal(int, int)  # noqa: N815  blocks put in so far, in all (see `show_body`)
    filled = Signal()  # a body put in over several turns is all in

    def __init__(self, section_id: str, body: str, *, read_only: bool = False, in_turns: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section_id = section_id
        self._filling = False
        self._filler: Filler | None = None  # a body being put in over several turns
        self._slice = FIRST_SLICE
        self.body = ""
        self.setUndoRedoEnabled(False)
        self.setReadOnly(read_only)
        self.setAcceptRichText(False)  # pasted HTML would bring formats the body cannot hold
        self.setFrameShape(QFrame.Shape.NoFrame if read_only else QFrame.Shape.StyledPanel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTabChangesFocus(True)
        self.document().setDocumentMargin(4)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._reader = BlockReader(self.document())  # a keystroke reads back the block it edited
        self.show_body(body, in_turns=in_turns)
        self.textChanged.connect(self._on_text_changed)

    # ------------------------------------------------------------ content

    @property
    def filling(self) -> bool:
        """Whether a body is still being put in (see `show_body`)."""
        return self._filler is not None

    def show_body(self, body: str, *, in_turns: bool = False) -> None:
        """Show `body` (from the draft); keeps the cursor where it was, as far as it goes.

        With `in_turns` a body of `IN_TURNS_FROM` characters or more is put in a slice
        per turn of the event loop, `filled` emitted once it is all in; the user may
        type in what is in meanwhile, and the edit's body holds the rest still to come.
        """
        if body == self.body:
            return
        position = self.textCursor().position()
        gave_way, self._filler = self._filler is not None, None  # a body still being put in gives way
        self._filling = True
        try:
            filler = Filler(self.document(), body)
            if in_turns and len(body) >= IN_TURNS_FROM:
                self._filler = filler
                self._slice = FIRST_SLICE
            else:
                filler.fill()
        finally:
            self._filling = False
            self._reader.forget()
        self.body = body
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        if self._filler is not None:
            self._fill_slice()
        else:
            self._fit_height()
            if gave_way:
                self.filled.emit()  # all in, at once

    def fill_now(self) -> None:
        """Put in at once what of a long body is still to come: a find or a jump to some words
        looks through all of the text, not the part in so far."""
        if self._filler is not None:
            self._slice = 1 << 62
            self._fill_slice()

    def _fill_slice(self) -> None:
        filler = self._filler
        if filler is None:
            return  # shown anew meanwhile, all at once
        started = time.perf_counter()
        cursor = self.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        self._filling = True
        try:
            done = filler.fill(self._slice)
        finally:
            self._filling = False
        if (cursor.anchor(), cursor.position()) != (anchor, position):
            # a cursor at the end is pushed on by the text appended: the user's stays where it was
            cursor.setPosition(anchor)
            cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)
        self._fit_height()
        took = (time.perf_counter() - started) * 1000
        self._slice = max(1000, int(self._slice * min(2.0, SLICE_MS / max(took, 1.0))))
        self.fillProgress.emit(*filler.progress)
        if done:
            self._filler = None
            self.filled.emit()
        else:
            # a timer, not a posted event: input and painting get their turn between slices
            QTimer.singleShot(1, self, self._fill_slice)

    def _on_text_changed(self) -> None:
        if self._filling or self.isReadOnly():
            return
        self._filling = True  # parting a list changes the document again: not an edit of its own
        try:
            part_list_after(self.textCursor().block())
        finally:
            self._filling = False
        if self._filler is not None:  # typed in what is in so far: the rest of the body follows it
            body = canon.write([*self._reader.blocks(), *self._filler.rest()])
        else:
            body = self._reader.body()
        if body != self.body:
            self.body = body
            self.bodyEdited.emit(self.section_id, body)

    # ------------------------------------------------------------ formatting (toolbar actions)

    def toggle_format(self, kind: str, on: bool) -> None:
        """Set bold, italic or underline on the selection (or at the cursor)."""
        fmt = QTextCharFormat()
        if kind == "bold":
            fmt.setFontWeight(700 if on else 400)
        elif kind == "italic":
            fmt.setFontItalic(on)
        else:
            fmt.setFontUnderline(on)
        self.mergeCurrentCharFormat(fmt)

    def make_list(self, ordered: bool) -> None:
        """Turn the current paragraph(s) into a list, or back into paragraphs when already one."""
        cursor = self.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None:
            for i in reversed(range(current.count())):
                block = current.item(i)
                if cursor.selectionStart() <= block.position() + block.length() and \
                        block.position() <= max(cursor.selectionEnd(), cursor.position()):
                    current.remove(block)
                    fmt = block.blockFormat()
                    fmt.setIndent(0)
                    QTextCursor(block).setBlockFormat(fmt)
        else:
            cursor.createList(new_list_format(ordered))
        cursor.endEditBlock()

    # ------------------------------------------------------------ sizing and keys

    def _fit_height(self, *_args: object) -> None:
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 2
        if height != self.height():
            self.setFixedHeight(max(height, 28))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        """The text, then a change bar left of each line the redline lit (in the document margin)."""
        super().paintEvent(event)
        paint_bars(self, selection_lines(self, *shown_range(self, event.rect())), roles().deleted, 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        cursor = self.textCursor()
        # Enter on an empty nested item moves it out a level, as Word does (Qt would end the list,
        # as it still does for an empty item of the first level); Shift+Enter stays a line break
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.isReadOnly() \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier \
                and not cursor.hasSelection() and cursor.block().length() == 1:
            cursor.beginEditBlock()
            moved = outdent_item(cursor.block())
            cursor.endEditBlock()
            if moved:
                return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # QTextEdit claims undo/redo keys even with its own undo off; let the window's actions have them
        if event.type() == QEvent.Type.ShortcutOverride and any(
                event.matches(key) for key in PASS_THROUGH):  # type: ignore[attr-defined]
            event.ignore()
            return False
        return super().event(event)
