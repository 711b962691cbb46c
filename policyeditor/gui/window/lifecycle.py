"""A window's life: nothing lost on quitting, closing or opening another document; one window per
file; the start page while nothing is open; and, after a crash, the work brought back.

The window's own parts do the work (`FileActions` opens and saves); this part
answers their guard's questions (`shown_elsewhere`, `may_let_go`), keeps the
recovery folder up to date (`RecoveryKeeper`), and runs File ▸ New Policy,
Import…, Close and Quit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget

from policyeditor.gui.session import Session, restored
from policyeditor.gui.style.times import local_time
from policyeditor.gui.window import open_windows, unsaved
from policyeditor.gui.window.recovery import RecoveryKeeper, ask_restore, recovery_folder, restore_command
from policyeditor.gui.window.start_page import StartPage
from policyeditor.store.recovery import Entry, forget, orphans

MainWindow = Any  # the window (main_window.py imports this module, so not the other way round)
START_PAGE, DOCUMENT = 0, 1


class WindowLife(QObject):
    """The lifecycle part of one main window (made last, once the window's parts exist)."""

    def __init__(self, window: MainWindow, folder: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.folder = Path(folder) if folder is not None else recovery_folder()
        self.recovery = RecoveryKeeper(self.folder, self)
        self.recovery.failed.connect(
            lambda why: window.statusBar().showMessage(f"No recovery copy: {why}", 8000))
        self._recovered: dict[str, Entry] = {}  # .policy files reopened after a crash: their entries
        open_windows.add(window)
        window.files.guard = self

        self.start_page = StartPage(window)
        self.pages = QStackedWidget(window)
        self.pages.setObjectName("windowPages")
        document = window.takeCentralWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(document)
        window.setCentralWidget(self.pages)

        files, a = window.files, window.actions
        a["newPolicy"].triggered.connect(files.new_policy)
        a["importDocument"].triggered.connect(files.choose_and_import)
        a["closeDocument"].triggered.connect(self.close_document)
        self.start_page.importRequested.connect(files.choose_and_import)
        self.start_page.openRequested.connect(files.choose_and_open)
        self.start_page.newRequested.connect(files.new_policy)
        self.start_page.fileChosen.connect(files.open_path)
        files.sessionOpened.connect(self._session_started)  # after the window took it in
        files.savedAs.connect(lambda: self.recovery.follow(window.session))
        # the views come on show as a read begins, so they lay the document out at their own width
        files.openingChanged.connect(self.show_page)
        self.show_page()

    # ------------------------------------------------------------ the guard FileActions asks

    def shown_elsewhere(self, ref: str) -> bool:
        """Bring forward the window that has `ref` open, if one has (this one included)."""
        window = open_windows.window_showing(ref)
        if window is None:
            return False
        open_windows.bring_forward(window)
        window.statusBar().showMessage(f"{Path(ref).name} is open in this window.", 5000)
        return True

    def may_let_go(self) -> bool:
        """Whether the document shown may go: saved, flushed, or let go on purpose (the user asked)."""
        return unsaved.settle(self.window, self.window.session, self.window.files.choose_and_save_as,
                              self.recovery.clear)

    # ------------------------------------------------------------ closing

    def may_close(self) -> bool:
        return self.may_let_go()

    def closed(self) -> None:
        """The window closed cleanly: nothing of it needs recovering."""
        self.window.files.cancel_open()
        self.recovery.stop()
        open_windows.closed(self.window)

    def close_document(self) -> bool:
        """File ▸ Close: the document goes (its work settled first) and the start page shows."""
        if self.window.session is None or not self.may_let_go():
            return False
        self.window.sessions.close_document()
        self.recovery.follow(None)
        self.show_page()
        return True

    def quit(self) -> bool:
        """File ▸ Quit: every window closes, each asking about its own work; a Cancel stops it."""
        others = [w for w in open_windows.windows() if w is not self.window and w.isVisible()]
        return all(w.close() for w in [*others, self.window])

    # ------------------------------------------------------------ what the window shows

    def _session_started(self, session: Session) -> None:
        self.recovery.follow(session)
        self.show_page()
        if session.path is not None and not session.read_only:
            entry = self._recovered.pop(str(session.path.resolve()), None)
            if entry is not None:
                self._bring_back(session, entry)

    def _bring_back(self, session: Session, entry: Entry) -> None:
        """A file reopened after a crash; the draft its file could not take, if any, offered back."""
        draft = entry.draft
        if draft is not None and draft.to_data() != session.document.policy.to_data() \
                and ask_restore(self.window, entry):
            self.window.push(restore_command(session.document, draft))
            when = local_time(entry.saved_at) if entry.saved_at else "before it stopped"
            self.window.statusBar().showMessage(
                f"Restored the changes kept at {when} (the last session did not close cleanly).")
            session.autosave()  # into the file now; if it still refuses, into this window's entry
        else:
            saved_at = session.draft_saved_at()
            when = local_time(saved_at) if saved_at else "its last save"
            self.window.statusBar().showMessage(
                f"Recovered the draft autosaved at {when} (the last session did not close cleanly).")
        forget(self.folder, entry)

    def show_page(self) -> None:
        """The start page while no document is open, else the document's views."""
        session = self.window.session
        self.window.actions["closeDocument"].setEnabled(session is not None)
        starting = session is None and not self.window.files.opening()
        if starting:
            self.start_page.show_recent(self.window.files.recent_files())
        self.pages.setCurrentIndex(START_PAGE if starting else DOCUMENT)

    # ------------------------------------------------------------ after a crash

    def resume(self) -> int:
        """Bring back what was open when the application last stopped without closing.

        Each .policy file opens again (in this window while it is free, else in a new
        one), and the draft its file refused, if any, is offered into it once on show;
        each draft with no .policy file is offered (Restore / Discard). Returns how
        many documents were brought back.
        """
        brought = 0
        for entry in orphans(self.folder):
            if entry.path and Path(entry.path).exists():
                shown = open_windows.window_showing(entry.path)  # given on the command line too
                window = shown or self._free_window()
                if window is None:
                    continue  # kept for the next start
                window.life._reopened(entry)
                if shown is None:
                    brought += bool(window.open_path(entry.path))
                continue
            if entry.draft is not None and ask_restore(self.window, entry):
                window = self._free_window()
                if window is None:
                    continue  # kept for the next start
                brought += window.files.show_opened(
                    restored(entry.draft, entry.name, entry.source, entry.report))
            forget(self.folder, entry)
        return brought

    def _reopened(self, entry: Entry) -> None:
        """This window shows, or is opening, `entry`'s file: its draft is offered once it is on show.

        An entry with a draft stays in the folder until then: a file that does not open keeps it
        for the next start.
        """
        if entry.draft is None:
            forget(self.folder, entry)  # the file holds all there is
        session = self.window.session
        if session is not None and session.path is not None and not session.read_only \
                and open_windows.same_file(session.path, Path(entry.path or "")):
            self._bring_back(session, entry)
        else:
            self._recovered[str(Path(entry.path or "").resolve())] = entry

    def _free_window(self) -> MainWindow | None:
        if self.window.session is None and not self.window.files.opening():
            return self.window
        if open_windows.new_window is None:
            return None
        return open_windows.new_window()  # type: ignore[return-value]
