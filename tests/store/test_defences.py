"""Hostile .policy files (issue 14): SQL stored in a received file never runs, bad values are one sentence.

Each file is made by us, then edited with plain sqlite3 as an attacker would.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyeditor.core.errors import FileInUseError, PolicyFileError
from policyeditor.core.model import Policy, Section
from policyeditor.store import defences, registry, schema
from policyeditor.store.policyfile import PolicyFile


def policy(text: str = "We collect data.") -> Policy:
    return Policy("Privacy", [Section("About", text, id="about"), Section("Sharing", "We share.", id="s")])


@pytest.fixture
def path(tmp_path) -> Path:
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, policy(), author="Ann") as pf:
        pf.save_version(policy(), "1.0", author="Ann")
    return path


def attack(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def refused(path: Path, words: str, *, readonly: bool = False) -> str:
    before = path.read_bytes()
    with pytest.raises(PolicyFileError) as caught:
        PolicyFile.open(path, readonly=readonly).close()
    message = str(caught.value)
    assert "\n" not in message and words in message, message
    assert path.read_bytes() == before
    return message


HOSTILE_SCHEMA = {
    "spinning trigger on the draft": "CREATE TRIGGER spin BEFORE UPDATE ON draft BEGIN "
    "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
    "SELECT x FROM c); END",
    "writing trigger": "CREATE TRIGGER rules AFTER UPDATE ON draft BEGIN "
    "INSERT OR REPLACE INTO meta VALUES ('review_rules', '{\"no_self_approval\": false}'); END",
    "raise(abort) trigger": "CREATE TRIGGER nope BEFORE UPDATE ON draft BEGIN SELECT RAISE(ABORT, 'x'); END",
    "a view": "CREATE VIEW v AS SELECT * FROM versions",
    "an index of its own": "CREATE INDEX sneaky ON contents(body)",
    "a table of its own": "CREATE TABLE extra (x)",
}


@pytest.mark.parametrize("statement", HOSTILE_SCHEMA.values(), ids=HOSTILE_SCHEMA.keys())
def test_code_or_schema_of_the_files_own_is_refused(path, statement):
    attack(path, statement)
    message = refused(path, "is damaged or hostile")
    assert "policyeditor never writes" in message
    refused(path, "is damaged or hostile", readonly=True)


def test_recursive_views_in_place_of_tables_are_refused_quickly(path):
    attack(path, "DROP TABLE approvals",
           "CREATE VIEW approvals AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT x AS id, x AS version, x AS reviewer, x AS created, x AS content_hash FROM c")
    started = time.monotonic()
    refused(path, "is damaged or hostile", readonly=True)
    assert time.monotonic() - started < 5


def test_an_altered_table_definition_is_refused(path):
    attack(path, "PRAGMA writable_schema = ON",
           "UPDATE sqlite_master SET sql = replace(sql, 'CHECK (id = 1)', '') WHERE name = 'draft'")
    refused(path, "is not the one policyeditor writes")


MALFORMED = {
    "status bogus": "UPDATE versions SET status = 'bogus'",
    "text revision": "UPDATE draft SET revision = 'many'",
    "non-json payload": "UPDATE audit_log SET payload = 'not json' WHERE seq = 1",
    "huge seq": "UPDATE audit_log SET seq = 9223372036854775807 WHERE seq = (SELECT max(seq) FROM audit_log)",
    "blob comment id": "INSERT INTO comments (id, section_id, author, created, body) "
                       "VALUES (x'07', 'about', 'x', 't', 'b')",
    "own parent": "INSERT INTO comments (id, section_id, author, created, body, parent_id) "
                  "VALUES ('c', 'about', 'x', 't', 'b', 'c')",
    "metadata not an object": "UPDATE versions SET metadata = '[1]'",
    "section rows of text": "UPDATE draft SET section_rows = '[\"1\"]'",
}


@pytest.mark.parametrize("statement", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_value_is_one_sentence(path, statement):
    attack(path, "PRAGMA ignore_check_constraints = ON",
           "DROP TRIGGER IF EXISTS audit_append_only", "DROP TRIGGER IF EXISTS versions_immutable",
           "DROP TRIGGER IF EXISTS contents_immutable", statement)
    message = refused(path, "holds a value policyeditor never writes", readonly=True)
    assert "policyeditor recover" in message


def test_invalid_utf8_is_one_sentence(path):
    attack(path, "DROP TRIGGER contents_immutable",
           "UPDATE contents SET heading = CAST(x'c328ff' AS TEXT) WHERE id = 1")
    refused(path, "not valid UTF-8", readonly=True)


@pytest.mark.parametrize("statement", [
    "UPDATE versions SET author = CAST(x'c328ff' AS TEXT)",
    "UPDATE draft SET title = CAST(x'c328ff' AS TEXT)",
    "INSERT INTO approvals (id, version, reviewer, created, content_hash) "
    "VALUES ('a', '1.0', CAST(x'c328ff' AS TEXT), 't', 'h')",
], ids=["version author", "draft title", "approval reviewer"])
def test_invalid_utf8_in_a_record_is_one_sentence_too(path, statement):
    """A probe: an approval's reviewer (or a signer's name) in invalid UTF-8 opened, then `info --verify`
    and the window ended in a traceback ('Could not decode to UTF-8 column')."""
    attack(path, "DROP TRIGGER IF EXISTS versions_immutable", statement)
    refused(path, "not valid UTF-8", readonly=True)


def test_a_preseeded_row_with_a_false_hash_is_never_reused(path):
    """The attacker stores 'We sell data.' under the hash of 'We never sell data.'."""
    wanted = Section("About", "We never sell data.", id="about")
    attack(path, "INSERT INTO contents (hash, heading, body) VALUES "
           f"('{wanted.content_hash()}', 'About', 'We sell data.')")
    with PolicyFile.open(path) as pf:
        with pytest.raises(PolicyFileError, match="is damaged"):
            pf.save_version(Policy("Privacy", [wanted]), "2.0", author="Ann")
        assert [v.label for v in pf.versions()] == ["1.0"]


def test_defensive_mode_is_on(path):
    with PolicyFile.open(path, readonly=True) as pf:
        assert pf.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    conn = sqlite3.connect(":memory:", factory=defences.GuardedConnection)
    assert defences.set_defensive(conn), defences.DEFENSIVE_NOTE
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA writable_schema = ON")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE t (y)'")
    conn.close()


def test_a_query_over_budget_is_stopped_in_one_sentence(path, monkeypatch):
    monkeypatch.setattr(defences, "QUERY_BUDGET_S", 0.2)
    with PolicyFile.open(path, readonly=True) as pf:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            pf.conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                            "SELECT count(*) FROM c").fetchone()
        assert time.monotonic() - started < 3
        assert defences.tripped(pf.conn)
        assert "took longer than any policy file needs" in str(defences.over_budget(path.name))


def test_older_file_schema_is_checked_against_its_own_version(path):
    first_trigger = next(s for s in schema.MIGRATIONS[0] if "TRIGGER versions_immutable" in s)
    attack(path, "DROP TRIGGER pictures_immutable", "DROP TABLE pictures",  # back to before schema 5
           "DROP TABLE decisions", "DROP TABLE draft_moves",  # back to before schema 4
           "DROP TRIGGER versions_immutable", "ALTER TABLE versions DROP COLUMN properties",
           "ALTER TABLE draft DROP COLUMN properties", first_trigger,  # back to before schema 3
           "DROP TRIGGER signatures_append_only", "DROP TRIGGER signatures_kept",
           "DROP TABLE signatures", "PRAGMA user_version = 1")  # and before schema 2
    with PolicyFile.open(path, readonly=True) as pf:  # a version-1 file, as older programs wrote
        assert [v.label for v in pf.versions()] == ["1.0"]
    with PolicyFile.open(path) as pf:  # migrated on open for writing
        assert pf.conn.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()


# -- one open per process ---------------------------------------------------------

def test_a_second_open_in_one_process_shares_the_hold(path):
    with PolicyFile.open(path) as writer:
        assert registry.open_count(path) == 1
        with pytest.raises(FileInUseError, match="open it read-only"):
            PolicyFile.open(path)
        with PolicyFile.open(path, readonly=True) as reader:  # e.g. FILE@1.0 while the draft autosaves
            assert registry.open_count(path) == 2
            assert reader.version("1.0").policy == policy()
        writer.save_draft(policy("We collect less data."))
    assert registry.open_count(path) == 0


LOCK_PROBE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
try:
    conn.execute("BEGIN IMMEDIATE")
    print("got it")
except sqlite3.OperationalError:
    print("locked")
"""


def test_opening_again_during_a_write_keeps_sqlites_locks(path):
    """Section 2.2 of 'How To Corrupt An SQLite Database File': a close() drops the process's locks."""
    with PolicyFile.open(path) as writer:
        with writer.transaction() as conn:
            conn.execute("UPDATE draft SET title = 'Mid-save' WHERE id = 1")
            PolicyFile.open(path, readonly=True).close()  # what Compare did during an autosave
            probe = subprocess.run([sys.executable, "-c", LOCK_PROBE, str(path)], capture_output=True,
                                   text=True, timeout=30)
            assert probe.stdout.strip() == "locked"


def test_the_same_file_under_another_name_is_the_same_file(path, tmp_path):
    link = tmp_path / "link.policy"
    link.hardlink_to(path)
    with PolicyFile.open(path):
        with pytest.raises(FileInUseError):
            PolicyFile.open(link)
    copy = tmp_path / "copy.policy"
    shutil.copy(path, copy)
    with PolicyFile.open(path), PolicyFile.open(copy):
        pass
