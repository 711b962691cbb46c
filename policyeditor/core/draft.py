"""The draft: the one mutable policy, changed only through the methods of `Draft`.

Rule (as napari's evented list): every change of the draft goes through one
of the methods below. Each method first checks the change can be made, then
tells the `before` subscribers what is about to change, makes the change, and
tells the subscribers what changed; each returns what is needed to undo it.
The event is one small frozen dataclass that says exactly what changed
(`SectionInserted`, `HeadingChanged`, ...), so a view updates only that.
Views, the autosave and the redline tracker listen to these events; nothing
else writes to the policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from policyeditor.core.decisions import Decision
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import NumberingStyle


@dataclass(frozen=True)
class TitleChanged:
    """The policy's title changed."""


@dataclass(frozen=True)
class DatesChanged:
    """The policy's date lines changed ("Effective date: …", its title block's)."""


@dataclass(frozen=True)
class NumberingChanged:
    """The outline's numbering style changed: every section's printed number may differ."""


@dataclass(frozen=True)
class HeadingChanged:
    section_id: str


@dataclass(frozen=True)
class BodyChanged:
    section_id: str


@dataclass(frozen=True)
class SectionInserted:
    """`section_id` (with its children) now sits at `index` under `parent_id` (None: top level)."""

    parent_id: str | None
    index: int
    section_id: str


@dataclass(frozen=True)
class SectionRemoved:
    """`section_id` (with its children) was taken from `index` under `parent_id`."""

    parent_id: str | None
    index: int
    section_id: str


@dataclass(frozen=True)
class SectionMoved:
    """`section_id` went from (old_parent, old_index) to (new_parent, new_index).

    `new_index` counts the new siblings after the section left its old place,
    as `Draft.move` takes it.
    """

    old_parent: str | None
    old_index: int
    new_parent: str | None
    new_index: int
    section_id: str


@dataclass(frozen=True)
class DecisionsChanged:
    """The Track Changes decisions against base `base` (a version label; None: the draft as opened)
    changed; the text did not."""

    base: str | None


DraftEvent = (TitleChanged | DatesChanged | NumberingChanged | HeadingChanged | BodyChanged
              | SectionInserted | SectionRemoved | SectionMoved | DecisionsChanged)
STRUCTURE = (SectionInserted, SectionRemoved, SectionMoved)  # events that change the tree's shape
Listener = Callable[[DraftEvent], None]


class Draft:
    """The editable working state of one policy."""

    def __init__(self, policy: Policy, *, moved: set[str] | None = None,
                 decisions: dict[str | None, tuple[Decision, ...]] | None = None) -> None:
        self.policy = policy
        self.revision = 0  # grows with every change; autosave compares it
        # the sections the author moved, so a redline credits the move to them (diff.redline.compare)
        self.moved: set[str] = set(moved or ())
        # the accepted and rejected changes, per base (core.decisions); kept in the .policy file
        self.decisions: dict[str | None, tuple[Decision, ...]] = dict(decisions or {})
        self._listeners: list[Listener] = []
        self._before: list[Listener] = []

    def subscribe(self, listener: Listener, *, before: bool = False) -> Callable[[], None]:
        """Call listener after every change (with `before`: just before it is made, as a Qt model's
        beginInsertRows needs); returns a function that unsubscribes."""
        listeners = self._before if before else self._listeners
        listeners.append(listener)
        return lambda: listeners.remove(listener)

    def _about_to(self, event: DraftEvent) -> None:
        for listener in list(self._before):
            listener(event)

    def _emit(self, event: DraftEvent) -> None:
        self.revision += 1
        for listener in list(self._listeners):
            listener(event)

    def section(self, section_id: str) -> Section:
        found = self.policy.find(section_id)
        if found is None:
            raise KeyError(section_id)
        return found

    def _children(self, parent_id: str | None) -> list[Section]:
        return self.policy.sections if parent_id is None else self.section(parent_id).children

    def _place(self, section_id: str) -> tuple[str | None, int, list[Section]]:
        parent, index = self.policy.locate(section_id)
        siblings = self.policy.sections if parent is None else parent.children
        return (parent.id if parent else None), index, siblings

    # ------------------------------------------------------------ the changes

    def set_title(self, title: str) -> str:
        """Rename the policy; returns the old title."""
        event = TitleChanged()
        self._about_to(event)
        old, self.policy.title = self.policy.title, title
        self._emit(event)
        return old

    def set_dates(self, dates: dict[str, str]) -> dict[str, str]:
        """Set the policy's date lines (label → value); returns the old ones."""
        event = DatesChanged()
        self._about_to(event)
        old, self.policy.dates = self.policy.dates, dict(dates)
        self._emit(event)
        return old

    def set_numbering(self, style: NumberingStyle) -> NumberingStyle:
        """Change how the outline is numbered (every section's printed number); returns the old style."""
        event = NumberingChanged()
        self._about_to(event)
        old, self.policy.numbering = self.policy.numbering, style
        self._emit(event)
        return old

    def set_heading(self, section_id: str, heading: str) -> str:
        """Rename a section; returns the old heading."""
        section = self.section(section_id)
        event = HeadingChanged(section_id)
        self._about_to(event)
        old, section.heading = section.heading, heading
        self._emit(event)
        return old

    def set_body(self, section_id: str, text: str) -> str:
        """Replace a section's body (canonical text); returns the old body."""
        section = self.section(section_id)
        event = BodyChanged(section_id)
        self._about_to(event)
        old, section.body = section.body, text
        self._emit(event)
        return old

    def set_decisions(self, base: str | None, decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
        """Replace the Track Changes decisions against `base`; returns the old ones."""
        event = DecisionsChanged(base)
        self._about_to(event)
        old = self.decisions.get(base, ())
        if decisions:
            self.decisions[base] = tuple(decisions)
        else:
            self.decisions.pop(base, None)
        self._emit(event)
        return old

    def insert(self, parent_id: str | None, index: int, section: Section) -> None:
        """Insert a section (with its children) under parent_id (None: top level) at index
        (clamped to the number of siblings)."""
        if self.policy.find(section.id) is not None:
            raise ValueError(f"section {section.id} is already in the policy")
        siblings = self._children(parent_id)
        index = max(0, min(index, len(siblings)))
        event = SectionInserted(parent_id, index, section.id)
        self._about_to(event)
        siblings.insert(index, section)
        self._emit(event)

    def remove(self, section_id: str) -> tuple[str | None, int, Section]:
        """Remove a section and its children; returns (parent id, index, section) to undo."""
        parent_id, index, siblings = self._place(section_id)
        event = SectionRemoved(parent_id, index, section_id)
        self._about_to(event)
        section = siblings.pop(index)
        self._emit(event)
        return parent_id, index, section

    def move(self, section_id: str, parent_id: str | None, index: int) -> tuple[str | None, int]:
        """Move a section under parent_id at index (counted without the section itself);
        returns where it was, to undo."""
        if parent_id is not None:
            moved = self.section(section_id)
            if any(s.id == parent_id for s, _ in moved.walk()):
                raise ValueError("a section cannot move inside itself")
        old_parent, old_index, siblings = self._place(section_id)
        target = self._children(parent_id)
        room = len(target) - (1 if target is siblings else 0)
        event = SectionMoved(old_parent, old_index, parent_id, max(0, min(index, room)), section_id)
        self._about_to(event)
        section = siblings.pop(old_index)
        target.insert(event.new_index, section)
        self.moved.add(section_id)
        self._emit(event)
        return old_parent, old_index
