"""A Qt tree model over the draft's sections: number and heading, following the draft's events.

Each row also shows its change state against the base version (colour and
tooltip). Sections the draft deleted are shown as ghost rows after the draft's
own, so the navigator lists every change. Rows can be dragged to another place;
the model only asks for the move (`moveRequested`), which the window makes an
undoable command, so the draft still changes only through `Document`.
"""

from __future__ import annotations

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

from policyeditor.core.document import Change, Document
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


class SectionTreeModel(QAbstractItemModel):
    """Rows are sections; each index's internal pointer is the section id (a str), or for a
    ghost row "ghost:" + the deleted section's id."""

    moveRequested = Signal(str, object, int)  # noqa: N815  section id, new parent id or None, index

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self._states: dict[str, str] = {}
        self._comments: dict[str, int] = {}  # open comment threads per section: the badge
        self._ghosts: list[tuple[str, str]] = []  # (GHOST + base id, label) of deleted sections
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
        if change.kind in ("insert", "remove", "move", "numbering"):
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()
        elif change.kind == "heading" and change.section_id in self._where:
            index = self.index_of(change.section_id)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def set_states(self, states: dict[str, str], ghosts: list[tuple[str, str]] | None = None) -> None:
        """Each section's change state against the base (edited, added, moved; absent: unchanged),
        and the deleted sections to show as ghosts: (base id, label)."""
        ghost_rows = [(GHOST + sid, label) for sid, label in (ghosts or [])]
        if ghost_rows != self._ghosts:
            self.beginResetModel()
            self._ghosts = ghost_rows
            self._states = dict(states)
            self.endResetModel()
            return
        if states == self._states:
            return
        self._states = dict(states)
        self._emit_all([Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, CHANGE_STATE_ROLE])

    def set_comment_counts(self, counts: dict[str, int]) -> None:
        """How many open comment threads each section has; shown as a badge after its heading."""
        if counts != self._comments:
            self._comments = dict(counts)
            self._emit_all([Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, COMMENT_COUNT_ROLE])

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
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if self.ghost_at(index) is not None:
            return base
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

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
            index -= 1  # Document.move takes the section out before it puts it back
        if (old_parent, old_row) != (parent_id, index):
            self.moveRequested.emit(section_id, parent_id, index)
        return False

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Sections"
        return None
