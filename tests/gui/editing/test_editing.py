"""Working the editing window as a person would: open, type, see the redline, undo, save, reopen."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTreeView

from policyeditor.gui.editing.commands import SetBody
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.window.app import settings
from policyeditor.gui.window.main_window import MainWindow
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open

SAMPLE = Path(__file__).parents[3] / "resources" / "samples" / "privacy-policy.txt"


def editors(win, name):
    return win.findChild(CompareView, "compareView").findChildren(SectionEditor, name)


def wait_lit(qtbot, win):
    """The draft's lights in: the redline asked for (an edit's is asked a moment later) and applied."""
    view = win.findChild(CompareView, "compareView")
    qtbot.waitUntil(lambda: not win.busy(), timeout=5000)
    return view


def selections(editor):
    return [(s.cursor.selectionStart(), s.cursor.selectedText()) for s in editor.extraSelections()]


def type_into(qtbot, editor, text, at_end=True):
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End if at_end else cursor.MoveOperation.Start)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)


def test_import_a_text_document_then_save_as(qtbot, window, tmp_path):
    assert window.open_path(str(SAMPLE))
    wait_open(qtbot, window)
    assert window.findChild(QLabel, "statusSaved").text().startswith("Not saved")
    assert window.base_combo.currentText() == "Draft as opened"
    target = tmp_path / "saved.policy"
    assert window.save_as(str(target))
    assert target.exists()
    assert window.findChild(QLabel, "statusSaved").text() == "Saved"
    with PolicyFile.open(target, readonly=True) as pf:
        assert pf.load_draft().to_data() == window.session.document.policy.to_data()


def test_typing_lights_both_sides_and_undo_takes_it_back(qtbot, window, sample_policy):
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    combo = window.findChild(QComboBox, "baseVersionCombo")
    assert combo.currentText() == "1.0 (Approved)"
    view = wait_lit(qtbot, window)
    assert view.change_count() == 0
    draft = editors(window, "draftEditor")[0]
    base = editors(window, "baseEditor")[0]
    section_id = draft.section_id
    original = window.session.document.section(section_id).body

    # delete the first word, then type a new ending
    draft.setFocus()
    cursor = draft.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.movePosition(cursor.MoveOperation.EndOfWord, cursor.MoveMode.KeepAnchor)
    draft.setTextCursor(cursor)
    first_word = cursor.selectedText()
    qtbot.keyClick(draft, Qt.Key.Key_Delete)
    type_into(qtbot, draft, " Added words.")
    assert window.session.document.section(section_id).body.endswith("Added words.")
    qtbot.waitUntil(lambda: any("Added" in t for _, t in selections(draft)), timeout=5000)
    qtbot.waitUntil(lambda: any(first_word in t for _, t in selections(base)), timeout=5000)
    assert window.findChild(QLabel, "statusSaved").text() == "Unsaved changes"
    assert "change" in window.findChild(QLabel, "statusChanges").text()
    assert window.session.undo_stack.count() >= 1

    # undo by shortcut, with the focus in the editor, until the body is back
    while window.session.undo_stack.canUndo():
        qtbot.keyClick(draft, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document.section(section_id).body == original
    assert draft.body == original
    qtbot.waitUntil(lambda: not selections(draft) and not selections(base), timeout=5000)


def test_heading_edit_is_undoable(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    heading = window.findChildren(QLineEdit, "headingEdit")[1]
    section_id = heading.property("sectionId")
    heading.selectAll()
    qtbot.keyClicks(heading, "What we collect")
    assert window.session.document.section(section_id).heading == "What we collect"
    window.actions["undo"].trigger()
    assert window.session.document.section(section_id).heading == "Information we collect"
    assert window.findChildren(QLineEdit, "headingEdit")[1].text() == "Information we collect"


def test_autosave_close_and_reopen_finds_the_draft(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    draft = editors(window, "draftEditor")[2]
    type_into(qtbot, draft, " Autosaved text.")
    qtbot.waitUntil(lambda: window.findChild(QLabel, "statusSaved").text() == "Saved", timeout=6000)
    assert window.session.last_save_ms > 0
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        assert "Autosaved text." in pf.load_draft().find(draft.section_id).body
    section_id = draft.section_id
    window.close()

    again = MainWindow(settings())
    qtbot.addWidget(again)
    again.open_path(str(sample_policy))
    wait_open(qtbot, again)
    assert again.session.document.section(section_id).body.endswith("Autosaved text.")
    assert "Recovered" not in again.statusBar().currentMessage()  # it closed cleanly
    again.close()


def test_crash_recovery_says_the_draft_was_recovered(qtbot, sample_policy):
    first = MainWindow(settings())
    qtbot.addWidget(first)
    first.open_path(str(sample_policy))
    wait_open(qtbot, first)
    first.session.document.set_body(first.session.document.policy.sections[0].id, "Crash text.")
    first.session.save()
    # the process dies here: no close; its entry stays in the recovery folder, its locks go
    first.session.file.close()
    first.session.file = None
    first.life.recovery.keeper._alive.release()

    after = MainWindow(settings())
    qtbot.addWidget(after)
    assert after.life.resume() == 1  # the next start opens it again
    wait_open(qtbot, after)
    assert after.statusBar().currentMessage().startswith("Recovered the draft autosaved at")
    assert after.session.document.policy.sections[0].body == "Crash text."
    after.close()


def test_formatting_toolbar_makes_bold_and_list(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    draft = editors(window, "draftEditor")[1]
    type_into(qtbot, draft, " ")
    qtbot.keyClick(draft, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.actions["bold"].isChecked()
    qtbot.keyClicks(draft, "strong")
    assert window.session.document.section(draft.section_id).body.endswith("**strong**")
    window.actions["numberedList"].trigger()
    assert "1. " in window.session.document.section(draft.section_id).body


def test_a_moved_section_is_credited_with_the_move(qtbot, window, sample_policy):
    """USE OF COOKIES (271 words) moved above DISCLOSURE (199): the move is its own, not DISCLOSURE's."""
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    navigator = window.findChild(QTreeView, "sectionNavigator")
    model = navigator.model()
    top = window.session.document.policy.sections
    cookies = next(s.id for s in top if s.heading.startswith("USE OF COOKIES"))
    disclosure = next(s.id for s in top if s.heading.startswith("DISCLOSURE"))
    navigator.setCurrentIndex(model.index_of(cookies))
    window.actions["moveUp"].trigger()
    view = wait_lit(qtbot, window)
    qtbot.waitUntil(lambda: view.states().get(cookies) == "moved", timeout=5000)
    assert view.states().get(disclosure) != "moved"
    moves = [c for c in window.changes.shown_changes() if c.kind == "section_moved"]
    assert [c.new_id for c in moves] == [cookies]


