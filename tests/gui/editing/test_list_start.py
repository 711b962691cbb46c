"""A list the body starts at 3 shows 3. in the editor, counts on from it as items are typed, and
reads back with its start (clauses are cited by number)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from policyeditor.gui.editing.inline_edit import BodyEdit
from policyeditor.gui.editing.rich_text import document_body
from policyeditor.gui.editing.section_editor import SectionEditor

BODY = "Clauses:\n\n3. We keep records.\n4. We delete them.\n\nThen:\n\n1. A fresh list."


def _shown_markers(document) -> list[str]:
    out, block = [], document.begin()
    while block.isValid():
        if block.textList() is not None:
            out.append(block.textList().itemText(block))
        block = block.next()
    return out


def test_the_editor_shows_the_start_and_counts_on_from_it(qtbot):
    editor = SectionEditor("s1", BODY)
    qtbot.addWidget(editor)
    editor.show()
    editor.setFocus()
    assert _shown_markers(editor.document()) == ["3.", "4.", "1."]
    found = editor.document().find("We delete them.")
    cursor = found
    cursor.clearSelection()
    editor.setTextCursor(cursor)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QTest.keyClicks(editor, "We log it.")
    assert _shown_markers(editor.document()) == ["3.", "4.", "5.", "1."]
    assert editor.body == document_body(editor.document()) == BODY.replace(
        "4. We delete them.", "4. We delete them.\n5. We log it.")


def test_the_inline_editor_keeps_the_start():
    edit = BodyEdit(BODY)
    assert _shown_markers(edit.document) == ["3.", "4.", "1."]
    assert document_body(edit.document) == BODY


def test_a_crafted_start_too_large_for_qt_opens(qtbot):
    """A .policy is a file someone else may have crafted: a 20-digit list number still opens."""
    editor = SectionEditor("s1", "Clauses:\n\n99999999999999999999. We keep records.")
    qtbot.addWidget(editor)
    assert _shown_markers(editor.document()) == [f"{2**31 - 1}."]
