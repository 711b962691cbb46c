"""The library in the window: File ▸ Open from Library…, the copy's standing in the status bar,
and settling conflicts.

Opening a policy from the library makes its offline copy (a pull) or refreshes
the one made before (a sync), in a worker with a progress dialog, then opens
it. Where the copies go: the settings' "library/folder" (Documents/Policy
Library unless changed); which file is the copy of which policy:
"library/copies/<policy id>", and the URL it came from "library/urls/<policy id>"
(the status bar's Sync uses it). A copy open in the window is saved and closed
while the sync writes it, then opened again.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QStatusBar

from policyeditor.app.library import open_copy, sync_file
from policyeditor.core.body import canonical
from policyeditor.core.errors import PolicyError
from policyeditor.gui import jobs
from policyeditor.gui.editing import commands
from policyeditor.gui.library.conflict_view import ConflictDialog
from policyeditor.gui.library.library_dialog import URL_KEY, OpenFromLibraryDialog, first_line
from policyeditor.gui.session import Session
from policyeditor.gui.window.dialogs import user_name
from policyeditor.library import catalog, merge3
from policyeditor.library.connection import describe
from policyeditor.library.sync import SyncReport
from policyeditor.store import library_copy, reviews

FOLDER_KEY = "library/folder"
STAGES = {
    "locked": "Reading the library…",
    "versions": "Sending and bringing versions…",
    "comments": "Sending and bringing comments, approvals and statuses…",
    "draft": "Merging the drafts…",
    "before-commit": "Writing to the library…",
    "server-committed": "Writing the offline copy…",
    "copy-committed": "Done.",
}


def copies_key(policy_id: str) -> str:
    return f"library/copies/{policy_id}"


def urls_key(policy_id: str) -> str:
    return f"library/urls/{policy_id}"


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "Policy Library"


class LibraryHost(Protocol):
    """What the library part needs of the window (the main window is one)."""

    _settings: QSettings
    actions: dict[str, QAction]
    session: Session | None

    def statusBar(self) -> QStatusBar: ...  # noqa: N802
    def open_path(self, ref: str) -> bool: ...
    def close_file(self, path: Path) -> bool: ...
    def push(self, command: QUndoCommand) -> None: ...


class _Stages(QObject):
    """Carries the sync's stages from the worker to the progress dialog (a queued signal)."""

    stage = Signal(str)


