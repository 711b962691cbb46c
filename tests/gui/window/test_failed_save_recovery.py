"""A .policy file that refuses its draft (its folder made read-only): the words are kept, and told once.

The refusal is the PolicyFileError a read-only folder gives (`store/failures.py`),
raised by the file's `save_draft`; the crash is `crash` from test_lifecycle: no close.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from policyeditor.core.errors import PolicyFileError
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open
from tests.gui.window.test_lifecycle import (
    TYPED,
    Button,
    crash,
    entries,
    questions,
    restart,
    save_dialog,
    type_sentence,
)

__all__ = ["questions", "save_dialog"]  # the fixtures, shared

REFUSED = "privacy.policy cannot be written: its folder is read-only"
FIRST, LATER = " Typed while the folder was read-only.", " And more after."


@pytest.fixture
def refusing():
    """Make a session's file refuse every save, as a read-only folder does; returns the undo."""
    files = []

    def refuse(session):
        def save_draft(_policy, **_tracking):
            raise PolicyFileError(REFUSED)

        files.append(session.file)
        session.file.save_draft = save_draft
        return writable_again

    def writable_again():
        for file in files:
            vars(file).pop("save_draft", None)

    yield refuse
    writable_again()


@pytest.fixture(autouse=True)
def told(monkeypatch):
    """Warnings kept, never shown: a box left open (the window's close, at teardown) would wait forever."""
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, *text: warnings.append(text)))
    return warnings


def kept_draft(window):
    """The draft the window's recovery entry holds (None: it names only the file)."""
    data = json.loads(window.life.recovery.keeper.entry_path.read_text(encoding="utf-8"))
    return data["draft"]


def autosave_fails(qtbot, window):
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Autosave failed: {REFUSED}",
                    timeout=6000)


def test_a_crash_after_a_failed_autosave_offers_the_words_back_into_the_file(qtbot, window, sample_policy,
                                                                            refusing, monkeypatch):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    refusing(window.session)
    section_id = type_sentence(qtbot, window, FIRST)
    autosave_fails(qtbot, window)
    assert FIRST in json.dumps(kept_draft(window))
    type_sentence(qtbot, window, LATER)  # each later change is kept as its autosave fails again
    qtbot.waitUntil(lambda: LATER in json.dumps(kept_draft(window)), timeout=6000)
    crash(window)

    after, offered = restart(qtbot, monkeypatch)
    assert len(offered) == 1 and "privacy.policy" in offered[0] and offered[0].endswith("Restore them?")
    assert after.session.path == sample_policy
    assert after.session.document.section(section_id).body.endswith(FIRST + LATER)
    assert after.statusBar().currentMessage().startswith("Restored the changes kept at")
    assert kept_draft(after) is None  # written into the file at once: nothing more to keep
    after.actions["undo"].trigger()  # one step: the file's draft as the crash left it
    assert not after.session.document.section(section_id).body.endswith(LATER)
    after.actions["redo"].trigger()
    after.close()
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        assert pf.load_draft().find(section_id).body.endswith(FIRST + LATER)
    assert entries() == []


def test_a_later_save_that_succeeds_leaves_nothing_to_offer(qtbot, window, sample_policy, refusing,
                                                            monkeypatch):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    writable_again = refusing(window.session)
    section_id = type_sentence(qtbot, window, FIRST)
    autosave_fails(qtbot, window)
    assert kept_draft(window) is not None
    writable_again()
    type_sentence(qtbot, window, LATER)
    qtbot.waitUntil(lambda: window.session.undo_stack.isClean(), timeout=6000)  # autosaved
    assert kept_draft(window) is None
    crash(window)

    after, offered = restart(qtbot, monkeypatch)
    assert offered == []
    assert after.session.document.section(section_id).body.endswith(FIRST + LATER)
    assert after.statusBar().currentMessage().startswith("Recovered the draft autosaved at")


def test_closing_a_file_that_refuses_its_draft_asks_once_in_plain_sentences(qtbot, window, sample_policy,
                                                                             refusing, questions, told):
    asked, answers = questions
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    refusing(window.session)
    type_sentence(qtbot, window)
    answers.append(Button.Discard)
    window.actions["quit"].trigger()
    assert asked == [f"{REFUSED}. The changes made since its last save are only in this window. "
                     "Save a copy elsewhere?"]
    assert told == [] and not window.isVisible()  # Don't Save: no second box, no second try
    assert entries() == []  # let go on purpose


def test_save_a_copy_elsewhere_keeps_the_words_of_a_file_that_refuses_them(qtbot, window, sample_policy,
                                                                           refusing, questions,
                                                                           save_dialog, tmp_path):
    asked, answers = questions
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    refusing(window.session)
    section_id = type_sentence(qtbot, window)
    copy = tmp_path / "elsewhere" / "copy.policy"
    copy.parent.mkdir()
    answers.append(Button.Save)
    save_dialog[1][0] = str(copy)
    window.actions["quit"].trigger()
    assert len(asked) == 1 and not window.isVisible()
    with PolicyFile.open(copy, readonly=True) as pf:
        assert pf.load_draft().find(section_id).body.endswith(TYPED)
    with PolicyFile.open(sample_policy, readonly=True) as pf:  # the refusing file: as it was
        assert not pf.load_draft().find(section_id).body.endswith(TYPED)
