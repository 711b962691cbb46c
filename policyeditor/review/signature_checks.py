"""The signature part of `info --verify`: every signed record holds, and says what the file says.

Called by `review.verify.verify`. Each problem is
one sentence. What is checked:

- every signature verifies over its record, names its signer and this policy;
- no signature the audit log recorded is gone;
- a signed version names the label, parent, note and content hash the file
  holds, the hash recomputed from the stored text;
- a signed approval names the version it is stored for and that version's
  recomputed content hash (an approval copied onto another version fails);
  a label a library sync renamed (`1.1 [d2639051]`, another version of other
  text held `1.1`) names the version the record names (`signing.names`), for
  the text of that hash only;
- the roster's records follow each other and are signed by its owner;
- each approval and status change was signed by someone in the role the step
  needs on the roster its record names, or, naming none, the roster when the
  file took it (`roster.step_problem`, the rule the library's server holds);
  with a roster, each approval is signed, and each version approved since the
  roster has the approvals its rules need;
- an approval made without a key before the file had a roster was valid then:
  it is a fact, not a problem (`before_roster`, `facts`), and it is never a
  signed approval (the library never takes it);
- with trusted keys (`--trust`), each approval is signed by one of them;
- the review rules in meta are the ones the audit log last recorded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.identity import PublicIdentity
from policyeditor.store import audit, reviews
from policyeditor.store.audit import AuditEntry, canonical_json
from policyeditor.store.policyfile import PolicyFile


def problems(pf: PolicyFile, entries: list[AuditEntry],
             trusted: Iterable[PublicIdentity] | None = None) -> list[str]:
    """Everything wrong with the file's signatures and roster, one sentence each."""
    trusted_keys = None if trusted is None else {t.key for t in trusted}
    # (a protective trigger dropped alone changes no record: not a finding, see store/defences.py)
    found = _rules_problems(pf, entries)
    signed = signing.read(pf)
    found += [s.problem for s in signed if not s.valid]
    found += _removed(signed, entries)
    hashes = _recomputed_hashes(pf)
    for s in signed:
        if s.valid and s.kind == "version":
            found += _version_problems(pf, s, hashes)
    history = rosters.history(pf)
    found += history.problems
    found += _approval_problems(pf, signed, hashes, history, trusted_keys,
                                before_roster(pf, entries, history, signed))
    found += [p for s in signed if s.valid and s.kind == "status"
              if (p := rosters.step_problem(s, history, history.at(s.id)))]
    return found


def _rules_problems(pf: PolicyFile, entries: list[AuditEntry]) -> list[str]:
    from policyeditor.review.workflow import RULES_KEY

    recorded = None
    for entry in entries:
        if entry.action == "policy.setting" and entry.subject == RULES_KEY:
            recorded = entry.payload.get("value")
    if reviews.meta_value(pf, RULES_KEY) != recorded:
        return ["the review rules were changed outside policyeditor: they are not the ones the audit "
                "log recorded"]
    return []


def _removed(signed: list[signing.Signed], entries: list[AuditEntry]) -> list[str]:
    present = {s.id: s for s in signed}
    out = []
    for entry in entries:
        if not entry.action.endswith(".signed"):
            continue
        sid = entry.payload.get("signature_id")
        s = present.get(sid)
        if s is None:
            out.append(f"the signature of {entry.action.removesuffix('.signed')} {entry.subject} by "
                       f"{entry.actor} was removed from the file")
        elif hashlib.sha256(canonical_json(s.record).encode("utf-8")).hexdigest() \
                != entry.payload.get("record"):
            out.append(f"signature {sid} is not the one the audit log recorded")
    return out


def _recomputed_hashes(pf: PolicyFile) -> dict[str, str | None]:
    hashes: dict[str, str | None] = {}
    for info in pf.versions():
        try:
            hashes[info.label] = pf.version(info.label, checked=False).policy.content_hash()
        except Exception:  # unreadable: the store's own checks name it
            hashes[info.label] = None
    return hashes


def _version_problems(pf: PolicyFile, s: signing.Signed, hashes: dict[str, str | None]) -> list[str]:
    label = s.record.get("label")
    who = s.signer.display()
    infos = {info.label: info for info in pf.versions()}
    info = infos.get(label)
    renamed = [i for i in infos.values() if i.label != label and hashes.get(i.label) == s.record.get(
        "content_hash") and signing.names(label, i.label, hashes.get(i.label))]
    if renamed and (info is None or s.record.get("content_hash") != hashes.get(label)):
        info = renamed[0]  # the signed version, renamed by a library sync: another holds its label here
    if info is None:
        return [f"version {label}, signed by {who}, is not in the file"]
    if s.record.get("content_hash") != hashes.get(info.label):
        return [f"version {label} is not the text {who} signed: its text was changed"]
    parent = s.record.get("parent")
    if not (parent == info.parent or (info.parent is not None
                                      and signing.names(parent, info.parent, hashes.get(info.parent)))) \
            or s.record.get("note") != info.note:
        return [f"version {label} does not match what {who} signed (its parent or note was edited)"]
    return []


