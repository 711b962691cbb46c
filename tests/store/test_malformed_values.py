"""Malformed values (issue 14), each written into a real file with plain sqlite3: one sentence, no traceback.

Each value is one policyeditor never writes: a non-JSON payload, status 'bogus', a
NULL body, invalid UTF-8, seq 2^63-1... `info`, `info --verify` and `export` must
each answer in one sentence with exit 2, and leave the file's bytes as they were.
A NULL in a NOT NULL column is made the way an attacker would: the table's
definition loosened with writable_schema, the value written, the definition put back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from policyeditor.cli import main
from policyeditor.review.comments import Comments
from policyeditor.review.workflow import Workflow
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import small_policy
from tests.review.test_comments import anchor_on
from tests.review.trust_helpers import make

TRIGGERS = ("audit_append_only", "audit_kept", "versions_immutable", "versions_kept", "contents_immutable",
            "shapes_immutable", "signatures_append_only", "signatures_kept")

MALFORMED = {
    "status bogus": "UPDATE versions SET status = 'bogus'",
    "draft revision as text": "UPDATE draft SET revision = 'many'",
    "non-JSON audit payload": "UPDATE audit_log SET payload = 'not json' WHERE seq = 1",
    "audit payload an array": "UPDATE audit_log SET payload = '[1]' WHERE seq = 1",
    "seq 2^63-1": "UPDATE audit_log SET seq = 9223372036854775807 "
                  "WHERE seq = (SELECT max(seq) FROM audit_log)",
    "seq 0": "UPDATE audit_log SET seq = 0 WHERE seq = 1",
    "seq negative": "UPDATE audit_log SET seq = -7 WHERE seq = 1",
    "audit time a blob": "UPDATE audit_log SET time = x'3230' WHERE seq = 1",
    "comment id a blob": "UPDATE comments SET id = CAST(id AS BLOB) WHERE parent_id IS NOT NULL",
    "comment its own parent": "UPDATE comments SET parent_id = id WHERE parent_id IS NOT NULL",
    "comment state bogus": "UPDATE comments SET state = 'bogus'",
    "comment deleted 2": "UPDATE comments SET deleted = 2",
    "comment offset as text": "UPDATE comments SET start_offset = 'x'",
    "version metadata an array": "UPDATE versions SET metadata = '[1]'",
    "version metadata not JSON": "UPDATE versions SET metadata = '{'",
    "version created a blob": "UPDATE versions SET created = x'31'",
    "version shape as text": "UPDATE versions SET shape = 'one'",
    "draft section rows of text": "UPDATE draft SET section_rows = '[\"1\"]'",
    "draft section rows of reals": "UPDATE draft SET section_rows = '[1.5]'",
    "version section rows nested": "UPDATE versions SET section_rows = '[[1]]'",
    "outline not JSON": "UPDATE shapes SET tree = 'oops'",
    "outline an object": "UPDATE shapes SET tree = '{}'",
    "content pinned 7": "UPDATE contents SET pinned = 7",
    "content body a blob": "UPDATE contents SET body = x'00ff' WHERE id = 1",
    "invalid UTF-8 heading": "UPDATE contents SET heading = CAST(x'c328ff' AS TEXT) WHERE id = 1",
    "approval reviewer a blob": "UPDATE approvals SET reviewer = x'4d616c'",
    "signature kind bogus": "UPDATE signatures SET kind = 'bogus'",
    "signature record not JSON": "UPDATE signatures SET record = 'nope'",
    "NULL body": ("contents", "body", "UPDATE contents SET body = NULL WHERE id = 1"),
    "NULL reviewer": ("approvals", "reviewer", "UPDATE approvals SET reviewer = NULL"),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A file with a version approved under a signature, a thread with a reply, and a draft."""
    import os

    folder = tmp_path_factory.mktemp("malformed")
    os.environ["POLICYEDITOR_NO_KEYRING"] = "1"
    try:
        rita = make(folder, "Rita Reviewer")
    finally:
        del os.environ["POLICYEDITOR_NO_KEYRING"]
    path = folder / "made.policy"
    with PolicyFile.create(path, small_policy(), author="Ada Author") as pf:
        pf.save_version(small_policy(), "1.0", author="Ada Author")
        comments = Comments(pf)
        thread = comments.comment("Rita Reviewer", anchor_on(small_policy(), "about", "collect"), "Which?",
                                  version="1.0")
        comments.reply(thread.id, "Ada Author", "Account data.")
        comments.resolve(thread.id, "Rita Reviewer")
        flow = Workflow(pf)
        flow.submit_for_review("1.0", "Ada Author")
        flow.approve("1.0", "", identity=rita)
    return path


def _spoil(path: Path, change) -> None:
    conn = sqlite3.connect(path)
    for trigger in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    if isinstance(change, str):
        conn.execute(change)
        conn.commit()
        conn.close()
        return
    table, column, statement = change  # loosen NOT NULL, write the NULL, put the definition back
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    loose = sql.replace(f"{column} TEXT NOT NULL", f"{column} TEXT")
    assert loose != sql
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (loose, table))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute(statement)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql, table))
    conn.commit()
    conn.close()


def test_there_are_28_and_more():
    assert len(MALFORMED) >= 28


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_value_is_one_sentence_everywhere(made, tmp_path, capsys, name):
    path = tmp_path / "spoilt.policy"
    path.write_bytes(made.read_bytes())
    _spoil(path, MALFORMED[name])
    before = path.read_bytes()
    for args in (["info", str(path)], ["info", str(path), "--verify"],
                 ["export", f"{path}@1.0", "-o", str(tmp_path / "out.html")]):
        capsys.readouterr()
        status = main(args)
        captured = capsys.readouterr()
        said = captured.err.strip()
        assert status == 2, (args, captured.out, said)
        assert said.startswith("policyeditor:") and said.count("\n") == 0, said
        assert "Traceback" not in said and "is not a valid" not in said, said
        assert path.read_bytes() == before
    assert not (tmp_path / "out.html").exists()
