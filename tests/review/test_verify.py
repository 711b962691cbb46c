"""review.verify finds what was changed when someone edits a .policy file with another SQLite tool.

Every check of the record lives in `policyeditor.review.verify`: the audit chain and its head,
versions against their hashes and audit entries, statuses, approvals and comments.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

from policyeditor.core.model import Status
from policyeditor.review.comments import Comments
from policyeditor.review.verify import chain_problems, history_problems, verify, verify_report
from policyeditor.review.workflow import Workflow
from policyeditor.store.audit import GENESIS, AuditEntry
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import AUTHOR, REVIEWER, small_policy
from tests.review.test_comments import anchor_on
from tests.store.store_helpers import large_policy


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



# -- the audit chain and the versions (a file with history but no review tables) --


@pytest.fixture
def history(tmp_path) -> Path:
    """A file with three versions, status changes and a free audit entry."""
    path = tmp_path / "h.policy"
    policy = large_policy(30)
    with PolicyFile.create(path, policy, author="Ann") as pf:
        pf.save_version(policy, "1.0", author="Ann")
        policy.sections[1].children[0].body = "Revised clause."
        pf.save_version(policy, "1.1", author="Ann", parent="1.0")
        pf.set_status("1.1", Status.IN_REVIEW, actor="Ann")
        pf.append_audit("Rita", "comment.added", "1.1", {"section": policy.sections[1].id, "n": 1})
        pf.set_status("1.1", Status.APPROVED, actor="Rita")
        policy.sections[2].heading = "Renamed"
        pf.save_version(policy, "1.2", author="Bob", parent="1.1")
    return path


def tamper_all(path: Path, *statements: str) -> None:
    """Edit the file as an outsider with plain sqlite3 would: triggers dropped first."""
    conn = sqlite3.connect(path)
    for trigger in ("versions_immutable", "versions_kept", "contents_immutable", "shapes_immutable",
                    "audit_append_only", "audit_kept"):
        conn.execute(f"DROP TRIGGER {trigger}")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def history_of(path: Path) -> list[str]:
    """What the audit chain and the versions tell of the file (history_problems)."""
    with PolicyFile.open(path, readonly=True) as pf:
        return history_problems(pf, pf.audit_log())


def test_untouched_history_verifies(history):
    assert history_of(history) == []
    with PolicyFile.open(history, readonly=True) as pf:  # approved by set_status alone, without an approval
        assert verify(pf) == ["version 1.1 is approved but has no approval"]


def test_edited_audit_row_is_found(history):
    tamper_all(history, "UPDATE audit_log SET actor = 'Eve' WHERE seq = 6")
    assert history_of(history) == ["audit log entry 6 was changed after it was written"]


def test_deleted_audit_row_is_found(history):
    tamper_all(history, "DELETE FROM audit_log WHERE seq = 4")
    assert history_of(history) == ["audit log entry 4 is missing",
                                 "audit log entry 5 does not follow the entry before it"]


def test_deleted_last_audit_rows_are_found(history):
    tamper_all(history, "DELETE FROM audit_log WHERE seq >= 6")
    assert history_of(history) == [
        "the audit log does not end where it last ended: entries were removed",
        "version '1.2' does not match its audit log entry"]


def test_edited_contents_of_a_version_is_found(history):
    with PolicyFile.open(history, readonly=True) as pf:
        clause = pf.version("1.0").policy.sections[3].children[0]
    tamper_all(history, f"UPDATE contents SET body = 'We may sell your data.' "
                    f"WHERE hash = '{clause.content_hash()}'")
    assert history_of(history) == [f"version '{label}' was changed after it was saved"
                                 for label in ("1.0", "1.1", "1.2")]


def test_rehashed_version_is_found_by_its_audit_entry(history):
    """A forger who also fixes the version's content_hash is still caught by the audit log."""
    with PolicyFile.open(history, readonly=True) as pf:
        forged = pf.version("1.1").policy
    forged.title = "Forged"
    tamper_all(history, f"UPDATE versions SET title = 'Forged', content_hash = '{forged.content_hash()}' "
                    "WHERE label = '1.1'")
    assert history_of(history) == ["version '1.1' does not match its audit log entry"]


def entries(count: int) -> list[AuditEntry]:
    chain, prev = [], GENESIS
    for seq in range(1, count + 1):
        entry = AuditEntry(seq, f"2024-01-01T00:00:{seq:02d}Z", "Ann", "test", "s", {"n": seq}, prev)
        entry = dataclasses.replace(entry, hash=entry.expected_hash())
        chain.append(entry)
        prev = entry.hash
    return chain


def test_chain_checks_order_gaps_and_contents():
    chain = entries(5)
    assert chain_problems(chain) == []
    assert chain_problems([]) == []
    assert chain_problems(chain[:2] + chain[4:]) == [
        "audit log entries 3 to 4 are missing", "audit log entry 5 does not follow the entry before it"]
    swapped = [chain[0], chain[2], chain[1], chain[3], chain[4]]
    assert "audit log entry 2 is out of order" in chain_problems(swapped)
    edited = chain[:2] + [dataclasses.replace(chain[2], payload={"n": 99})] + chain[3:]
    assert chain_problems(edited) == ["audit log entry 3 was changed after it was written"]


def test_edited_outline_of_a_version_is_found(history):
    """Swapping two sections in a stored shape reorders the version: its hash no longer holds."""
    conn = sqlite3.connect(history)
    shape, tree = conn.execute(
        "SELECT s.id, s.tree FROM shapes s JOIN versions v ON v.shape = s.id WHERE v.label = '1.0'"
    ).fetchone()
    conn.close()
    nodes = json.loads(tree)
    nodes[0], nodes[1] = nodes[1], nodes[0]
    tamper_all(history, f"UPDATE shapes SET tree = '{json.dumps(nodes)}' WHERE id = {shape}")
    assert history_of(history) == [f"version '{label}' was changed after it was saved"
                                 for label in ("1.0", "1.1", "1.2")]


def test_deleted_contents_of_a_version_is_found(history):
    tamper_all(history, "DELETE FROM contents WHERE id = (SELECT max(id) FROM contents WHERE pinned = 1)")
    assert history_of(history) == ["version '1.2' cannot be read: its stored sections are gone"]
