"""Sync the draft: a three-way merge of the copy's, the library's and the last they agreed on."""

from __future__ import annotations

import dataclasses
from typing import Any

from policyeditor.core.model import Policy
from policyeditor.library import merge3
from policyeditor.library.library_side import LibrarySide
from policyeditor.library.stored import tree_of, walked
from policyeditor.store import library_copy
from policyeditor.store.audit import canonical_json


def sync_draft(
    server: LibrarySide,
    draft: Policy,
    base: Policy | None,
    state: dict[str, Any],
    stored: list[merge3.Conflict],
    may: dict[str, bool],
    pulled: library_copy.Pulled,
) -> None:
    conn, pid, report = server.conn, server.pid, server.report
    row = conn.execute(
        "SELECT title, metadata, shape, section_ids, revision, properties FROM drafts WHERE policy_id = %s",
        (pid,),
    ).fetchone()
    if row is None:
        if may["draft"]:
            _send_draft(server, draft, new=True)
            report.draft = "sent"
            pulled.base = draft
            pulled.state = {"draft_revision": server.rev}
        else:
            report.draft = "kept"
        pulled.conflicts = [c.to_data() for c in stored]
        return
    revision = int(row[4])
    if revision == state.get("draft_revision") and base is not None:
        theirs = base  # unchanged in the library since the copy last agreed with it
    else:
        theirs = server.load_policies([(*row[:4], row[5])])[0]
    if base is None:
        # never synced: a fresh copy (pull) is empty and takes theirs whole; a copy made before
        # the library knew the policy shares with it only what both have alike
        base = draft if not draft.sections else Policy(title=theirs.title)
    merged = merge3.merge(base, draft, theirs)
    conflicts = {c.key: c for c in stored}
    for conflict in merged.conflicts:  # a new conflict on a section keeps the first base
        old = conflicts.get(conflict.key)
        conflicts[conflict.key] = (
            conflict
            if old is None
            else dataclasses.replace(
                conflict,
                base=old.base,
                places=conflict.places if old.places is None or conflict.places is None
                or "base" not in old.places else {**conflict.places, "base": old.places["base"]},
            )
        )
    report.conflicts = list(conflicts.values())
    report.conflict_names = {key: merge3.name_of(c, merged.policy, theirs) for key, c in conflicts.items()}
    pulled.conflicts = [c.to_data() for c in conflicts.values()]
    local_changed = merged.policy.content_hash() != draft.content_hash()
    library_changed = merged.policy.content_hash() != theirs.content_hash()
    if conflicts or not may["draft"]:
        # never overwrite their draft: the copy takes what merged cleanly, the base becomes theirs
        pulled.draft = merged.policy if local_changed else None
        pulled.base = theirs
        pulled.state = {"draft_revision": revision}
        report.draft = "conflict" if conflicts else ("kept" if library_changed else "same")
        if library_changed and not may["draft"] and not conflicts:
            report.not_sent.append("the draft")
        if local_changed:
            report.received["draft"] = 1
        return
    if library_changed:
        _send_draft(server, merged.policy, new=False)
        pulled.state = {"draft_revision": server.rev}
    else:
        pulled.state = {"draft_revision": revision}
    pulled.draft = merged.policy if local_changed else None
    pulled.base = merged.policy
    if local_changed:
        report.received["draft"] = 1
    report.draft = (
        "merged"
        if local_changed and library_changed
        else "received"
        if local_changed
        else "sent"
        if library_changed
        else "same"
    )


def _send_draft(server: LibrarySide, policy: Policy, *, new: bool) -> None:
    ids = server.store_sections([policy])
    _, tree_hash = tree_of(policy.sections)
    values = (
        policy.title,
        canonical_json(policy.metadata),
        canonical_json(policy.properties()),
        tree_hash,
        [ids[s.content_hash()] for s in walked(policy)],
        server.rev,
        server.pid,
    )
    if new:
        server.conn.execute(
            "INSERT INTO drafts (title, metadata, properties, shape, section_ids, revision, policy_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            values,
        )
    else:
        server.conn.execute(
            "UPDATE drafts SET title = %s, metadata = %s, properties = %s, shape = %s, section_ids = %s, "
            "revision = %s, updated = now(), updated_by = current_user WHERE policy_id = %s",
            values,
        )
    server.count("draft")
    server.audit(
        "draft.updated", policy.title, {"content_hash": policy.content_hash(), "revision": server.rev}
    )
