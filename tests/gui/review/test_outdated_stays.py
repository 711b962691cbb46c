"""An outdated comment stays outdated after an unrelated edit: it does not jump onto another
occurrence of its words ("personal data" twice in one section)."""

from PySide6.QtCore import Qt

from policyeditor.core.model import Status
from policyeditor.formats.importers import import_document
from policyeditor.gui.review.comment_dialog import CommentDialog
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open

TEXT = ("# Policy\n\n## 1. Data\n\n"
        "We collect personal data from you. We never sell personal data to brokers.\n")


def _policy(tmp_path):
    (tmp_path / "p.md").write_text(TEXT, encoding="utf-8")
    policy = import_document(tmp_path / "p.md").policy
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, policy, author="Ann") as pf:
        pf.save_version(policy, "1.0", author="Ann", status=Status.APPROVED)
    return path


def _type_over(qtbot, editor, words, text):
    cursor = editor.document().find(words)
    assert not cursor.isNull(), words
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)


def test_an_outdated_comment_does_not_move_to_the_first_personal_data(qtbot, window, tmp_path):
    assert window.open_path(str(_policy(tmp_path)))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    section = next(s for s, _ in window.session.document.policy.walk() if s.heading == "Data")
    editor = window.compare_view.row_of(section.id).right
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    first = editor.document().find("personal data")
    editor.setTextCursor(editor.document().find("personal data", first))  # the second one
    window.actions["comment"].trigger()
    dialog = window.findChild(CommentDialog, "commentDialog")
    qtbot.keyClicks(dialog.body_edit, "Is this still true for data brokers?")
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    def anchor():
        return window.review.controller.threads()[0].anchor

    _type_over(qtbot, editor, "We never sell personal data to brokers.", "We never sell anything.")
    window.session.save()  # what autosave does
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    assert anchor().outdated and anchor().quote == "personal data"
    _type_over(qtbot, editor, "from you", "from our users")  # an unrelated edit
    window.session.save()
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    assert anchor().outdated, f"the comment moved onto other words: {anchor()}"
