"""Threads: comment, reply, edit and delete your own, resolve and reopen, filter; anchors follow the draft."""

from __future__ import annotations

import pytest

from policyeditor.core.body import plain_text
from policyeditor.core.errors import WorkflowError
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments, CommentState, filter_threads
from tests.review.conftest import AUTHOR, REVIEWER, small_policy


def anchor_on(policy, section_id: str, words: str):
    text = plain_text(policy.find(section_id).body)
    start = text.index(words)
    return make_anchor(section_id, text, start, start + len(words))


def test_a_thread_holds_the_comment_and_its_replies_in_order(pf):
    comments = Comments(pf)
    root = comments.comment(REVIEWER, anchor_on(small_policy(), "about", "your data"), "Which data?",
                            version="1.0")
    first = comments.reply(root.id, AUTHOR, "Account data.")
    comments.reply(first.id, REVIEWER, "Say so.")  # replying to a reply answers the thread
    [thread] = comments.threads()
    assert thread.root.initials == "RR" and thread.anchor.quote == "your data"
    assert [c.body for c in thread.replies] == ["Account data.", "Say so."]
    assert all(c.parent_id == root.id for c in thread.replies)
    assert thread.authors == [REVIEWER, AUTHOR]
    assert comments.open_count() == 1 and pf.info()["open_comments"] == 1


def test_only_the_author_edits_or_deletes_and_deleting_keeps_the_comment(pf):
    comments = Comments(pf)
    root = comments.comment(REVIEWER, anchor_on(small_policy(), "about", "collect"), "Too vague.")
    with pytest.raises(WorkflowError, match="only Rita Reviewer"):
        comments.edit(root.id, AUTHOR, "hijacked")
    with pytest.raises(WorkflowError):
        comments.delete(root.id, AUTHOR)
    edited = comments.edit(root.id, REVIEWER, "Far too vague.")
    assert edited.edited and comments.get(root.id).body == "Far too vague."
    comments.delete(root.id, REVIEWER)
    [thread] = comments.threads()
    assert thread.root.deleted and thread.root.shown_body == "deleted"
    with pytest.raises(WorkflowError):
        comments.edit(root.id, REVIEWER, "again")


def test_resolve_reopen_and_filters(pf):
    comments = Comments(pf)
    a = comments.comment(REVIEWER, anchor_on(small_policy(), "about", "collect"), "One")
    comments.comment(AUTHOR, anchor_on(small_policy(), "sharing", "partners"), "Two")
    reply = comments.reply(a.id, AUTHOR, "Done")
    comments.resolve(reply.id, AUTHOR)  # resolving from a reply resolves its thread
    threads = comments.threads()
    assert [t.state for t in threads] == [CommentState.RESOLVED, CommentState.OPEN]
    assert [t.root.body for t in filter_threads(threads, state=CommentState.OPEN)] == ["Two"]
    assert [t.root.body for t in comments.threads(author=REVIEWER)] == ["One"]
    assert len(comments.threads(author=AUTHOR)) == 2  # wrote in both
    comments.reopen(a.id, REVIEWER)
    assert comments.open_count() == 2


def test_every_comment_event_is_in_the_audit_log(pf):
    comments = Comments(pf)
    root = comments.comment(REVIEWER, anchor_on(small_policy(), "about", "collect"), "One")
    reply = comments.reply(root.id, AUTHOR, "Two")
    comments.edit(reply.id, AUTHOR, "Two!")
    comments.resolve(root.id, AUTHOR)
    comments.reopen(root.id, AUTHOR)
    comments.delete(reply.id, AUTHOR)
    actions = [(e.action, e.subject) for e in pf.audit_log() if e.action.startswith("comment.")]
    assert actions == [("comment.added", root.id), ("comment.replied", reply.id),
                       ("comment.edited", reply.id), ("comment.resolved", root.id),
                       ("comment.reopened", root.id), ("comment.deleted", reply.id)]


def test_empty_comments_and_selections_are_refused(pf):
    comments = Comments(pf)
    with pytest.raises(WorkflowError):
        comments.comment(REVIEWER, anchor_on(small_policy(), "about", "collect"), "  ")
    with pytest.raises(WorkflowError):
        comments.comment(REVIEWER, anchor_on(small_policy(), "about", "collect").make_outdated(), "x")


def test_draft_comments_follow_their_words_and_outdated_ones_keep_their_quote(pf):
    comments = Comments(pf)
    old = small_policy()
    moving = comments.comment(REVIEWER, anchor_on(old, "about", "provide the service"), "Which?")
    doomed = comments.comment(REVIEWER, anchor_on(old, "sharing", "partners"), "Who?")
    on_version = comments.comment(REVIEWER, anchor_on(old, "about", "collect"), "v", version="1.0")
    new = old.copy()
    new.find("about").body = "To run it well, we **collect** your data to provide the service."
    new.find("sharing").body = "We keep data to ourselves."
    changed = comments.follow_draft(old, new, actor=AUTHOR)
    assert {c.id for c in changed} == {moving.id, doomed.id}
    by_id = {t.id: t for t in comments.threads()}
    moved = by_id[moving.id].anchor
    assert plain_text(new.find("about").body)[moved.start:moved.end] == "provide the service"
    assert by_id[doomed.id].outdated and by_id[doomed.id].anchor.quote == "partners"
    assert by_id[on_version.id].anchor == on_version.anchor  # a version's text never changes
    assert [e.subject for e in pf.audit_log() if e.action == "comment.outdated"] == [doomed.id]


def test_an_outdated_comment_stays_outdated_after_an_unrelated_edit(pf):
    """Its words are gone; another "personal data" elsewhere in the section does not take it."""
    comments = Comments(pf)
    old = small_policy()
    old.find("about").body = "We collect personal data from you. We never sell personal data to brokers."
    text = plain_text(old.find("about").body)
    start = text.index("personal data", text.index("sell"))
    thread = comments.comment(REVIEWER, make_anchor("about", text, start, start + len("personal data")), "?")
    rewritten = old.copy()
    rewritten.find("about").body = "We collect personal data from you. We never sell anything."
    comments.follow_draft(old, rewritten, actor=AUTHOR)
    edited = rewritten.copy()
    edited.find("about").body = "We collect personal data from our users. We never sell anything."
    assert comments.follow_draft(rewritten, edited, actor=AUTHOR) == []
    (after,) = [t for t in comments.threads() if t.id == thread.id]
    assert after.outdated and after.anchor.quote == "personal data"
