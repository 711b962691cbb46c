"""A status change is checked against the roster it was signed under (schema 6), as an approval is:
a step rightly taken offline is not refused because the owner changed the roster meanwhile, and a
record naming a roster the library lacks, or one where its signer lacked the role, is refused."""

from __future__ import annotations

import base64
import hashlib

import psycopg
import pytest

from policyeditor.app.library import pull, sync_file
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store import signatures
from policyeditor.store.audit import canonical_json
from policyeditor.store.policyfile import PolicyFile

INSERT = ("INSERT INTO signatures (policy_id, kind, subject, record, signer_key, signer_name, signature, "
          "rev) VALUES (%s, 'status', %s, %s, %s, %s, %s, 99)")


def _raw(identity, record):
    return base64.b64encode(identity.sign(signing.canonical_bytes(record))).decode("ascii")


def _approved_in_rita(library, signed_copy, tmp_path, people):
    """Abe approves 1.0 in rita's copy and both copies sync: 1.0 is approved everywhere."""
    path, pid = signed_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        Workflow(pf).approve("1.0", "", identity=people["Abe Approver"])
    assert sync_file(review, library.url("rita")).refused == []
    assert sync_file(path, library.url("alice")).refused == []
    return path, review, pid


def test_a_move_signed_offline_before_its_signer_was_removed_still_syncs(library, signed_copy, tmp_path,
                                                                        people):
    path, review, pid = _approved_in_rita(library, signed_copy, tmp_path, people)
    abe = people["Abe Approver"]
    with PolicyFile.open(review) as pf:  # offline: Abe, an approver, publishes 1.0
        Workflow(pf).publish("1.0", "", identity=abe)
        assert verify(pf) == []
    with PolicyFile.open(path) as pf:  # meanwhile the owner removes him, and syncs
        rosters.change(pf, people["Olga Owner"], "remove", role="approver", member=abe.public)
    assert sync_file(path, library.url("alice")).refused == []
    for _ in range(2):  # his copy syncs (and again: nothing is stuck)
        report = sync_file(review, library.url("rita"))
        assert report.refused == []
    with library.connect("alice") as conn:
        status = conn.execute("SELECT status FROM versions WHERE policy_id = %s", (pid,)).fetchone()[0]
    assert status == "published"
    report = sync_file(path, library.url("alice"))
    assert report.refused == []
    for copy in (path, review):
        with PolicyFile.open(copy, readonly=True) as pf:
            assert pf.version("1.0").status.value == "published"
            assert not rosters.current(pf).has(abe.public.key_b64, "approver")
            assert verify(pf) == []


def test_raw_sql_cannot_add_a_move_naming_a_roster_the_library_lacks_or_one_without_the_role(
        library, signed_copy, people):
    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        history = rosters.history(pf)
        content_hash = pf.version("1.0").content_hash
    first_head = history.states[0][1].head  # only the owner was on the roster then
    ada, mal = people["Ada Author"], people["Mal Mallory"]
    with psycopg.connect(library.url("rita")) as conn:
        for record, says in (
            (signing.status_record(pid, "1.0", "in_review", "draft", content_hash, ada.public,
                                   hashlib.sha256(b"no such roster").hexdigest()),
             "the move of version 1.0 to draft names a roster the library does not hold"),
            (signing.status_record(pid, "1.0", "in_review", "draft", content_hash, ada.public, first_head),
             "the move of version 1.0 to draft was signed by a key that is not an author on the "
             "policy's roster it was made under"),
            (signing.status_record(pid, "1.0", "in_review", "draft", content_hash, mal.public,
                                   history.current.head),
             "the move of version 1.0 to draft was signed by a key that is not an author on the "
             "policy's roster it was made under"),
        ):
            signer = ada if record["by"] == ada.public.key_b64 else mal
            with pytest.raises(psycopg.errors.RaiseException) as refused:
                conn.execute(INSERT, (pid, "1.0", canonical_json(record), signer.public.key_b64, signer.name,
                                      _raw(signer, record)))
            assert refused.value.diag.message_primary == says
            conn.rollback()
        # Ada on the roster she was an author under: taken
        good = signing.status_record(pid, "1.0", "in_review", "draft", content_hash, ada.public,
                                     history.current.head)
        conn.execute(INSERT, (pid, "1.0", canonical_json(good), ada.public.key_b64, ada.name,
                              _raw(ada, good)))
        conn.rollback()


def test_a_copy_refuses_a_move_the_library_took_with_its_checks_off(library, signed_copy, tmp_path, people):
    """Gate 3: the same rule in the receiving copy, and in `info --verify`."""
    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        history = rosters.history(pf)
        content_hash = pf.version("1.0").content_hash
    ada, mal = people["Ada Author"], people["Mal Mallory"]
    bad = [signing.status_record(pid, "1.0", "in_review", "draft", content_hash, ada.public,
                                 hashlib.sha256(b"no such roster").hexdigest()),
           signing.status_record(pid, "1.0", "in_review", "draft", content_hash, ada.public,
                                 history.states[0][1].head),
           signing.status_record(pid, "1.0", "in_review", "draft", content_hash, mal.public,
                                 history.current.head),
           signing.status_record(pid, "1.0", "in_review", "draft", content_hash, mal.public)]  # no head
    with library.admin() as conn:
        conn.execute("SET session_replication_role = replica")  # the administrator's triggers off
        for record in bad:
            signer = ada if record["by"] == ada.public.key_b64 else mal
            conn.execute(INSERT, (pid, "1.0", canonical_json(record), signer.public.key_b64, signer.name,
                                  _raw(signer, record)))
        conn.commit()
    report = sync_file(path, library.url("alice"))
    assert len(report.refused) == 4
    assert "names a roster this copy does not hold" in report.refused[0]
    assert all("not an author on the roster it was made under" in r for r in report.refused[1:])
    with PolicyFile.open(path, readonly=True) as pf:
        assert len(signing.read(pf, "status")) == 1 and verify(pf) == []
    # the same records written into a copy by hand: `info --verify` says the same
    with PolicyFile.open(path) as pf:
        with pf.transaction():
            for record in bad:
                signer = ada if record["by"] == ada.public.key_b64 else mal
                signatures.add(pf, "status", "1.0", canonical_json(record), signer.public.key_b64,
                               signer.name, _raw(signer, record))
        found = [p for p in verify(pf) if "move of version 1.0" in p]
    assert len(found) == 4 and "names a roster this copy does not hold" in found[0]
