"""Undoable commands over the draft: each redoes and undoes through Document, merging typing."""

from PySide6.QtGui import QUndoStack

from policyeditor.core.document import Document
from policyeditor.core.model import Policy, Section
from policyeditor.gui.editing import commands


def policy() -> Policy:
    return Policy("P", [Section("A", "a", id="a"), Section("B", "b", [Section("B1", "b1", id="b1")], id="b"),
                        Section("C", "c", id="c")])


def shape(document: Document) -> list[tuple[str, int]]:
    return [(s.id, depth) for s, depth in document.policy.walk()]


def test_typing_in_one_section_merges_and_undoes_in_one_step(qapp):
    document, stack = Document(policy()), QUndoStack()
    for text in ("a1", "a12", "a123"):
        stack.push(commands.SetBody(document, "a", text))
    stack.push(commands.SetBody(document, "c", "c!"))
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert document.section("a").body == "a" and document.section("c").body == "c"
    stack.redo()
    assert document.section("a").body == "a123"


def test_structural_builders_and_undo(qapp):
    document, stack = Document(policy()), QUndoStack()
    start = shape(document)
    assert commands.move_by(document, "a", -1) is None
    assert commands.indent(document, "a") is None
    assert commands.outdent(document, "a") is None
    stack.push(commands.move_by(document, "a", +1))
    assert [s.id for s in document.policy.sections] == ["b", "a", "c"]
    stack.push(commands.indent(document, "c"))
    assert document.policy.locate("c")[0].id == "a"
    stack.push(commands.outdent(document, "b1"))
    assert [s.id for s in document.policy.sections] == ["b", "b1", "a"]
    stack.push(commands.add_after(document, "b1", Section("New", id="n")))
    assert [s.id for s in document.policy.sections] == ["b", "b1", "n", "a"]
    stack.push(commands.RemoveSection(document, "b"))
    while stack.canUndo():
        stack.undo()
    assert shape(document) == start


def test_replace_policy_is_one_step_both_ways(qapp):
    document, stack = Document(policy()), QUndoStack()
    same_shape = policy()
    same_shape.sections[0].body = "changed"
    same_shape.sections[2].heading = "Renamed"
    command = commands.replace_policy(document, same_shape, "Reject")
    assert len(command.parts) == 2  # edits only: no section is removed and re-inserted
    stack.push(command)
    assert document.policy.to_data() == same_shape.to_data()
    other = Policy("Q", [Section("Z", "z", id="z")])
    stack.push(commands.replace_policy(document, other, "New draft"))
    assert document.policy.to_data() == other.to_data()
    stack.undo()
    assert document.policy.to_data() == same_shape.to_data()
    stack.undo()
    assert document.policy.to_data() == policy().to_data()
