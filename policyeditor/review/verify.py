"""Every check of a .policy file's record, in one place; `policyeditor info FILE --verify` runs them.

What is checked, each finding one sentence:

- the audit chain (each entry's hash covers it and the hash before it, see
  `store.audit`), and that it ends at the head the file records, which catches
  removed last entries;
- each version's stored sections still hash to its content hash, and its
  `version.saved` audit entry names that hash, author, parent and note; no
  version the log recorded is gone;
- each version's status is the one its last audited status change gave it;
- each approval row matches the `record` hash of its audit entry, and its
  content hash its version's stored text; a locked version has an approval;
- each comment row matches the `record` hash of its last audit entry.

Anyone editing the file with another SQLite tool must rewrite the whole chain
from that point to stay unseen, and the recorded head catches that too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Status
from policyeditor.review import signature_checks
from policyeditor.review.audited import status_problems
from policyeditor.review.identity import PublicIdentity
from policyeditor.store import reviews
from policyeditor.store.audit import GENESIS, AuditEntry, chain_problems, head_mark
from policyeditor.store.policyfile import PolicyFile
from policyeditor.store.versions import VersionInfo


def history_problems(pf: PolicyFile, entries: list[AuditEntry]) -> list[str]:
    """The audit chain and its recorded head, and the versions against their hashes and audit entries."""
    problems = chain_problems(entries)
    last = head_mark(entries[-1].seq, entries[-1].hash) if entries else GENESIS
    if pf.audit_head() != last:
        problems.append("the audit log does not end where it last ended: entries were removed")
    saved = {e.subject: e for e in entries if e.action == "version.saved"}
    recorded = {label: e.payload.get("content_hash") for label, e in saved.items()}
    versions = pf.versions()
    for label in saved.keys() - {info.label for info in versions}:
        problems.append(f"version '{label}' was removed from the file")
    for info in versions:
        entry = saved.get(info.label)
        if entry is not None and (entry.actor, entry.payload.get("parent"), entry.payload.get("note")) \
                != (info.author, info.parent, info.note):
            problems.append(f"version '{info.label}' does not match its audit log entry "
                            "(its author, parent or note was edited)")
        try:
            stored = pf.version(info.label, checked=False).policy.content_hash()
        except PolicyFileError:
            problems.append(f"version '{info.label}' cannot be read: its stored sections are gone")
            continue
        if stored != info.content_hash:
            problems.append(f"version '{info.label}' was changed after it was saved")
        if recorded.get(info.label) != info.content_hash:
            problems.append(f"version '{info.label}' does not match its audit log entry")
    return problems


def approval_problems(pf: PolicyFile, entries: list[AuditEntry], only: str | None = None,
                      unapproved: bool = True) -> list[str]:
    """Each approval (of version `only`, when given) against its audit entry and its version's stored
    text; locked versions approved (with `unapproved`)."""
    recorded = {e.payload.get("approval"): e.payload.get("record") for e in entries
                if e.action == "version.approved" and (only is None or e.subject == only)}
    problems = []
    rows = [row for row in reviews.approval_rows(pf) if only is None or row["version"] == only]
    stored_hashes: dict[str, str | None] = {}
    for row in rows:
        label = row["version"]
        who = f"the approval of version {label} by {row['reviewer']}"
        if row["id"] not in recorded:
            problems.append(f"{who} is not in the audit log: it was added outside policyeditor")
        elif recorded[row["id"]] != reviews.record_hash(row, reviews.APPROVAL_COLUMNS):
            problems.append(f"{who} was altered after it was written")
        if label not in stored_hashes:
            try:
                stored_hashes[label] = pf.version(label, checked=False).policy.content_hash()
            except Exception:  # the version itself is missing or unreadable
                stored_hashes[label] = None
        if stored_hashes[label] is None:
            problems.append(f"version {label}, approved by {row['reviewer']}, cannot be read")
        elif stored_hashes[label] != row["content_hash"]:
            problems.append(f"version {label} changed after approval: its content hash no longer matches")
    for approval_id in recorded.keys() - {row["id"] for row in rows}:
        problems.append(f"approval {str(approval_id)[:8]} was removed from the file")
    approved = {row["version"] for row in rows}
    for info in pf.versions():
        if unapproved and info.status.locked and info.label not in approved \
                and (only is None or info.label == only):
            problems.append(f"version {info.label} is {info.status.title.lower()} but has no approval")
    return problems


def standing_problems(pf: PolicyFile, label: str, entries: list[AuditEntry] | None = None) -> list[str]:
    """Why version `label`, marked approved or later, is not shown so by its record; [] when it is.

    What every reader checks before it shows a version as approved (`refs.load_ref`, the
    window's export): its status is the one its audited changes gave it, and an approval
    recorded in the audit log holds its text, none was removed. A status or an approval row
    edited with another SQLite tool is otherwise seen only by `info --verify`. The version's
    own text is checked by every read of it (store.versions). A version whose audited status
    change made it approved with no approval at all (`PolicyFile.set_status`, which no
    command uses alone) is left to `--verify`, as are signatures (`export --sign` needs both).
    `entries`: the audit log when the caller has read it (`unverified` checks many versions).
    """
    entries = pf.audit_log() if entries is None else entries
    problems = status_problems(pf, entries, only=label)
    return problems + [p for p in approval_problems(pf, entries, only=label, unapproved=False)
                       if p not in problems]


def unverified(pf: PolicyFile, versions: Iterable[VersionInfo] | None = None) -> dict[str, str]:
    """For each of `versions` (default: all) marked approved or later whose record does not show it so,
    the first of its `standing_problems`: what `info` and the window's version lists say instead of
    its status. Only locked versions are checked, the audit log read once."""
    locked = [info for info in (pf.versions() if versions is None else versions) if info.status.locked]
    entries = pf.audit_log() if locked else []
    return {info.label: problems[0] for info in locked
            if (problems := standing_problems(pf, info.label, entries))}


def newest_standing(versions: Iterable[tuple[str, Status]],
                    unverified: Mapping[str, str] | None = None) -> str | None:
    """The label of the newest approved (or published) of `versions` (oldest first) that is not
    `unverified`; None when there is none. The window's base and the export dialog's version."""
    standing = [label for label, status in versions if status in (Status.APPROVED, Status.PUBLISHED)
                and label not in (unverified or {})]
    return standing[-1] if standing else None


def _last_records(entries: list[AuditEntry], prefix: str) -> dict[str, str]:
    """For each subject, the `record` hash of its last audit entry whose action starts with `prefix`."""
    records: dict[str, str] = {}
    for entry in entries:
        if entry.action.startswith(prefix) and "record" in entry.payload:
            records[entry.subject] = entry.payload["record"]
    return records


def comment_problems(pf: PolicyFile, entries: list[AuditEntry]) -> list[str]:
    """Each comment against the `record` hash of its last audit entry; none removed."""
    records = _last_records(entries, "comment.")
    problems = []
    rows = reviews.comment_rows(pf)
    for row in rows:
        recorded = records.get(row["id"])
        who = f"comment {row['id'][:8]} by {row['author']}"
        if recorded is None:
            problems.append(f"{who} is not in the audit log: it was added outside policyeditor")
        elif recorded != reviews.record_hash(row, reviews.COMMENT_RECORDED):
            problems.append(f"{who} was altered after it was written")
    present = {row["id"] for row in rows}
    for comment_id in records.keys() - present:
        problems.append(f"comment {comment_id[:8]} was removed from the file")
    return problems


def verify(pf: PolicyFile, trusted: Iterable[PublicIdentity] | None = None) -> list[str]:
    """Everything wrong with the file's record, one sentence each; empty when all is well.

    `trusted`: the keys the reader trusts (`--trust`); every approval must then be signed by one.
    """
    entries = pf.audit_log()
    problems = history_problems(pf, entries)
    for check in (status_problems, approval_problems, comment_problems):
        problems += [p for p in check(pf, entries) if p not in problems]
    # trust (issue 14): signatures, roster, rules (review/signature_checks.py)
    problems += [p for p in signature_checks.problems(pf, entries, trusted) if p not in problems]
    return problems


def verify_report(path: Path | str,
                  trusted: Iterable[PublicIdentity] | None = None) -> tuple[bool, list[str]]:
    """Check the file at `path` (opened read-only) for `policyeditor info FILE --verify`.

    Returns whether all is well and the lines to print: a summary when it is,
    the problems when not. A file that cannot be opened raises PolicyFileError.
    """
    with PolicyFile.open(Path(path), readonly=True) as pf:
        problems = verify(pf, trusted)
        if problems:
            return False, problems
        entries = pf.audit_log()
        versions = pf.versions()
        locked = [v for v in versions if v.status.locked]
        comments = reviews.comment_rows(pf)
        lines = [f"audit log: {len(entries)} entries, chain intact",
                 f"versions: {len(versions)}, contents match their hashes",
                 f"approved or published: {len(locked)}, each matching its approval"]
        lines += [f"  {v.label} ({v.status.title.lower()}) sha256 {v.content_hash}" for v in locked]
        lines.append(f"comments: {len(comments)}, each matching its audit entry")
        lines += signature_checks.signers_line(pf)
        lines += signature_checks.facts(pf, entries)
        return True, lines
