"""The small dialog that asks for a comment's text, showing the words it is about.

Enter starts a new line of the comment; Ctrl+Enter sends it (as OK), as in
Word's and most mail programs' comment boxes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

QUOTE_CHARS = 200  # a longer quote is cut in the dialog; the comment keeps it whole


class CommentDialog(QDialog):
    """Ask for a comment (or a new text for one's own comment) on `quote`; OK needs some text."""

    def __init__(self, quote: str, author: str, parent: QWidget | None = None, *, text: str = "",
                 title: str = "Comment") -> None:
        super().__init__(parent)
        self.setObjectName("commentDialog")
        self.setWindowTitle(title)
        shown = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS - 1] + "…"
        self.quote_label = QLabel(f"On “{shown}”", self, objectName="commentQuote")
        self.quote_label.setWordWrap(True)
        self.author_label = QLabel(f"As {author}", self, objectName="commentAuthor")
        self.body_edit = QPlainTextEdit(text, self, objectName="commentBodyEdit")
        self.body_edit.setPlaceholderText("Your comment")
        self.body_edit.setTabChangesFocus(True)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(standard.Ok)
        self.body_edit.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote_label)
        layout.addWidget(self.author_label)
        layout.addWidget(self.body_edit)
        layout.addWidget(buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter on the keypad too
            send = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self)
            send.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            send.activated.connect(self._send)
        self.body_edit.setToolTip("Ctrl+Enter sends the comment")
        self.resize(420, 220)
        self._update_ok()
        self.body_edit.setFocus()

    @property
    def text(self) -> str:
        return self.body_edit.toPlainText().strip()

    def _send(self) -> None:
        if self.ok_button.isEnabled():  # no text: nothing to send, the box stays
            self.accept()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.text))
