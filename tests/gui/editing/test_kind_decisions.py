"""A list item made a paragraph in the window (Backspace at its start, as Word) is one change of
formatting: the change list names it, the inline view strikes the old bullet before the words,
and Accept keeps the paragraph, Reject gives the draft its bullet back, exactly."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from tests.gui.editing.test_inline_keys import BODY, body, keys_at, policy_path, view  # noqa: F401
from tests.gui.waiting import settled

UNBULLETED = BODY.replace("- second item", "\nsecond item")


def struck_before(view, words: str) -> str:  # noqa: F811
    """The struck characters just before `words` in its paragraph of the inline view."""
    document = view.document()
    found = document.find(words)
    assert not found.isNull(), words
    cursor = view.textCursor()
    at, out = found.selectionStart(), ""
    while at > document.findBlock(found.selectionStart()).position():
        cursor.setPosition(at)  # the format of the character before `at`
        if not cursor.charFormat().fontStrikeOut():
            break
        out = document.characterAt(at - 1) + out
        at -= 1
    return out


def take_the_bullet_off(qtbot, window, view):  # noqa: F811
    keys_at(qtbot, window, view, "second item", 0, [Qt.Key.Key_Backspace], drawn=True)
    settled(qtbot, window)
    assert body(window) == UNBULLETED
    changes = window.findChild(QListWidget, "changeList")
    assert [changes.item(k).text().split(" \u00b7 ")[0] for k in range(changes.count())] == \
        ["Formatted: bullet removed"]
    assert struck_before(view, "second item") == "\u2022\u00a0"
    assert "\u2022 first item\n\u2022 second item\n" in view.document().toPlainText()  # its nbsp a space
    changes.setCurrentRow(0)
    return changes


@pytest.mark.parametrize("accept, draft, shown", [
    (False, BODY, "\u2022 first item\n\u2022 second item\n"),
    (True, UNBULLETED, "\u2022 first item\nsecond item\n"),
], ids=["reject", "accept"])
def test_deciding_on_a_bullet_taken_off(qtbot, window, view, accept, draft, shown):  # noqa: F811
    """Reject gives the item its bullet back; Accept keeps the paragraph; neither strikes a bullet."""
    changes = take_the_bullet_off(qtbot, window, view)
    assert window.decide("change", accept=accept)
    settled(qtbot, window)
    assert body(window) == draft
    assert changes.count() == 0
    assert struck_before(view, "second item") == ""
    assert shown in view.document().toPlainText()
