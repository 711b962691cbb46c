"""The tables of a .policy file, its identity stamp and the migrations between schema versions.

A .policy file is one SQLite database. It says what it is in its header:
`PRAGMA application_id` is `APPLICATION_ID` ("POLY") and `PRAGMA user_version`
is the schema version it was written with. `MIGRATIONS[n]` turns a version-n
file into a version-n+1 file; a new file is an empty database taken through
every migration, so the first migration is the whole schema of version 1.

Migrations are lists of single SQL statements (not scripts: `executescript`
would commit the transaction they must run in).
"""

from __future__ import annotations

import hashlib
import sqlite3

APPLICATION_ID = 0x504F4C59  # "POLY"

# Version 1: the whole file. Notes on choices:
# - A policy's sections are stored in three parts, so that a version that
#   changes one section adds about one section's text to the file:
#   contents is content-addressed (hash = Section.content_hash()) and holds each
#   heading and body once; shapes is content-addressed too and holds the tree of
#   section ids as compact JSON (a leaf is "id", a parent ["id", [children]]),
#   shared by every version with the same outline; a version or the draft then
#   names its shape and lists its contents row ids in document order (JSON).
#   The tree with content row ids inline would cost ~24 bytes a section for every
#   version (12 KB for 500 sections, eight sections' worth); split, ~4 bytes.
# - contents.pinned becomes 1 once a version refers to the row; versions are
#   never deleted, so a pinned row is kept for ever, and unpinned rows the draft
#   no longer uses can be dropped on the next draft save.
# - versions change only in status; triggers refuse any other change, and
#   any change to the audit log, so a bug cannot rewrite history (tampering
#   with the file by hand is caught by policyeditor.review.verify).
_V1 = [
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE contents (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        heading TEXT NOT NULL,
        body TEXT NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE shapes (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        tree TEXT NOT NULL
    )""",
    """CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,
        author TEXT NOT NULL,
        created TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL
            CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'superseded')),
        parent TEXT REFERENCES versions(label),
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        metadata TEXT NOT NULL,
        shape INTEGER NOT NULL REFERENCES shapes(id),
        section_rows TEXT NOT NULL
    )""",
    """CREATE TABLE draft (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        title TEXT NOT NULL,
        metadata TEXT NOT NULL,
        shape INTEGER NOT NULL REFERENCES shapes(id),
        section_rows TEXT NOT NULL,
        updated TEXT,
        revision INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        version TEXT REFERENCES versions(label),
        section_id TEXT NOT NULL,
        quote TEXT NOT NULL DEFAULT '',
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start_offset INTEGER,
        end_offset INTEGER,
        author TEXT NOT NULL,
        initials TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
        parent_id TEXT REFERENCES comments(id),
        edited TEXT,
        deleted INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX comments_by_version ON comments(version, section_id)",
    """CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        version TEXT NOT NULL REFERENCES versions(label),
        reviewer TEXT NOT NULL,
        created TEXT NOT NULL,
        content_hash TEXT NOT NULL
    )""",
    """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    """CREATE TRIGGER versions_immutable
        BEFORE UPDATE OF id, label, author, created, note, parent, content_hash, title, metadata,
            shape, section_rows ON versions
        BEGIN SELECT RAISE(ABORT, 'a saved version cannot change'); END""",
    """CREATE TRIGGER versions_kept BEFORE DELETE ON versions
        BEGIN SELECT RAISE(ABORT, 'a saved version cannot be deleted'); END""",
    """CREATE TRIGGER contents_immutable BEFORE UPDATE OF id, hash, heading, body ON contents
        BEGIN SELECT RAISE(ABORT, 'stored contents cannot change'); END""",
    """CREATE TRIGGER shapes_immutable BEFORE UPDATE ON shapes
        BEGIN SELECT RAISE(ABORT, 'stored shapes cannot change'); END""",
    """CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_kept BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    f"INSERT INTO shapes (id, hash, tree) VALUES (1, '{hashlib.sha256(b'[]').hexdigest()}', '[]')",
    """INSERT INTO draft (id, title, metadata, shape, section_rows, updated, revision)
        VALUES (1, 'Untitled policy', '{}', 1, '[]', NULL, 0)""",
]

