"""A forged approval cannot enter the library: not from a tampered copy, not by raw SQL (issues 14 and 15)."""

from __future__ import annotations

import base64
import json
import uuid

import psycopg
import pytest

from policyeditor.app.library import pull, sync_file
from policyeditor.core.errors import LibraryError
from policyeditor.library import ed25519
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store import reviews
from policyeditor.store.audit import canonical_json
from policyeditor.store.policyfile import PolicyFile


def _approvals(library, pid):
    with library.connect("alice") as conn:
        return conn.execute("SELECT reviewer FROM approvals WHERE policy_id = %s", (pid,)).fetchall()


@pytest.mark.parametrize("copy", ["signed_copy", "plain_copy"])  # without a roster: it names no head
def test_a_signed_approval_travels_with_its_signature(library, tmp_path, people, copy, request):
    path, pid = request.getfixturevalue(copy)
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        Workflow(pf).approve("1.0", "", identity=people["Abe Approver"])
    assert sync_file(review, library.url("rita")).sent["approvals"] == 1
    report = sync_file(path, library.url("alice"))
    assert report.refused == [] and report.received["approvals"] == 1
    with PolicyFile.open(path, readonly=True) as pf:  # with a roster, Abe is an approver on it
        [s] = signing.read(pf, "approval")
        assert s.valid and s.signer.name == "Abe Approver"
        assert pf.version("1.0").status.value == "approved"
        assert verify(pf) == []


def test_a_tampered_copy_with_a_forged_approval_sends_nothing(library, signed_copy):
    path, pid = signed_copy
    with PolicyFile.open(path) as pf:  # mallory writes an approval straight into the file
        pf.conn.execute(
            "INSERT INTO approvals (id, version, reviewer, created, content_hash) VALUES (?, ?, ?, ?, ?)",
            (uuid.uuid4().hex, "1.0", "Mal Mallory", "2026-01-01T00:00:00Z",
             pf.version("1.0").content_hash),
        )
        pf.conn.commit()
    with pytest.raises(LibraryError) as refused:
        sync_file(path, library.url("alice"))
    message = str(refused.value)
    assert message.startswith("signed.policy was not synced: the approval of version 1.0 by Mal Mallory")
    assert "\n" not in message
    assert _approvals(library, pid) == []


def test_raw_sql_cannot_add_an_unsigned_or_mismatched_approval(library, signed_copy, people):
    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        content_hash = pf.version("1.0").content_hash
    approval = uuid.uuid4().hex
    insert = ("INSERT INTO approvals (policy_id, id, version, reviewer, created, content_hash, rev, record, "
              "signer_key, signature) VALUES (%s, %s, '1.0', 'Mal Mallory', 'now', %s, 99, %s, %s, %s)")
    mal = people["Mal Mallory"].public.key_b64
    other = json.dumps({"kind": "approval", "policy": pid, "approval": "someone-else",
                        "content_hash": content_hash, "by": mal})
    with psycopg.connect(library.url("rita")) as conn:
        for record, key, signature, says in (
            (None, None, None, "is not signed"),
            (other, mal, "AAAA", "does not match the record"),
        ):
            with pytest.raises(psycopg.errors.RaiseException, match=says):
                conn.execute(insert, (pid, approval, content_hash, record, key, signature))
            conn.rollback()
        # nor can a status be set to approved without a signed approval (checked at commit)
        conn.execute("UPDATE versions SET status = 'approved' WHERE policy_id = %s", (pid,))
        with pytest.raises(psycopg.errors.RaiseException, match="without a signed approval"):
            conn.commit()
    assert _approvals(library, pid) == []


def _abe_approval(signed_copy, people):
    """A fresh approval of 1.0 by Abe (an approver on the roster): its id, the version's hash, its
    canonical record (as every copy stores it) and the bytes Abe's signature must cover."""
    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        content_hash = pf.version("1.0").content_hash
        head = rosters.current(pf).head
    approval = uuid.uuid4().hex
    record = signing.approval_record(pid, "1.0", approval, content_hash, people["Abe Approver"].public, head)
    return approval, content_hash, canonical_json(record), signing.canonical_bytes(record)


