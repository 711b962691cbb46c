"""Merge review from a reviewer's copy: what is new comes in once, nothing is duplicated."""

from __future__ import annotations

import shutil

import pytest

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Status
from policyeditor.review.comments import Comments, CommentState
from policyeditor.review.merge import merge_review
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import AUTHOR, REVIEWER, small_policy
from tests.review.test_comments import anchor_on
from tests.review.trust_helpers import make


@pytest.fixture
def rita(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    return make(tmp_path, REVIEWER)


@pytest.fixture
def author_and_copy(tmp_path, rita):
    """The author's file with 1.0 in review and one thread; the reviewer's copy, worked on and closed."""
    mine, copy = tmp_path / "policy.policy", tmp_path / "review-from-rita.policy"
    with PolicyFile.create(mine, small_policy(), author=AUTHOR) as pf:
        pf.save_version(small_policy(), "1.0", author=AUTHOR)
        question = Comments(pf).comment(AUTHOR, anchor_on(small_policy(), "about", "collect"),
                                        "Is this wide enough?", version="1.0")
        Workflow(pf).submit_for_review("1.0", AUTHOR)
    shutil.copy(mine, copy)
    with PolicyFile.open(copy) as theirs:
        comments = Comments(theirs)
        comments.reply(question.id, REVIEWER, "It is.")
        comments.resolve(question.id, REVIEWER)
        remark = comments.comment(REVIEWER, anchor_on(small_policy(), "sharing", "partners"), "Name them.",
                                  version="1.0")
        comments.resolve(remark.id, REVIEWER)
        Workflow(theirs).approve("1.0", REVIEWER, identity=rita)
    return mine, copy, question


def test_a_review_merges_in_once_and_never_twice(author_and_copy):
    mine, copy, question = author_and_copy
    with PolicyFile.open(mine) as pf:
        Comments(pf).comment(AUTHOR, anchor_on(small_policy(), "about", "your data"), "Mine, meanwhile.")
        report = merge_review(pf, copy, actor=AUTHOR)
        assert (report.comments, report.replies, report.updated, report.approvals, report.statuses) == \
            (1, 1, 1, 1, 1)
        assert report.summary() == ("From review-from-rita.policy: 1 comment, 1 reply, 1 comment change, "
                                    "1 approval, 1 status change.")
        assert "version 1.0: in review → approved" in report.lines
        threads = Comments(pf).threads()
        assert len(threads) == 3 and sum(len(t.replies) for t in threads) == 1
        assert {t.id: t.state for t in threads}[question.id] == CommentState.RESOLVED
        assert pf.versions()[0].status == Status.APPROVED
        assert [a.reviewer for a in Workflow(pf).approvals("1.0")] == [REVIEWER]
        assert verify(pf) == []
        rows_before, log_before = reviews.comment_rows(pf), len(pf.audit_log())

        again = merge_review(pf, copy, actor=AUTHOR)
        assert again.total == 0 and again.summary() == "Nothing new in review-from-rita.policy."
        assert reviews.comment_rows(pf) == rows_before
        assert len(pf.audit_log()) == log_before
        assert len(reviews.approval_rows(pf)) == 1


def test_each_merged_item_is_audited_with_its_source(author_and_copy):
    mine, copy, _ = author_and_copy
    with PolicyFile.open(mine) as pf:
        merge_review(pf, copy, actor=AUTHOR)
        merged = [e for e in pf.audit_log() if e.payload.get("merged_from") == copy.name]
        assert sorted(e.action for e in merged) == ["comment.merged"] * 3 + ["version.approved",
                                                                             "version.status"]
        assert any(e.action == "approval.signed" and e.actor == REVIEWER for e in pf.audit_log())


def test_a_later_change_here_is_kept(author_and_copy):
    mine, copy, question = author_and_copy
    with PolicyFile.open(mine) as pf:
        Comments(pf).edit(question.id, AUTHOR, "Is this wide enough? (edited)")
    # The copy resolved it earlier; our edit comes later (same second at worst: ties keep ours).
    with PolicyFile.open(mine) as pf:
        report = merge_review(pf, copy, actor=AUTHOR)
        assert Comments(pf).get(question.id).body == "Is this wide enough? (edited)"
        assert any("kept this file's change" in line for line in report.skipped)


def test_a_copy_of_another_policy_is_refused(author_and_copy, tmp_path):
    mine, _, _ = author_and_copy
    other = tmp_path / "other.policy"
    PolicyFile.create(other, small_policy(), author=AUTHOR).close()
    with PolicyFile.open(mine) as pf:
        before = len(pf.audit_log())
        with pytest.raises(PolicyFileError, match="copy of another policy"):
            merge_review(pf, other, actor=AUTHOR)
        assert len(pf.audit_log()) == before


def test_an_approval_of_different_text_is_not_merged(tmp_path, rita):
    mine, copy = tmp_path / "a.policy", tmp_path / "b.policy"
    PolicyFile.create(mine, small_policy(), author=AUTHOR).close()
    shutil.copy(mine, copy)
    changed = small_policy()
    changed.find("about").body = "Different words."
    with PolicyFile.open(mine) as pf:
        pf.save_version(small_policy(), "1.0", author=AUTHOR)
    with PolicyFile.open(copy) as theirs:
        theirs.save_version(changed, "1.0", author=AUTHOR)
        Workflow(theirs).submit_for_review("1.0", AUTHOR)
        Workflow(theirs).approve("1.0", REVIEWER, identity=rita)
    with PolicyFile.open(mine) as pf:
        report = merge_review(pf, copy, actor=AUTHOR)
        assert report.approvals == 0 and report.statuses == 0
        assert pf.versions()[0].status == Status.DRAFT
        assert any("signed for different text" in line for line in report.skipped)
