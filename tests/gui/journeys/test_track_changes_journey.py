"""A lawyer's whole journey through Track Changes, in the real window, start to finish.

Import the sample policy → edit → Save As → save version 1.0 → edit again and
compare with 1.0 → accept one change and reject another (the markup gone
everywhere at once) → switch the base away and back, close the window and open
the file again (the decisions are still there) → comment → save 1.1, submit it
→ approve it as the reviewer → export it to DOCX, read back with python-docx.
Dialogs are answered by monkeypatch, as a person would answer them.
"""

import shutil
from pathlib import Path

import docx
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QListWidget, QMessageBox

from policyeditor.core.model import Status
from policyeditor.gui.editing.selection_layers import layer
from policyeditor.gui.export.export_dialog import ExportDialog
from policyeditor.gui.models.sections import CHANGE_STATE_ROLE
from policyeditor.gui.review.comment_dialog import CommentDialog
from policyeditor.gui.window.app import settings
from policyeditor.gui.window.dialogs import SaveVersionDialog
from policyeditor.gui.window.main_window import INLINE, SIDE_BY_SIDE, MainWindow
from policyeditor.review.comments import Comments
from policyeditor.store.policyfile import PolicyFile
from tests.gui.review.approve_helpers import answer_approval
from tests.gui.waiting import wait_open

SAMPLE = Path(__file__).parents[3] / "resources" / "samples" / "privacy-policy.txt"
AUTHOR, REVIEWER = "Ada Author", "Rita Reviewer"
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def as_user(name: str) -> None:
    s = settings()
    s.setValue("user/name", name)
    s.setValue("user/initials", "")
    s.sync()


def new_window(qtbot) -> MainWindow:
    window = MainWindow(settings())
    qtbot.addWidget(window)
    window.show()
    return window


def settled(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.busy(), timeout=15_000)


def section_named(window, heading: str):
    return next(s for s, _ in window.session.document.policy.walk() if s.heading == heading)


def type_at(qtbot, editor, words: str, text: str, *, select: bool = False, at_end: bool = True) -> None:
    """Click into `editor` after `words` (or select them) and type `text`, as a person does."""
    found = editor.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), words
    editor.setFocus()
    cursor = editor.textCursor()
    if select:
        cursor = found
    else:
        cursor.setPosition(found.selectionEnd() if at_end else found.selectionStart())
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)


def marked_inline(window) -> list[str]:
    """The inline view's struck or underlined text (links left out)."""
    out = []
    block = window.inline_view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fragment.isValid() and (fmt.fontStrikeOut() or fmt.fontUnderline()) and not fmt.anchorHref():
                out.append(fragment.text())
            it += 1
        block = block.next()
    return out


def state_of(window, section_id: str) -> str:
    model = window.navigator.model()
    return model.data(model.index_of(section_id), CHANGE_STATE_ROLE)


def assert_no_markup(qtbot, window, *section_ids: str) -> None:
    """No change left anywhere: change list, both panes, navigator, inline view, status counts."""
    changes = window.findChild(QListWidget, "changeList")
    assert changes.count() == 0
    assert window.compare_view.change_count() == 0
    for section_id in section_ids:
        row = window.compare_view.row_of(section_id)
        assert not layer(row.left, "changes") and not layer(row.right, "changes")
        assert state_of(window, section_id) == ""
    assert window.findChild(QLabel, "statusChanges").text() == "0 changes"
    window.set_view(INLINE)
    settled(qtbot, window)
    assert marked_inline(window) == []
    window.set_view(SIDE_BY_SIDE)
    settled(qtbot, window)


