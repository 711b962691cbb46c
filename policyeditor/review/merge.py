"""Merge review from…: bring a reviewer's comments, replies, approvals and status moves home.

A reviewer gets a copy of the .policy file, works in it offline and sends it
back. The copy is a file someone else made, so it is trusted for nothing its
signatures and this file's rules do not vouch for (issue 14). Ids decide what
is new, never text, so merging the same copy twice adds nothing. What comes in,
all in one transaction (a refusal leaves this file as it was):

- comments and replies whose id this file lacks; a reply needs its thread, in
  this file or the copy, and is never its own parent (else the merge is refused);
- of a comment both files hold: its state (resolved, reopened) when the copy
  changed it after it was copied (where the two audit logs part) and this file
  did not; its words, or its deletion, only when the comment came from that
  copy in the first place. Who wrote a comment, when and on what never changes,
  and a change made here is never overridden, whatever the copy's clock says;
- approvals and status moves signed with a key (review/signing.py), valid, made
  for this policy and this text, and allowed by the same rules as the window's
  (review/workflow.py): the move follows from the status here, the signer held
  the role the step needs on the roster its record names, wherever this file's
  roster went since (`roster.step_problem`, the rule of `info --verify` and the
  library; a record naming none: the roster now), no one approves what they
  wrote or submitted, every comment is resolved first, an approval's time lies
  between the version's saving and now. Each is recorded under the name its
  signer signed, with the signature copied in, so `info --verify` checks it.

Versions that exist only in the copy are not brought in (saving versions is
the author's work); the report says so, and says why each refused step was.
Each item that comes in gets its own audit entry, naming the copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from policyeditor.core.errors import LockedVersionError, PolicyFileError, WorkflowError
from policyeditor.core.model import Status
from policyeditor.core.people import among, same_person
from policyeditor.review import roster as rosters
from policyeditor.review import signature_checks, signing
from policyeditor.review.approvers import signable_again, unsigned_approvers
from policyeditor.review.comments import Comments
from policyeditor.review.workflow import check_move, own_steps, rules
from policyeditor.store import clock, reviews, signatures
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

    PolicyFileError, in one sentence and with nothing merged, when the copy is
    of another policy, cannot be opened, or holds a reply without its thread.
    The copy is only read.
    """
    copy_path = Path(copy_path)
    with PolicyFile.open(copy_path, readonly=True) as theirs:
        if reviews.policy_id(theirs) != reviews.policy_id(pf):
            raise PolicyFileError(f"{copy_path.name} is a copy of another policy, not of {pf.path.name}; "
                                  "nothing was merged")
        report = MergeReport(source=copy_path.name)
        with pf.transaction():  # all or nothing: a refusal below rolls back what came in before it
            _merge_comments(pf, theirs, actor, report)
            _merge_signed_steps(pf, theirs, actor, report)
            _tell_unsigned(pf, theirs, report)
    return report


# -- comments ---------------------------------------------------------------------------

FIXED = ("version", "section_id", "quote", "author", "initials", "created", "parent_id")  # never rewritten
WORDS = ("body", "edited", "deleted")  # its writer's


def _refuse(report: MergeReport, why: str) -> PolicyFileError:
    return PolicyFileError(f"{report.source} cannot be merged: {why}; nothing was merged")


