"""Recovering what can still be read from a damaged .policy file into a new one.

The damaged file is never written: it is read through an `immutable` SQLite
connection (no locks, no journal, no side files), table by table and row by row,
skipping past rows on pages SQLite cannot read. The rows are written into a new
file with the current schema, built beside its final name and linked into place
only when complete (create.build_new_file, as for `PolicyFile.create`). What the new file keeps must
hang together: a version whose sections are not all readable is left out, and so
are comments and approvals of versions left out; the draft comes from the file,
else from the newest recovered version. The audit log keeps every entry that
could be read (`info --verify` then names any gap) and ends with an entry that
records the recovery.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyeditor.core.errors import PolicyFileError
from policyeditor.store.audit import GENESIS, head_mark
from policyeditor.store.create import build_new_file, refuse_existing
from policyeditor.store.open import connect
from policyeditor.store.policyfile import PolicyFile

# in dependency order: a row is copied after the rows it refers to
TABLES = ("meta", "contents", "shapes", "versions", "draft", "comments", "approvals", "audit_log",
          "pictures")
MAX_SKIP = 1 << 40  # how far past an unreadable rowid the scan may jump
LOST_HEADING = "[unreadable section: lost in the damage]"


@dataclass
class RecoveryReport:
    """What `recover` read and kept; `lines()` tells it to a user."""

    source: Path
    out: Path
    rows: dict[str, int] = field(default_factory=dict)  # rows read, by table
    unreadable: dict[str, int] = field(default_factory=dict)  # read errors met, by table
    versions: list[str] = field(default_factory=list)  # labels kept
    versions_lost: list[str] = field(default_factory=list)
    draft_from: str = "file"  # "file", "version LABEL" or "empty"
    draft_sections_lost: int = 0  # sections of the draft left as marked, empty placeholders
    comments: int = 0
    comments_lost: int = 0
    audit_entries: int = 0

    @property
    def complete(self) -> bool:
        return not self.unreadable and not self.versions_lost and not self.comments_lost \
            and self.draft_from == "file" and not self.draft_sections_lost

    def lines(self) -> list[str]:
        draft = {"file": "the draft as last saved", "empty": "no draft (it could not be read; it is empty)"}
        lines = [f"recovered {self.source.name} into {self.out.name}",
                 f"  draft: {draft.get(self.draft_from, 'the draft from ' + self.draft_from)}" + (
                     f", {self.draft_sections_lost} section(s) unreadable (marked {LOST_HEADING!r})"
                     if self.draft_sections_lost else ""),
                 f"  versions: {len(self.versions)} kept" + (
                     f", {len(self.versions_lost)} lost ({', '.join(self.versions_lost)})"
                     if self.versions_lost else ""),
                 f"  comments: {self.comments} kept" + (
                     f", {self.comments_lost} lost" if self.comments_lost else ""),
                 f"  audit log: {self.audit_entries} entries read"]
        if self.unreadable:
            parts = ", ".join(f"{table} ({n})" for table, n in sorted(self.unreadable.items()))
            lines.append(f"  unreadable parts skipped in: {parts}")
        return lines


def _read_table(conn: sqlite3.Connection, table: str, report: RecoveryReport) -> list[dict[str, Any]]:
    """Every row of `table` that can be read, in rowid order, skipping past the ones that cannot."""
    rows: list[dict[str, Any]] = []
    after, skip = -(1 << 62), 1
    while True:
        try:
            cursor = conn.execute(f"SELECT rowid, * FROM {table} WHERE rowid > ? ORDER BY rowid", (after,))
            names = [d[0] for d in cursor.description]
            for row in cursor:
                after, skip = row[0], 1
                rows.append(dict(zip(names[1:], row[1:], strict=True)))
            break
        except sqlite3.DatabaseError:
            report.unreadable[table] = report.unreadable.get(table, 0) + 1
            if skip > MAX_SKIP or report.unreadable[table] > 10_000:
                break
            after += skip  # jump past the unreadable rowids, further each time
            skip *= 2
    report.rows[table] = len(rows)
    return rows


def _complete(row: dict[str, Any], contents: set[int], shapes: set[int]) -> bool:
    """Whether a version or draft row's shape and every section row it lists were recovered."""
    try:
        listed = json.loads(row["section_rows"])
        return row["shape"] in shapes and all(r in contents for r in listed)
    except (TypeError, ValueError, KeyError):
        return False


