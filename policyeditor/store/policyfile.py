"""PolicyFile: one .policy file (SQLite) holding one policy, its draft and its whole history.

Opening never changes a file before it is known to be ours: the database
header is read first as plain bytes (no locks, no side files), and only a file
stamped with our `application_id` and a schema version we know is opened for
real. A file opened for writing is locked against other writers (see
`lock.py`); readers need no lock.

Journal mode is DELETE, not WAL: a .policy file is e-mailed and archived as one
file, and WAL keeps committed data in a `-wal` file beside it until a
checkpoint, needs shared memory (`-shm`, unsupported on network folders) and
creates both files even to read. With DELETE a `-journal` exists only during a
write transaction; `synchronous=FULL` makes each commit durable.

Every write is one `BEGIN IMMEDIATE ... COMMIT` transaction, so a crash leaves
the file as it was before or after the save, never between. Time stamps are
ISO 8601 UTC with seconds, taken from the module-level `now()` so tests can
replace the clock.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from policyeditor import __version__
from policyeditor.core.errors import (
    FileInUseError,
    LockedVersionError,
    PolicyFileError,
    VersionNotFoundError,
)
from policyeditor.core.model import Policy, Section, Status, Version
from policyeditor.store import schema
from policyeditor.store.audit import GENESIS, AuditEntry, canonical_json, entry_hash, verify_audit_chain
from policyeditor.store.lock import WriteLock

BUSY_TIMEOUT_MS = 3000  # how long a read waits for another process's commit to finish

T = TypeVar("T")


def now() -> str:
    """The current time as ISO 8601 UTC with seconds, e.g. '2024-05-01T09:30:00Z'."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class VersionInfo:
    """What the version list shows of a version, without its sections."""

    label: str
    author: str
    created: str
    note: str
    status: Status
    parent: str | None
    content_hash: str


def _not_ours(path: Path) -> PolicyFileError:
    return PolicyFileError(f"{path.name} is damaged or not a policy file")


def _damaged(path: Path) -> PolicyFileError:
    """A policy file whose header is ours but whose pages SQLite cannot read: point at recovery."""
    return PolicyFileError(f"{path.name} is damaged; try `policyeditor recover {path.name} -o NEW.policy` "
                           "to save what can still be read into a new file")


def _sqlite_errors(method: Callable[..., T]) -> Callable[..., T]:
    """Tell SQLite's failures in the package's words (integrity errors are our bugs: kept)."""

    @functools.wraps(method)
    def wrapper(self: PolicyFile, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.IntegrityError:
            raise
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise FileInUseError(
                    f"{self.path.name} is in use by another program; try again in a moment") from exc
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise PolicyFileError(f"{self.path.name} cannot be written: {exc}") from exc
            if "full" in str(exc) or "disk I/O" in str(exc):
                # the transaction rolled back: the file holds the last save, the draft is in memory
                raise PolicyFileError(
                    f"{self.path.name} cannot be saved: the disk is full or failing; "
                    "free some space and save again") from exc
            raise _damaged(self.path) from exc
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path) from exc

    return wrapper


