"""Merge review from…: bring a reviewer's comments, replies, approvals and status moves home.

A reviewer gets a copy of the .policy file, works in it offline and sends it
back. Ids decide what is new, never text, so merging the same copy twice adds
nothing the second time. What comes in:

- comments and replies whose id the file lacks, as they are in the copy;
- changes to comments both files hold (edited, resolved, reopened, deleted)
  made in the copy after it was copied (where the two audit logs part); when
  both files changed a comment since, the later change wins, a tie keeps ours;
- approvals whose id the file lacks, when the approved version holds the same
  text here (same content hash);
- status moves forward (Draft → … → Superseded), never back: a version locked
  here stays locked.

Versions that exist only in the copy are not brought in (saving versions is
the author's work); the report says so. Each item that comes in gets its own
audit entry, naming the copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Status
from policyeditor.store import reviews
from policyeditor.store.audit import AuditEntry
from policyeditor.store.policyfile import PolicyFile

ORDER = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.SUPERSEDED]


@dataclass
class MergeReport:
    """What a merge brought in: counts, and a line per item for the reader."""

    source: str
    comments: int = 0
    replies: int = 0
    updated: int = 0
    approvals: int = 0
    statuses: int = 0
    lines: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.comments + self.replies + self.updated + self.approvals + self.statuses

    def summary(self) -> str:
        """One sentence: 'From review.policy: 2 comments, 1 reply, ...' or that nothing was new."""
        if not self.total:
            return f"Nothing new in {self.source}."
        parts = [(self.comments, "comment"), (self.replies, "reply"), (self.updated, "comment change"),
                 (self.approvals, "approval"), (self.statuses, "status change")]
        counted = [f"{n} {word if n == 1 else ('replies' if word == 'reply' else word + 's')}"
                   for n, word in parts if n]
        return f"From {self.source}: " + ", ".join(counted) + "."


def _fork(mine: list[AuditEntry], theirs: list[AuditEntry]) -> int:
    """The last audit entry both files share: where the copy was made (0 if none)."""
    shared = 0
    for a, b in zip(mine, theirs, strict=False):
        if (a.seq, a.hash) != (b.seq, b.hash):
            break
        shared = a.seq
    return shared


def _changed_since(entries: list[AuditEntry], fork: int, *, ignore_source: str = "") -> dict[str, str]:
    """For each comment changed after `fork`, the time of its last change.

    Changes merged in before from `ignore_source` do not count as this file's:
    they were the copy's, and the copy may hold later ones.
    """
    times: dict[str, str] = {}
    for entry in entries:
        if (entry.seq > fork and entry.action.startswith("comment.")
                and not (ignore_source and entry.payload.get("merged_from") == ignore_source)):
            times[entry.subject] = entry.time
    return times


def merge_review(pf: PolicyFile, copy_path: Path | str, *, actor: str) -> MergeReport:
    """Bring in what a reviewer's copy of this policy adds; returns the report.

    PolicyFileError when the copy is of another policy or cannot be opened.
    The copy is only read.
    """
    copy_path = Path(copy_path)
    with PolicyFile.open(copy_path, readonly=True) as theirs:
        if reviews.policy_id(theirs) != reviews.policy_id(pf):
            raise PolicyFileError(f"{copy_path.name} is a copy of another policy, not of {pf.path.name}; "
                                  "nothing was merged")
        report = MergeReport(source=copy_path.name)
        _merge_comments(pf, theirs, actor, report)
        _merge_approvals_and_statuses(pf, theirs, actor, report)
    return report


def _merge_comments(pf: PolicyFile, theirs: PolicyFile, actor: str, report: MergeReport) -> None:
    mine = {row["id"]: row for row in reviews.comment_rows(pf)}
    my_log, their_log = pf.audit_log(), theirs.audit_log()
    fork = _fork(my_log, their_log)
    mine_changed = _changed_since(my_log, fork, ignore_source=report.source)
    theirs_changed = _changed_since(their_log, fork)
    payload = {"merged_from": report.source}
    for row in reviews.comment_rows(theirs):  # in the order written: a thread before its replies
        what = "reply" if row["parent_id"] else "comment"
        quoted = f"\"{row['quote']}\"" if row["quote"] else "a thread"
        if row["id"] not in mine:
            reviews.write_comment(pf, row, actor=actor, action="comment.merged", payload=payload)
            if row["parent_id"]:
                report.replies += 1
            else:
                report.comments += 1
            report.lines.append(f"new {what} by {row['author']} on {quoted}")
            continue
        here = mine[row["id"]]
        if reviews.record_hash(row, reviews.COMMENT_RECORDED) == reviews.record_hash(
                here, reviews.COMMENT_RECORDED):
            continue
        if row["id"] not in theirs_changed:
            continue  # the copy holds it as it was when copied: the change is this file's
        if row["id"] in mine_changed and theirs_changed[row["id"]] <= mine_changed[row["id"]]:
            report.skipped.append(f"kept this file's later change to the {what} by {row['author']}")
            continue
        # The place stays this file's: it follows this file's draft.
        merged = {**row, **{c: here[c] for c in reviews.PLACE_COLUMNS}}
        reviews.write_comment(pf, merged, actor=actor, action="comment.merged", payload=payload)
        report.updated += 1
        change = "deleted" if row["deleted"] and not here["deleted"] else (
            row["state"] if row["state"] != here["state"] else "edited")
        report.lines.append(f"{what} by {row['author']} on {quoted}: {change}")


def _merge_approvals_and_statuses(pf: PolicyFile, theirs: PolicyFile, actor: str,
                                  report: MergeReport) -> None:
    mine = {info.label: info for info in pf.versions()}
    payload = {"merged_from": report.source}
    known = {row["id"] for row in reviews.approval_rows(pf)}
    for row in reviews.approval_rows(theirs):
        label = row["version"]
        if row["id"] in known:
            continue
        if label not in mine:
            report.skipped.append(f"approval of version {label} by {row['reviewer']}: "
                                  "this file has no such version")
            continue
        if pf.version(label).policy.content_hash() != row["content_hash"]:
            report.skipped.append(f"approval of version {label} by {row['reviewer']}: "
                                  "it approved different text than this file's version holds")
            continue
        reviews.record_approval(pf, row, status_from=None, payload=payload)
        report.approvals += 1
        report.lines.append(f"approval of version {label} by {row['reviewer']} ({row['created']})")
    approved_here = {row["version"] for row in reviews.approval_rows(pf)}
    for info in theirs.versions():
        here = mine.get(info.label)
        if here is None:
            report.skipped.append(f"version {info.label} exists only in {report.source}: not merged")
            continue
        if here.content_hash != info.content_hash:
            report.skipped.append(f"version {info.label} holds different text in {report.source}")
            continue
        if ORDER.index(info.status) <= ORDER.index(here.status):
            continue
        if info.status.locked and info.label not in approved_here:
            report.skipped.append(f"version {info.label} is {info.status.title.lower()} in "
                                  f"{report.source} without an approval that could be merged")
            continue
        reviews.change_statuses(pf, [(info.label, here.status, info.status)], actor=actor, payload=payload)
        report.statuses += 1
        report.lines.append(f"version {info.label}: {here.status.title.lower()} → "
                            f"{info.status.title.lower()}")
