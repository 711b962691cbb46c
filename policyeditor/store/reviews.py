"""Rows of the review tables (comments, approvals, review settings) in an open PolicyFile.

The store knows columns; `policyeditor.review` knows what they mean. Each write
is one transaction with its audit entry, so a row never changes without the
log saying so. An audited entry about a comment or approval carries `record`,
the hash of the row's recorded columns after the change: `review.verify`
compares it with the row to catch a row edited with another SQLite tool.

A comment's place (`prefix`, `suffix`, offsets) is not recorded: it follows
the draft's edits on every save, and is not what the reviewer wrote.
"""

from __future__ import annotations

import hashlib
from typing import Any

from policyeditor.core.errors import WorkflowError
from policyeditor.core.model import Status
from policyeditor.store import audit
from policyeditor.store.audit import canonical_json
from policyeditor.store.policyfile import PolicyFile

COMMENT_COLUMNS = ("id", "version", "section_id", "quote", "prefix", "suffix", "start_offset",
                   "end_offset", "author", "initials", "created", "body", "state", "parent_id",
                   "edited", "deleted")
PLACE_COLUMNS = ("prefix", "suffix", "start_offset", "end_offset")
COMMENT_RECORDED = tuple(c for c in COMMENT_COLUMNS if c not in PLACE_COLUMNS)
APPROVAL_COLUMNS = ("id", "version", "reviewer", "created", "content_hash")

Row = dict[str, Any]


def record_hash(row: Row, columns: tuple[str, ...]) -> str:
    """sha256 of the canonical JSON of `row`'s `columns`: what the audit log vouches for."""
    recorded = {column: row[column] for column in columns}
    return hashlib.sha256(canonical_json(recorded).encode("utf-8")).hexdigest()


def _rows(pf: PolicyFile, table: str, columns: tuple[str, ...], where: str = "",
          args: tuple[Any, ...] = ()) -> list[Row]:
    cursor = pf.conn.execute(f"SELECT {', '.join(columns)} FROM {table} {where} ORDER BY rowid", args)
    return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]


# -- comments -------------------------------------------------------------------

def comment_rows(pf: PolicyFile) -> list[Row]:
    """Every comment and reply, deleted ones included, in the order they were stored."""
    return _rows(pf, "comments", COMMENT_COLUMNS)


def comment_row(pf: PolicyFile, comment_id: str) -> Row | None:
    """The comment with id `comment_id`, or None."""
    rows = _rows(pf, "comments", COMMENT_COLUMNS, "WHERE id = ?", (comment_id,))
    return rows[0] if rows else None


def write_comment(pf: PolicyFile, row: Row, *, actor: str, action: str,
                  payload: dict[str, Any] | None = None) -> None:
    """Insert or replace the comment `row` and append its audit entry, in one transaction.

    `action` names the event (`comment.added`, `comment.resolved`, ...); the
    entry's subject is the comment id and its payload `payload` plus `record`.
    """
    values = [row[column] for column in COMMENT_COLUMNS]
    with pf.transaction() as conn:
        # An upsert, not INSERT OR REPLACE: the row keeps its rowid, so the order written.
        conn.execute(f"INSERT INTO comments ({', '.join(COMMENT_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(COMMENT_COLUMNS))}) ON CONFLICT(id) DO UPDATE SET "
                     + ", ".join(f"{c} = excluded.{c}" for c in COMMENT_COLUMNS[1:]), values)
        audit.append(conn, actor, action, row["id"],
                     {**(payload or {}), "record": record_hash(row, COMMENT_RECORDED)})


def move_comments(pf: PolicyFile, rows: list[Row]) -> None:
    """Store new places (prefix, suffix, offsets) of comments, in one transaction, unaudited."""
    if not rows:
        return
    with pf.transaction() as conn:
        conn.executemany(
            "UPDATE comments SET prefix = ?, suffix = ?, start_offset = ?, end_offset = ? WHERE id = ?",
            [tuple(row[c] for c in PLACE_COLUMNS) + (row["id"],) for row in rows])


# -- approvals and statuses ----------------------------------------------------------

def approval_rows(pf: PolicyFile, version: str | None = None) -> list[Row]:
    """Every approval, or those of `version`, oldest first."""
    if version is None:
        return _rows(pf, "approvals", APPROVAL_COLUMNS)
    return _rows(pf, "approvals", APPROVAL_COLUMNS, "WHERE version = ?", (version,))


def record_approval(pf: PolicyFile, row: Row, *, status_from: Status | None,
                    payload: dict[str, Any] | None = None) -> None:
    """Store an approval and, when `status_from` is given, make its version Approved; one transaction.

    Appends `version.approved` (subject: the version label; payload with the
    approval id, reviewer, content hash and `record`) and, for the status, the
    same `version.status` entry `PolicyFile.set_status` writes.
    """
    with pf.transaction() as conn:
        conn.execute(f"INSERT INTO approvals ({', '.join(APPROVAL_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
                     [row[c] for c in APPROVAL_COLUMNS])
        audit.append(conn, row["reviewer"], "version.approved", row["version"],
                     {**(payload or {}), "approval": row["id"], "content_hash": row["content_hash"],
                      "record": record_hash(row, APPROVAL_COLUMNS)})
        if status_from is not None and status_from != Status.APPROVED:
            _set_status(pf, row["version"], status_from, Status.APPROVED, row["reviewer"], payload)


def change_statuses(pf: PolicyFile, changes: list[tuple[str, Status, Status]], *, actor: str,
                    payload: dict[str, Any] | None = None) -> None:
    """Apply `(label, from, to)` status changes together, each with its audit entry; one transaction.

    Publishing one version and superseding the one before must not be seen
    half done. A version whose status is no longer `from` raises WorkflowError
    and nothing changes. Which changes are allowed is the workflow's rule.
    """
    with pf.transaction():
        for label, old, new in changes:
            _set_status(pf, label, old, new, actor, payload)


def _set_status(pf: PolicyFile, label: str, old: Status, new: Status, actor: str,
                payload: dict[str, Any] | None = None) -> None:
    updated = pf.conn.execute("UPDATE versions SET status = ? WHERE label = ? AND status = ?",
                              (new.value, label, old.value)).rowcount
    if updated != 1:
        raise WorkflowError(f"version '{label}' is no longer {old.title.lower()}; reload and try again")
    audit.append(pf.conn, actor, "version.status", label,
                 {**(payload or {}), "from": old.value, "to": new.value})


# -- policy identity and settings ----------------------------------------------------

def meta_value(pf: PolicyFile, key: str) -> str | None:
    """The file's meta value for `key`, or None."""
    row = pf.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta_value(pf: PolicyFile, key: str, value: str, *, actor: str) -> None:
    """Set a meta value and audit it as `policy.setting`, in one transaction."""
    with pf.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        audit.append(conn, actor, "policy.setting", key, {"value": value})


def policy_id(pf: PolicyFile) -> str:
    """What identifies the policy in every copy of its file (`PolicyFile.policy_id`)."""
    return pf.policy_id()