def build_new_file(path: Path, fill: Callable[[sqlite3.Connection], None], *, verb: str) -> None:
    """Make a new .policy file at `path`: the schema, then `fill(conn)`, in one transaction.

    The file is built beside its final name and linked into place only when
    complete, so no half-made file is ever seen under that name, and an existing
    file is never overwritten. Failures (a read-only folder, a full disk) raise
    PolicyFileError("cannot <verb> <name>: <reason>") and leave nothing behind.
    """
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE")
            schema.migrate(conn, 0)
            fill(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()
        try:
            os.link(temp, path)  # fails if `path` appeared meanwhile: never overwrites
        except FileExistsError:
            raise PolicyFileError(f"{path.name} already exists; choose another name") from None
        except OSError:  # a file system without hard links
            if path.exists():
                raise PolicyFileError(f"{path.name} already exists; choose another name") from None
            os.replace(temp, path)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PolicyFileError(f"cannot {verb} {path.name}: {reason}") from exc
    finally:
        temp.unlink(missing_ok=True)


def _file_uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{path.resolve().as_uri()}?{query}"


SQLITE_MAGIC = b"SQLite format 3\x00"


def _probe(path: Path) -> int:
    """The schema version of the file at `path`, after checking it is a policy file we can read.

    Reads only the 100-byte database header, as plain bytes: it takes no locks,
    creates no files and so leaves a damaged or foreign file exactly as it was.
    Not through SQLite: a lock-free SQLite read of a file another process is
    committing to can see half-written pages and call a healthy file damaged.
    """
    if not path.exists():
        raise PolicyFileError(f"{path.name} does not exist")
    if path.is_dir():
        raise PolicyFileError(f"{path.name} is a folder, not a policy file")
    if not os.access(path, os.R_OK):
        raise PolicyFileError(f"{path.name} cannot be read: permission denied")
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except OSError as exc:
        raise PolicyFileError(f"{path.name} cannot be read: {exc.strerror or exc}") from exc
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC) or not _sane_header(header):
        raise _not_ours(path)  # empty, short, not a database, or a header scribbled over
    # big-endian integers of the header (sqlite.org/fileformat.html): user_version at 60, application_id at 68
    version = int.from_bytes(header[60:64], "big", signed=True)
    application_id = int.from_bytes(header[68:72], "big", signed=True)
    if application_id != schema.APPLICATION_ID:
        raise PolicyFileError(f"{path.name} is an SQLite file of another program, not a policy file")
    if version > schema.schema_version():
        raise PolicyFileError(
            f"{path.name} was made by a newer policyeditor (file format {version}); "
            "update policyeditor to open it")
    if version < 0:
        raise _not_ours(path)
    return int(version)


