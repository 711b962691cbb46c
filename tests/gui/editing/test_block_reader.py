"""The section editor reads back only the blocks an edit touched, and gets the text a full read gets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from policyeditor.gui.editing.rich_text import document_body
from policyeditor.gui.editing.section_editor import SectionEditor

BODY = ("We collect **account** data.\n\n- first item\n- second [item](https://e.org)\n\n"
        "| Kind | Kept |\n| --- | --- |\n| Mail | 3 years |\n\nLast paragraph, _kept_ as written.")


def _at(editor: SectionEditor, words: str) -> None:
    found = editor.document().find(words)
    assert not found.isNull(), words
    editor.setTextCursor(found)


def _typed(qtbot, editor: SectionEditor, keys: str) -> None:
    for key in keys:
        QTest.keyClick(editor, key)
    assert editor.body == document_body(editor.document())


def test_every_kind_of_edit_reads_back_as_a_full_read_does(qtbot):
    edits: list[tuple[str, str]] = []
    editor = SectionEditor("s1", BODY)
    qtbot.addWidget(editor)
    editor.bodyEdited.connect(lambda sid, body: edits.append((sid, body)))
    editor.show()
    editor.setFocus()

    _at(editor, "data")  # typing inside a paragraph (the selection is replaced)
    _typed(qtbot, editor, "facts")
    assert "**account** facts." in editor.body

    _at(editor, "3 years")  # in a table cell
    _typed(qtbot, editor, "5 years")
    assert "| Mail | 5 years |" in editor.body

    _at(editor, "first item")  # a new list item, then joining it back (blocks come and go)
    cursor = editor.textCursor()
    cursor.clearSelection()
    editor.setTextCursor(cursor)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    _typed(qtbot, editor, "inserted")
    assert "- first item\n- inserted\n- second" in editor.body
    # the letters, the empty item's bullet, its list format, then the empty paragraph it became
    for _ in range(len("inserted") + 3):
        QTest.keyClick(editor, Qt.Key.Key_Backspace)
        assert editor.body == document_body(editor.document())
    assert editor.body == document_body(editor.document()) == BODY.replace(
        "data", "facts").replace("3 years", "5 years")

    _at(editor, "Last paragraph")  # formatting alone: bold on a selection
    editor.toggle_format("bold", True)
    assert "**Last paragraph**" in editor.body
    assert editor.body == document_body(editor.document())

    cursor = editor.textCursor()  # formatting across blocks: each of them is read again
    cursor.setPosition(editor.document().find("account").selectionStart())
    cursor.setPosition(editor.document().find("second").selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.toggle_format("underline", True)
    assert "- <u>second</u>" in editor.body
    assert editor.body == document_body(editor.document())

    cursor = editor.textCursor()  # a selection across blocks replaced by text with a paragraph break
    cursor.setPosition(editor.document().find("collect").selectionStart())
    cursor.setPosition(editor.document().find("second").selectionStart(), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.insertPlainText("gather\nnew ")
    assert editor.body == document_body(editor.document())
    assert editor.body.startswith("We <u>gather</u>\n\n<u>new second</u> [item]")

    editor.show_body(BODY)  # filled anew from the draft: read afresh, no edit reported
    count = len(edits)
    _at(editor, "account")
    _typed(qtbot, editor, "user")
    assert len(edits) == count + len("user")
    assert editor.body == BODY.replace("account", "user")
    assert all(sid == "s1" for sid, _ in edits)
