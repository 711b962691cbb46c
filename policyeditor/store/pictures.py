"""A policy's pictures in its .policy file: stored once by content hash, loaded by the bodies' references."""

from __future__ import annotations

import hashlib
import sqlite3

from policyeditor.core.model import Policy


def keep(conn: sqlite3.Connection, policy: Policy) -> None:
    """Store every picture the policy's bodies name and the file lacks (a hash that does not
    match its bytes is never stored: the name must be the content)."""
    rows = []
    for digest in policy.picture_refs():
        data = policy.pictures.get(digest)
        if data is not None and hashlib.sha256(data).hexdigest() == digest:
            rows.append((digest, data))
    if rows:
        conn.executemany("INSERT OR IGNORE INTO pictures (hash, data) VALUES (?, ?)", rows)


def attach(conn: sqlite3.Connection, policy: Policy) -> None:
    """Give the policy the stored pictures its bodies name (a missing one stays missing:
    the body still names it, and exports show its place)."""
    refs = policy.picture_refs()
    if not refs:
        return
    marks = ",".join("?" * len(refs))
    try:
        rows = conn.execute(f"SELECT hash, data FROM pictures WHERE hash IN ({marks})", refs).fetchall()
    except sqlite3.OperationalError:  # a file older than pictures (opened read-only, not migrated)
        return
    for digest, data in rows:
        policy.pictures[digest] = bytes(data)
