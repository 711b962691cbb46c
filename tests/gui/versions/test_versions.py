"""The versions panel and the base version: save a version, switch the base, open one, draft from one."""

from PySide6.QtWidgets import QComboBox, QDockWidget, QTreeWidget

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from tests.gui.waiting import wait_open


def wait_idle(qtbot, window):
    view = window.findChild(CompareView, "compareView")
    qtbot.waitUntil(lambda: not view.highlight_pending, timeout=5000)
    return view


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
