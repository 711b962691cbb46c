"""Keep words just found or revealed on show while the rows of the compare view settle.

The compare view's rows take their heights as they are laid out, some only once
they scroll into view, so a scroll that put the words on show may leave them off
it a moment later. `KeepShown` scrolls by as little as it takes for an editor's
selection to be on show, and again whenever the scroll range changes, until the
person looks away: the selection is no longer the one shown, or the focus went
to another text field than that editor and the widget that showed it (the find
box). Then it lets go and the view stays where the person puts it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QTextEdit, QWidget
from shiboken6 import isValid

MARGIN = 12  # pixels kept between the words and the edge of the view


def match_rect(editor: QTextEdit) -> QRect:
    """The selected words of `editor` on screen (global coordinates): the rectangle round their ends."""
    cursor = editor.textCursor()
    probe = editor.textCursor()
    probe.setPosition(cursor.selectionStart())
    first = editor.cursorRect(probe)
    probe.setPosition(cursor.selectionEnd())
    rect = first.united(editor.cursorRect(probe))
    return QRect(editor.viewport().mapToGlobal(rect.topLeft()), rect.size())


def scroll_into_view(area: QScrollArea, editor: QTextEdit) -> None:
    """Scroll `area` (holding `editor`) by as little as it takes for the selected words to be on show."""
    viewport = area.viewport()
    found = match_rect(editor).translated(-viewport.mapToGlobal(QPoint(0, 0)))
    bar = area.verticalScrollBar()
    if found.bottom() + MARGIN > viewport.height():
        bar.setValue(bar.value() + min(found.bottom() + MARGIN - viewport.height(), found.top() - MARGIN))
    elif found.top() < MARGIN:
        bar.setValue(bar.value() + found.top() - MARGIN)


class KeepShown(QObject):
    """Keeps one editor's selection on show in `area` while it is looked at (see the module).

    `shown(editor)` after each scroll that put it on show (the words may have moved on screen).
    """

    shown = Signal(QTextEdit)

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        self._editor: QTextEdit | None = None
        self._shown = (0, 0)
        self._from: QWidget | None = None
        area.verticalScrollBar().rangeChanged.connect(self._again)

    def show(self, editor: QTextEdit, shown_from: QWidget | None = None) -> None:
        """Put `editor`'s selection on show now, and keep it there (`shown_from`: the find box, say)."""
        cursor = editor.textCursor()
        self._editor, self._from = editor, shown_from
        self._shown = (cursor.selectionStart(), cursor.selectionEnd())
        scroll_into_view(self.area, editor)
        self.shown.emit(editor)

    def _looked_away(self) -> bool:
        """Whether the selection shown changed or the person went to work in another text."""
        editor = self._editor
        if editor is None or not isValid(editor):  # its row was made anew (a rebuild)
            return True
        cursor = editor.textCursor()
        if (cursor.selectionStart(), cursor.selectionEnd()) != self._shown:
            return True
        focus = QApplication.focusWidget()
        elsewhere = isinstance(focus, (QTextEdit, QLineEdit)) and focus is not editor
        return elsewhere and not (self._from is not None and self._from.isAncestorOf(focus))

    def _again(self, *_range: int) -> None:
        if self._looked_away():
            self._editor = self._from = None  # let go: from now on the view stays where it is
            return
        assert self._editor is not None
        scroll_into_view(self.area, self._editor)
        self.shown.emit(self._editor)
