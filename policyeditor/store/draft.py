"""The draft: the one policy being edited, saved over itself (autosave) and loaded back.

A save is one transaction that writes only the sections that changed and
nothing at all when the draft is unchanged; its revision counts the saves
that changed it.
"""

from __future__ import annotations

import sqlite3

from policyeditor.core.model import Policy
from policyeditor.store import clock, pictures, sections
from policyeditor.store.audit import canonical_json

_COLUMNS = "title, metadata, shape, section_rows, properties"


def load(conn: sqlite3.Connection) -> Policy:
    """The draft as last saved; run inside one read transaction (its rows and texts together)."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM draft WHERE id = 1").fetchone()
    return sections.stored_policy(conn, *row)


EDITOR_KEY = "draft_editor"  # meta: who made the draft's last saved change, when the saver said


def save(conn: sqlite3.Connection, policy: Policy, editor: str = "") -> None:
    """Store `policy` as the draft, inside the caller's write transaction; nothing when unchanged.

    Texts and shapes that no version uses and the new draft no longer uses are
    dropped (sections.release). A change records its `editor` (the window's user), or that
    the saver named none (a command's edits are credited by its own audit entry).
    """
    metadata = canonical_json(policy.metadata)
    properties = canonical_json(policy.properties())
    old = conn.execute(f"SELECT {_COLUMNS} FROM draft WHERE id = 1").fetchone()
    shape, section_rows = sections.store(conn, policy.sections, pin=False)
    pictures.keep(conn, policy)
    if (policy.title, metadata, shape, section_rows, properties) == old:
        return  # the INSERT OR IGNOREs added nothing either: all was stored already
    conn.execute(
        "UPDATE draft SET title = ?, metadata = ?, shape = ?, section_rows = ?, properties = ?, "
        "updated = ?, revision = revision + 1 WHERE id = 1",
        (policy.title, metadata, shape, section_rows, properties, clock.now()))
    sections.release(conn, old[3], section_rows, old[2], shape)
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     [("title", policy.title), ("metadata", metadata)])
    if editor:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (EDITOR_KEY, editor))
    else:
        conn.execute("DELETE FROM meta WHERE key = ?", (EDITOR_KEY,))


def saved_at(conn: sqlite3.Connection) -> str | None:
    """When the draft was last saved (ISO 8601 UTC), or None if it never was."""
    return conn.execute("SELECT updated FROM draft WHERE id = 1").fetchone()[0]


def revision(conn: sqlite3.Connection) -> int:
    """How many times the draft has been saved; grows by one per save that changed it."""
    return int(conn.execute("SELECT revision FROM draft WHERE id = 1").fetchone()[0])
