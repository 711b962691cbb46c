"""The window's base chooser: the toolbar's list of versions the draft is compared with.

It fills the list (and the Versions panel) from the open session, remembers the
choice per file, and hands the chosen base to the views, the redline and the
review part. It asks the window it sits in for those (`BaseHost`) as it needs
them, so it never imports the window.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QComboBox, QMessageBox

from policyeditor.core.errors import PolicyError
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.gui.editing.redline_state import RedlineTracker
from policyeditor.gui.session import Session
from policyeditor.gui.style.times import local_time
from policyeditor.gui.versions.versions_panel import VersionsPanel, status_text
from policyeditor.gui.window.file_actions import base_key
from policyeditor.gui.window.status_line import StatusLine

OPENED_AS_BASE = "Draft as opened"


class _Review(Protocol):
    def base_chosen(self, label: str | None) -> None: ...
    def update_enabled(self) -> None: ...


class BaseHost(Protocol):
    """What the base chooser needs of its window (the main window is one)."""

    _settings: QSettings
    session: Session | None
    versions_panel: VersionsPanel
    compare_view: CompareView
    inline_view: InlineRedlineView
    tracker: RedlineTracker
    review: _Review
    status: StatusLine


class BaseChooser(QObject):
    """The base version combo of one main window, and what follows from choosing in it."""

    def __init__(self, window: BaseHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the host is a QMainWindow
        self.window = window
        self.combo = QComboBox(window)  # type: ignore[arg-type]
        self.combo.setObjectName("baseVersionCombo")
        self.combo.setToolTip("The version the draft is compared with")
        self.combo.setMinimumContentsLength(14)
        self.combo.currentIndexChanged.connect(self._on_chosen)

    def fill(self) -> None:
        """The versions of the open session (none when closed) in the panel and the list; the
        remembered or default base chosen."""
        window, session = self.window, self.window.session
        unverified = session.unverified() if session else {}
        window.versions_panel.show_versions(session.versions() if session else [], local_time,
                                            session.approvers() if session else {}, unverified)
        window.versions_panel.set_editable(
            session is not None and not session.read_only and session.file is not None)
        combo = self.combo
        combo.blockSignals(True)
        combo.clear()
        if session is not None and session.compare_base is not None:
            combo.addItem(session.compare_base.name, None)
        elif session is not None:
            for info in reversed(session.versions()):
                combo.addItem(f"{info.label} ({status_text(info.status, unverified.get(info.label))})",
                              info.label)
            combo.addItem(OPENED_AS_BASE, None)
            remembered = window._settings.value(base_key(session.path)) if session.path else None
            known = remembered and combo.findData(remembered) >= 0
            default = remembered if known else session.default_base(unverified)
            combo.setCurrentIndex(max(combo.findData(default), 0) if default else combo.count() - 1)
        combo.blockSignals(False)
        self._on_chosen()

    def _on_chosen(self, *args: object) -> None:
        window, session = self.window, self.window.session
        if args and session is not None and session.path is not None and not session.read_only:
            window._settings.setValue(base_key(session.path), self.combo.currentData() or "")
        if session is None:
            window.review.base_chosen(None)
            window.compare_view.set_sources(None, None)
            window.inline_view.set_draft(None)
            window.tracker.set_sources(None, None)
            return
        label = self.combo.currentData()
        try:
            base = session.policy_for(label)
        except PolicyError as error:
            QMessageBox.warning(window, "Cannot show the version", str(error))  # type: ignore[arg-type]
            return
        window.review.base_chosen(label)  # before the rows are made: their comment marks need it
        window.compare_view.set_sources(base, session.document, base_name=self.combo.currentText(),
                                        draft_name=session.draft_name, read_only=session.read_only)
        window.inline_view.set_draft(session.document, read_only=session.read_only)
        window.tracker.set_sources(base, session.document, base_key=label)

    def select_base(self, label: str) -> None:
        """Compare the draft with version `label` (a merge from Word tracks its changes against it)."""
        index = self.combo.findData(label)
        if index >= 0 and index != self.combo.currentIndex():
            self.combo.setCurrentIndex(index)

    def versions_changed(self) -> None:
        """A version's status changed or a review came in: the lists and the lock again."""
        window = self.window
        label = window.versions_panel.current_label()
        self.fill()
        if label is not None:
            window.versions_panel.select(label)
        window.status.show_lock(window.session)
        window.review.update_enabled()

