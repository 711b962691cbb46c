"""The window's side of the recovery folder (`store/recovery.py`): what it has open, kept as it changes.

A .policy file's draft is autosaved into the file itself, so its entry names
only the file, until a save into the file fails (a folder made read-only, a
full disk): then the entry holds the draft too, until a save succeeds. A draft
with no .policy file (an imported document, a new policy, a recovered draft) is
written into the entry `AUTOSAVE_MS` after the last change, as the autosave
waits for the typist to pause. After a crash the next start reopens the files
and asks whether to restore each draft (a file's, into the file).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from policyeditor.core.draft import Draft, DraftEvent
from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Policy
from policyeditor.gui.debounce import Debouncer
from policyeditor.gui.editing.commands import Compound, SetNumbering, replace_policy
from policyeditor.gui.session import AUTOSAVE_MS, Session
from policyeditor.gui.style.times import local_time
from policyeditor.store.recovery import Entry, Keeper

RECOVERY_DIR_ENV = "POLICYEDITOR_RECOVERY_DIR"


def recovery_folder() -> Path:
    """The per-user recovery folder; POLICYEDITOR_RECOVERY_DIR moves it, and so does
    POLICYEDITOR_CONFIG_DIR (tests point it at a temporary folder), beside the settings."""
    folder = os.environ.get(RECOVERY_DIR_ENV)
    if folder:
        return Path(folder)
    config = os.environ.get("POLICYEDITOR_CONFIG_DIR")
    if config:
        return Path(config) / "recovery"
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(data) / "recovery"


class RecoveryKeeper(QObject):
    """Keeps one window's entry in the recovery folder up to date with the session it shows."""

    failed = Signal(str)  # the recovery copy could not be written: one sentence

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keeper = Keeper(folder)
        self.session: Session | None = None
        self._unsubscribe = None
        self._connections: list = []
        self._holds_draft = False  # the entry written holds the draft
        self._writer = Debouncer(AUTOSAVE_MS, self.write_now, self)

    def follow(self, session: Session | None) -> None:
        """The window shows `session` now (None: nothing)."""
        self._stop_following()
        self.session = session
        if session is None or session.read_only:
            self.clear()
            return
        self._unsubscribe = session.document.subscribe(self._on_change)
        if session.file is not None:
            # a save into the file, failed or done, says whether the entry must hold the draft
            self._connections = [session.saveFailed.connect(self.write_now),
                                 session.saved.connect(self.write_now)]
            self._write(session)
        elif session.born_unsaved:
            self._write(session)
        else:
            self.clear()  # nothing typed yet: the document it came from is all there is

    def _on_change(self, _event: DraftEvent) -> None:
        self._writer.trigger()

    @property
    def pending(self) -> bool:
        return self._writer.pending

    def write_now(self, _why: str = "") -> None:
        """Bring the entry up to date now, as the debounced write would."""
        self._writer.cancel()
        session = self.session
        if session is None:
            return
        if session.file is not None and session.save_error is None and not self._holds_draft:
            return  # the file holds the draft, and the entry says so already
        self._write(session)

    def _write(self, session: Session) -> None:
        # written at once, so the draft itself (a copy of 1,000 sections would cost 60 ms)
        if session.file is not None:  # the draft too while its file refuses it
            draft = session.document.policy if session.save_error is not None else None
            entry = Entry(id="", path=str(session.file.path.resolve()), name=session.name, draft=draft)
        else:
            entry = Entry(id="", source=session.source, name=session.name,
                          draft=session.document.policy, report=list(session.report))
        try:
            self.keeper.write(entry)
        except PolicyError as error:
            self.failed.emit(str(error))
            return
        self._holds_draft = entry.draft is not None

    def clear(self) -> None:
        """Nothing to recover: closed cleanly, or the draft let go on purpose."""
        self._writer.cancel()
        self.keeper.clear()
        self._holds_draft = False

    def _stop_following(self) -> None:
        self._writer.cancel()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []

    def stop(self) -> None:
        """The window closed cleanly."""
        self._stop_following()
        self.session = None
        self.clear()


def restore_question(entry: Entry) -> str:
    when = local_time(entry.saved_at) if entry.saved_at else "before it stopped"
    where = "the file could not take" if entry.path else "were not saved in a policy file"
    return (f"Policy Editor stopped without closing “{entry.name}”, which had changes {where} "
            f"(last kept {when}). Restore them?")


def restore_command(document: Draft, draft: Policy) -> Compound:
    """One undo step that makes a file's draft the recovered one (Undo: the file's draft as it was)."""
    command = replace_policy(document, draft, "Restore unsaved changes")
    if draft.numbering != document.policy.numbering:  # replace_policy leaves the numbering
        command.add(SetNumbering(document, draft.numbering))
    return command


def ask_restore(parent: QWidget | None, entry: Entry) -> bool:
    """Restore / Discard: whether to show a recovered draft again."""
    box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved changes?", restore_question(entry),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("restoreQuestion")
    restore = box.addButton("&Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Discard)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore
