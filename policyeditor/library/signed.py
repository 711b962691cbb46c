"""Signed approvals through the library: what a copy sends is checked, what the library sends back too.

A forged approval must not enter the library (issue 15, with issue 14's
signatures and roster). Three gates, each refusing in one sentence:

1. Before a sync sends an approval or a status change, the copy's signatures
   and roster rules are checked as `info --verify` checks them
   (review/signature_checks.py): a copy whose approvals, status records or
   roster do not hold sends nothing (the server's transaction is rolled back).
2. The server refuses, for a policy whose copy has a roster (`policies.signed`),
   an approval without its signed record, or whose record names another
   approval, text, policy or key, and an approved or published version
   without a signed approval (triggers of schema version 2). The roster and the
   signed records of versions and status changes travel too (`signatures`,
   schema version 3), and the server refuses a roster change that does not
   follow the last or is not the owner's, and an approval or status change
   whose signer is not on the roster in the role the step needs. Since schema
   version 4 it also verifies the Ed25519 signature itself, of every signed
   approval and signed record (library/ed25519.py, in PL/pgSQL), over the bytes
   the copy signed: the prefix and the record as stored, its canonical JSON
   (review/signing.py canonical_bytes). So a forged signature under a roster
   approver's key, written by raw SQL, is refused by the server.
3. Every approval and signed record the library sends back is still checked
   here, signature included, and against the copy's roster (roster changes must
   follow it; approvals and status changes pass `roster.step_problem`, the
   rule the server holds), before the copy takes it: the library's administrator can switch
   the triggers off, and a library of an older schema did not verify. One that
   got into the library so is refused here and reported, not taken.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from policyeditor.core.errors import LibraryError
from policyeditor.review import roster as rosters
from policyeditor.review import signature_checks, signing
from policyeditor.review.approvers import unsigned_approvers
from policyeditor.review.identity import PublicIdentity
from policyeditor.store import reviews, signatures
from policyeditor.store.audit import canonical_json
from policyeditor.store.policyfile import PolicyFile


@dataclass(frozen=True)
class SignedApproval:
    """An approval's signature as the library stores it beside the approval row."""

    record: str  # the canonical JSON that was signed
    signer_key: str  # base64 Ed25519 public key
    signer_name: str
    signature: str  # base64

    def to_data(self) -> dict[str, str]:
        return {"record": self.record, "signer_key": self.signer_key, "signer_name": self.signer_name,
                "signature": self.signature}


def check_copy(pf: PolicyFile) -> None:
    """Refuse to send a copy whose signatures or roster rules do not hold (gate 1)."""
    found = signature_checks.problems(pf, pf.audit_log())
    if found:
        raise LibraryError(
            f"{pf.path.name} was not synced: {found[0]} (run `policyeditor info --verify {pf.path.name}`)"
        )


def approval_signatures(pf: PolicyFile) -> dict[str, SignedApproval]:
    """The copy's valid approval signatures, by approval id."""
    found = {}
    for s in signing.read(pf, "approval"):
        if s.valid:
            found[str(s.record.get("approval"))] = SignedApproval(
                canonical_json(s.record), s.signer.key_b64, s.signer.name, _signature_of(pf, s.id))
    return found


def _signature_of(pf: PolicyFile, signature_id: int) -> str:
    row = pf.conn.execute("SELECT signature FROM signatures WHERE id = ?", (signature_id,)).fetchone()
    return str(row[0])


def roster_of(pf: PolicyFile) -> rosters.History | None:
    """The copy's roster history as it is now, or None when it has no roster."""
    found = rosters.history(pf)
    return found if found.current.exists else None


def incoming_problem(row: dict[str, Any], signed: SignedApproval | None, policy_id: str,
                     library_label: str, *, required: bool,
                     history: rosters.History | None = None) -> str | None:
    """Why an approval the library holds must not enter the copy (gate 3), or None when it may.

    `history`: the copy's roster history (None: it has none); the approval must pass its rule
    (`roster.step_problem`: an approver on the roster its record names, or, naming none, now).
    """
    what = f"the library's approval of version {library_label} by {row['reviewer']}"
    if signed is None:
        return f"{what} is not signed, and this policy takes only signed approvals" if required else None
    try:
        key = base64.b64decode(signed.signer_key.encode("ascii"), validate=True)
        signature = base64.b64decode(signed.signature.encode("ascii"), validate=True)
        record = json.loads(signed.record)
    except (binascii.Error, ValueError, UnicodeEncodeError, TypeError):
        return f"{what} has a damaged signature"
    if len(key) != 32 or not isinstance(record, dict):
        return f"{what} has a damaged signature"
    signer = PublicIdentity(signed.signer_name, key)
    if not signer.verify(signature, signing.canonical_bytes(record)):
        return f"{what} is forged: its signature does not verify"
    expected = {"kind": "approval", "policy": policy_id, "approval": row["id"],
                "content_hash": row["content_hash"], "by": signed.signer_key}
    if any(record.get(k) != v for k, v in expected.items()):
        return f"{what} does not match the record {signer.display()} signed"
    history = history or rosters.History([], [])
    refused = rosters.step_problem(signing.Signed(0, "approval", row["id"], record, signer, True), history,
                                   history.current)
    return f"the library's {refused.removeprefix('the ')}" if refused else None


