"""Versions: immutable snapshots of the policy, saved under a label, listed and read back.

Only a version's status ever changes, and an approved or later version never
becomes unlocked again. Saving a version and changing its status are recorded
in the audit log in the same transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policyeditor.core.errors import LockedVersionError, PolicyFileError, VersionNotFoundError
from policyeditor.core.model import Policy, Status, Version
from policyeditor.store import audit, clock, pictures, sections

_INFO_COLUMNS = "label, author, created, note, status, parent, content_hash"


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


def _info(row: tuple[Any, ...]) -> VersionInfo:
    label, author, created, note, status, parent, content_hash = row
    return VersionInfo(label, author, created, note, Status(status), parent, content_hash)


def not_found(label: str, path: Path) -> VersionNotFoundError:
    return VersionNotFoundError(f"no version labelled '{label}' in {path.name}")


# `FILE.policy@approved` names the newest approved or published version (refs.load_ref), so no
# version may be labelled so: it could never be named
LATEST_APPROVED = "approved"


def label_refusal(label: str) -> str | None:
    """Why `label` cannot be a version's label, in one sentence; None when it can.

    The one rule for labels (the command line and the window's Save Version): a
    label must be named back as `FILE.policy@LABEL`, so it is not empty, not the
    reserved `approved` (in any case), holds no "@" (the REF's last "@" starts its
    label) and is one line.
    """
    label = label.strip()
    if not label:
        return "a version needs a label"
    if label.casefold() == LATEST_APPROVED:
        return (f"'{label}' is a reserved name (FILE.policy@{LATEST_APPROVED} means the newest approved "
                "version); choose another label")
    if "@" in label:
        return (f"'{label}' holds an '@', which cannot be named back as FILE.policy@LABEL; choose a "
                "label without one")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in label):
        return "a version's label is one line of text, without control characters"
    return None


def checked_label(label: str) -> str:
    """`label` without surrounding spaces; PolicyFileError when it cannot be a label (`label_refusal`)."""
    refusal = label_refusal(label)
    if refusal:
        raise PolicyFileError(refusal)
    return label.strip()


def save(conn: sqlite3.Connection, path: Path, policy: Policy, label: str, *, author: str, note: str,
         parent: str | None, status: Status) -> Version:
    """Store a snapshot of `policy` under `label` with its audit entry, in the caller's write transaction.

    `label` must be new in the file at `path` (PolicyFileError otherwise) and
    `parent`, when given, the label of a stored version (VersionNotFoundError).
    """
    label = checked_label(label)
    status = Status(status)
    content_hash = policy.content_hash()
    created = clock.now()
    if conn.execute("SELECT 1 FROM versions WHERE label = ?", (label,)).fetchone():
        raise PolicyFileError(f"{path.name} already has a version labelled '{label}'")
    if parent is not None and not conn.execute(
            "SELECT 1 FROM versions WHERE label = ?", (parent,)).fetchone():
        raise not_found(parent, path)
    shape, section_rows = sections.store(conn, policy.sections, pin=True)
    pictures.keep(conn, policy)
    conn.execute(
        "INSERT INTO versions (label, author, created, note, status, parent, content_hash, "
        "title, metadata, shape, section_rows, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (label, author, created, note, status.value, parent, content_hash, policy.title,
         audit.canonical_json(policy.metadata), shape, section_rows,
         audit.canonical_json(policy.properties())))
    audit.append(conn, author, "version.saved", label,
                 {"content_hash": content_hash, "status": status.value, "parent": parent, "note": note})
    return Version(label=label, author=author, created=created, note=note, status=status,
                   parent=parent, policy=policy.copy(), content_hash=content_hash)


def altered(label: str, path: Path) -> PolicyFileError:
    return PolicyFileError(f"version '{label}' of {path.name} no longer holds the text its content hash "
                           "names: it was changed outside policyeditor (`policyeditor info "
                           f"{path.name} --verify` tells more)")


def listed(conn: sqlite3.Connection) -> list[VersionInfo]:
    """Every version, oldest first; reads no section text, so it is fast."""
    rows = conn.execute(f"SELECT {_INFO_COLUMNS} FROM versions ORDER BY id").fetchall()
    return [_info(row) for row in rows]


def read(conn: sqlite3.Connection, path: Path, label: str, *, checked: bool = True) -> Version:
    """The version labelled `label`, with its policy; run inside one read transaction.

    The stored content hash is never trusted (issue 14): the text read is hashed
    again, and a text that is not the one the hash names raises PolicyFileError,
    so an export, an approval or a comparison never works on altered text.
    `checked=False` is for `info --verify`, which names the change itself.
    """
    row = conn.execute(f"SELECT {_INFO_COLUMNS}, title, metadata, shape, section_rows, properties "
                       "FROM versions WHERE label = ?", (label,)).fetchone()
    if row is None:
        raise not_found(label, path)
    info = _info(row[:7])
    policy = sections.stored_policy(conn, *row[7:])
    if checked and policy.content_hash() != info.content_hash:
        raise altered(label, path)
    return Version(label=info.label, author=info.author, created=info.created, note=info.note,
                   status=info.status, parent=info.parent, policy=policy, content_hash=info.content_hash)


def latest(conn: sqlite3.Connection, statuses: tuple[Status, ...] = ()) -> VersionInfo | None:
    """The newest version with one of `statuses` (any status when empty), or None."""
    where = f"WHERE status IN ({', '.join('?' * len(statuses))})" if statuses else ""
    row = conn.execute(f"SELECT {_INFO_COLUMNS} FROM versions {where} ORDER BY id DESC LIMIT 1",
                       tuple(Status(s).value for s in statuses)).fetchone()
    return _info(row) if row else None


def set_status(conn: sqlite3.Connection, path: Path, label: str, status: Status, *, actor: str) -> None:
    """Record a version's new status and its audit entry, in the caller's write transaction.

    No-op when it already has it. Which transitions are allowed is the
    workflow's rule; this enforces the one that protects the record: an
    approved or later version never becomes unlocked again (LockedVersionError).
    """
    status = Status(status)
    row = conn.execute("SELECT status FROM versions WHERE label = ?", (label,)).fetchone()
    if row is None:
        raise not_found(label, path)
    old = Status(row[0])
    if old == status:
        return
    if old.locked and not status.locked:
        raise LockedVersionError(
            f"version '{label}' is {old.title.lower()} and cannot become {status.title.lower()}")
    conn.execute("UPDATE versions SET status = ? WHERE label = ?", (status.value, label))
    audit.append(conn, actor, "version.status", label, {"from": old.value, "to": status.value})
