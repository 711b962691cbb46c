"""Sync the versions: send the copy's new ones, bring the library's, and match their labels."""

from __future__ import annotations

from typing import Any

from policyeditor.core.model import Status, Version
from policyeditor.library.library_side import LibrarySide
from policyeditor.library.stored import tree_of, walked
from policyeditor.store import library_copy
from policyeditor.store.audit import canonical_json
from policyeditor.store.policyfile import PolicyFile

_VERSION_COLUMNS = "label, origin_label, author, created, note, status, parent, content_hash"


def sync_versions(
    pf: PolicyFile,
    server: LibrarySide,
    local_versions: list[Any],
    may: dict[str, bool],
    pulled: library_copy.Pulled,
    state: dict[str, Any],
) -> dict[str, str]:
    """Send new versions, bring missing ones; the map of library label to local label (and back)."""
    conn, pid, report = server.conn, server.pid, server.report
    rows = conn.execute(
        f"SELECT {_VERSION_COLUMNS}, title, metadata, shape, section_ids, properties FROM versions "
        "WHERE policy_id = %s ORDER BY seq",
        (pid,),
    ).fetchall()
    by_key = {(r[1], r[7], r[2]): r for r in rows}
    lib_labels = {r[0] for r in rows}
    to_library: dict[str, str] = {}  # local label -> library label
    unsent = []
    for info in local_versions:
        given = library_copy.given_label(info.label, info.content_hash)
        row = by_key.get((given, info.content_hash, info.author))
        if row is not None:
            to_library[info.label] = row[0]
        else:
            unsent.append(info)
    if unsent and not may["versions"]:
        report.not_sent.append(f"{len(unsent)} version(s)")
    elif unsent:
        policies = [pf.version(info.label).policy for info in unsent]
        ids = server.store_sections(policies)
        inserts = []
        for info, policy in zip(unsent, policies, strict=True):
            label = info.label if info.label not in lib_labels \
                else library_copy.renamed_label(info.label, info.content_hash)
            lib_labels.add(label)
            to_library[info.label] = label
            tree, tree_hash = tree_of(policy.sections)
            parent = to_library.get(info.parent) if info.parent else None
            inserts.append(
                (
                    pid,
                    label,
                    library_copy.given_label(info.label, info.content_hash),
                    info.author,
                    info.created,
                    info.note,
                    info.status.value,
                    parent,
                    info.content_hash,
                    policy.title,
                    canonical_json(policy.metadata),
                    tree_hash,
                    [ids[s.content_hash()] for s in walked(policy)],
                    server.rev,
                    canonical_json(policy.properties()),
                )
            )
        conn.cursor().executemany(
            f"INSERT INTO versions (policy_id, {_VERSION_COLUMNS}, title, metadata, shape, section_ids, rev, "
            "properties) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            inserts,
        )
        server.count("versions", len(inserts))
        for values in inserts:
            server.audit(
                "version.added",
                values[1],
                {"content_hash": values[8], "author": values[3], "status": values[6], "parent": values[7]},
            )
    # bring what the copy lacks, parents first (seq order)
    to_local = {lib: loc for loc, lib in to_library.items()}
    local_labels = {v.label for v in local_versions}
    missing = [r for r in rows if r[0] not in to_local]
    if missing:
        policies = server.load_policies([(r[8], r[9], r[10], r[11], r[12]) for r in missing])
        for r, policy in zip(missing, policies, strict=True):
            label = r[0] if r[0] not in local_labels else library_copy.renamed_label(r[0], r[7])
            local_labels.add(label)
            to_local[r[0]] = label
            pulled.versions.append(
                Version(
                    label=label,
                    author=r[2],
                    created=r[3],
                    note=r[4],
                    status=Status(r[5]),
                    parent=to_local.get(r[6]) if r[6] else None,
                    content_hash=r[7],
                    policy=policy,
                )
            )
        report.received["versions"] = len(missing)
    server.status_rows = {r[0]: Status(r[5]) for r in rows}
    server.to_library = to_library
    return to_local