def kept_approval(row: dict[str, Any], sig: SignedApproval | None,
                  history: rosters.History | None) -> str | None:
    """`kept_back` for the copy's approval `row` with its signature `sig` (an unsigned one is left to
    gate 1 and the server)."""
    if sig is None:
        return None
    key = base64.b64decode(sig.signer_key)
    return kept_back(signing.Signed(0, "approval", row["id"], json.loads(sig.record),
                                    PublicIdentity(sig.signer_name, key), True), history)


def kept_back(s: signing.Signed, history: rosters.History | None) -> str | None:
    """Why the library will not take the copy's signed approval or status change `s`, which names no
    roster head, under its roster `history` (None: it has none), or None.

    The library cannot know when such a step was signed, so it holds it to its roster as it is when
    the step arrives (schemas 6 and 7), as a receiving copy does (`roster.step_problem`). This copy
    took it before it had a roster and keeps it (`info --verify` holds it to the roster of then), so
    the sync keeps it back instead of sending what the server refuses, which refused the whole sync,
    every time. It goes once the owner gives its signer the role.
    """
    if s.record.get("roster") is not None or history is None \
            or rosters.step_refusal(s, history, history.current) is None:
        return None
    role = rosters.step_role(s.record)
    return (f"{rosters.step_name(s)} is kept in this copy: it names no roster (it was signed before the "
            f"policy had one), and the library's roster does not make its signer "
            f"{rosters.with_article(role)}; the roster's owner can")


def unsigned_kept(pf: PolicyFile) -> dict[str, str | None]:
    """The copy's approvals made without a key before it had a roster (or while it has none), which it
    keeps back from a library that takes only signed approvals: by id, why (None: its approver has
    signed the same text since, so there is nothing to do).

    Such an approval was valid when the copy took it (`info --verify` says so, as a fact), but
    "approved" in a signed library means a person with a key approved exactly this text, so it never
    goes; the rest of the copy syncs. An unsigned approval the copy took under its roster is not here:
    gate 1 refuses the copy, as its `info --verify` does.
    """
    if rosters.current(pf).exists:
        rows = list(signature_checks.before_roster(pf, pf.audit_log()).approvals.values())
    else:
        keyed = {s.record.get("approval") for s in signing.read(pf, "approval") if s.valid}
        rows = [row for row in reviews.approval_rows(pf) if row["id"] not in keyed]
    kept: dict[str, str | None] = {}
    for row in rows:
        label, name = row["version"], row["reviewer"]
        kept[row["id"]] = None if name not in unsigned_approvers(pf, label) else (
            f"the approval of version {label} by {name} is kept in this copy: it is not signed (it was made "
            f"before the policy had a roster), and the library takes only signed approvals; {name} can "
            f"sign it: approve version {label} again with their key")
    return kept


# -- the roster and the signed records of versions and status changes (schema version 3) ----------

TRAVELLING = ("roster", "version", "status")  # approvals' signatures travel with the approvals


def local_records(pf: PolicyFile) -> list[signatures.SignatureRow]:
    """The copy's valid roster, version and status signatures, oldest first (a broken one stays home:
    gate 1 refuses to send a copy that has one)."""
    pid = reviews.policy_id(pf)
    return [row for row in signatures.rows(pf) if row.kind in TRAVELLING and signing.check(row, pid).valid]


def roster_seq(row: signatures.SignatureRow) -> int:
    return int(json.loads(row.record).get("seq", 0))


def incoming_records(pf: PolicyFile, rows: list[signatures.SignatureRow]
                     ) -> tuple[list[signatures.SignatureRow], list[str], rosters.History | None]:
    """Which of the library's signed records (not yet in the copy, in the library's order) the copy
    takes, and why it refuses the others: each signature is checked here (Ed25519, policy, key),
    each roster change must follow the copy's roster, signed by its owner, and each status change
    must pass the roster's rule (`roster.step_problem`, as the server's). Also the copy's roster
    history as it will then be (None: no roster)."""
    pid = reviews.policy_id(pf)
    found = rosters.history(pf)
    states, roster = list(found.states), found.current
    taken, refused = [], []
    for row in rows:
        checked = signing.check(row, pid)
        if not checked.valid:
            refused.append(f"the library's {row.kind} record {row.subject}: {checked.problem}")
            continue
        if row.kind == "roster":
            after = rosters.follow(roster, checked)
            if isinstance(after, str):
                refused.append(f"the library's {after}")
                continue
            roster = after
            states.append((0, roster))
        elif row.kind == "status":
            problem = rosters.step_problem(checked, rosters.History(states, []), roster)
            if problem:
                refused.append(f"the library's {problem.removeprefix('the ')}")
                continue
        taken.append(row)
    return taken, refused, rosters.History(states, []) if roster.exists else None
