"""A library of schema 5 upgrades to schema 6 (a status change is checked against the roster its record
names): a copy stuck because its signer was removed meanwhile then syncs, and old records without a
roster head keep schema 3's rule."""

from __future__ import annotations

import base64

import psycopg
import pytest

from policyeditor.app.library import pull, sync_file
from policyeditor.core.errors import LibraryError
from policyeditor.library import schema
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store.audit import canonical_json
from policyeditor.store.policyfile import PolicyFile

ALL_MIGRATIONS = schema.MIGRATIONS


@pytest.fixture
def schema_5(monkeypatch):
    """The program as it was at schema 5 (a status change checked against the roster of now)."""
    monkeypatch.setattr(schema, "MIGRATIONS", ALL_MIGRATIONS[:5])


@pytest.fixture
def library(schema_5, library):
    """The session's library fixture, made by the schema 5 program (signed_copy syncs into it so)."""
    return library


def _old_move(pid, content_hash, who):
    """A status record as programs before schema 6 signed it: no roster head."""
    record = signing.status_record(pid, "1.0", "in_review", "draft", content_hash, who.public)
    del record["roster"]
    return record


def test_a_schema_5_library_upgrades_and_a_copy_stuck_on_a_removed_signer_syncs(
        library, signed_copy, tmp_path, people, monkeypatch):
    path, pid = signed_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    abe = people["Abe Approver"]
    with PolicyFile.open(review) as pf:
        Workflow(pf).approve("1.0", "", identity=abe)
    assert sync_file(review, library.url("rita")).refused == []
    with PolicyFile.open(review) as pf:  # offline: Abe publishes; meanwhile the owner removes him
        Workflow(pf).publish("1.0", "", identity=abe)
    with PolicyFile.open(path) as pf:
        rosters.change(pf, people["Olga Owner"], "remove", role="approver", member=abe.public)
    sync_file(path, library.url("alice"))
    for _ in range(2):  # schema 5 checks the move against the roster of now: stuck, every time
        with pytest.raises(LibraryError, match="not an approver on the policy's roster"):
            sync_file(review, library.url("rita"))
    monkeypatch.setattr(schema, "MIGRATIONS", ALL_MIGRATIONS)  # this program
    with library.admin() as conn:
        before = conn.execute("SELECT kind, digest FROM signatures ORDER BY seq").fetchall()
        assert schema.init_library(conn) == len(ALL_MIGRATIONS) - 5  # 6 and after
        assert schema.library_version(conn) == len(ALL_MIGRATIONS) == schema.schema_version()
        assert conn.execute("SELECT kind, digest FROM signatures ORDER BY seq").fetchall() == before
        conn.commit()
    assert sync_file(review, library.url("rita")).refused == []
    assert sync_file(path, library.url("alice")).refused == []
    with PolicyFile.open(path, readonly=True) as pf:
        assert pf.version("1.0").status.value == "published" and verify(pf) == []


def test_after_the_upgrade_a_record_without_a_head_is_held_to_the_roster_of_now(
        library, signed_copy, people, monkeypatch):
    path, pid = signed_copy
    monkeypatch.setattr(schema, "MIGRATIONS", ALL_MIGRATIONS)
    with library.admin() as conn:
        assert schema.library_version(conn) == 5 and schema.init_library(conn) == len(ALL_MIGRATIONS) - 5
    with PolicyFile.open(path, readonly=True) as pf:
        content_hash = pf.version("1.0").content_hash
    insert = ("INSERT INTO signatures (policy_id, kind, subject, record, signer_key, signer_name, "
              "signature, rev) VALUES (%s, 'status', '1.0', %s, %s, %s, %s, 99)")
    with psycopg.connect(library.url("rita")) as conn:
        for who, refused in ((people["Mal Mallory"], True), (people["Ada Author"], False)):
            record = _old_move(pid, content_hash, who)
            raw = base64.b64encode(who.sign(signing.canonical_bytes(record))).decode()
            args = (pid, canonical_json(record), who.public.key_b64, who.name, raw)
            if refused:
                with pytest.raises(psycopg.errors.RaiseException) as err:
                    conn.execute(insert, args)
                assert err.value.diag.message_primary == (
                    "the move of version 1.0 to draft was signed by a key that is not an author on the "
                    "policy's roster")
                conn.rollback()
            else:
                conn.execute(insert, args)
                conn.rollback()
