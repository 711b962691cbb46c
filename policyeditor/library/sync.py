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
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from policyeditor.core.errors import LibraryError
from policyeditor.core.model import Policy, Section, Status, Version
from policyeditor.library import merge3, signed
from policyeditor.library.connection import library_errors
from policyeditor.library.schema import check_version
from policyeditor.review.roster import Roster
from policyeditor.store import library_copy, reviews, signatures
from policyeditor.store.audit import GENESIS, canonical_json, entry_hash
from policyeditor.store.clock import now
from policyeditor.store.policyfile import PolicyFile

STATUS_ORDER = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.SUPERSEDED]
CAN_SEND = {
    "versions": ("owner", "author"),
    "draft": ("owner", "author"),
    "comments": ("owner", "author", "reviewer"),
    "approvals": ("owner", "reviewer"),
    "statuses": ("owner", "author", "reviewer"),
}

Hook = Callable[[str], None]


@dataclass
class SyncReport:
    """What one sync did: rows sent to and received from the library, the draft, conflicts."""

    policy_id: str
    title: str
    role: str
    revision: int = 0
    sent: dict[str, int] = field(default_factory=dict)
    received: dict[str, int] = field(default_factory=dict)
    draft: str = "same"  # same | sent | received | merged | conflict | kept (not sent: read only)
    conflicts: list[merge3.Conflict] = field(default_factory=list)
    not_sent: list[str] = field(default_factory=list)  # kinds of change the user may not send
    refused: list[str] = field(default_factory=list)  # what the library holds that the copy refused

    @property
    def rows_sent(self) -> int:
        return sum(self.sent.values())

    def summary(self) -> str:
        def part(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "nothing"

        text = f"'{self.title}': sent {part(self.sent)}; received {part(self.received)}; draft {self.draft}"
        if self.conflicts:
            text += f"; {len(self.conflicts)} conflict(s) to settle in the window"
        for problem in self.refused:
            text += f"; refused: {problem}"
        return text


# -- sections as the library stores them ---------------------------------------------


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def tree_of(sections: list[Section]) -> tuple[str, str]:
    """The outline as the .policy file spells it (ids only), and its sha256: the shape's name."""

    def node(section: Section) -> Any:
        return [section.id, [node(c) for c in section.children]] if section.children else section.id

    tree = _compact([node(s) for s in sections])
    return tree, hashlib.sha256(tree.encode("utf-8")).hexdigest()


def build_sections(tree: str, texts: list[tuple[str, str]]) -> list[Section]:
    """The sections a stored outline and its texts in document order make."""
    order = iter(texts)

    def build(nodes: list[Any]) -> list[Section]:
        out = []
        for item in nodes:
            section_id, children = (item, []) if isinstance(item, str) else item
            heading, body = next(order)
            out.append(Section(heading=heading, body=body, children=build(children), id=section_id))
        return out

    return build(json.loads(tree))


def _walked(policy: Policy) -> list[Section]:
    return [s for s, _ in policy.walk()]


def _suffixed(label: str, content_hash: str) -> str:
    return f"{label} [{content_hash[:8]}]"


def _origin(label: str, content_hash: str) -> str:
    """The label the author gave: a label made unique by `_suffixed` without its suffix."""
    suffix = f" [{content_hash[:8]}]"
    return label[: -len(suffix)] if label.endswith(suffix) else label


def _merge_status(base: Status | None, mine: Status, theirs: Status) -> Status:
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    return max(mine, theirs, key=STATUS_ORDER.index)


# -- the server side -------------------------------------------------------------------


class _Server:
    """The sync's one transaction on the library, for one policy."""

    def __init__(self, conn: psycopg.Connection, policy_id: str, report: SyncReport) -> None:
        self.conn = conn
        self.pid = policy_id
        self.report = report
        self.rev = 0
        self.audit_seq = 0
        self.audit_hash = GENESIS
        self.actor = ""
        self.to_library: dict[str, str] = {}  # local version label -> library label
        self.status_rows: dict[str, Status] = {}  # library label -> status in the library
        self.signed = False  # the policy takes only signed approvals (its copy has a roster)
        self.check_signatures: Callable[[], None] = lambda: None

    def count(self, kind: str, n: int = 1) -> None:
        self.report.sent[kind] = self.report.sent.get(kind, 0) + n

    def lock(self, title: str) -> tuple[int, bool]:
        """Lock the policy row (creating the policy when new); its revision and whether it is new."""
        row = self.conn.execute(
            "SELECT revision FROM policies WHERE id = %s FOR UPDATE", (self.pid,)
        ).fetchone()
        created = False
        if row is None:
            # a savepoint, not ON CONFLICT or RETURNING: both need the new row visible to its
            # creator, who is not its member yet
            try:
                with self.conn.transaction():
                    self.conn.execute("INSERT INTO policies (id, title) VALUES (%s, %s)", (self.pid, title))
            except psycopg.errors.UniqueViolation:
                raise LibraryError(
                    f"'{title}' is in the library but not shared with you; ask its owner to share it"
                ) from None
            self.conn.execute(
                "INSERT INTO members (policy_id, member, role) VALUES (%s, current_user, 'owner')",
                (self.pid,),
            )
            self.count("policies")
            created = True
            row = (0,)
        last = self.conn.execute(
            "SELECT seq, hash FROM audit WHERE policy_id = %s ORDER BY seq DESC LIMIT 1", (self.pid,)
        ).fetchone()
        if last:
            self.audit_seq, self.audit_hash = int(last[0]), last[1]
        self.rev = int(row[0]) + 1
        return int(row[0]), created

    def audit(self, action: str, subject: str, payload: dict[str, Any]) -> None:
        seq, time = self.audit_seq + 1, now()
        payload = json.loads(canonical_json(payload))
        digest = entry_hash(self.audit_hash, seq, time, self.actor, action, subject, payload)
        self.conn.execute(
            "INSERT INTO audit (policy_id, seq, time, actor, action, subject, payload, prev_hash, hash) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                self.pid,
                seq,
                time,
                self.actor,
                action,
                subject,
                canonical_json(payload),
                self.audit_hash,
                digest,
            ),
        )
        self.audit_seq, self.audit_hash = seq, digest
        self.count("audit")

    def store_sections(self, policies: list[Policy]) -> dict[str, int]:
        """Send the texts and outlines of `policies` the library lacks; the content id of every hash."""
        texts: dict[str, tuple[str, str]] = {}
        for policy in policies:
            for section in _walked(policy):
                texts.setdefault(section.content_hash(), (section.heading, section.body))
        ids = self._content_ids(list(texts))
        missing = [h for h in texts if h not in ids]
        if missing:
            # INSERTs, pipelined by psycopg (COPY FROM is refused on a table with row-level security)
            self.conn.cursor().executemany(
                "INSERT INTO contents (policy_id, hash, heading, body, rev) VALUES (%s, %s, %s, %s, %s)",
                [(self.pid, h, *texts[h], self.rev) for h in missing],
            )
            self.count("contents", len(missing))
            ids.update(self._content_ids(missing))
        self._store_pictures(policies)
        shapes = {}
        for policy in policies:
            tree, tree_hash = tree_of(policy.sections)
            shapes[tree_hash] = tree
        have = {
            r[0]
            for r in self.conn.execute(
                "SELECT hash FROM shapes WHERE policy_id = %s AND hash = ANY(%s)", (self.pid, list(shapes))
            )
        }
        new_shapes = [(self.pid, h, tree, self.rev) for h, tree in shapes.items() if h not in have]
        if new_shapes:
            self.conn.cursor().executemany(
                "INSERT INTO shapes (policy_id, hash, tree, rev) VALUES (%s, %s, %s, %s)", new_shapes
            )
            self.count("shapes", len(new_shapes))
        return ids

    def _store_pictures(self, policies: list[Policy]) -> None:
        """Send the pictures the policies show that the library lacks (a copy missing one sends
        nothing for it: the text still names it, as in the file)."""
        pictures: dict[str, bytes] = {}
        for policy in policies:
            for digest in policy.picture_refs():
                if digest in policy.pictures:
                    pictures.setdefault(digest, policy.pictures[digest])
        if not pictures:
            return
        have = {
            r[0]
            for r in self.conn.execute(
                "SELECT hash FROM pictures WHERE policy_id = %s AND hash = ANY(%s)",
                (self.pid, list(pictures)),
            )
        }
        missing = [(self.pid, h, data, self.rev) for h, data in pictures.items() if h not in have]
        if missing:
            self.conn.cursor().executemany(
                "INSERT INTO pictures (policy_id, hash, data, rev) VALUES (%s, %s, %s, %s)", missing
            )
            self.count("pictures", len(missing))

    def _attach_pictures(self, policies: list[Policy]) -> None:
        """Give the policies the library's pictures their texts show."""
        wanted = [(policy, policy.picture_refs()) for policy in policies]  # one walk of each text
        refs = sorted({digest for _, digests in wanted for digest in digests})
        if not refs:
            return
        found = {
            h: bytes(data)
            for h, data in self.conn.execute(
                "SELECT hash, data FROM pictures WHERE policy_id = %s AND hash = ANY(%s)", (self.pid, refs)
            )
        }
        for policy, digests in wanted:
            for digest in digests:
                if digest in found:
                    policy.pictures[digest] = found[digest]
        self.report.received["pictures"] = self.report.received.get("pictures", 0) + len(found)

    def _content_ids(self, hashes: list[str]) -> dict[str, int]:
        if not hashes:
            return {}
        return {
            h: i
            for h, i in self.conn.execute(
                "SELECT hash, id FROM contents WHERE policy_id = %s AND hash = ANY(%s)", (self.pid, hashes)
            )
        }

    def load_policies(self, rows: list[tuple[str, str, str, list[int], str]]) -> list[Policy]:
        """Policies from (title, metadata, shape hash, content ids, properties) rows (versions, draft)."""
        wanted = sorted({i for row in rows for i in row[3]})
        texts = {
            i: (h, b)
            for i, h, b in self.conn.execute(
                "SELECT id, heading, body FROM contents WHERE policy_id = %s AND id = ANY(%s)",
                (self.pid, wanted),
            )
        }
        trees = dict(
            self.conn.execute(
                "SELECT hash, tree FROM shapes WHERE policy_id = %s AND hash = ANY(%s)",
                (self.pid, sorted({r[2] for r in rows})),
            ).fetchall()
        )
        self.report.received["contents"] = self.report.received.get("contents", 0) + len(texts)
        policies = [
            _with_properties(
                Policy(
                    title=title,
                    metadata=json.loads(metadata),
                    sections=build_sections(trees[shape], [texts[i] for i in ids]),
                ),
                properties,
            )
            for title, metadata, shape, ids, properties in rows
        ]
        self._attach_pictures(policies)
        return policies


