"""The versions panel: the policy's history (label, author, date, status) and what to do with a version."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from policyeditor.store.policyfile import VersionInfo

LABEL_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.list.setHeaderLabels(["Version", "Author", "Date", "Status"])
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
        buttons = QHBoxLayout()
        for button in (self.save_button, self.open_button, self.draft_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.set_editable(False)

    def show_versions(self, versions: list[VersionInfo], format_time) -> None:  # type: ignore[no-untyped-def]
        self.list.clear()
        for info in reversed(versions):
            item = QTreeWidgetItem([info.label, info.author, format_time(info.created), info.status.title])
            item.setData(0, LABEL_ROLE, info.label)
            item.setToolTip(0, info.note or info.label)
            self.list.addTopLevelItem(item)
        for column in range(4):
            self.list.resizeColumnToContents(column)
        self._update_buttons()

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
