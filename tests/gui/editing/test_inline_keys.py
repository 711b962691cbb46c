"""Keys typed in the inline view edit the draft as Word edits a document (real keys, exact bodies).

Enter at a list item's end and typing makes a new item; Backspace at the start of
a paragraph Enter just made joins it back (and takes away an empty one, never the
paragraph before it with the next); Backspace over a table cell's first word
leaves the space before the next; Delete at a list item's end joins the next item; Enter on
an empty item ends the list (the draft as it was until words are typed after it, or between
its two parts), on an empty nested item moves it out a level (still an item), as the
side-by-side editor does (test_side_list_keys.py).
Each is checked with the redline drawn between the keys and without (the view
shows the edit at once, then draws the redline of the edited draft), and Ctrl+Z
takes the draft back exactly.
"""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from policyeditor.core.model import Policy, Section, Status
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import settled, wait_open

BODY = ("We keep it for two years.\n\n- first item\n- second item\n\nAfter the list.\n\n"
        "| Kind | Kept |\n| --- | --- |\n| Mail | 7 years |")
BACK, DELETE, ENTER = Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return
DRAWN = pytest.mark.parametrize("drawn", [False, True], ids=["at-once", "redline-drawn"])


def policy_file(path: Path, text: str, draft: str | None = None) -> Path:
    """A .policy at `path` whose approved 1.0 and draft have one section, "data", of body `text`
    (the draft's body `draft` when given)."""
    policy = Policy("Terms", [Section("Data", text, id="data")])
    with PolicyFile.create(path, policy, author="Test") as pf:
        pf.save_version(policy, "1.0", author="Test", status=Status.APPROVED)
        if draft is not None:
            edited = policy.copy()
            edited.sections[0].body = draft
            pf.save_draft(edited)
    return path


@pytest.fixture
def policy_path(tmp_path) -> Path:
    """A .policy whose approved 1.0 and draft are BODY."""
    return policy_file(tmp_path / "terms.policy", BODY)


def inline_view_of(qtbot, window, path: Path):
    """The window's inline view of the .policy at `path`, focused."""
    from policyeditor.gui.window.main_window import INLINE

    window.open_path(str(path))
    wait_open(qtbot, window)
    window.set_view(INLINE)
    settled(qtbot, window)
    window.inline_view.setFocus()
    return window.inline_view


@pytest.fixture
def view(qtbot, window, policy_path):
    return inline_view_of(qtbot, window, policy_path)


def body(window) -> str:
    return window.session.document.section("data").body


def unstruck(view) -> str:
    """The inline view's text without its struck characters (the base's, deleted), a block a line."""
    lines = []
    block = view.document().begin()
    while block.isValid():
        it, line = block.begin(), []
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and not fragment.charFormat().fontStrikeOut():
                line.append(fragment.text())
            it += 1
        lines.append("".join(line))
        block = block.next()
    return "\n".join(lines).replace("\u00a0", " ")  # as toPlainText writes it


def put_cursor(view, words: str, at: int) -> None:
    found = view.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), words
    cursor = view.textCursor()
    cursor.setPosition(found.selectionStart() + at)
    view.setTextCursor(cursor)


def press(qtbot, window, view, keys, *, drawn: bool) -> None:
    """Each key in turn, waiting for the redline of the edited draft to be drawn after each (`drawn`)."""
    for key in keys:
        qtbot.keyClick(view, key)
        if drawn:
            settled(qtbot, window)


def keys_at(qtbot, window, view, words: str, at: int, keys, *, drawn: bool) -> int:
    """The cursor `at` characters into `words`, then `keys` pressed; the undo stack's index before."""
    steps = window.session.undo_stack.index()
    put_cursor(view, words, at)
    press(qtbot, window, view, keys, drawn=drawn)
    return steps


def undo_all(qtbot, window, view, steps: int, original: str = BODY) -> None:
    """Ctrl+Z in the inline view until the undo stack is back at `steps`: the draft is `original`
    (BODY) again."""
    stack = window.session.undo_stack
    for _ in range(stack.index() - steps):
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        settled(qtbot, window)
    assert stack.index() == steps
    assert body(window) == original


