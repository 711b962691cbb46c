"""Sync: bring an offline copy (.policy file) and the library level, safe to run at any time.

One sync is two transactions, the library's first, then the file's:

1. On the server, under the policy row's lock (writers to one policy take
   turns; a reader reads one snapshot): send the copy's new versions with the
   section texts and outlines the library lacks, its approvals, status
   changes and new or changed comments and replies; merge the drafts (see
   merge3) and send the merged draft when nothing conflicts; append the
   library's audit entries; read what the copy lacks. Commit.
2. In the file, in one transaction (store.library_copy.apply_pull): the
   versions, approvals, statuses and comments brought, the merged draft, the
   conflicts and where the copy now stands.

A sync cut off before 1 commits leaves both sides as they were; cut off
between 1 and 2, the next sync finds everything it sent already there (all is
matched by id or content hash, never re-added) and brings what it missed.

Versions are matched by (label the author gave, content hash, author). Two
people who saved different versions under the same label offline both keep
them: the second to arrive is stored as "LABEL [first 8 hex of its hash]", in
the library and in any copy where the label is taken. A status changed on one
side since the last sync wins; changed on both, the later in the workflow wins.
A comment changed on one side wins; on both, the later edit wins.

Approvals travel with their signatures, the roster and the signed records of
versions and status changes with theirs, and a forged one is refused: by this
sync before it sends, by the server's triggers, and by the receiving copy
(see signed.py).

This module runs the steps in order; each kind of record is synced by its own
module (sync_versions, sync_reviews, sync_draft) through the library's side of
the transaction (library_side).
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from policyeditor.core.errors import LibraryError
from policyeditor.library import merge3, signed
from policyeditor.library.connection import library_errors
from policyeditor.library.library_side import LibrarySide
from policyeditor.library.schema import check_version
from policyeditor.library.sync_draft import sync_draft
from policyeditor.library.sync_report import SyncReport
from policyeditor.library.sync_reviews import (
    refuse_unapproved,
    sync_approvals,
    sync_comments,
    sync_signatures,
    sync_statuses,
)
from policyeditor.library.sync_versions import sync_versions
from policyeditor.store import library_copy, reviews, sections
from policyeditor.store.clock import now
from policyeditor.store.policyfile import PolicyFile

__all__ = ["CAN_SEND", "Hook", "SyncReport", "sync"]

CAN_SEND = {
    "versions": ("owner", "author"),
    "draft": ("owner", "author"),
    "comments": ("owner", "author", "reviewer"),
    "approvals": ("owner", "reviewer"),
    "statuses": ("owner", "author", "reviewer"),
}

Hook = Callable[[str], None]


def sync(
    pf: PolicyFile, conn: psycopg.Connection, *, actor: str = "", hook: Hook | None = None
) -> SyncReport:
    """Send the copy's news to the library and bring the library's; the report of what moved.

    Idempotent: a second sync right after sends and receives nothing. Raises
    LibraryError (one sentence) when the server fails or refuses; then the file
    is as it was, and the library too unless its transaction had committed.
    `hook(stage)` is called between stages (tests use it to cut a sync off).
    """
    hook = hook or (lambda stage: None)
    pid = reviews.policy_id(pf)
    draft = pf.load_draft()
    base = library_copy.base_draft(pf)
    state = library_copy.sync_state(pf)
    stored_conflicts = [merge3.Conflict.from_data(c) for c in library_copy.conflict_records(pf)]
    local_versions = pf.versions()
    local_comments = reviews.comment_rows(pf)
    local_approvals = reviews.approval_rows(pf)
    local_signatures = signed.approval_signatures(pf)
    local_records = signed.local_records(pf)  # the roster, signed versions and status changes
    roster = signed.roster_of(pf)  # a copy under a roster: the library takes only signed approvals
    unsigned = signed.unsigned_kept(pf)  # approvals made without a key before the roster
    copy_signed = roster is not None

    with library_errors():
        check_version(conn)
        role = conn.execute("SELECT library_role_of(%s)", (pid,)).fetchone()[0]
        can_create = conn.execute("SELECT has_table_privilege('policies', 'INSERT')").fetchone()[0]
        conn.commit()
    if role is None and not can_create:
        raise LibraryError(
            f"'{draft.title}' is not shared with you in the library, "
            "and your library role may not add policies"
        )
    report = SyncReport(policy_id=pid, title=draft.title, role=role or "owner")
    may = {kind: report.role in roles for kind, roles in CAN_SEND.items()}
    writer = any(may.values())
    server = LibrarySide(conn, pid, report)
    server.actor = actor or conn.info.user
    server.held = sections.held_hashes(pf.conn)
    checked: list[bool] = []

    def check_signatures() -> None:
        # before sending an approval or a status: a forged one (or roster) in the copy sends nothing
        # (not on every sync: it rereads every version, seconds for hundreds of them)
        if not checked:
            signed.check_copy(pf)
            checked.append(True)

    server.check_signatures = check_signatures

    with library_errors():
        with conn.transaction():
            if writer:
                _, created = server.lock(draft.title)
            else:
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                row = conn.execute("SELECT revision FROM policies WHERE id = %s", (pid,)).fetchone()
                server.rev, created = int(row[0]), False
            if created:
                server.audit("policy.created", draft.title, {"title": draft.title})
            if writer and copy_signed:  # from now on the library takes only signed approvals of it
                conn.execute("UPDATE policies SET signed = true WHERE id = %s AND NOT signed", (pid,))
            server.signed = bool(
                conn.execute("SELECT signed FROM policies WHERE id = %s", (pid,)).fetchone()[0]
            )
            hook("locked")
            pulled = library_copy.Pulled()
            local_label = sync_versions(pf, server, local_versions, may, pulled, state)
            hook("versions")
            roster = sync_signatures(pf, server, local_records, roster, writer, pulled)
            report.unsigned = roster is None  # none here, and none came from the library
            sync_approvals(server, local_approvals, local_signatures, roster, local_label, may,
                           pulled, unsigned)
            sync_statuses(server, local_versions, local_label, may, pulled, state)
            refuse_unapproved(server, local_versions, local_approvals, pulled)
            sync_comments(server, local_comments, local_label, may, pulled, state)
            hook("comments")
            sync_draft(server, draft, base, state, stored_conflicts, may, pulled)
            hook("draft")
            if report.sent:
                conn.execute(
                    "UPDATE policies SET revision = %s, title = %s WHERE id = %s",
                    (server.rev, pulled.draft.title if pulled.draft else draft.title, pid),
                )
                report.revision = server.rev
            else:
                report.revision = server.rev - 1 if writer else server.rev
            hook("before-commit")
    hook("server-committed")
    after_versions = {v.label: v.status.value for v in local_versions}
    after_versions.update({v.label: v.status.value for v in pulled.versions})
    after_versions.update({label: new.value for label, _, new, _ in pulled.statuses})
    after_versions.update({label: kept.value for label, kept in server.kept_statuses.items()})
    comments_after = {row["id"]: reviews.record_hash(row, reviews.COMMENT_RECORDED) for row in local_comments}
    comments_after.update(
        {row["id"]: reviews.record_hash(row, reviews.COMMENT_RECORDED) for row in pulled.comments}
    )
    pulled.state = {
        **pulled.state,
        "revision": report.revision,
        "synced_at": now(),
        "statuses": after_versions,
        "comments": comments_after,
        "library_user": conn.info.user,
        "library": f"{conn.info.host}:{conn.info.port}/{conn.info.dbname}",
    }
    library_copy.apply_pull(pf, pulled)
    if pulled.draft is not None:
        report.title = pulled.draft.title  # a fresh copy's title is the library's
    hook("copy-committed")
    return report
