"""A table's header rows repeat on each page it goes on to, but never alone over what follows it.

Qt repeats a table's header rows at the top of every page its frame reaches. When a
table's last row ends at the foot of a page, the padding and margin under it may
reach the next page: Qt draws the header there, with no row of its own, over the
start of whatever follows (seen: spotify's data table's header printed through the
next table's). Such a table's header rows are not repeated; it is laid out again,
and so are the tables after it, which it moved.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument, QTextFrame, QTextTable


def keep_headers_off_other_text(document: QTextDocument, page_height: float) -> None:
    """Stop repeating the header rows of each table whose last page holds none of its rows' text
    (`document` laid out in pages `page_height` high)."""
    for _ in range(len(_tables(document.rootFrame())) + 1):  # each pass settles one table, top down
        alone = next((t for t in _tables(document.rootFrame()) if _header_alone(document, t, page_height)),
                     None)
        if alone is None:
            return
        fmt = alone.format()
        fmt.setHeaderRowCount(0)
        alone.setFormat(fmt)


def _tables(frame: QTextFrame) -> list[QTextTable]:
    """The document's tables with header rows, in order (a table nested in a cell repeats none)."""
    return [child for child in frame.childFrames()
            if isinstance(child, QTextTable) and child.format().headerRowCount() > 0]


def _header_alone(document: QTextDocument, table: QTextTable, page_height: float) -> bool:
    layout = document.documentLayout()
    frame = layout.frameBoundingRect(table)
    ends = (document.findBlock(table.cellAt(r, c).lastPosition())
            for r in range(table.rows()) for c in range(table.columns()))
    text_bottom = max((layout.blockBoundingRect(block).bottom() for block in ends), default=frame.top())
    first_page, last_page = int(frame.top() // page_height), int(frame.bottom() // page_height)
    return last_page > first_page and int(text_bottom // page_height) < last_page