@DRAWN
def test_enter_at_a_list_items_end_then_typing_makes_a_new_item(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "first item", len("first item"), [ENTER, *"third"], drawn=drawn)
    assert body(window) == BODY.replace("- first item\n", "- first item\n- third\n")
    settled(qtbot, window)
    shown = view.document().toPlainText()
    assert "\u2022 first item\n\u2022 third\n\u2022 second item" in shown
    assert "itemitem" not in shown
    qtbot.keyClicks(view, " one")  # the cursor kept its place in the new item
    assert "- third one\n- second item" in body(window)
    undo_all(qtbot, window, view, steps)


@DRAWN
def test_backspace_at_the_start_of_an_empty_paragraph_enter_made_takes_it_away(qtbot, window, view, drawn):
    put_cursor(view, "two years.", len("two years."))
    press(qtbot, window, view, [ENTER, BACK], drawn=drawn)
    assert body(window) == BODY  # not "two years.first item": the list stays a list
    settled(qtbot, window)
    assert "two years.\n\u2022 first item\n" in view.document().toPlainText()
    qtbot.keyClicks(view, " Then.")  # back at the paragraph's end
    assert body(window) == BODY.replace("two years.", "two years. Then.")


@DRAWN
def test_backspace_after_an_empty_list_item_enter_made_takes_it_away(qtbot, window, view, drawn):
    put_cursor(view, "first item", len("first item"))
    press(qtbot, window, view, [ENTER], drawn=drawn)
    assert body(window) == BODY.replace("- first item\n", "- first item\n-\n")  # as side by side
    press(qtbot, window, view, [BACK], drawn=drawn)
    assert body(window) == BODY
    settled(qtbot, window)
    qtbot.keyClicks(view, "s")
    assert "- first items\n- second item" in body(window)


@DRAWN
def test_backspace_at_the_start_of_a_paragraph_enter_split_between_words_joins_it_back(
        qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "two years.", len("two "), [ENTER], drawn=drawn)
    assert body(window) == BODY.replace("two years.", "two\n\nyears.")
    press(qtbot, window, view, [BACK], drawn=drawn)
    assert body(window) == BODY  # the space the break dropped is back, as Word joins
    settled(qtbot, window)
    assert "We keep it for two years.\n" in view.document().toPlainText()
    qtbot.keyClicks(view, "x")
    assert body(window) == BODY.replace("two years.", "two xyears.")
    undo_all(qtbot, window, view, steps)


@DRAWN
def test_backspace_over_a_cells_first_word_then_typing_keeps_the_space(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "7 years", len("7"), [BACK, *"9"], drawn=drawn)
    assert body(window) == BODY.replace("| 7 years |", "| 9 years |")
    undo_all(qtbot, window, view, steps)


@DRAWN
def test_delete_at_a_list_items_end_joins_the_next_item(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "first item", len("first item"), [DELETE], drawn=drawn)
    assert body(window) == BODY.replace("- first item\n- second item", "- first itemsecond item")
    # shown at once as joined: the next item's bullet goes with its break
    assert "first item\u2022" not in view.document().toPlainText()
    settled(qtbot, window)
    qtbot.keyClicks(view, "!")
    assert "- first item!second item\n" in body(window)
    undo_all(qtbot, window, view, steps)


@DRAWN
def test_enter_in_a_cell_then_typing_keeps_the_space_after_the_line_break(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "7 years", len("7"), [ENTER, *"x y"], drawn=drawn)
    # the space Enter put at the new line's start stays there, as in Word's cell
    assert body(window) == BODY.replace("| 7 years |", "| 7<br>x y years |")
    settled(qtbot, window)
    qtbot.keyClicks(view, "z")
    assert body(window) == BODY.replace("| 7 years |", "| 7<br>x yz years |")
    undo_all(qtbot, window, view, steps)


@DRAWN
def test_backspace_at_a_list_items_start_makes_it_a_paragraph(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "second item", 0, [BACK], drawn=drawn)
    # Word takes the bullet away: the item is a paragraph after the list, its text kept
    assert body(window) == BODY.replace("- second item", "\nsecond item")
    settled(qtbot, window)
    # a paragraph now: its old bullet struck before its words (a change of its kind), no live one
    assert "\u2022 first item\nsecond item\n" in unstruck(view).replace("\u00b6", "")
    assert "\n\u2022 second item\n" in view.document().toPlainText()
    qtbot.keyClicks(view, "A ")  # the cursor is at the paragraph's start
    assert "- first item\n\nA second item\n\nAfter" in body(window)
    undo_all(qtbot, window, view, steps)


