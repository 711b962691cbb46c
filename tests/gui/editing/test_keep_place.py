"""Structural edits keep the user's place: the cursor stays in the moved section, Save As keeps
the view where it was, and a renamed heading shows its new name at once everywhere (Add Section
is a journey of its own: tests/gui/journeys/test_add_section_journey.py).

The bugs these pin: after Add Section the view jumped to the top with no cursor in the new
heading, so the heading typed went nowhere; Move Section and Save As jumped to the top too.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit

from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.window.main_window import DRAFT_ONLY, INLINE
from tests.gui.waiting import navigator_text, open_sample, section_named, settled

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


def test_move_section_keeps_the_cursor_in_the_moved_section(qtbot, window, sample_policy):
    open_sample(qtbot, window, sample_policy)
    cookies = section_named(window, "USE OF COOKIES")
    editor = window.compare_view.row_of(cookies.id).right
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(12)
    editor.setTextCursor(cursor)
    before = window.session.document.policy.locate(cookies.id)[1]
    qtbot.keyClick(editor, Qt.Key.Key_Up, ALT_SHIFT)
    qtbot.waitUntil(lambda: not window.compare_view.building)
    assert window.session.document.policy.locate(cookies.id)[1] == before - 1
    focused = window.focusWidget()
    assert isinstance(focused, SectionEditor) and focused.section_id == cookies.id
    assert focused.textCursor().position() == 12
    # again: the moved section is still the current one, so it moves on up
    qtbot.keyClick(focused, Qt.Key.Key_Up, ALT_SHIFT)
    qtbot.waitUntil(lambda: not window.compare_view.building)
    assert window.session.document.policy.locate(cookies.id)[1] == before - 2
    focused = window.focusWidget()
    assert isinstance(focused, SectionEditor) and focused.section_id == cookies.id
    qtbot.keyClicks(focused, "XYZ")
    assert window.session.document.section(cookies.id).body[12:15] == "XYZ"
    view = window.compare_view
    qtbot.waitUntil(lambda: not view.placing)  # the moved row's place is brought into view from the loop
    y = view.top_of(focused) + focused.cursorRect().y()
    assert view.verticalScrollBar().value() <= y < view.verticalScrollBar().value() + view.viewport().height()


def test_save_as_keeps_the_scroll_and_the_cursor(qtbot, window, sample_policy, tmp_path):
    open_sample(qtbot, window, sample_policy)
    view = window.compare_view
    row = view.rows[len(view.rows) // 2]
    editor = row.right
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    end = cursor.position()
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    view.verticalScrollBar().setValue(view.top_of(row.cell) - 40)
    scrolled = view.verticalScrollBar().value()
    assert scrolled > 0
    assert window.save_as(str(tmp_path / "copy.policy"))
    settled(qtbot, window)
    # the rows come back over a few turns of the event loop (more on a busy machine): the view
    # ends where it was
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() == scrolled)
    focused = window.focusWidget()
    assert isinstance(focused, SectionEditor) and focused.section_id == editor.section_id
    assert focused.textCursor().position() == end


def test_a_renamed_heading_shows_its_new_name_at_once_everywhere(qtbot, window, sample_policy):
    open_sample(qtbot, window, sample_policy)
    cookies = section_named(window, "USE OF COOKIES")
    window.select_section(cookies.id)
    window.actions["renameSection"].trigger()
    heading = window.focusWidget()
    assert isinstance(heading, QLineEdit) and heading.property("sectionId") == cookies.id
    qtbot.keyClicks(heading, "Cookies and similar technologies")
    assert window.session.document.section(cookies.id).heading == "Cookies and similar technologies"
    assert navigator_text(window, cookies.id).endswith("Cookies and similar technologies")
    settled(qtbot, window)
    for mode in (INLINE, DRAFT_ONLY):
        window.set_view(mode)
        pane = window.inline_view if mode == INLINE else window.policy_view
        assert "Cookies and similar technologies" in pane.toPlainText()
