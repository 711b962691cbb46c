"""The window's status bar: the lock of a read-only version, words, changes, saved state, user,
and where a library copy stands (in sync or not, since when; conflicts to settle).

Shows what it is given; the window tells it when something changed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar

from policyeditor.gui.session import Session
from policyeditor.gui.style.times import local_time
from policyeditor.store.library_copy import Standing


class StatusLine:
    """The permanent labels at the right of one status bar."""

    def __init__(self, bar: QStatusBar) -> None:
        self.words = QLabel(bar, objectName="statusWords")
        self.changes = QLabel(bar, objectName="statusChanges")
        self.saved = QLabel(bar, objectName="statusSaved")
        self.user = QLabel(bar, objectName="statusUser")
        self.lock = QLabel(bar, objectName="versionLockLabel")
        self.lock.setVisible(False)
        self.library = QLabel(bar, objectName="statusLibrary")
        self.library.setVisible(False)
        self.settle_button = QPushButton("Settle…", bar, objectName="statusSettleConflicts")
        self.settle_button.setFlat(True)
        self.settle_button.setToolTip("Settle the sections both this copy and the library changed")
        self.settle_button.setVisible(False)
        self.sync_button = QPushButton("Sync", bar, objectName="statusSyncLibrary")
        self.sync_button.setFlat(True)
        self.sync_button.setToolTip("Sync this copy with its library now")
        self.sync_button.setVisible(False)
        for label in (self.lock, self.library, self.settle_button, self.sync_button, self.words,
                      self.changes, self.saved, self.user):
            bar.addPermanentWidget(label)

    def show_user(self, name: str) -> None:
        self.user.setText(f"User: {name}")

    def show_words(self, words: int) -> None:
        self.words.setText(f"{words:,} words")

    def show_counts(self, shown: int | None, hidden: int = 0, notes: tuple[str, ...] = ()) -> None:
        """`shown` changes listed (None: no document), `hidden` editorial ones left out, and the
        compare's `notes` (what differs beside the changes, or could not be compared)."""
        if shown is None:
            self.changes.clear()
            return
        text = f"{shown} change{'s' if shown != 1 else ''}"
        text += f" ({hidden} editorial hidden)" if hidden else ""
        text += f", {len(notes)} note{'s' if len(notes) != 1 else ''}" if notes else ""
        self.changes.setText(text)
        self.changes.setToolTip("\n".join(notes))

    def show_saved(self, session: Session | None) -> None:
        if session is None:
            text = ""
        elif session.compare_base is not None:
            text = "Comparing (read-only)"
        elif session.read_only:
            text = "Read-only"
        elif session.file is None:
            text = "Not saved (Save As to keep it)"
        elif session.undo_stack.isClean():
            text = "Saved"
        else:
            text = "Unsaved changes"
        self.saved.setText(text)

    def show_lock(self, session: Session | None) -> None:
        """The lock and hash of an approved or published version on show; hidden for a draft."""
        version = session.version if session is not None else None
        locked = version is not None and version.status.locked
        self.lock.setVisible(locked)
        if version is not None and locked:
            digest = version.content_hash or version.policy.content_hash()
            self.lock.setText(f"\N{LOCK} {version.status.title} \u00b7 SHA-256 {digest[:12]}…")
            self.lock.setToolTip(f"Version {version.label} is {version.status.title.lower()} and "
                                 f"read-only.\nSHA-256 {digest}")

    def show_library(self, standing: Standing | None) -> None:
        """Whether the open library copy is in sync and when it last was; hidden for other files."""
        self.library.setVisible(standing is not None)
        self.settle_button.setVisible(standing is not None and standing.conflicts > 0)
        self.sync_button.setVisible(standing is not None)
        if standing is None:
            return
        when = local_time(standing.synced_at)
        if standing.conflicts:
            text = f"Library: {standing.conflicts} conflict{'s' if standing.conflicts != 1 else ''} to settle"
        elif standing.in_sync:
            text = f"Library: in sync (synced {when})"
        else:
            text = f"Library: not synced since {when}"
        self.library.setText(text)
        changed = f"\nChanged here since: {', '.join(standing.pending)}." if standing.pending else ""
        self.library.setToolTip(f"Offline copy of {standing.user}@{standing.library}, last synced {when}."
                                + changed)
