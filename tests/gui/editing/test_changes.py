"""Stepping through changes and accepting or rejecting them, each one undoable."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from tests.gui.waiting import wait_open


def settle(qtbot, window):
    qtbot.waitUntil(lambda: not window.tracker.pending and window.tracker.redline is not None,
                    timeout=5000)


def test_step_accept_reject_and_undo(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    document = window.session.document
    base_bodies = {s.id: s.body for s, _ in document.policy.walk()}
    editors = window.findChild(CompareView).findChildren(SectionEditor, "draftEditor")
    for editor, words in ((editors[0], " First addition."), (editors[2], " Second addition.")):
        editor.setFocus()
        cursor = editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        editor.setTextCursor(cursor)
        qtbot.keyClicks(editor, words)
    settle(qtbot, window)
    changes = window.findChild(QListWidget, "changeList")
    assert changes.count() == 2
    assert "First addition" in changes.item(0).text()
    assert window.findChild(QLabel, "statusChanges").text() == "2 changes"

    qtbot.keyClick(editors[0], Qt.Key.Key_F8)  # next change
    assert changes.currentRow() == 0
    assert editors[0].textCursor().selectedText().startswith("First addition")
    window.actions["nextChange"].trigger()
    assert changes.currentRow() == 1
    window.actions["previousChange"].trigger()
    assert changes.currentRow() == 0

    # accept the first: it stays in the draft and leaves the list
    assert window.decide("change", accept=True)
    assert changes.count() == 1 and "Second addition" in changes.item(0).text()
    assert document.section(editors[0].section_id).body.endswith("First addition.")
    window.actions["undo"].trigger()
    assert changes.count() == 2

    # reject the second: it leaves the draft
    changes.setCurrentRow(1)
    assert window.decide("change", accept=False)
    assert document.section(editors[2].section_id).body == base_bodies[editors[2].section_id]
    settle(qtbot, window)
    assert changes.count() == 1
    window.actions["undo"].trigger()
    assert document.section(editors[2].section_id).body.endswith("Second addition.")

    # reject all: the draft is the base again, in one undo step
    settle(qtbot, window)
    window.actions["rejectAll"].trigger()
    assert {s.id: s.body for s, _ in document.policy.walk()} == base_bodies
    settle(qtbot, window)
    assert changes.count() == 0
    window.actions["undo"].trigger()
    assert document.section(editors[0].section_id).body.endswith("First addition.")
    assert document.section(editors[2].section_id).body.endswith("Second addition.")


def test_inline_and_draft_only_views(qtbot, window, sample_policy):
    from PySide6.QtWidgets import QStackedWidget, QTextBrowser

    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    editor = window.findChild(CompareView).findChildren(SectionEditor, "draftEditor")[1]
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " Inline words.")
    settle(qtbot, window)
    stack = window.findChild(QStackedWidget, "viewStack")
    qtbot.keyClick(editor, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    inline = window.findChild(QTextBrowser, "inlineRedlineView")
    assert stack.currentWidget() is inline and window.actions["viewInline"].isChecked()
    assert "Inline words." in inline.toPlainText()
    html = inline.toHtml()
    assert "#1a4fd6" in html.lower()  # the insertion is drawn in the insertion colour
    window.actions["viewDraft"].trigger()
    draft_only = window.findChild(QTextBrowser, "policyView")
    assert stack.currentWidget() is draft_only
    assert "Inline words." in draft_only.toPlainText()
    window.actions["viewSideBySide"].trigger()
    assert stack.currentWidget() is window.findChild(CompareView, "compareView")
