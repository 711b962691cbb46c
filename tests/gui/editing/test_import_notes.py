"""The import notes dock: every note listed, a click goes to and selects its place, places are marked."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextFormat
from PySide6.QtWidgets import QApplication, QDockWidget

from policyeditor.core.body import plain_text
from policyeditor.gui.editing.import_notes import LAYER, NotesPanel
from policyeditor.gui.editing.selection_layers import layer
from tests.gui.conftest import SAMPLE
from tests.gui.waiting import wait_open

LAST_SENTENCE_START = "We work to protect the security of your information"


def opened_sample(qtbot, window, path=SAMPLE):
    assert window.open_path(str(path))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.busy(), timeout=5000)
    return window.findChild(NotesPanel, "importNotesList")


def click_note(qtbot, panel, row):
    item = panel.item(row)
    panel.scrollToItem(item)
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=panel.visualItemRect(item).center())
    for _ in range(3):  # the rows settle (laid out as they scroll into view) and the place is kept on show
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def draft_editor(window, section_id):
    return window.compare_view.row_of(section_id).right


def test_every_note_of_the_sample_is_listed_with_its_place(qtbot, window):
    panel = opened_sample(qtbot, window)
    dock = window.findChild(QDockWidget, "notesDock")
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()  # raised, not behind a tab
    texts = [panel.item(i).text() for i in range(panel.count())]
    assert texts[0] == "section (d) is empty\n    §(d) (untitled)"
    assert texts[1].startswith("the text ends mid-sentence")
    assert texts[1].endswith("\n    §6 HOW WE SECURE YOUR INFORMATION")
    assert window.session.report == window.notes.notes  # all of them, not the first alone


def test_a_click_selects_the_cut_off_sentence_in_the_draft_pane(qtbot, window):
    panel = opened_sample(qtbot, window)
    note = window.notes.notes[1]
    editor = draft_editor(window, note.section_id)
    click_note(qtbot, panel, 1)
    selected = editor.textCursor().selectedText()
    assert selected.startswith(LAST_SENTENCE_START) and selected.endswith("you input..")
    assert editor.hasFocus()
    # on show in the scroll area
    shown = window.compare_view.viewport()
    at = editor.viewport().mapTo(shown, editor.cursorRect().center())
    assert shown.rect().contains(at)
    marks = layer(editor, LAYER)
    assert [m.cursor.selectedText() for m in marks] == [selected]


def test_the_empty_clause_is_marked_as_a_whole_line_and_a_click_goes_there(qtbot, window):
    panel = opened_sample(qtbot, window)
    note = window.notes.notes[0]
    editor = draft_editor(window, note.section_id)
    marks = layer(editor, LAYER)
    assert len(marks) == 1 and marks[0].format.property(QTextFormat.Property.FullWidthSelection)
    click_note(qtbot, panel, 0)
    assert editor.hasFocus() and editor.toPlainText() == ""


def test_a_note_without_a_place_is_listed_and_goes_nowhere(qtbot, window, tmp_path):
    source = tmp_path / "legacy.txt"
    source.write_bytes("TERMS\n\nCaf\xe9 rules\n\nWe serve coffee. We also serve tea\n".encode("cp1252"))
    panel = opened_sample(qtbot, window, source)
    assert panel.count() == 2
    first = panel.item(0)
    assert "Windows-1252" in first.text() and first.font().italic()
    assert not window.notes.reveal(0)
    assert window.notes.reveal(1)
    focused = window.focusWidget()
    assert focused.textCursor().selectedText() == "We also serve tea"


def test_the_mark_follows_its_words_when_the_section_is_edited(qtbot, window):
    panel = opened_sample(qtbot, window)
    note = window.notes.notes[1]
    editor = draft_editor(window, note.section_id)
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "Please note: ")
    qtbot.waitUntil(lambda: plain_text(window.session.document.policy.find(note.section_id).body)
                    .startswith("Please note: "), timeout=5000)
    assert [m.cursor.selectedText() for m in layer(editor, LAYER)][0].startswith(LAST_SENTENCE_START)
    click_note(qtbot, panel, 1)
    assert editor.textCursor().selectedText().startswith(LAST_SENTENCE_START)


def test_the_notes_stay_after_save_as_and_go_with_the_document(qtbot, window, tmp_path, sample_policy):
    panel = opened_sample(qtbot, window)
    assert window.save_as(str(tmp_path / "sample.policy"))
    qtbot.waitUntil(lambda: not window.busy(), timeout=5000)
    assert panel.count() == 2 and window.notes.reveal(1)
    window.open_path(str(sample_policy))  # another document: its own notes (a .policy has none)
    wait_open(qtbot, window)
    assert panel.count() == 0  # a .policy file does not store them


def test_a_place_whose_words_are_gone_is_said_so_and_marks_nothing(qtbot, window):
    panel = opened_sample(qtbot, window)
    note = window.notes.notes[1]
    editor = draft_editor(window, note.section_id)
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().find(LAST_SENTENCE_START).selectionStart())
    cursor.movePosition(cursor.MoveOperation.End, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: LAST_SENTENCE_START not in
                    plain_text(window.session.document.policy.find(note.section_id).body), timeout=5000)
    # the list follows the draft once the typing pauses
    qtbot.waitUntil(lambda: panel.item(1).text().endswith("(its words are no longer in the draft)"),
                    timeout=5000)
    assert layer(editor, LAYER) == [] and not window.notes.reveal(1)


def test_a_click_on_the_struck_passages_line_selects_the_first_one(qtbot, window, tmp_path):
    """The struck line is placed on its first passage (importers.struck.Struck.place)."""
    source = tmp_path / "struck.html"
    source.write_text("<h1>Terms</h1><h2>Scope</h2><p>We will <del>not</del> sell data.</p>"
                      "<h2>Use</h2><p>We <s>may</s> use it.</p>", encoding="utf-8")
    panel = opened_sample(qtbot, window, source)
    [row] = [i for i in range(panel.count()) if "struck-through passages" in panel.item(i).text()]
    assert panel.item(row).text().endswith("\n    §1 Scope")
    assert window.statusBar().currentMessage().startswith("Imported with 1 note: 2 struck-through passages")
    click_note(qtbot, panel, row)
    assert window.focusWidget().textCursor().selectedText() == "not"
