"""The window bars every changed line in its left margin, as the redline PDF and DOCX do
(PRODUCT.md: "a change bar in the margin of every changed line"): both side-by-side panes and
the inline view, and only the lines that hold a change; an accepted change takes its bar along."""

from PySide6.QtWidgets import QListWidget, QTextEdit

from policyeditor.gui.editing.change_bars import BAR_WIDTH
from policyeditor.gui.editing.inline_view import MARGIN
from policyeditor.gui.style.theme import roles
from policyeditor.gui.window.main_window import INLINE
from tests.gui.editing.test_accept_unlights import replace_first_word, settled
from tests.gui.waiting import wait_open


def barred_rows(editor: QTextEdit, x: int) -> set[int]:
    """The viewport's pixel rows drawn in the bar colour at column `x`."""
    image = editor.viewport().grab().toImage()
    colour = roles().deleted.rgb()
    return {y for y in range(image.height()) if image.pixel(x, y) == colour}


def line_rows(editor: QTextEdit, position: int) -> set[int]:
    """The viewport's pixel rows of the laid-out line holding document `position`."""
    document = editor.document()
    block = document.findBlock(position)
    line = block.layout().lineForTextPosition(position - block.position())
    top = document.documentLayout().blockBoundingRect(block).top() + line.y()
    top -= editor.verticalScrollBar().value()
    return set(range(int(top), int(top + line.height())))


def test_both_panes_and_the_inline_view_bar_the_changed_line_only(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    view = window.compare_view
    row = next(r for r in view.rows if r.left is not None and r.right is not None
               and r.right.document().blockCount() >= 3)
    editor = row.right
    editor.resize(600, editor.height())
    assert barred_rows(editor, 1) == set() and barred_rows(row.left, 1) == set()

    replace_first_word(qtbot, window, editor, "Zanzibar")

    last = editor.document().lastBlock().position()
    for pane in (row.left, editor):
        bars = barred_rows(pane, 1)
        assert bars and bars <= line_rows(pane, 0) | line_rows(pane, 1)  # the first line's, nothing below
        assert not bars & line_rows(pane, last)
        assert barred_rows(pane, BAR_WIDTH) == set()  # a bar, not a tint under the text

    window.set_view(INLINE)
    settled(qtbot, window)
    inline = window.inline_view
    found = inline.find("Zanzibar")
    assert found
    at = inline.textCursor().position()
    middle = int((MARGIN - BAR_WIDTH) / 2) + 1
    bars = barred_rows(inline, middle)
    assert line_rows(inline, at) & bars
    assert barred_rows(inline, MARGIN - 2) == set()

    changes = window.findChild(QListWidget, "changeList")
    changes.setCurrentRow(0)
    assert window.decide("change", accept=True)
    settled(qtbot, window)
    assert barred_rows(inline, middle) == set()
