"""QUndoCommands for every change of the draft: each calls `Draft` methods and nothing else.

Typing in one section merges into one command while it goes on without a pause
(`MERGE_SECONDS`), so undo takes back a burst of typing, not a letter. A change
of many parts (accept all, replace all) is one command with child commands, so
it is undone in one step: a `Compound` that runs its parts in order and undoes
them in reverse. (Qt's own `parent=` children crash PySide6 6.12 when the
Python side of a child is collected, so the compound keeps its parts itself.)
"""

from __future__ import annotations

import time

from PySide6.QtGui import QUndoCommand

from policyeditor.core.decisions import Decision
from policyeditor.core.draft import Draft
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import NumberingStyle

MERGE_SECONDS = 1.5
SET_BODY_ID = 1
SET_HEADING_ID = 2


class SetBody(QUndoCommand):
    """Replace a section's body (canonical text)."""

    def __init__(self, document: Draft, section_id: str, body: str,
                 text: str = "Typing") -> None:
        super().__init__(text)
        self.document, self.section_id, self.new = document, section_id, body
        self.old = document.section(section_id).body
        self.stamp = time.monotonic()

    def id(self) -> int:
        return SET_BODY_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, SetBody) or other.section_id != self.section_id \
                or other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.new, self.stamp = other.new, other.stamp
        return True

    def redo(self) -> None:
        self.document.set_body(self.section_id, self.new)

    def undo(self) -> None:
        self.document.set_body(self.section_id, self.old)


class SetHeading(QUndoCommand):
    """Rename a section; consecutive renames of one section merge."""

    def __init__(self, document: Draft, section_id: str, heading: str) -> None:
        super().__init__("Rename section")
        self.document, self.section_id, self.new = document, section_id, heading
        self.old = document.section(section_id).heading
        self.stamp = time.monotonic()

    def id(self) -> int:
        return SET_HEADING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, SetHeading) or other.section_id != self.section_id \
                or other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.new, self.stamp = other.new, other.stamp
        return True

    def redo(self) -> None:
        self.document.set_heading(self.section_id, self.new)

    def undo(self) -> None:
        self.document.set_heading(self.section_id, self.old)


class InsertSection(QUndoCommand):
    """Insert a section (with its children) under parent_id at index."""

    def __init__(self, document: Draft, parent_id: str | None, index: int, section: Section,
                 text: str = "Add section") -> None:
        super().__init__(text)
        self.document, self.parent_id, self.index, self.section = document, parent_id, index, section

    def redo(self) -> None:
        self.document.insert(self.parent_id, self.index, self.section)

    def undo(self) -> None:
        self.document.remove(self.section.id)


class RemoveSection(QUndoCommand):
    """Delete a section and its children."""

    def __init__(self, document: Draft, section_id: str) -> None:
        super().__init__("Delete section")
        self.document, self.section_id = document, section_id
        self.where: tuple[str | None, int, Section] | None = None

    def redo(self) -> None:
        self.where = self.document.remove(self.section_id)

    def undo(self) -> None:
        assert self.where is not None
        parent_id, index, section = self.where
        self.document.insert(parent_id, index, section)


class MoveSection(QUndoCommand):
    """Move a section under parent_id at index (reorder, indent, outdent, drop)."""

    def __init__(self, document: Draft, section_id: str, parent_id: str | None, index: int,
                 text: str = "Move section") -> None:
        super().__init__(text)
        self.document, self.section_id, self.parent_id, self.index = document, section_id, parent_id, index
        self.back: tuple[str | None, int] | None = None

    def redo(self) -> None:
        self.back = self.document.move(self.section_id, self.parent_id, self.index)

    def undo(self) -> None:
        assert self.back is not None
        self.document.move(self.section_id, *self.back)


class SetTitle(QUndoCommand):
    def __init__(self, document: Draft, title: str) -> None:
        super().__init__("Rename policy")
        self.document, self.new, self.old = document, title, document.policy.title

    def redo(self) -> None:
        self.document.set_title(self.new)

    def undo(self) -> None:
        self.document.set_title(self.old)


class SetDates(QUndoCommand):
    def __init__(self, document: Draft, dates: dict[str, str]) -> None:
        super().__init__("Change dates")
        self.document, self.new, self.old = document, dict(dates), dict(document.policy.dates)

    def redo(self) -> None:
        self.document.set_dates(self.new)

    def undo(self) -> None:
        self.document.set_dates(self.old)


