"""Opening a .policy file: the safety checks before SQLite sees it, and every SQLite connection.

Opening never changes a file before it is known to be ours: the database
header is read first as plain bytes (no locks, no side files), and only a file
stamped with our `application_id` and a schema version we know is opened for
real. A file opened for writing is locked against other writers (see
`lock.py`); readers need no lock.

`connect()` is the one place where the package makes an SQLite connection (the
files it opens, a new file being built, a damaged file being recovered, a
reviewer's copy being merged, the in-memory copy of an older read-only file):
defences against hostile files belong there, and checks of an opened file's
schema in `open_file()`.

Journal mode is DELETE, not WAL: a .policy file is e-mailed and archived as one
file, and WAL keeps committed data in a `-wal` file beside it until a
checkpoint, needs shared memory (`-shm`, unsupported on network folders) and
creates both files even to read. With DELETE a `-journal` exists only during a
write transaction; `synchronous=FULL` makes each commit durable.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from policyeditor.core.errors import PolicyFileError, ReadOnlyFileError
from policyeditor.core.writable import marked_writable
from policyeditor.store import defences, registry, schema
from policyeditor.store.failures import damaged, not_ours
from policyeditor.store.lock import WriteLock

BUSY_TIMEOUT_MS = 3000  # how long a read waits for another process's commit to finish
SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(path: Path | None, *, readonly: bool, create: bool = False,
            immutable: bool = False) -> sqlite3.Connection:
    """A new SQLite connection to the file at `path`; every connection of the package is made here.

    `readonly` opens it read-only (mode=ro), else for reading and writing
    (mode=rw); `create` also makes the file when it is missing (a new file being
    built); `immutable` reads it taking no locks and writing no journal or side
    file (a damaged file being recovered). `path` None is a private in-memory
    database. The connection is in autocommit mode (the store begins every
    transaction itself, see transaction.py), may be used from a worker thread,
    and waits up to BUSY_TIMEOUT_MS for another process's commit.
    """
    if path is None:
        target = ":memory:"
    else:
        mode = "ro" if readonly else ("rwc" if create else "rw")
        target = _file_uri(path, mode=mode, **({"immutable": "1"} if immutable else {}))
    conn = sqlite3.connect(target, uri=path is not None, isolation_level=None, check_same_thread=False,
                           factory=defences.GuardedConnection)
    try:
        defences.harden(conn)  # before anything reads the file's tables (issue 14, store/defences.py)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except BaseException:
        conn.close()
        raise
    return conn


def open_file(path: Path, *, readonly: bool) -> tuple[sqlite3.Connection, registry.Claim]:
    """Open the existing .policy file at `path`: its connection, and the write lock unless `readonly`.

    A damaged or foreign file, or one made by a newer policyeditor, raises
    PolicyFileError and is left untouched. Without `readonly`, a read-only
    file or folder raises PolicyFileError and a file another program has open
    for writing raises FileInUseError. An older file is migrated (in one
    transaction) when opened for writing, and in memory when read-only.
    """
    _check_path(path)
    if not readonly and not (marked_writable(path) and marked_writable(path.parent)):
        raise ReadOnlyFileError(f"{path.name} is read-only; open it read-only or save a copy elsewhere")
    # One hold on a file per process, taking the write lock (store/registry.py): a second open
    # of the same file reuses the first one's descriptor, so no lock of SQLite's is lost.
    lock = registry.claim(path, writer=not readonly)
    conn: sqlite3.Connection | None = None
    try:
        version = probe(path, lock.header)
        if readonly and lock.first:  # our own writer's journal is never hot
            _roll_back_interrupted_save(path)
        conn = connect(path, readonly=readonly, immutable=readonly and _wal_without_log(path, lock.header))
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise damaged(path)
        defences.check_file(conn, expected_schema(version), path.name)  # schema ours, values our types
        if not readonly:
            conn.execute("PRAGMA journal_mode = DELETE")  # no write when it already is
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        if version < schema.schema_version():
            if readonly:
                conn = _migrated_copy(conn, version, path)
            else:
                _migrate_in_place(conn, version, path)
    except BaseException as exc:
        over_budget = defences.tripped(conn)
        if conn is not None:
            conn.close()
        lock.release()
        if over_budget:
            raise defences.over_budget(path.name) from exc
        if isinstance(exc, sqlite3.OperationalError) and readonly and _journal(path).exists():
            raise PolicyFileError(
                f"{path.name} was left mid-save by a program that stopped; open it once with "
                "write access to restore its last save") from exc
        if isinstance(exc, sqlite3.OperationalError) and readonly and _side(path, "-wal").exists() \
                and not marked_writable(path.parent):
            raise PolicyFileError(
                f"{path.name} is in WAL mode with changes still in {path.name}-wal, and its folder is "
                "read-only; copy both files to a folder you can write to and open the copy") from exc
        if isinstance(exc, sqlite3.DatabaseError):
            raise damaged(path) from exc
        raise
    return conn, lock


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _wal_without_log(path: Path, read_header: Callable[[], bytes]) -> bool:
    """Whether the file is in WAL mode (another tool set it) with no -wal beside it.

    Then all of it is in the file itself, and a read-only open reads it as
    immutable: SQLite would otherwise create -wal and -shm beside it even to
    read, leave them behind, and fail on a read-only folder where it cannot
    (issue 14). A file with a -wal is read the ordinary way, so its last commits
    are seen. (Our own writers turn WAL off when they open a file.)
    """
    try:
        header = read_header()
    except OSError:
        return False
    return header[18:20] == b"\x02\x02" and not _side(path, "-wal").exists()


def _check_path(path: Path) -> None:
    """PolicyFileError unless `path` is a file we may read."""
    if not path.exists():
        raise PolicyFileError(f"{path.name} does not exist")
    if path.is_dir():
        raise PolicyFileError(f"{path.name} is a folder, not a policy file")
    if not os.access(path, os.R_OK):
        raise PolicyFileError(f"{path.name} cannot be read: permission denied")


def probe(path: Path, read_header: Callable[[], bytes] | None = None) -> int:
    """The schema version of the file at `path`, after checking it is a policy file we can read.

    Reads only the 100-byte database header, as plain bytes: it takes no locks,
    creates no files and so leaves a damaged or foreign file exactly as it was.
    Not through SQLite: a lock-free SQLite read of a file another process is
    committing to can see half-written pages and call a healthy file damaged.
    """
    _check_path(path)
    try:
        if read_header is not None:  # through the process's one descriptor of it (registry.py)
            header = read_header()
        else:
            with open(path, "rb") as file:
                header = file.read(100)
    except OSError as exc:
        raise PolicyFileError(f"{path.name} cannot be read: {exc.strerror or exc}") from exc
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC) or not _sane_header(header):
        raise not_ours(path)  # empty, short, not a database, or a header scribbled over
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
        raise not_ours(path)
    return int(version)


def _sane_header(header: bytes) -> bool:
    """The fixed fields of an SQLite header hold what every SQLite file holds: a page size, 64/32/32."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    return 512 <= page_size <= 65536 and page_size & (page_size - 1) == 0 and header[21:24] == b"\x40\x20\x20"


