"""Signed records: what a person's Ed25519 key vouches for, in one spelling.

A record is a small dict naming what it is about, always with `kind` and the
`policy` id (so a signature from one policy is worthless in another). Its
canonical bytes are a fixed prefix and the canonical JSON of the dict (sorted
keys, no spaces). What each kind signs:

- version:  label, parent, content hash, note, author key
- status:   label, from, to, content hash, who moved it, and the roster head it was made under
            (records made before status records named it have no `roster`)
- approval: label, approval id, content hash of the version approved, approver key,
            and the roster head it was made under
- roster:   one change of the roster (see roster.py), chained to the one before

The signature covers the record, not the audit chain: rebuilding the chain with
the project's own code does not make a record say something else, and a record
copied onto another version names the wrong label and hash. A record names the
label its version's author gave; a library sync that found the label taken by
other text renames the version in the copy (`1.1 [d2639051]`,
store/library_copy.renamed_label), and `names` recognises that form, for the
text whose hash it carries only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from policyeditor.review.identity import Identity, PublicIdentity, b64
from policyeditor.store import reviews, signatures
from policyeditor.store.audit import canonical_json
from policyeditor.store.library_copy import renamed_label
from policyeditor.store.policyfile import PolicyFile

PREFIX = b"policyeditor signed record v1\n"
KINDS = ("version", "status", "approval", "roster")
SIGNER_FIELD = {"version": "author", "status": "by", "approval": "by", "roster": "by"}


def names(signed_label: Any, label: str, content_hash: str | None) -> bool:
    """Whether a record signed for version `signed_label` names the version stored here as `label`,
    whose text has the hash `content_hash` (recomputed; None: unreadable): its own label, or the one a
    library sync renamed it to because another version of other text held it (whose suffix is this
    text's hash, so a record copied onto a renamed version of other text names it not)."""
    if signed_label == label:
        return True
    return isinstance(signed_label, str) and content_hash is not None \
        and label == renamed_label(signed_label, content_hash)


def canonical_bytes(record: dict[str, Any]) -> bytes:
    """The bytes a signature covers: the prefix, then the record's canonical JSON in UTF-8."""
    return PREFIX + canonical_json(record).encode("utf-8")


def record_digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(record)).hexdigest()


def version_record(policy_id: str, label: str, parent: str | None, content_hash: str, note: str,
                   author: PublicIdentity) -> dict[str, Any]:
    return {"kind": "version", "policy": policy_id, "label": label, "parent": parent,
            "content_hash": content_hash, "note": note, "author": author.key_b64,
            "author_name": author.name}


def status_record(policy_id: str, label: str, old: str, new: str, content_hash: str,
                  by: PublicIdentity, roster_head: str | None = None) -> dict[str, Any]:
    return {"kind": "status", "policy": policy_id, "label": label, "from": old, "to": new,
            "content_hash": content_hash, "by": by.key_b64, "by_name": by.name, "roster": roster_head}


def approval_record(policy_id: str, label: str, approval_id: str, content_hash: str,
                    by: PublicIdentity, roster_head: str | None) -> dict[str, Any]:
    return {"kind": "approval", "policy": policy_id, "label": label, "approval": approval_id,
            "content_hash": content_hash, "by": by.key_b64, "by_name": by.name, "roster": roster_head}


@dataclass(frozen=True)
class Signed:
    """A stored signature, read back and checked: its record, signer and whether the signature holds."""

    id: int
    kind: str
    subject: str
    record: dict[str, Any]
    signer: PublicIdentity
    valid: bool  # the signature is the signer's, over exactly this record, and names the signer
    problem: str = ""  # why not, one sentence

    @property
    def digest(self) -> str:
        return record_digest(self.record)


def sign(pf: PolicyFile, identity: Identity, subject: str, record: dict[str, Any]) -> int:
    """Sign `record` with `identity` and store it with its audit entry; the caller holds the transaction."""
    kind = record["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown record kind {kind!r}")
    if record.get(SIGNER_FIELD[kind]) != identity.public.key_b64:
        raise ValueError("a record names the key that signs it")
    record = json.loads(canonical_json(record))  # signed exactly as it reads back
    signature = identity.sign(canonical_bytes(record))
    return signatures.add(pf, kind, subject, canonical_json(record), identity.public.key_b64,
                          identity.name, b64(signature))


def read(pf: PolicyFile, kind: str | None = None) -> list[Signed]:
    """Every stored signature (of `kind`), checked, oldest first; damage makes it invalid, not an error."""
    policy_id = reviews.policy_id(pf)
    return [_check(row, policy_id) for row in signatures.rows(pf, kind)]


def check(row: signatures.SignatureRow, policy_id: str) -> Signed:
    """One stored signature checked against `policy_id` (the policy it must be made for)."""
    return _check(row, policy_id)


def copy_in(pf: PolicyFile, row: signatures.SignatureRow, signed: Signed) -> int:
    """Store another file's valid signature here, as it was made; the caller holds the transaction.

    The name stored is the one the signed record gives, not the row's unsigned one.
    """
    name = str(signed.record.get(f"{SIGNER_FIELD[signed.kind]}_name") or signed.signer.name)
    return signatures.add(pf, signed.kind, signed.subject, canonical_json(signed.record), row.signer, name,
                          row.signature)


def _check(row: signatures.SignatureRow, policy_id: str) -> Signed:
    def bad(problem: str, record: dict[str, Any] | None = None,
            signer: PublicIdentity | None = None) -> Signed:
        return Signed(row.id, str(row.kind), str(row.subject), record or {},
                      signer or PublicIdentity(str(row.signer_name), b""), False, problem)

    what = f"signature {row.id} ({row.kind} {row.subject})"
    try:
        key = base64.b64decode(str(row.signer).encode("ascii"), validate=True)
        signature = base64.b64decode(str(row.signature).encode("ascii"), validate=True)
        record = json.loads(row.record)
    except (binascii.Error, ValueError, UnicodeEncodeError, TypeError):
        return bad(f"{what} is damaged: it cannot be read")
    signer = PublicIdentity(str(row.signer_name), key)
    if not isinstance(record, dict) or record.get("kind") != row.kind or len(key) != 32:
        return bad(f"{what} is damaged: its record does not say what it signs", None, signer)
    if not signer.verify(signature, canonical_bytes(record)):
        return bad(f"{what} by {signer.display()} does not verify: the record or signature was altered",
                   record, signer)
    if record.get(SIGNER_FIELD[row.kind]) != row.signer:
        return bad(f"{what} was made by a key other than the one its record names", record, signer)
    if record.get("policy") != policy_id:
        return bad(f"{what} by {signer.display()} was made for another policy and copied here",
                   record, signer)
    return Signed(row.id, str(row.kind), str(row.subject), record, signer, True)
