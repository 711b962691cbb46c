"""Merge review from… a hostile reviewer's copy (issue 14): each attack refused, caught or harmless.

The attacker controls the copy: they write its rows with the project's own code
(signing with their own key), or with plain sqlite3. After each merge the
author's file holds nothing the rules do not allow, and `verify` finds nothing
wrong with it: what came in came in honestly, and what did not left no trace.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import uuid

import pytest

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Status
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.comments import Comments
from policyeditor.review.merge import merge_review
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import small_policy
from tests.review.test_comments import anchor_on
from tests.review.trust_helpers import make

OLGA, ADA, ABE, MAL = "Olga Owner", "Ada Author", "Abe Approver", "Mal Mallory"


@pytest.fixture
def people(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    keys = tmp_path / "keys"
    keys.mkdir()
    return {name: make(keys, name) for name in (OLGA, ADA, ABE, MAL)}


@pytest.fixture
def files(tmp_path, people):
    """The author's file (a roster; 1.0 saved by Ada and in review; one open thread) and a copy of it."""
    mine, copy = tmp_path / "policy.policy", tmp_path / "review.policy"
    with PolicyFile.create(mine, small_policy(), author=ADA) as pf:
        rosters.change(pf, people[OLGA], "add", role="author", member=people[ADA].public)
        rosters.change(pf, people[OLGA], "add", role="approver", member=people[ABE].public)
        flow = Workflow(pf)
        flow.save_version(small_policy(), "1.0", author="", identity=people[ADA])
        flow.save_version(small_policy(), "0.9-draft", author="", identity=people[ADA])
        thread = Comments(pf).comment(ADA, anchor_on(small_policy(), "about", "collect"), "Wide enough?",
                                      version="1.0")
        Comments(pf).reply(thread.id, ADA, "Ada's own reply.")
        flow.submit_for_review("1.0", "", identity=people[ADA])
    shutil.copy(mine, copy)
    return mine, copy, thread


def snapshot(path):
    with PolicyFile.open(path, readonly=True) as pf:
        statuses = [(i.label, i.status) for i in pf.versions()]
        return reviews.comment_rows(pf), reviews.approval_rows(pf), statuses, len(pf.audit_log())


def forge_approval(theirs, identity, label, *, reviewer=None, created=None, status_from=None, head=None):
    """What a hostile copy can hold: an approval row and a valid signature by `identity`, no rules applied
    (its record names `head`, or the copy's roster head)."""
    version = theirs.version(label)
    row = {"id": uuid.uuid4().hex, "version": label, "reviewer": reviewer or identity.name,
           "created": created or version.created, "content_hash": version.policy.content_hash()}
    with theirs.transaction():
        reviews.record_approval(theirs, row, status_from=status_from)
        signing.sign(theirs, identity, row["id"], signing.approval_record(
            reviews.policy_id(theirs), label, row["id"], row["content_hash"], identity.public,
            head or rosters.current(theirs).head))
    return row


def forge_status(theirs, identity, label, old, new, head=None):
    with theirs.transaction():
        reviews.change_statuses(theirs, [(label, old, new)], actor=identity.name)
        signing.sign(theirs, identity, label, signing.status_record(
            reviews.policy_id(theirs), label, old.value, new.value,
            theirs.version(label).policy.content_hash(), identity.public, head))


def resolve_all(path, who=ABE):
    with PolicyFile.open(path) as pf:
        for thread in Comments(pf).threads():
            Comments(pf).resolve(thread.id, who)


def merged(mine, copy):
    with PolicyFile.open(mine) as pf:
        report = merge_review(pf, copy, actor=ADA)
        assert verify(pf) == []
    return report


def test_an_honest_signed_approval_comes_in_under_its_signer(files, people):
    mine, copy, _ = files
    resolve_all(copy)
    with PolicyFile.open(copy) as theirs:
        Workflow(theirs).approve("1.0", "", identity=people[ABE])
    report = merged(mine, copy)
    assert (report.approvals, report.statuses, report.updated) == (1, 1, 1), report.skipped
    with PolicyFile.open(mine, readonly=True) as pf:
        assert pf.versions()[0].status == Status.APPROVED
        assert [a.reviewer for a in Workflow(pf).approvals("1.0")] == [ABE]
        assert verify(pf, [people[ABE].public]) == []


