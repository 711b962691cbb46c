"""Tamper evidence: any edit to the record with a plain SQLite tool is caught by `info --verify`.

A file with two versions (1.0 approved, 1.1 a draft version), a resolved thread
with a reply and an open comment is edited in many ways, triggers dropped first
where they would refuse; `policyeditor info FILE --verify` must exit 1 and name the
problem each time. (Not caught, by design: rewriting the whole audit chain from the
edit onward and its recorded head, which needs no secret; see docs/robustness.md.)
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from policyeditor.cli import main
from policyeditor.core.errors import PolicyFileError
from policyeditor.review.comments import Comments
from policyeditor.review.workflow import Workflow
from policyeditor.store.audit import entry_hash
from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import AUTHOR, REVIEWER, small_policy
from tests.review.test_comments import anchor_on

DROP = ["DROP TRIGGER IF EXISTS " + t for t in (
    "versions_immutable", "versions_kept", "contents_immutable", "shapes_immutable", "audit_append_only",
    "audit_kept")]


@pytest.fixture
def record(tmp_path):
    path = tmp_path / "record.policy"
    policy = small_policy()
    with PolicyFile.create(path, policy, author=AUTHOR) as pf:
        pf.save_version(policy, "1.0", author=AUTHOR)
        comments = Comments(pf)
        root = comments.comment(REVIEWER, anchor_on(policy, "about", "collect"), "Which?", version="1.0")
        comments.reply(root.id, AUTHOR, "Account data.")
        comments.resolve(root.id, REVIEWER)
        flow = Workflow(pf)
        flow.submit_for_review("1.0", AUTHOR)
        flow.approve("1.0", REVIEWER)
        policy.sections[1].body = "We share data with nobody."
        pf.save_version(policy, "1.1", author=AUTHOR, parent="1.0")
        comments.comment(REVIEWER, anchor_on(policy, "sharing", "nobody"), "Really?", version="1.1")
    return path


def _rehash_row(conn: sqlite3.Connection, seq: int) -> None:
    """Recompute one audit entry's hash after editing it, as a naive tamperer would (not the chain)."""
    row = conn.execute("SELECT seq, time, actor, action, subject, payload, prev_hash FROM audit_log "
                       "WHERE seq = ?", (seq,)).fetchone()
    digest = entry_hash(row[6], row[0], row[1], row[2], row[3], row[4], json.loads(row[5]))
    conn.execute("UPDATE audit_log SET hash = ? WHERE seq = ?", (digest, seq))


