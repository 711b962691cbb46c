"""Merge review from… a copy whose approval was made without a key (before the policy had a roster):
the approval does not come in, and the report says so in one sentence that tells what brings it in:
its approver approves the version again with their key (in the copy when the copy lets them, else in
a fresh copy of this file) and sends that back, as the library's "kept back" says it. Following the
sentence brings the approval in; the version's status line is not said twice."""

from __future__ import annotations

import shutil

import pytest

from policyeditor.core.model import Status
from policyeditor.review import roster as rosters
from policyeditor.review.merge import merge_review
from policyeditor.review.workflow import Workflow
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import small_policy
from tests.review.trust_helpers import make

OLGA, ADA, RITA = "Olga Owner", "Ada Author", "Rita Reviewer"
BEFORE_ROSTER = ("approval of version 1.0 under the name Rita Reviewer: not merged, because it is not signed "
                 "with a key (it was made before the policy had a roster) and only signed approvals come in "
                 "from a copy; Rita Reviewer can bring it in by approving version 1.0 again with their key "
                 "in a fresh copy of policy.policy and sending that back")
UNDER_ROSTER = ("approval of version 1.0 under the name Rita Reviewer: not merged, because it is not signed "
                "with a key and only signed approvals come in from a copy; Rita Reviewer can bring it in by "
                "approving version 1.0 again with their key in review.policy and sending that back")


@pytest.fixture
def people(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    keys = tmp_path / "keys"
    keys.mkdir()
    return {name: make(keys, name) for name in (OLGA, RITA)}


def in_review(path) -> None:
    """A policy whose 1.0, saved by Ada, is in review (no roster yet)."""
    with PolicyFile.create(path, small_policy(), author=ADA) as pf:
        pf.save_version(small_policy(), "1.0", author=ADA)
        Workflow(pf).submit_for_review("1.0", ADA)


def add_roster(path, people) -> None:
    with PolicyFile.open(path) as pf:
        rosters.change(pf, people[OLGA], "add", role="approver", member=people[RITA].public)


def merged(mine, copy):
    with PolicyFile.open(mine) as pf:
        return merge_review(pf, copy, actor=ADA)


def status(path) -> Status:
    with PolicyFile.open(path, readonly=True) as pf:
        return pf.version("1.0").status


def test_an_approval_without_a_key_before_the_roster_says_how_to_bring_it_in(tmp_path, people):
    mine, copy = tmp_path / "policy.policy", tmp_path / "review.policy"
    in_review(mine)
    shutil.copy(mine, copy)
    with PolicyFile.open(copy) as theirs:  # as the window does in a file without a roster
        Workflow(theirs).approve("1.0", RITA)
    add_roster(mine, people)  # the owner makes the roster meanwhile
    report = merged(mine, copy)
    assert report.total == 0 and status(mine) == Status.IN_REVIEW
    assert report.skipped == [BEFORE_ROSTER]  # one sentence; "stays in review here" is not said again
    # the way out, followed: a fresh copy of this file, approved there with Rita's key, sent back
    fresh = tmp_path / "fresh.policy"
    shutil.copy(mine, fresh)
    with PolicyFile.open(fresh) as theirs:
        Workflow(theirs).approve("1.0", "", identity=people[RITA])
    report = merged(mine, fresh)
    assert (report.approvals, report.statuses) == (1, 1) and not report.skipped
    assert status(mine) == Status.APPROVED


def test_a_copy_that_lets_its_approver_sign_is_named_and_signing_there_brings_it_in(tmp_path, people):
    mine, copy = tmp_path / "policy.policy", tmp_path / "review.policy"
    in_review(mine)
    add_roster(mine, people)
    shutil.copy(mine, copy)
    with PolicyFile.open(copy) as theirs:  # without a key under the roster (a script, an old policyeditor)
        reviews.record_approval(theirs, {"id": "a" * 32, "version": "1.0", "reviewer": RITA,
                                         "created": theirs.version("1.0").created,
                                         "content_hash": theirs.version("1.0").content_hash},
                                status_from=Status.IN_REVIEW)
    report = merged(mine, copy)
    assert report.skipped == [UNDER_ROSTER]
    with PolicyFile.open(copy) as theirs:  # approved there already: her key signs the approval made without
        Workflow(theirs).approve("1.0", "", identity=people[RITA])
    report = merged(mine, copy)
    assert (report.approvals, report.statuses) == (1, 1)
    assert report.skipped == []  # the approval without a key is signed since: nothing is left to tell
    assert status(mine) == Status.APPROVED


def test_no_way_in_is_offered_for_a_version_that_is_not_in_review_here(tmp_path, people):
    mine, copy = tmp_path / "policy.policy", tmp_path / "review.policy"
    in_review(mine)
    shutil.copy(mine, copy)
    with PolicyFile.open(copy) as theirs:
        Workflow(theirs).approve("1.0", RITA)
    with PolicyFile.open(mine) as pf:
        Workflow(pf).withdraw("1.0", ADA)
    (line,) = merged(mine, copy).skipped
    assert line.endswith("from a copy; version 1.0 is a draft here, so no approval of it can come in now")