@dataclass(frozen=True)
class BeforeRoster:
    """What the file did before it had a roster, as its audit log orders it."""

    approvals: dict[str, reviews.Row]  # unsigned approvals taken then, by id
    approved: frozenset[str]  # versions approved then (the roster's rules did not apply yet)


def before_roster(pf: PolicyFile, entries: list[AuditEntry], history: rosters.History | None = None,
                  signed: list[signing.Signed] | None = None) -> BeforeRoster:
    """The file's unsigned approvals and approved versions from before its roster's first change.

    The audit log says the order: each entry carries its sequence number and the hash of the one
    before, and meta the last one's, so an approval's entry moved or slipped in before the roster's
    breaks the chain, and then nothing counts as before the roster (each unsigned approval is
    `not signed`, as is one whose entry comes after the roster's, or before its version's). Someone
    who rebuilds the whole chain with policyeditor's code gains only what a roster-less file gives:
    an approval shown as not signed, which no library takes and no signed rule counts.
    """
    history = history if history is not None else rosters.history(pf)
    signed = signed if signed is not None else signing.read(pf)
    none = BeforeRoster({}, frozenset())
    if not history.current.exists or not audit.holds(entries, pf.audit_head()):
        return none
    first = history.states[0][0]
    roster_at = [e.seq for e in entries if e.action == "roster.signed"]
    if not any(e.payload.get("signature_id") == first for e in entries if e.action == "roster.signed"):
        return none  # the roster's first change has no entry: its place in the order is unknown
    start = min(roster_at)
    saved = {e.subject: e.seq for e in entries if e.action == "version.saved"}
    taken = {e.payload.get("approval"): e.seq for e in entries if e.action == "version.approved"}
    keyed = {s.record.get("approval") for s in signed if s.valid and s.kind == "approval"}
    approvals = {row["id"]: row for row in reviews.approval_rows(pf)
                 if row["id"] not in keyed and saved.get(row["version"], start) < taken.get(row["id"], start)
                 < start}
    approved = frozenset(
        e.subject for e in entries if e.seq < start and (
            (e.action == "version.status" and e.payload.get("to") == "approved")
            or (e.action == "version.saved" and e.payload.get("status") in ("approved", "published"))))
    return BeforeRoster(approvals, approved)


def facts(pf: PolicyFile, entries: list[AuditEntry]) -> list[str]:
    """What `info --verify` tells of a sound file beside its checks: its approvals not signed because
    they were made before it had a roster."""
    return [f"the approval of version {row['version']} by {row['reviewer']} is not signed: it was made "
            "before the policy had a roster" for row in before_roster(pf, entries).approvals.values()]


def _approval_problems(pf: PolicyFile, signed: list[signing.Signed], hashes: dict[str, str | None],
                       history: rosters.History, trusted_keys: set[bytes] | None,
                       early: BeforeRoster) -> list[str]:
    from policyeditor.review.workflow import rules

    by_approval = {s.record.get("approval"): s for s in signed if s.valid and s.kind == "approval"}
    has_roster = history.current.exists
    out = []
    counted: dict[str, set[str]] = {}
    for row in reviews.approval_rows(pf):
        label, name = row["version"], row["reviewer"]
        s = by_approval.get(row["id"])
        if s is None:
            if trusted_keys is not None or (has_roster and row["id"] not in early.approvals):
                out.append(f"the approval of version {label} by {name} is not signed")
            continue
        who = s.signer.display()
        if not signing.names(s.record.get("label"), label, hashes.get(label)):
            out.append(f"the approval of version {label} by {who} was signed for version "
                       f"{s.record.get('label')}: it was copied from there")
            continue
        if s.record.get("content_hash") != hashes.get(label) or s.record.get("content_hash") \
                != row["content_hash"]:
            out.append(f"version {label} is not the text {who} approved: its text was changed")
            continue
        if s.signer.name != name:
            out.append(f"the approval of version {label} is stored under the name {name} but was signed "
                       f"by {who}")
        if trusted_keys is not None and s.signer.key not in trusted_keys:
            out.append(f"the approval of version {label} by {who} is signed by a key you did not trust")
        refused = rosters.step_problem(s, history, history.at(s.id))
        if refused:
            out.append(refused)
            continue
        counted.setdefault(label, set()).add(s.signer.key_b64)
    if has_roster:
        needed = rules(pf).approvals_needed
        for info in pf.versions():
            if info.status.locked and info.label not in early.approved \
                    and len(counted.get(info.label, ())) < needed:
                out.append(f"version {info.label} is {info.status.title.lower()} with "
                           f"{len(counted.get(info.label, ()))} valid approval(s); its rules need {needed}")
    return out


def signers_line(pf: PolicyFile) -> list[str]:
    """For a verified file's summary: who signed its approvals, by fingerprint."""
    approvals = [s for s in signing.read(pf, "approval") if s.valid]
    if not approvals:
        return []
    stored_for = {row["id"]: row["version"] for row in reviews.approval_rows(pf)}  # the label here
    return [f"signed approvals: {len(approvals)}"] + [
        f"  {stored_for.get(s.record.get('approval'), s.record.get('label'))} approved by "
        f"{s.signer.display()}" for s in approvals]
