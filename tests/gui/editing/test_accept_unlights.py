"""Accepting a change takes its markup away everywhere the window shows it, and it stays away.

The bug this pins: after Accept Change the change left the list, but the panes
lit words from a word diff of their own, so strike-through and underline stayed
in both panes and the section stayed orange in the navigator.
"""

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QListWidget, QTreeView

from policyeditor.gui.editing.selection_layers import layer
from policyeditor.gui.models.sections import CHANGE_STATE_ROLE
from policyeditor.gui.window.main_window import INLINE, SIDE_BY_SIDE
from tests.gui.waiting import wait_open


def settled(qtbot, window):
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)


def replace_first_word(qtbot, window, editor, word: str) -> None:
    """Select the editor's first word and type `word` over it, as a user does; wait for the redline."""
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, word)
    settled(qtbot, window)


def marked_inline(window) -> list[str]:
    """The inline view's struck or underlined text (links are not underlined there)."""
    out = []
    block = window.inline_view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fragment.isValid() and (fmt.fontStrikeOut() or fmt.fontUnderline()) and not fmt.isAnchor():
                out.append(fragment.text())
            it += 1
        block = block.next()
    return out


def test_accepted_change_is_unlit_in_both_panes_inline_and_navigator(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    combo = window.findChild(QComboBox, "baseVersionCombo")
    assert combo.currentData() == "1.0"
    view = window.compare_view
    row = next(r for r in view.rows if r.left is not None and r.right is not None and r.right.body)
    editor = row.right
    # replace the body's first word: a deletion on the left, an insertion on the right
    replace_first_word(qtbot, window, editor, "Zanzibar")

    changes = window.findChild(QListWidget, "changeList")
    navigator = window.findChild(QTreeView, "sectionNavigator")
    model = navigator.model()
    section_id = editor.section_id
    assert changes.count() == 1
    assert layer(row.left, "changes") and layer(row.right, "changes")
    assert model.data(model.index_of(section_id), CHANGE_STATE_ROLE) == "edited"
    window.set_view(INLINE)
    settled(qtbot, window)
    assert "Zanzibar" in marked_inline(window)

    changes.setCurrentRow(0)
    assert window.decide("change", accept=True)
    settled(qtbot, window)

    def unmarked():
        assert changes.count() == 0
        assert not layer(row.left, "changes") and not layer(row.right, "changes")
        assert model.data(model.index_of(section_id), CHANGE_STATE_ROLE) == ""
        assert window.compare_view.change_count() == 0
        assert marked_inline(window) == []
        assert "Zanzibar" in window.inline_view.toPlainText()

    unmarked()
    # switch the base away and back: still accepted, still unlit
    combo.setCurrentIndex(combo.findData(None) if combo.findData(None) >= 0 else 0)
    settled(qtbot, window)
    combo.setCurrentIndex(combo.findData("1.0"))
    settled(qtbot, window)
    row = view.row_of(section_id)
    assert row is not None
    unmarked()
    # undo brings the change and its markup back
    window.set_view(SIDE_BY_SIDE)
    window.actions["undo"].trigger()
    settled(qtbot, window)
    assert changes.count() == 1 and layer(row.left, "changes") and layer(row.right, "changes")
