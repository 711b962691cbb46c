"""Find and replace across every section of the draft: the dialog and replace-all as one command.

The find box is a window of its own over the text: after each find the words
found are kept on show (`keep_shown`) and the box moves off them
(`keep_clear`), so it never covers what it found.

Replacing works on each body's QTextDocument (`rich_text`), so the words are
found as the reader sees them (not in the markup) and a replacement takes the
formatting of the text it replaces.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)

from policyeditor.core.draft import Draft
from policyeditor.gui.editing.commands import Compound, SetBody, SetHeading
from policyeditor.gui.editing.keep_shown import MARGIN, match_rect
from policyeditor.gui.editing.rich_text import document_body, fill_document


def keep_clear(box: QWidget, area: QScrollArea, editor: QTextEdit) -> None:
    """Move the find `box` off the words it found: to a corner of the text area it does not cover them in."""
    found = match_rect(editor).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    frame = box.frameGeometry()
    if not frame.intersects(found):
        return
    viewport = area.viewport()
    shown = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
    inset = shown.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
    width, height = frame.width(), frame.height()
    corners = (inset.topRight() - QPoint(width, 0), inset.bottomRight() - QPoint(width, height),
               inset.topLeft(), inset.bottomLeft() - QPoint(0, height))
    for corner in corners:
        if not QRect(corner, frame.size()).intersects(found):
            box.move(corner + box.pos() - frame.topLeft())  # move() places the frame's top-left
            return
    # no corner is clear (a tiny window): below the words, or above them
    below = QPoint(frame.x(), found.bottom() + 1)
    box.move((below if below.y() + frame.height() <= shown.bottom() else
              QPoint(frame.x(), found.top() - frame.height())) + box.pos() - frame.topLeft())


def find_flags(match_case: bool, whole_words: bool) -> QTextDocument.FindFlag:
    flags = QTextDocument.FindFlag(0)
    if match_case:
        flags |= QTextDocument.FindFlag.FindCaseSensitively
    if whole_words:
        flags |= QTextDocument.FindFlag.FindWholeWords
    return flags


def replace_in_body(body: str, find: str, replacement: str, flags: QTextDocument.FindFlag) -> tuple[str, int]:
    """The body with every occurrence replaced, and how many there were."""
    doc = fill_document(QTextDocument(), body)
    count = 0
    cursor = doc.find(find, 0, flags)
    cursor_edit = QTextCursor(doc)
    cursor_edit.beginEditBlock()
    while not cursor.isNull():
        cursor.insertText(replacement)
        count += 1
        cursor = doc.find(find, cursor.position(), flags)
    cursor_edit.endEditBlock()
    return (document_body(doc) if count else body), count


def replace_all(document: Draft, find: str, replacement: str, *, match_case: bool = False,
                whole_words: bool = False) -> tuple[Compound | None, int]:
    """One command replacing `find` in every heading and body, and the number of replacements."""
    if not find:
        return None, 0
    flags = find_flags(match_case, whole_words)
    command = Compound(f"Replace All “{find}”")
    total = 0
    for section, _ in document.policy.walk():
        heading, n = replace_in_body(section.heading, find, replacement, flags) if section.heading \
            else (section.heading, 0)
        if n:
            command.add(SetHeading(document, section.id, heading))
            total += n
        body, n = replace_in_body(section.body, find, replacement, flags)
        if n:
            command.add(SetBody(document, section.id, body, "Replace All"))
            total += n
    return (command if total else None), total


class FindReplaceDialog(QDialog):
    """Find next, replace one, or replace all across sections; modeless."""

    findNext = Signal()     # noqa: N815
    replaceOne = Signal()   # noqa: N815
    replaceAll = Signal()   # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findReplaceDialog")
        self.setWindowTitle("Find and Replace")
        self.find_edit = QLineEdit(self, objectName="findEdit")
        self.replace_edit = QLineEdit(self, objectName="replaceEdit")
        self.case_box = QCheckBox("Match &case", self, objectName="matchCaseBox")
        self.words_box = QCheckBox("&Whole words", self, objectName="wholeWordsBox")
        self.result = QLabel(self, objectName="findResult")
        buttons = QHBoxLayout()
        for text, name, signal in (("Find &Next", "findNextButton", self.findNext),
                                   ("&Replace", "replaceButton", self.replaceOne),
                                   ("Replace &All", "replaceAllButton", self.replaceAll)):
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(signal)
            buttons.addWidget(button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        form = QFormLayout(self)
        form.addRow("&Find:", self.find_edit)
        form.addRow("Replace &with:", self.replace_edit)
        options = QHBoxLayout()
        options.addWidget(self.case_box)
        options.addWidget(self.words_box)
        form.addRow(options)
        form.addRow(buttons)
        form.addRow(self.result)
        self.find_edit.returnPressed.connect(self.findNext)

    @property
    def flags(self) -> QTextDocument.FindFlag:
        return find_flags(self.case_box.isChecked(), self.words_box.isChecked())