@DRAWN
def test_an_empty_item_enter_made_and_left_is_shown_as_the_draft_keeps_it(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "first item", len("first item"), [ENTER], drawn=drawn)
    assert body(window) == BODY.replace("- first item\n", "- first item\n-\n")
    shown = view.document().toPlainText().replace("\u00b6", "")  # its mark, once the redline is in
    assert "\u2022 first item\n\u2022 \n\u2022 second item" in shown
    press(qtbot, window, view, [Qt.Key.Key_Up], drawn=drawn)  # left empty, as Word keeps it
    settled(qtbot, window)
    # a bullet with no text, its paragraph mark inserted, as the side-by-side editor shows the item
    assert "\u2022 first item\n\u2022 \u00b6\n\u2022 second item" in view.document().toPlainText()
    mark = view.document().find("\u00b6")
    assert mark.charFormat().fontUnderline()
    undo_all(qtbot, window, view, steps)
    assert "\u00b6" not in view.document().toPlainText()


@DRAWN
def test_typing_in_the_second_of_two_empty_items_fills_that_one(qtbot, window, view, drawn):
    put_cursor(view, "first item", len("first item"))
    press(qtbot, window, view, [ENTER], drawn=drawn)
    put_cursor(view, "first item", len("first item"))  # Enter there again: two empty items
    press(qtbot, window, view, [ENTER, Qt.Key.Key_Down, *"x"], drawn=drawn)
    assert body(window) == BODY.replace("- first item\n", "- first item\n-\n- x\n")


# Enter twice at a list item's end, then typing, as Word and the side-by-side editor make it
# (test_side_list_keys.py): the list ends, the typing a paragraph after it (or between its parts)
ENDED_LAST = BODY.replace("- second item\n\nAfter", "- second item\n\nThen.\n\nAfter")
ENDED_MIDDLE = BODY.replace("- first item\n- second item", "- first item\n\nThen.\n\n- second item")


def no_marks(view) -> str:
    return unstruck(view).replace("\u00b6", "")


@DRAWN
def test_enter_on_an_empty_last_item_ends_the_list(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "second item", len("second item"), [ENTER, ENTER], drawn=drawn)
    assert body(window) == BODY  # the empty item gone; the empty paragraph is the view's alone
    # a paragraph after the list, no bullet: at once, and drawn again with the redline
    assert "\u2022 second item\n\nAfter the list." in no_marks(view)
    settled(qtbot, window)
    assert "\u2022 second item\n\nAfter the list." in no_marks(view)
    qtbot.keyClicks(view, "Then.")
    assert body(window) == ENDED_LAST
    settled(qtbot, window)
    assert "\u2022 second item\nThen.\nAfter the list." in no_marks(view)
    undo_all(qtbot, window, view, steps)


@DRAWN
def test_enter_twice_in_a_lists_middle_splits_it_once_typed(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "first item", len("first item"), [ENTER, ENTER], drawn=drawn)
    assert body(window) == BODY  # one list still: the draft holds no empty paragraph between
    assert "\u2022 first item\n\n\u2022 second item" in no_marks(view)
    settled(qtbot, window)
    assert "\u2022 first item\n\n\u2022 second item" in no_marks(view)
    qtbot.keyClicks(view, "Then.")
    assert body(window) == ENDED_MIDDLE  # two lists, the paragraph between
    settled(qtbot, window)
    assert "\u2022 first item\nThen.\n\u2022 second item" in no_marks(view)
    undo_all(qtbot, window, view, steps)


@DRAWN
def test_enter_again_after_the_list_ended_makes_no_item(qtbot, window, view, drawn):
    steps = keys_at(qtbot, window, view, "second item", len("second item"), [ENTER] * 3, drawn=drawn)
    assert body(window) == BODY
    qtbot.keyClicks(view, "Then.")
    assert body(window) == ENDED_LAST  # the empty paragraph before it is the view's alone
    undo_all(qtbot, window, view, steps)