def test_an_unsigned_approval_in_a_borrowed_name_is_not_taken(files):
    mine, copy, _ = files
    resolve_all(copy)
    before = snapshot(mine)[1:3]
    with PolicyFile.open(copy) as theirs:
        row = {"id": uuid.uuid4().hex, "version": "1.0", "reviewer": ABE,
               "created": theirs.version("1.0").created,
               "content_hash": theirs.version("1.0").policy.content_hash()}
        reviews.record_approval(theirs, row, status_from=Status.IN_REVIEW)
    report = merged(mine, copy)
    assert report.approvals == 0 and snapshot(mine)[1:3] == before
    assert any("under the name Abe Approver" in line and "not signed" in line for line in report.skipped)


def test_an_approval_signed_by_mal_under_abes_name_is_refused(files, people):
    mine, copy, _ = files
    resolve_all(copy)
    with PolicyFile.open(copy) as theirs:
        forge_approval(theirs, people[MAL], "1.0", reviewer=ABE, status_from=Status.IN_REVIEW)
    report = merged(mine, copy)
    assert report.approvals == 0
    assert any("Mal Mallory" in line and "not an approver" in line for line in report.skipped), report.skipped
    assert snapshot(mine)[2][0] == ("1.0", Status.IN_REVIEW)


def test_the_real_signer_is_recorded_not_the_name_in_the_row(files, people):
    mine, copy, _ = files
    resolve_all(copy)
    with PolicyFile.open(copy) as theirs:
        forge_approval(theirs, people[ABE], "1.0", reviewer="The Board", status_from=Status.IN_REVIEW)
    report = merged(mine, copy)
    assert report.approvals == 1
    with PolicyFile.open(mine, readonly=True) as pf:
        assert [a.reviewer for a in Workflow(pf).approvals("1.0")] == [ABE]
        assert [e.actor for e in pf.audit_log() if e.action == "version.approved"] == [ABE]


