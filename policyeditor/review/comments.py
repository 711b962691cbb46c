"""Comment threads on exact words: comment, reply, edit and delete your own, resolve and reopen.

A thread is a root comment, anchored to words of a section of a version (or of
the draft, `version=None`), and its replies, in the order written. A reply has
no anchor of its own; replying to a reply answers the thread. Deleting is soft:
the comment stays in its thread, shown as "deleted". Every action is stored
through `store.reviews` with its audit entry, in one transaction.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from policyeditor.core.body import plain_text
from policyeditor.core.errors import WorkflowError
from policyeditor.core.model import Policy
from policyeditor.core.people import named, person_name, same_person
from policyeditor.formats.redline.docx_comments import DocxComment, DocxReply
from policyeditor.review.anchors import Anchor, reanchor_all
from policyeditor.store import reviews
from policyeditor.store.clock import now
from policyeditor.store.policyfile import PolicyFile

DELETED_TEXT = "deleted"


class CommentState(StrEnum):
    """A thread is open until someone resolves it; it can be reopened."""

    OPEN = "open"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Comment:
    """One comment or reply: who wrote what, when, and on which words (roots only)."""

    id: str
    author: str
    body: str
    created: str
    anchor: Anchor | None = None  # None for a reply: it answers its thread's words
    initials: str = ""
    parent_id: str | None = None
    version: str | None = None  # label of the version commented on; None for the draft
    state: CommentState = CommentState.OPEN
    edited: str | None = None
    deleted: bool = False

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def shown_body(self) -> str:
        """The text a reader sees: the body, or "deleted" once its author deleted it."""
        return DELETED_TEXT if self.deleted else self.body

    def to_row(self, section_id: str) -> reviews.Row:
        """The comments-table row; `section_id` is the thread's section (replies have no anchor)."""
        anchor = self.anchor or Anchor(section_id, "")
        return {"id": self.id, "version": self.version, "section_id": anchor.section_id,
                "quote": anchor.quote, "prefix": anchor.prefix, "suffix": anchor.suffix,
                "start_offset": anchor.start, "end_offset": anchor.end, "author": self.author,
                "initials": self.initials, "created": self.created, "body": self.body,
                "state": self.state.value, "parent_id": self.parent_id, "edited": self.edited,
                "deleted": int(self.deleted)}

    @classmethod
    def from_row(cls, row: reviews.Row) -> Comment:
        anchor = None if row["parent_id"] else Anchor(
            row["section_id"], row["quote"], row["prefix"], row["suffix"], row["start_offset"],
            row["end_offset"])
        return cls(id=row["id"], author=row["author"], body=row["body"], created=row["created"],
                   anchor=anchor, initials=row["initials"], parent_id=row["parent_id"],
                   version=row["version"], state=CommentState(row["state"]), edited=row["edited"],
                   deleted=bool(row["deleted"]))


@dataclass(frozen=True)
class Thread:
    """A root comment and its replies, oldest first; its state and words are the root's."""

    root: Comment
    replies: tuple[Comment, ...] = ()

    @property
    def id(self) -> str:
        return self.root.id

    @property
    def anchor(self) -> Anchor:
        assert self.root.anchor is not None
        return self.root.anchor

    @property
    def state(self) -> CommentState:
        return self.root.state

    @property
    def outdated(self) -> bool:
        return self.anchor.outdated

    @property
    def comments(self) -> tuple[Comment, ...]:
        return (self.root, *self.replies)

    @property
    def authors(self) -> list[str]:
        """Everyone who wrote in the thread, in order of first appearance."""
        return list(dict.fromkeys(c.author for c in self.comments))


def initials_of(name: str) -> str:
    """'Ada Lovelace' → 'AL'; a single name gives its first letter."""
    return "".join(part[0] for part in name.split()[:3]).upper()


def filter_threads(threads: list[Thread], *, state: CommentState | None = None,
                   author: str | None = None) -> list[Thread]:
    """The threads in `state` (all when None) in which `author` wrote (anyone when None)."""
    return [t for t in threads
            if (state is None or t.state == state) and (author is None or author in t.authors)]


def build_threads(comments: list[Comment]) -> list[Thread]:
    """Group comments into threads, in the order the roots were written."""
    replies: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
    return [Thread(c, tuple(replies[c.id])) for c in comments if not c.parent_id]