@DRAWN
@pytest.mark.parametrize("item", ["first item", "second item"])
def test_backspace_on_the_paragraph_that_ended_the_list_loses_nothing(qtbot, window, view, drawn, item):
    steps = keys_at(qtbot, window, view, item, len(item), [ENTER, ENTER, BACK], drawn=drawn)
    assert body(window) == BODY
    settled(qtbot, window)
    assert "\u2022 first item\n\u2022 second item\nAfter the list." in no_marks(view)
    qtbot.keyClicks(view, "s")  # back at the item's end
    assert body(window) == BODY.replace(f"- {item}\n", f"- {item}s\n")
    undo_all(qtbot, window, view, steps)



# A nested list: Enter on an empty item of level 2 moves it out to level 1, still an item (as Word
# does); Enter on it again ends the list (test_side_list_keys.py makes the same drafts)
NESTED = ("We keep it for two years.\n\n- first item\n  - inner one\n  - inner two\n- second item\n"
          "  - inner three\n\nAfter the list.")
# in a nested list's middle, at its end in the list's middle, at the end of the list
NESTED_ITEMS = ["inner one", "inner two", "inner three"]
SHOWN_NEXT = dict(zip(NESTED_ITEMS, ["\u2022 inner two", "\u2022 second item", "After the list."],
                      strict=True))  # the line the view shows after each


def moved_out(item: str, text: str = "") -> str:
    """NESTED after Enter twice at the end of nested `item`, then `text` typed: a level-1 item."""
    return NESTED.replace(f"  - {item}\n", f"  - {item}\n{('- ' + text).rstrip()}\n")


def ended(item: str, text: str) -> str:
    """NESTED after Enter three times at the end of nested `item`, then `text` typed: a paragraph."""
    at = f"  - {item}\n" + ("\n" if item == NESTED_ITEMS[-1] else "")
    return NESTED.replace(at, f"  - {item}\n\n{text}\n\n")


@pytest.fixture
def nested_view(qtbot, window, tmp_path):
    return inline_view_of(qtbot, window, policy_file(tmp_path / "nested.policy", NESTED))


def item_after(view, item: str):
    """The block after the one showing `item`."""
    return view.document().find(item, 0, QTextDocument.FindFlag.FindCaseSensitively).block().next()


@DRAWN
@pytest.mark.parametrize("item", NESTED_ITEMS)
def test_enter_on_an_empty_nested_item_moves_it_out_a_level(qtbot, window, nested_view, drawn, item):
    view = nested_view
    steps = keys_at(qtbot, window, view, item, len(item), [ENTER, ENTER], drawn=drawn)
    assert body(window) == moved_out(item)
    level_two = view.document().find(item).block().blockFormat().leftMargin()
    for _ in range(2):  # at once, then drawn again with the redline
        empty = item_after(view, item)
        assert empty.text().startswith("\u2022") and empty.blockFormat().leftMargin() == level_two - 20
        settled(qtbot, window)
    qtbot.keyClicks(view, "Then")  # a level-1 item
    assert body(window) == moved_out(item, "Then")
    press(qtbot, window, view, [ENTER], drawn=drawn)  # a level-1 item after it
    assert body(window) == moved_out(item, "Then\n-")
    undo_all(qtbot, window, view, steps, NESTED)


@DRAWN
@pytest.mark.parametrize("item", NESTED_ITEMS)
def test_enter_on_a_nested_item_moved_out_ends_the_list(qtbot, window, nested_view, drawn, item):
    view = nested_view
    steps = keys_at(qtbot, window, view, item, len(item), [ENTER] * 3, drawn=drawn)
    assert body(window) == NESTED  # the empty item gone, as on the first level
    for _ in range(2):  # one empty paragraph after the item (no second Enter made), at once and drawn
        assert f"{item}\n\n{SHOWN_NEXT[item]}" in no_marks(view)
        settled(qtbot, window)
    qtbot.keyClicks(view, "Then.")
    assert body(window) == ended(item, "Then.")
    settled(qtbot, window)
    assert f"{item}\nThen.\n" in no_marks(view)
    undo_all(qtbot, window, view, steps, NESTED)
