"""What the draft's Track Changes remember: the sections moved and the decisions per base.

Written with the draft (inside its save's transaction) and read back with it, so
moves stay credited to the section that moved, and accepted changes stay
accepted, after the file is closed and opened again. Decisions against the
draft as opened (base None) live only as long as that opening and are not kept.
"""

from __future__ import annotations

import sqlite3

from policyeditor.core.decisions import Decision

Decisions = dict[str | None, tuple[Decision, ...]]


def load(conn: sqlite3.Connection) -> tuple[set[str], Decisions]:
    """(moved section ids, decisions by base label) as last saved."""
    moved = {row[0] for row in conn.execute("SELECT section_id FROM draft_moves")}
    decisions: dict[str | None, list[Decision]] = {}
    for base, verdict, *key, author, decided in conn.execute(
            "SELECT base, verdict, kind, part, old_id, new_id, old_text, new_text, twin, author, decided "
            "FROM decisions ORDER BY id"):
        decisions.setdefault(base, []).append(Decision(verdict, tuple(key), author, decided))  # type: ignore[arg-type]
    return moved, {base: tuple(found) for base, found in decisions.items()}


def save(conn: sqlite3.Connection, moved: set[str], decisions: Decisions) -> None:
    """Store `moved` and `decisions` in place of what was stored, inside the caller's transaction;
    writes nothing when they are unchanged."""
    kept = {base: found for base, found in decisions.items() if base is not None and found}
    if load(conn) == (set(moved), kept):
        return
    conn.execute("DELETE FROM draft_moves")
    conn.executemany("INSERT INTO draft_moves (section_id) VALUES (?)", [(sid,) for sid in sorted(moved)])
    conn.execute("DELETE FROM decisions")
    conn.executemany(
        "INSERT INTO decisions (base, verdict, kind, part, old_id, new_id, old_text, new_text, twin, "
        "author, decided) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(base, d.verdict, *d.key, d.author, d.decided) for base, found in kept.items() for d in found])
