"""SQLite's defences for a .policy file someone else may have crafted (issue 14).

A .policy file is a database, and a database can carry code: triggers that run
on our writes, views in place of tables, schema entries whose functions run on
read. `harden(conn)` is applied to every connection before its first read of
the file's tables, and `check_file(conn, version, name)` before the file is used:

- `PRAGMA trusted_schema = OFF`: no function with side effects from the schema;
- defensive mode (SQLITE_DBCONFIG_DEFENSIVE): no writable schema, no shadow-table
  tricks. Python 3.12 has `Connection.setconfig`; on 3.11 it is set through
  ctypes on the same SQLite library the `sqlite3` module uses (CPython 3.11's
  connection object keeps its `sqlite3 *` right after the object header), and
  skipped with a note (`DEFENSIVE_NOTE`) where that library is not reachable;
- a progress handler that stops any one query costing more than a policy file
  ever needs (HostileFileError);
- the schema compared exactly with ours (every CREATE statement of
  `schema.MIGRATIONS` up to the file's version): a trigger, view, index or
  table of the file's own refuses the file;
- every value checked for the type and range we write, every content row and
  shape re-hashed: a stored hash is never trusted.
"""

from __future__ import annotations

import ctypes
import sqlite3
import sys
import time
from functools import lru_cache

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Section

PROGRESS_EVERY = 10_000  # SQLite VM instructions between calls of the progress handler
QUERY_BUDGET_S = 20.0  # longest one query may run; a policy file's largest query takes well under 1 s
SQLITE_DBCONFIG_DEFENSIVE = 1010  # sqlite3.h
DEFENSIVE_NOTE = ""  # why defensive mode could not be set, when it could not


class HostileFileError(PolicyFileError):
    """A file whose contents policyeditor never writes: damaged, or made to attack its reader."""


def hostile(name: str, why: str, outcome: str = "") -> HostileFileError:
    outcome = outcome or (f"it was not opened (`policyeditor recover {name} -o NEW.policy` saves "
                          "what can still be read into a new file)")
    return HostileFileError(f"{name} is damaged or hostile: {why}; {outcome}")


# -- per connection -------------------------------------------------------------

class _Budget:
    """The progress handler: aborts a query that runs longer than QUERY_BUDGET_S.

    Time is measured from the first call after `reset()` (each statement we run
    resets it through `GuardedConnection.execute`), so a slow machine only
    makes the bound later, never refuses a healthy file.
    """

    def __init__(self) -> None:
        self.started: float | None = None
        self.tripped = False

    def reset(self) -> None:
        self.started = None

    def __call__(self) -> int:
        now = time.monotonic()
        if self.started is None:
            self.started = now
            return 0
        if now - self.started > QUERY_BUDGET_S:
            self.tripped = True
            return 1  # SQLite stops the statement: OperationalError('interrupted')
        return 0


class GuardedConnection(sqlite3.Connection):
    """A connection whose every statement starts a fresh query budget."""

    budget: _Budget | None = None
    missing_triggers: tuple[str, ...] = ()
    writing = False  # inside transaction.writing()

    def execute(self, *args, **kwargs):  # type: ignore[override]
        if self.budget is not None:
            self.budget.reset()
        return super().execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):  # type: ignore[override]
        if self.budget is not None:
            self.budget.reset()
        return super().executemany(*args, **kwargs)


