"""Compare Files: the redline of any two documents in the same views, without a policy file."""

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QTextBrowser

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from tests.gui.waiting import wait_open

# not `from tests.conftest import CORPUS`: a package in the venv may own the name `tests`
CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def test_compare_two_markdown_files(qtbot, window, tmp_path):
    old = CORPUS / "pairs" / "snapchat-privacy-policy" / "v1.md"
    new = CORPUS / "pairs" / "snapchat-privacy-policy" / "v2.md"
    assert window.compare_files(str(old), str(new))
    wait_open(qtbot, window)
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


def test_dropping_two_files_compares_them_older_first(qtbot, window, tmp_path):
    import os

    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("# Terms\n\nWe collect some data.\n", encoding="utf-8")
    new.write_text("# Terms\n\nWe collect certain data.\n", encoding="utf-8")
    os.utime(old, (1_000_000, 1_000_000))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(new)), QUrl.fromLocalFile(str(old))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_open(qtbot, window)
    assert window.session.compare_base.name == "old.md"
    qtbot.waitUntil(lambda: window.tracker.redline is not None and not window.tracker.pending, timeout=5000)
    assert [c.kind for c in window.tracker.open_changes()] == ["replace"]


def test_a_compare_whose_only_difference_is_the_footer_says_so_in_the_window(qtbot, window, tmp_path):
    from tests.formats.test_content_kinds import edited

    source = Path(__file__).parents[2] / "data" / "poi-docx" / "headerFooter.docx"
    changed = edited(source, tmp_path / "v2", "word/footer2.xml", " this is a simple footer.",
                     " this is the new footer.")
    assert window.compare_files(str(source), str(changed))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.tracker.pending and window.tracker.redline is not None, timeout=10000)
    said = ("page footer changed: \u201c\u2026 and this is a simple footer.\u201d \u2192 "
            "\u201c\u2026 and this is the new footer.\u201d")
    assert window.findChild(QListWidget, "changeList").count() == 0  # the sections are the same ...
    notes = window.findChild(QLabel, "compareNotes")
    qtbot.waitUntil(lambda: notes.isVisible())  # ... and the window says what did change
    assert notes.text() == "Note: P" + said[1:]
    status = window.findChild(QLabel, "statusChanges")
    assert status.text() == "0 changes, 1 note" and status.toolTip() == said


def test_the_compare_notes_go_when_the_compare_has_none(qtbot, window):
    old = CORPUS / "pairs" / "snapchat-privacy-policy" / "v1.md"
    assert window.compare_files(str(old), str(old))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.tracker.pending and window.tracker.redline is not None, timeout=10000)
    assert not window.findChild(QLabel, "compareNotes").isVisible()
    assert window.findChild(QLabel, "statusChanges").text() == "0 changes"


def test_two_untitled_files_keep_each_its_own_name_and_no_title_change_is_listed(qtbot, window, tmp_path):
    # the fault: comparing v1.md with v2.md, the draft shown was titled "v1", and a copy exported
    # from it was titled after the old file
    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text("## 1. Scope\n\nWe collect data.\n", encoding="utf-8")
    new.write_text("## 1. Scope\n\nWe collect your data.\n", encoding="utf-8")
    assert window.compare_files(str(old), str(new))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.tracker.pending and window.tracker.redline is not None, timeout=10000)
    assert window.session.document.policy.title == "v2"
    assert [c.kind for c in window.tracker.open_changes()] == ["insert"]  # "your", not the title
    from policyeditor.app.export import export
    from policyeditor.gui.export.export_dialog import FORMATS, ExportChoices
    from policyeditor.gui.export.export_ui import ExportRequests

    html = FORMATS[1]
    choices = ExportChoices(html, None, None, False, tmp_path / "out.html")  # the dialog's HTML, the draft
    export(ExportRequests(window.session, [], "Ada Author")(choices))
    assert "<title>v2 — Working draft</title>" in (tmp_path / "out.html").read_text(encoding="utf-8")
