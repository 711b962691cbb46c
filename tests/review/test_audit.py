"""verify() says what was changed when someone edits a .policy file with another SQLite tool."""

from __future__ import annotations

import sqlite3

import pytest

from policyeditor.review.audit import verify, verify_report
from policyeditor.review.comments import Comments
from policyeditor.review.workflow import Workflow
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import AUTHOR, REVIEWER, small_policy
from tests.review.test_comments import anchor_on


@pytest.fixture
def reviewed(tmp_path):
    """A file with an approved version 1.0 and a thread with a reply; closed, so it can be tampered with."""
    path = tmp_path / "reviewed.policy"
    with PolicyFile.create(path, small_policy(), author=AUTHOR) as pf:
        pf.save_version(small_policy(), "1.0", author=AUTHOR)
        comments = Comments(pf)
        root = comments.comment(REVIEWER, anchor_on(small_policy(), "about", "collect"), "Which?",
                                version="1.0")
        comments.reply(root.id, AUTHOR, "Account data.")
        comments.resolve(root.id, REVIEWER)
        flow = Workflow(pf)
        flow.submit_for_review("1.0", AUTHOR)
        flow.approve("1.0", REVIEWER)
    return path


def tamper(path, *statements):
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def problems(path):
    with PolicyFile.open(path, readonly=True) as pf:
        return verify(pf)


def test_an_untouched_file_verifies_with_a_summary(reviewed):
    ok, lines = verify_report(reviewed)
    assert ok, lines
    assert lines[0].startswith("audit log: ") and "chain intact" in lines[0]
    assert any("1.0 (approved) sha256 " in line for line in lines)


def test_an_edited_audit_row_is_caught(reviewed):
    tamper(reviewed, "DROP TRIGGER audit_append_only",
           "UPDATE audit_log SET actor = 'Mallory' WHERE seq = 3")
    assert "audit log entry 3 was changed after it was written" in problems(reviewed)
    assert verify_report(reviewed)[0] is False


def test_an_edited_comment_row_is_caught(reviewed):
    tamper(reviewed, "UPDATE comments SET body = 'Nothing to see.' WHERE parent_id IS NOT NULL")
    [problem] = problems(reviewed)
    assert problem.endswith("by Ada Author was altered after it was written")


def test_a_comment_reopened_by_hand_is_caught(reviewed):
    tamper(reviewed, "UPDATE comments SET state = 'open' WHERE parent_id IS NULL")
    assert [p for p in problems(reviewed) if "Rita Reviewer was altered" in p]


def test_removed_and_smuggled_comments_are_caught(reviewed):
    tamper(reviewed, "DELETE FROM comments WHERE parent_id IS NOT NULL",
           "INSERT INTO comments (id, section_id, author, created, body) "
           "VALUES ('feedface', 'about', 'Mallory', '2024-01-01T00:00:00Z', 'Approved by me')")
    found = problems(reviewed)
    assert any("was removed from the file" in p for p in found)
    assert any("feedface by Mallory is not in the audit log" in p for p in found)


def test_an_edited_approved_version_is_caught(reviewed):
    tamper(reviewed, "DROP TRIGGER contents_immutable",
           "UPDATE contents SET body = 'We collect everything.' WHERE body LIKE 'We **collect**%'")
    found = problems(reviewed)
    assert "version 1.0 changed after approval: its content hash no longer matches" in found


def test_an_edited_approval_or_status_is_caught(reviewed):
    tamper(reviewed, "UPDATE approvals SET reviewer = 'Someone Senior'")
    assert any("was altered after it was written" in p for p in problems(reviewed))
    tamper(reviewed, "DELETE FROM approvals")
    found = problems(reviewed)
    assert "version 1.0 is approved but has no approval" in found


def test_a_status_set_by_hand_is_caught(tmp_path):
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, small_policy(), author=AUTHOR) as pf:
        pf.save_version(small_policy(), "1.0", author=AUTHOR)
    tamper(path, "UPDATE versions SET status = 'published'")
    found = problems(path)
    assert "version 1.0 is marked published but the audit log says draft: its status was edited" in found
    assert "version 1.0 is published but has no approval" in found
