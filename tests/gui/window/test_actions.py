"""The shortcut table: each parses, none is used twice or takes an editing key; frequent actions have one."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTreeView, QWidget

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.window.actions import ACTIONS, make_actions
from tests.gui.waiting import wait_open

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_every_shortcut_parses_and_is_unique(qapp):
    seen: dict[str, str] = {}
    for spec in ACTIONS:
        if spec.shortcut is None:
            continue
        if isinstance(spec.shortcut, str):
            sequences = [QKeySequence(spec.shortcut)]
            text = sequences[0].toString(QKeySequence.SequenceFormat.PortableText)
            assert text and QKeySequence.fromString(text) == sequences[0], spec.name
        else:  # a platform's standard key may have several bindings, or none here
            sequences = QKeySequence.keyBindings(spec.shortcut)
        for sequence in sequences:
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert text, f"{spec.name}: shortcut {spec.shortcut!r} does not parse"
            assert text not in seen, f"{spec.name} and {seen.get(text)} share {text}"
            seen[text] = spec.name
    assert len(seen) > 20


def test_actions_have_unique_object_names(qapp):
    owner = QWidget()
    actions = make_actions(owner)
    names = [a.objectName() for a in actions.values()]
    assert len(set(names)) == len(names) == len(ACTIONS)


# keys a text pane or heading uses itself: a window shortcut on one of them would be lost or steal it
EDITING = ("Move", "Select", "Delete", "Cut", "Copy", "Paste", "Backspace", "Insert")
FREQUENT = ("open", "save", "saveVersion", "find", "findNext", "replace", "nextChange", "previousChange",
            "acceptChange", "rejectChange", "comment", "viewSideBySide", "viewInline", "viewDraft",
            "zoomIn", "zoomOut", "zoomReset", "export", "undo", "redo")


def _bindings(spec):
    if spec.shortcut is None:
        return []
    if isinstance(spec.shortcut, str):
        return [QKeySequence(spec.shortcut)]
    return QKeySequence.keyBindings(spec.shortcut)


def test_no_shortcut_takes_a_text_editing_key(qapp):
    editing = {}
    for key in QKeySequence.StandardKey:
        if key.name.startswith(EDITING):
            for sequence in QKeySequence.keyBindings(key):
                editing[sequence.toString(QKeySequence.SequenceFormat.PortableText)] = key.name
    for spec in ACTIONS:
        for sequence in _bindings(spec):
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in editing, f"{spec.name}: {text} is {editing.get(text)} in a text pane"


def test_every_frequent_action_has_a_shortcut(qapp):
    specs = {spec.name: spec for spec in ACTIONS}
    missing = [name for name in FREQUENT if not _bindings(specs[name])]
    assert not missing


def test_outline_keys_move_a_section_and_leave_word_selection_to_the_text(qtbot, window, sample_policy):
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    order = [s.id for s in window.session.document.policy.sections]
    navigator = window.findChild(QTreeView, "sectionNavigator")
    window.select_section(order[0])
    navigator.setFocus()
    qtbot.keyClick(navigator, Qt.Key.Key_Down, ALT_SHIFT)
    assert [s.id for s in window.session.document.policy.sections][:2] == [order[1], order[0]]

    draft = window.findChild(CompareView, "compareView").findChildren(SectionEditor, "draftEditor")[0]
    draft.setFocus()
    cursor = draft.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    draft.setTextCursor(cursor)
    before = window.session.document.policy.to_data()
    qtbot.keyClick(draft, Qt.Key.Key_Right, CTRL_SHIFT)
    assert draft.textCursor().hasSelection()  # selected a word
    assert window.session.document.policy.to_data() == before  # and indented nothing
