"""The roster and the signed records of versions and status changes travel through the library,
and the server holds approvals and status changes to the roster (issue 15 item 2, schema 3)."""

from __future__ import annotations

import base64
import hashlib
import json

import psycopg
import pytest

from policyeditor.app.library import pull, sync_file
from policyeditor.cli import main
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile


def _signed_raw(identity, record):
    return base64.b64encode(identity.sign(signing.canonical_bytes(record))).decode("ascii")


def _library_roster(library, pid):
    with library.connect("alice") as conn:
        return conn.execute(
            "SELECT record::jsonb->>'action', record::jsonb->>'role' FROM signatures "
            "WHERE policy_id = %s AND kind = 'roster' ORDER BY seq",
            (pid,),
        ).fetchall()


def test_a_pulled_copy_has_the_roster_and_the_signed_records_and_verifies(
    library, signed_copy, tmp_path, people
):
    path, pid = signed_copy
    assert _library_roster(library, pid) == [("create", "owner"), ("add", "author"), ("add", "approver")]
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review, readonly=True) as pf, PolicyFile.open(path, readonly=True) as mine:
        roster = rosters.current(pf)
        assert roster.owner is not None and roster.owner.name == "Olga Owner"
        assert roster.has(people["Abe Approver"].public.key_b64, "approver")
        assert not roster.has(people["Mal Mallory"].public.key_b64, "approver")
        assert roster.head == rosters.current(mine).head
        kinds = sorted(s.kind for s in signing.read(pf))
        assert kinds == ["roster", "roster", "roster", "status", "version"]
        assert verify(pf) == []
    assert main(["info", str(review), "--verify"]) == 0
    # nothing new on either side: the next syncs move nothing
    again = sync_file(review, library.url("rita"))
    assert again.sent == {} and again.received.get("signatures", 0) == 0
    assert sync_file(path, library.url("alice")).received.get("signatures", 0) == 0


def test_a_roster_change_made_in_one_copy_reaches_another_by_sync(library, signed_copy, tmp_path, people):
    path, pid = signed_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    mal = people["Mal Mallory"]
    with PolicyFile.open(path) as pf:  # the owner makes Mal an approver, then Abe no longer one
        rosters.change(pf, people["Olga Owner"], "add", role="approver", member=mal.public)
    assert sync_file(path, library.url("alice")).sent["signatures"] == 1
    report = sync_file(review, library.url("rita"))
    assert report.received["signatures"] == 1 and report.refused == []
    with PolicyFile.open(review) as pf:
        assert rosters.current(pf).has(mal.public.key_b64, "approver")
        Workflow(pf).approve("1.0", "", identity=mal)  # the copy's own workflow now lets him
        assert verify(pf) == []
    sent = sync_file(review, library.url("rita")).sent
    assert sent["approvals"] == 1 and sent["statuses"] == 1
    report = sync_file(path, library.url("alice"))
    assert report.refused == [] and report.received["approvals"] == 1
    with PolicyFile.open(path, readonly=True) as pf:
        assert pf.version("1.0").status.value == "approved" and verify(pf) == []


def test_a_copy_whose_roster_was_started_elsewhere_is_refused_in_one_sentence(
    library, signed_copy, tmp_path, people
):
    from policyeditor.core.errors import LibraryError

    path, pid = signed_copy
    from policyeditor.store.library_copy import create_copy

    other = tmp_path / "mal.policy"
    with create_copy(other, pid, "Privacy", author="alice") as pf:  # a copy of the policy, its own roster
        rosters.change(pf, people["Mal Mallory"], "add", role="approver", member=people["Mal Mallory"].public)
    with pytest.raises(LibraryError) as refused:
        sync_file(other, library.url("alice"))
    assert str(refused.value) == (
        "the roster of this copy and the library's differ at change 1: one of them "
        "was started or changed elsewhere; nothing was synced"
    )
    assert _library_roster(library, pid) == [("create", "owner"), ("add", "author"), ("add", "approver")]


def test_raw_sql_cannot_add_a_roster_change_not_signed_by_the_owner(library, signed_copy, people):
    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        roster = rosters.current(pf)
    mal = people["Mal Mallory"]
    record = {
        "kind": "roster",
        "policy": pid,
        "seq": roster.seq + 1,
        "prev": roster.head,
        "by": mal.public.key_b64,
        "by_name": mal.name,
        "action": "add",
        "role": "approver",
        "key": mal.public.key_b64,
        "name": mal.name,
    }
    insert = (
        "INSERT INTO signatures (policy_id, kind, subject, record, signer_key, signer_name, signature, "
        "rev) VALUES (%s, 'roster', 'roster:4', %s, %s, %s, %s, 99)"
    )
    with psycopg.connect(library.url("rita")) as conn:
        with pytest.raises(psycopg.errors.RaiseException) as refused:
            conn.execute(
                insert, (pid, json.dumps(record), mal.public.key_b64, mal.name, _signed_raw(mal, record))
            )
        assert refused.value.diag.message_primary == "roster change 4 was not signed by the roster's owner"
        conn.rollback()
        skipped = {**record, "seq": roster.seq + 2}  # nor one that skips a change
        with pytest.raises(psycopg.errors.RaiseException, match="does not follow"):
            conn.execute(
                insert, (pid, json.dumps(skipped), mal.public.key_b64, mal.name, _signed_raw(mal, skipped))
            )
    assert len(_library_roster(library, pid)) == 3


