"""The window's file part: open, compare two files, save, save as, and the recent files menu.

Reading happens in a worker (`jobs`); the part hands the window a ready `Session`
through `sessionOpened` and never touches the window itself: it knows only the
settings, a parent for its dialogs, the status-bar progress, the recent menu and a
way to ask for the open session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from policyeditor.core.errors import PolicyError
from policyeditor.formats.importers import IMPORT_SUFFIXES
from policyeditor.gui import jobs
from policyeditor.gui.session import Opened, Session, read, read_compared
from policyeditor.gui.window.dialogs import user_name
from policyeditor.gui.window.open_progress import OpenProgress
from policyeditor.refs import POLICY_SUFFIX, split_ref

OPEN_FILTER = ("Policies and documents (*.policy " + " ".join(f"*{s}" for s in IMPORT_SUFFIXES)
               + ");;All files (*)")
MAX_RECENT = 8


def base_key(path: Path) -> str:
    """The settings key of the base version last chosen for a .policy file."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]
    return f"bases/{digest}"


class FileActions(QObject):
    """Open, compare, save and save as for one window, with the recent files menu."""

    sessionOpened = Signal(object)  # a Session, read and prepared in the worker
    savedAs = Signal()  # the session now lives in another .policy file
    message = Signal(str, int)  # for the status bar: text, milliseconds (0: until replaced)

    def __init__(self, settings: QSettings, dialog_parent: QWidget, progress: OpenProgress,
                 recent_menu: QMenu, current_session: Callable[[], Session | None]) -> None:
        super().__init__(dialog_parent)
        self._settings = settings
        self._parent = dialog_parent
        self._progress = progress
        self._recent_menu = recent_menu
        self._session = current_session
        self._open_job: jobs.Job | None = None
        self._open_generation = 0
        progress.cancelled.connect(self.cancel_open)
        self._fill_recent()

    # ------------------------------------------------------------ opening

    def choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._parent, "Open a policy or a document", "", OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, ref: str) -> bool:
        """Open a .policy file (its draft or @LABEL) or import a document, reading it in a worker.

        Returns True: the document is shown once read (`opening()` is true until then,
        with a progress bar in the status bar), or a message says in one sentence why
        it could not be. A newer open, or Cancel, drops this one.
        """
        path = split_ref(ref)[0]
        remembered = self._settings.value(base_key(path)) if path.suffix.lower() == POLICY_SUFFIX else None
        self._load(lambda: read(ref), f"Opening {path.name}…", "Cannot open", remember=ref,
                   base=str(remembered) if remembered else None)
        return True

    def choose_and_compare(self) -> None:
        old, _ = QFileDialog.getOpenFileName(self._parent, "Compare: the older document", "", OPEN_FILTER)
        if not old:
            return
        new, _ = QFileDialog.getOpenFileName(self._parent, "Compare: the newer document",
                                             str(Path(old).parent), OPEN_FILTER)
        if new:
            self.compare_files(old, new)

    def compare_files(self, old_ref: str, new_ref: str) -> bool:
        """Show the redline of any two documents (or policy REFs), read-only, without a policy file.

        Read in a worker as `open_path` reads; returns True.
        """
        self._load(lambda: read_compared(old_ref, new_ref),
                   f"Comparing {Path(old_ref).name} with {Path(new_ref).name}…", "Cannot compare")
        return True

    def opening(self) -> bool:
        """Whether a document is being read (see `open_path`)."""
        return self._open_job is not None

    def _load(self, read_ref: Callable[[], Opened], what: str, failure_title: str,
              remember: str | None = None, base: str | None = None) -> None:
        """Read in a worker, then hand on what was read; a message (one sentence) when it cannot be.

        The worker also reads the base version (`base`, the label remembered for the
        file, or else the default) and parses every body, so the UI thread only lays out.
        """
        self._open_generation += 1
        generation = self._open_generation

        def work() -> Opened | PolicyError:
            try:
                opened = read_ref()
            except PolicyError as error:  # told in the window; anything else is a bug, reported as one
                return error
            try:
                opened.prepare(base)
            except BaseException:
                opened.discard()
                raise
            return opened

        def done(result: Opened | PolicyError) -> None:
            if generation != self._open_generation:  # cancelled, or a newer open took over
                if isinstance(result, Opened):
                    result.discard()
                return
            self._open_job = None
            self._progress.finish_open()
            if isinstance(result, PolicyError):
                QMessageBox.warning(self._parent, failure_title, str(result))
                return
            self.sessionOpened.emit(Session.from_opened(result))
            if remember is not None:
                self._remember(remember)

        def failed(message: str) -> None:
            if generation == self._open_generation:
                self._open_job = None
                self._progress.finish_open()
                QMessageBox.warning(self._parent, failure_title, message.splitlines()[0])

        self._open_job = jobs.start(work, done, failed)
        self._progress.start_open(what)

    def cancel_open(self) -> None:
        """Stop waiting for the document being read: the window stays as it was."""
        if self._open_job is not None:
            self._open_generation += 1  # its result, when it comes, is let go
            self._open_job = None
            self._progress.finish_open()
            self.message.emit("Opening cancelled.", 3000)

    def open_dropped(self, paths: list[str]) -> None:
        """One file dropped opens it; two compare the older with the newer."""
        if len(paths) == 1:
            self.open_path(paths[0])
        elif len(paths) == 2:
            self.compare_files(*sorted(paths, key=lambda p: Path(p).stat().st_mtime))

    # ------------------------------------------------------------ saving

    def save(self) -> bool:
        """Save the draft now; a document without a .policy file asks where (Save As)."""
        session = self._session()
        if session is None:
            return False
        if session.file is None:
            return self.choose_and_save_as()
        try:
            return session.save()
        except PolicyError as error:
            QMessageBox.warning(self._parent, "Cannot save", str(error))
            return False

    def choose_and_save_as(self) -> bool:
        session = self._session()
        if session is None:
            return False
        suggested = Path(session.source.split("@")[0]).with_suffix(".policy").name
        path, _ = QFileDialog.getSaveFileName(self._parent, "Save as a policy file", suggested,
                                              "Policy files (*.policy)")
        return bool(path) and self.save_as(path)

    def save_as(self, path: str) -> bool:
        """Create a .policy file at `path` with the draft and continue editing it there."""
        session = self._session()
        if session is None:
            return False
        if not path.lower().endswith(".policy"):
            path += ".policy"
        try:
            session.save_as(Path(path), user_name(self._settings))
        except PolicyError as error:
            QMessageBox.warning(self._parent, "Cannot save", str(error))
            return False
        self._remember(path)
        self._settings.setValue("session/open", str(Path(path).resolve()))
        self.savedAs.emit()
        return True

    # ------------------------------------------------------------ recent files

    def recent_files(self) -> list[str]:
        value = self._settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, ref: str) -> None:
        full = str(Path(ref).resolve()) if "@" not in ref else ref
        files = [full] + [f for f in self.recent_files() if f != full]
        self._settings.setValue("recentFiles", files[:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        menu = self._recent_menu
        menu.clear()
        for path in self.recent_files():
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        menu.setEnabled(bool(self.recent_files()))
