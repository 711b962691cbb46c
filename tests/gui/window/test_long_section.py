"""A section too long to lay out in one turn is put in its panes a slice per turn: the window keeps
responding, the whole text arrives, is lit and editable, and what is typed meanwhile is kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel

from policyeditor.core.model import Policy, Section, Status
from policyeditor.gui.editing import section_editor
from policyeditor.gui.editing.rich_text import document_body
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import settled, wait_open

PARAGRAPHS = 3_000  # about 260,000 characters: many slices


def long_body(last: str = "end") -> str:
    paragraphs = [f"Paragraph {n} " + "word " * 15 + "stop." for n in range(PARAGRAPHS)]
    paragraphs[-1] = f"The last paragraph ends with {last}."
    return "\n\n".join(paragraphs)


@pytest.fixture
def long_policy(tmp_path):
    """One long section; the draft changed the last word of its approved 1.0 (past the first slices)."""
    path = tmp_path / "long.policy"
    policy = Policy(title="Long", sections=[Section(heading="Everything", body=long_body("old"))])
    with PolicyFile.create(path, policy, author="Test") as pf:
        pf.save_version(policy, "1.0", author="Test", status=Status.APPROVED)
        policy.sections[0].body = long_body("new")
        pf.save_draft(policy)
    return path


@pytest.fixture
def thin_slices(monkeypatch):
    monkeypatch.setattr(section_editor, "SLICE_MS", 1)  # many turns, whatever the machine's speed


def draft_editor(window):
    rows = window.compare_view.rows
    return rows[0].right if rows else None


def test_a_long_section_opens_while_the_window_keeps_responding(qtbot, window, long_policy):
    beats = []
    progress_texts = set()
    label = window.findChild(QLabel, "openProgressLabel")

    def beat() -> None:  # a timer on the UI thread fires only while that thread is free
        if window.session is not None and window.compare_view.building:
            beats.append(1)
            if label.isVisible():
                progress_texts.add(label.text())

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    heartbeat.start(5)
    window.open_path(str(long_policy))
    wait_open(qtbot, window, timeout=60_000)
    settled(qtbot, window)
    heartbeat.stop()
    assert len(beats) >= 3, "the window froze while the long section was laid out"
    assert any(text.startswith("Laying out the text") for text in progress_texts)
    assert not label.isVisible()
    row = window.compare_view.rows[0]
    assert document_body(row.left.document()) == long_body("old")
    assert document_body(row.right.document()) == long_body("new")
    assert window.compare_view.change_count() >= 1  # the last word's change, lit once all is in
    assert row.right.height() > 10 * window.compare_view.viewport().height()  # as tall as all of it
    assert row.right.textCursor().position() == 0  # not carried along to the end by the text put in


def test_typing_while_a_long_section_is_put_in_is_kept(qtbot, window, long_policy, thin_slices):
    window.open_path(str(long_policy))
    qtbot.waitUntil(lambda: draft_editor(window) is not None and draft_editor(window).filling)
    editor = draft_editor(window)
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(editor, "Typed ")
    editor.moveCursor(QTextCursor.MoveOperation.End)  # the end of what is in so far
    qtbot.keyClicks(editor, " more")
    assert editor.filling, "the text was all in before the typing: nothing tested"
    section = window.session.document.policy.sections[0]
    assert section.body.startswith("Typed Paragraph 0 ")
    assert section.body.endswith("The last paragraph ends with new.")  # the rest is still the body's
    wait_open(qtbot, window, timeout=60_000)
    settled(qtbot, window)
    assert not editor.filling
    assert document_body(editor.document()) == section.body
    assert len(section.body) == len(long_body("new")) + len("Typed  more")
    assert " more\n\n" in section.body  # typed at the end of a paragraph, the next one after it
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Exclam)
    assert window.session.document.policy.sections[0].body.endswith("ends with new.!")


@pytest.fixture
def long_draft(tmp_path):
    """A section short in the approved 1.0, long in the draft: only the draft's editor is filled in turns."""
    path = tmp_path / "draft.policy"
    policy = Policy(title="Long", sections=[Section(heading="All", body="Short.")])
    with PolicyFile.create(path, policy, author="Test") as pf:
        pf.save_version(policy, "1.0", author="Test", status=Status.APPROVED)
        policy.sections[0].body = long_body()
        pf.save_draft(policy)
    return path


def test_an_undo_while_a_long_section_is_put_in_shows_all_of_the_body_it_brings_back(
        qtbot, window, long_draft, thin_slices):
    window.open_path(str(long_draft))
    qtbot.waitUntil(lambda: draft_editor(window) is not None and draft_editor(window).filling)
    editor = draft_editor(window)
    assert not window.compare_view.rows[0].left.filling  # the only editor being filled is the draft's
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(editor, "Typed ")
    window.actions["undo"].trigger()  # the draft's body changes under the editor still being filled
    assert not editor.filling
    assert document_body(editor.document()) == long_body() == window.session.document.policy \
        .sections[0].body
    wait_open(qtbot, window, timeout=10_000)  # and the view is built: it waited for the editor
    settled(qtbot, window)


def test_find_while_a_long_section_is_put_in_looks_through_all_of_it(qtbot, window, long_policy, thin_slices):
    from policyeditor.gui.editing.find_replace import FindReplaceDialog

    window.open_path(str(long_policy))
    qtbot.waitUntil(lambda: draft_editor(window) is not None and draft_editor(window).filling)
    editor = draft_editor(window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(FindReplaceDialog, "findReplaceDialog")
    assert editor.filling, "the text was all in before the find: nothing tested"
    qtbot.keyClicks(dialog.find_edit, "ends with new")  # in the last paragraph, not in yet
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    assert dialog.result.text() != "Not found."
    assert editor.textCursor().selectedText() == "ends with new"
    assert document_body(editor.document()) == long_body("new")  # all of it put in for the find
    wait_open(qtbot, window, timeout=60_000)
    settled(qtbot, window)
    assert document_body(editor.document()) == long_body("new")
