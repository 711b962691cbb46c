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
from typing import Protocol

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from policyeditor.core.errors import FileInUseError, PolicyError, ReadOnlyFileError
from policyeditor.formats.importers import IMPORT_SUFFIXES
from policyeditor.gui import jobs
from policyeditor.gui.session import Opened, Session, new_policy, read, read_compared
from policyeditor.gui.window.dialogs import user_name
from policyeditor.gui.window.open_progress import OpenProgress
from policyeditor.refs import POLICY_SUFFIX, split_ref

OPEN_FILTER = ("Policies and documents (*.policy " + " ".join(f"*{s}" for s in IMPORT_SUFFIXES)
               + ");;All files (*)")
IMPORT_FILTER = ("Documents (" + " ".join(f"*{s}" for s in IMPORT_SUFFIXES) + ");;All files (*)")
MAX_RECENT = 8


class OpenGuard(Protocol):
    """What the window answers before the part replaces its document (see `window/lifecycle.py`)."""

    def shown_elsewhere(self, ref: str) -> bool:
        """Whether a window already has `ref` open (it is brought forward)."""

    def may_let_go(self) -> bool:
        """Whether the open document may be replaced (its work saved, or let go on purpose)."""


def in_use_question(path: Path) -> str:
    """Why a file opens read-only, in one sentence, and the offer."""
    return (f"{path.name} is open for writing in another program (another Policy Editor, "
            "perhaps on another computer), so changes here could not be saved. Open it read-only?")


def read_only_question(path: Path) -> str:
    """Why a file cannot be opened for writing, in one sentence, and the offer."""
    return (f"{path.name} is read-only (the file, or the folder it is in, may not be written), so "
            "changes here could not be saved. Open it read-only?")


