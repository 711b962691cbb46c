"""An approval whose record names a roster head is refused by the server when the library holds no
roster of the policy at all (schema 7), as the copies refuse it: the head is not the library's. An
approval naming none, signed or not, is taken as before."""

from __future__ import annotations

import base64
import hashlib
import uuid

import psycopg
import pytest

from policyeditor.app.library import pull, sync_file
from policyeditor.core.errors import LibraryError
from policyeditor.library import signed
from policyeditor.review import signing
from policyeditor.review.verify import verify
from policyeditor.store import reviews
from policyeditor.store.audit import canonical_json
from policyeditor.store.policyfile import PolicyFile

NO_SUCH_HEAD = hashlib.sha256(b"no such roster").hexdigest()
INSERT = ("INSERT INTO approvals (policy_id, id, version, reviewer, created, content_hash, rev, record, "
          "signer_key, signature) VALUES (%s, %s, '1.0', %s, 'now', %s, 99, %s, %s, %s)")
REFUSED = "the approval of version 1.0 by Abe Approver names a roster the library does not hold"


def approval_row(pid, content_hash, who, head):
    """The values of an approval by `who` whose record names `head`, genuinely signed by `who`."""
    approval = uuid.uuid4().hex
    record = signing.approval_record(pid, "1.0", approval, content_hash, who.public, head)
    raw = base64.b64encode(who.sign(signing.canonical_bytes(record))).decode("ascii")
    return (pid, approval, who.name, content_hash, canonical_json(record), who.public.key_b64, raw)


def content_hash_of(path):
    with PolicyFile.open(path, readonly=True) as pf:
        return pf.version("1.0").content_hash


def library_approvals(library, pid):
    with library.connect("alice") as conn:
        return conn.execute("SELECT reviewer, record IS NOT NULL FROM approvals WHERE policy_id = %s "
                            "ORDER BY seq", (pid,)).fetchall()


def test_raw_sql_cannot_add_an_approval_naming_a_roster_to_a_library_without_one(library, plain_copy,
                                                                                 people):
    path, pid = plain_copy
    abe, content_hash = people["Abe Approver"], content_hash_of(path)
    with psycopg.connect(library.url("rita")) as conn:
        with pytest.raises(psycopg.errors.RaiseException) as refused:
            conn.execute(INSERT, approval_row(pid, content_hash, abe, NO_SUCH_HEAD))
        assert refused.value.diag.message_primary == REFUSED
        conn.rollback()
        # naming no head, signed or not: taken, as before schema 7
        conn.execute(INSERT, approval_row(pid, content_hash, abe, None))
        conn.execute(INSERT, (pid, uuid.uuid4().hex, "Rita Reviewer", content_hash, None, None, None))
    assert library_approvals(library, pid) == [("Abe Approver", True), ("Rita Reviewer", False)]


def test_with_the_roster_in_the_library_such_an_approval_is_refused_in_the_same_words(library, signed_copy,
                                                                                        people):
    path, pid = signed_copy
    row = approval_row(pid, content_hash_of(path), people["Abe Approver"], NO_SUCH_HEAD)
    with psycopg.connect(library.url("rita")) as conn:
        with pytest.raises(psycopg.errors.RaiseException) as refused:
            conn.execute(INSERT, row)
        assert refused.value.diag.message_primary == REFUSED


def forge_in_copy(path, who, head):
    """A copy holding an approval of 1.0 by `who`, genuinely signed, whose record names `head`."""
    with PolicyFile.open(path) as pf:
        row = {"id": uuid.uuid4().hex, "version": "1.0", "reviewer": who.name,
               "created": pf.version("1.0").created, "content_hash": pf.version("1.0").content_hash}
        with pf.transaction():
            reviews.record_approval(pf, row, status_from=None)
            signing.sign(pf, who, row["id"], signing.approval_record(
                reviews.policy_id(pf), "1.0", row["id"], row["content_hash"], who.public, head))


def test_a_crafted_push_of_such_an_approval_is_refused_by_the_copy_and_by_the_server(
        library, plain_copy, tmp_path, people, monkeypatch):
    path, pid = plain_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    forge_in_copy(review, people["Abe Approver"], NO_SUCH_HEAD)
    with pytest.raises(LibraryError, match="names a roster this copy does not hold"):  # gate 1
        sync_file(review, library.url("rita"))
    monkeypatch.setattr(signed, "check_copy", lambda pf: None)  # a client without gate 1
    with pytest.raises(LibraryError) as refused:
        sync_file(review, library.url("rita"))
    assert str(refused.value) == f"the library refused the change: {REFUSED}"
    assert library_approvals(library, pid) == []


def test_a_copy_refuses_such_an_approval_the_library_took_with_its_checks_off(library, plain_copy, people):
    """The rule the server now holds is the copies' (review/roster.py step_problem, gate 3)."""
    path, pid = plain_copy
    abe, content_hash = people["Abe Approver"], content_hash_of(path)
    with library.admin() as conn:
        conn.execute("SET session_replication_role = replica")  # the administrator's triggers off
        conn.execute(INSERT, approval_row(pid, content_hash, abe, NO_SUCH_HEAD))
        conn.commit()
    report = sync_file(path, library.url("alice"))
    assert len(report.refused) == 1
    assert report.refused[0].startswith("the library's approval of version 1.0 by Abe Approver")
    assert report.refused[0].endswith("names a roster this copy does not hold")
    with PolicyFile.open(path, readonly=True) as pf:
        assert reviews.approval_rows(pf) == [] and verify(pf) == []