_INSERT_ABE = ("INSERT INTO approvals (policy_id, id, version, reviewer, created, content_hash, rev, record, "
               "signer_key, signature) VALUES (%s, %s, '1.0', 'Abe Approver', 'now', %s, 99, %s, %s, %s)")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def test_a_forged_signature_under_an_approvers_key_is_refused_by_the_server(library, signed_copy, people):
    """Rita writes an approval by raw SQL naming Abe, an approver on the roster, with a record that
    passes every other check: the server verifies the Ed25519 signature itself (schema 4)."""
    path, pid = signed_copy
    abe = people["Abe Approver"]
    approval, content_hash, record, signed_bytes = _abe_approval(signed_copy, people)
    genuine = abe.sign(signed_bytes)
    s = int.from_bytes(genuine[32:], "little")
    other = abe.sign(signing.PREFIX + record.replace(approval, uuid.uuid4().hex).encode("utf-8"))
    mal = people["Mal Mallory"].sign(signed_bytes)  # a real signature, by the wrong key
    forgeries = [
        b"\0" * 64,  # zeros
        other,  # Abe's real signature, of another approval
        mal,
        genuine[:32] + (s + ed25519.L).to_bytes(32, "little"),  # the genuine one with S + L (non-canonical)
        genuine[:10] + bytes([genuine[10] ^ 1]) + genuine[11:],  # one bit of R flipped
    ]
    with psycopg.connect(library.url("rita")) as conn:
        for forged in forgeries:
            with pytest.raises(psycopg.errors.RaiseException) as refused:
                conn.execute(_INSERT_ABE, (pid, approval, content_hash, record, abe.public.key_b64,
                                           _b64(forged)))
            assert refused.value.diag.message_primary == (
                "the approval of version 1.0 by Abe Approver is forged: its signature does not verify")
            conn.rollback()
        # a record respelt (not its canonical JSON): the signature covers the canonical bytes only
        respelt = json.dumps(json.loads(record), sort_keys=True)
        with pytest.raises(psycopg.errors.RaiseException, match="is forged"):
            conn.execute(_INSERT_ABE, (pid, approval, content_hash, respelt, abe.public.key_b64,
                                       _b64(genuine)))
        conn.rollback()
        with pytest.raises(psycopg.errors.RaiseException, match="has a damaged signature"):
            conn.execute(_INSERT_ABE, (pid, approval, content_hash, record, abe.public.key_b64,
                                       "not base64!"))
        conn.rollback()
    assert _approvals(library, pid) == []
    # the genuine signature is taken, and the copy takes it back from the library
    with psycopg.connect(library.url("rita")) as conn:
        conn.execute(_INSERT_ABE, (pid, approval, content_hash, record, abe.public.key_b64, _b64(genuine)))
    assert _approvals(library, pid) == [("Abe Approver",)]
    report = sync_file(path, library.url("alice"))
    assert report.refused == [] and report.received["approvals"] == 1


def test_a_forged_signature_that_got_past_the_server_is_refused_by_every_copy(library, signed_copy, people):
    """The library's administrator can switch its triggers off (session_replication_role = replica):
    a forged approval written so is in the library, and every copy still refuses it (gate 3)."""
    path, pid = signed_copy
    approval, content_hash, record, _ = _abe_approval(signed_copy, people)
    with library.admin() as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(_INSERT_ABE, (pid, approval, content_hash, record, people["Abe Approver"].public.key_b64,
                                   _b64(b"\0" * 64)))
        conn.commit()
    report = sync_file(path, library.url("alice"))
    assert report.refused == [
        "the library's approval of version 1.0 by Abe Approver is forged: its signature does not verify"
    ]
    assert "refused: the library's approval" in report.summary()
    with PolicyFile.open(path, readonly=True) as pf:
        assert reviews.approval_rows(pf) == [] and verify(pf) == []


def test_a_policy_without_a_roster_still_takes_plain_approvals(library, tmp_path, plain_copy):
    path, pid = plain_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        Workflow(pf).approve("1.0", "rita")
    assert sync_file(review, library.url("rita")).sent["approvals"] == 1
    assert sync_file(path, library.url("alice")).received["approvals"] == 1


def test_a_real_signature_by_someone_not_on_the_roster_is_refused_by_the_server(library, signed_copy,
                                                                              people):
    """Mallory signs with his own key, correctly: the library's roster (schema 3) says he may not approve."""
    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        content_hash = pf.version("1.0").content_hash
        head = rosters.current(pf).head
    approval = uuid.uuid4().hex
    mal = people["Mal Mallory"]
    record = signing.approval_record(pid, "1.0", approval, content_hash, mal.public, head)
    signature = base64.b64encode(mal.sign(signing.canonical_bytes(record))).decode("ascii")
    with psycopg.connect(library.url("rita")) as conn:
        with pytest.raises(psycopg.errors.RaiseException) as refused:
            conn.execute(
                "INSERT INTO approvals (policy_id, id, version, reviewer, created, content_hash, rev, "
                "record, signer_key, signature) VALUES (%s, %s, '1.0', 'Mal Mallory', 'now', %s, 99, %s, "
                "%s, %s)",
                (pid, approval, content_hash, json.dumps(record), mal.public.key_b64, signature),
            )
    assert refused.value.diag.message_primary == (
        "the approval of version 1.0 by Mal Mallory was signed by a key that is not an approver on the "
        "policy's roster")
    assert _approvals(library, pid) == []
    report = sync_file(path, library.url("alice"))
    assert report.refused == []
    with PolicyFile.open(path, readonly=True) as pf:
        assert reviews.approval_rows(pf) == [] and verify(pf) == []
