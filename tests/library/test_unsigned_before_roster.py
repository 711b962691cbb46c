"""An approval made without a key before the policy had a roster: valid when the copy took it, never a
signed approval. The copy's `info --verify` says so as a fact; its sync keeps it back (with the move
to approved that needs it) and sends the rest, every time; its approver signs it by approving the
version again with their key, and the next sync sends that. The order comes from the file's audit
chain, so an approval slipped in "before" the roster breaks it and is refused."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from test_unnamed_head import _library, _start_roster

from policyeditor.app.library import pull, sync_file
from policyeditor.core.errors import LibraryError, LockedVersionError, WorkflowError
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments
from policyeditor.review.verify import verify, verify_report
from policyeditor.review.workflow import Workflow
from policyeditor.store import reviews
from policyeditor.store.audit import AuditEntry, canonical_json, entry_hash, head_mark
from policyeditor.store.policyfile import PolicyFile

ABE = "Abe Approver"
KEPT = [f"the approval of version 1.0 by {ABE} is kept in this copy: it is not signed (it was made before "
        f"the policy had a roster), and the library takes only signed approvals; {ABE} can sign it: "
        "approve version 1.0 again with their key",
        "version 1.0 stays In review in the library: it has no signed approval the library takes"]
FACT = f"the approval of version 1.0 by {ABE} is not signed: it was made before the policy had a roster"


def _comment(pf, text):
    section = [s for s, _ in pf.version("1.0").policy.walk()][1]
    words = section.body.split()[0]
    anchor = make_anchor(section.id, section.body, 0, len(words))
    Comments(pf).comment(ABE, anchor, text, version="1.0")


def _stuck(library, plain_copy, tmp_path, people, where):
    """Rita's copy, where Abe approves 1.0 without a key and comments, before the policy has a roster;
    the owner then starts one (Abe an approver) in alice's copy, synced, or in rita's own."""
    path, pid = plain_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        Workflow(pf).approve("1.0", ABE)
        _comment(pf, "Fine by me.")
    if where == "library":
        _start_roster(path, people, ABE)
        assert sync_file(path, library.url("alice")).refused == []
    else:
        _start_roster(review, people, ABE)
    return path, review, pid


def _library_comments(library, pid):
    with library.connect("alice") as conn:
        return [r[0] for r in conn.execute("SELECT body FROM comments WHERE policy_id = %s", (pid,))]


@pytest.mark.parametrize("where", ["library", "same copy"])
def test_the_stuck_copy_syncs_all_but_the_unsigned_approval(library, plain_copy, tmp_path, people, where):
    path, review, pid = _stuck(library, plain_copy, tmp_path, people, where)
    for _ in range(2):  # every time: the rest goes, the approval and its move stay here
        report = sync_file(review, library.url("rita"))
        assert report.kept == KEPT and report.refused == []
        assert _library(library, pid) == ("in_review", [])
    assert _library_comments(library, pid) == ["Fine by me."]
    assert sync_file(review, library.url("rita")).sent == {}  # nothing half-sent again
    with PolicyFile.open(review, readonly=True) as pf:
        assert pf.version("1.0").status.value == "approved"
        assert verify(pf) == []  # valid when it was made: a fact, not tampering
    ok, lines = verify_report(review)
    assert ok and lines[-1] == FACT
    assert sync_file(path, library.url("alice")).refused == []  # alice's copy gets no approval
    with PolicyFile.open(path, readonly=True) as pf:
        assert pf.version("1.0").status.value == "in_review" and reviews.approval_rows(pf) == []


@pytest.mark.parametrize("where", ["library", "same copy"])
def test_its_approver_signs_it_and_the_next_sync_sends_that(library, plain_copy, tmp_path, people, where):
    path, review, pid = _stuck(library, plain_copy, tmp_path, people, where)
    sync_file(review, library.url("rita"))
    with PolicyFile.open(review) as pf:
        flow = Workflow(pf)
        with pytest.raises(WorkflowError, match="choose your identity"):
            flow.approve("1.0", ABE)  # signing needs the key
        with pytest.raises(WorkflowError, match=f"only its approval by {ABE}, made without a key"):
            flow.approve("1.0", "", identity=people["Olga Owner"])  # someone else's is theirs to sign
        flow.approve("1.0", "", identity=people[ABE])
        assert flow.status("1.0").value == "approved" and len(reviews.approval_rows(pf)) == 2
        with pytest.raises(LockedVersionError):  # nothing left to sign: locked as ever
            flow.approve("1.0", "", identity=people[ABE])
    report = sync_file(review, library.url("rita"))
    assert report.kept == [] and report.refused == []
    assert _library(library, pid) == ("approved", [ABE])
    assert sync_file(review, library.url("rita")).kept == []  # the unsigned one stays home, quietly
    assert sync_file(path, library.url("alice")).refused == []
    for copy in (path, review):
        with PolicyFile.open(copy, readonly=True) as pf:
            assert pf.version("1.0").status.value == "approved" and verify(pf) == []
    assert FACT in verify_report(review)[1]


MAL = "Mal Mallory"


def _genuine(library, plain_copy, tmp_path, people):
    """Rita's stuck copy, which verifies: Abe's approval really came before the roster."""
    _, review, pid = _stuck(library, plain_copy, tmp_path, people, "same copy")
    with PolicyFile.open(review, readonly=True) as pf:
        assert verify(pf) == []
    return review, pid


def test_an_unsigned_approval_made_under_the_roster_still_refuses_the_sync(library, plain_copy, tmp_path,
                                                                           people):
    review, pid = _genuine(library, plain_copy, tmp_path, people)
    _add_unsigned_approval(review, MAL)  # after the roster, chain intact
    with PolicyFile.open(review, readonly=True) as pf:
        assert verify(pf) == [f"the approval of version 1.0 by {MAL} is not signed"]
    with pytest.raises(LibraryError, match=f"the approval of version 1.0 by {MAL} is not signed"):
        sync_file(review, library.url("rita"))
    assert _library(library, pid) == ("in_review", []) and _library_comments(library, pid) == []


def test_one_slipped_in_before_the_roster_breaks_the_chain_and_is_refused(library, plain_copy, tmp_path,
                                                                          people):
    """Mallory adds an approval by hand and puts its entry before the roster's first change: the
    entries after it no longer follow, so nothing counts as made before the roster."""
    review, pid = _genuine(library, plain_copy, tmp_path, people)
    _slip_in_before_roster(review, MAL, rebuild=False)
    with PolicyFile.open(review, readonly=True) as pf:
        found = verify(pf)
    assert f"the approval of version 1.0 by {MAL} is not signed" in found
    assert any(p.endswith("does not follow the entry before it") for p in found)
    with pytest.raises(LibraryError, match="rita.policy was not synced"):
        sync_file(review, library.url("rita"))
    assert _library(library, pid) == ("in_review", []) and _library_comments(library, pid) == []


def test_a_whole_chain_rebuilt_gains_no_approval_in_the_library(library, plain_copy, tmp_path, people):
    """Rebuilt with policyeditor's own hashing, the chain cannot tell; the approval is then shown as
    not signed, and no library takes it: the version stays in review there."""
    review, pid = _genuine(library, plain_copy, tmp_path, people)
    _slip_in_before_roster(review, MAL, rebuild=True)
    with PolicyFile.open(review, readonly=True) as pf:
        assert verify(pf) == []
    assert verify_report(review)[1][-2:] == [FACT, FACT.replace(ABE, MAL)]
    assert sync_file(review, library.url("rita")).kept == [KEPT[0], KEPT[0].replace(ABE, MAL), KEPT[1]]
    assert _library(library, pid) == ("in_review", [])


def _add_unsigned_approval(path, name):
    """`name`'s approval of 1.0 without a key, recorded after everything else (as an older policyeditor
    or a script would write it)."""
    with PolicyFile.open(path) as pf:
        row = {"id": uuid.uuid4().hex, "version": "1.0", "reviewer": name, "created": "2026-01-01T00:00:00Z",
               "content_hash": pf.version("1.0").content_hash}
        reviews.record_approval(pf, row, status_from=pf.version("1.0").status)


def _slip_in_before_roster(path, name, *, rebuild):
    """Add `name`'s unsigned approval of 1.0 (approved already), its audit entry placed just before the
    roster's first change; `rebuild`: every hash after it recomputed too."""
    with PolicyFile.open(path, readonly=True) as pf:
        entries = pf.audit_log()
        content_hash = pf.version("1.0").content_hash
    row = {"id": uuid.uuid4().hex, "version": "1.0", "reviewer": name, "created": "2026-01-01T00:00:00Z",
           "content_hash": content_hash}
    at = min(e.seq for e in entries if e.action == "roster.signed")
    new = [("version.approved", {"approval": row["id"], "content_hash": content_hash,
                                 "record": reviews.record_hash(row, reviews.APPROVAL_COLUMNS)})]
    before, after = entries[:at - 1], entries[at - 1:]
    chain, prev = list(before), before[-1].hash
    for action, payload in new:
        entry = AuditEntry(len(chain) + 1, before[-1].time, name, action, "1.0", payload, prev)
        entry = AuditEntry(**{**entry.__dict__, "hash": entry.expected_hash()})
        chain.append(entry)
        prev = entry.hash
    for old in after:
        moved = AuditEntry(old.seq + len(new), old.time, old.actor, old.action, old.subject, old.payload,
                           prev if rebuild else old.prev_hash, old.hash)
        if rebuild:
            moved = AuditEntry(**{**moved.__dict__, "hash": entry_hash(
                prev, moved.seq, moved.time, moved.actor, moved.action, moved.subject, moved.payload)})
        chain.append(moved)
        prev = moved.hash
    conn = sqlite3.connect(path)
    for trigger in ("audit_append_only", "audit_kept"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DELETE FROM audit_log")
    conn.executemany(
        "INSERT INTO audit_log (seq, time, actor, action, subject, payload, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(e.seq, e.time, e.actor, e.action, e.subject, canonical_json(e.payload), e.prev_hash, e.hash)
         for e in chain])
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (head_mark(chain[-1].seq, prev),))
    conn.execute(f"INSERT INTO approvals ({', '.join(reviews.APPROVAL_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
                 [row[c] for c in reviews.APPROVAL_COLUMNS])
    conn.commit()
    conn.close()
