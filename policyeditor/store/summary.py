"""What `policyeditor info` shows of a .policy file, read without loading any section text."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from policyeditor.store import versions


def info(conn: sqlite3.Connection) -> dict[str, Any]:
    """Title, section count, versions, open comments and when the draft was saved."""
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
            for v in versions.listed(conn)
        ],
        "open_comments": open_comments,
        "draft_updated": updated,
    }