def _with_properties(policy: Policy, properties: str) -> Policy:
    """The policy with its own properties (numbering style, dates), as the library keeps them."""
    policy.set_properties(json.loads(properties))
    return policy


# -- one sync --------------------------------------------------------------------------

_VERSION_COLUMNS = "label, origin_label, author, created, note, status, parent, content_hash"


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
    server = _Server(conn, pid, report)
    server.actor = actor or conn.info.user
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
            local_label = _sync_versions(pf, server, local_versions, may, pulled, state)
            hook("versions")
            roster = _sync_signatures(pf, server, local_records, roster, writer, pulled)
            _sync_approvals(server, local_approvals, local_signatures, roster, local_label, may,
                            pulled)
            _sync_statuses(server, local_versions, local_label, may, pulled, state)
            _sync_comments(server, local_comments, local_label, may, pulled, state)
            hook("comments")
            _sync_draft(server, draft, base, state, stored_conflicts, may, pulled)
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


def _sync_versions(
    pf: PolicyFile,
    server: _Server,
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
        row = by_key.get((_origin(info.label, info.content_hash), info.content_hash, info.author))
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
            label = info.label if info.label not in lib_labels else _suffixed(info.label, info.content_hash)
            lib_labels.add(label)
            to_library[info.label] = label
            tree, tree_hash = tree_of(policy.sections)
            parent = to_library.get(info.parent) if info.parent else None
            inserts.append(
                (
                    pid,
                    label,
                    _origin(info.label, info.content_hash),
                    info.author,
                    info.created,
                    info.note,
                    info.status.value,
                    parent,
                    info.content_hash,
                    policy.title,
                    canonical_json(policy.metadata),
                    tree_hash,
                    [ids[s.content_hash()] for s in _walked(policy)],
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
            label = r[0] if r[0] not in local_labels else _suffixed(r[0], r[7])
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


def _sync_signatures(
    pf: PolicyFile,
    server: _Server,
    local: list[signatures.SignatureRow],
    roster: Roster | None,
    writer: bool,
    pulled: library_copy.Pulled,
) -> Roster | None:
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
    sendable = [
        r for r in local
        if r.signature not in have
        and (r.kind == "roster" or json.loads(r.record).get("label") in server.to_library)
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
    mine = {r.signature for r in local}
    taken, refused, after = signed.incoming_records(pf, [r for r in rows if r.signature not in mine])
    pulled.signatures = taken
    report.refused += refused
    if taken:
        report.received["signatures"] = len(taken)
    return after if after is not None else roster


def _sync_approvals(
    server: _Server,
    local: list[reviews.Row],
    local_signatures: dict[str, signed.SignedApproval],
    roster: Roster | None,
    to_local: dict[str, str],
    may: dict[str, bool],
    pulled: library_copy.Pulled,
) -> None:
    conn, pid = server.conn, server.pid
    rows = conn.execute(
        "SELECT id, version, reviewer, created, content_hash, record, signer_key, signature FROM approvals "
        "WHERE policy_id = %s ORDER BY seq",
        (pid,),
    ).fetchall()
    have = {r[0] for r in rows}
    unsent = [a for a in local if a["id"] not in have and a["version"] in server.to_library]
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
                                          roster=roster)
        if problem:
            server.report.refused.append(problem)
            continue
        if sig is not None:
            row["signature"] = sig.to_data()
        pulled.approvals.append(row)
    if pulled.approvals:
        server.report.received["approvals"] = len(pulled.approvals)


def _sync_statuses(
    server: _Server,
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
        server.count("statuses", len(changes))
    if pulled.statuses:
        server.report.received["statuses"] = len(pulled.statuses)


def _sync_comments(
    server: _Server,
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


def _sync_draft(
    server: _Server,
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
                places=None if old.places is None or conflict.places is None
                else {**conflict.places, "base": old.places["base"]},
            )
        )
    report.conflicts = list(conflicts.values())
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


def _send_draft(server: _Server, policy: Policy, *, new: bool) -> None:
    ids = server.store_sections([policy])
    _, tree_hash = tree_of(policy.sections)
    values = (
        policy.title,
        canonical_json(policy.metadata),
        canonical_json(policy.properties()),
        tree_hash,
        [ids[s.content_hash()] for s in _walked(policy)],
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