class Comments:
    """The comment threads of one open .policy file; every action is stored and audited at once.

    `clock` gives the time stamps (ISO 8601 UTC), replaceable in tests.
    """

    def __init__(self, pf: PolicyFile, clock: Callable[[], str] = now) -> None:
        self.pf = pf
        self.clock = clock

    # -- reading -----------------------------------------------------------------------

    def all(self) -> list[Comment]:
        """Every comment and reply, deleted ones included, in the order written."""
        return [Comment.from_row(row) for row in reviews.comment_rows(self.pf)]

    def get(self, comment_id: str) -> Comment:
        """The comment with this id; WorkflowError if there is none."""
        row = reviews.comment_row(self.pf, comment_id)
        if row is None:
            raise WorkflowError(f"there is no comment with id {comment_id}")
        return Comment.from_row(row)

    def threads(self, *, version: str | None = None, all_versions: bool = True,
                state: CommentState | None = None, author: str | None = None) -> list[Thread]:
        """The threads, filtered by state and author, and to those on `version` (None: the draft)
        unless `all_versions`."""
        comments = self.all()
        threads = build_threads(comments)
        if not all_versions:
            threads = [t for t in threads if t.root.version == version]
        return filter_threads(threads, state=state, author=author)

    def open_count(self, version: str | None = None, *, all_versions: bool = True) -> int:
        """How many threads are open (for the status bar and the navigator)."""
        return len(self.threads(version=version, all_versions=all_versions, state=CommentState.OPEN))

    # -- writing -----------------------------------------------------------------------

    def comment(self, author: str, anchor: Anchor, body: str, *, version: str | None = None,
                initials: str | None = None, created: str | None = None) -> Comment:
        """Start a thread on the anchored words of `version` (None: the draft).

        `created` is when it was written, for a comment brought in from elsewhere (a
        Word document); by default, now.
        """
        self._check_body(body)
        author = named(author, "comments")
        if anchor.outdated or not anchor.quote:
            raise WorkflowError("a comment needs words to be selected")
        comment = Comment(id=uuid.uuid4().hex, author=author, body=body, created=created or self.clock(),
                          anchor=anchor, initials=initials_of(author) if initials is None else initials,
                          version=version)
        self._write(comment, author, "comment.added", {"version": version, "quote": anchor.quote})
        return comment

    def reply(self, parent_id: str, author: str, body: str, *, initials: str | None = None,
              created: str | None = None) -> Comment:
        """Answer a thread (replying to a reply answers its thread); `created` as for `comment`."""
        self._check_body(body)
        author = named(author, "replies")
        root = self._root(self.get(parent_id))
        comment = Comment(id=uuid.uuid4().hex, author=author, body=body, created=created or self.clock(),
                          initials=initials_of(author) if initials is None else initials,
                          parent_id=root.id, version=root.version)
        self._write(comment, author, "comment.replied", {"thread": root.id}, root)
        return comment

    def edit(self, comment_id: str, author: str, body: str) -> Comment:
        """Change the text of your own comment; WorkflowError for anyone else's or a deleted one."""
        self._check_body(body)
        comment = self._own(comment_id, author, "edit")
        edited = replace(comment, body=body, edited=self.clock())
        self._write(edited, person_name(author), "comment.edited")
        return edited

    def delete(self, comment_id: str, author: str) -> Comment:
        """Delete your own comment: it stays in its thread, shown as "deleted"."""
        deleted = replace(self._own(comment_id, author, "delete"), deleted=True, edited=self.clock())
        self._write(deleted, person_name(author), "comment.deleted")
        return deleted

    def resolve(self, comment_id: str, actor: str) -> Comment:
        """Mark the comment's thread resolved (anyone may); no change if it already is."""
        return self._set_state(comment_id, actor, CommentState.RESOLVED)

    def reopen(self, comment_id: str, actor: str) -> Comment:
        """Open a resolved thread again."""
        return self._set_state(comment_id, actor, CommentState.OPEN)

    def follow_draft(self, old: Policy, new: Policy, *, actor: str = "") -> list[Comment]:
        """Move the draft's comments with their words from `old` to `new`; returns those that changed.

        Called after each save of the draft. A thread whose words are gone (or
        whose section was removed) becomes outdated, keeping its quote; one
        whose words come back is placed again. Moves only of offsets are stored
        without an audit entry; a changed quote or outdated state is audited.
        """
        roots = [c for c in self.all() if not c.parent_id and c.version is None and c.anchor]
        by_section: dict[str, list[Comment]] = defaultdict(list)
        for comment in roots:
            assert comment.anchor is not None
            by_section[comment.anchor.section_id].append(comment)
        changed: list[Comment] = []
        moved_rows: list[reviews.Row] = []
        for section_id, comments in by_section.items():
            old_section, new_section = old.find(section_id), new.find(section_id)
            if new_section is None:
                found: list[Anchor | None] = [None] * len(comments)
            else:
                old_text = plain_text(old_section.body) if old_section is not None else None
                new_text = plain_text(new_section.body)
                if old_text == new_text and not any(c.anchor.outdated for c in comments):  # type: ignore[union-attr]
                    continue
                found = reanchor_all([c.anchor for c in comments], new_text, old_text)  # type: ignore[misc]
            for comment, anchor in zip(comments, found, strict=True):
                assert comment.anchor is not None
                new_anchor = anchor if anchor is not None else comment.anchor.make_outdated()
                if new_anchor == comment.anchor:
                    continue
                updated = replace(comment, anchor=new_anchor)
                changed.append(updated)
                if new_anchor.quote != comment.anchor.quote or new_anchor.outdated != comment.anchor.outdated:
                    action = "comment.outdated" if new_anchor.outdated else "comment.reanchored"
                    self._write(updated, actor, action, {"quote": new_anchor.quote})
                else:
                    moved_rows.append(updated.to_row(section_id))
        reviews.move_comments(self.pf, moved_rows)
        return changed

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _check_body(body: str) -> None:
        if not body.strip():
            raise WorkflowError("a comment needs some text")

    def _root(self, comment: Comment) -> Comment:
        return self.get(comment.parent_id) if comment.parent_id else comment

    def _own(self, comment_id: str, author: str, verb: str) -> Comment:
        comment = self.get(comment_id)
        author = named(author, f"{verb}s the comment")
        if not same_person(comment.author, author):
            raise WorkflowError(f"only {comment.author} can {verb} their comment")
        if comment.deleted:
            raise WorkflowError("this comment was deleted")
        return comment

    def _set_state(self, comment_id: str, actor: str, state: CommentState) -> Comment:
        actor = named(actor, f"{'resolves' if state == CommentState.RESOLVED else 'reopens'} the thread")
        root = self._root(self.get(comment_id))
        if root.state == state:
            return root
        updated = replace(root, state=state)
        self._write(updated, actor, f"comment.{'resolved' if state == CommentState.RESOLVED else 'reopened'}")
        return updated

    def _write(self, comment: Comment, actor: str, action: str, payload: dict | None = None,
               root: Comment | None = None) -> None:
        """Store `comment` with its audit entry; a reply is stored under its thread's section."""
        if comment.anchor is None:
            root = root or self.get(comment.parent_id or "")
        anchor = comment.anchor or (root.anchor if root else None)
        assert anchor is not None
        reviews.write_comment(self.pf, comment.to_row(anchor.section_id), actor=actor, action=action,
                              payload=payload)


