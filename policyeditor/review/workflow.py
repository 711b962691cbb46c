"""A version's way from Draft through In review and Approved to Published, and who may move it.

Allowed moves: Draft → In review (submit), In review → Draft (withdraw),
In review → Approved (approve), Approved → Published (publish); publishing a
version supersedes the version published before it. Nothing leaves Approved,
Published or Superseded backwards: those versions are locked for ever.

The rules a policy chooses are kept in its file (meta `review_rules`):
`resolved_before_approval` (every thread on the version resolved first) and
`no_self_approval` (the version's author cannot approve it); both default on.
Each move is stored with its audit entry in one transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass

from policyeditor.core.errors import LockedVersionError, PolicyFileError, WorkflowError
from policyeditor.core.model import Policy, Status, Version
from policyeditor.review.comments import Comments
from policyeditor.store import reviews
from policyeditor.store.clock import now
from policyeditor.store.policyfile import PolicyFile

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
    """The policy's review rules (the defaults when it never set any)."""
    stored = reviews.meta_value(pf, RULES_KEY)
    if not stored:
        return ReviewRules()
    known = {key: bool(value) for key, value in json.loads(stored).items()
             if key in ReviewRules.__dataclass_fields__}
    return ReviewRules(**known)


def set_rules(pf: PolicyFile, new_rules: ReviewRules, *, actor: str) -> None:
    """Store the policy's review rules; the change is audited."""
    reviews.set_meta_value(pf, RULES_KEY, json.dumps(asdict(new_rules), sort_keys=True), actor=actor)


def check_move(label: str, old: Status, new: Status) -> None:
    """Raise LockedVersionError or WorkflowError unless `old` → `new` is an allowed move."""
    if new in NEXT[old]:
        return
    if old.locked:
        raise LockedVersionError(f"version '{label}' is {old.title.lower()} and cannot become "
                                 f"{new.title.lower()}")
    raise WorkflowError(f"version '{label}' is {old.title.lower()} and cannot become {new.title.lower()}")


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

    def save_version(self, policy: Policy, label: str, *, author: str, note: str = "",
                     parent: str | None = None) -> Version:
        """Save a new Draft version; a label already used by a locked version raises LockedVersionError."""
        existing = {info.label: info.status for info in self.pf.versions()}
        if label.strip() in existing and existing[label.strip()].locked:
            raise LockedVersionError(f"version '{label.strip()}' is {existing[label.strip()].title.lower()} "
                                     "and cannot be saved over; choose a new label")
        return self.pf.save_version(policy, label, author=author, note=note, parent=parent)

    def submit_for_review(self, label: str, actor: str) -> None:
        """Draft → In review."""
        self._move(label, Status.IN_REVIEW, actor)

    def withdraw(self, label: str, actor: str) -> None:
        """In review → Draft, to change it before anyone approves it."""
        self._move(label, Status.DRAFT, actor)

    def approve(self, label: str, reviewer: str) -> Approval:
        """Record `reviewer`'s approval of an In review version and make it Approved.

        The approval carries the SHA-256 content hash of the version's stored
        text. The policy's rules apply: WorkflowError when the reviewer is the
        version's author or threads on the version are open.
        """
        if not reviewer.strip():
            raise WorkflowError("set your name in the preferences before approving")
        version = self.pf.version(label)
        check_move(label, version.status, Status.APPROVED)
        policy_rules = rules(self.pf)
        if policy_rules.no_self_approval and version.author == reviewer:
            raise WorkflowError(f"{reviewer} wrote version '{label}' and cannot approve it")
        if policy_rules.resolved_before_approval:
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
        reviews.record_approval(self.pf, approval.__dict__.copy(), status_from=version.status)
        return approval

    def publish(self, label: str, actor: str) -> list[str]:
        """Approved → Published; the version published before becomes Superseded. Returns those labels."""
        status = self.status(label)
        check_move(label, status, Status.PUBLISHED)
        older = [info.label for info in self.pf.versions()
                 if info.status == Status.PUBLISHED and info.label != label]
        changes = [(label, status, Status.PUBLISHED)]
        changes += [(old, Status.PUBLISHED, Status.SUPERSEDED) for old in older]
        reviews.change_statuses(self.pf, changes, actor=actor)
        return older

    def approvals(self, label: str | None = None) -> list[Approval]:
        """The approvals of version `label` (of every version when None), oldest first."""
        return [Approval.from_row(row) for row in reviews.approval_rows(self.pf, label)]

    def _move(self, label: str, new: Status, actor: str) -> None:
        old = self.status(label)
        check_move(label, old, new)
        reviews.change_statuses(self.pf, [(label, old, new)], actor=actor)

