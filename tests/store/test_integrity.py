"""The audit chain and verify(): tampering with the file by hand is found."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from store_helpers import large_policy

from policyeditor.core.model import Status
from policyeditor.store import AuditEntry, PolicyFile, verify_audit_chain
from policyeditor.store.audit import GENESIS


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


def tamper(path: Path, *statements: str) -> None:
    """Edit the file as an outsider with plain sqlite3 would: triggers dropped first."""
    conn = sqlite3.connect(path)
    for trigger in ("versions_immutable", "versions_kept", "contents_immutable", "shapes_immutable",
                    "audit_append_only", "audit_kept"):
        conn.execute(f"DROP TRIGGER {trigger}")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def problems(path: Path) -> list[str]:
    with PolicyFile.open(path, readonly=True) as pf:
        return pf.verify()


def test_untouched_history_verifies(history):
    assert problems(history) == []
    with PolicyFile.open(history) as pf:
        log = pf.audit_log()
    assert [(e.seq, e.action, e.subject) for e in log] == [
        (1, "policy.created", "Large policy"), (2, "version.saved", "1.0"), (3, "version.saved", "1.1"),
        (4, "version.status", "1.1"), (5, "comment.added", "1.1"), (6, "version.status", "1.1"),
        (7, "version.saved", "1.2")]
    assert log[0].prev_hash == GENESIS
    assert all(entry.prev_hash == before.hash for before, entry in zip(log, log[1:], strict=False))


def test_edited_audit_row_is_found(history):
    tamper(history, "UPDATE audit_log SET actor = 'Eve' WHERE seq = 6")
    assert problems(history) == ["audit log entry 6 was changed after it was written"]


def test_deleted_audit_row_is_found(history):
    tamper(history, "DELETE FROM audit_log WHERE seq = 4")
    assert problems(history) == ["audit log entry 4 is missing",
                                 "audit log entry 5 does not follow the entry before it"]


def test_deleted_last_audit_rows_are_found(history):
    tamper(history, "DELETE FROM audit_log WHERE seq >= 6")
    assert problems(history) == [
        "the audit log does not end where it last ended: entries were removed",
        "version '1.2' does not match its audit log entry"]


def test_edited_contents_of_a_version_is_found(history):
    with PolicyFile.open(history, readonly=True) as pf:
        clause = pf.version("1.0").policy.sections[3].children[0]
    tamper(history, f"UPDATE contents SET body = 'We may sell your data.' "
                    f"WHERE hash = '{clause.content_hash()}'")
    assert problems(history) == [f"version '{label}' was changed after it was saved"
                                 for label in ("1.0", "1.1", "1.2")]


def test_rehashed_version_is_found_by_its_audit_entry(history):
    """A forger who also fixes the version's content_hash is still caught by the audit log."""
    with PolicyFile.open(history, readonly=True) as pf:
        forged = pf.version("1.1").policy
    forged.title = "Forged"
    tamper(history, f"UPDATE versions SET title = 'Forged', content_hash = '{forged.content_hash()}' "
                    "WHERE label = '1.1'")
    assert problems(history) == ["version '1.1' does not match its audit log entry"]


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
    assert verify_audit_chain(chain) == []
    assert verify_audit_chain([]) == []
    assert verify_audit_chain(chain[:2] + chain[4:]) == [
        "audit log entries 3 to 4 are missing", "audit log entry 5 does not follow the entry before it"]
    swapped = [chain[0], chain[2], chain[1], chain[3], chain[4]]
    assert "audit log entry 2 is out of order" in verify_audit_chain(swapped)
    edited = chain[:2] + [dataclasses.replace(chain[2], payload={"n": 99})] + chain[3:]
    assert verify_audit_chain(edited) == ["audit log entry 3 was changed after it was written"]


def test_edited_outline_of_a_version_is_found(history):
    """Swapping two sections in a stored shape reorders the version: its hash no longer holds."""
    conn = sqlite3.connect(history)
    shape, tree = conn.execute(
        "SELECT s.id, s.tree FROM shapes s JOIN versions v ON v.shape = s.id WHERE v.label = '1.0'"
    ).fetchone()
    conn.close()
    nodes = json.loads(tree)
    nodes[0], nodes[1] = nodes[1], nodes[0]
    tamper(history, f"UPDATE shapes SET tree = '{json.dumps(nodes)}' WHERE id = {shape}")
    assert problems(history) == [f"version '{label}' was changed after it was saved"
                                 for label in ("1.0", "1.1", "1.2")]


def test_deleted_contents_of_a_version_is_found(history):
    tamper(history, "DELETE FROM contents WHERE id = (SELECT max(id) FROM contents WHERE pinned = 1)")
    assert problems(history) == ["version '1.2' cannot be read: its stored sections are gone"]
