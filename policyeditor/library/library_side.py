"""The library's side of one sync: its transaction for one policy (lock, audit chain, texts,
outlines and pictures sent and read)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg

from policyeditor.core.errors import LibraryError
from policyeditor.core.model import Policy, Status
from policyeditor.library.stored import build_sections, tree_of, walked, with_properties
from policyeditor.library.sync_report import SyncReport
from policyeditor.store.audit import GENESIS, canonical_json, entry_hash
from policyeditor.store.clock import now


class LibrarySide:
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
        self.kept_statuses: dict[str, Status] = {}  # local label -> library status, a move kept back
        self.check_signatures: Callable[[], None] = lambda: None
        self.held: set[str] = set()  # the content hashes the copy holds: what it receives is the rest

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
            for section in walked(policy):
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
        texts, new_here = {}, 0
        for i, content_hash, h, b in self.conn.execute(
            "SELECT id, hash, heading, body FROM contents WHERE policy_id = %s AND id = ANY(%s)",
            (self.pid, wanted),
        ):
            texts[i] = (h, b)
            new_here += content_hash not in self.held
            self.held.add(content_hash)
        trees = dict(
            self.conn.execute(
                "SELECT hash, tree FROM shapes WHERE policy_id = %s AND hash = ANY(%s)",
                (self.pid, sorted({r[2] for r in rows})),
            ).fetchall()
        )
        # a pulled draft or version is read whole; its sections the copy has already are not news
        self.report.received["contents"] = self.report.received.get("contents", 0) + new_here
        policies = [
            with_properties(
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
