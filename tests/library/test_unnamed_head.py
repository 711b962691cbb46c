"""An approval or status change signed before the policy had a roster names no roster head. Once the
library holds a roster it is held to that roster as it stands when it arrives (schema 7; schema 3
held an approval to a roster of no change at all, which refused every one, the owner's too, and
stuck that copy's every sync). One whose signer the roster does not let take the step is kept back
by the sending copy, with the status it moved, and said so: the rest syncs, and it goes once the
owner puts its signer on the roster. A forged or late one gains nothing by omitting the head."""

from __future__ import annotations

import psycopg
import pytest
from test_approval_head import INSERT, approval_row, content_hash_of

from policyeditor.app.library import pull, sync_file
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile


def _abe_approves_offline(library, plain_copy, tmp_path, people):
    """Rita's copy of the roster-less policy, where Abe approves 1.0 with his key before any roster."""
    path, pid = plain_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        Workflow(pf).approve("1.0", "", identity=people["Abe Approver"])
        assert [s.record["roster"] for s in signing.read(pf, "approval")] == [None]
    return path, review, pid


def _start_roster(path, people, *approvers):
    with PolicyFile.open(path) as pf:
        owner = people["Olga Owner"]
        rosters.change(pf, owner, "add", role="author", member=people["Ada Author"].public)
        for name in approvers:
            rosters.change(pf, owner, "add", role="approver", member=people[name].public)


def _library(library, pid):
    with library.connect("alice") as conn:
        status = conn.execute("SELECT status FROM versions WHERE policy_id = %s", (pid,)).fetchone()[0]
        approvers = [r[0] for r in conn.execute(
            "SELECT reviewer FROM approvals WHERE policy_id = %s ORDER BY seq", (pid,))]
    return status, approvers


def _status(path):
    with PolicyFile.open(path, readonly=True) as pf:
        assert verify(pf) == []
        return pf.version("1.0").status.value


@pytest.mark.parametrize("where", ["library", "same copy"])
def test_an_approval_made_before_the_roster_syncs_when_its_signer_is_an_approver_on_it(
        library, plain_copy, tmp_path, people, where):
    path, review, pid = _abe_approves_offline(library, plain_copy, tmp_path, people)
    if where == "library":  # the owner starts the roster in alice's copy, which syncs first
        _start_roster(path, people, "Abe Approver")
        assert sync_file(path, library.url("alice")).refused == []
    else:  # the owner starts it in rita's copy, after the approval
        _start_roster(review, people, "Abe Approver")
    for _ in range(2):  # and again: nothing is stuck
        report = sync_file(review, library.url("rita"))
        assert report.refused == [] and report.kept == []
    assert _library(library, pid) == ("approved", ["Abe Approver"])
    assert sync_file(path, library.url("alice")).refused == []
    assert _status(path) == _status(review) == "approved"


def test_one_whose_signer_is_not_on_the_roster_is_kept_back_until_the_owner_adds_them(
        library, plain_copy, tmp_path, people):
    path, review, pid = _abe_approves_offline(library, plain_copy, tmp_path, people)
    _start_roster(path, people)  # Ada an author, no approver but the owner
    assert sync_file(path, library.url("alice")).refused == []
    for _ in range(2):  # the rest of rita's copy syncs, every time; the approval stays in it
        report = sync_file(review, library.url("rita"))
        assert report.kept == [
            f"the approval of version 1.0 by {people['Abe Approver'].public.display()} is kept in this "
            "copy: it names no roster (it was signed before the policy had one), and the library's "
            "roster does not make its signer an approver; the roster's owner can",
            "version 1.0 stays In review in the library: it has no signed approval the library takes"]
        assert _library(library, pid) == ("in_review", [])
        assert _status(review) == "approved"
    with PolicyFile.open(review, readonly=True) as pf:
        assert rosters.current(pf).exists  # the library's roster came in
    # the owner adds Abe as an approver and syncs: the approval goes
    with PolicyFile.open(path) as pf:
        rosters.change(pf, people["Olga Owner"], "add", role="approver", member=people["Abe Approver"].public)
    assert sync_file(path, library.url("alice")).refused == []
    report = sync_file(review, library.url("rita"))
    assert report.kept == [] and report.refused == []
    assert _library(library, pid) == ("approved", ["Abe Approver"])
    assert sync_file(path, library.url("alice")).refused == []
    assert _status(path) == "approved"