def _file_uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{path.resolve().as_uri()}?{query}"


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
    if not _journal(path).exists() or not (marked_writable(path) and marked_writable(path.parent)):
        return
    lock = WriteLock(path)
    try:
        lock.acquire()
    except PolicyFileError:  # a live writer holds the file: its journal is not hot
        return
    try:
        conn = connect(path, readonly=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls back
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # the read-only open that follows tells what is wrong
    finally:
        lock.release()


def _migrate_in_place(conn: sqlite3.Connection, version: int, path: Path) -> None:
    """Bring a file opened for writing to the current schema, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        schema.migrate(conn, version)
    except sqlite3.DatabaseError as exc:
        conn.execute("ROLLBACK")
        raise PolicyFileError(f"{path.name} could not be upgraded to the current file format: {exc}") from exc
    conn.execute("COMMIT")


def _migrated_copy(conn: sqlite3.Connection, version: int, path: Path) -> sqlite3.Connection:
    """An in-memory copy of a read-only older file, migrated, so it reads like a current one."""
    memory = connect(None, readonly=False)
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


@lru_cache(maxsize=8)
def _expected_schema(migrations: tuple[tuple[str, ...], ...]) -> defences.Schema:
    memory = connect(None, readonly=False)
    try:
        memory.execute("BEGIN")
        for statements in migrations:
            for statement in statements:
                memory.execute(statement)
        return frozenset(memory.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    finally:
        memory.close()


def expected_schema(version: int) -> defences.Schema:
    """The sqlite_master rows a file of schema `version` written by us has: (type, name, table, sql)."""
    return _expected_schema(tuple(tuple(step) for step in schema.MIGRATIONS[:version]))
