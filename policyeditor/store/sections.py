"""Section texts and outlines, stored content-addressed, so a save writes only what changed.

Each heading and body is stored once in `contents` (keyed by the section's
content hash), the tree of section ids once in `shapes`; a version or the draft
names its shape and lists its contents row ids in document order (see
schema.py). Every function runs inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Policy, Section
from policyeditor.store.failures import Inconsistent


def compact(value: Any) -> str:
    """JSON without spaces: how shapes and row lists are stored."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def store(conn: sqlite3.Connection, sections: list[Section], *, pin: bool) -> tuple[int, str]:
    """Store each heading and body, and the tree of ids, once; their shape id and row list.

    The row list is the JSON array of contents row ids in document order. With
    `pin`, the rows are marked as used by a version, so they are kept for ever.
    """
    walked = [section for top in sections for section, _ in top.walk()]
    by_hash = {section.content_hash(): section for section in walked}
    conn.executemany(
        "INSERT OR IGNORE INTO contents (hash, heading, body) VALUES (?, ?, ?)",
        ((h, s.heading, s.body) for h, s in by_hash.items()))
    found = conn.execute(
        "SELECT id, hash, heading, body FROM contents WHERE hash IN (SELECT value FROM json_each(?))",
        (json.dumps(list(by_hash)),)).fetchall()
    # A stored hash is never trusted (issue 14): the row must hold the very text that hash is of
    # (comparing the texts is cheaper than re-hashing them, and proves the same).
    for row_id, digest, heading, body in found:
        if (heading, body) != (by_hash[digest].heading, by_hash[digest].body):
            raise Inconsistent(f"stored text {row_id} does not match its hash")  # told as damaged
    row_of = {digest: row_id for row_id, digest, _, _ in found}
    rows = [row_of[section.content_hash()] for section in walked]
    if pin:
        conn.execute("UPDATE contents SET pinned = 1 WHERE pinned = 0 AND id IN "
                     "(SELECT value FROM json_each(?))", (json.dumps(rows),))

    def node(section: Section) -> Any:
        return [section.id, [node(c) for c in section.children]] if section.children else section.id

    tree = compact([node(s) for s in sections])
    tree_hash = hashlib.sha256(tree.encode("utf-8")).hexdigest()
    conn.execute("INSERT OR IGNORE INTO shapes (hash, tree) VALUES (?, ?)", (tree_hash, tree))
    shape = conn.execute("SELECT id FROM shapes WHERE hash = ?", (tree_hash,)).fetchone()[0]
    return shape, compact(rows)


def held_hashes(conn: sqlite3.Connection) -> set[str]:
    """The content hash of every heading and body the file holds."""
    return {content_hash for (content_hash,) in conn.execute("SELECT hash FROM contents")}


def load(conn: sqlite3.Connection, shape: int, section_rows: str) -> list[Section]:
    """The section tree a shape and a row list name, with their headings and bodies.

    Raises Inconsistent (the file is damaged) when a text or the shape is gone,
    or the tree and the row list disagree.
    """
    found = conn.execute("SELECT tree FROM shapes WHERE id = ?", (shape,)).fetchone()
    rows = json.loads(section_rows)
    text = {row_id: (heading, body) for row_id, heading, body in conn.execute(
        "SELECT id, heading, body FROM contents WHERE id IN (SELECT value FROM json_each(?))",
        (section_rows,))}
    if found is None or not set(rows) <= text.keys():
        raise Inconsistent("a section's text or the outline is gone")
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
        raise Inconsistent("the outline and the section rows disagree") from exc


def release(conn: sqlite3.Connection, old_rows: str, new_rows: str, old_shape: int, new_shape: int) -> None:
    """Drop the texts and the shape the draft no longer uses, unless a version uses them.

    So autosaving keystrokes does not grow the file. A text a version uses is
    pinned; a shape a version names is kept.
    """
    dropped = set(json.loads(old_rows)) - set(json.loads(new_rows))
    if dropped:
        conn.execute("DELETE FROM contents WHERE pinned = 0 AND id IN "
                     "(SELECT value FROM json_each(?))", (json.dumps(sorted(dropped)),))
    if old_shape != new_shape:
        conn.execute("DELETE FROM shapes WHERE id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM versions WHERE shape = ?)", (old_shape, old_shape))


def stored_policy(conn: sqlite3.Connection, title: str, metadata: str, shape: int, section_rows: str,
                  properties: str) -> Policy:
    """A policy (the draft or a version) from its stored columns; properties: Policy.properties() JSON."""
    policy = Policy(title=title, sections=load(conn, shape, section_rows), metadata=json.loads(metadata))
    try:
        policy.set_properties(json.loads(properties))
    except (ValueError, TypeError, AttributeError) as exc:
        raise PolicyFileError("the policy's numbering or dates are unreadable") from exc
    from policyeditor.store import pictures

    pictures.attach(conn, policy)
    return policy