def _merge_comments(pf: PolicyFile, theirs: PolicyFile, actor: str, report: MergeReport) -> None:
    mine = {row["id"]: row for row in reviews.comment_rows(pf)}
    labels = {info.label for info in pf.versions()}
    my_log, their_log = pf.audit_log(), theirs.audit_log()
    fork = _fork(my_log, their_log)
    mine_changed = _changed_since(my_log, fork, ignore_source=report.source)
    theirs_changed = _changed_since(their_log, fork)
    from_copy = _came_from(my_log, report.source)
    payload = {"merged_from": report.source, "merged_by": actor}
    for row in reviews.comment_rows(theirs):  # in the order written: a thread before its replies
        _check_types(row, report)
        what = "reply" if row["parent_id"] else "comment"
        quoted = f"\"{row['quote']}\"" if row["quote"] else "a thread"
        if row["id"] not in mine:
            _check_parent(row, mine, report)
            if row["version"] is not None and row["version"] not in labels:
                report.skipped.append(f"{what} by {row['author']} on version {row['version']}: this file "
                                      "has no such version")
                continue
            reviews.write_comment(pf, row, actor=actor, action="comment.merged", payload=payload)
            mine[row["id"]] = row
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
        whose = f"the {what} by {here['author']}"
        if any(row[c] != here[c] for c in FIXED):
            report.skipped.append(f"{whose}: the copy changes who wrote it, when or on what; not merged")
            continue
        if row["id"] in mine_changed:  # never settled by the copy's clock
            report.skipped.append(f"kept this file's change to {whose}: it was changed here too")
            continue
        merged = {**here, "state": row["state"]}
        if any(row[c] != here[c] for c in WORDS):
            if row["id"] not in from_copy:
                report.skipped.append(f"{whose}: the copy rewrites or deletes what someone else wrote "
                                      "here; not merged")
                if row["state"] == here["state"]:
                    continue
            else:
                merged.update({c: row[c] for c in WORDS})
        reviews.write_comment(pf, merged, actor=actor, action="comment.merged", payload=payload)
        mine[row["id"]] = merged
        report.updated += 1
        change = "deleted" if merged["deleted"] and not here["deleted"] else (
            merged["state"] if merged["state"] != here["state"] else "edited")
        report.lines.append(f"{what} by {row['author']} on {quoted}: {change}")


def _check_types(row: reviews.Row, report: MergeReport) -> None:
    """The store refuses a copy of the wrong types when it opens it; this says why a row cannot come in."""
    texts = ("id", "section_id", "quote", "author", "initials", "created", "body", "state")
    bad = [c for c in texts if not isinstance(row[c], str)] + [
        c for c in ("version", "parent_id", "edited") if row[c] is not None and not isinstance(row[c], str)]
    if bad or row["state"] not in ("open", "resolved") or row["deleted"] not in (0, 1):
        raise _refuse(report, f"its comment {str(row['id'])[:12]} is damaged ({', '.join(bad) or 'state'})")


def _check_parent(row: reviews.Row, mine: dict[str, reviews.Row], report: MergeReport) -> None:
    parent = row["parent_id"]
    if parent is None:
        return
    who = f"the reply by {row['author']}"
    if parent == row["id"]:
        raise _refuse(report, f"{who} is its own thread")
    if parent not in mine:
        raise _refuse(report, f"{who} answers a thread that is in neither file")
    if mine[parent]["parent_id"] is not None:
        raise _refuse(report, f"{who} answers a reply, not a thread")


def _came_from(entries: list[AuditEntry], source: str) -> set[str]:
    """The comments this file first got by merging the copy named `source`: that copy may edit them."""
    first: dict[str, AuditEntry] = {}
    for entry in entries:
        if entry.action.startswith("comment."):
            first.setdefault(entry.subject, entry)
    return {subject for subject, entry in first.items()
            if entry.action == "comment.merged" and entry.payload.get("merged_from") == source}


# -- signed steps: approvals and status moves ----------------------------------------------------

FUTURE_SLACK = timedelta(minutes=5)  # clocks of two machines differ a little


def _merge_signed_steps(pf: PolicyFile, theirs: PolicyFile, actor: str, report: MergeReport) -> None:
    policy_id = reviews.policy_id(pf)
    have = {row.signature for row in signatures.rows(pf)}
    their_approvals = {row["id"]: row for row in reviews.approval_rows(theirs)}
    for row in signatures.rows(theirs):
        if row.kind not in ("approval", "status") or row.signature in have:
            continue
        signed = signing.check(row, policy_id)
        if not signed.valid:
            report.skipped.append(f"{signed.problem}: not merged")
            continue
        label = signed.record.get("label")
        name = str(signed.record.get("by_name") or signed.signer.name)
        who = f"{name} ({signed.signer.fingerprint[:16]})"
        label_here = _named_here(pf, label, signed.record.get("content_hash"))
        if label_here is None:
            report.skipped.append(f"{signed.kind} of version {label} by {who}: this file has no such version")
            continue
        here = pf.version(label_here)  # its text checked against its hash: altered text stops the merge
        label = here.label
        step = f"approval of version {label} by {who}" if signed.kind == "approval" else \
            f"status change of version {label} by {who}"
        if signed.record.get("content_hash") != here.policy.content_hash():
            report.skipped.append(f"{step}: it was signed for different text than this file's version holds")
            continue
        why = (_approval(pf, signed, their_approvals, here, name, actor, report) if signed.kind == "approval"
               else _status(pf, signed, here, name, actor, report))
        if why:
            report.skipped.append(f"{step}: {why}; not merged")
            continue
        signing.copy_in(pf, row, signed)
        have.add(row.signature)


