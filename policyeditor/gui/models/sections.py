"""A Qt tree model over the draft's sections: number and heading, following the draft's events.

Each row also shows its change state against the base version (colour and
tooltip). Sections the draft deleted are shown as ghost rows after the draft's
own, so the navigator lists every change. Rows can be dragged to another place;
the model only asks for the move (`moveRequested`), which the window makes an
undoable command, so the draft still changes only through `Draft`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from policyeditor.core.draft import (
    Draft,
    DraftEvent,
    HeadingChanged,
    NumberingChanged,
    SectionInserted,
    SectionMoved,
    SectionRemoved,
)
from policyeditor.core.model import Section
from policyeditor.core.numbering import numbers
from policyeditor.gui.style.theme import roles

SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CHANGE_STATE_ROLE = Qt.ItemDataRole.UserRole + 2
COMMENT_COUNT_ROLE = Qt.ItemDataRole.UserRole + 3
COMMENT_BADGE = "\N{LOWER RIGHT PENCIL}"  # in the common fonts, unlike the emoji balloon
STATE_TIPS = {"edited": "Edited since the base version", "added": "Added since the base version",
              "moved": "Moved since the base version", "deleted": "Deleted since the base version"}
Index = QModelIndex | QPersistentModelIndex
SECTION_MIME = "application/x-policyeditor-section"
GHOST = "ghost:"
ROOT = QModelIndex()  # the invisible root, as a default argument


# made once: Qt asks every row's flags (expandAll of 2,000 sections: a third of its time was the `|`s)
_GHOST_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_SECTION_FLAGS = _GHOST_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled


class SectionTreeModel(QAbstractItemModel):
    """Rows are sections; each index's internal pointer is the section id (a str), or for a
    ghost row "ghost:" + the deleted section's id."""

    moveRequested = Signal(str, object, int)  # noqa: N815  section id, new parent id or None, index

    def __init__(self, document: Draft, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self._states: dict[str, str] = {}
        self._comments: dict[str, int] = {}  # open comment threads per section: the badge
        self._ghosts: list[tuple[str, str]] = []  # (GHOST + base id, label) of deleted sections
        self._moving = False  # beginMoveRows accepted the move under way
        self._rebuild()
        self._unsubscribes = [document.subscribe(self._before_change, before=True),
                              document.subscribe(self._on_change)]

    def detach(self) -> None:
        """Stop following the draft (the model is being replaced)."""
        for unsubscribe in self._unsubscribes:
            unsubscribe()
        self._unsubscribes = []

    def _rebuild(self) -> None:
        # id → (parent id, row); rebuilt on structural change, cheap for thousands of sections
        self._numbers = numbers(self._document.policy)
        self._where: dict[str, tuple[str | None, int]] = {}
        self._sections: dict[str, Section] = {}

        def visit(children: list[Section], parent_id: str | None) -> None:
            for row, section in enumerate(children):
                self._where[section.id] = (parent_id, row)
                self._sections[section.id] = section
                visit(section.children, section.id)

        visit(self._document.policy.sections, None)

    def _parent_index(self, parent_id: str | None) -> QModelIndex:
        return QModelIndex() if parent_id is None else self.index_of(parent_id)

    def _before_change(self, event: DraftEvent) -> None:
        if isinstance(event, SectionInserted):
            parent = self._parent_index(event.parent_id)
            self.beginInsertRows(parent, event.index, event.index)
        elif isinstance(event, SectionRemoved):
            parent = self._parent_index(event.parent_id)
            self.beginRemoveRows(parent, event.index, event.index)
        elif isinstance(event, SectionMoved):
            # Qt counts the destination before the row leaves; the draft, after
            same = event.old_parent == event.new_parent
            destination = event.new_index + (1 if same and event.new_index > event.old_index else 0)
            self._moving = self.beginMoveRows(self._parent_index(event.old_parent), event.old_index,
                                              event.old_index, self._parent_index(event.new_parent),
                                              destination)

    def _on_change(self, event: DraftEvent) -> None:
        if isinstance(event, SectionInserted | SectionRemoved | SectionMoved):
            old_numbers = self._numbers
            self._rebuild()
            new_numbers = self._numbers
            # the rows that stay keep their numbers until the move is over, then are renumbered
            self._numbers = {sid: old_numbers.get(sid, number) for sid, number in new_numbers.items()}
            if isinstance(event, SectionInserted):
                self.endInsertRows()
            elif isinstance(event, SectionRemoved):
                self.endRemoveRows()
            elif self._moving:
                self._moving = False
                self.endMoveRows()
            renumbered = [sid for sid, number in new_numbers.items() if self._numbers[sid] != number]
            self._numbers = new_numbers
            for section_id in renumbered:
                index = self.index_of(section_id)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        elif isinstance(event, HeadingChanged) and event.section_id in self._where:
            index = self.index_of(event.section_id)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])
        elif isinstance(event, NumberingChanged):  # every printed number may change, no row moves
            self._numbers = numbers(self._document.policy)
            self._emit_all([Qt.ItemDataRole.DisplayRole])

    def set_states(self, states: dict[str, str], ghosts: list[tuple[str, str]] | None = None) -> None:
        """Each section's change state against the base (edited, added, moved; absent: unchanged),
        and the deleted sections to show as ghosts: (base id, label)."""
        ghost_rows = [(GHOST + sid, label) for sid, label in (ghosts or [])]
        if ghost_rows != self._ghosts:
            self._replace_ghosts(ghost_rows)
        if states == self._states:
            return
        changed = {sid for sid in states.keys() | self._states.keys()
                   if states.get(sid) != self._states.get(sid)}
        self._states = dict(states)
        self._emit_some(changed, [Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                                  CHANGE_STATE_ROLE])

    def _replace_ghosts(self, ghost_rows: list[tuple[str, str]]) -> None:
        # the ghosts follow the draft's top-level rows; keep the rows both lists begin with
        first = len(self._document.policy.sections)
        kept = 0
        while kept < min(len(ghost_rows), len(self._ghosts)) and ghost_rows[kept] == self._ghosts[kept]:
            kept += 1
        if kept < len(self._ghosts):
            self.beginRemoveRows(ROOT, first + kept, first + len(self._ghosts) - 1)
            del self._ghosts[kept:]
            self.endRemoveRows()
        if kept < len(ghost_rows):
            self.beginInsertRows(ROOT, first + kept, first + len(ghost_rows) - 1)
            self._ghosts.extend(ghost_rows[kept:])
            self.endInsertRows()

    def set_comment_counts(self, counts: dict[str, int]) -> None:
        """How many open comment threads each section has; shown as a badge after its heading."""
        if counts != self._comments:
            self._comments = dict(counts)
            self._emit_all([Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, COMMENT_COUNT_ROLE])

    def _emit_all(self, roles: list[int]) -> None:
        self._emit_some(self._where.keys(), roles)

    def _emit_some(self, section_ids: Iterable[str], roles: list[int]) -> None:
        """dataChanged for these sections: one signal a run of siblings, not one a section (2,000
        signals took the UI thread 50 ms while a large policy opened)."""
        by_parent: dict[str | None, list[int]] = {}
        for section_id in section_ids:
            where = self._where.get(section_id)
            if where is not None:
                by_parent.setdefault(where[0], []).append(where[1])
        for parent_id, rows in by_parent.items():
            rows.sort()
            start = previous = rows[0]
            for row in [*rows[1:], None]:
                if row is not None and row == previous + 1:
                    previous = row
                    continue
                parent = self._parent_index(parent_id)
                self.dataChanged.emit(self.index(start, 0, parent), self.index(previous, 0, parent), roles)
                if row is not None:
                    start = previous = row

    def state(self, section_id: str) -> str:
        return self._states.get(section_id, "")

    def _children(self, parent_id: str | None) -> list[Section]:
        if parent_id is None:
            return self._document.policy.sections
        return self._sections[parent_id].children

    def index_of(self, section_id: str) -> QModelIndex:
        parent_id, row = self._where[section_id]
        return self.createIndex(row, 0, section_id)

    def section_at(self, index: Index) -> Section | None:
        return self._sections.get(index.internalPointer()) if index.isValid() else None

    def ghost_at(self, index: Index) -> str | None:
        """The base id of the deleted section a ghost row shows, or None."""
        key = index.internalPointer() if index.isValid() else None
        return key[len(GHOST):] if isinstance(key, str) and key.startswith(GHOST) else None

    # ------------------------------------------------------------ Qt model API

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        parent_id = parent.internalPointer() if parent.isValid() else None
        if parent_id is not None and parent_id.startswith(GHOST):
            return QModelIndex()
        children = self._children(parent_id)
        if parent_id is None and len(children) <= row < len(children) + len(self._ghosts):
            return self.createIndex(row, 0, self._ghosts[row - len(children)][0])
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row].id)

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalPointer().startswith(GHOST):
            return QModelIndex()
        parent_id, _ = self._where[index.internalPointer()]
        return QModelIndex() if parent_id is None else self.index_of(parent_id)

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.column() > 0:
            return 0
        if not parent.isValid():
            return len(self._document.policy.sections) + len(self._ghosts)
        if parent.internalPointer().startswith(GHOST):
            return 0
        return len(self._children(parent.internalPointer()))

    def columnCount(self, parent: Index = ROOT) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        section = self.section_at(index)
        if section is None:
            return self._ghost_data(index, role)
        comments = self._comments.get(section.id, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            badge = f"  {COMMENT_BADGE}{comments}" if comments else ""
            return f"{self._numbers[section.id]}  {section.heading or '(untitled)'}{badge}"
        state = self._states.get(section.id, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{section.heading}\n{STATE_TIPS[state]}" if state else section.heading
            return tip + (f"\n{comments} open comment{'s' if comments != 1 else ''}" if comments else "")
        if role == COMMENT_COUNT_ROLE:
            return comments
        if role == Qt.ItemDataRole.ForegroundRole and state:
            return QBrush(roles().state(state))
        if role == CHANGE_STATE_ROLE:
            return state
        if role == SECTION_ID_ROLE:
            return section.id
        return None

    def _ghost_data(self, index: Index, role: int) -> Any:
        ghost = self.ghost_at(index)
        if ghost is None:
            return None
        label = dict(self._ghosts)[GHOST + ghost]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{label} (deleted)"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{label}\n{STATE_TIPS['deleted']}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(roles().deleted)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            font.setStrikeOut(True)
            return font
        if role == CHANGE_STATE_ROLE:
            return "deleted"
        if role == SECTION_ID_ROLE:
            return ghost
        return None

    # ------------------------------------------------------------ drag and drop

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return _GHOST_FLAGS if self.ghost_at(index) is not None else _SECTION_FLAGS

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [SECTION_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        section = self.section_at(indexes[0]) if indexes else None
        if section is not None:
            data.setData(SECTION_MIME, QByteArray(section.id.encode("ascii")))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: Index) -> bool:
        """Ask for the move (never make it here); False, so the view removes no rows itself."""
        if not data.hasFormat(SECTION_MIME):
            return False
        section_id = bytes(data.data(SECTION_MIME).data()).decode("ascii")
        if section_id not in self._where or self.ghost_at(parent) is not None:
            return False
        parent_id = parent.internalPointer() if parent.isValid() else None
        moved = self._sections[section_id]
        if parent_id is not None and any(s.id == parent_id for s, _ in moved.walk()):
            return False  # not inside itself
        siblings = self._children(parent_id)
        index = len(siblings) if row < 0 else min(row, len(siblings))
        old_parent, old_row = self._where[section_id]
        if old_parent == parent_id and old_row < index:
            index -= 1  # Draft.move takes the section out before it puts it back
        if (old_parent, old_row) != (parent_id, index):
            self.moveRequested.emit(section_id, parent_id, index)
        return False

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Sections"
        return None
