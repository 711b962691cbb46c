"""Format ▸ Outline Numbering…: the dialog edits a style; SetNumbering applies it as one undo step."""

from PySide6.QtGui import QUndoStack

from policyeditor.core.draft import Draft, NumberingChanged
from policyeditor.core.numbering import DEFAULT_STYLE, LevelStyle, numbers
from policyeditor.formats.importers import import_document
from policyeditor.gui.editing import commands
from policyeditor.gui.window.numbering_dialog import OutlineNumberingDialog, punctuation_key
from tests.conftest import CORPUS


def test_the_dialog_edits_the_style_and_the_command_applies_and_undoes(qtbot):
    document = Draft(import_document(CORPUS / "seed" / "privacy-policy.txt").policy)
    learned = document.policy.numbering
    dialog = OutlineNumberingDialog(learned)
    qtbot.addWidget(dialog)
    assert dialog.style() == learned and dialog.previews[1].text() == "(a)"
    dialog.kinds[0].setCurrentIndex(dialog.kinds[0].findData("upper-roman"))
    dialog.punctuation[0].setCurrentIndex(dialog.punctuation[0].findData(punctuation_key("", ".")))
    dialog.kinds[1].setCurrentIndex(dialog.kinds[1].findData("decimal"))
    dialog.joined[1].setChecked(True)
    dialog.punctuation[1].setCurrentIndex(dialog.punctuation[1].findData(punctuation_key("", "")))
    assert dialog.previews[1].text() == "I.1"
    style = dialog.style()
    assert style.level(1) == LevelStyle("upper-roman", "", ".", True) and style != DEFAULT_STYLE
    stack = QUndoStack()
    seen = []
    document.subscribe(lambda event: seen.append(type(event)))
    stack.push(commands.SetNumbering(document, style))
    clause = document.policy.sections[1].children[0]
    assert numbers(document.policy)[clause.id] == "II.1" and seen == [NumberingChanged]
    stack.undo()
    assert document.policy.numbering == learned and numbers(document.policy)[clause.id] == "(a)"
