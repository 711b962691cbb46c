"""Compare Files: the redline of any two documents in the same views, without a policy file."""

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QTextBrowser

from policyeditor.gui.views.compare_view import CompareView
from policyeditor.gui.views.section_editor import SectionEditor

# not `from tests.conftest import CORPUS`: a package in the venv may own the name `tests`
CORPUS = Path(__file__).parents[1] / "data" / "corpus"


def test_compare_two_markdown_files(qtbot, window, tmp_path):
    old = CORPUS / "pairs" / "snapchat-privacy-policy" / "v1.md"
    new = CORPUS / "pairs" / "snapchat-privacy-policy" / "v2.md"
    assert window.compare_files(str(old), str(new))
    assert window.session.read_only and window.session.file is None
    assert window.findChild(QComboBox, "baseVersionCombo").currentText() == "v1.md"
    assert window.findChild(QLabel, "statusSaved").text() == "Comparing (read-only)"
    qtbot.waitUntil(lambda: not window.tracker.pending and window.tracker.redline is not None, timeout=10000)
    view = window.findChild(CompareView, "compareView")
    qtbot.waitUntil(lambda: not view.highlight_pending, timeout=10000)
    assert view.change_count() > 0
    assert window.findChild(QListWidget, "changeList").count() > 0
    assert all(e.isReadOnly() for e in view.findChildren(SectionEditor, "draftEditor"))
    window.set_view(1)
    assert window.findChild(QTextBrowser, "inlineRedlineView").toPlainText()
    assert not list(tmp_path.glob("*.policy"))
