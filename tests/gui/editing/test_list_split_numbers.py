"""Enter twice in a numbered list's middle, then typing, splits it as Word does, and the clauses after
the split keep their numbers (clauses are cited by number): in the draft ("2." stays "2."), shown by
both editors (the side-by-side SectionEditor and the inline redline view), and in the redline, which
shows the paragraph typed and nothing of the items after it. Real keys; Ctrl+Z takes it all back."""

from pathlib import Path

import pytest

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.gui.editing.rich_text import document_body
from tests.gui.editing.test_inline_keys import (
    BACK,
    ENTER,
    body,
    inline_view_of,
    no_marks,
    policy_file,
    press,
    undo_all,
)
from tests.gui.editing.test_inline_keys import put_cursor as put_inline_cursor
from tests.gui.editing.test_list_start import _shown_markers
from tests.gui.editing.test_side_list_keys import draft_editor, put_cursor
from tests.gui.waiting import settled

NUMBERED = ("We keep it for two years.\n\n1. first item\n2. second item\n3. third item\n\n"
            "After the list.")
SPLIT = NUMBERED.replace("1. first item\n2.", "1. first item\n\nThen.\n\n2.")


@pytest.fixture
def numbered_path(tmp_path) -> Path:
    return policy_file(tmp_path / "numbered.policy", NUMBERED)


def changes(window) -> list[tuple[str, str]]:
    """The redline's changes from NUMBERED to the draft: (old text, new text) each."""
    base = Policy("Terms", [Section("Data", NUMBERED, id="data")])
    return [(c.old_text, c.new_text) for c in compare(base, window.session.document.policy).changes]


def test_the_side_editor_keeps_the_numbers_after_a_split(qtbot, window, numbered_path):
    editor = draft_editor(qtbot, window, numbered_path)
    steps = window.session.undo_stack.index()
    put_cursor(editor, "first item", len("first item"))
    qtbot.keyClick(editor, ENTER)
    qtbot.keyClick(editor, ENTER)
    qtbot.keyClicks(editor, "Then.")
    settled(qtbot, window)
    assert body(window) == SPLIT
    assert _shown_markers(editor.document()) == ["1.", "2.", "3."]
    # the paragraph typed (the item's own break kept), no number changed
    assert changes(window) == [("", "\nThen.\n\n")]
    # an item added before the split renumbers nothing after it, in the draft and as shown
    put_cursor(editor, "first item", len("first item"))
    qtbot.keyClick(editor, ENTER)
    qtbot.keyClicks(editor, "added")
    settled(qtbot, window)
    assert body(window) == SPLIT.replace("1. first item\n", "1. first item\n2. added\n")
    assert _shown_markers(editor.document()) == ["1.", "2.", "2.", "3."]
    assert document_body(editor.document()) == body(window)
    undo_all(qtbot, window, editor, steps, NUMBERED)
    assert _shown_markers(editor.document()) == ["1.", "2.", "3."]


@pytest.mark.parametrize("drawn", [False, True], ids=["at-once", "redline-drawn"])
def test_the_inline_view_keeps_the_numbers_after_a_split(qtbot, window, numbered_path, drawn):
    view = inline_view_of(qtbot, window, numbered_path)
    steps = window.session.undo_stack.index()
    put_inline_cursor(view, "first item", len("first item"))
    press(qtbot, window, view, [ENTER, ENTER, *"Then."], drawn=drawn)
    assert body(window) == SPLIT
    settled(qtbot, window)
    assert "1. first item\nThen.\n2. second item\n3. third item\n" in no_marks(view)
    assert changes(window) == [("", "\nThen.\n\n")]
    # the numbers after the split are shown as unchanged: neither struck nor inserted
    found = view.document().find("2. second")
    assert not found.charFormat().fontStrikeOut() and not found.charFormat().fontUnderline()
    put_inline_cursor(view, "first item", len("first item"))  # an item added before the split
    press(qtbot, window, view, [ENTER, *"added"], drawn=drawn)
    assert body(window) == SPLIT.replace("1. first item\n", "1. first item\n2. added\n")
    undo_all(qtbot, window, view, steps, NUMBERED)


def test_both_editors_make_the_same_draft(qtbot, window, numbered_path, tmp_path):
    editor = draft_editor(qtbot, window, numbered_path)
    put_cursor(editor, "second item", len("second item"))
    for key in (ENTER, ENTER):
        qtbot.keyClick(editor, key)
    qtbot.keyClicks(editor, "Between.")
    settled(qtbot, window)
    side = body(window)
    view = inline_view_of(qtbot, window, policy_file(tmp_path / "again.policy", NUMBERED))
    put_inline_cursor(view, "second item", len("second item"))
    press(qtbot, window, view, [ENTER, ENTER, *"Between."], drawn=True)
    assert body(window) == side == NUMBERED.replace("2. second item\n3.", "2. second item\n\nBetween.\n\n3.")


UNNUMBERED = NUMBERED.replace("2. second item\n3. third item", "\nsecond item\n\n2. third item")


def test_backspace_at_a_numbered_items_start_counts_on_after_it_in_both_editors(
        qtbot, window, numbered_path, tmp_path):
    """As in Word: the item made a paragraph loses its number, and the count goes on after it (3.
    becomes 2., a change the redline shows), never starting again at 1."""
    editor = draft_editor(qtbot, window, numbered_path)
    put_cursor(editor, "second item", 0)
    qtbot.keyClick(editor, BACK)
    settled(qtbot, window)
    assert body(window) == UNNUMBERED
    assert _shown_markers(editor.document()) == ["1.", "2."]
    view = inline_view_of(qtbot, window, policy_file(tmp_path / "again.policy", NUMBERED))
    put_inline_cursor(view, "second item", 0)
    press(qtbot, window, view, [BACK], drawn=True)
    assert body(window) == UNNUMBERED