@pytest.mark.parametrize("created", ["1999-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "yesterday"])
def test_a_back_dated_or_impossible_approval_time_is_refused(files, people, created):
    mine, copy, _ = files
    resolve_all(copy)
    with PolicyFile.open(copy) as theirs:
        forge_approval(theirs, people[ABE], "1.0", created=created, status_from=Status.IN_REVIEW)
    report = merged(mine, copy)
    assert report.approvals == 0
    assert any("its time" in line for line in report.skipped), report.skipped


def test_the_author_approving_her_own_version_with_a_thread_open_is_refused(files, people):
    mine, copy, _ = files
    with PolicyFile.open(mine) as pf:  # Ada is an approver too: only the rule keeps her out
        rosters.change(pf, people[OLGA], "add", role="approver", member=people[ADA].public)
    shutil.copy(mine, copy)
    with PolicyFile.open(copy) as theirs:
        forge_approval(theirs, people[ADA], "1.0", status_from=Status.IN_REVIEW)
    report = merged(mine, copy)
    assert report.approvals == 0
    assert any("Ada Author wrote version '1.0' and cannot approve it" in line for line in report.skipped)
    resolve_all(copy, ADA)  # a resolved thread does not change that
    report = merged(mine, copy)
    assert report.approvals == 0 and snapshot(mine)[2][0] == ("1.0", Status.IN_REVIEW)


def test_an_approval_with_a_thread_open_is_refused(files, people):
    mine, copy, _ = files
    with PolicyFile.open(copy) as theirs:
        forge_approval(theirs, people[ABE], "1.0", status_from=Status.IN_REVIEW)
    report = merged(mine, copy)
    assert report.approvals == 0
    assert any("1 open comment" in line for line in report.skipped), report.skipped


def test_draft_straight_to_approved_is_refused(files, people):
    mine, copy, _ = files
    with PolicyFile.open(copy) as theirs:
        forge_approval(theirs, people[ABE], "0.9-draft", status_from=Status.DRAFT)
    report = merged(mine, copy)
    assert report.approvals == 0
    assert any("draft and cannot become approved" in line for line in report.skipped), report.skipped
    assert dict(snapshot(mine)[2])["0.9-draft"] == Status.DRAFT


def test_draft_to_superseded_is_refused(files, people):
    mine, copy, _ = files
    with PolicyFile.open(copy) as theirs:
        forge_status(theirs, people[ABE], "0.9-draft", Status.DRAFT, Status.SUPERSEDED)
    report = merged(mine, copy)
    assert report.statuses == 0
    assert any("draft and cannot become superseded" in line for line in report.skipped), report.skipped
    assert dict(snapshot(mine)[2])["0.9-draft"] == Status.DRAFT


def remove_abe(mine, people):
    with PolicyFile.open(mine) as pf:
        rosters.change(pf, people[OLGA], "remove", role="approver", member=people[ABE].public)


def test_a_publish_signed_before_its_signer_was_removed_merges_as_verify_takes_it(files, people):
    """The roster as of the head the record names, as info --verify and the library check it."""
    mine, copy, _ = files
    resolve_all(copy)
    with PolicyFile.open(copy) as theirs:
        Workflow(theirs).approve("1.0", "", identity=people[ABE])
    assert merged(mine, copy).approvals == 1
    with PolicyFile.open(copy) as theirs:  # offline: Abe, an approver, publishes 1.0 ...
        Workflow(theirs).publish("1.0", "", identity=people[ABE])
        assert verify(theirs) == []
    remove_abe(mine, people)  # ... meanwhile the owner removes him here
    report = merged(mine, copy)
    assert report.statuses == 1, report.skipped
    with PolicyFile.open(mine, readonly=True) as pf:
        assert pf.version("1.0").status == Status.PUBLISHED
        assert not rosters.current(pf).has(people[ABE].public.key_b64, "approver")


def test_an_approval_and_publish_signed_before_the_signer_was_removed_both_merge(files, people):
    mine, copy, _ = files
    resolve_all(copy)
    with PolicyFile.open(copy) as theirs:
        Workflow(theirs).approve("1.0", "", identity=people[ABE])
        Workflow(theirs).publish("1.0", "", identity=people[ABE])
    remove_abe(mine, people)
    report = merged(mine, copy)
    assert (report.approvals, report.statuses) == (1, 2), report.skipped
    with PolicyFile.open(mine, readonly=True) as pf:
        assert pf.version("1.0").status == Status.PUBLISHED


def test_a_move_naming_a_roster_this_file_lacks_or_where_its_signer_had_no_role_is_refused(files, people):
    mine, copy, _ = files
    with PolicyFile.open(mine, readonly=True) as pf:
        first_head = rosters.history(pf).states[0][1].head  # only the owner was on the roster then
    for head in (hashlib.sha256(b"no such roster").hexdigest(), first_head):
        shutil.copy(mine, copy)
        with PolicyFile.open(copy) as theirs:  # Ada, an author now, withdraws 1.0
            forge_status(theirs, people[ADA], "1.0", Status.IN_REVIEW, Status.DRAFT, head)
        report = merged(mine, copy)
        assert report.statuses == 0
        why = ("names a roster this file does not hold" if head != first_head
               else "was signed by someone who was not an author on the roster it was made under")
        assert any(line.startswith("status change of version 1.0 by Ada Author") and why in line
                   for line in report.skipped), report.skipped
        assert snapshot(mine)[2][0] == ("1.0", Status.IN_REVIEW)


def test_an_approval_naming_a_roster_in_a_file_without_one_is_refused(tmp_path, people):
    mine, copy = tmp_path / "plain.policy", tmp_path / "plain-review.policy"
    with PolicyFile.create(mine, small_policy(), author=ADA) as pf:
        Workflow(pf).save_version(small_policy(), "1.0", author=ADA)
        Workflow(pf).submit_for_review("1.0", ADA)
    shutil.copy(mine, copy)
    with PolicyFile.open(copy) as theirs:
        forge_approval(theirs, people[ABE], "1.0", status_from=Status.IN_REVIEW,
                       head=hashlib.sha256(b"no such roster").hexdigest())
    report = merged(mine, copy)
    assert report.approvals == 0
    assert any("names a roster this file does not hold" in line for line in report.skipped), report.skipped


def test_another_persons_reply_is_never_rewritten_by_the_copy(files):
    mine, copy, thread = files
    with PolicyFile.open(copy) as theirs:
        reply = next(r for r in reviews.comment_rows(theirs) if r["parent_id"] == thread.id)
        later = Comments(theirs, clock=lambda: "2999-01-01T00:00:00Z")  # claims the last word
        later.edit(reply["id"], ADA, "Mal's words, as Ada's.")
    report = merged(mine, copy)
    with PolicyFile.open(mine, readonly=True) as pf:
        assert reviews.comment_row(pf, reply["id"])["body"] == "Ada's own reply."
    assert any("rewrites or deletes what someone else wrote" in line for line in report.skipped)


def test_a_change_made_here_wins_whatever_the_copys_clock_says(files):
    mine, copy, thread = files
    with PolicyFile.open(copy) as theirs:
        Comments(theirs, clock=lambda: "2999-01-01T00:00:00Z").resolve(thread.id, ABE)
    with PolicyFile.open(mine) as pf:
        Comments(pf).edit(thread.id, ADA, "Wide enough? (edited)")
    report = merged(mine, copy)
    with PolicyFile.open(mine, readonly=True) as pf:
        row = reviews.comment_row(pf, thread.id)
        assert (row["body"], row["state"]) == ("Wide enough? (edited)", "open")
    assert any("kept this file's change" in line for line in report.skipped)


def test_a_reply_whose_thread_is_missing_refuses_the_whole_merge(files):
    mine, copy, _ = files
    with PolicyFile.open(copy) as theirs:  # a good new comment first: it must not stay behind
        Comments(theirs).comment(ABE, anchor_on(small_policy(), "sharing", "partners"), "Name them.",
                                 version="1.0")
        orphan = Comments(theirs).comment(ABE, anchor_on(small_policy(), "about", "data"), "Orphan.",
                                          version="1.0")
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE comments SET parent_id = 'no-such-thread' WHERE id = ?", (orphan.id,))
    conn.close()
    before = snapshot(mine)
    with PolicyFile.open(mine) as pf, pytest.raises(PolicyFileError) as told:
        merge_review(pf, copy, actor=ADA)
    assert "answers a thread that is in neither file" in str(told.value) and "\n" not in str(told.value)
    assert snapshot(mine) == before
    with PolicyFile.open(mine, readonly=True) as pf:
        assert verify(pf) == []


@pytest.mark.parametrize("edit", [
    "UPDATE comments SET id = CAST(id AS BLOB) WHERE parent_id IS NULL",  # an id not stored as text
    "UPDATE comments SET parent_id = id WHERE parent_id IS NOT NULL",  # a reply that is its own thread
])
def test_a_copy_with_a_malformed_comment_is_refused_and_leaves_the_file_as_it_was(files, edit):
    mine, copy, _ = files
    with sqlite3.connect(copy) as conn:
        conn.execute(edit)
    conn.close()
    before = snapshot(mine)
    with PolicyFile.open(mine) as pf, pytest.raises(PolicyFileError) as told:
        merge_review(pf, copy, actor=ADA)
    assert "review.policy" in str(told.value) and "\n" not in str(told.value)
    assert snapshot(mine) == before
    with PolicyFile.open(mine, readonly=True) as pf:
        assert verify(pf) == []


def test_a_comment_id_that_is_a_number_in_the_rows_is_refused_in_one_sentence():
    from policyeditor.review.merge import MergeReport, _check_types

    row = {"id": 5, "section_id": "about", "quote": "", "author": "M", "initials": "M", "created": "x",
           "body": "b", "state": "open", "version": None, "parent_id": None, "edited": None, "deleted": 0}
    with pytest.raises(PolicyFileError, match=r"cannot be merged: its comment 5 is damaged \(id\)"):
        _check_types(row, MergeReport(source="review.policy"))