def _named_here(pf: PolicyFile, label: object, content_hash: object) -> str | None:
    """The label in `pf` of the version a record signed for version `label` of the text hashed
    `content_hash` names: its own, or the one a library sync renamed it to because another text holds
    that label here (`signing.names`); of two, the one holding that text. None: no such version."""
    named = [info for info in pf.versions() if signing.names(label, info.label, info.content_hash)]
    same_text = [info.label for info in named if info.content_hash == content_hash]
    return (same_text or [info.label for info in named] or [None])[0]


def _roster_refusal(pf: PolicyFile, signed: signing.Signed) -> str:
    """Why the roster does not let the signed step stand, or '': `roster.step_problem`'s rule, as
    info --verify, the library and a receiving copy hold it (a record naming no head: the roster now,
    when it comes in)."""
    history = rosters.history(pf)
    why = rosters.step_refusal(signed, history, history.current, "this file")
    return f"it {why}" if why else ""


def _approval(pf: PolicyFile, signed: signing.Signed, theirs: dict[str, reviews.Row], here, name: str,
              actor: str, report: MergeReport) -> str:
    """Record the approval `signed` vouches for; why not, when the rules refuse it."""
    row = theirs.get(str(signed.record.get("approval")))
    label, key = here.label, signed.signer.key_b64
    if row is None or not signing.names(signed.record.get("label"), row["version"], here.content_hash) \
            and row["version"] != label:
        return "the copy holds no approval for that signature"
    if row["id"] in {r["id"] for r in reviews.approval_rows(pf)}:
        return "this file holds that approval already"
    try:
        check_move(label, here.status, Status.APPROVED)
    except WorkflowError as exc:  # LockedVersionError too
        return str(exc)
    refused = _roster_refusal(pf, signed)
    if refused:
        return refused
    if not _plausible_time(row["created"], here.created):
        return f"its time {row['created']!r} is before the version was saved, in the future, or no time"
    policy_rules = rules(pf)
    if policy_rules.no_self_approval:
        own = own_steps(pf, label, key) or ("wrote" if same_person(here.author, name) and not
                                             rosters.current(pf).exists else "")
        if own:
            return f"{name} {own} version '{label}' and cannot approve it"
    if policy_rules.resolved_before_approval:
        still_open = Comments(pf).open_count(label, all_versions=False)
        if still_open:
            return f"version '{label}' has {still_open} open comment{'s' if still_open > 1 else ''}"
    from policyeditor.review.workflow import Workflow

    approvers = Workflow(pf).approvers(label)
    if key in approvers:
        return f"{name} has approved version '{label}' already"
    enough = len(approvers | {key}) >= policy_rules.approvals_needed
    approval = {**row, "version": label, "reviewer": name, "content_hash": here.policy.content_hash()}
    reviews.record_approval(pf, approval, status_from=here.status if enough else None,
                            payload={"merged_from": report.source, "merged_by": actor})
    report.approvals += 1
    report.lines.append(f"approval of version {label} by {name} ({row['created']})")
    if enough:
        report.statuses += 1
        report.lines.append(f"version {label}: {here.status.title.lower()} → approved")
    return ""