def test_reorder_indent_and_undo(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    navigator = window.findChild(QTreeView, "sectionNavigator")
    model = navigator.model()
    first, second = [s.id for s in window.session.document.policy.sections[:2]]
    navigator.setCurrentIndex(model.index_of(first))
    window.actions["moveDown"].trigger()
    assert [s.id for s in window.session.document.policy.sections[:2]] == [second, first]
    assert model.data(model.index_of(first)).startswith("2 ")
    view = wait_lit(qtbot, window)
    assert view.states().get(first) == "moved" or view.states().get(second) == "moved"
    window.actions["undo"].trigger()
    assert [s.id for s in window.session.document.policy.sections[:2]] == [first, second]
    navigator.setCurrentIndex(model.index_of(second))
    window.actions["indent"].trigger()
    assert window.session.document.policy.locate(second)[0].id == first
    window.actions["outdent"].trigger()
    assert window.session.document.policy.locate(second)[0] is None
    window.actions["addSection"].trigger()
    assert any(s.heading == "New section" for s, _ in window.session.document.policy.walk())
    window.actions["deleteSection"].trigger()
    assert not any(s.heading == "New section" for s, _ in window.session.document.policy.walk())


def test_preferences_are_stored(qtbot, window, monkeypatch):
    from policyeditor.gui.window.dialogs import PreferencesDialog

    dialog = PreferencesDialog(settings(), window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Ada Lovelace")
    qtbot.keyClicks(dialog.initials_edit, "AL")
    dialog.accept()
    assert settings().value("user/name") == "Ada Lovelace"
    window._show_user()
    assert window.findChild(QLabel, "statusUser").text().endswith("Ada Lovelace")


def test_section_model(qtmodeltester, sample_policy):
    from policyeditor.core.draft import Draft
    from policyeditor.gui.models.sections import SectionTreeModel

    with PolicyFile.open(sample_policy, readonly=True) as pf:
        model = SectionTreeModel(Draft(pf.load_draft()))
    qtmodeltester.check(model)


def test_deleted_section_is_a_ghost_in_the_navigator(qtbot, window, sample_policy, qtmodeltester):
    from policyeditor.gui.models.sections import CHANGE_STATE_ROLE

    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    navigator = window.findChild(QTreeView, "sectionNavigator")
    model = navigator.model()
    doomed = window.session.document.policy.sections[2]
    navigator.setCurrentIndex(model.index_of(doomed.id))
    window.actions["deleteSection"].trigger()
    wait_open(qtbot, window)  # on a loaded machine the rows are laid out again in slices
    top = model.rowCount()
    ghost = model.index(top - 1, 0)
    assert model.ghost_at(ghost) == doomed.id
    assert model.data(ghost).endswith(f"{doomed.heading} (deleted)")
    assert model.data(ghost, CHANGE_STATE_ROLE) == "deleted"
    qtmodeltester.check(model)
    navigator.setCurrentIndex(ghost)  # choosing a ghost scrolls to its row, without error
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: all(model.ghost_at(model.index(r, 0)) is None for r in range(model.rowCount())))


def test_drag_and_drop_moves_a_section_undoably(qtbot, window, sample_policy):
    from PySide6.QtCore import Qt as QtNS

    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    model = window.findChild(QTreeView, "sectionNavigator").model()
    first, second, third = [s.id for s in window.session.document.policy.sections[:3]]
    data = model.mimeData([model.index_of(first)])
    # drop the first section onto the third: it becomes the third's last child
    assert model.dropMimeData(data, QtNS.DropAction.MoveAction, -1, 0, model.index_of(third)) is False
    assert window.session.document.policy.locate(first)[0].id == third
    window.actions["undo"].trigger()
    assert window.session.document.policy.sections[0].id == first
    # drop it between the second and third top-level sections
    model.dropMimeData(model.mimeData([model.index_of(first)]), QtNS.DropAction.MoveAction, 2, 0,
                       model.index(-1, 0))
    assert [s.id for s in window.session.document.policy.sections[:3]] == [second, first, third]


def test_close_and_reopen_finds_everything_as_left(qtbot, sample_policy):
    first = MainWindow(settings())
    qtbot.addWidget(first)
    first.open_path(str(sample_policy))
    wait_open(qtbot, first)
    document = first.session.document
    navigator = first.findChild(QTreeView, "sectionNavigator")
    a, b = [s.id for s in document.policy.sections[:2]]
    navigator.setCurrentIndex(navigator.model().index_of(a))
    first.actions["moveDown"].trigger()
    heading = first.findChildren(QLineEdit, "headingEdit")[0]
    renamed = heading.property("sectionId")
    heading.selectAll()
    qtbot.keyClicks(heading, "Renamed heading")
    assert first.save_version("1.1", "reordered")
    combo = first.findChild(QComboBox, "baseVersionCombo")
    combo.setCurrentIndex(combo.findData("1.1"))
    first.set_view(1)
    first.close()

    again = MainWindow(settings())
    qtbot.addWidget(again)
    again.open_path(str(sample_policy))
    wait_open(qtbot, again)
    policy = again.session.document.policy
    assert [s.id for s in policy.sections[:2]] == [b, a]
    assert policy.find(renamed).heading == "Renamed heading"
    assert [v.label for v in again.session.versions()] == ["1.0", "1.1"]
    assert again.findChild(QComboBox, "baseVersionCombo").currentData() == "1.1"
    assert again.stack.currentIndex() == 1  # the inline view, as left
    assert again.recent_files()[0] == str(sample_policy.resolve())
    again.close()


def test_a_failed_autosave_is_told_not_raised(qtbot, window, sample_policy, monkeypatch):
    from policyeditor.core.errors import PolicyFileError

    window.open_path(str(sample_policy))
    wait_open(qtbot, window)

    def refuse(_policy, **_tracking):
        raise PolicyFileError("privacy.policy cannot be written: disk full")

    monkeypatch.setattr(window.session.file, "save_draft", refuse)
    document = window.session.document
    window.push(SetBody(document, document.policy.sections[0].id, "Changed."))
    window.session.autosave()
    message = window.statusBar().currentMessage()
    assert message == "Autosave failed: privacy.policy cannot be written: disk full"
    assert window.findChild(QLabel, "statusSaved").text() == "Unsaved changes"
    monkeypatch.undo()


def test_a_section_moved_out_of_order_shows_at_both_places(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    document = window.session.document
    last = document.policy.sections[-1]
    navigator = window.findChild(QTreeView, "sectionNavigator")
    navigator.setCurrentIndex(navigator.model().index_of(last.id))
    for _ in range(len(document.policy.sections) - 1):
        window.actions["moveUp"].trigger()
    assert document.policy.sections[0].id == last.id
    view = window.findChild(CompareView, "compareView")
    notes = [label.text() for label in view.findChildren(QLabel, "movedGhost")]
    titles = [label.text() for label in view.findChildren(QLabel, "baseHeading")]
    assert any(note.startswith("(moved to ") for note in notes) or \
        any(title.startswith("(moved from ") for title in titles)
    assert view.states()[last.id] == "moved"


def test_renaming_lights_the_old_heading_words(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    heading = window.findChildren(QLineEdit, "headingEdit")[1]
    heading.setFocus()
    heading.selectAll()
    qtbot.keyClicks(heading, "Information we gather")
    view = window.findChild(CompareView, "compareView")
    row = view.row_of(heading.property("sectionId"))
    qtbot.waitUntil(lambda: "line-through" in row.left_title.text(), timeout=5000)
    assert ">collect</span>" in row.left_title.text()
    assert "Was: Information we collect" in heading.toolTip()
