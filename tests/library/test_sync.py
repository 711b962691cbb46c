"""Sync against a real PostgreSQL server: versions kept, drafts merged or in conflict, idempotent."""

from __future__ import annotations

import shutil

from helpers import draft_body, edit_section, new_copy, share

from policyeditor.app.library import pull, sync_file
from policyeditor.library import catalog, record
from policyeditor.library.sync import sync
from policyeditor.review.verify import verify
from policyeditor.store import library_copy, reviews
from policyeditor.store.policyfile import PolicyFile


def _labels(library, user, pid):
    with library.connect(user) as conn:
        rows = conn.execute("SELECT label FROM versions WHERE policy_id = %s ORDER BY seq", (pid,)).fetchall()
    return [r[0] for r in rows]


def test_first_sync_sends_everything_and_a_second_sends_nothing(library, tmp_path):
    path = new_copy(tmp_path / "mine.policy")
    first = sync_file(path, library.url("alice"))
    assert first.sent["versions"] == 1 and first.sent["contents"] > 3 and first.draft == "sent"
    again = sync_file(path, library.url("alice"))
    assert again.rows_sent == 0 and again.received == {} and again.draft == "same"
    with library.connect("alice") as conn:
        [entry] = catalog.list_policies(conn)
        assert (entry.owner, entry.versions, entry.latest, entry.review_months) == ("alice", 1, "1.0", 12)
        assert record.verify(conn, entry.id) == []
    with PolicyFile.open(path, readonly=True) as pf:
        assert verify(pf) == []


def test_two_offline_copies_both_keep_their_versions(library, tmp_path):
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = share(library, mine, ("bruno", "author"))
    theirs = tmp_path / "theirs.policy"
    pull(library.url("bruno"), pid, theirs)
    with PolicyFile.open(mine, readonly=True) as a, PolicyFile.open(theirs, readonly=True) as b:
        assert b.load_draft().content_hash() == a.load_draft().content_hash()  # title included
        assert reviews.policy_id(b) == pid and verify(b) == []
    # offline, each saves a version 2.0 of their own
    for path, who, index in ((mine, "alice", 1), (theirs, "bruno", 2)):
        edit_section(path, index, f"{who} was here.")
        with PolicyFile.open(path) as pf:
            pf.save_version(pf.load_draft(), "2.0", author=who, parent="1.0")
    sync_file(mine, library.url("alice"))
    sync_file(theirs, library.url("bruno"))
    sync_file(mine, library.url("alice"))
    labels = _labels(library, "alice", pid)
    assert labels[:2] == ["1.0", "2.0"] and len(labels) == 3 and labels[2].startswith("2.0 [")
    for path in (mine, theirs):
        with PolicyFile.open(path, readonly=True) as pf:
            versions = pf.versions()
            assert len(versions) == 3
            assert {v.author for v in versions if v.label.startswith("2.0")} == {"alice", "bruno"}
            assert verify(pf) == []
    # and their drafts merged by themselves: different sections
    with PolicyFile.open(mine, readonly=True) as a, PolicyFile.open(theirs, readonly=True) as b:
        assert a.load_draft().content_hash() != ""
        assert library_copy.conflict_records(a) == []
    sync_file(theirs, library.url("bruno"))
    with PolicyFile.open(mine, readonly=True) as a, PolicyFile.open(theirs, readonly=True) as b:
        assert a.load_draft().content_hash() == b.load_draft().content_hash()


