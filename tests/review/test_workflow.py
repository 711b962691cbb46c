"""Draft → In review → Approved → Published, the policy's rules, and locked versions."""

from __future__ import annotations

import pytest

from policyeditor.core.errors import LockedVersionError, WorkflowError
from policyeditor.core.model import Status
from policyeditor.review.comments import Comments
from policyeditor.review.workflow import ReviewRules, Workflow, rules, set_rules
from tests.review.conftest import AUTHOR, REVIEWER, small_policy
from tests.review.test_comments import anchor_on


def test_the_whole_way_with_an_audit_entry_per_move(pf):
    flow = Workflow(pf)
    flow.submit_for_review("1.0", AUTHOR)
    approval = flow.approve("1.0", REVIEWER)
    assert flow.status("1.0") == Status.APPROVED
    assert approval.content_hash == pf.version("1.0").content_hash == small_policy().content_hash()
    assert flow.approvals("1.0") == [approval]
    flow.publish("1.0", AUTHOR)
    assert flow.status("1.0") == Status.PUBLISHED
    moves = [(e.action, e.payload.get("to")) for e in pf.audit_log() if e.subject == "1.0"]
    assert moves == [("version.saved", None), ("version.status", "in_review"), ("version.approved", None),
                     ("version.status", "approved"), ("version.status", "published")]


def test_publishing_a_newer_version_supersedes_the_older(pf):
    flow = Workflow(pf)
    for label in ("1.0", "2.0"):
        if label == "2.0":
            flow.save_version(small_policy(), "2.0", author=AUTHOR, parent="1.0")
        flow.submit_for_review(label, AUTHOR)
        flow.approve(label, REVIEWER)
        assert flow.publish(label, AUTHOR) == ([] if label == "1.0" else ["1.0"])
    assert [(v.label, v.status) for v in pf.versions()] == [("1.0", Status.SUPERSEDED),
                                                            ("2.0", Status.PUBLISHED)]


def test_an_author_cannot_approve_their_own_version_unless_the_policy_allows_it(pf):
    flow = Workflow(pf)
    flow.submit_for_review("1.0", AUTHOR)
    with pytest.raises(WorkflowError, match="wrote version '1.0' and cannot approve it"):
        flow.approve("1.0", AUTHOR)
    set_rules(pf, ReviewRules(no_self_approval=False), actor=AUTHOR)
    assert rules(pf) == ReviewRules(resolved_before_approval=True, no_self_approval=False)
    flow.approve("1.0", AUTHOR)


def test_approval_needs_every_comment_on_that_version_resolved(pf):
    flow, comments = Workflow(pf), Comments(pf)
    thread = comments.comment(REVIEWER, anchor_on(small_policy(), "about", "collect"), "?", version="1.0")
    comments.comment(REVIEWER, anchor_on(small_policy(), "about", "your data"), "draft only")
    flow.submit_for_review("1.0", AUTHOR)
    with pytest.raises(WorkflowError, match="1 open comment"):
        flow.approve("1.0", REVIEWER)
    comments.resolve(thread.id, AUTHOR)
    flow.approve("1.0", REVIEWER)  # the open draft comment is not on 1.0


def test_a_rule_turned_off_lets_open_comments_through(pf):
    comments = Comments(pf)
    comments.comment(REVIEWER, anchor_on(small_policy(), "about", "collect"), "?", version="1.0")
    set_rules(pf, ReviewRules(resolved_before_approval=False), actor=AUTHOR)
    flow = Workflow(pf)
    flow.submit_for_review("1.0", AUTHOR)
    flow.approve("1.0", REVIEWER)


@pytest.mark.parametrize("move", ["approve", "publish"])
def test_moves_out_of_order_are_refused(pf, move):
    flow = Workflow(pf)
    with pytest.raises(WorkflowError):
        flow.approve("1.0", REVIEWER) if move == "approve" else flow.publish("1.0", AUTHOR)
    assert flow.status("1.0") == Status.DRAFT


def test_an_approved_version_is_locked(pf):
    flow = Workflow(pf)
    flow.submit_for_review("1.0", AUTHOR)
    flow.approve("1.0", REVIEWER)
    with pytest.raises(LockedVersionError):
        flow.withdraw("1.0", AUTHOR)
    with pytest.raises(LockedVersionError):
        flow.submit_for_review("1.0", AUTHOR)
    with pytest.raises(LockedVersionError):
        pf.set_status("1.0", Status.DRAFT, actor=AUTHOR)
    changed = small_policy()
    changed.find("about").body = "We collect everything."
    with pytest.raises(LockedVersionError, match="cannot be saved over"):
        flow.save_version(changed, "1.0", author=AUTHOR)
    assert pf.version("1.0").policy.content_hash() == small_policy().content_hash()


def test_withdrawing_returns_a_version_to_draft(pf):
    flow = Workflow(pf)
    flow.submit_for_review("1.0", AUTHOR)
    flow.withdraw("1.0", AUTHOR)
    assert flow.status("1.0") == Status.DRAFT
