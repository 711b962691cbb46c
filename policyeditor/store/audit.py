"""The hash chain of the audit log: each entry's hash covers the entry and the hash before it.

`hash = sha256(prev_hash + canonical JSON of {seq, time, actor, action, subject,
payload})`, the first entry's `prev_hash` being `GENESIS`. Changing, removing or
reordering any entry breaks the chain from that entry on. The sequence number
is hashed too, so a removed entry is caught even if the rest were re-chained
from its predecessor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

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


def verify_audit_chain(entries: list[AuditEntry]) -> list[str]:
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