class SetNumbering(QUndoCommand):
    def __init__(self, document: Draft, style: NumberingStyle) -> None:
        super().__init__("Change outline numbering")
        self.document, self.new, self.old = document, style, document.policy.numbering

    def redo(self) -> None:
        self.document.set_numbering(self.new)

    def undo(self) -> None:
        self.document.set_numbering(self.old)


class SetDecisions(QUndoCommand):
    """Replace the draft's Track Changes decisions against one base (accept, or the record of a reject)."""

    def __init__(self, document: Draft, base: str | None, decisions: tuple[Decision, ...], text: str) -> None:
        super().__init__(text)
        self.document, self.base, self.new = document, base, decisions
        self.old = document.decisions.get(base, ())

    def redo(self) -> None:
        self.document.set_decisions(self.base, self.new)

    def undo(self) -> None:
        self.document.set_decisions(self.base, self.old)


class Compound(QUndoCommand):
    """Several commands as one undo step; parts run in order, undo in reverse."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.parts: list[QUndoCommand] = []

    def add(self, command: QUndoCommand) -> None:
        self.parts.append(command)

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()


def replace_policy(document: Draft, policy: Policy, text: str) -> Compound:
    """One command that makes the draft equal `policy` (accept/reject results, a new draft from a version).

    Sections present in both keep their place in the command only as body and
    heading edits when the structure is unchanged, so views need not rebuild;
    otherwise every section is removed and the new tree inserted.
    """
    command = Compound(text)
    policy = policy.copy()
    if policy.title != document.policy.title:
        command.add(SetTitle(document, policy.title))
    if policy.dates != document.policy.dates:  # tracked as the title is (a redline's dates_ops)
        command.add(SetDates(document, policy.dates))
    old_shape = [(s.id, d) for s, d in document.policy.walk()]
    new_shape = [(s.id, d) for s, d in policy.walk()]
    if old_shape == new_shape and _same_parents(document.policy, policy):
        for section, _ in policy.walk():
            current = document.section(section.id)
            if section.heading != current.heading:
                command.add(SetHeading(document, section.id, section.heading))
            if section.body != current.body:
                command.add(SetBody(document, section.id, section.body, text))
        return command
    for section in list(document.policy.sections):
        command.add(RemoveSection(document, section.id))
    for index, section in enumerate(policy.sections):
        command.add(InsertSection(document, None, index, section, text))
    return command


def _same_parents(a: Policy, b: Policy) -> bool:
    def parents(policy: Policy) -> dict[str, str | None]:
        out: dict[str, str | None] = {}

        def visit(children: list[Section], owner: str | None) -> None:
            for child in children:
                out[child.id] = owner
                visit(child.children, child.id)

        visit(policy.sections, None)
        return out

    return parents(a) == parents(b)


# ---------------------------------------------------------------- structural edits by gesture


def add_after(document: Draft, section_id: str | None, section: Section) -> InsertSection:
    """Insert `section` after `section_id` as its sibling (at the end when None)."""
    if section_id is None:
        return InsertSection(document, None, len(document.policy.sections), section)
    parent, index = document.policy.locate(section_id)
    return InsertSection(document, parent.id if parent else None, index + 1, section)


def move_by(document: Draft, section_id: str, step: int) -> MoveSection | None:
    """Move a section up (-1) or down (+1) among its siblings; None at the end of the line."""
    parent, index = document.policy.locate(section_id)
    siblings = parent.children if parent else document.policy.sections
    if not 0 <= index + step < len(siblings):
        return None
    return MoveSection(document, section_id, parent.id if parent else None, index + step,
                       "Move section up" if step < 0 else "Move section down")


def indent(document: Draft, section_id: str) -> MoveSection | None:
    """Make a section the last child of the section above it; None for a first child."""
    parent, index = document.policy.locate(section_id)
    if index == 0:
        return None
    above = (parent.children if parent else document.policy.sections)[index - 1]
    return MoveSection(document, section_id, above.id, len(above.children), "Indent section")


def outdent(document: Draft, section_id: str) -> MoveSection | None:
    """Make a section the next sibling of its parent; None at the top level."""
    parent, _ = document.policy.locate(section_id)
    if parent is None:
        return None
    grandparent, parent_index = document.policy.locate(parent.id)
    return MoveSection(document, section_id, grandparent.id if grandparent else None,
                       parent_index + 1, "Outdent section")
