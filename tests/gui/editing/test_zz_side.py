from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from tests.gui.editing.test_inline_keys import BODY, ENTER, BACK, body, policy_path  # noqa
from tests.gui.waiting import settled, wait_open


def draft_editor(qtbot, window, policy_path):
    window.open_path(str(policy_path)); wait_open(qtbot, window); settled(qtbot, window)
    ed = window.findChild(CompareView).findChildren(SectionEditor, "draftEditor")[-1]
    ed.setFocus()
    return ed

def put(ed, words, at):
    found = ed.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)
    c = ed.textCursor(); c.setPosition(found.selectionStart() + at); ed.setTextCursor(c)

def test_side_back(qtbot, window, policy_path):
    ed = draft_editor(qtbot, window, policy_path)
    put(ed, "second item", 0)
    qtbot.keyClick(ed, BACK)
    print(repr(body(window)))
    settled(qtbot, window)
    qtbot.keyClicks(ed, "A ")
    print(repr(body(window)))

def test_side_empty(qtbot, window, policy_path):
    ed = draft_editor(qtbot, window, policy_path)
    put(ed, "first item", len("first item"))
    qtbot.keyClick(ed, ENTER)
    print(repr(body(window)))
    qtbot.keyClick(ed, Qt.Key.Key_Up)
    settled(qtbot, window)
    print(repr(body(window)), ed.document().blockCount(), [ed.document().findBlockByNumber(i).textList() is not None for i in range(ed.document().blockCount())])
    put(ed, "first item", len("first item"))
    qtbot.keyClick(ed, Qt.Key.Key_Down)
    qtbot.keyClick(ed, ENTER)
    print("enter on empty", repr(body(window)))
    qtbot.keyClick(ed, ENTER)
    print("enter again", repr(body(window)))
