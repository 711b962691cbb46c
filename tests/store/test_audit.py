"""The audit log the store writes: entries in order, each chained to the one before, the head in meta."""

from __future__ import annotations

from store_helpers import large_policy

from policyeditor.core.model import Status
from policyeditor.store import PolicyFile
from policyeditor.store.audit import GENESIS, head_mark


def test_every_write_is_logged_in_order_and_chained(tmp_path):
    path = tmp_path / "h.policy"
    policy = large_policy(30)
    with PolicyFile.create(path, policy, author="Ann") as pf:
        assert pf.audit_head() == head_mark(1, pf.audit_log()[0].hash)
        pf.save_version(policy, "1.0", author="Ann")
        policy.sections[1].children[0].body = "Revised clause."
        pf.save_version(policy, "1.1", author="Ann", parent="1.0")
        pf.set_status("1.1", Status.IN_REVIEW, actor="Ann")
        pf.append_audit("Rita", "comment.added", "1.1", {"section": policy.sections[1].id, "n": 1})
        pf.set_status("1.1", Status.IN_REVIEW, actor="Ann")  # no change: no entry
        log = pf.audit_log()
        head = pf.audit_head()
    assert [(e.seq, e.actor, e.action, e.subject) for e in log] == [
        (1, "Ann", "policy.created", "Large policy"), (2, "Ann", "version.saved", "1.0"),
        (3, "Ann", "version.saved", "1.1"), (4, "Ann", "version.status", "1.1"),
        (5, "Rita", "comment.added", "1.1")]
    assert log[2].payload == {"content_hash": policy.content_hash(), "status": "draft", "parent": "1.0",
                              "note": ""}
    assert log[0].prev_hash == GENESIS
    assert all(entry.prev_hash == before.hash for before, entry in zip(log, log[1:], strict=False))
    assert all(entry.hash == entry.expected_hash() for entry in log)
    assert head == head_mark(5, log[-1].hash)


def test_payloads_are_stored_as_they_read_back(tmp_path):
    """A payload is hashed in its canonical JSON form, so a tuple reads back as the list it was hashed as."""
    with PolicyFile.create(tmp_path / "a.policy", large_policy(3)) as pf:
        pf.append_audit("Ann", "test", "s", {"b": (1, 2), "a": "é"})
        entry = pf.audit_log()[-1]
    assert entry.payload == {"a": "é", "b": [1, 2]}
    assert entry.hash == entry.expected_hash()
