"""Schema versions: older files are brought up to date on open, in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_helpers import large_policy, snapshot

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Policy
from policyeditor.review.verify import verify
from policyeditor.store import PolicyFile, schema


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


@pytest.fixture
def v0_file(tmp_path) -> Path:
    """A version-0 file: stamped as ours, nothing in it yet (as an interrupted first save leaves)."""
    path = tmp_path / "old.policy"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 0")
    conn.execute("CREATE TABLE scratch (x)")  # SQLite writes the header only with a first page
    conn.execute("DROP TABLE scratch")  # a table of its own would be refused (store.defences)
    conn.commit()
    conn.close()
    return path


def test_version_0_file_is_migrated_on_open(v0_file):
    with PolicyFile.open(v0_file) as pf:
        assert pf.load_draft() == Policy(title="Untitled policy", sections=[], metadata={})
        assert pf.versions() == []
    assert user_version(v0_file) == schema.schema_version()
    assert {"meta", "contents", "versions", "draft", "comments", "approvals", "audit_log"} <= tables(v0_file)


def test_version_0_file_read_only_is_migrated_in_memory(v0_file):
    before = snapshot(v0_file.parent)
    with PolicyFile.open(v0_file, readonly=True) as pf:
        assert pf.versions() == [] and pf.load_draft().sections == []
    assert snapshot(v0_file.parent) == before


ADD_LANGUAGE = [
    "ALTER TABLE versions ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",
    "INSERT INTO meta (key, value) VALUES ('migrated', 'yes')",
]


def test_next_migration_runs_on_an_older_file(tmp_path, monkeypatch):
    path = tmp_path / "a.policy"
    policy = large_policy(20)
    with PolicyFile.create(path, policy) as pf:
        pf.save_version(policy, "1.0", author="Ann")
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [ADD_LANGUAGE])

    with PolicyFile.open(path) as pf:
        assert pf.version("1.0").policy == policy
        assert verify(pf) == []
    assert user_version(path) == schema.schema_version()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT language FROM versions").fetchall() == [("en",)]
    assert conn.execute("SELECT value FROM meta WHERE key = 'migrated'").fetchone() == ("yes",)
    conn.close()


def test_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "a.policy"
    PolicyFile.create(path, large_policy(20)).close()
    before = snapshot(tmp_path)
    broken = ["ALTER TABLE versions ADD COLUMN language TEXT", "INSERT INTO no_such_table VALUES (1)"]
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [broken])

    with pytest.raises(PolicyFileError, match="a.policy could not be upgraded to the current file format"):
        PolicyFile.open(path)
    assert snapshot(tmp_path) == before
    monkeypatch.undo()
    PolicyFile.open(path).close()  # the lock was given back


def test_older_file_opened_read_only_is_not_changed(tmp_path, monkeypatch):
    path = tmp_path / "a.policy"
    PolicyFile.create(path, large_policy(20)).close()
    before = snapshot(tmp_path)
    written_with = schema.schema_version()
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [ADD_LANGUAGE])

    with PolicyFile.open(path, readonly=True) as pf:
        assert pf.load_draft().section_count() == 20
        assert pf.conn.execute("SELECT value FROM meta WHERE key = 'migrated'").fetchone() == ("yes",)
    assert snapshot(tmp_path) == before
    assert user_version(path) == written_with


def test_a_file_from_before_the_policy_properties_gains_them_and_still_verifies(tmp_path):
    from policyeditor.core.numbering import LevelStyle, NumberingStyle

    path = tmp_path / "v2.policy"
    policy = large_policy(5)
    with PolicyFile.create(path, policy) as pf:
        pf.save_version(policy, "1.0", author="Ann")
    conn = sqlite3.connect(path)  # take it back to what version 2 wrote
    conn.execute("DROP TRIGGER pictures_immutable")  # version 5's
    conn.execute("DROP TABLE pictures")
    conn.execute("DROP TABLE decisions")  # version 4's
    conn.execute("DROP TABLE draft_moves")
    conn.execute("DROP TRIGGER versions_immutable")
    conn.execute("ALTER TABLE versions DROP COLUMN properties")
    conn.execute("ALTER TABLE draft DROP COLUMN properties")
    conn.execute(next(s for s in schema.MIGRATIONS[0] if "TRIGGER versions_immutable" in s))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()

    with PolicyFile.open(path) as pf:
        assert pf.version("1.0").policy == policy and verify(pf) == []
        styled = policy.copy()
        styled.numbering = NumberingStyle((LevelStyle("upper-roman", after="."),))
        styled.dates = {"Last Updated": "May 22, 2024"}
        pf.save_draft(styled)
        pf.save_version(styled, "2.0", author="Ann")
        assert verify(pf) == []
    assert user_version(path) == schema.schema_version()
    with PolicyFile.open(path) as pf:
        assert pf.load_draft() == styled and pf.version("2.0").policy == styled
        assert pf.version("1.0").policy == policy
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="cannot change"):
        conn.execute("UPDATE versions SET properties = '{}' WHERE label = '2.0'")
    conn.close()


def _back_to_version_3(path: Path) -> None:
    """Make the file at `path` as schema version 3 wrote it: no moves, no decisions, no pictures."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER pictures_immutable")
    conn.execute("DROP TABLE pictures")
    conn.execute("DROP TABLE decisions")
    conn.execute("DROP TABLE draft_moves")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


def test_a_file_from_before_track_changes_decisions_gains_them_empty_and_keeps_new_ones(tmp_path):
    from policyeditor.core.decisions import ACCEPTED, REJECTED, Decision

    path = tmp_path / "v3.policy"
    policy = large_policy(3)
    with PolicyFile.create(path, policy) as pf:
        pf.save_version(policy, "1.0", author="Ann")
    _back_to_version_3(path)
    with PolicyFile.open(path, readonly=True) as pf:  # a migrated copy: nothing yet
        assert pf.load_tracking() == (set(), {})
    first, second = [s.id for s, _ in policy.walk()][:2]
    accepted = Decision(ACCEPTED, ("insert", "body", first, first, "", "new words", 0), "Ann",
                        "2026-01-01T00:00:00Z")
    # the second of two like changes (core.decisions.change_keys): its twin number kept too
    rejected = Decision(REJECTED, ("delete", "body", first, first, "old", "", 1), "Ann",
                        "2026-01-01T00:00:01Z")
    with PolicyFile.open(path) as pf:  # migrated in place to the current schema
        assert pf.load_tracking() == (set(), {})
        pf.save_draft(policy, moved={second}, decisions={"1.0": (accepted, rejected), None: (accepted,)})
        assert verify(pf) == []
    assert user_version(path) == schema.schema_version()
    with PolicyFile.open(path) as pf:
        # decisions on the draft as opened are of that opening only; the rest come back in order
        assert pf.load_tracking() == ({second}, {"1.0": (accepted, rejected)})
        pf.save_draft(policy)  # the draft alone: what was stored stays
        assert pf.load_tracking() == ({second}, {"1.0": (accepted, rejected)})
        pf.save_draft(policy, decisions={})
        assert pf.load_tracking() == ({second}, {})