def word_comments(threads: list[Thread], version: str | None, *, resolved: bool = False,
                  side: str = "new") -> list[DocxComment]:
    """The open threads on `version` (None: the draft) as Word comments, replies as Word's replies.

    `resolved` adds the resolved threads, marked done (w15:done): an approved
    version's review threads are all resolved (approval needs it), and its
    redline keeps them, as Word shows a resolved thread. `side` is the redline's
    text they are on: "new", or "old" for the text compared with (`redline_comments`).
    """
    out = []
    for thread in threads:
        if thread.root.version != version:
            continue
        if thread.state != CommentState.OPEN and not (resolved and thread.state == CommentState.RESOLVED):
            continue
        root = thread.root
        replies = tuple(DocxReply(r.author, r.initials, r.shown_body, r.created) for r in thread.replies)
        done = thread.state != CommentState.OPEN
        out.append(DocxComment(thread.anchor.section_id, thread.anchor.quote, root.author, root.initials,
                               root.shown_body, root.created, replies, done=done, side=side))
    return out


def redline_comments(new_threads: list[Thread], new_version: str | None, old_threads: list[Thread],
                     old_version: str | None, *, resolved: bool = False) -> list[DocxComment]:
    """A redline DOCX's comments, each text's threads on its own words, as the window marks them on
    its own pane: the new text's open threads on `new_version` (None: the draft; and resolved ones,
    `resolved`, marked done), then the old text's open threads on `old_version`, on its kept or
    deleted words. Each text's threads are those of its policy file ([] when it has none, or when
    the old text is the new one).
    """
    return word_comments(new_threads, new_version, resolved=resolved) + \
        word_comments(old_threads, old_version, side="old")
