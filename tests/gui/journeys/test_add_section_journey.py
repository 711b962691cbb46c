"""Journey: Add Section and type its heading, then its text, in the real window.

The bug this pins: after Add Section the view jumped to the top with no cursor in the new
heading, so the heading typed went nowhere.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.window.main_window import DRAFT_ONLY, INLINE, SIDE_BY_SIDE
from tests.gui.waiting import navigator_text, open_sample, section_named, settled

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_add_section_and_type_its_heading(qtbot, window, sample_policy):
    """The journey: choose a section, Add Section (its shortcut), type the heading, type its text."""
    open_sample(qtbot, window, sample_policy)
    cookies = section_named(window, "USE OF COOKIES")
    row = window.compare_view.row_of(cookies.id)
    row.right.setFocus()
    qtbot.keyClick(row.right, Qt.Key.Key_N, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not window.compare_view.building)  # rows are made in slices
    heading = window.focusWidget()
    assert isinstance(heading, QLineEdit) and heading.objectName() == "headingEdit"
    new_id = heading.property("sectionId")
    assert new_id != cookies.id and heading.selectedText() == "New section"
    qtbot.keyClicks(heading, "Children's data")
    new = window.session.document.section(new_id)
    assert new.heading == "Children's data"
    parent, index = window.session.document.policy.locate(new_id)
    assert parent is None and window.session.document.policy.sections[index - 1].id == cookies.id
    # the navigator and every view name it at once
    assert navigator_text(window, new_id).endswith("Children's data")
    # Tab goes on to its text, and typing fills it
    qtbot.keyClick(heading, Qt.Key.Key_Tab)
    editor = window.focusWidget()
    assert isinstance(editor, SectionEditor) and editor.section_id == new_id
    qtbot.keyClicks(editor, "We do not knowingly collect data from children.")
    assert window.session.document.section(new_id).body == "We do not knowingly collect data from children."
    settled(qtbot, window)
    # the heading is on screen, not scrolled away
    view = window.compare_view
    top = view.top_of(view.row_of(new_id).cell)
    shown = view.verticalScrollBar().value()
    assert shown <= top < shown + view.viewport().height()
    for mode in (INLINE, DRAFT_ONLY):
        window.set_view(mode)
        settled(qtbot, window)
        pane = window.inline_view if mode == INLINE else window.policy_view
        assert "Children's data" in pane.toPlainText()
    window.set_view(SIDE_BY_SIDE)
    # one undo step at a time takes it all back
    for _ in range(3):
        window.actions["undo"].trigger()
    settled(qtbot, window)
    assert window.session.document.policy.find(new_id) is None