def test_raw_sql_cannot_move_a_status_without_a_signed_record_by_the_roster(library, signed_copy, people):
    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        content_hash = pf.version("1.0").content_hash
    with psycopg.connect(library.url("rita")) as conn:
        # no signed record of the move: refused at commit
        conn.execute("UPDATE versions SET status = 'draft' WHERE policy_id = %s", (pid,))
        with pytest.raises(psycopg.errors.RaiseException) as refused:
            conn.commit()
        assert refused.value.diag.message_primary == (
            "version 1.0 cannot become draft in the library without a signed record of the move"
        )
        # a correctly signed record by Mal, who is not an author on the roster
        mal = people["Mal Mallory"]
        record = signing.status_record(pid, "1.0", "in_review", "draft", content_hash, mal.public)
        insert = (
            "INSERT INTO signatures (policy_id, kind, subject, record, signer_key, signer_name, "
            "signature, rev) VALUES (%s, 'status', '1.0', %s, %s, %s, %s, 99)"
        )
        with pytest.raises(psycopg.errors.RaiseException) as refused:
            conn.execute(
                insert, (pid, json.dumps(record), mal.public.key_b64, mal.name, _signed_raw(mal, record))
            )
        assert refused.value.diag.message_primary == (
            "the move of version 1.0 to draft was signed by a key that is not an author on the "
            "policy's roster"
        )
        conn.rollback()
        # Ada is an author, but her record names another text
        ada = people["Ada Author"]
        other = signing.status_record(
            pid, "1.0", "in_review", "draft", hashlib.sha256(b"x").hexdigest(), ada.public
        )
        with pytest.raises(
            psycopg.errors.RaiseException, match="names a version or text the library does not"
        ):
            conn.execute(
                insert, (pid, json.dumps(other), ada.public.key_b64, ada.name, _signed_raw(ada, other))
            )
        conn.rollback()
        # ... and a record for another policy
        elsewhere = signing.status_record(
            "another-policy", "1.0", "in_review", "draft", content_hash, ada.public
        )
        with pytest.raises(psycopg.errors.RaiseException, match="names another policy"):
            conn.execute(
                insert,
                (pid, json.dumps(elsewhere), ada.public.key_b64, ada.name, _signed_raw(ada, elsewhere)),
            )
    with library.connect("alice") as conn:
        assert (
            conn.execute("SELECT status FROM versions WHERE policy_id = %s", (pid,)).fetchone()[0]
            == "in_review"
        )


def test_a_signed_withdrawal_by_the_author_reaches_the_library_and_back(
    library, signed_copy, tmp_path, people
):
    path, pid = signed_copy
    with PolicyFile.open(path) as pf:
        Workflow(pf).withdraw("1.0", "", identity=people["Ada Author"])
    report = sync_file(path, library.url("alice"))
    assert report.sent["statuses"] == 1 and report.sent["signatures"] == 1
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review, readonly=True) as pf:
        assert pf.version("1.0").status.value == "draft"
        assert [s.record["to"] for s in signing.read(pf, "status")] == ["in_review", "draft"]
        assert verify(pf) == [] and reviews.approval_rows(pf) == []


def test_a_stranger_learns_nothing_of_a_roster(library, signed_copy):
    """bruno is not a member: row-level security hides the roster, and the lookups see what he sees."""
    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        owner = rosters.current(pf).owner
    assert owner is not None
    with library.connect("bruno") as conn:
        assert conn.execute("SELECT count(*) FROM signatures").fetchone()[0] == 0
        assert conn.execute("SELECT library_has_roster(%s)", (pid,)).fetchone()[0] is False
        found = conn.execute("SELECT library_roster_has(%s, %s, 'approver')", (pid, owner.key_b64))
        assert found.fetchone()[0] is False
    with library.connect("rita") as conn:  # a member sees it
        assert conn.execute("SELECT library_has_roster(%s)", (pid,)).fetchone()[0] is True


def test_raw_sql_cannot_add_a_record_with_a_forged_signature_under_a_roster_key(library, signed_copy, people):
    """A roster change naming the owner's key and a move to approved naming Abe's (an approver) pass
    every rule of the roster; the server verifies their Ed25519 signatures (schema 4) and refuses them."""
    from policyeditor.store.audit import canonical_json

    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        roster = rosters.current(pf)
        content_hash = pf.version("1.0").content_hash
    olga, abe, mal = people["Olga Owner"], people["Abe Approver"], people["Mal Mallory"]
    mal_as_approver = {"kind": "roster", "policy": pid, "seq": roster.seq + 1, "prev": roster.head,
                       "by": olga.public.key_b64, "by_name": olga.name, "action": "add", "role": "approver",
                       "key": mal.public.key_b64, "name": mal.name}
    approved = signing.status_record(pid, "1.0", "in_review", "approved", content_hash, abe.public)
    insert = ("INSERT INTO signatures (policy_id, kind, subject, record, signer_key, signer_name, signature, "
              "rev) VALUES (%s, %s, %s, %s, %s, %s, %s, 99)")
    with psycopg.connect(library.url("rita")) as conn:
        for kind, subject, record, signer, says in (
            ("roster", "roster:4", mal_as_approver, olga, "the signed roster record roster:4 by Olga Owner"),
            ("status", "1.0", approved, abe, "the signed status record 1.0 by Abe Approver"),
        ):
            forged = _signed_raw(mal, record)  # Mal's real signature, under their key
            with pytest.raises(psycopg.errors.RaiseException) as refused:
                conn.execute(insert, (pid, kind, subject, canonical_json(record), signer.public.key_b64,
                                      signer.name, forged))
            assert refused.value.diag.message_primary == f"{says} is forged: its signature does not verify"
            conn.rollback()
    assert len(_library_roster(library, pid)) == 3
    with library.connect("alice") as conn:
        kinds = conn.execute("SELECT kind FROM signatures WHERE policy_id = %s ORDER BY seq", (pid,))
        kinds = kinds.fetchall()
    assert [k for (k,) in kinds] == ["roster", "roster", "roster", "version", "status"]
