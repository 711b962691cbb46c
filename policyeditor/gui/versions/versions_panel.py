"""The versions panel: the policy's history (label, author, date, status, approvers, note) and what to do
with a version.

Approvers are shown by name with a short fingerprint (review/approvers.py), so
two people of one name are told apart; the note is its first line, whole in the tip.

The review moves (submit, approve, publish, withdraw) are the window's actions,
handed in with `set_review_actions`: a Review button and the list's context menu
show them, so they act on the chosen version from either place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from policyeditor.core.model import Status
from policyeditor.store.policyfile import VersionInfo

LABEL_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ["Version", "Author", "Date", "Status", "Approved by", "Note"]
APPROVERS, NOTE = 4, 5
NOTE_CHARS = 60  # of the note's first line in the list; the tip has it all
UNVERIFIED = "Status not verified"


def status_text(status: Status, problem: str | None = None) -> str:
    """A version's status as the window's lists show it: not its status when its record does not show
    it so (`problem`, from Session.unverified), as refs.load_ref and the export refuse it."""
    return UNVERIFIED if problem else status.title


def unverified_tip(status: Status, problem: str) -> str:
    return (f"Marked {status.title.lower()}, but the file does not show it so: {problem}.\n"
            "policyeditor info FILE --verify checks the whole file.")


class VersionsPanel(QWidget):
    """History newest first; buttons save the draft as a version, open one, or draft from one."""

    saveVersionRequested = Signal()    # noqa: N815
    openRequested = Signal(str)        # noqa: N815  label
    draftFromRequested = Signal(str)   # noqa: N815  label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionsPanelContent")
        self.list = QTreeWidget(self)
        self.list.setObjectName("versionList")
        self.list.setHeaderLabels(COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.itemDoubleClicked.connect(
            lambda item, _col: self.openRequested.emit(item.data(0, LABEL_ROLE)))
        self.save_button = QPushButton("Save Version…", self, objectName="saveVersionButton")
        self.open_button = QPushButton("Open", self, objectName="openVersionButton")
        self.open_button.setToolTip("Open the chosen version read-only")
        self.draft_button = QPushButton("Draft from It", self, objectName="draftFromVersionButton")
        self.draft_button.setToolTip("Make the draft equal to the chosen version (undoable)")
        self.save_button.clicked.connect(self.saveVersionRequested)
        self.open_button.clicked.connect(lambda: self._emit_for_current(self.openRequested))
        self.draft_button.clicked.connect(lambda: self._emit_for_current(self.draftFromRequested))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.review_menu = QMenu("Review", self)
        self.review_button = QToolButton(self, objectName="versionReviewButton")
        self.review_button.setText("Review")
        self.review_button.setToolTip("Submit, approve, publish or withdraw the chosen version")
        self.review_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.review_button.setMenu(self.review_menu)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(
            lambda pos: self.review_menu.exec(self.list.viewport().mapToGlobal(pos)))
        self._statuses: dict[str, Status] = {}
        buttons = QHBoxLayout()
        for button in (self.save_button, self.open_button, self.draft_button):
            buttons.addWidget(button)
        buttons.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.set_editable(False)

    def show_versions(self, versions: list[VersionInfo], format_time,  # type: ignore[no-untyped-def]
                      approvers: dict[str, list[str]] | None = None,
                      unverified: dict[str, str] | None = None) -> None:
        """The history, newest first; `approvers` by label (review.approvers.approvers_by_version),
        `unverified` the versions whose status their record does not show (Session.unverified)."""
        approvers, unverified = approvers or {}, unverified or {}
        chosen = self.current_label()
        self.list.clear()
        self._statuses = {info.label: info.status for info in versions}
        for info in reversed(versions):
            who = approvers.get(info.label, [])
            note = info.note.strip().splitlines()[0] if info.note.strip() else ""
            if len(note) > NOTE_CHARS or (note and note != info.note.strip()):
                note = note[:NOTE_CHARS].rstrip() + "\u2026"
            problem = unverified.get(info.label)
            item = QTreeWidgetItem([info.label, info.author, format_time(info.created),
                                    status_text(info.status, problem), ", ".join(who), note])
            item.setToolTip(APPROVERS, "\n".join(who) or "Not approved")
            item.setToolTip(NOTE, info.note or "No note")
            if info.status.locked:  # read-only for ever: said in bold
                font = item.font(3)
                font.setBold(True)
                item.setFont(3, font)
            item.setData(0, LABEL_ROLE, info.label)
            item.setToolTip(0, info.note or info.label)
            locked = f" (read-only)\nSHA-256 {info.content_hash}" if info.status.locked else ""
            item.setToolTip(3, unverified_tip(info.status, problem) if problem
                            else info.status.title + locked)
            self.list.addTopLevelItem(item)
            if info.label == chosen:
                self.list.setCurrentItem(item)
        for column in range(len(COLUMNS)):
            self.list.resizeColumnToContents(column)
        self._update_buttons()

    def set_review_actions(self, actions: list[QAction]) -> None:
        """The window's review actions, shown by the Review button and the list's context menu."""
        self.review_menu.clear()
        self.review_menu.addActions(actions)

    def status_of(self, label: str | None) -> Status | None:
        return self._statuses.get(label) if label is not None else None

    def select(self, label: str) -> bool:
        """Choose the version `label` in the list; whether it is listed."""
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(0, LABEL_ROLE) == label:
                self.list.setCurrentItem(item)
                return True
        return False

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_buttons()

    def current_label(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, LABEL_ROLE) if item is not None else None

    def _emit_for_current(self, signal) -> None:  # type: ignore[no-untyped-def]
        label = self.current_label()
        if label is not None:
            signal.emit(label)

    def _update_buttons(self) -> None:
        chosen = self.current_label() is not None
        self.save_button.setEnabled(self._editable)
        self.open_button.setEnabled(chosen)
        self.draft_button.setEnabled(chosen and self._editable)