def harden(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Apply the per-connection defences to `conn` (a GuardedConnection gets the query budget)."""
    budget = _Budget()
    if isinstance(conn, GuardedConnection):
        conn.budget = budget
    conn.set_progress_handler(budget, PROGRESS_EVERY)
    conn.execute("PRAGMA trusted_schema = OFF")
    set_defensive(conn)
    return conn


def tripped(conn: sqlite3.Connection | None) -> bool:
    """Whether the query budget stopped a query on `conn`."""
    budget = getattr(conn, "budget", None)
    return bool(budget and budget.tripped)


def over_budget(name: str) -> HostileFileError:
    return HostileFileError(f"{name} is damaged or hostile: one query took longer than any policy file "
                            "needs and was stopped")


def set_defensive(conn: sqlite3.Connection) -> bool:
    """Turn on SQLite's defensive mode; False (and DEFENSIVE_NOTE says why) when it cannot be set."""
    global DEFENSIVE_NOTE
    setconfig = getattr(conn, "setconfig", None)
    if setconfig is not None:  # Python 3.12+
        setconfig(getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", SQLITE_DBCONFIG_DEFENSIVE), True)
        return True
    db_config = _db_config()
    if db_config is None:
        DEFENSIVE_NOTE = "defensive mode is not available: the SQLite library is not reachable from Python"
        return False
    handle = ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
    out = ctypes.c_int(-1)
    failed = not handle or db_config(handle, SQLITE_DBCONFIG_DEFENSIVE, 1, ctypes.byref(out)) != 0
    if failed or out.value != 1:
        DEFENSIVE_NOTE = "defensive mode could not be set on this SQLite library"
        return False
    return True


@lru_cache(maxsize=1)
def _db_config():
    """`sqlite3_db_config` of the library the sqlite3 module is linked with, on CPython 3.11; else None."""
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return None
    try:
        import _sqlite3

        library = ctypes.CDLL(_sqlite3.__file__)  # its symbols and those of the libsqlite3 it links
        function = library.sqlite3_db_config
    except (OSError, AttributeError, ImportError):
        return None
    function.restype = ctypes.c_int
    function.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    return function


# -- per file: the schema exactly ours ----------------------------------------------

Schema = frozenset[tuple[str, str, str, str | None]]  # sqlite_master rows: (type, name, table, sql)


def check_schema(conn: sqlite3.Connection, expected: Schema, name: str) -> None:
    """HostileFileError unless the file's schema is exactly `expected` (ours for its version)."""
    found = set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    extra = found - expected
    if extra:
        kind, item, _, _ = sorted(extra, key=lambda row: (row[0] != "trigger", row[0] != "view", row[1]))[0]
        if (kind, item) in {(row[0], row[1]) for row in expected}:
            raise hostile(name, f"its {kind} {item!r} is not the one policyeditor writes")
        raise hostile(name, f"it holds a {kind} {item!r} that policyeditor never writes")
    missing = expected - found
    # Our triggers only guard our own writes against our own bugs: a file without one is
    # harmless to read, and `info --verify` names it (a tool removed it to edit the record).
    gone = sorted(item for kind, item, _, _ in missing if kind == "trigger")
    if isinstance(conn, GuardedConnection):
        conn.missing_triggers = tuple(gone)
    missing = {row for row in missing if row[0] != "trigger"}
    if missing:
        kind, item, _, _ = sorted(missing)[0]
        raise hostile(name, f"its {kind} {item!r} is missing")


def missing_triggers(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The protective triggers of ours the file no longer has (found when it was opened)."""
    return getattr(conn, "missing_triggers", ())


# -- per file: values of the types we write, hashes recomputed -------------------------

# For each table, conditions a row of ours always meets (typeof() is SQLite's storage class).
_TEXT = "typeof({c}) = 'text'"
_INT = "typeof({c}) = 'integer'"
_OPT_TEXT = "typeof({c}) IN ('text', 'null')"
_OPT_INT = "typeof({c}) IN ('integer', 'null')"
_JSON = "typeof({c}) = 'text' AND json_valid({c})"
_STATUSES = "('draft', 'in_review', 'approved', 'published', 'superseded')"
SEQ_MAX = 1 << 53  # far beyond any real log, and safe from overflow when one is added

VALUE_RULES: dict[str, dict[str, str]] = {
    "meta": {"key": _TEXT, "value": _TEXT},
    "contents": {"id": _INT, "hash": _TEXT, "heading": _TEXT, "body": _TEXT,
                 "pinned": "{c} IN (0, 1)"},
    "shapes": {"id": _INT, "hash": _TEXT, "tree": _JSON + " AND json_type({c}) = 'array'"},
    "versions": {"id": _INT, "label": _TEXT, "author": _TEXT, "created": _TEXT, "note": _TEXT,
                 "status": f"{{c}} IN {_STATUSES}", "parent": _OPT_TEXT, "content_hash": _TEXT,
                 "title": _TEXT, "metadata": _JSON + " AND json_type({c}) = 'object'", "shape": _INT,
                 "section_rows": _JSON + " AND json_type({c}) = 'array'"},
    "draft": {"id": "{c} = 1", "title": _TEXT, "metadata": _JSON + " AND json_type({c}) = 'object'",
              "shape": _INT, "section_rows": _JSON + " AND json_type({c}) = 'array'",
              "updated": _OPT_TEXT, "revision": _INT},
    "comments": {"id": _TEXT, "version": _OPT_TEXT, "section_id": _TEXT, "quote": _TEXT, "prefix": _TEXT,
                 "suffix": _TEXT, "start_offset": _OPT_INT, "end_offset": _OPT_INT, "author": _TEXT,
                 "initials": _TEXT, "created": _TEXT, "body": _TEXT,
                 "state": "{c} IN ('open', 'resolved')",
                 "parent_id": _OPT_TEXT + " AND ({c} IS NULL OR {c} <> id)", "edited": _OPT_TEXT,
                 "deleted": "{c} IN (0, 1)"},
    "approvals": {"id": _TEXT, "version": _TEXT, "reviewer": _TEXT, "created": _TEXT,
                  "content_hash": _TEXT},
    "audit_log": {"seq": _INT + f" AND {{c}} BETWEEN 1 AND {SEQ_MAX}", "time": _TEXT, "actor": _TEXT,
                  "action": _TEXT, "subject": _TEXT,
                  "payload": _JSON + " AND json_type({c}) = 'object'", "prev_hash": _TEXT, "hash": _TEXT},
    "pictures": {"hash": _TEXT + " AND length({c}) = 64", "data": "typeof({c}) = 'blob'"},
    "signatures": {"id": _INT, "kind": "{c} IN ('version', 'status', 'approval', 'roster')",
                   "subject": _TEXT, "record": _JSON + " AND json_type({c}) = 'object'", "signer": _TEXT,
                   "signer_name": _TEXT, "signature": _TEXT},
    "draft_moves": {"section_id": _TEXT},
    "decisions": {"id": _INT, "base": _TEXT, "verdict": "{c} IN ('accepted', 'rejected')", "kind": _TEXT,
                  "part": _TEXT, "old_id": _OPT_TEXT, "new_id": _OPT_TEXT, "old_text": _TEXT,
                  "new_text": _TEXT, "twin": _INT, "author": _TEXT, "decided": _TEXT},
}
# section_rows and trees hold integers and strings only (ids), never deeper surprises
_ROW_LISTS = ("SELECT 1 FROM {t}, json_each({t}.section_rows) AS j WHERE j.type <> 'integer' LIMIT 1")


def check_values(conn: sqlite3.Connection, name: str) -> None:
    """HostileFileError naming the first column holding a value of a type or range we never write."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, columns in VALUE_RULES.items():
        if table not in tables:
            continue
        for column, rule in columns.items():
            condition = rule.format(c=column)
            if conn.execute(f"SELECT 1 FROM {table} WHERE NOT ({condition}) OR ({condition}) IS NULL "
                            "LIMIT 1").fetchone():
                raise hostile(name, f"{table}.{column} holds a value policyeditor never writes")
    for table in ("versions", "draft"):
        if table in tables and conn.execute(_ROW_LISTS.format(t=table)).fetchone():
            raise hostile(name, f"{table}.section_rows holds a value policyeditor never writes")
    _check_text(conn, name, tables)


def _check_text(conn: sqlite3.Connection, name: str, tables: set[str]) -> None:
    """Every stored text decodes as UTF-8: the texts and outlines, and every record's names, dates and
    notes (an approval's reviewer, a signer's name), which Python's sqlite3 would fail on mid-read later,
    with a traceback in `info --verify` or the window.

    Stored hashes are not checked here but wherever they are used: a version's
    text is re-hashed by `verify`, and a save never reuses a row whose text is
    not the text its hash names (`mismatched_rows`).
    """
    try:
        for table, columns in VALUE_RULES.items():
            texts = [column for column, rule in columns.items() if "blob" not in rule]
            if table in tables and texts:
                for _ in conn.execute(f"SELECT {', '.join(texts)} FROM {table}"):
                    pass
    except sqlite3.OperationalError as exc:
        if "decode" in str(exc) or "UTF-8" in str(exc):
            raise hostile(name, "it holds text that is not valid UTF-8") from exc
        raise


def mismatched_row(rows: list[tuple[int, str, str, str]]) -> int | None:
    """The first (id, hash, heading, body) row whose text does not hash to its stored hash, or None."""
    for row_id, stored, heading, body in rows:
        if Section(heading=heading, body=body).content_hash() != stored:
            return row_id
    return None


def check_file(conn: sqlite3.Connection, expected: Schema, name: str) -> None:
    """The whole-file checks: schema exactly `expected`, values of our types, hashes recomputed."""
    check_schema(conn, expected, name)
    conn.execute("BEGIN")  # one snapshot: another process's commit cannot fall between the checks
    try:
        check_values(conn, name)
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
