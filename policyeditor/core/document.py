"""The draft: the one mutable policy, changed only through the methods of `Document`.

Rule: every change of the draft goes through one of the methods below; each
emits one `Change` event to the subscribers after it is made, and each returns
what is needed to undo it. Views, the autosave and the redline cache listen
to these events; nothing else writes to the policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import NumberingStyle


@dataclass(frozen=True)
class Change:
    """What changed: kind is title, heading, body, insert, remove, move or numbering."""

    kind: str
    section_id: str | None = None


Listener = Callable[[Change], None]


class Document:
    """The editable working state of one policy."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.revision = 0  # grows with every change; autosave compares it
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call listener after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, change: Change) -> None:
        self.revision += 1
        for listener in list(self._listeners):
            listener(change)

    def section(self, section_id: str) -> Section:
        found = self.policy.find(section_id)
        if found is None:
            raise KeyError(section_id)
        return found

    def _children(self, parent_id: str | None) -> list[Section]:
        return self.policy.sections if parent_id is None else self.section(parent_id).children

    # ------------------------------------------------------------ the changes

    def set_title(self, title: str) -> str:
        """Rename the policy; returns the old title."""
        old, self.policy.title = self.policy.title, title
        self._emit(Change("title"))
        return old

    def set_numbering(self, style: NumberingStyle) -> NumberingStyle:
        """Change how the outline is numbered (every section's printed number); returns the old style."""
        old, self.policy.numbering = self.policy.numbering, style
        self._emit(Change("numbering"))
        return old

    def set_heading(self, section_id: str, heading: str) -> str:
        """Rename a section; returns the old heading."""
        section = self.section(section_id)
        old, section.heading = section.heading, heading
        self._emit(Change("heading", section_id))
        return old

    def set_body(self, section_id: str, text: str) -> str:
        """Replace a section's body (canonical text); returns the old body."""
        section = self.section(section_id)
        old, section.body = section.body, text
        self._emit(Change("body", section_id))
        return old

    def insert(self, parent_id: str | None, index: int, section: Section) -> None:
        """Insert a section (with its children) under parent_id (None: top level)."""
        if self.policy.find(section.id) is not None:
            raise ValueError(f"section {section.id} is already in the policy")
        self._children(parent_id).insert(index, section)
        self._emit(Change("insert", section.id))

    def remove(self, section_id: str) -> tuple[str | None, int, Section]:
        """Remove a section and its children; returns (parent id, index, section) to undo."""
        parent, index = self.policy.locate(section_id)
        siblings = self.policy.sections if parent is None else parent.children
        section = siblings.pop(index)
        self._emit(Change("remove", section_id))
        return (parent.id if parent else None), index, section

    def move(self, section_id: str, parent_id: str | None, index: int) -> tuple[str | None, int]:
        """Move a section under parent_id at index; returns where it was, to undo."""
        if parent_id is not None:
            moved = self.section(section_id)
            if any(s.id == parent_id for s, _ in moved.walk()):
                raise ValueError("a section cannot move inside itself")
        parent, old_index = self.policy.locate(section_id)
        siblings = self.policy.sections if parent is None else parent.children
        section = siblings.pop(old_index)
        target = self._children(parent_id)
        target.insert(min(index, len(target)), section)
        self._emit(Change("move", section_id))
        return (parent.id if parent else None), old_index
