"""Between saves (and while they fail) a comment's mark and a click on its thread are on its words
as the draft now has them: after typing before them, after Undo and Redo, after they were typed over."""

import pytest
from PySide6.QtCore import Qt

from policyeditor.core.body import plain_text
from policyeditor.core.errors import PolicyFileError
from policyeditor.gui.review.edited_sections import FOLLOW_MS
from policyeditor.review.comments import Comments
from tests.gui.review.test_review import (  # noqa: F401  (`opened` is a fixture)
    comment,
    commented_words,
    editor_with,
    labels,
    opened,
    panel_of,
    select,
)

WORDS = "your refusal to do so"
TYPED = "Typed before. "


@pytest.fixture
def saves_fail(monkeypatch):
    """Make every save of the draft fail, as on a full disk: nothing re-anchors through a save."""
    def refuse(*_args, **_kwargs):
        raise PolicyFileError("privacy.policy cannot be written: disk full")

    return lambda window: monkeypatch.setattr(window.session.file, "save_draft", refuse)


def commented(qtbot, window, view):
    """The draft pane with a comment on WORDS (commenting saves the draft)."""
    draft = editor_with(view, "draftEditor", WORDS)
    select(qtbot, draft, WORDS)
    comment(qtbot, window, "Which features?")
    assert commented_words(draft) == [WORDS]
    return draft


def type_at_start(qtbot, draft):
    draft.setFocus()
    cursor = draft.textCursor()
    cursor.setPosition(0)
    draft.setTextCursor(cursor)
    qtbot.keyClicks(draft, TYPED)


def click_thread(qtbot, window):
    panel = panel_of(window)
    rect = panel.list.visualItemRect(panel.list.item(0))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def stored_start(window):
    [thread] = Comments(window.session.file).threads()
    return thread.anchor.start


def test_a_click_at_once_after_typing_before_the_words_selects_them(qtbot, opened, saves_fail):  # noqa: F811
    window, view = opened
    draft = commented(qtbot, window, view)
    saved_at = stored_start(window)
    saves_fail(window)
    type_at_start(qtbot, draft)
    click_thread(qtbot, window)  # before any autosave
    assert stored_start(window) == saved_at  # the file's anchor is still the old place
    assert draft.textCursor().selectedText() == WORDS
    assert commented_words(draft) == [WORDS]


def commented_after_typing(qtbot, window, view, saves_fail):
    """A comment on WORDS made after typing before them, the typing then to undo; saves fail."""
    type_at_start(qtbot, editor_with(view, "draftEditor", WORDS))
    commented(qtbot, window, view)
    saves_fail(window)


def test_a_click_at_once_after_undo_or_redo_selects_the_words(qtbot, opened, saves_fail):  # noqa: F811
    window, view = opened
    commented_after_typing(qtbot, window, view, saves_fail)
    for step in ("undo", "redo"):
        window.actions[step].trigger()
        click_thread(qtbot, window)
        draft = editor_with(view, "draftEditor", WORDS)
        assert draft.textCursor().selectedText() == WORDS, step
        draft.moveCursor(draft.textCursor().MoveOperation.Start)  # the next click selects anew


def test_undo_and_redo_mark_the_words_at_once_not_after_a_pause(qtbot, opened, saves_fail):  # noqa: F811
    window, view = opened
    commented_after_typing(qtbot, window, view, saves_fail)
    for step in ("undo", "redo"):
        window.actions[step].trigger()  # the pane is filled anew: its marks with it
        draft = editor_with(view, "draftEditor", WORDS)
        qtbot.waitUntil(lambda: commented_words(draft) == [WORDS], timeout=FOLLOW_MS // 2)  # noqa: B023


def test_words_typed_over_show_the_comment_outdated_before_any_save(qtbot, opened, saves_fail):  # noqa: F811
    window, view = opened
    draft = commented(qtbot, window, view)
    saves_fail(window)
    select(qtbot, draft, WORDS)
    qtbot.keyClicks(draft, "a choice")
    click_thread(qtbot, window)
    assert "is no longer in the text" in window.statusBar().currentMessage()
    assert not draft.textCursor().hasSelection()
    assert commented_words(draft) == []
    qtbot.waitUntil(lambda: labels(panel_of(window))[0].endswith("outdated"), timeout=1000)
    assert not Comments(window.session.file).threads()[0].outdated  # no save made it so


def test_an_export_at_once_after_typing_takes_the_comment_on_its_words(qtbot, opened, saves_fail):  # noqa: F811
    # the export dialog took the threads as last placed: up to a typing pause out of date
    window, view = opened
    draft = commented(qtbot, window, view)
    saves_fail(window)
    type_at_start(qtbot, draft)
    dialog = window.show_export()  # before the pause after typing is over
    [thread] = [t for t in dialog._make_request.threads if not t.outdated]  # what the export takes
    text = plain_text(window.session.document.policy.find(thread.anchor.section_id).body)
    assert text[thread.anchor.start:thread.anchor.end] == WORDS  # anchors index the plain text
    dialog.reject()
