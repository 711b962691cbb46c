"""Find never covers the match it found: the find box moves off it."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from policyeditor.gui.editing.find_replace import FindReplaceDialog
from tests.gui.waiting import wait_open


def match_rect(editor) -> QRect:
    """The found words on screen, in global coordinates."""
    cursor = editor.textCursor()
    probe = editor.textCursor()
    probe.setPosition(cursor.selectionStart())
    start = editor.cursorRect(probe)
    probe.setPosition(cursor.selectionEnd())
    end = editor.cursorRect(probe)
    rect = start.united(end)
    return QRect(editor.viewport().mapToGlobal(rect.topLeft()), rect.size())


def settle():
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def opened_with_find(qtbot, window, sample_policy, words):
    window.resize(1280, 820)
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.busy(), timeout=5000)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(FindReplaceDialog, "findReplaceDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.find_edit, words)
    return dialog


def find_and_check(qtbot, window, dialog, words):
    """Press Enter in the find box; the match is on show and not under the box."""
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    settle()
    editor = window.edits._found_in
    assert editor is not None and editor.textCursor().selectedText().lower() == words.lower()
    found = match_rect(editor)
    viewport = window.compare_view.viewport()
    shown = QRect(viewport.mapToGlobal(viewport.rect().topLeft()), viewport.size())
    assert shown.contains(found), (found, shown)  # on show
    assert not dialog.frameGeometry().intersects(found), (dialog.frameGeometry(), found)
    return found


@pytest.mark.parametrize("words", ["privacy policy", "sign off", "you input"])
def test_the_find_box_does_not_cover_the_match(qtbot, window, sample_policy, words):
    dialog = opened_with_find(qtbot, window, sample_policy, words)
    for _ in range(3):  # the first matches, and on
        find_and_check(qtbot, window, dialog, words)


def test_a_find_box_moved_over_the_words_moves_off_them(qtbot, window, sample_policy):
    dialog = opened_with_find(qtbot, window, sample_policy, "information")
    found = find_and_check(qtbot, window, dialog, "information")
    for _ in range(4):  # the user drags the box where the words show; the next find moves it off
        frame = dialog.frameGeometry()
        dialog.move(found.center() - (frame.center() - frame.topLeft()) + dialog.pos() - frame.topLeft())
        settle()
        assert dialog.frameGeometry().intersects(found)
        found = find_and_check(qtbot, window, dialog, "information")
