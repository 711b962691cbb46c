"""A Qt tree model over the draft's sections: number and heading, following the draft's events."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from policyeditor.core.document import Change, Document
from policyeditor.core.model import Section
from policyeditor.core.numbering import numbers

SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CHANGE_STATE_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_COLOURS = {"edited": "#b9770e", "added": "#1f5fbf", "moved": "#1e8449", "deleted": "#c0392b"}
STATE_TIPS = {"edited": "Edited since the base version", "added": "Added since the base version",
              "moved": "Moved since the base version", "deleted": "Deleted since the base version"}
Index = QModelIndex | QPersistentModelIndex


class SectionTreeModel(QAbstractItemModel):
    """Rows are sections; each index's internal pointer is the section id (a str)."""

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self._states: dict[str, str] = {}
        self._rebuild()
        self._unsubscribe = document.subscribe(self._on_change)

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

    def _on_change(self, change: Change) -> None:
        if change.kind in ("insert", "remove", "move"):
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()
        elif change.kind == "heading" and change.section_id in self._where:
            index = self.index_of(change.section_id)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def set_states(self, states: dict[str, str]) -> None:
        """Each section's change state against the base (edited, added, moved; absent: unchanged)."""
        if states == self._states:
            return
        self._states = dict(states)
        self._emit_all([Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, CHANGE_STATE_ROLE])

    def _emit_all(self, roles: list[int]) -> None:
        for section_id in self._where:
            index = self.index_of(section_id)
            self.dataChanged.emit(index, index, roles)

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

    # ------------------------------------------------------------ Qt model API

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        parent_id = parent.internalPointer() if parent.isValid() else None
        children = self._children(parent_id)
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row].id)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent_id, _ = self._where[index.internalPointer()]
        return QModelIndex() if parent_id is None else self.index_of(parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._children(parent.internalPointer() if parent.isValid() else None))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        section = self.section_at(index)
        if section is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self._numbers[section.id]}  {section.heading or '(untitled)'}"
        state = self._states.get(section.id, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{section.heading}\n{STATE_TIPS[state]}" if state else section.heading
        if role == Qt.ItemDataRole.ForegroundRole and state:
            return QBrush(QColor(STATE_COLOURS[state]))
        if role == CHANGE_STATE_ROLE:
            return state
        if role == SECTION_ID_ROLE:
            return section.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Sections"
        return None