def test_same_section_edited_on_both_sides_is_a_conflict_kept_in_the_file(library, tmp_path):
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = share(library, mine, ("bruno", "author"))
    theirs = tmp_path / "theirs.policy"
    pull(library.url("bruno"), pid, theirs)
    section = edit_section(theirs, 3, "Theirs: data is kept for two years.")
    edit_section(mine, 3, "Mine: data is kept for one year.")
    other = edit_section(mine, 5, "Mine: a clean change elsewhere.")
    assert sync_file(theirs, library.url("bruno")).draft == "sent"
    report = sync_file(mine, library.url("alice"))
    assert report.draft == "conflict"
    [conflict] = report.conflicts
    assert conflict.section_id == section
    assert "two years" in conflict.theirs.body and "one year" in conflict.mine.body
    assert "year" not in conflict.base.body
    # mine is kept, never overwritten; the library keeps theirs
    assert "one year" in draft_body(mine, section)
    with library.connect("alice") as conn:
        assert "two years" in _library_draft_body(conn, pid, section)
    with PolicyFile.open(mine, readonly=True) as pf:  # stored in the file: survives closing it
        [stored] = library_copy.conflict_records(pf)
        assert stored["section_id"] == section and "two years" in stored["theirs"]["body"]
    # a sync while it is unsettled still does not overwrite theirs
    assert sync_file(mine, library.url("alice")).draft == "conflict"
    # settled (the draft's text is the answer): the next sync sends it, with the clean change
    with PolicyFile.open(mine) as pf:
        library_copy.settle_conflict(pf, section, actor="alice")
    assert sync_file(mine, library.url("alice")).draft == "sent"
    with library.connect("alice") as conn:
        assert "one year" in _library_draft_body(conn, pid, section)
        assert "clean change" in _library_draft_body(conn, pid, other)
    sync_file(theirs, library.url("bruno"))
    assert "one year" in draft_body(theirs, section)


def test_different_sections_merge_by_themselves(library, tmp_path):
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = share(library, mine, ("bruno", "author"))
    theirs = tmp_path / "theirs.policy"
    pull(library.url("bruno"), pid, theirs)
    a = edit_section(mine, 2, "Alice's sentence.")
    b = edit_section(theirs, 4, "Bruno's sentence.")
    sync_file(theirs, library.url("bruno"))
    report = sync_file(mine, library.url("alice"))
    assert report.draft == "merged" and report.conflicts == []
    assert "Bruno's sentence." in draft_body(mine, b) and "Alice's sentence." in draft_body(mine, a)
    sync_file(theirs, library.url("bruno"))
    assert "Alice's sentence." in draft_body(theirs, a)


def test_comments_replies_statuses_and_approvals_travel(library, tmp_path):
    from policyeditor.core.body import plain_text
    from policyeditor.review.anchors import make_anchor
    from policyeditor.review.comments import Comments
    from policyeditor.review.workflow import Workflow

    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = share(library, mine, ("rita", "reviewer"))
    with PolicyFile.open(mine) as pf:
        Workflow(pf).submit_for_review("1.0", "alice")
    sync_file(mine, library.url("alice"))
    review = tmp_path / "review.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        section = next(s for s, _ in pf.version("1.0").policy.walk() if s.body)
        text = plain_text(section.body)
        comments = Comments(pf)
        thread = comments.comment(
            "rita", make_anchor(section.id, text, 0, text.index(" ")), "Is this right?", version="1.0"
        )
        comments.resolve(thread.id, "rita")
        Workflow(pf).approve("1.0", "rita")
    assert sync_file(review, library.url("rita")).sent["approvals"] == 1
    report = sync_file(mine, library.url("alice"))
    assert report.received["comments"] == 1 and report.received["approvals"] == 1
    with PolicyFile.open(mine, readonly=True) as pf:
        assert pf.version("1.0").status.value == "approved"
        assert [c["body"] for c in reviews.comment_rows(pf)] == ["Is this right?"]
        assert verify(pf) == []
    with PolicyFile.open(mine) as pf:
        Comments(pf).reply(thread.id, "alice", "Yes.")
    sync_file(mine, library.url("alice"))
    sync_file(review, library.url("rita"))
    with PolicyFile.open(review, readonly=True) as pf:
        assert [c["body"] for c in reviews.comment_rows(pf)] == ["Is this right?", "Yes."]
        assert verify(pf) == []


