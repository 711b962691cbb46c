"""Sync what people did to the versions: signed records and the roster, approvals, statuses and
comments, each sent when the user may and the copy lacks it, checked when brought."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from policyeditor.core.errors import LibraryError
from policyeditor.core.model import Status
from policyeditor.core.records import replace
from policyeditor.library import signed
from policyeditor.library.library_side import LibrarySide
from policyeditor.review import signing
from policyeditor.review.roster import History
from policyeditor.store import library_copy, reviews, signatures
from policyeditor.store.policyfile import PolicyFile

STATUS_ORDER = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.SUPERSEDED]


def _merge_status(base: Status | None, mine: Status, theirs: Status) -> Status:
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    return max(mine, theirs, key=STATUS_ORDER.index)


def sync_signatures(
    pf: PolicyFile,
    server: LibrarySide,
    local: list[signatures.SignatureRow],
    roster: History | None,
    writer: bool,
    pulled: library_copy.Pulled,
) -> History | None:
    """Send the copy's roster changes and signed records of versions and status changes the library
    lacks, bring the library's (each checked here, see signed.py); the copy's roster after the sync."""
    conn, pid, report = server.conn, server.pid, server.report
    rows = [
        signatures.SignatureRow(0, *r)
        for r in conn.execute(
            "SELECT kind, subject, record, signer_key, signer_name, signature FROM signatures "
            "WHERE policy_id = %s ORDER BY seq",
            (pid,),
        )
    ]
    theirs = {(r.kind, signed.roster_seq(r)): r.signature for r in rows if r.kind == "roster"}
    for row in local:
        other = theirs.get((row.kind, signed.roster_seq(row))) if row.kind == "roster" else None
        if other is not None and other != row.signature:
            raise LibraryError(
                f"the roster of this copy and the library's differ at change {signed.roster_seq(row)}: "
                "one of them was started or changed elsewhere; nothing was synced"
            )
    have = {r.signature for r in rows}
    mine = {r.signature for r in local}
    # the roster the library will hold (the copy's and the library's agree where both have a change)
    taken, refused, after = signed.incoming_records(pf, [r for r in rows if r.signature not in mine])
    sendable = [
        r for r in local
        if r.signature not in have
        and (r.kind == "roster" or json.loads(r.record).get("label") in server.to_library)
        and not _kept(server, r, after)
    ]
    if sendable and not writer:
        report.not_sent.append(f"{len(sendable)} signed record(s)")
    elif sendable:
        server.check_signatures()
        conn.cursor().executemany(
            "INSERT INTO signatures (policy_id, kind, subject, record, signer_key, signer_name, signature, "
            "rev) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [(pid, r.kind, r.subject, r.record, r.signer, r.signer_name, r.signature, server.rev)
             for r in sendable],
        )
        server.count("signatures", len(sendable))
        for r in sendable:
            server.audit(f"{r.kind}.signed", r.subject,
                         {"signer": r.signer, "record": hashlib.sha256(r.record.encode("utf-8")).hexdigest()})
    pulled.signatures = taken
    report.refused += refused
    if taken:
        report.received["signatures"] = len(taken)
    return after if after is not None else roster


def _kept(server: LibrarySide, row: signatures.SignatureRow, roster: History | None) -> bool:
    """Whether the copy keeps back its status record `row`, which the library would refuse."""
    if row.kind != "status":
        return False
    why = signed.kept_back(signing.check(row, server.pid), roster)
    if why:
        server.report.kept.append(why)
    return why is not None


def sync_approvals(
    server: LibrarySide,
    local: list[reviews.Row],
    local_signatures: dict[str, signed.SignedApproval],
    roster: History | None,
    to_local: dict[str, str],
    may: dict[str, bool],
    pulled: library_copy.Pulled,
    unsigned: dict[str, str | None],
) -> None:
    """Send the copy's approvals the library lacks, bring the library's (each checked, see signed.py).

    `unsigned`: the approvals made without a key before the copy had a roster (`signed.unsigned_kept`),
    kept back from a library that takes only signed ones, with the status move that needs them.
    """
    conn, pid = server.conn, server.pid
    rows = conn.execute(
        "SELECT id, version, reviewer, created, content_hash, record, signer_key, signature FROM approvals "
        "WHERE policy_id = %s ORDER BY seq",
        (pid,),
    ).fetchall()
    have = {r[0] for r in rows}
    unsent = [a for a in local if a["id"] not in have and a["version"] in server.to_library]
    if may["approvals"]:  # what the server would refuse, so refusing the whole sync, stays here
        kept = {a["id"]: why for a in unsent
                if (why := signed.kept_approval(a, local_signatures.get(a["id"]), roster))}
        if server.signed:
            kept.update({a["id"]: unsigned[a["id"]] for a in unsent if a["id"] in unsigned})
        server.report.kept += [why for why in kept.values() if why]
        unsent = [a for a in unsent if a["id"] not in kept]
    if unsent and not may["approvals"]:
        server.report.not_sent.append(f"{len(unsent)} approval(s)")
    elif unsent:
        server.check_signatures()

        def signature(a: reviews.Row) -> tuple[str | None, str | None, str | None]:
            s = local_signatures.get(a["id"])
            return (s.record, s.signer_key, s.signature) if s else (None, None, None)

        conn.cursor().executemany(
            "INSERT INTO approvals (policy_id, id, version, reviewer, created, content_hash, rev, "
            "record, signer_key, signature) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    pid,
                    a["id"],
                    server.to_library[a["version"]],
                    a["reviewer"],
                    a["created"],
                    a["content_hash"],
                    server.rev,
                    *signature(a),
                )
                for a in unsent
            ],
        )
        server.count("approvals", len(unsent))
        for a in unsent:
            server.audit(
                "version.approved",
                server.to_library[a["version"]],
                {"approval": a["id"], "reviewer": a["reviewer"], "content_hash": a["content_hash"]},
            )
    local_ids = {a["id"] for a in local}
    for r in rows:
        if r[0] in local_ids or r[1] not in to_local:
            continue
        row = dict(zip(reviews.APPROVAL_COLUMNS, (r[0], to_local[r[1]], r[2], r[3], r[4]), strict=True))
        sig = signed.SignedApproval(r[5], r[6], r[2], r[7]) if r[5] and r[6] and r[7] else None
        problem = signed.incoming_problem(row, sig, pid, r[1], required=server.signed,
                                          history=roster)
        if problem:
            server.report.refused.append(problem)
            continue
        if sig is not None:
            row["signature"] = sig.to_data()
        pulled.approvals.append(row)
    if pulled.approvals:
        server.report.received["approvals"] = len(pulled.approvals)


def sync_statuses(
    server: LibrarySide,
    local_versions: list[Any],
    to_local: dict[str, str],
    may: dict[str, bool],
    pulled: library_copy.Pulled,
    state: dict[str, Any],
) -> None:
    base = state.get("statuses", {})
    changes = []
    for info in local_versions:
        lib_label = server.to_library.get(info.label)
        theirs = server.status_rows.get(lib_label) if lib_label else None
        if theirs is None:
            continue  # just sent with its status, or not sent
        was = Status(base[info.label]) if info.label in base else None
        merged = _merge_status(was, info.status, theirs)
        if merged != theirs:
            changes.append((lib_label, theirs, merged))
        if merged != info.status:
            pulled.statuses.append((info.label, info.status, merged, ""))
    if changes and not may["statuses"]:
        server.report.not_sent.append(f"{len(changes)} status change(s)")
    elif changes:
        server.check_signatures()
        for lib_label, old, new in changes:
            why = _unsigned_move(server, lib_label, new)
            if why:  # kept back (with the copy's last-synced status the library's, so it is tried again)
                local_label = next(label for label, lib in server.to_library.items() if lib == lib_label)
                server.report.kept.append(f"version {local_label} stays {old.title} in the library: {why}")
                server.kept_statuses[local_label] = old
                continue
            server.conn.execute(
                "UPDATE versions SET status = %s, rev = %s WHERE policy_id = %s AND label = %s",
                (new.value, server.rev, server.pid, lib_label),
            )
            server.audit("version.status", lib_label, {"from": old.value, "to": new.value})
            if new in (Status.APPROVED, Status.PUBLISHED) and may["approvals"]:
                server.conn.execute(
                    "UPDATE policies SET review_due = current_date + make_interval(months => review_months) "
                    "WHERE id = %s",
                    (server.pid,),
                )
        if len(changes) > len(server.kept_statuses):
            server.count("statuses", len(changes) - len(server.kept_statuses))
    if pulled.statuses:
        server.report.received["statuses"] = len(pulled.statuses)


def _unsigned_move(server: LibrarySide, lib_label: str, new: Status) -> str | None:
    """Why the server's checks at commit (schemas 2 and 3) would refuse moving `lib_label` to `new`,
    or None: a move whose signed approval or record the copy kept back, or signed none (before it had
    a roster), stays here rather than have the server refuse the whole sync."""
    conn, pid = server.conn, server.pid
    if new in (Status.APPROVED, Status.PUBLISHED) and server.signed and not conn.execute(
            "SELECT EXISTS (SELECT 1 FROM approvals WHERE policy_id = %s AND version = %s "
            "AND signature IS NOT NULL)", (pid, lib_label)).fetchone()[0]:
        return "it has no signed approval the library takes"
    if new != Status.APPROVED and not conn.execute(
            "SELECT NOT library_has_roster(%s) OR EXISTS (SELECT 1 FROM signatures s JOIN versions v "
            "ON v.policy_id = s.policy_id AND v.label = %s WHERE s.policy_id = %s AND s.kind = 'status' "
            "AND s.record::jsonb->>'label' IN (v.label, v.origin_label) AND s.record::jsonb->>'to' = %s "
            "AND s.record::jsonb->>'content_hash' = v.content_hash)",
            (pid, lib_label, pid, new.value)).fetchone()[0]:
        return f"it has no signed record of its move to {new.value} that the library takes"
    return None


def sync_comments(
    server: LibrarySide,
    local: list[reviews.Row],
    to_local: dict[str, str],
    may: dict[str, bool],
    pulled: library_copy.Pulled,
    state: dict[str, Any],
) -> None:
    conn, pid = server.conn, server.pid
    columns = reviews.COMMENT_COLUMNS
    lib_rows = {}
    for values in conn.execute(
        f"SELECT {', '.join(columns)} FROM comments WHERE policy_id = %s ORDER BY seq", (pid,)
    ):
        row = dict(zip(columns, values, strict=True))
        if row["version"] is not None:
            if row["version"] not in to_local:
                continue  # on a version the copy could not take
            row["version"] = to_local[row["version"]]
        lib_rows[row["id"]] = row
    base = state.get("comments", {})
    record = reviews.record_hash
    send = []
    for row in local:
        if row["version"] is not None and row["version"] not in server.to_library:
            continue  # on a version not sent (the user may not send versions)
        theirs = lib_rows.get(row["id"])
        mine_hash = record(row, reviews.COMMENT_RECORDED)
        if theirs is None:
            send.append(row)
            continue
        theirs_hash = record(theirs, reviews.COMMENT_RECORDED)
        if theirs_hash == mine_hash:
            continue
        was = base.get(row["id"])
        if was == theirs_hash or (was != mine_hash and _stamp(row) > _stamp(theirs)):
            send.append(row)
        else:
            pulled.comments.append(theirs)
    local_ids = {row["id"] for row in local}
    pulled.comments += [row for cid, row in lib_rows.items() if cid not in local_ids]
    if pulled.comments:
        server.report.received["comments"] = len(pulled.comments)
    if send and not may["comments"]:
        server.report.not_sent.append(f"{len(send)} comment(s)")
        return
    if not send:
        return
    lib_version = server.to_library
    values = [
        tuple(
            [
                pid,
                *[lib_version.get(row[c], row[c]) if c == "version" and row[c] else row[c] for c in columns],
                server.rev,
            ]
        )
        for row in send
    ]
    updatable = (
        "state",
        "body",
        "edited",
        "deleted",
        "prefix",
        "suffix",
        "start_offset",
        "end_offset",
        "rev",
    )
    conn.cursor().executemany(
        f"INSERT INTO comments (policy_id, {', '.join(columns)}, rev) "
        f"VALUES ({', '.join(['%s'] * (len(columns) + 2))}) "
        "ON CONFLICT (policy_id, id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in updatable),
        values,
    )
    server.count("comments", len(send))
    for row in send:
        server.audit("comment.synced", row["id"], {"record": record(row, reviews.COMMENT_RECORDED)})


def _stamp(row: reviews.Row) -> str:
    return row["edited"] or row["created"] or ""


def refuse_unapproved(server: LibrarySide, local_versions: list[Any], local_approvals: list[reviews.Row],
                      pulled: library_copy.Pulled) -> None:
    """Take no version in as approved (or later) that no approval of its text stands behind.

    Someone with the database's keys can set a version's status to approved without an
    approval row; the server's checks, switched off, do not stop it. Brought so, the copy
    exported it as Approved. It now arrives in review, its status move is not taken, and
    the report says so; `info --verify` would call the copy tampered otherwise.
    """
    hashes = {info.label: info.content_hash for info in local_versions}
    hashes.update({v.label: v.content_hash for v in pulled.versions})
    approved = {(a["version"], a["content_hash"]) for a in [*local_approvals, *pulled.approvals]}

    def unapproved(label: str) -> bool:
        return (label, hashes.get(label)) not in approved

    for i, version in enumerate(pulled.versions):
        if version.status.locked and unapproved(version.label):
            server.report.refused.append(f"version {version.label} arrived {version.status.title.lower()} "
                                         "with no approval of its text; taken in review")
            pulled.versions[i] = replace(version, status=Status.IN_REVIEW)
    for move in list(pulled.statuses):
        label, old, new, _actor = move
        if new.locked and not old.locked and unapproved(label):
            server.report.refused.append(f"version {label}'s move to {new.title.lower()} "
                                         "with no approval of its text; it stays "
                                         f"{old.title.lower()}")
            pulled.statuses.remove(move)
    if "statuses" in server.report.received:
        server.report.received["statuses"] = len(pulled.statuses)
