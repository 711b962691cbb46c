"""The audit log: entries appended in the caller's transaction, each chained to the one before.

`hash = sha256(prev_hash + canonical JSON of {seq, time, actor, action, subject,
payload})`, the first entry's `prev_hash` being `GENESIS`. Changing, removing or
reordering any entry breaks the chain from that entry on. The sequence number
is hashed too, so a removed entry is caught even if the rest were re-chained
from its predecessor. The head of the chain (`seq:hash` of the last entry) is
kept in meta as well, which catches removed last entries. This module writes
and reads it, and says whether a chain holds (`chain_problems`, `holds`);
`policyeditor.review.verify` reports it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from policyeditor.store import clock

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 text kept as is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what to which subject, and when."""

    seq: int
    time: str
    actor: str
    action: str
    subject: str
    payload: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    def expected_hash(self) -> str:
        """The hash this entry must carry, given its fields and `prev_hash`."""
        return entry_hash(self.prev_hash, self.seq, self.time, self.actor, self.action,
                          self.subject, self.payload)


def entry_hash(prev_hash: str, seq: int, time: str, actor: str, action: str, subject: str,
               payload: dict[str, Any]) -> str:
    """sha256 of the previous hash followed by the canonical JSON of the entry."""
    entry = {"seq": seq, "time": time, "actor": actor, "action": action, "subject": subject,
             "payload": payload}
    return hashlib.sha256((prev_hash + canonical_json(entry)).encode("utf-8")).hexdigest()


def append(conn: sqlite3.Connection, actor: str, action: str, subject: str, payload: dict[str, Any]) -> None:
    """Append an entry within the caller's transaction, and move the chain head kept in meta."""
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    payload = json.loads(canonical_json(payload))  # stored and hashed exactly as it reads back
    time = clock.now()
    digest = entry_hash(prev_hash, seq, time, actor, action, subject, payload)
    conn.execute(
        "INSERT INTO audit_log (seq, time, actor, action, subject, payload, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, time, actor, action, subject, canonical_json(payload), prev_hash, digest))
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)",
                 (head_mark(seq, digest),))


def entries(conn: sqlite3.Connection) -> list[AuditEntry]:
    """Every audit entry, oldest first."""
    rows = conn.execute(
        "SELECT seq, time, actor, action, subject, payload, prev_hash, hash "
        "FROM audit_log ORDER BY seq").fetchall()
    return [AuditEntry(seq, time, actor, action, subject, json.loads(payload), prev, digest)
            for seq, time, actor, action, subject, payload, prev, digest in rows]


def head_mark(seq: int, digest: str) -> str:
    """What meta's `audit_head` holds when entry `seq` with hash `digest` is the last (GENESIS: none)."""
    return f"{seq}:{digest}"


def recorded_head(conn: sqlite3.Connection) -> str | None:
    """The chain head meta holds, or None when it is missing."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    return None if row is None else str(row[0])


def chain_problems(entries: list[AuditEntry]) -> list[str]:
    """Problems with a chain of entries in sequence order; empty when it is intact.

    Checks that sequence numbers run 1, 2, 3... without gaps, that each entry
    links to the hash of the one before, and that each hash matches its entry.
    """
    problems: list[str] = []
    prev, prev_seq = GENESIS, 0
    for entry in entries:
        if entry.seq != prev_seq + 1:
            if entry.seq <= prev_seq:
                problems.append(f"audit log entry {entry.seq} is out of order")
            elif entry.seq == prev_seq + 2:
                problems.append(f"audit log entry {prev_seq + 1} is missing")
            else:
                problems.append(f"audit log entries {prev_seq + 1} to {entry.seq - 1} are missing")
        if entry.prev_hash != prev:
            problems.append(f"audit log entry {entry.seq} does not follow the entry before it")
        if entry.hash != entry.expected_hash():
            problems.append(f"audit log entry {entry.seq} was changed after it was written")
        prev, prev_seq = entry.hash, entry.seq
    return problems


def holds(entries: list[AuditEntry], recorded: str | None) -> bool:
    """Whether `entries` are an intact chain ending at `recorded`, the head meta holds: then their
    order is the order the file took its steps in (an entry moved or slipped in breaks it)."""
    last = head_mark(entries[-1].seq, entries[-1].hash) if entries else GENESIS
    return recorded == last and not chain_problems(entries)
