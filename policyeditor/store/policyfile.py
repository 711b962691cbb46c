"""PolicyFile: one .policy file (SQLite) holding one policy, its draft and its whole history.

The one class the rest of the program uses; each job is done by a module of
its own, and each method here is a transaction around one of them:

- open.py: the safety checks before SQLite sees a file, and every connection
- create.py: a new file, built beside its name and linked into place
- sections.py: content-addressed section texts and outlines
- draft.py: the draft, saved over itself and loaded back
- tracking.py: the draft's moved sections and Track Changes decisions, saved with it
- versions.py: immutable versions and their statuses
- audit.py: the hash-chained audit log
- summary.py: what `policyeditor info` shows

Every write is one `BEGIN IMMEDIATE ... COMMIT` transaction (transaction.py),
so a crash leaves the file as it was before or after the save, never between.
Checking the record (audit chain, versions against their hashes, approvals,
statuses, comments) is `policyeditor.review.verify`'s job.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Policy, Status, Version
from policyeditor.store import (
    audit,
    create,
    draft,
    failures,
    registry,
    summary,
    tracking,
    transaction,
    versions,
)
from policyeditor.store import open as opening
from policyeditor.store.audit import AuditEntry
from policyeditor.store.lock import WriteLock
from policyeditor.store.versions import VersionInfo

__all__ = ["PolicyFile", "VersionInfo"]

T = TypeVar("T")


def _told(method: Callable[..., T]) -> Callable[..., T]:
    """Tell SQLite's failures in the package's words (see failures.py)."""

    @functools.wraps(method)
    def wrapper(self: PolicyFile, *args: Any, **kwargs: Any) -> T:
        with failures.told(self.path):
            return method(self, *args, **kwargs)

    return wrapper


class PolicyFile:
    """An open .policy file; a context manager that closes it.

    Make one with `PolicyFile.create()` or `PolicyFile.open()`, never directly.
    Opened with `readonly=True`, every write raises PolicyFileError.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool,
                 lock: registry.Claim | WriteLock | None) -> None:
        self.path = path
        self.readonly = readonly
        self._conn: sqlite3.Connection | None = conn
        self._lock = lock

    # -- opening and closing -------------------------------------------------

    @classmethod
    def create(cls, path: Path, policy: Policy, *, author: str = "") -> PolicyFile:
        """Write a new .policy file holding `policy` as its draft, and open it for writing.

        Refuses to overwrite an existing file. The file is built beside its final
        name and linked into place only when complete, so no half-made file is
        ever seen under that name.
        """
        path = Path(path)
        create.refuse_existing(path)
        create.new_policy_file(path)
        pf = cls.open(path)
        try:
            pf.save_draft(policy)
            pf.append_audit(author, "policy.created", policy.title, {"title": policy.title})
        except BaseException:
            pf.close()
            raise
        return pf

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> PolicyFile:
        """Open an existing .policy file, for writing unless `readonly` (see open.open_file)."""
        path = Path(path)
        conn, lock = opening.open_file(path, readonly=readonly)
        return cls(path, conn, readonly, lock)

    def close(self) -> None:
        """Close the file and give up the write lock; harmless when already closed."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._lock is not None:  # only after the connection: see lock.py
            self._lock.release()
            self._lock = None

    def __enter__(self) -> PolicyFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection (for the store's own modules); PolicyFileError once closed."""
        if self._conn is None:
            raise PolicyFileError(f"{self.path.name} is closed")
        return self._conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        if self.readonly:
            raise PolicyFileError(f"{self.path.name} is open read-only; save a copy to change it")
        with transaction.writing(self.conn) as conn:
            yield conn

    # -- the draft --------------------------------------------------------------

    @_told
    def load_draft(self) -> Policy:
        """The draft as last saved (for a new file, the policy it was created with)."""
        with transaction.reading(self.conn) as conn:
            return draft.load(conn)

    @_told
    def save_draft(self, policy: Policy, *, moved: set[str] | None = None,
                   decisions: tracking.Decisions | None = None, editor: str = "") -> None:
        """Store `policy` as the draft, in one transaction; writes nothing when it is unchanged.

        Sections are stored content-addressed, so a save writes only the sections
        that changed, and autosaving keystrokes does not grow the file. With
        `moved` and `decisions` (a `core.draft.Draft`'s), those replace the
        stored ones in the same transaction; left None, the stored ones stay.
        `editor` names who made the change (`draft_editor`).
        """
        with self.transaction() as conn:
            draft.save(conn, policy, editor)
            if moved is not None or decisions is not None:
                stored_moved, stored_decisions = tracking.load(conn)
                tracking.save(conn, stored_moved if moved is None else moved,
                              stored_decisions if decisions is None else decisions)

    @_told
    def load_tracking(self) -> tuple[set[str], tracking.Decisions]:
        """The draft's moved sections and its Track Changes decisions by base label, as last saved."""
        with transaction.reading(self.conn) as conn:
            return tracking.load(conn)

    @_told
    def policy_id(self) -> str:
        """What identifies the policy in every copy of its file.

        The `policy_id` meta value; a file made before it existed is identified by
        the hash of its first audit entry (its creation), which every copy shares.
        """
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'policy_id'").fetchone()
        if row is not None and row[0]:
            return str(row[0])
        first = self.conn.execute("SELECT hash FROM audit_log ORDER BY seq LIMIT 1").fetchone()
        return f"log:{first[0]}" if first else f"file:{self.path.name}"

    @_told
    def draft_editor(self) -> str:
        """Who made the draft's last saved change, when its saver said ('' when not)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (draft.EDITOR_KEY,)).fetchone()
        return "" if row is None else str(row[0])

    @_told
    def draft_saved_at(self) -> str | None:
        """When the draft was last saved (ISO 8601 UTC), or None if it never was."""
        return draft.saved_at(self.conn)

    @_told
    def draft_revision(self) -> int:
        """How many times the draft has been saved; grows by one per save that changed it."""
        return draft.revision(self.conn)

    # -- versions ---------------------------------------------------------------

    @_told
    def save_version(self, policy: Policy, label: str, *, author: str, note: str = "",
                     parent: str | None = None, status: Status = Status.DRAFT) -> Version:
        """Store an immutable snapshot of `policy` under `label` and record it in the audit log.

        `label` must be new in this file (PolicyFileError otherwise) and `parent`,
        when given, the label of a stored version (VersionNotFoundError otherwise).
        Only the sections not stored before add to the file's size.
        """
        label = versions.checked_label(label)
        with self.transaction() as conn:
            return versions.save(conn, self.path, policy, label, author=author, note=note,
                                 parent=parent, status=status)

    @_told
    def versions(self) -> list[VersionInfo]:
        """Every version, oldest first; reads no section text, so it is fast."""
        return versions.listed(self.conn)

    @_told
    def version(self, label: str, *, checked: bool = True) -> Version:
        """The version labelled `label`, with its policy; VersionNotFoundError if there is none.

        PolicyFileError when its text is not the one its content hash names (see
        versions.read); `checked=False` reads it anyway, for `--verify` to report.
        """
        with transaction.reading(self.conn) as conn:
            return versions.read(conn, self.path, label, checked=checked)

    @_told
    def latest(self, status: Status | None = None) -> VersionInfo | None:
        """The newest version with exactly `status` (any status when None), or None."""
        return versions.latest(self.conn, () if status is None else (status,))

    @_told
    def latest_approved(self) -> VersionInfo | None:
        """The newest version that is approved or published, or None."""
        return versions.latest(self.conn, (Status.APPROVED, Status.PUBLISHED))

    @_told
    def set_status(self, label: str, status: Status, *, actor: str) -> None:
        """Record a version's new status and its audit entry; no-op when it already has it.

        An approved or later version never becomes unlocked again (LockedVersionError).
        """
        with self.transaction() as conn:
            versions.set_status(conn, self.path, label, status, actor=actor)

    # -- audit log and summary --------------------------------------------------

    @_told
    def append_audit(self, actor: str, action: str, subject: str, payload: dict[str, Any]) -> None:
        """Add an entry to the audit log, chained to the one before, in its own transaction."""
        with self.transaction() as conn:
            audit.append(conn, actor, action, subject, payload)

    @_told
    def audit_log(self) -> list[AuditEntry]:
        """Every audit entry, oldest first."""
        return audit.entries(self.conn)

    @_told
    def audit_head(self) -> str | None:
        """The chain head the file records (`seq:hash` of the last entry), or None when it is missing."""
        return audit.recorded_head(self.conn)

    @_told
    def info(self) -> dict[str, Any]:
        """A summary: title, section count, versions, open comments and when the draft was saved."""
        return summary.info(self.conn)