def test_a_move_made_before_the_roster_is_kept_back_or_goes_as_its_signer_stands_on_it(
        library, plain_copy, tmp_path, people):
    """The same for a status change (schema 6 held it to the roster as it is when it arrives, but
    the copy sent it all the same, and the server refused the whole sync)."""
    path, pid = plain_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    mal = people["Mal Mallory"]
    with PolicyFile.open(review) as pf:  # before any roster, Mal withdraws 1.0 with his key
        Workflow(pf).withdraw("1.0", "", identity=mal)
    _start_roster(path, people)
    assert sync_file(path, library.url("alice")).refused == []
    for _ in range(2):
        report = sync_file(review, library.url("rita"))
        assert report.kept == [
            f"the move of version 1.0 to draft by {mal.public.display()} is kept in this copy: it names "
            "no roster (it was signed before the policy had one), and the library's roster does not make "
            "its signer an author; the roster's owner can",
            "version 1.0 stays In review in the library: it has no signed record of its move to draft "
            "that the library takes"]
        assert _library(library, pid) == ("in_review", [])
        assert _status(review) == "draft"
    with PolicyFile.open(path) as pf:
        rosters.change(pf, people["Olga Owner"], "add", role="author", member=mal.public)
    assert sync_file(path, library.url("alice")).refused == []
    assert sync_file(review, library.url("rita")).kept == []
    assert _library(library, pid) == ("draft", [])
    assert sync_file(path, library.url("alice")).refused == []
    assert _status(path) == "draft"


def test_the_server_holds_an_approval_naming_no_head_to_the_roster_as_it_is_now(library, signed_copy,
                                                                                 people):
    """The owner's and a current approver's are taken (schema 3 refused them); a stranger's, or one
    by an approver the owner removed, is refused: omitting the head lets no late approval in."""
    path, pid = signed_copy
    content_hash = content_hash_of(path)
    with PolicyFile.open(path) as pf:
        for change in ("add", "remove"):
            rosters.change(pf, people["Olga Owner"], change, role="approver",
                           member=people["Ada Author"].public)
    assert sync_file(path, library.url("alice")).refused == []
    with psycopg.connect(library.url("rita")) as conn:
        for name in ("Mal Mallory", "Ada Author"):
            with pytest.raises(psycopg.errors.RaiseException) as refused:
                conn.execute(INSERT, approval_row(pid, content_hash, people[name], None))
            assert refused.value.diag.message_primary == (
                f"the approval of version 1.0 by {name} was signed by a key that is not an approver on the "
                "policy's roster")
            conn.rollback()
        for name in ("Olga Owner", "Abe Approver"):
            conn.execute(INSERT, approval_row(pid, content_hash, people[name], None))
        conn.commit()
    with library.connect("alice") as conn:
        assert [r[0] for r in conn.execute("SELECT reviewer FROM approvals WHERE policy_id = %s ORDER BY seq",
                                           (pid,))] == ["Olga Owner", "Abe Approver"]
    # and a copy takes them by the same rule
    report = sync_file(path, library.url("alice"))
    assert report.refused == [] and report.received.get("approvals") == 2
    with PolicyFile.open(path, readonly=True) as pf:
        assert len(reviews.approval_rows(pf)) == 2 and verify(pf) == []



def test_a_move_made_without_a_key_before_the_roster_is_kept_back_and_undone_with_one(
        library, plain_copy, tmp_path, people):
    """The server refuses such a move at commit (schema 3), which refused the whole sync, every time."""
    path, pid = plain_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        Workflow(pf).withdraw("1.0", "Rita Reviewer")
    _start_roster(path, people)
    assert sync_file(path, library.url("alice")).refused == []
    for _ in range(2):
        assert sync_file(review, library.url("rita")).kept == [
            "version 1.0 stays In review in the library: it has no signed record of its move to draft "
            "that the library takes"]
        assert _status(review) == "draft"
    with PolicyFile.open(review) as pf:  # Ada, an author on the roster, submits it again with her key
        Workflow(pf).submit_for_review("1.0", "", identity=people["Ada Author"])
    report = sync_file(review, library.url("rita"))
    assert report.kept == [] and report.refused == []
    assert _library(library, pid) == ("in_review", []) and _status(review) == "in_review"
