"""Find and replace across all sections; replace all is one undo step."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from policyeditor.gui.editing.find_replace import FindReplaceDialog
from tests.gui.waiting import wait_open


def test_find_replace_one_and_all(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    document = window.session.document
    before = {s.id: s.body for s, _ in document.policy.walk()}
    assert sum(b.count("Site") for b in before.values()) > 3
    window.actions["find"].trigger()
    dialog = window.findChild(FindReplaceDialog, "findReplaceDialog")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "findEdit"), "Site")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "replaceEdit"), "Website")
    dialog.case_box.setChecked(True)
    dialog.findChild(QPushButton, "findNextButton").click()
    assert window.edits._found_in is not None
    assert window.edits._found_in.textCursor().selectedText() == "Site"
    dialog.findChild(QPushButton, "replaceButton").click()
    changed = [sid for sid, body in before.items() if document.section(sid).body != body]
    assert len(changed) == 1 and "Website" in document.section(changed[0]).body

    dialog.findChild(QPushButton, "replaceAllButton").click()
    assert "Replaced" in dialog.result.text()
    assert not any("Site" in s.body.replace("Website", "") for s, _ in document.policy.walk())
    window.actions["undo"].trigger()  # replace all goes in one step
    assert sum(s.body.count("Website") for s, _ in document.policy.walk()) == 1


def test_replace_keeps_formatting(qapp):
    from policyeditor.gui.editing.find_replace import find_flags, replace_in_body

    body, n = replace_in_body("We **collect** data and collect more.", "collect", "gather",
                              find_flags(True, True))
    assert n == 2
    assert body == "We **gather** data and gather more."


def test_find_next_and_replace_have_their_keys(qtbot, window, sample_policy):
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # Replace…
    dialog = window.findChild(FindReplaceDialog, "findReplaceDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.focusWidget() is dialog.findChild(QLineEdit, "replaceEdit")
    dialog.find_edit.setText("the")
    qtbot.keyClick(dialog, Qt.Key.Key_F3)  # Find Next, from the dialog as from the window
    first = window.edits._found_in
    assert first is not None and first.textCursor().selectedText().lower() == "the"
    at = first.textCursor().position()
    window.actions["findNext"].trigger()
    assert (window.edits._found_in, window.edits._found_in.textCursor().position()) != (first, at)