def _sane_header(header: bytes) -> bool:
    """The fixed fields of an SQLite header hold what every SQLite file holds: a page size, 64/32/32."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    return 512 <= page_size <= 65536 and page_size & (page_size - 1) == 0 and header[21:24] == b"\x40\x20\x20"


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _roll_back_interrupted_save(path: Path) -> None:
    """Restore the last save of a file whose writer died mid-transaction, before reading it.

    The writer's rollback journal is then "hot": SQLite rolls it back on the next
    open that may write, but a read-only connection cannot and fails. So when a
    journal is there, the file may be written and no live writer holds it, the
    file is opened for writing once, which rolls the journal back (committed
    saves are never touched). Otherwise nothing is done here.
    """
    journal = _journal(path)
    if not journal.exists() or not (_marked_writable(path) and _marked_writable(path.parent)):
        return
    lock = WriteLock(path)
    try:
        lock.acquire()
    except PolicyFileError:  # a live writer holds the file: its journal is not hot
        return
    try:
        conn = sqlite3.connect(_file_uri(path, mode="rw"), uri=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls back
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # the read-only open that follows tells what is wrong
    finally:
        lock.release()


def _marked_writable(path: Path) -> bool:
    """Whether we may write `path`: permitted, and not marked read-only by its owner.

    The write bits count even for an administrator, who could write anyway: a
    file someone marked read-only is one they meant to keep as it is.
    """
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


class PolicyFile:
    """An open .policy file; a context manager that closes it.

    Make one with `PolicyFile.create()` or `PolicyFile.open()`, never directly.
    Opened with `readonly=True`, every write raises PolicyFileError.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool,
                 lock: WriteLock | None) -> None:
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
        if path.exists():
            raise PolicyFileError(f"{path.name} already exists; choose another name")
        if not path.parent.is_dir():
            raise PolicyFileError(f"cannot create {path.name}: folder {path.parent} does not exist")
        def fill(conn: sqlite3.Connection) -> None:
            meta = {"created_with": f"policyeditor {__version__}", "created": now(),
                    "audit_head": GENESIS,
                    # identifies the policy across copies, so a review is merged only into its own policy
                    "policy_id": uuid.uuid4().hex}
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())

        build_new_file(path, fill, verb="create")
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
        """Open an existing .policy file, for writing unless `readonly`.

        A damaged or foreign file, or one made by a newer policyeditor, raises
        PolicyFileError and is left untouched. Without `readonly`, a read-only
        file or folder raises PolicyFileError and a file another program has open
        for writing raises FileInUseError. An older file is migrated (in one
        transaction) when opened for writing, and in memory when read-only.
        """
        path = Path(path)
        version = _probe(path)
        if readonly:
            _roll_back_interrupted_save(path)
        if not readonly and not (_marked_writable(path) and _marked_writable(path.parent)):
            raise PolicyFileError(f"{path.name} is read-only; open it read-only or save a copy elsewhere")
        lock = None if readonly else WriteLock(path)
        if lock is not None:
            lock.acquire()
        conn: sqlite3.Connection | None = None
        try:
            mode = "ro" if readonly else "rw"
            conn = sqlite3.connect(_file_uri(path, mode=mode), uri=True, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _damaged(path)
            if not readonly:
                conn.execute("PRAGMA journal_mode = DELETE")  # no write when it already is
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
            if version < schema.schema_version():
                if readonly:
                    conn = _migrated_copy(conn, version, path)
                else:
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        schema.migrate(conn, version)
                    except sqlite3.DatabaseError as exc:
                        conn.execute("ROLLBACK")
                        raise PolicyFileError(
                            f"{path.name} could not be upgraded to the current file format: {exc}") from exc
                    conn.execute("COMMIT")
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if lock is not None:
                lock.release()
            if isinstance(exc, sqlite3.OperationalError) and readonly and _journal(path).exists():
                raise PolicyFileError(
                    f"{path.name} was left mid-save by a program that stopped; open it once with "
                    "write access to restore its last save") from exc
            if isinstance(exc, sqlite3.DatabaseError):
                raise _damaged(path) from exc
            raise
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
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # SQLite has already rolled back after e.g. a full disk
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction, so several SELECTs see the same commit.

        Without it another process could commit between them, e.g. a draft save
        dropping the texts of the draft row just read, and a healthy file would
        read as damaged. Inside a transaction already, it adds nothing.
        """
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    # -- sections: content-addressed texts and shapes ------------------------

    def _store_sections(self, sections: list[Section], *, pin: bool) -> tuple[int, str]:
        """Store each heading and body, and the tree of ids, once; their shape id and row list.

        The row list is the JSON array of contents row ids in document order (see
        schema.py). With `pin`, the rows are marked as used by a version, so they
        are kept for ever. Runs inside the caller's transaction.
        """
        conn = self.conn
        walked = [section for top in sections for section, _ in top.walk()]
        by_hash = {section.content_hash(): section for section in walked}
        conn.executemany(
            "INSERT OR IGNORE INTO contents (hash, heading, body) VALUES (?, ?, ?)",
            ((h, s.heading, s.body) for h, s in by_hash.items()))
        row_of = dict(conn.execute(
            "SELECT hash, id FROM contents WHERE hash IN (SELECT value FROM json_each(?))",
            (json.dumps(list(by_hash)),)).fetchall())
        rows = [row_of[section.content_hash()] for section in walked]
        if pin:
            conn.execute("UPDATE contents SET pinned = 1 WHERE pinned = 0 AND id IN "
                         "(SELECT value FROM json_each(?))", (json.dumps(rows),))

        def node(section: Section) -> Any:
            return [section.id, [node(c) for c in section.children]] if section.children else section.id

        tree = _compact([node(s) for s in sections])
        tree_hash = hashlib.sha256(tree.encode("utf-8")).hexdigest()
        conn.execute("INSERT OR IGNORE INTO shapes (hash, tree) VALUES (?, ?)", (tree_hash, tree))
        shape = conn.execute("SELECT id FROM shapes WHERE hash = ?", (tree_hash,)).fetchone()[0]
        return shape, _compact(rows)

    def _load_sections(self, shape: int, section_rows: str) -> list[Section]:
        """The section tree a shape and a row list name, with their headings and bodies."""
        found = self.conn.execute("SELECT tree FROM shapes WHERE id = ?", (shape,)).fetchone()
        rows = json.loads(section_rows)
        text = {row_id: (heading, body) for row_id, heading, body in self.conn.execute(
            "SELECT id, heading, body FROM contents WHERE id IN (SELECT value FROM json_each(?))",
            (section_rows,))}
        if found is None or not set(rows) <= text.keys():
            raise _damaged(self.path)
        texts = iter(text[row] for row in rows)

        def build(nodes: list[Any]) -> list[Section]:
            sections = []
            for item in nodes:
                section_id, children = (item, []) if isinstance(item, str) else item
                heading, body = next(texts)  # document order: a parent before its children
                sections.append(Section(heading=heading, body=body, children=build(children), id=section_id))
            return sections

        try:
            return build(json.loads(found[0]))
        except (StopIteration, ValueError, TypeError) as exc:  # tree and row list disagree
            raise _damaged(self.path) from exc

    # -- the draft --------------------------------------------------------------

    @_sqlite_errors
    def load_draft(self) -> Policy:
        """The draft as last saved (for a new file, the policy it was created with)."""
        with self._reading() as conn:
            title, metadata, shape, section_rows, properties = conn.execute(
                "SELECT title, metadata, shape, section_rows, properties FROM draft WHERE id = 1").fetchone()
            sections = self._load_sections(shape, section_rows)
        return _policy(title, sections, metadata, properties)

    @_sqlite_errors
    def save_draft(self, policy: Policy) -> None:
        """Store `policy` as the draft, in one transaction; writes nothing when it is unchanged.

        Sections are stored content-addressed, so a save writes only the sections
        that changed. Texts and shapes that no version uses and the new draft no
        longer uses are dropped, so autosaving keystrokes does not grow the file.
        """
        metadata = canonical_json(policy.metadata)
        properties = canonical_json(policy.properties())
        with self.transaction() as conn:
            old = conn.execute(
                "SELECT title, metadata, shape, section_rows, properties FROM draft WHERE id = 1").fetchone()
            shape, section_rows = self._store_sections(policy.sections, pin=False)
            if (policy.title, metadata, shape, section_rows, properties) == old:
                return  # the INSERT OR IGNOREs added nothing either: all was stored already
            conn.execute(
                "UPDATE draft SET title = ?, metadata = ?, shape = ?, section_rows = ?, properties = ?, "
                "updated = ?, revision = revision + 1 WHERE id = 1",
                (policy.title, metadata, shape, section_rows, properties, now()))
            dropped = set(json.loads(old[3])) - set(json.loads(section_rows))
            if dropped:
                conn.execute("DELETE FROM contents WHERE pinned = 0 AND id IN "
                             "(SELECT value FROM json_each(?))", (json.dumps(sorted(dropped)),))
            if old[2] != shape:
                conn.execute("DELETE FROM shapes WHERE id = ? AND NOT EXISTS "
                             "(SELECT 1 FROM versions WHERE shape = ?)", (old[2], old[2]))
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             [("title", policy.title), ("metadata", metadata)])

    @_sqlite_errors
    def draft_saved_at(self) -> str | None:
        """When the draft was last saved (ISO 8601 UTC), or None if it never was."""
        return self.conn.execute("SELECT updated FROM draft WHERE id = 1").fetchone()[0]

    @_sqlite_errors
    def draft_revision(self) -> int:
        """How many times the draft has been saved; grows by one per save that changed it."""
        return int(self.conn.execute("SELECT revision FROM draft WHERE id = 1").fetchone()[0])

    # -- versions ---------------------------------------------------------------

    _INFO_COLUMNS = "label, author, created, note, status, parent, content_hash"

    @staticmethod
    def _info(row: tuple[Any, ...]) -> VersionInfo:
        label, author, created, note, status, parent, content_hash = row
        return VersionInfo(label, author, created, note, Status(status), parent, content_hash)

    @_sqlite_errors
    def save_version(self, policy: Policy, label: str, *, author: str, note: str = "",
                     parent: str | None = None, status: Status = Status.DRAFT) -> Version:
        """Store an immutable snapshot of `policy` under `label` and record it in the audit log.

        `label` must be new in this file (PolicyFileError otherwise) and `parent`,
        when given, the label of a stored version (VersionNotFoundError otherwise).
        Only the sections not stored before add to the file's size.
        """
        label = label.strip()
        if not label:
            raise PolicyFileError("a version needs a label")
        status = Status(status)
        content_hash = policy.content_hash()
        created = now()
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM versions WHERE label = ?", (label,)).fetchone():
                raise PolicyFileError(f"{self.path.name} already has a version labelled '{label}'")
            if parent is not None and not conn.execute(
                    "SELECT 1 FROM versions WHERE label = ?", (parent,)).fetchone():
                raise self._not_found(parent)
            shape, section_rows = self._store_sections(policy.sections, pin=True)
            conn.execute(
                "INSERT INTO versions (label, author, created, note, status, parent, content_hash, "
                "title, metadata, shape, section_rows, properties) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (label, author, created, note, status.value, parent, content_hash, policy.title,
                 canonical_json(policy.metadata), shape, section_rows,
                 canonical_json(policy.properties())))
            self._append_audit(author, "version.saved", label,
                               {"content_hash": content_hash, "status": status.value,
                                "parent": parent, "note": note})
        return Version(label=label, author=author, created=created, note=note, status=status,
                       parent=parent, policy=policy.copy(), content_hash=content_hash)

    @_sqlite_errors
    def versions(self) -> list[VersionInfo]:
        """Every version, oldest first; reads no section text, so it is fast."""
        rows = self.conn.execute(f"SELECT {self._INFO_COLUMNS} FROM versions ORDER BY id").fetchall()
        return [self._info(row) for row in rows]

    @_sqlite_errors
    def version(self, label: str) -> Version:
        """The version labelled `label`, with its policy; VersionNotFoundError if there is none."""
        with self._reading() as conn:
            row = conn.execute(
                f"SELECT {self._INFO_COLUMNS}, title, metadata, shape, section_rows, properties "
                "FROM versions WHERE label = ?",
                (label,)).fetchone()
            if row is None:
                raise self._not_found(label)
            info = self._info(row[:7])
            title, metadata, shape, section_rows, properties = row[7:]
            sections = self._load_sections(shape, section_rows)
        policy = _policy(title, sections, metadata, properties)
        return Version(label=info.label, author=info.author, created=info.created, note=info.note,
                       status=info.status, parent=info.parent, policy=policy,
                       content_hash=info.content_hash)

    @_sqlite_errors
    def latest(self, status: Status | None = None) -> VersionInfo | None:
        """The newest version with exactly `status` (any status when None), or None."""
        if status is None:
            row = self.conn.execute(
                f"SELECT {self._INFO_COLUMNS} FROM versions ORDER BY id DESC LIMIT 1").fetchone()
        else:
            row = self.conn.execute(
                f"SELECT {self._INFO_COLUMNS} FROM versions WHERE status = ? ORDER BY id DESC LIMIT 1",
                (Status(status).value,)).fetchone()
        return self._info(row) if row else None

    @_sqlite_errors
    def latest_approved(self) -> VersionInfo | None:
        """The newest version that is approved or published, or None."""
        row = self.conn.execute(
            f"SELECT {self._INFO_COLUMNS} FROM versions WHERE status IN (?, ?) ORDER BY id DESC LIMIT 1",
            (Status.APPROVED.value, Status.PUBLISHED.value)).fetchone()
        return self._info(row) if row else None

    @_sqlite_errors
    def set_status(self, label: str, status: Status, *, actor: str) -> None:
        """Record a version's new status and its audit entry; no-op when it already has it.

        Only the status can change, never the contents. Which transitions are
        allowed is the workflow's rule; the store enforces the one that protects
        the record: an approved or later version never becomes unlocked again
        (LockedVersionError).
        """
        status = Status(status)
        with self.transaction() as conn:
            row = conn.execute("SELECT status FROM versions WHERE label = ?", (label,)).fetchone()
            if row is None:
                raise self._not_found(label)
            old = Status(row[0])
            if old == status:
                return
            if old.locked and not status.locked:
                raise LockedVersionError(
                    f"version '{label}' is {old.title.lower()} and cannot become {status.title.lower()}")
            conn.execute("UPDATE versions SET status = ? WHERE label = ?", (status.value, label))
            self._append_audit(actor, "version.status", label, {"from": old.value, "to": status.value})

    def _not_found(self, label: str) -> VersionNotFoundError:
        return VersionNotFoundError(f"no version labelled '{label}' in {self.path.name}")

    # -- audit log --------------------------------------------------------------

    @_sqlite_errors
    def append_audit(self, actor: str, action: str, subject: str, payload: dict[str, Any]) -> None:
        """Add an entry to the audit log, chained to the one before, in its own transaction."""
        with self.transaction():
            self._append_audit(actor, action, subject, payload)

    def _append_audit(self, actor: str, action: str, subject: str, payload: dict[str, Any]) -> None:
        """Append within the caller's transaction; the chain head is kept in meta as well."""
        conn = self.conn
        last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        payload = json.loads(canonical_json(payload))  # stored and hashed exactly as it reads back
        time = now()
        digest = entry_hash(prev_hash, seq, time, actor, action, subject, payload)
        conn.execute(
            "INSERT INTO audit_log (seq, time, actor, action, subject, payload, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, time, actor, action, subject, canonical_json(payload), prev_hash, digest))
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)",
                     (f"{seq}:{digest}",))

    @_sqlite_errors
    def audit_log(self) -> list[AuditEntry]:
        """Every audit entry, oldest first."""
        rows = self.conn.execute(
            "SELECT seq, time, actor, action, subject, payload, prev_hash, hash "
            "FROM audit_log ORDER BY seq").fetchall()
        return [AuditEntry(seq, time, actor, action, subject, json.loads(payload), prev, digest)
                for seq, time, actor, action, subject, payload, prev, digest in rows]

    # -- integrity and summary -------------------------------------------------

    @_sqlite_errors
    def verify(self) -> list[str]:
        """Problems found in the file's record; an empty list when all is well.

        Checks the audit chain and its recorded head (which catches removed last
        entries), that every version's stored sections still hash to its
        content_hash, that the audit log recorded each version with that hash,
        author, parent and note, and that no version it recorded is gone.
        """
        entries = self.audit_log()
        problems = verify_audit_chain(entries)
        head = self.conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
        last = f"{entries[-1].seq}:{entries[-1].hash}" if entries else GENESIS
        if head is None or head[0] != last:
            problems.append("the audit log does not end where it last ended: entries were removed")
        saved = {e.subject: e for e in entries if e.action == "version.saved"}
        recorded = {label: e.payload.get("content_hash") for label, e in saved.items()}
        present = {info.label for info in self.versions()}
        for label in saved.keys() - present:
            problems.append(f"version '{label}' was removed from the file")
        for info in self.versions():
            entry = saved.get(info.label)
            if entry is not None and (entry.actor, entry.payload.get("parent"), entry.payload.get("note")) \
                    != (info.author, info.parent, info.note):
                problems.append(f"version '{info.label}' does not match its audit log entry "
                                "(its author, parent or note was edited)")
            try:
                stored = self.version(info.label).policy.content_hash()
            except PolicyFileError:
                problems.append(f"version '{info.label}' cannot be read: its stored sections are gone")
                continue
            if stored != info.content_hash:
                problems.append(f"version '{info.label}' was changed after it was saved")
            if recorded.get(info.label) != info.content_hash:
                problems.append(f"version '{info.label}' does not match its audit log entry")
        return problems

    @_sqlite_errors
    def info(self) -> dict[str, Any]:
        """A summary: title, section count, versions, open comments and when the draft was saved."""
        conn = self.conn
        title, section_rows, updated = conn.execute(
            "SELECT title, section_rows, updated FROM draft WHERE id = 1").fetchone()
        open_comments = conn.execute(
            "SELECT count(*) FROM comments WHERE state = 'open' AND deleted = 0 AND parent_id IS NULL"
        ).fetchone()[0]
        return {
            "title": title,
            "sections": len(json.loads(section_rows)),
            "versions": [
                {"label": v.label, "status": v.status.value, "author": v.author, "created": v.created,
                 "note": v.note, "hash": v.content_hash}
                for v in self.versions()
            ],
            "open_comments": open_comments,
            "draft_updated": updated,
        }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _policy(title: str, sections: list[Section], metadata: str, properties: str) -> Policy:
    """A policy from its stored columns (properties: the JSON of Policy.properties())."""
    policy = Policy(title=title, sections=sections, metadata=json.loads(metadata))
    try:
        policy.set_properties(json.loads(properties))
    except (ValueError, TypeError, AttributeError) as exc:
        raise PolicyFileError("the policy's numbering or dates are unreadable") from exc
    return policy


def _migrated_copy(conn: sqlite3.Connection, version: int, path: Path) -> sqlite3.Connection:
    """An in-memory copy of a read-only older file, migrated, so it reads like a current one."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        conn.backup(memory)
        memory.execute("BEGIN")
        schema.migrate(memory, version)
        memory.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        memory.close()
        raise PolicyFileError(f"{path.name} could not be upgraded to the current file format: {exc}") from exc
    except BaseException:
        memory.close()
        raise
    finally:
        conn.close()
    return memory
