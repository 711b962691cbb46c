"""Shift+Enter is a line break inside the paragraph or list item (`<br>`), as in Word: in the inline
view as in the side-by-side editor, with real keys (test_inline_keys.py's pattern: the redline drawn
between the keys and not, Ctrl+Z back to the draft exactly)."""

import pytest
from PySide6.QtCore import Qt

from policyeditor.diff.spans import LINE_SEPARATOR
from tests.gui.editing.test_inline_keys import (  # noqa: F401 (policy_path, view: fixtures)
    BACK,
    BODY,
    DRAWN,
    ENTER,
    body,
    keys_at,
    policy_path,
    press,
    put_cursor,
    undo_all,
    view,
)
from tests.gui.editing.test_side_list_keys import draft_editor
from tests.gui.editing.test_side_list_keys import put_cursor as put_side_cursor
from tests.gui.waiting import settled

SHIFT = Qt.KeyboardModifier.ShiftModifier
LINE_BREAK_MARK = "\u21b5"  # ↵, how the redline marks a line break inserted
# where Shift+Enter is pressed (words, characters into them), and the body it makes
BROKEN = {
    "in a paragraph": ("two years.", len("two "), BODY.replace("two years.", "two <br>years.")),
    "at a paragraph's end": ("two years.", len("two years."), BODY.replace("two years.", "two years.<br>")),
    "in a list item": ("first item", len("first"), BODY.replace("- first item", "- first<br> item")),
    "at the list's end": ("second item", len("second item"),
                          BODY.replace("- second item", "- second item<br>")),
    "in a table cell": ("7 years", len("7"), BODY.replace("| 7 years |", "| 7<br> years |")),
}
PLACES = pytest.mark.parametrize("place", list(BROKEN))


def shift_enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, ENTER, SHIFT)


@DRAWN
@PLACES
def test_shift_enter_in_the_inline_view_breaks_the_line_in_its_paragraph(
        qtbot, window, view, drawn, place):  # noqa: F811
    words, at, broken = BROKEN[place]
    blocks = view.document().blockCount()
    steps = keys_at(qtbot, window, view, words, at, [], drawn=drawn)
    shift_enter(qtbot, view)
    assert body(window) == broken  # a line break, not a new paragraph or list item
    assert view.document().blockCount() == blocks  # shown at once in its own paragraph
    assert LINE_SEPARATOR in view.textCursor().block().text()
    press(qtbot, window, view, list("xy"), drawn=drawn)  # the typing goes on the new line
    typed = broken.replace("<br>", "<br>xy")
    assert body(window) == typed
    settled(qtbot, window)
    assert LINE_BREAK_MARK in view.textCursor().block().text()  # the redline marks the break inserted
    qtbot.keyClicks(view, "z")
    assert body(window) == broken.replace("<br>", "<br>xyz")
    undo_all(qtbot, window, view, steps)


@DRAWN
@PLACES
@pytest.mark.parametrize("how", ["backspace", "selected"])
def test_backspace_or_delete_over_the_line_break_takes_it_and_its_mark_away(
        qtbot, window, view, drawn, place, how):  # noqa: F811
    words, at, broken = BROKEN[place]
    put_cursor(view, words, at)
    shift_enter(qtbot, view)
    assert body(window) == broken
    if drawn:
        settled(qtbot, window)
    if how == "selected":  # the break selected (with its ↵ once drawn), then Delete
        qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT)
    press(qtbot, window, view, [BACK if how == "backspace" else Qt.Key.Key_Delete], drawn=False)
    assert body(window) == BODY
    assert LINE_BREAK_MARK not in view.textCursor().block().text()  # the ↵ went with its break
    settled(qtbot, window)
    qtbot.keyClicks(view, "q")
    assert body(window) == BODY.replace(words, words[:at] + "q" + words[at:])


def test_shift_enter_twice_makes_two_line_breaks(qtbot, window, view):  # noqa: F811
    steps = keys_at(qtbot, window, view, "first item", len("first item"), [], drawn=False)
    shift_enter(qtbot, view)
    settled(qtbot, window)
    shift_enter(qtbot, view)
    qtbot.keyClicks(view, "next")
    assert body(window) == BODY.replace("- first item", "- first item<br><br>next")
    put_cursor(view, "Data", len("Data"))  # a heading is one line: no break in it
    shift_enter(qtbot, view)
    assert window.session.document.section("data").heading == "Data"
    undo_all(qtbot, window, view, steps)


# (a table cell's Enter was its line break already)
@pytest.mark.parametrize("place", [place for place in BROKEN if place != "in a table cell"])
def test_shift_enter_makes_the_same_body_side_by_side_and_inline(qtbot, window, policy_path, place):  # noqa: F811
    words, at, broken = BROKEN[place]
    editor = draft_editor(qtbot, window, policy_path)
    steps = window.session.undo_stack.index()
    put_side_cursor(editor, words, at)
    shift_enter(qtbot, editor)
    qtbot.keyClicks(editor, "xy")
    side = body(window)
    undo_all(qtbot, window, editor, steps)
    from policyeditor.gui.window.main_window import INLINE

    window.set_view(INLINE)
    settled(qtbot, window)
    window.inline_view.setFocus()
    put_cursor(window.inline_view, words, at)
    shift_enter(qtbot, window.inline_view)
    qtbot.keyClicks(window.inline_view, "xy")
    assert body(window) == side == broken.replace("<br>", "<br>xy")