def _plausible_time(created: object, saved: str) -> bool:
    try:
        when = datetime.strptime(str(created), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        since = datetime.strptime(saved, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        latest = datetime.strptime(clock.now(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) + FUTURE_SLACK
    except ValueError:
        return False
    return since <= when <= latest


def _status(pf: PolicyFile, signed: signing.Signed, here, name: str, actor: str, report: MergeReport) -> str:
    """Make the status move `signed` vouches for; why not, when the rules refuse it."""
    label = here.label
    try:
        old, new = Status(signed.record.get("from")), Status(signed.record.get("to"))
    except ValueError:
        return "its record names a status policyeditor does not know"
    if new == Status.APPROVED:
        return "a version becomes approved by its approvals, not by a status change"
    if here.status != old:
        if ORDER.index(here.status) >= ORDER.index(new):
            return f"version '{label}' is {here.status.title.lower()} here already"
        return f"version '{label}' is {here.status.title.lower()} here, not {old.title.lower()}"
    try:
        check_move(label, old, new)
    except (WorkflowError, LockedVersionError) as exc:
        return str(exc)
    refused = _roster_refusal(pf, signed)
    if refused:
        return refused
    if new == Status.SUPERSEDED and not any(
            info.status == Status.PUBLISHED and info.label != label for info in pf.versions()):
        return "no later version was published in its place"
    reviews.change_statuses(pf, [(label, old, new)], actor=name,
                            payload={"merged_from": report.source, "merged_by": actor})
    report.statuses += 1
    report.lines.append(f"version {label}: {old.title.lower()} → {new.title.lower()}")
    return ""


def _tell_unsigned(pf: PolicyFile, theirs: PolicyFile, report: MergeReport) -> None:
    """Say what the copy holds that no signature brought in: unsigned approvals, statuses, new versions."""
    signed_ids = {s.record.get("approval") for s in signing.read(theirs, "approval") if s.valid}
    known = {row["id"] for row in reviews.approval_rows(pf)}
    told: set[str] = set()  # versions whose unsigned approval is told: why their status stays too
    for row in reviews.approval_rows(theirs):
        label = row["version"]
        if row["id"] in known or row["id"] in signed_ids \
                or row["reviewer"] not in unsigned_approvers(theirs, label):
            continue  # here already, signed, or signed since by its approver (that signature came on its own)
        report.skipped.append(_unsigned_approval(pf, theirs, row, report.source))
        told.add(label)
    mine = {info.label: info for info in pf.versions()}
    for info in theirs.versions():
        here = mine.get(_named_here(pf, info.label, info.content_hash) or info.label)
        if here is None:
            report.skipped.append(f"version {info.label} exists only in {report.source}: not merged")
        elif ORDER.index(info.status) > ORDER.index(here.status) and info.label not in told:
            report.skipped.append(f"version {info.label} is {info.status.title.lower()} in {report.source} "
                                  f"but stays {here.status.title.lower()} here: no signed step allowed "
                                  "by this file's rules brings it there")


def _unsigned_approval(pf: PolicyFile, theirs: PolicyFile, row: reviews.Row, source: str) -> str:
    """One sentence for the reader: the copy's approval made without a key did not come in, why, and
    what brings it in (its approver approves the version again with their key, in the copy when it
    lets them, else in a fresh copy of this file, and sends that back), as the library's "kept back"
    says it (library.signed.unsigned_kept)."""
    label, name = row["version"], row["reviewer"]
    before = rosters.current(pf).exists and (
        not rosters.current(theirs).exists
        or row["id"] in signature_checks.before_roster(theirs, theirs.audit_log()).approvals)
    told = (f"approval of version {label} under the name {name}: not merged, because it is not signed with "
            f"a key{' (it was made before the policy had a roster)' if before else ''} and only signed "
            "approvals come in from a copy")
    here = {info.label: info.status for info in pf.versions()}.get(label)
    if here is None:
        return f"{told}; this file has no version {label}"
    if here != Status.IN_REVIEW:
        state = "a draft" if here == Status.DRAFT else here.title.lower()
        return f"{told}; version {label} is {state} here, so no approval of it can come in now"
    there = {info.label: info.status for info in theirs.versions()}.get(label)
    # in the copy: approving with a key where it is in review, or signing the approval made without one
    in_copy = there == Status.IN_REVIEW or among(name, signable_again(theirs, label))
    where = source if in_copy else f"a fresh copy of {pf.path.name}"
    return (f"{told}; {name} can bring it in by approving version {label} again with their key in {where} "
            "and sending that back")
