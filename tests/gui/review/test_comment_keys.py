"""Ctrl+Enter sends a comment from the comment box (Enter starts a new line), and a reply."""

from PySide6.QtCore import Qt

from policyeditor.gui.review.comment_dialog import CommentDialog
from policyeditor.review.comments import Comments
from tests.gui.review.test_review import (  # noqa: F401  (`opened` is a fixture)
    editor_with,
    opened,
    panel_of,
    select,
)

WORDS = "personal information"


def open_comment_box(qtbot, window, view):
    select(qtbot, editor_with(view, "draftEditor", WORDS), WORDS)
    window.actions["comment"].trigger()
    dialog = window.findChild(CommentDialog, "commentDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.body_edit.hasFocus, timeout=2000)
    return dialog


def test_ctrl_enter_sends_the_comment_and_enter_starts_a_line(qtbot, opened):  # noqa: F811
    window, view = opened
    dialog = open_comment_box(qtbot, window, view)
    qtbot.keyClicks(dialog.body_edit, "Define this term.")
    qtbot.keyClick(dialog.body_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter alone: a new line
    qtbot.keyClicks(dialog.body_edit, "And say who decides.")
    qtbot.keyClick(dialog.body_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    [thread] = Comments(window.session.file).threads()
    assert thread.root.body == "Define this term.\nAnd say who decides."
    assert thread.anchor.quote == WORDS


def test_ctrl_enter_on_the_keypad_sends_too_and_an_empty_box_stays(qtbot, opened):  # noqa: F811
    window, view = opened
    dialog = open_comment_box(qtbot, window, view)
    qtbot.keyClick(dialog.body_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and Comments(window.session.file).threads() == []
    qtbot.keyClicks(dialog.body_edit, "Which information?")
    qtbot.keyClick(dialog.body_edit, Qt.Key.Key_Enter,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier)
    assert not dialog.isVisible()
    assert [t.root.body for t in Comments(window.session.file).threads()] == ["Which information?"]


def test_ctrl_enter_sends_a_reply(qtbot, opened):  # noqa: F811
    window, view = opened
    dialog = open_comment_box(qtbot, window, view)
    qtbot.keyClicks(dialog.body_edit, "Define this term.")
    qtbot.keyClick(dialog.body_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    panel = panel_of(window)
    panel.select_thread(panel.visible_threads()[0].id)
    qtbot.keyClicks(panel.reply_edit, "Agreed.")
    qtbot.keyClick(panel.reply_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [thread] = Comments(window.session.file).threads()
    assert [c.body for c in thread.replies] == ["Agreed."]
