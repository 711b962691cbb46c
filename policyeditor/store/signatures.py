"""Rows of the `signatures` table: records signed with a person's key (schema version 2).

The store keeps the rows; `policyeditor.review.signing` makes and checks them.
Each row is written with an audit entry `<kind>.signed` in the caller's
transaction, so a removed signature is caught by the chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from policyeditor.store import audit
from policyeditor.store.policyfile import PolicyFile

COLUMNS = ("id", "kind", "subject", "record", "signer", "signer_name", "signature")


@dataclass(frozen=True)
class SignatureRow:
    """One signed record as stored: `record` is the canonical JSON that was signed."""

    id: int
    kind: str
    subject: str
    record: str
    signer: str  # base64 raw Ed25519 public key
    signer_name: str
    signature: str  # base64


def has_table(pf: PolicyFile) -> bool:
    """Whether the file has the signatures table (a read-only file of schema 1 migrated in memory has)."""
    return pf.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signatures'").fetchone() is not None


def rows(pf: PolicyFile, kind: str | None = None) -> list[SignatureRow]:
    """Every signature (of `kind`), in the order written."""
    if not has_table(pf):
        return []
    where, args = ("WHERE kind = ?", (kind,)) if kind else ("", ())
    found = pf.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM signatures {where} ORDER BY id", args)
    return [SignatureRow(*row) for row in found.fetchall()]


def add(pf: PolicyFile, kind: str, subject: str, record: str, signer: str, signer_name: str,
        signature: str) -> int:
    """Store a signature and its audit entry; the caller holds the transaction. Returns its id."""
    cursor = pf.conn.execute(
        "INSERT INTO signatures (kind, subject, record, signer, signer_name, signature) "
        "VALUES (?, ?, ?, ?, ?, ?)", (kind, subject, record, signer, signer_name, signature))
    row_id = int(cursor.lastrowid)
    audit.append(pf.conn, signer_name, f"{kind}.signed", subject,
                     {"signature_id": row_id, "signer": signer,
                      "record": hashlib.sha256(record.encode("utf-8")).hexdigest()})
    return row_id
