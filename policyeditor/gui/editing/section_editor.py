"""A section body editor: a QTextEdit as tall as its text, whose edits become undoable commands.

The editor keeps no undo history of its own (the window's QUndoStack holds it),
so it lets undo/redo shortcuts through to the window's actions. It emits
`bodyEdited(section_id, canonical_text)` after a user's edit; filling it from
the draft (`show_body`) emits nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextEdit, QWidget

from policyeditor.gui.editing.block_reader import BlockReader
from policyeditor.gui.editing.rich_text import fill_document, new_list_format

PASS_THROUGH = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class SectionEditor(QTextEdit):
    """Shows one section body; editable unless `read_only`."""

    bodyEdited = Signal(str, str)  # noqa: N815 (Qt signal naming)

    def __init__(self, section_id: str, body: str, *, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section_id = section_id
        self._filling = False
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
        self.show_body(body)
        self.textChanged.connect(self._on_text_changed)

    # ------------------------------------------------------------ content

    def show_body(self, body: str) -> None:
        """Show `body` (from the draft); keeps the cursor where it was, as far as it goes."""
        if body == self.body:
            return
        position = self.textCursor().position()
        self._filling = True
        try:
            fill_document(self.document(), body)
        finally:
            self._filling = False
            self._reader.forget()
        self.body = body
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self._fit_height()

    def _on_text_changed(self) -> None:
        if self._filling or self.isReadOnly():
            return
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

    def event(self, event: QEvent) -> bool:
        # QTextEdit claims undo/redo keys even with its own undo off; let the window's actions have them
        if event.type() == QEvent.Type.ShortcutOverride and any(
                event.matches(key) for key in PASS_THROUGH):  # type: ignore[attr-defined]
            event.ignore()
            return False
        return super().event(event)