def test_a_copy_of_a_copy_by_email_syncs_as_the_same_policy(library, tmp_path):
    mine = new_copy(tmp_path / "mine.policy")
    emailed = tmp_path / "emailed.policy"
    shutil.copy(mine, emailed)
    sync_file(mine, library.url("alice"))
    report = sync_file(emailed, library.url("alice"))
    assert report.sent.get("versions", 0) == 0 and report.conflicts == []


def _library_draft_body(conn, pid, section_id):
    from policyeditor.library.library_side import LibrarySide
    from policyeditor.library.sync_report import SyncReport

    server = LibrarySide(conn, pid, SyncReport(pid, "", "owner"))
    row = conn.execute(
        "SELECT title, metadata, shape, section_ids, properties FROM drafts WHERE policy_id = %s", (pid,)
    ).fetchone()
    policy = server.load_policies([row])[0]
    conn.rollback()
    return policy.find(section_id).body


def test_sync_uses_the_one_connection_api(library, tmp_path):
    path = new_copy(tmp_path / "mine.policy")
    with PolicyFile.open(path) as pf, library.connect("alice") as conn:
        assert sync(pf, conn).sent["versions"] == 1


def _move_section(path, index, to):
    """Move the `index`-th top-level section of the draft to position `to`; its id."""
    with PolicyFile.open(path) as pf:
        draft = pf.load_draft()
        section = draft.sections.pop(index)
        draft.sections.insert(to, section)
        pf.save_draft(draft)
        return section.id


def test_the_same_section_moved_differently_on_both_sides_is_a_conflict_not_a_pick(library, tmp_path):
    from policyeditor.library.merge3 import MOVE

    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = share(library, mine, ("bruno", "author"))
    theirs = tmp_path / "theirs.policy"
    pull(library.url("bruno"), pid, theirs)
    moved = _move_section(theirs, 3, 0)
    assert _move_section(mine, 3, 5) == moved
    sync_file(theirs, library.url("bruno"))
    report = sync_file(mine, library.url("alice"))
    assert report.draft == "conflict"
    [conflict] = report.conflicts
    assert (conflict.section_id, conflict.kind) == (moved, MOVE)
    with PolicyFile.open(mine, readonly=True) as pf:
        assert [s.id for s in pf.load_draft().sections].index(moved) == 5  # mine kept
        [stored] = library_copy.conflict_records(pf)
        assert stored["kind"] == "move"
    with library.connect("alice") as conn:  # theirs kept in the library
        row = conn.execute("SELECT 1 FROM drafts WHERE policy_id = %s", (pid,)).fetchone()
        assert row is not None


def test_a_copy_knows_where_it_stands_without_asking_the_server(library, tmp_path):
    path = new_copy(tmp_path / "mine.policy")
    with PolicyFile.open(path, readonly=True) as pf:
        assert library_copy.standing(pf) is None  # never synced
    sync_file(path, library.url("alice"))
    with PolicyFile.open(path, readonly=True) as pf:
        standing = library_copy.standing(pf)
        assert standing.in_sync and standing.user == "alice" and standing.synced_at.endswith("Z")
        assert standing.library.endswith(f"/{library.dbname}")
    edit_section(path, 2, "A change.")
    with PolicyFile.open(path) as pf:
        pf.save_version(pf.load_draft(), "2.0", author="alice", parent="1.0")
        standing = library_copy.standing(pf)
        assert standing.pending == ("the draft", "1 new version(s)") and not standing.in_sync
        edited = pf.load_draft()
    sync_file(path, library.url("alice"))
    with PolicyFile.open(path, readonly=True) as pf:
        assert library_copy.standing(pf).in_sync
        edited.sections[0].body += " More."  # the draft as being edited in the window, not yet saved
        assert library_copy.standing(pf, edited).pending == ("the draft",)