def test_import_edit_version_compare_decide_reopen_review_approve_export(qtbot, tmp_path, monkeypatch):
    as_user(AUTHOR)
    told: list[tuple[str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *a, k=kind: told.append((k, text))))
    source = tmp_path / "privacy-policy.txt"
    shutil.copy(SAMPLE, source)
    policy_path = tmp_path / "privacy.policy"

    # -- import and edit
    window = new_window(qtbot)
    assert window.open_path(str(source))
    wait_open(qtbot, window)
    settled(qtbot, window)
    intro = section_named(window, "INTRODUCTION")
    cookies = section_named(window, "USE OF COOKIES")
    editor = window.compare_view.row_of(intro.id).right
    type_at(qtbot, editor, "of our users.", " We never sell your data.")
    assert "We never sell your data." in window.session.document.section(intro.id).body

    # -- Save As a .policy, then save version 1.0 (both dialogs answered)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(policy_path), "")))
    window.actions["saveAs"].trigger()
    assert policy_path.exists() and window.session.path == policy_path

    def answer(label):
        def exec_(dialog):
            dialog.label_edit.setText(label)
            dialog.note_edit.setPlainText(f"version {label}")
            return True
        return exec_

    monkeypatch.setattr(SaveVersionDialog, "exec", answer("1.0"))
    window.actions["saveVersion"].trigger()
    assert [v.label for v in window.session.versions()] == ["1.0"]

    # -- edit again and compare with 1.0: two changes in two sections
    combo = window.findChild(QComboBox, "baseVersionCombo")
    combo.setCurrentIndex(combo.findData("1.0"))
    settled(qtbot, window)
    editor = window.compare_view.row_of(intro.id).right
    type_at(qtbot, editor, "respects", "values", select=True)
    cookie_editor = window.compare_view.row_of(cookies.id).right
    first_words = cookie_editor.toPlainText().split(".")[0]
    type_at(qtbot, cookie_editor, first_words, " Rarely.", at_end=True)
    settled(qtbot, window)
    changes = window.findChild(QListWidget, "changeList")
    assert changes.count() >= 2
    assert state_of(window, intro.id) == "edited" and state_of(window, cookies.id) == "edited"

    # -- accept the intro's change (its shortcut), reject the cookies change
    intro_rows = [i for i in range(changes.count())
                  if window.tracker.open_changes()[i].new_id == intro.id]
    changes.setCurrentRow(intro_rows[0])
    window.compare_view.setFocus()
    window.activateWindow()
    qtbot.keyClick(window.compare_view, Qt.Key.Key_A, CTRL_ALT)  # Accept Change
    settled(qtbot, window)
    assert "values" in window.session.document.section(intro.id).body  # accepted: stays in the draft
    cookie_rows = [i for i in range(changes.count())
                   if window.tracker.open_changes()[i].new_id == cookies.id]
    assert len(cookie_rows) == 1
    changes.setCurrentRow(cookie_rows[0])
    qtbot.keyClick(window.compare_view, Qt.Key.Key_R, CTRL_ALT)  # Reject Change
    settled(qtbot, window)
    assert "Rarely" not in window.session.document.section(cookies.id).body  # rejected: gone from it
    assert "values" in window.session.document.section(intro.id).body
    assert_no_markup(qtbot, window, intro.id, cookies.id)

    # -- switch the base away and back: still decided
    combo.setCurrentIndex(combo.findData(None))
    settled(qtbot, window)
    combo.setCurrentIndex(combo.findData("1.0"))
    settled(qtbot, window)
    assert_no_markup(qtbot, window, intro.id, cookies.id)

    # -- close the window, open the file again: the decisions were kept in it
    window.close()
    with PolicyFile.open(policy_path, readonly=True) as pf:
        _, decisions = pf.load_tracking()
        assert sorted(d.verdict for d in decisions["1.0"]) == ["accepted", "rejected"]
        assert {d.author for d in decisions["1.0"]} == {AUTHOR}
    window = new_window(qtbot)
    assert window.open_path(str(policy_path))
    wait_open(qtbot, window)
    settled(qtbot, window)
    combo = window.findChild(QComboBox, "baseVersionCombo")
    assert combo.currentData() == "1.0"
    assert "values" in window.session.document.section(intro.id).body
    assert_no_markup(qtbot, window, intro.id, cookies.id)
    # an edit after reopening is a change of its own, and the accepted one stays accepted
    editor = window.compare_view.row_of(intro.id).right
    type_at(qtbot, editor, "values", " always", at_end=True)
    settled(qtbot, window)
    changes = window.findChild(QListWidget, "changeList")
    assert changes.count() == 1 and "always" in changes.item(0).text()

    # -- comment on the draft's words
    editor = window.compare_view.row_of(intro.id).right
    editor.setFocus()
    editor.activateWindow()
    editor.setTextCursor(editor.document().find("We never sell your data."))
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    window.actions["comment"].trigger()
    dialog = window.findChild(CommentDialog, "commentDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.body_edit, "Say which data.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.findChild(QLabel, "statusComments").text() == "1 open comment"

    # -- save 1.1, submit it for review; the reviewer approves it
    monkeypatch.setattr(SaveVersionDialog, "exec", answer("1.1"))
    window.actions["saveVersion"].trigger()
    assert window.versions_panel.select("1.1")
    window.actions["submitForReview"].trigger()
    assert window.versions_panel.list.currentItem().text(3) == "In review"
    as_user(REVIEWER)
    answer_approval(qtbot)  # the confirmation names the version, its hash and the open comment
    window.actions["approveVersion"].trigger()
    assert window.versions_panel.list.currentItem().text(3) == "Approved", told
    with PolicyFile.open(policy_path, readonly=True) as pf:
        assert pf.version("1.1").status == Status.APPROVED
        approved = pf.version("1.1").policy
        assert any(t.root.body == "Say which data." for t in Comments(pf).threads())

    # -- export the approved 1.1 to DOCX and read it back
    window.actions["export"].trigger()
    export = window.findChild(ExportDialog, "exportDialog")
    assert export is not None and export.isVisible()
    export.version_combo.setCurrentIndex(export.version_combo.findData("1.1"))
    out = tmp_path / "privacy-1.1.docx"
    ended = []
    export.finished.connect(lambda _result: ended.append(True))
    export.path_edit.clear()
    qtbot.keyClicks(export.path_edit, str(out))
    export.export_button.click()
    qtbot.waitUntil(lambda: bool(ended), timeout=60_000)
    assert out.exists()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Picopicaengineering values always the privacy of our users. We never sell your data." in text
    assert "Rarely" not in text and "DRAFT" not in text
    assert approved.find(cookies.id).body.split(".")[0] in text  # the cookies section as it was in 1.0
    window.close()