def _patched_draft(rows: list[dict[str, Any]], contents: set[int],
                   shapes: set[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The draft row with each unreadable section replaced by a marked, empty one, and those sections.

    The draft is the work in progress, so every readable section of it is kept
    in place; none when its outline (shape) or row list itself is unreadable.
    """
    if not rows or rows[0].get("shape") not in shapes:
        return [], []
    try:
        listed = [int(r) for r in json.loads(rows[0]["section_rows"])]
    except (TypeError, ValueError):
        return [], []
    placeholders = []
    patched = []
    next_id = max(contents, default=0) + 1
    for row_id in listed:
        if row_id in contents:
            patched.append(row_id)
            continue
        placeholders.append({"id": next_id, "hash": f"lost-{uuid.uuid4().hex}", "heading": LOST_HEADING,
                             "body": "", "pinned": 0})
        patched.append(next_id)
        next_id += 1
    return [{**rows[0], "section_rows": json.dumps(patched)}], placeholders


def recover(damaged: Path, out: Path) -> RecoveryReport:
    """Read what can be read of the .policy file `damaged` into the new file `out`.

    `damaged` is only read. `out` must not exist (PolicyFileError). Raises
    PolicyFileError when nothing of a policy can be read at all.
    """
    damaged, out = Path(damaged), Path(out)
    refuse_existing(out)
    if not damaged.is_file():
        raise PolicyFileError(f"{damaged}: no such file")
    if out.resolve() == damaged.resolve():
        raise PolicyFileError("recover into a new file, not over the damaged one")
    report = RecoveryReport(damaged, out)
    try:
        source = connect(damaged, readonly=True, immutable=True)
    except sqlite3.DatabaseError as exc:
        raise PolicyFileError(f"{damaged.name} cannot be read at all: {exc}") from exc
    try:
        try:
            tables = source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            present = {name for (name,) in tables}
        except sqlite3.DatabaseError as exc:
            raise PolicyFileError(f"nothing can be recovered from {damaged.name}: "
                                  "its table of contents is unreadable") from exc
        if not {"contents", "shapes"} <= present:
            raise PolicyFileError(f"nothing can be recovered from {damaged.name}: it holds no policy tables")
        data = {table: _read_table(source, table, report) if table in present else [] for table in TABLES}
    finally:
        source.close()
    _write(out, data, report)
    return report


def _write(out: Path, data: dict[str, list[dict[str, Any]]], report: RecoveryReport) -> None:
    contents = {row["id"] for row in data["contents"]}
    shapes = {row["id"] for row in data["shapes"]}
    versions = [row for row in data["versions"] if _complete(row, contents, shapes)]
    report.versions = [row["label"] for row in versions]
    report.versions_lost = [row["label"] for row in data["versions"] if row not in versions]
    kept = set(report.versions)
    drafts = [row for row in data["draft"] if _complete(row, contents, shapes)]
    placeholders: list[dict[str, Any]] = []
    if not drafts:
        drafts, placeholders = _patched_draft(data["draft"], contents, shapes)
        report.draft_sections_lost = len(placeholders)
    if not drafts and versions:
        newest = versions[-1]
        drafts = [{"id": 1, "title": newest["title"], "metadata": newest["metadata"],
                   "shape": newest["shape"], "section_rows": newest["section_rows"], "updated": None,
                   "revision": 0, "properties": newest.get("properties", "{}")}]
        report.draft_from = f"version {newest['label']}"
    elif not drafts:
        report.draft_from = "empty"
    comments = [row for row in data["comments"] if row.get("version") is None or row["version"] in kept]
    ids = {row["id"] for row in comments}
    comments = [row for row in comments if row.get("parent_id") is None or row["parent_id"] in ids]
    report.comments, report.comments_lost = len(comments), len(data["comments"]) - len(comments)
    approvals = [row for row in data["approvals"] if row["version"] in kept]
    report.audit_entries = len(data["audit_log"])
    meta = [row for row in data["meta"] if row["key"] != "audit_head"]
    if not any(row["key"] == "policy_id" for row in meta):
        meta.append({"key": "policy_id", "value": uuid.uuid4().hex})
    last = data["audit_log"][-1] if data["audit_log"] else None
    meta.append({"key": "audit_head", "value": head_mark(last["seq"], last["hash"]) if last else GENESIS})

    # a picture is kept when its bytes are still what its name (their hash) says
    pictures = [row for row in data["pictures"] if isinstance(row.get("data"), bytes)
                and hashlib.sha256(row["data"]).hexdigest() == row.get("hash")]

    def fill(conn: sqlite3.Connection) -> None:
        if drafts:
            conn.execute("DELETE FROM draft")
        for table, rows in (("meta", meta), ("contents", data["contents"] + placeholders),
                            ("shapes", data["shapes"]),
                            ("versions", versions), ("draft", drafts), ("comments", comments),
                            ("approvals", approvals), ("audit_log", data["audit_log"]),
                            ("pictures", pictures)):
            for row in rows:
                columns = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                conn.execute(f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})",
                             tuple(row.values()))

    build_new_file(out, fill, verb="write")
    with PolicyFile.open(out) as pf:
        pf.load_draft()  # the new file reads as a whole
        pf.append_audit("", "policy.recovered", report.source.name,
                        {"from": report.source.name, "versions": report.versions,
                         "versions_lost": report.versions_lost, "draft_from": report.draft_from,
                         "comments_lost": report.comments_lost, "unreadable": report.unreadable})
