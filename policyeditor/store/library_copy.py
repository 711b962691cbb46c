"""What a .policy file keeps as an offline copy of a library policy, and the one write a sync makes.

THE STORE'S ONE PLACE FOR THE LIBRARY (issue 15). A sync must write everything
it brings (versions, approvals, status changes, comments, the merged draft and
its own bookkeeping) in one transaction, so a sync cut off at any moment
leaves the file as it was; the public PolicyFile methods each commit on their
own, so `apply_pull` does the same writes they do (same rows, same audit
entries, so `info --verify` checks them like any other) inside one.

Bookkeeping lives in meta, unaudited (it is not the record, only where the
copy stands): `library.state` (JSON: the library revision last brought, the
library draft revision the base is, when, and the status and comment records
as they were then), `library.base` (the draft both sides last agreed on, as
Policy.to_data JSON) and `library.conflicts` (sections both sides changed,
each with base, mine and theirs, until settled in the window).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyeditor import __version__
from policyeditor.core.errors import LockedVersionError, PolicyFileError
from policyeditor.core.model import Policy, Status, Version
from policyeditor.store import audit, draft, pictures, reviews, sections, signatures
from policyeditor.store.audit import GENESIS, canonical_json
from policyeditor.store.clock import now
from policyeditor.store.create import build_new_file
from policyeditor.store.policyfile import PolicyFile

STATE_KEY = "library.state"
BASE_KEY = "library.base"
CONFLICTS_KEY = "library.conflicts"


def renamed_label(label: str, content_hash: str) -> str:
    """The label a sync gives a version whose label another version of other text holds already (in
    the library or in the copy): `1.1 [d2639051]`, its text's hash begun. Its signed records still
    name the label its author gave (`given_label`), which `review.signing.names` accepts for it."""
    return f"{label} [{content_hash[:8]}]"


def given_label(label: str, content_hash: str) -> str:
    """The label the author gave: `label` without the suffix `renamed_label` added for its text."""
    suffix = renamed_label("", content_hash)
    return label[: -len(suffix)] if label.endswith(suffix) else label


@dataclass
class Pulled:
    """Everything one sync writes into the copy, applied together by `apply_pull`."""

    versions: list[Version] = field(default_factory=list)  # under the labels they get in the copy
    approvals: list[reviews.Row] = field(default_factory=list)
    # roster changes and signed records of versions and statuses, checked by the sync (library/signed.py)
    signatures: list[signatures.SignatureRow] = field(default_factory=list)
    statuses: list[tuple[str, Status, Status, str]] = field(default_factory=list)  # label, from, to, actor
    comments: list[reviews.Row] = field(default_factory=list)
    draft: Policy | None = None
    state: dict[str, Any] = field(default_factory=dict)
    base: Policy | None = None
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def _meta_json(pf: PolicyFile, key: str) -> Any:
    value = reviews.meta_value(pf, key)
    return None if value is None else json.loads(value)


def sync_state(pf: PolicyFile) -> dict[str, Any]:
    """Where the copy stood at its last sync ({} when it never synced)."""
    return _meta_json(pf, STATE_KEY) or {}


def base_draft(pf: PolicyFile) -> Policy | None:
    """The draft the copy and the library last agreed on, or None before the first sync."""
    data = _meta_json(pf, BASE_KEY)
    return None if data is None else Policy.from_data(data)


def conflict_records(pf: PolicyFile) -> list[dict[str, Any]]:
    """The unsettled conflicts stored in the copy (see library.merge3.Conflict.to_data)."""
    return _meta_json(pf, CONFLICTS_KEY) or []


@dataclass(frozen=True)
class Standing:
    """Where an offline copy stands against the library, as of its last sync (no server asked)."""

    library: str  # host:port/db
    user: str
    synced_at: str  # ISO 8601 UTC
    conflicts: int
    pending: tuple[str, ...]  # what changed here since: "the draft", "2 versions", ...

    @property
    def in_sync(self) -> bool:
        return not self.conflicts and not self.pending


def standing(pf: PolicyFile, draft: Policy | None = None) -> Standing | None:
    """How the copy stands (with `draft`, the draft as being edited), or None when it never synced."""
    state = sync_state(pf)
    if not state.get("synced_at"):
        return None
    pending = []
    base = base_draft(pf)
    current = draft if draft is not None else pf.load_draft()
    if base is None or base.content_hash() != current.content_hash():
        pending.append("the draft")
    statuses = state.get("statuses", {})
    versions = pf.versions()
    new = [v for v in versions if v.label not in statuses]
    if new:
        pending.append(f"{len(new)} new version(s)")
    moved = [v for v in versions if v.label in statuses and statuses[v.label] != v.status.value]
    if moved:
        pending.append(f"{len(moved)} status change(s)")
    known = state.get("comments", {})
    comments = [r for r in reviews.comment_rows(pf)
                if known.get(r["id"]) != reviews.record_hash(r, reviews.COMMENT_RECORDED)]
    if comments:
        pending.append(f"{len(comments)} comment(s)")
    return Standing(str(state.get("library", "")), str(state.get("library_user", "")),
                    str(state["synced_at"]), len(conflict_records(pf)), tuple(pending))


def settle_conflict(pf: PolicyFile, section_id: str, *, actor: str, kind: str = "text",
                    settled: Policy | None = None) -> None:
    """Mark the conflict on `section_id` settled, with the draft `settled` when given (else the
    draft's text now is the answer), in one transaction (audited)."""
    records = conflict_records(pf)
    kept = [r for r in records if (r["section_id"], r.get("kind", "text")) != (section_id, kind)]
    if len(kept) == len(records):
        raise PolicyFileError(f"{pf.path.name} has no conflict on section {section_id}")
    with pf.transaction() as conn:
        if settled is not None:
            _replace_draft(pf, settled)
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (CONFLICTS_KEY, canonical_json(kept))
        )
        audit.append(pf.conn, actor, "library.conflict_settled", section_id, {"kind": kind})


