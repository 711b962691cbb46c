"""Issue 13 in the window: a body's notes, equations, fields and pictures survive editing it.

The editor shows a footnote's words raised in place, an equation in italics, a field's
result, and a picture as Qt's image placeholder (one object character, as in the body's
runs); typing in the section and reading it back keeps every tag.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from policyeditor.core.body import canonical
from policyeditor.gui.editing.section_editor import SectionEditor

HASH = "ab" * 32
BODY = canonical(f'We collect data<fn>As the law allows.</fn> where <math>A=πr^2</math>, on page '
                 f'<field code="PAGE">3</field>.\n\n<img src="{HASH}"> Our logo.')


def test_typing_in_a_section_keeps_its_notes_equations_fields_and_pictures(qtbot, tmp_path):
    editor = SectionEditor("s1", BODY)
    qtbot.addWidget(editor)
    editor.resize(600, 200)
    editor.show()
    qtbot.waitExposed(editor)
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    edits = []
    editor.bodyEdited.connect(lambda _id, body: edits.append(body))
    qtbot.keyClicks(editor, " New")
    assert edits[-1] == editor.body == BODY.replace("Our logo.", "Our logo. New")
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_End)  # end of the first paragraph
    qtbot.keyClicks(editor, " Really.")
    assert editor.body.startswith("We collect data<fn>As the law allows.</fn> where <math>A=πr^2</math>")
    assert editor.body.split("\n\n")[0].endswith('<field code="PAGE">3</field>. Really.')
    assert f'<img src="{HASH}">' in editor.body
    editor.grab().save(str(tmp_path / "content.png"))
