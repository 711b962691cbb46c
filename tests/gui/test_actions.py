"""The shortcut table: every shortcut parses and none is used twice."""

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from policyeditor.gui.actions import ACTIONS, make_actions


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