# Version 2 (issue 14, trust): signed records. Each row is one record signed with a person's
# Ed25519 key: `record` is the canonical JSON that was signed (it names what it vouches for:
# a version's label and content hash, a status move, an approval, a roster change), `signer`
# the raw public key (base64). Rows are never changed or removed, like the audit log.
_V2 = [
    """CREATE TABLE signatures (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('version', 'status', 'approval', 'roster')),
        subject TEXT NOT NULL,
        record TEXT NOT NULL,
        signer TEXT NOT NULL,
        signer_name TEXT NOT NULL,
        signature TEXT NOT NULL
    )""",
    """CREATE TRIGGER signatures_append_only BEFORE UPDATE ON signatures
        BEGIN SELECT RAISE(ABORT, 'signatures cannot change'); END""",
    """CREATE TRIGGER signatures_kept BEFORE DELETE ON signatures
        BEGIN SELECT RAISE(ABORT, 'signatures cannot be removed'); END""",
]

# Version 3: the policy's own properties (numbering style, date and status lines) as
# canonical JSON of Policy.properties(), for the draft and every version; '{}' is the
# defaults, which is what every older policy had. The versions trigger is made
# again so that the new column cannot change either.
_V3 = [
    "ALTER TABLE versions ADD COLUMN properties TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE draft ADD COLUMN properties TEXT NOT NULL DEFAULT '{}'",
    "DROP TRIGGER versions_immutable",
    """CREATE TRIGGER versions_immutable
        BEFORE UPDATE OF id, label, author, created, note, parent, content_hash, title, metadata,
            shape, section_rows, properties ON versions
        BEGIN SELECT RAISE(ABORT, 'a saved version cannot change'); END""",
]

# Version 4 (issue 12, Track Changes): what the draft's Track Changes remember across
# sessions. draft_moves: the sections the author moved (core.draft.Draft.moved), so a
# redline after reopening still credits each move to the section that moved. decisions:
# each accepted or rejected change (core.decisions), named by what it is, against the base
# version it was decided on. Both belong to the draft and are rewritten with it.
_V4 = [
    "CREATE TABLE draft_moves (section_id TEXT PRIMARY KEY)",
    """CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        base TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
        kind TEXT NOT NULL,
        part TEXT NOT NULL,
        old_id TEXT,
        new_id TEXT,
        old_text TEXT NOT NULL,
        new_text TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        decided TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX decisions_by_base ON decisions(base)",
]

# Version 5 (issue 13): pictures, each stored once by the SHA-256 of its bytes, which is how a
# section body names it (`<img src="HASH">`). Content-addressed and never changed; a picture no
# body names any longer stays (a version may name it again).
_V5 = [
    """CREATE TABLE pictures (
        hash TEXT PRIMARY KEY,
        data BLOB NOT NULL
    )""",
    """CREATE TRIGGER pictures_immutable BEFORE UPDATE ON pictures
        BEGIN SELECT RAISE(ABORT, 'stored pictures cannot change'); END""",
]

# Version 6: which of its twins a decided change is (core.decisions.change_keys: two commas
# deleted in one paragraph are two changes of one kind, section and text); an older file's
# decisions name the first.
_V6 = [
    "ALTER TABLE decisions ADD COLUMN twin INTEGER NOT NULL DEFAULT 0",
]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _V4, _V5, _V6]


def schema_version() -> int:
    """The schema version this program writes: the number of migrations."""
    return len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, from_version: int) -> int:
    """Bring a file from `from_version` to `schema_version()`; the caller holds the transaction.

    Stamps `application_id` and the new `user_version`, both of which live in the
    database header and so commit or roll back with the migration. Returns the
    number of migrations applied.
    """
    steps = MIGRATIONS[from_version:]
    for statements in steps:
        for statement in statements:
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {schema_version()}")
    return len(steps)
