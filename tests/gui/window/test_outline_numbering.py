"""Format ▸ Outline Numbering…: the style is edited in a dialog, applied as one undo step, shown and saved."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTreeView

from policyeditor.core.numbering import LevelStyle
from policyeditor.gui.window.numbering_dialog import OutlineNumberingDialog, punctuation_key
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open


def _navigator_texts(window) -> list[str]:
    model = window.findChild(QTreeView, "sectionNavigator").model()
    texts = []
    for row in range(model.rowCount()):
        top = model.index(row, 0)
        texts.append(model.data(top))
        texts += [model.data(model.index(r, 0, top)) for r in range(model.rowCount(top))]
    return texts


def test_the_dialog_edits_the_style_shown_everywhere_and_undoes(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    assert "(a)  Personal information" in _navigator_texts(window)  # learned on import

    def edit() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, OutlineNumberingDialog))
        dialog.kinds[0].setCurrentIndex(dialog.kinds[0].findData("upper-roman"))
        dialog.punctuation[0].setCurrentIndex(dialog.punctuation[0].findData(punctuation_key("", ".")))
        dialog.kinds[1].setCurrentIndex(dialog.kinds[1].findData("decimal"))
        dialog.joined[1].setChecked(True)
        dialog.punctuation[1].setCurrentIndex(dialog.punctuation[1].findData(punctuation_key("", "")))
        assert dialog.previews[1].text() == "I.1"
        dialog.accept()

    QTimer.singleShot(0, edit)
    window.actions["outlineNumbering"].trigger()
    policy = window.session.document.policy
    assert policy.numbering.level(1) == LevelStyle("upper-roman", "", ".", True)
    texts = _navigator_texts(window)
    assert "II.  Information we collect" in texts and "II.1  Personal information" in texts
    window.actions["save"].trigger()
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        assert pf.load_draft().numbering == policy.numbering
    window.actions["undo"].trigger()
    assert "(a)  Personal information" in _navigator_texts(window)
