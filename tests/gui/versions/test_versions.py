"""The versions panel and the base version: save a version, switch the base, open one, draft from one."""

from PySide6.QtWidgets import QComboBox, QDockWidget, QTreeWidget

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from tests.gui.waiting import settled, wait_open


def wait_idle(qtbot, window):
    """The window idle: not only the lights applied, but the redline a base switch asks for in
    (highlight_pending alone is False for a moment before it is asked: 1 run in 3 saw 0 changes)."""
    settled(qtbot, window)
    return window.findChild(CompareView, "compareView")


def test_save_version_switch_base_open_and_draft_from(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    assert window.findChild(QDockWidget, "versionsPanel") is not None
    history = window.findChild(QTreeWidget, "versionList")
    assert history.topLevelItem(0).text(0) == "1.0"
    assert history.topLevelItem(0).text(3) == "Approved"

    document = window.session.document
    first = document.policy.sections[0]
    document_body = first.body
    draft = window.findChild(CompareView).findChildren(SectionEditor, "draftEditor")[0]
    draft.setFocus()
    cursor = draft.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    draft.setTextCursor(cursor)
    qtbot.keyClicks(draft, " Version two words.")
    assert window.save_version("1.1", "adds words")
    assert history.topLevelItem(0).text(0) == "1.1"
    assert history.topLevelItem(0).text(1)  # the author from preferences or the login

    combo = window.findChild(QComboBox, "baseVersionCombo")
    assert combo.currentData() == "1.0"  # the approved one stays the default base
    view = wait_idle(qtbot, window)
    assert view.change_count() > 0
    combo.setCurrentIndex(combo.findData("1.1"))
    view = wait_idle(qtbot, window)
    assert view.change_count() == 0  # the draft equals 1.1
    combo.setCurrentIndex(combo.findData("1.0"))
    view = wait_idle(qtbot, window)
    assert view.change_count() > 0

    # start a new draft from 1.0: one undoable step
    history.setCurrentItem(history.topLevelItem(1))
    window.versions_panel.draft_button.click()
    assert document.section(first.id).body == document_body
    window.actions["undo"].trigger()
    assert document.section(first.id).body.endswith("Version two words.")

    # open 1.0 read-only
    history.setCurrentItem(history.topLevelItem(1))
    window.versions_panel.open_button.click()
    wait_open(qtbot, window)
    assert window.session.read_only
    assert window.session.version.label == "1.0"
    editors = window.findChild(CompareView).findChildren(SectionEditor, "draftEditor")
    assert all(e.isReadOnly() for e in editors)
    assert not window.actions["addSection"].isEnabled()


def test_save_version_offers_no_label_that_could_not_be_named_back(qtbot):
    """The dialog took "approved" (FILE.policy@approved names the newest approved version) and a
    label with "@"; it now says why, with OK off, as the store would refuse them."""
    from policyeditor.gui.window.dialogs import SaveVersionDialog

    dialog = SaveVersionDialog("1.1")
    qtbot.addWidget(dialog)
    assert dialog.ok_button.isEnabled() and not dialog.label_problem.text()
    for label, says in (("approved", "'approved' is a reserved name"), ("v@2", "holds an '@'")):
        dialog.label_edit.setText(label)
        assert not dialog.ok_button.isEnabled() and says in dialog.label_problem.text()
    dialog.label_edit.setText("  ")
    assert not dialog.ok_button.isEnabled() and not dialog.label_problem.text()
    dialog.label_edit.setText("2.0")
    assert dialog.ok_button.isEnabled() and not dialog.label_problem.text()


def test_a_status_edited_outside_is_not_shown_as_the_versions_standing(qtbot, window, sample_policy):
    """A probe: 2.0, which nobody approved, set approved with sqlite3 showed as "2.0 (Approved)" in the
    base combo, the Versions panel and the export dialog (refs.load_ref and the export refuse it)."""
    import sqlite3

    from policyeditor.gui.export.export_dialog import ExportDialog
    from policyeditor.store.policyfile import PolicyFile

    with PolicyFile.open(sample_policy) as pf:
        pf.save_version(pf.load_draft(), "2.0", author="Test")
    with sqlite3.connect(sample_policy) as conn:
        conn.execute("UPDATE versions SET status = 'approved' WHERE label = '2.0'")
    conn.close()
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    combo = window.findChild(QComboBox, "baseVersionCombo")
    shown = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert shown["2.0"] == "2.0 (Status not verified)" and shown["1.0"] == "1.0 (Approved)"
    assert combo.currentData() == "1.0"  # the base by default: the newest its record shows approved
    history = window.findChild(QTreeWidget, "versionList")
    items = [history.topLevelItem(i) for i in range(history.topLevelItemCount())]
    rows = {item.text(0): item for item in items}
    assert rows["2.0"].text(3) == "Status not verified" and rows["1.0"].text(3) == "Approved"
    assert "the audit log says draft" in rows["2.0"].toolTip(3)
    window.actions["export"].trigger()
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog.version_combo.findText("2.0 (Status not verified)") >= 0
    assert dialog.version_combo.currentData() == "1.0"  # the newest version its record shows approved
    dialog.version_combo.setCurrentIndex(dialog.version_combo.findData("2.0"))
    assert dialog.note.text().startswith("Version 2.0 is marked approved, but the file does not show it so")
    dialog.reject()
