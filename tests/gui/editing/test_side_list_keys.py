"""The side-by-side editor does with a list what the inline view does (test_inline_keys.py), as Word:
Backspace at an item's start makes it a paragraph, its text kept; an empty item Enter made and left
stays in the draft and shows its bullet; Enter on an empty item ends the list there, the draft as it
was until words are typed in the paragraph it leaves; Enter on an empty nested item moves it out a
level, still an item, and ends the list only on the first level."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from tests.gui.editing.test_inline_keys import (  # noqa: F401 (policy_path: a fixture)
    BACK,
    BODY,
    ENDED_LAST,
    ENDED_MIDDLE,
    ENTER,
    NESTED,
    NESTED_ITEMS,
    body,
    ended,
    moved_out,
    policy_file,
    policy_path,
    undo_all,
)
from tests.gui.waiting import settled, wait_open


@pytest.fixture
def nested_path(tmp_path) -> Path:
    """A .policy whose approved 1.0 and draft are NESTED."""
    return policy_file(tmp_path / "nested.policy", NESTED)


def draft_editor(qtbot, window, path) -> SectionEditor:
    window.open_path(str(path))
    wait_open(qtbot, window)
    settled(qtbot, window)
    editor = window.findChild(CompareView).findChildren(SectionEditor, "draftEditor")[-1]
    editor.setFocus()
    return editor


def put_cursor(editor, words: str, at: int) -> None:
    found = editor.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)
    cursor = editor.textCursor()
    cursor.setPosition(found.selectionStart() + at)
    editor.setTextCursor(cursor)


def test_backspace_at_a_list_items_start_makes_it_a_paragraph(qtbot, window, policy_path):  # noqa: F811
    editor = draft_editor(qtbot, window, policy_path)
    put_cursor(editor, "second item", 0)
    qtbot.keyClick(editor, BACK)
    assert body(window) == BODY.replace("- second item", "\nsecond item")
    qtbot.keyClicks(editor, "A ")
    assert "- first item\n\nA second item\n\nAfter" in body(window)


def test_an_empty_item_enter_made_and_left_stays_with_its_bullet(qtbot, window, policy_path):  # noqa: F811
    editor = draft_editor(qtbot, window, policy_path)
    put_cursor(editor, "first item", len("first item"))
    qtbot.keyClick(editor, ENTER)
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    settled(qtbot, window)
    assert body(window) == BODY.replace("- first item\n", "- first item\n-\n")
    empty = editor.document().findBlock(editor.textCursor().position()).next()
    assert empty.text() == "" and empty.textList() is not None  # drawn with its bullet


@pytest.mark.parametrize(("item", "ended"), [("first item", ENDED_MIDDLE), ("second item", ENDED_LAST)])
def test_enter_on_an_empty_item_ends_the_list(qtbot, window, policy_path, item, ended):  # noqa: F811
    editor = draft_editor(qtbot, window, policy_path)
    put_cursor(editor, item, len(item))
    qtbot.keyClick(editor, ENTER)
    qtbot.keyClick(editor, ENTER)
    settled(qtbot, window)
    assert body(window) == BODY  # in the middle too: not two lists before words are typed between
    assert editor.textCursor().block().textList() is None
    qtbot.keyClicks(editor, "Then.")
    assert body(window) == ended


@pytest.mark.parametrize(("item", "keys", "typed", "then"), [
    ("first item", (ENTER, ENTER, BACK), "s", BODY.replace("- first item\n", "- first items\n")),
    ("second item", (ENTER, ENTER, ENTER), "Then.", ENDED_LAST),
], ids=["backspace-loses-nothing", "enter-again-makes-no-item"])
def test_after_the_list_ended_the_draft_is_as_it_was_until_typed(
        qtbot, window, policy_path, item, keys, typed, then):  # noqa: F811
    editor = draft_editor(qtbot, window, policy_path)
    put_cursor(editor, item, len(item))
    for key in keys:
        qtbot.keyClick(editor, key)
    settled(qtbot, window)
    assert body(window) == BODY
    qtbot.keyClicks(editor, typed)
    assert body(window) == then


@pytest.mark.parametrize("item", NESTED_ITEMS)
def test_enter_on_an_empty_nested_item_moves_it_out_a_level(qtbot, window, nested_path, item):
    editor = draft_editor(qtbot, window, nested_path)
    steps = window.session.undo_stack.index()
    put_cursor(editor, item, len(item))
    qtbot.keyClick(editor, ENTER)
    qtbot.keyClick(editor, ENTER)
    settled(qtbot, window)
    assert body(window) == moved_out(item)
    items = editor.textCursor().block().textList()
    assert items is not None and items.format().indent() == 1  # drawn as a level-1 item
    qtbot.keyClicks(editor, "Then")
    assert body(window) == moved_out(item, "Then")
    qtbot.keyClick(editor, ENTER)  # a level-1 item after it
    settled(qtbot, window)
    assert body(window) == moved_out(item, "Then\n-")
    undo_all(qtbot, window, editor, steps, NESTED)


@pytest.mark.parametrize("item", NESTED_ITEMS)
def test_enter_on_a_nested_item_moved_out_ends_the_list(qtbot, window, nested_path, item):
    editor = draft_editor(qtbot, window, nested_path)
    steps = window.session.undo_stack.index()
    put_cursor(editor, item, len(item))
    for _ in range(3):
        qtbot.keyClick(editor, ENTER)
    settled(qtbot, window)
    assert body(window) == NESTED
    assert editor.textCursor().block().textList() is None
    assert editor.textCursor().block().previous().text() == item  # no second paragraph Enter made
    qtbot.keyClicks(editor, "Then.")
    assert body(window) == ended(item, "Then.")
    undo_all(qtbot, window, editor, steps, NESTED)
