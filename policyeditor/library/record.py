"""The library's own audit chain of a policy, and its check.

The server appends each entry only after the last one of its policy (a trigger
checks seq and prev_hash); the hashes are those of the .policy file's chain
(store.audit), so the same code checks both.
"""

from __future__ import annotations

import json

import psycopg

from policyeditor.library.connection import library_errors
from policyeditor.review.verify import chain_problems
from policyeditor.store.audit import AuditEntry


def audit_log(conn: psycopg.Connection, policy_id: str) -> list[AuditEntry]:
    """The library's audit entries of the policy, oldest first."""
    with library_errors():
        rows = conn.execute(
            "SELECT seq, time, actor, action, subject, payload, prev_hash, hash FROM audit "
            "WHERE policy_id = %s ORDER BY seq",
            (policy_id,),
        ).fetchall()
        conn.rollback()
    return [
        AuditEntry(seq, time, actor, action, subject, json.loads(payload), prev, digest)
        for seq, time, actor, action, subject, payload, prev, digest in rows
    ]


def verify(conn: psycopg.Connection, policy_id: str) -> list[str]:
    """Problems with the policy's chain in the library; empty when intact."""
    return chain_problems(audit_log(conn, policy_id))