def _swap_entries(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE audit_log SET seq = -seq WHERE seq IN (2, 3)")
    conn.execute("UPDATE audit_log SET seq = 3 WHERE seq = -2")
    conn.execute("UPDATE audit_log SET seq = 2 WHERE seq = -3")


TAMPERS = {
    # approved version and its stored text
    "version text edited": (["UPDATE contents SET body = 'We collect everything.' "
                             "WHERE body LIKE 'We **collect**%'"], "1.0"),
    "version heading edited": (["UPDATE contents SET heading = 'Nothing' WHERE heading = 'About'"], "1.0"),
    "version title edited": (["UPDATE versions SET title = 'Other policy' WHERE label = '1.0'"], "1.0"),
    "version metadata edited": (["UPDATE versions SET metadata = '{\"owner\":\"Mallory\"}' "
                                 "WHERE label = '1.0'"], "1.0"),
    "version outline edited": (["UPDATE versions SET section_rows = '[]' WHERE label = '1.0'"], "1.0"),
    "version hash recomputed": (["UPDATE contents SET body = 'We collect everything.' "
                                 "WHERE body LIKE 'We **collect**%'", "UPDATE versions SET content_hash = "
                                 "'0000000000000000000000000000000000000000000000000000000000000000' "
                                 "WHERE label = '1.0'"], "1.0"),
    "version author edited": (["UPDATE versions SET author = 'Mallory' WHERE label = '1.0'"], "1.0"),
    "version deleted": (["DELETE FROM versions WHERE label = '1.1'"], "1.1"),
    "version inserted": (["INSERT INTO versions (label, author, created, note, status, parent, content_hash, "
                          "title, metadata, shape, section_rows) "
                          "SELECT '9.9', author, created, note, status, "
                          "parent, content_hash, title, metadata, shape, section_rows FROM versions "
                          "WHERE label = '1.1'"], "9.9"),
    "status to published": (["UPDATE versions SET status = 'published' WHERE label = '1.0'"], "1.0"),
    "status to approved": (["UPDATE versions SET status = 'approved' WHERE label = '1.1'"], "1.1"),
    "status back to draft": (["UPDATE versions SET status = 'draft' WHERE label = '1.0'"], "1.0"),
    # approvals
    "approval reviewer edited": (["UPDATE approvals SET reviewer = 'Someone Senior'"], "approval"),
    "approval hash edited": (["UPDATE approvals SET content_hash = 'ff'"], "1.0"),
    "approval deleted": (["DELETE FROM approvals"], "no approval"),
    "approval inserted": (["INSERT INTO approvals (id, version, reviewer, created, content_hash) "
                           "SELECT 'forged', '1.1', 'Mallory', created, content_hash FROM versions "
                           "WHERE label = '1.1'"], "Mallory"),
    # comments
    "comment body edited": (["UPDATE comments SET body = 'Fine by me.' "
                             "WHERE parent_id IS NULL AND state = 'resolved'"], "altered"),
    "reply body edited": (["UPDATE comments SET body = 'Nothing.' WHERE parent_id IS NOT NULL"], "altered"),
    "comment reopened": (["UPDATE comments SET state = 'open' WHERE state = 'resolved'"], "altered"),
    "comment resolved by hand": (["UPDATE comments SET state = 'resolved' WHERE state = 'open'"], "altered"),
    "comment author edited": (["UPDATE comments SET author = 'Mallory' WHERE parent_id IS NOT NULL"],
                              "Mallory"),
    "comment deleted": (["DELETE FROM comments WHERE state = 'open'"], "removed"),
    "comment soft-deleted": (["UPDATE comments SET deleted = 1 WHERE state = 'open'"], "altered"),
    "comment inserted": (["INSERT INTO comments (id, section_id, author, created, body) VALUES "
                          "('feedface', 'about', 'Mallory', '2024-01-01T00:00:00Z', 'Approved by me')"],
                         "feedface"),
    # the audit log
    "audit actor edited": (["UPDATE audit_log SET actor = 'Mallory' WHERE seq = 2"], "entry 2"),
    "audit payload edited": (["UPDATE audit_log SET payload = '{}' WHERE seq = 2"], "entry 2"),
    "audit time edited": (["UPDATE audit_log SET time = '1999-01-01T00:00:00Z' WHERE seq = 3"], "entry 3"),
    "audit middle deleted": (["DELETE FROM audit_log WHERE seq = 3"], "3"),
    "audit first deleted": (["DELETE FROM audit_log WHERE seq = 1"], "1"),
    "audit last deleted": (["DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"], "removed"),
    "audit all deleted": (["DELETE FROM audit_log"], "audit"),
    "audit row inserted": (["INSERT INTO audit_log (seq, time, actor, action, subject, payload, prev_hash, "
                            "hash) SELECT max(seq) + 1, '2030-01-01T00:00:00Z', 'Mallory', "
                            "'version.status', '1.1', "
                            "'{}', hash, hash FROM audit_log"], "audit"),
    "audit reordered": ([_swap_entries], "audit"),
    "audit edited and its hash recomputed": (
        ["UPDATE audit_log SET actor = 'Mallory' WHERE seq = 2", lambda conn: _rehash_row(conn, 2)],
        "entry 3"),
    "audit head edited": (["UPDATE meta SET value = '1:abc' WHERE key = 'audit_head'"], "audit"),
    "audit head deleted": (["DELETE FROM meta WHERE key = 'audit_head'"], "audit"),
}


def _tamper(path, steps) -> None:
    conn = sqlite3.connect(path)
    for statement in DROP:
        conn.execute(statement)
    for step in steps:
        step(conn) if callable(step) else conn.execute(step)
    conn.commit()
    conn.close()


def test_the_untouched_record_verifies(record, capsys):
    _tamper(record, [])  # dropping the triggers alone changes no record
    assert main(["info", str(record), "--verify"]) == 0
    assert "verified" in capsys.readouterr().out


@pytest.mark.parametrize("name", list(TAMPERS))
def test_every_tampering_is_caught_and_named(record, capsys, name):
    steps, named = TAMPERS[name]
    _tamper(record, steps)
    capsys.readouterr()
    status = main(["info", str(record), "--verify"])
    captured = capsys.readouterr()
    assert status != 0, captured.out
    text = captured.out + captured.err
    assert "TAMPERED OR DAMAGED" in text or "policyeditor:" in captured.err, text
    assert named in text, text


@pytest.mark.parametrize("name", ["version text edited", "version heading edited", "version title edited",
                                  "version metadata edited"])
def test_a_plain_read_of_an_altered_version_refuses_it(record, capsys, tmp_path, name):
    """Hashes are recomputed on every read, not only by --verify: export and FILE@LABEL refuse it."""
    _tamper(record, TAMPERS[name][0])
    with PolicyFile.open(record, readonly=True) as pf, pytest.raises(PolicyFileError) as told:
        pf.version("1.0")
    assert "no longer holds the text its content hash names" in str(told.value)
    capsys.readouterr()
    out = tmp_path / "1.0.html"
    assert main(["export", f"{record}@1.0", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "changed outside policyeditor" in err and err.strip().count("\n") == 0, err
    assert not out.exists()