def base_key(path: Path) -> str:
    """The settings key of the base version last chosen for a .policy file."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]
    return f"bases/{digest}"


def proposed_policy_path(session: Session) -> Path:
    """Where Save As proposes to put the .policy file: beside the source, named after it.

    source.docx → the same folder, source.policy; a .policy (or a version of one)
    → the same folder, "<name> copy.policy"; a new policy → the home folder, by its title.
    """
    if not session.source:
        return Path.home() / f"{session.document.policy.title or 'Untitled policy'}{POLICY_SUFFIX}"
    source = split_ref(session.source)[0].absolute()
    if source.suffix.lower() == POLICY_SUFFIX:
        return source.with_name(f"{source.stem} copy{POLICY_SUFFIX}")
    return source.with_suffix(POLICY_SUFFIX)


class FileActions(QObject):
    """Open, compare, save and save as for one window, with the recent files menu."""

    sessionOpened = Signal(object)  # a Session, read and prepared in the worker
    savedAs = Signal()  # the session now lives in another .policy file
    message = Signal(str, int)  # for the status bar: text, milliseconds (0: until replaced)
    openingChanged = Signal()  # noqa: N815  a read began, or ended showing nothing new

    def __init__(self, settings: QSettings, dialog_parent: QWidget, progress: OpenProgress,
                 recent_menu: QMenu, current_session: Callable[[], Session | None]) -> None:
        super().__init__(dialog_parent)
        self.guard: OpenGuard | None = None  # set by the window's lifecycle part
        self._settings = settings
        self._parent = dialog_parent
        self._progress = progress
        self._recent_menu = recent_menu
        self._session = current_session
        self._open_job: jobs.Job | None = None
        self._open_generation = 0
        self.reading: str | None = None  # the REF being read, until it is shown (or not)
        progress.cancelled.connect(self.cancel_open)
        recent_menu.aboutToShow.connect(self._fill_recent)  # a file gone since is left out
        self._fill_recent()

    # ------------------------------------------------------------ opening

    def choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._parent, "Open a policy or a document", "", OPEN_FILTER)
        if path:
            self.open_path(path)

    def choose_and_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._parent, "Import a document", "", IMPORT_FILTER)
        if path:
            self.open_path(path)

    def _may_open(self) -> bool:
        return self.guard is None or self.guard.may_let_go()

    def open_path(self, ref: str) -> bool:
        """Open a .policy file (its draft or @LABEL) or import a document, reading it in a worker.

        A file already open in a window brings that window forward instead; unsaved
        work in this one is saved or let go first (the guard asks), or the open is
        not made (False). Otherwise True: the document is shown once read (`opening()`
        is true until then, with a progress bar in the status bar), or a message says
        in one sentence why it could not be. A newer open, or Cancel, drops this one.
        A .policy another program holds for writing is offered read-only.
        """
        if self.guard is not None and self.guard.shown_elsewhere(ref):
            return True
        if not self._may_open():
            return False
        self._open(ref)
        return True

    def _open(self, ref: str, read_only: bool = False) -> None:
        path = split_ref(ref)[0]
        remembered = self._settings.value(base_key(path)) if path.suffix.lower() == POLICY_SUFFIX else None
        reader = (lambda: read(ref, read_only=True)) if read_only else (lambda: read(ref))
        self.reading = ref
        self._load(reader, f"Opening {path.name}…", "Cannot open",
                   remember=ref, base=str(remembered) if remembered else None)

    def new_policy(self) -> bool:
        """File ▸ New Policy: an empty policy with one section, unsaved (it asks to be saved)."""
        if not self._may_open():
            return False
        self.cancel_open()
        self.sessionOpened.emit(Session.from_opened(new_policy()))
        return True

    def show_opened(self, opened: Opened) -> bool:
        """Show what was made here, not read (a recovered draft), as an open would."""
        if not self._may_open():
            return False
        self.sessionOpened.emit(Session.from_opened(opened))
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

        Read in a worker as `open_path` reads; returns True (False: the open document was kept).
        """
        if not self._may_open():
            return False
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
        if remember is None:
            self.reading = None

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
            self.reading = None
            self._progress.finish_open()
            if not isinstance(result, Opened):
                self.openingChanged.emit()
            if isinstance(result, FileInUseError | ReadOnlyFileError) and remember is not None:
                path = split_ref(remember)[0]
                in_use = isinstance(result, FileInUseError)
                answer = QMessageBox.question(
                    self._parent, "File in use" if in_use else "Read-only file",
                    in_use_question(path) if in_use else read_only_question(path),
                    QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                    QMessageBox.StandardButton.Cancel)
                if answer == QMessageBox.StandardButton.Open:
                    self._open(remember, read_only=True)
                return
            if isinstance(result, PolicyError):
                if remember is not None:
                    self._forget_if_gone(remember)
                QMessageBox.warning(self._parent, failure_title, str(result))
                return
            self.sessionOpened.emit(Session.from_opened(result))
            if remember is not None:
                self._remember(remember)

        def failed(message: str) -> None:
            if generation == self._open_generation:
                self._open_job = None
                self.reading = None
                self._progress.finish_open()
                self.openingChanged.emit()
                if remember is not None:
                    self._forget_if_gone(remember)
                QMessageBox.warning(self._parent, failure_title, message.splitlines()[0])

        self._open_job = jobs.start(work, done, failed)
        self._progress.start_open(what)
        self.openingChanged.emit()

    def cancel_open(self) -> None:
        """Stop waiting for the document being read: the window stays as it was."""
        if self._open_job is not None:
            self._open_generation += 1  # its result, when it comes, is let go
            self._open_job = None
            self.reading = None
            self._progress.finish_open()
            self.openingChanged.emit()
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
        path, _ = QFileDialog.getSaveFileName(self._parent, "Save as a policy file",
                                              str(proposed_policy_path(session)), "Policy files (*.policy)")
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

    def _forget_if_gone(self, ref: str) -> None:
        """A recent file that failed to open because it is gone leaves the menu."""
        if not split_ref(ref)[0].exists():
            full = str(Path(ref).resolve()) if "@" not in ref else ref
            self._settings.setValue("recentFiles", [f for f in self.recent_files() if f != full])
            self._fill_recent()

    def _fill_recent(self) -> None:
        kept = [f for f in self.recent_files() if split_ref(f)[0].exists()]
        if kept != self.recent_files():
            self._settings.setValue("recentFiles", kept)
        menu = self._recent_menu
        menu.clear()
        for path in self.recent_files():
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        menu.setEnabled(bool(self.recent_files()))