class LibraryUi(QObject):
    """File ▸ Open from Library…, the status bar's library standing, and the conflict dialog."""

    def __init__(self, window: LibraryHost, status_line) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)  # type: ignore[arg-type]  # the host is a QMainWindow
        self.window = window
        self.status = status_line
        self.dialog: OpenFromLibraryDialog | None = None
        self.conflicts: ConflictDialog | None = None
        self.job: jobs.Job | None = None
        self.progress: QProgressDialog | None = None
        self.last_report: SyncReport | None = None
        self._settle_when_open: Path | None = None
        self._passwords: dict[str, str] = {}  # typed this session, by URL: memory only, never stored
        self._stages = _Stages(self)
        self._stages.stage.connect(self._show_stage)
        window.actions["openFromLibrary"].triggered.connect(self.choose)
        self.status.settle_button.clicked.connect(self.show_conflicts)
        self.status.sync_button.clicked.connect(self.sync_open)

    @property
    def _settings(self) -> QSettings:
        return self.window._settings

    # ------------------------------------------------------------ choosing

    def choose(self) -> OpenFromLibraryDialog:
        """Show File ▸ Open from Library…; it lists the policies as soon as it has a URL."""
        dialog = OpenFromLibraryDialog(self._settings, self.window)  # type: ignore[arg-type]
        dialog.accepted.connect(lambda: self._chosen(dialog))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        if dialog.url():
            dialog.refresh()
        return dialog

    def _chosen(self, dialog: OpenFromLibraryDialog) -> None:
        entry = dialog.chosen()
        if entry is not None:
            self.open_entry(dialog.connected_url or dialog.url(), entry, dialog.password())

    def syncing(self) -> bool:
        return self.job is not None

    def open_entry(self, url: str, entry: catalog.Entry, password: str | None = None) -> None:
        """Make or refresh the offline copy of `entry` in a worker, then open it."""
        if self.job is not None:
            self.window.statusBar().showMessage("A sync with the library is still running.", 5000)
            return
        if password:
            self._passwords[url] = password
        known_value = self._settings.value(copies_key(entry.id))
        known = Path(str(known_value)) if known_value else None
        session = self.window.session
        if session is not None and session.file is not None and session.path is not None \
                and reviews.policy_id(session.file) == entry.id:
            known = session.path  # the copy open now (made by `library pull`, say): refresh that one
        folder = Path(str(self._settings.value(FOLDER_KEY, "") or default_folder()))
        closed = known is not None and self.window.close_file(known)  # the sync writes it
        self._start(f"Syncing “{entry.title}” with the library…",
                    lambda hook: open_copy(url, entry, folder, known, password=password, hook=hook),
                    lambda result: self._synced(url, result), known if closed else None)

    def sync_open(self) -> bool:
        """Sync the open copy with its library now (the URL remembered for that library), and reopen it."""
        session, standing = self.window.session, self.standing()
        if session is None or session.path is None or standing is None or self.job is not None:
            return False
        policy_id = reviews.policy_id(session.file) if session.file is not None else ""
        url = str(self._settings.value(urls_key(policy_id), "") or "")  # the URL it was opened from
        if not url:
            remembered = str(self._settings.value(URL_KEY, "") or "")
            url = remembered if describe(remembered) == f"{standing.user}@{standing.library}" else ""
        if not url:
            QMessageBox.information(self.window, "Sync with the library",  # type: ignore[arg-type]
                                    f"This is a copy from {standing.user}@{standing.library}; open it "
                                    "from there once (File ▸ Open from Library…) to sync it.")
            return False
        path, password = session.path, self._passwords.get(url)
        self.window.close_file(path)
        self._start(f"Syncing “{session.document.policy.title}” with the library…",
                    lambda hook: (path, sync_file(path, url, password=password, hook=hook)),
                    lambda result: self._synced(url, result), path)
        return True

    def _start(self, what: str, work, on_done, reopen: Path | None) -> None:  # type: ignore[no-untyped-def]
        """Run `work(hook)` in a worker with a progress dialog that follows the sync's stages."""
        progress = QProgressDialog(what, "", 0, 0, self.window)  # type: ignore[arg-type]
        progress.setObjectName("librarySyncProgress")
        progress.setWindowTitle("Library")
        progress.setCancelButton(None)  # each side writes in one transaction: it runs to its end
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        self.progress = progress
        stages = self._stages
        self.job = jobs.start(lambda: work(lambda stage: stages.stage.emit(stage)), on_done,
                              lambda message: self._failed(message, reopen))

    def _show_stage(self, stage: str) -> None:
        if self.progress is not None:
            self.progress.setLabelText(STAGES.get(stage, stage))

    def _ended(self) -> None:
        self.job = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _synced(self, url: str, result: tuple[Path, SyncReport]) -> None:
        self._ended()
        path, report = result
        self.last_report = report
        self._settings.setValue(copies_key(report.policy_id), str(path))
        self._settings.setValue(urls_key(report.policy_id), url)
        self._settle_when_open = path if report.conflicts else None
        self.window.open_path(str(path))
        message = report.summary()
        if report.not_sent:
            message += f"; not sent ({', '.join(report.not_sent)}): your role in it is {report.role}"
        if report.unsigned:
            message += "; no roster: its approvals are not signed"
        self.window.statusBar().showMessage(message, 15000)
        if report.refused:  # a forged approval in the library: the user must know, not just the log
            QMessageBox.warning(self.window, "Refused from the library",  # type: ignore[arg-type]
                                "This copy refused what the library holds:\n\n"
                                + "\n".join(f"• {line}." for line in report.refused))
        if report.kept:  # a step the library would refuse stays here: its signer must know it did not go
            QMessageBox.warning(self.window, "Kept in this copy",  # type: ignore[arg-type]
                                "The library does not take these yet; the rest was synced:\n\n"
                                + "\n".join(f"• {line}." for line in report.kept))

    def _failed(self, message: str, reopen: Path | None) -> None:
        self._ended()
        if reopen is not None and reopen.exists():
            self.window.open_path(str(reopen))  # as it was: the sync changed nothing in it
        QMessageBox.warning(self.window, "Cannot open from the library",  # type: ignore[arg-type]
                            first_line(message))

    # ------------------------------------------------------------ the open copy

    def session_started(self, session: Session) -> None:
        """A document opened: show its library standing, and keep it shown as it is saved."""
        session.saved.connect(lambda _at: self.show_standing())
        self.show_standing()
        path = session.path
        if path is not None and self._settle_when_open is not None and path == self._settle_when_open:
            self._settle_when_open = None
            self.show_conflicts()

    def standing(self) -> library_copy.Standing | None:
        session = self.window.session
        if session is None or session.file is None:
            return None
        try:
            return library_copy.standing(session.file, session.document.policy)
        except PolicyError:
            return None

    def show_standing(self) -> None:
        self.status.show_library(self.standing())

    # ------------------------------------------------------------ conflicts

    def show_conflicts(self) -> ConflictDialog | None:
        """The open copy's unsettled conflicts, to settle one by one."""
        session = self.window.session
        if session is None or session.file is None:
            return None
        found = [merge3.Conflict.from_data(c) for c in library_copy.conflict_records(session.file)]
        if not found:
            return None
        dialog = ConflictDialog(found, session.document.policy, self.window)  # type: ignore[arg-type]
        dialog.settled.connect(lambda conflict, choice, edited: self.settle(dialog, conflict, choice, edited))
        dialog.finished.connect(lambda _result: (self._conflicts_closed(dialog), dialog.deleteLater()))
        self.conflicts = dialog
        dialog.open()
        return dialog

    def _conflicts_closed(self, dialog: ConflictDialog) -> None:
        if self.conflicts is dialog:
            self.conflicts = None

    def settle(self, dialog: ConflictDialog | None, conflict: merge3.Conflict, choice: str,
               edited: merge3.Side | None = None) -> bool:
        """Apply the choice to the draft (one undoable step) and record the conflict settled."""
        session = self.window.session
        if session is None or session.file is None or session.read_only:
            return False
        if edited is not None:
            edited = merge3.Side(edited.heading, canonical(edited.body))
        settled = merge3.settle(copy.deepcopy(session.document.policy), conflict, choice, edited)
        if settled.content_hash() != session.document.policy.content_hash():
            self.window.push(commands.replace_policy(session.document, settled,
                                                     "Settle a library conflict"))
        try:
            library_copy.settle_conflict(session.file, conflict.section_id, actor=user_name(self._settings),
                                         kind=conflict.kind, settled=session.document.policy)
        except PolicyError as error:
            QMessageBox.warning(self.window, "Cannot settle the conflict", str(error))  # type: ignore[arg-type]
            return False
        if dialog is not None:
            dialog.remove(conflict)
        self.show_standing()
        return True
