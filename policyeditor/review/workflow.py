"""A version's way from Draft through In review and Approved to Published, and who may move it.

Allowed moves: Draft → In review (submit), In review → Draft (withdraw),
In review → Approved (approve), Approved → Published (publish); publishing a
version supersedes the version published before it. Nothing leaves Approved,
Published or Superseded backwards: those versions are locked for ever.

The rules a policy chooses are kept in its file (meta `review_rules`):
`resolved_before_approval` (every thread on the version resolved first) and
`no_self_approval` (the version's author cannot approve it); both default on.
Each move is stored with its audit entry in one transaction.

Signed workflow (issue 14). A step taken with an `Identity` is signed with its
key (review/signing.py) in the same transaction. Once a policy has a roster
(review/roster.py), its rules come from the roster's signed records, not from
meta, and they are about keys, not names:
- saving and submitting a version needs an author (or the owner), approving an
  approver; every step then needs an identity;
- no one approves a version they authored or submitted (`no_self_approval`);
- every comment resolved first (`resolved_before_approval`);
- `approvals_needed` distinct approvers; the version stays In review until then;
- a locked version approved without a key (before the roster): its approver approving it again
  with their key adds a signed approval of the same text beside the unsigned one, which no
  library takes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass

from policyeditor.core.errors import LockedVersionError, PolicyFileError, WorkflowError
from policyeditor.core.model import Policy, Status, Version
from policyeditor.core.people import among, named, same_person
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.approvers import signable_again
from policyeditor.review.audited import status_problems
from policyeditor.review.comments import Comments
from policyeditor.review.identity import Identity
from policyeditor.store import reviews
from policyeditor.store.clock import now
from policyeditor.store.policyfile import PolicyFile
from policyeditor.store.versions import checked_label

RULES_KEY = "review_rules"

NEXT: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.IN_REVIEW}),
    Status.IN_REVIEW: frozenset({Status.DRAFT, Status.APPROVED}),
    Status.APPROVED: frozenset({Status.PUBLISHED}),
    Status.PUBLISHED: frozenset({Status.SUPERSEDED}),
    Status.SUPERSEDED: frozenset(),
}


@dataclass(frozen=True)
class ReviewRules:
    """The approval rules of one policy; both on unless the policy's owner turned them off."""

    resolved_before_approval: bool = True
    no_self_approval: bool = True
    approvals_needed: int = 1  # distinct approvers (kept in a roster's signed rules)


@dataclass(frozen=True)
class Approval:
    """A reviewer's sign-off on one version: who, when, and the content hash they approved."""

    id: str
    version: str
    reviewer: str
    created: str
    content_hash: str

    @classmethod
    def from_row(cls, row: reviews.Row) -> Approval:
        return cls(**{key: row[key] for key in reviews.APPROVAL_COLUMNS})


def rules(pf: PolicyFile) -> ReviewRules:
    """The policy's review rules: its roster's signed rules when it has a roster, else meta's."""
    roster = rosters.current(pf)
    if roster.exists:
        return _rules_from(roster.rules or {})
    stored = reviews.meta_value(pf, RULES_KEY)
    if not stored:
        return ReviewRules()
    try:
        return _rules_from(json.loads(stored))
    except (ValueError, TypeError, AttributeError):
        raise PolicyFileError(f"{pf.path.name} has review rules policyeditor cannot read") from None


def _rules_from(stored: dict) -> ReviewRules:
    known = {key: (int(value) if key == "approvals_needed" else bool(value))
             for key, value in dict(stored).items() if key in ReviewRules.__dataclass_fields__}
    return ReviewRules(**known)


def set_rules(pf: PolicyFile, new_rules: ReviewRules, *, actor: str) -> None:
    """Store the policy's review rules; the change is audited (a policy with a roster: `set_roster_rules`)."""
    if rosters.current(pf).exists:
        raise WorkflowError("this policy has a roster: its owner changes the rules with their key")
    reviews.set_meta_value(pf, RULES_KEY, json.dumps(asdict(new_rules), sort_keys=True), actor=actor)


def set_roster_rules(pf: PolicyFile, new_rules: ReviewRules, *, owner: Identity) -> None:
    """Set the rules in the roster, signed by its owner (the first roster change makes them owner)."""
    if new_rules.approvals_needed < 1:
        raise WorkflowError("a version needs at least one approval")
    rosters.change(pf, owner, "rules", rules=asdict(new_rules))


def check_move(label: str, old: Status, new: Status) -> None:
    """Raise LockedVersionError or WorkflowError unless `old` → `new` is an allowed move."""
    if new in NEXT[old]:
        return
    if old.locked:
        raise LockedVersionError(f"version '{label}' is {old.title.lower()} and cannot become "
                                 f"{new.title.lower()}")
    raise WorkflowError(f"version '{label}' is {old.title.lower()} and cannot become {new.title.lower()}")