def create_copy(path: Path, policy_id: str, title: str, *, author: str = "") -> PolicyFile:
    """A new, empty .policy file for the library policy `policy_id`, open for writing.

    As PolicyFile.create, but the file carries the library's policy id, so it is
    a copy of that policy and not a new one; the first sync fills it.
    """
    path = Path(path)
    if path.exists():
        raise PolicyFileError(f"{path.name} already exists; choose another name")
    if not path.parent.is_dir():
        raise PolicyFileError(f"cannot create {path.name}: folder {path.parent} does not exist")

    def fill(conn: Any) -> None:
        meta = {
            "created_with": f"policyeditor {__version__}",
            "created": now(),
            "audit_head": GENESIS,
            "policy_id": policy_id,
        }
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())

    build_new_file(path, fill, verb="create")
    pf = PolicyFile.open(path)
    try:
        pf.append_audit(author, "policy.created", title, {"title": title, "copy_of": policy_id})
    except BaseException:
        pf.close()
        raise
    return pf


def apply_pull(pf: PolicyFile, pulled: Pulled) -> None:
    """Write everything a sync brought, and where the copy now stands, in one transaction."""
    with pf.transaction() as conn:
        for version in pulled.versions:
            _add_version(pf, version)
        for signed_row in pulled.signatures:  # the roster before the approvals made under it
            signatures.add(pf, signed_row.kind, signed_row.subject, signed_row.record, signed_row.signer,
                           signed_row.signer_name, signed_row.signature)
        for row in pulled.approvals:
            conn.execute(
                f"INSERT INTO approvals ({', '.join(reviews.APPROVAL_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(reviews.APPROVAL_COLUMNS))})",
                [row[c] for c in reviews.APPROVAL_COLUMNS],
            )
            audit.append(pf.conn,
                row["reviewer"],
                "version.approved",
                row["version"],
                {
                    "approval": row["id"],
                    "content_hash": row["content_hash"],
                    "record": reviews.record_hash(row, reviews.APPROVAL_COLUMNS),
                    "from_library": True,
                },
            )
            signed = row.get("signature")
            if signed:  # checked by the sync (library/signed.py) before it got here
                signatures.add(pf, "approval", row["id"], signed["record"], signed["signer_key"],
                               signed["signer_name"], signed["signature"])
        for label, _old, new, actor in pulled.statuses:
            current = conn.execute("SELECT status FROM versions WHERE label = ?", (label,)).fetchone()
            if current is None or Status(current[0]) == new:
                continue
            if Status(current[0]).locked and not new.locked:
                raise LockedVersionError(f"version '{label}' is locked and cannot become {new.title.lower()}")
            conn.execute("UPDATE versions SET status = ? WHERE label = ?", (new.value, label))
            audit.append(pf.conn,
                actor, "version.status", label, {"from": current[0], "to": new.value, "from_library": True}
            )
        for row in pulled.comments:
            columns = reviews.COMMENT_COLUMNS
            conn.execute(
                f"INSERT INTO comments ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
                "ON CONFLICT(id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in columns[1:]),
                [row[c] for c in columns],
            )
            audit.append(pf.conn,
                row["author"],
                "comment.synced",
                row["id"],
                {"record": reviews.record_hash(row, reviews.COMMENT_RECORDED), "from_library": True},
            )
        if pulled.draft is not None:
            _replace_draft(pf, pulled.draft)
        meta = [(STATE_KEY, canonical_json(pulled.state)), (CONFLICTS_KEY, canonical_json(pulled.conflicts))]
        if pulled.base is not None:
            meta.append((BASE_KEY, canonical_json(pulled.base.to_data())))
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta)


def _add_version(pf: PolicyFile, version: Version) -> None:
    """What save_version writes, with the library's author, time and status kept."""
    conn = pf.conn
    if conn.execute("SELECT 1 FROM versions WHERE label = ?", (version.label,)).fetchone():
        raise PolicyFileError(f"{pf.path.name} already has a version labelled '{version.label}'")
    if version.policy.content_hash() != version.content_hash:
        raise PolicyFileError(f"version '{version.label}' from the library does not match its content hash")
    shape, section_rows = sections.store(conn, version.policy.sections, pin=True)
    pictures.keep(conn, version.policy)
    conn.execute(
        "INSERT INTO versions (label, author, created, note, status, parent, content_hash, "
        "title, metadata, shape, section_rows, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version.label,
            version.author,
            version.created,
            version.note,
            version.status.value,
            version.parent,
            version.content_hash,
            version.policy.title,
            canonical_json(version.policy.metadata),
            shape,
            section_rows,
            canonical_json(version.policy.properties()),
        ),
    )
    audit.append(pf.conn,
        version.author,
        "version.saved",
        version.label,
        {
            "content_hash": version.content_hash,
            "status": version.status.value,
            "parent": version.parent,
            "note": version.note,
            "from_library": True,
        },
    )


def _replace_draft(pf: PolicyFile, policy: Policy) -> None:
    """What save_draft writes, inside the caller's transaction."""
    draft.save(pf.conn, policy)
