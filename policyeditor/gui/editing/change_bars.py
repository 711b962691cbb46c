"""Change bars in the window: a bar in the left margin of every line that shows a change, as the
redline PDF and DOCX draw them (PRODUCT.md's redline conventions).

The side-by-side editors light changes as the "changes" layer of their extra selections
(`selection_layers`); the inline view's redline HTML tints its changed words, which
`pdf.redline.changed_lines` reads. Either way a bar is a line's span in document coordinates,
painted over the viewport's left margin after the text, for the lines the paint shows only.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QTextEdit

from policyeditor.gui.editing.selection_layers import layer

BAR_WIDTH = 3  # pixels


def selection_lines(editor: QTextEdit, top: float, bottom: float) -> list[tuple[float, float]]:
    """The top and bottom of every line between `top` and `bottom` (document coordinates) that
    a selection of the editor's "changes" layer touches."""
    document = editor.document()
    layout = document.documentLayout()
    spans: list[tuple[float, float]] = []
    for chosen in layer(editor, "changes"):
        cursor = chosen.cursor  # type: ignore[attr-defined]
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        block = document.findBlock(start)
        while block.isValid() and block.position() < end:
            rect = layout.blockBoundingRect(block)
            if rect.top() > bottom:
                break
            if rect.bottom() >= top:
                lines = block.layout()
                for index in range(lines.lineCount()):
                    line = lines.lineAt(index)
                    first = block.position() + line.textStart()
                    if first < end and first + max(1, line.textLength()) > start:
                        spans.append((rect.top() + line.y(), rect.top() + line.y() + line.height()))
            block = block.next()
    return spans


def paint_bars(editor: QTextEdit, spans: list[tuple[float, float]], colour: QColor, left: float) -> None:
    """Bar each span (document coordinates) `left` pixels into the editor's viewport."""
    if not spans:
        return
    dy = editor.verticalScrollBar().value()
    dx = editor.horizontalScrollBar().value()
    painter = QPainter(editor.viewport())
    try:
        for top, bottom in spans:
            painter.fillRect(QRectF(left - dx, top - dy, BAR_WIDTH, bottom - top), colour)
    finally:
        painter.end()


def shown_range(editor: QTextEdit, rect: QRect) -> tuple[float, float]:
    """The document coordinates (top, bottom) a paint of the viewport's `rect` shows."""
    dy = editor.verticalScrollBar().value()
    return rect.top() + dy, rect.bottom() + dy
