"""A window's life as a user lives it: quitting with unsaved work (each answer), a crash and the next
start, Save As then review, opening the open file again, the start page, New Policy and Open Recent."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.review.comment_dialog import CommentDialog
from policyeditor.gui.window import open_windows
from policyeditor.gui.window.app import settings
from policyeditor.gui.window.file_actions import proposed_policy_path
from policyeditor.gui.window.lifecycle import DOCUMENT, START_PAGE
from policyeditor.gui.window.main_window import MainWindow
from policyeditor.gui.window.recovery import recovery_folder
from policyeditor.gui.window.start_page import SAMPLE
from policyeditor.review.comments import Comments
from policyeditor.store.lock import WriteLock
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open

Button = QMessageBox.StandardButton
TYPED = " A sentence typed before quitting."
CRASH_CHILD = Path(__file__).with_name("crash_child.py")


@pytest.fixture
def source(tmp_path) -> Path:
    """The sample policy as a plain document of its own folder (no .policy file beside it yet)."""
    folder = tmp_path / "documents"
    folder.mkdir()
    return Path(shutil.copy(SAMPLE, folder / "privacy-policy.txt"))


@pytest.fixture
def questions(monkeypatch):
    """Answer "Save changes?" with the answers queued in the list returned; each question is kept."""
    asked: list[str] = []
    answers: list[QMessageBox.StandardButton] = []

    def question(_parent, title, text, buttons=None, default=None):
        asked.append(text)
        assert buttons == Button.Save | Button.Discard | Button.Cancel or title != "Save changes?"
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked, answers


@pytest.fixture
def save_dialog(monkeypatch):
    """QFileDialog.getSaveFileName answering with `answer[0]` (None: Cancel); proposals are kept."""
    proposed: list[str] = []
    answer: list[str | None] = [None]

    def ask(_parent, _caption, directory="", _filter=""):
        proposed.append(directory)
        return (answer[0] or "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    return proposed, answer


def draft_editors(window):
    return window.compare_view.findChildren(SectionEditor, "draftEditor")


def type_sentence(qtbot, window, text=TYPED):
    editor = draft_editors(window)[1]
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)
    assert window.session.document.section(editor.section_id).body.endswith(text)
    return editor.section_id


def import_and_type(qtbot, window, source):
    assert window.open_path(str(source))
    wait_open(qtbot, window)
    return type_sentence(qtbot, window)


def quit_by_shortcut(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window.compare_view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def entries(folder=None):
    return sorted((folder or recovery_folder()).glob("*.json"))


# ------------------------------------------------------------ quitting with unsaved work

def test_quit_with_unsaved_work_save_saves_as_beside_the_source_and_quits(qtbot, window, source,
                                                                        questions, save_dialog):
    asked, answers = questions
    proposed, answer = save_dialog
    section_id = import_and_type(qtbot, window, source)
    target = source.with_suffix(".policy")
    answers.append(Button.Save)
    answer[0] = str(target)
    quit_by_shortcut(qtbot, window)
    assert len(asked) == 1 and "privacy-policy.txt" in asked[0]
    assert proposed == [str(target)]  # the source's folder and name
    assert not window.isVisible()
    with PolicyFile.open(target, readonly=True) as pf:
        assert pf.load_draft().find(section_id).body.endswith(TYPED)
    assert entries() == []  # a clean quit leaves nothing to recover


def test_quit_with_unsaved_work_dont_save_quits_and_writes_nothing(qtbot, window, source, questions,
                                                                 save_dialog):
    asked, answers = questions
    import_and_type(qtbot, window, source)
    qtbot.waitUntil(lambda: entries() != [], timeout=6000)  # the recovery copy, once the typist paused
    answers.append(Button.Discard)
    window.actions["quit"].trigger()
    assert len(asked) == 1 and not window.isVisible()
    assert sorted(p.name for p in source.parent.iterdir()) == ["privacy-policy.txt"]
    assert save_dialog[0] == []
    assert entries() == []


def test_quit_with_unsaved_work_cancel_keeps_the_window_and_the_words(qtbot, window, source, questions,
                                                                    save_dialog):
    asked, answers = questions
    section_id = import_and_type(qtbot, window, source)
    answers.append(Button.Cancel)
    quit_by_shortcut(qtbot, window)
    assert len(asked) == 1 and window.isVisible()
    assert window.session.document.section(section_id).body.endswith(TYPED)
    # Save, then Cancel in the Save As dialog: the quit is cancelled too
    answers.append(Button.Save)
    window.close()
    assert len(asked) == 2 and save_dialog[0] and window.isVisible()
    assert sorted(p.name for p in source.parent.iterdir()) == ["privacy-policy.txt"]
    answers.append(Button.Discard)  # the fixture's close at the end


def test_a_policy_file_is_never_asked_about_its_pending_autosave_is_written(qtbot, window, sample_policy,
                                                                          questions):
    asked, _ = questions
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    section_id = type_sentence(qtbot, window)
    assert window.session.autosave_pending
    window.actions["quit"].trigger()
    assert asked == [] and not window.isVisible()
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        assert pf.load_draft().find(section_id).body.endswith(TYPED)


def test_opening_another_document_or_closing_asks_first(qtbot, window, source, sample_policy, questions,
                                                       monkeypatch):
    asked, answers = questions
    section_id = import_and_type(qtbot, window, source)
    first = window.session
    answers.append(Button.Cancel)
    assert not window.open_path(str(sample_policy))  # Cancel: nothing opened, the words kept
    assert window.session is first and not window.opening()
    answers.append(Button.Cancel)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(sample_policy), "")))
    window.actions["importDocument"].trigger()
    assert window.session is first and len(asked) == 2
    answers.append(Button.Cancel)
    window.actions["closeDocument"].trigger()  # File ▸ Close
    assert window.session is first and window.life.pages.currentIndex() == DOCUMENT
    assert first.document.section(section_id).body.endswith(TYPED)
    answers.append(Button.Discard)
    window.actions["closeDocument"].trigger()
    assert window.session is None and window.life.pages.currentIndex() == START_PAGE
    assert window.windowTitle() == "Policy Editor" and not window.actions["closeDocument"].isEnabled()


# ------------------------------------------------------------ a crash, and the next start

def crash(window):
    """The process dies: no clean close. Its files' and recovery entry's locks go with it."""
    if window.session is not None and window.session.file is not None:
        window.session.file.close()
        window.session.file = None
    window.life.recovery.keeper._alive.release()
    open_windows.closed(window)
    window.hide()


def answer_restore(monkeypatch) -> list[str]:
    """Answer each Restore / Discard question with Restore; the questions are kept in the list returned."""
    offered: list[str] = []

    def restore(box):
        offered.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == "Restore").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", restore)
    return offered


def restart(qtbot, monkeypatch, brought=1):
    """The next start after a crash: a new window resumes, answering Restore; it and what it offered."""
    offered = answer_restore(monkeypatch)
    after = MainWindow(settings())
    qtbot.addWidget(after)
    after.show()
    assert after.life.resume() == brought
    wait_open(qtbot, after)
    return after, offered


def test_after_a_crash_the_next_start_reopens_the_file_and_offers_the_draft(qtbot, source, sample_policy,
                                                                           monkeypatch, questions):
    asked, answers = questions
    first = MainWindow(settings())
    qtbot.addWidget(first)
    first.show()
    first.open_path(str(sample_policy))
    wait_open(qtbot, first)
    policy_section = type_sentence(qtbot, first, " Autosaved before the crash.")
    first.session.save()
    second = MainWindow(settings())
    qtbot.addWidget(second)
    second.show()
    import_section = import_and_type(qtbot, second, source)
    qtbot.waitUntil(lambda: len(entries()) == 2 and not second.life.recovery.pending, timeout=6000)
    crash(first)
    crash(second)

    made = []

    def new_window():
        window = MainWindow(settings())
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    monkeypatch.setattr(open_windows, "new_window", new_window)
    after, offered = restart(qtbot, monkeypatch, brought=2)
    assert after.session.path == sample_policy and not after.session.read_only
    assert after.session.document.section(policy_section).body.endswith(" Autosaved before the crash.")
    assert after.statusBar().currentMessage().startswith("Recovered the draft autosaved at")
    assert len(offered) == 1 and "privacy-policy.txt" in offered[0]
    assert len(made) == 1  # the draft in a window of its own: the first has the .policy file
    restored = made[0].session
    assert restored.document.section(import_section).body.endswith(TYPED)
    assert restored.file is None and restored.unsaved and restored.source == str(source)
    assert made[0].life.pages.currentIndex() == DOCUMENT
    assert len(entries()) == 2  # the two new windows' own entries; the crashed ones are forgotten
    # the restored draft still asks before it goes
    answers.append(Button.Cancel)
    made[0].close()
    assert asked and made[0].isVisible()
    answers.append(Button.Discard)
    made[0].close()
    after.close()
    assert entries() == []
    for dead in (first, second):  # the crashed process's windows, let go
        answers.append(Button.Discard)
        dead.close()


def test_a_recovered_draft_discarded_is_gone_for_good(qtbot, window, source, monkeypatch):
    import_and_type(qtbot, window, source)
    qtbot.waitUntil(lambda: len(entries()) == 1 and not window.life.recovery.pending, timeout=6000)
    crash(window)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole).click())
    after = MainWindow(settings())
    qtbot.addWidget(after)
    assert after.life.resume() == 0
    assert after.session is None and entries() == []
    assert after.life.resume() == 0  # not offered again
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: Button.Discard))
    window.close()  # the crashed process's window, let go


# ------------------------------------------------------------ Save As, then review at once

def test_save_as_then_comment_at_once(qtbot, window, source, save_dialog):
    proposed, answer = save_dialog
    import_and_type(qtbot, window, source)
    assert not window.actions["comment"].isEnabled()
    target = source.parent / "privacy.policy"
    answer[0] = str(target)
    qtbot.keyClick(window.compare_view, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # Save As
    assert proposed == [str(source.with_suffix(".policy"))]
    assert window.session.path == target
    for name in ("comment", "mergeReview", "saveVersion"):
        assert window.actions[name].isEnabled(), name
    editor = draft_editors(window)[1]
    editor.setFocus()
    editor.activateWindow()
    editor.setTextCursor(editor.document().find("A sentence typed"))
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    window.actions["comment"].trigger()
    dialog = window.findChild(CommentDialog, "commentDialog")
    assert dialog is not None
    qtbot.keyClicks(dialog.body_edit, "Is this needed?")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with PolicyFile.open(target, readonly=True) as pf:
        threads = Comments(pf).threads()
    assert [t.root.body for t in threads] == ["Is this needed?"]
    assert window.review.panel.list.count() == 1


# ------------------------------------------------------------ one window per file

def test_opening_the_open_file_again_brings_its_window_forward(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    shown = window.session
    assert window.open_path(str(sample_policy))  # File ▸ Open, again
    assert not window.opening() and window.session is shown and not shown.read_only
    recent = window.findChild(type(window.recent_menu), "menuRecent")
    recent.aboutToShow.emit()
    recent.actions()[0].trigger()  # Open Recent
    assert not window.opening() and window.session is shown

    other = MainWindow(settings())
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    assert other.open_path(str(sample_policy))
    assert other.session is None and not other.opening()  # no second, read-only copy
    assert window.isVisible() and "open in this window" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_a_file_another_program_writes_is_offered_read_only_with_the_reason(qtbot, window, sample_policy,
                                                                           monkeypatch):
    held = WriteLock(sample_policy)  # as another process's writer holds it
    held.acquire()
    asked = []
    answers = [Button.Cancel, Button.Open]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda _parent, title, text, *a: (asked.append((title, text)), answers.pop(0))[1]))
    try:
        window.open_path(str(sample_policy))
        wait_open(qtbot, window)
        assert window.session is None  # Cancel: not opened at all
        assert asked[0][0] == "File in use"
        assert asked[0][1].startswith("privacy.policy is open for writing in another program")
        assert asked[0][1].count(". ") == 1 and asked[0][1].endswith("Open it read-only?")
        window.open_path(str(sample_policy))
        wait_open(qtbot, window)
        qtbot.waitUntil(lambda: window.session is not None, timeout=5000)
        wait_open(qtbot, window)
        assert window.session.read_only and window.session.name == "privacy.policy (read-only)"
    finally:
        held.release()


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_read_only_file_is_offered_read_only(qtbot, window, sample_policy, monkeypatch, where):
    # the fault: "privacy.policy is read-only; open it read-only or save a copy elsewhere", with only
    # OK, and no way to open it read-only
    marked = sample_policy if where == "file" else sample_policy.parent
    mode = marked.stat().st_mode
    marked.chmod(0o444 if where == "file" else 0o555)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda _parent, title, text, *a: (asked.append((title, text)), Button.Open)[1]))
    try:
        before = sample_policy.read_bytes()
        window.open_path(str(sample_policy))
        qtbot.waitUntil(lambda: window.session is not None, timeout=5000)
        wait_open(qtbot, window)
        assert asked == [("Read-only file", "privacy.policy is read-only (the file, or the folder it is in, "
                                            "may not be written), so changes here could not be saved. "
                                            "Open it read-only?")]
        assert window.session.read_only and window.session.name == "privacy.policy (read-only)"
        assert window.session.document.policy.sections
        window.close()
        assert sample_policy.read_bytes() == before
    finally:
        marked.chmod(mode)


# ------------------------------------------------------------ the start page, New Policy, Open Recent

def test_the_start_page_opens_the_sample_and_recent_files(qtbot, window, sample_policy, tmp_path):
    page = window.life.start_page
    assert window.life.pages.currentIndex() == START_PAGE and page.isVisible()
    assert {"import", "open", "new", "sample"} <= set(page.buttons)
    qtbot.mouseClick(page.buttons["sample"], Qt.MouseButton.LeftButton)
    wait_open(qtbot, window)
    assert window.session.source == str(SAMPLE) and window.life.pages.currentIndex() == DOCUMENT

    gone = tmp_path / "gone.policy"
    s = settings()
    s.setValue("recentFiles", [str(sample_policy), str(gone)])
    window.life.close_document()
    assert page.isVisible() and page.recent.count() == 1  # the file that is gone is not offered
    item = page.recent.item(0)
    qtbot.mouseClick(page.recent.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.recent.visualItemRect(item).center())
    wait_open(qtbot, window)
    assert window.session.path == sample_policy


def test_open_recent_forgets_files_that_are_gone(qtbot, window, sample_policy, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: None))
    later = tmp_path / "later.policy"
    shutil.copy(sample_policy, later)
    s = settings()
    s.setValue("recentFiles", [str(later), str(tmp_path / "gone.policy"), str(sample_policy)])
    menu = window.recent_menu
    menu.aboutToShow.emit()  # the menu is built as it opens
    assert [a.text() for a in menu.actions()] == ["later.policy", "privacy.policy"]
    later.unlink()  # gone after the menu was built, then chosen
    menu.actions()[0].trigger()
    wait_open(qtbot, window)
    assert window.recent_files() == [str(sample_policy)]
    assert [a.text() for a in menu.actions()] == ["privacy.policy"]


def test_new_policy_is_one_empty_section_that_asks_to_be_saved(qtbot, window, questions, save_dialog,
                                                               tmp_path):
    asked, answers = questions
    proposed, answer = save_dialog
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    session = window.session
    assert session is not None and session.file is None and session.unsaved
    assert [s.heading for s, _ in session.document.policy.walk()] == ["New section"]
    assert window.life.pages.currentIndex() == DOCUMENT
    assert window.actions["saveAs"].isEnabled()
    target = tmp_path / "new.policy"
    answers.append(Button.Save)
    answer[0] = str(target)
    window.close()
    assert asked and not window.isVisible() and target.exists()
    assert proposed[0].endswith("Untitled policy.policy")


def test_save_as_proposes_the_sources_folder_and_name(qtbot, window, source, sample_policy):
    window.open_path(str(source))
    wait_open(qtbot, window)
    assert proposed_policy_path(window.session) == source.parent / "privacy-policy.policy"
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    assert proposed_policy_path(window.session) == sample_policy.parent / "privacy copy.policy"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_killed_application_is_brought_back_at_the_next_start(qtbot, source, sample_policy, monkeypatch):
    """The process is killed (SIGKILL) with a .policy open and a sentence typed into an imported document."""
    child = subprocess.Popen([sys.executable, str(CRASH_CHILD), str(sample_policy), str(source), TYPED],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    try:
        assert child.stdout.readline() == "ready\n", child.stderr.read()[-2000:]
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    made = []

    def new_window():
        window = MainWindow(settings())
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    monkeypatch.setattr(open_windows, "new_window", new_window)
    offered = answer_restore(monkeypatch)
    after = new_window()
    assert after.life.resume() == 2
    wait_open(qtbot, after)
    assert after.session.path == sample_policy and not after.session.read_only
    assert len(offered) == 1 and "privacy-policy.txt" in offered[0] and "Restore them?" in offered[0]
    restored = made[1].session
    assert restored.unsaved and any(s.body.endswith(TYPED) for s, _ in restored.document.policy.walk())
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: Button.Discard))


def test_a_policy_whose_autosave_cannot_be_written_asks_before_it_goes(qtbot, window, sample_policy,
                                                                      questions, monkeypatch):
    from policyeditor.core.errors import PolicyFileError

    asked, answers = questions
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    type_sentence(qtbot, window)

    def full(_policy, **_tracking):
        raise PolicyFileError("the disk is full.")

    monkeypatch.setattr(window.session.file, "save_draft", full)
    answers.append(Button.Cancel)
    window.actions["quit"].trigger()
    assert window.isVisible() and len(asked) == 1
    assert asked[0].startswith("the disk is full. The changes made since") and asked[0].endswith("elsewhere?")
    monkeypatch.delattr(window.session.file, "save_draft")  # room again: the quit writes the draft, goes
    section_id = draft_editors(window)[1].section_id
    window.actions["quit"].trigger()
    assert not window.isVisible() and len(asked) == 1
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        assert pf.load_draft().find(section_id).body.endswith(TYPED)


def test_quit_closes_every_window_each_asking_for_its_own_work(qtbot, window, source, sample_policy,
                                                               questions):
    asked, answers = questions
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    other = MainWindow(settings())
    qtbot.addWidget(other)
    other.show()
    import_and_type(qtbot, other, source)
    answers.append(Button.Cancel)
    window.actions["quit"].trigger()
    assert len(asked) == 1 and other.isVisible() and window.isVisible()  # Cancel stops the quit
    answers.append(Button.Discard)
    window.actions["quit"].trigger()
    assert not other.isVisible() and not window.isVisible()


def test_a_file_given_at_the_start_and_open_at_the_crash_opens_once(qtbot, window, sample_policy,
                                                                   monkeypatch):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    crash(window)
    made = []
    monkeypatch.setattr(open_windows, "new_window", lambda: made.append(1))
    after = MainWindow(settings())
    qtbot.addWidget(after)
    after.show()
    after.open_path(str(sample_policy))  # policyeditor FILE, then the crash's files
    after.life.resume()
    wait_open(qtbot, after)
    assert made == [] and after.session.path == sample_policy and not after.session.read_only
    assert entries() == [after.life.recovery.keeper.entry_path]