def own_steps(pf: PolicyFile, label: str, key_b64: str) -> str:
    """'wrote' or 'submitted' when the key signed version `label` or moved it into review, else ''."""
    stored = {info.label: info.content_hash for info in pf.versions()}.get(label)
    for signed in signing.read(pf):
        if not signed.valid or not signing.names(signed.record.get("label"), label, stored):
            continue
        if signed.kind == "version" and signed.record.get("author") == key_b64:
            return "wrote"
        if signed.kind == "status" and signed.record.get("to") == Status.IN_REVIEW.value \
                and signed.record.get("by") == key_b64:
            return "submitted"
    return ""


class Workflow:
    """Status moves and approvals of the versions in one open .policy file."""

    def __init__(self, pf: PolicyFile, clock: Callable[[], str] = now) -> None:
        self.pf = pf
        self.clock = clock

    def status(self, label: str) -> Status:
        """The version's status; VersionNotFoundError if there is none."""
        for info in self.pf.versions():
            if info.label == label:
                return info.status
        return self.pf.version(label).status  # raises VersionNotFoundError

    def _audited(self, label: str) -> None:
        """Refuse to move a version on from a status its audited changes never gave it: edited with
        another SQLite tool to skip a step, the next move would write over the evidence."""
        if problems := status_problems(self.pf, self.pf.audit_log(), only=label):
            raise WorkflowError(f"version {label} cannot move on: {problems[0]} "
                                f"(policyeditor info {self.pf.path.name} --verify)")

    def save_version(self, policy: Policy, label: str, *, author: str, note: str = "",
                     parent: str | None = None, identity: Identity | None = None) -> Version:
        """Save a new Draft version; a label already used by a locked version raises LockedVersionError.

        With `identity` the version is signed (and `author` is the identity's name).
        """
        label = checked_label(label)  # one that FILE.policy@LABEL names back
        existing = {info.label: info.status for info in self.pf.versions()}
        if label in existing and existing[label].locked:
            raise LockedVersionError(f"version '{label}' is {existing[label].title.lower()} "
                                     "and cannot be saved over; choose a new label")
        self._may(identity, "author", f"save version '{label}'")
        if identity is None:
            author = named(author, f"saves version '{label}'")
            return self.pf.save_version(policy, label, author=author, note=note, parent=parent)
        with self.pf.transaction():
            version = self.pf.save_version(policy, label, author=identity.name, note=note, parent=parent)
            signing.sign(self.pf, identity, version.label, signing.version_record(
                reviews.policy_id(self.pf), version.label, parent, version.content_hash, note,
                identity.public))
        return version

    def _may(self, identity: Identity | None, role: str, step: str) -> rosters.Roster:
        """RosterError unless the roster (when there is one) lets `identity` take `step` in `role`."""
        roster = rosters.current(self.pf)
        if not roster.exists:
            return roster
        if identity is None:
            raise rosters.RosterError(f"{self.pf.path.name} has a roster: choose your identity to {step}")
        if not roster.has(identity.public.key_b64, role):
            who, kind = identity.public.display(), rosters.with_article(role)
            raise rosters.RosterError(f"{who} is not on the roster of {self.pf.path.name} as {kind}, "
                                      f"so may not {step}")
        return roster

    def submit_for_review(self, label: str, actor: str, identity: Identity | None = None) -> None:
        """Draft → In review."""
        roster = self._may(identity, "author", f"submits version '{label}'")
        self._move(label, Status.IN_REVIEW, actor, identity, roster, f"submits version '{label}'")

    def withdraw(self, label: str, actor: str, identity: Identity | None = None) -> None:
        """In review → Draft, to change it before anyone approves it."""
        roster = self._may(identity, "author", f"withdraw version '{label}'")
        self._move(label, Status.DRAFT, actor, identity, roster, f"withdraws version '{label}'")

    def approve(self, label: str, reviewer: str, identity: Identity | None = None) -> Approval:
        """Record `reviewer`'s approval of an In review version and make it Approved.

        The approval carries the SHA-256 content hash of the version's stored
        text. The policy's rules apply: WorkflowError when the reviewer is the
        version's author or threads on the version are open.
        """
        reviewer = identity.name if identity is not None else named(reviewer, f"approves version '{label}'")
        version = self.pf.version(label)
        self._audited(label)
        signs_again = self._signs_unsigned(label, version.status, identity)
        if not signs_again:
            check_move(label, version.status, Status.APPROVED)
        roster = self._may(identity, "approver", f"approve version '{label}'")
        policy_rules = rules(self.pf)
        if policy_rules.no_self_approval and same_person(version.author, reviewer) and not roster.exists:
            raise WorkflowError(f"{version.author} wrote version '{label}' and cannot approve it")
        if policy_rules.no_self_approval and identity is not None:
            own = self._own_steps(label, identity)
            if own:
                raise WorkflowError(f"{identity.public.display()} {own} version '{label}' and cannot "
                                    "approve it")
        if policy_rules.resolved_before_approval and not signs_again:  # (then the rule held: it is locked)
            still_open = Comments(self.pf).open_count(label, all_versions=False)
            if still_open:
                plural = "s" if still_open > 1 else ""
                raise WorkflowError(f"version '{label}' has {still_open} open comment{plural}; "
                                    "resolve every comment before approving")
        stored_hash = version.policy.content_hash()
        if stored_hash != version.content_hash:
            raise PolicyFileError(f"version '{label}' no longer matches its content hash; "
                                  "the file was changed outside policyeditor")
        approval = Approval(id=uuid.uuid4().hex, version=label, reviewer=reviewer, created=self.clock(),
                            content_hash=stored_hash)
        if identity is None:
            reviews.record_approval(self.pf, approval.__dict__.copy(), status_from=version.status)
            return approval
        if identity.public.key_b64 in self.approvers(label):
            raise WorkflowError(f"{identity.public.display()} has already approved version '{label}'")
        with self.pf.transaction():
            approvers = self.approvers(label) | {identity.public.key_b64}
            enough = len(approvers) >= policy_rules.approvals_needed and not signs_again
            reviews.record_approval(self.pf, approval.__dict__.copy(),
                                    status_from=version.status if enough else None)
            signing.sign(self.pf, identity, approval.id, signing.approval_record(
                reviews.policy_id(self.pf), label, approval.id, stored_hash, identity.public, roster.head))
        return approval

    def _signs_unsigned(self, label: str, status: Status, identity: Identity | None) -> bool:
        """Whether approving the locked version `label` is its approver signing the approval they made
        without a key (before the policy had a roster): a signed approval of the same text, beside it,
        which the library takes (it never takes the unsigned one). WorkflowError when it is locked and
        that cannot be so; False when it is not locked. (Without a roster an unsigned approval is the
        rule: nothing to sign.)"""
        if not status.locked:
            return False
        unsigned = signable_again(self.pf, label)
        if not unsigned:
            check_move(label, status, Status.APPROVED)  # refused: locked for ever
        if identity is None:
            raise WorkflowError(f"version '{label}' is {status.title.lower()} already; choose your identity "
                                "to sign the approval made without a key")
        if not among(identity.name, unsigned):
            raise WorkflowError(f"version '{label}' is {status.title.lower()} already; only its approval by "
                                f"{', '.join(sorted(unsigned))}, made without a key, can be signed now")
        return True

    def approvers(self, label: str) -> set[str]:
        """The keys (base64) whose valid signed approvals of version `label` match its stored text."""
        current = self.pf.version(label).policy.content_hash()
        return {s.signer.key_b64 for s in signing.read(self.pf, "approval")
                if s.valid and signing.names(s.record.get("label"), label, current)
                and s.record.get("content_hash") == current}

    def _own_steps(self, label: str, identity: Identity) -> str:
        return own_steps(self.pf, label, identity.public.key_b64)

    def publish(self, label: str, actor: str, identity: Identity | None = None) -> list[str]:
        """Approved → Published; the version published before becomes Superseded. Returns those labels."""
        status = self.status(label)
        check_move(label, status, Status.PUBLISHED)
        roster = self._may(identity, "approver", f"publish version '{label}'")
        if identity is None:
            actor = named(actor, f"publishes version '{label}'")
        older = [info.label for info in self.pf.versions()
                 if info.status == Status.PUBLISHED and info.label != label]
        changes = [(label, status, Status.PUBLISHED)]
        changes += [(old, Status.PUBLISHED, Status.SUPERSEDED) for old in older]
        if identity is None:
            reviews.change_statuses(self.pf, changes, actor=actor)
            return older
        with self.pf.transaction():
            reviews.change_statuses(self.pf, changes, actor=identity.name)
            for changed, old, new in changes:
                content_hash = self.pf.version(changed).policy.content_hash()
                signing.sign(self.pf, identity, changed, signing.status_record(
                    reviews.policy_id(self.pf), changed, old.value, new.value, content_hash, identity.public,
                    roster.head))
        return older

    def approvals(self, label: str | None = None) -> list[Approval]:
        """The approvals of version `label` (of every version when None), oldest first."""
        return [Approval.from_row(row) for row in reviews.approval_rows(self.pf, label)]

    def _move(self, label: str, new: Status, actor: str, identity: Identity | None = None,
              roster: rosters.Roster | None = None, step: str = "") -> None:
        old = self.status(label)
        check_move(label, old, new)
        self._audited(label)
        if identity is None:
            reviews.change_statuses(self.pf, [(label, old, new)],
                                    actor=named(actor, step or f"moves version '{label}'"))
            return
        with self.pf.transaction():
            reviews.change_statuses(self.pf, [(label, old, new)], actor=identity.name)
            content_hash = self.pf.version(label).policy.content_hash()
            signing.sign(self.pf, identity, label, signing.status_record(
                reviews.policy_id(self.pf), label, old.value, new.value, content_hash, identity.public,
                roster.head if roster else None))

