"""The review records of the open policy file, for the window: comments, replies, statuses, approvals.

A thin layer over `review.comments.Comments` and `review.workflow.Workflow`:
it knows who is acting (the name and initials in preferences), keeps the draft's
comments following their words (`Comments.follow_draft` after every save of the
draft), and tells the window when threads or versions changed. The errors a
person can cause (`WorkflowError`, `LockedVersionError`, a read-only file) come
out as they are, for the window to show in one sentence.

Comments and status moves are records with their own audit entries, not edits
of the draft, so they are not on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from policyeditor.app.importing import ImportedInto, import_into
from policyeditor.app.jobs import Job as AppJob
from policyeditor.app.jobs import Progress
from policyeditor.app.merging import merge_copy
from policyeditor.core.body import plain_text
from policyeditor.core.errors import PolicyFileError, WorkflowError
from policyeditor.core.model import Policy
from policyeditor.gui.review.review_panes import Target
from policyeditor.gui.session import Session
from policyeditor.gui.window.dialogs import user_initials, user_name
from policyeditor.review.anchors import make_anchor, reanchor_all
from policyeditor.review.approvers import ToApprove
from policyeditor.review.comments import Comment, Comments, CommentState, Thread
from policyeditor.review.identity import Identity
from policyeditor.review.merge import MergeReport
from policyeditor.review.workflow import Approval, Workflow


class ReviewController(QObject):
    """Comments and workflow of the session's policy file; signals when they change."""

    threadsChanged = Signal()   # noqa: N815
    versionsChanged = Signal()  # noqa: N815

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.session: Session | None = None
        self.comments: Comments | None = None
        self.workflow: Workflow | None = None
        self._followed: Policy | None = None  # the draft the stored draft anchors were placed on

    # ------------------------------------------------------------ session

    def set_session(self, session: Session | None) -> None:
        """Follow another session (or none); its policy file's records are read from now on."""
        if self.session is not None:
            try:
                self.session.saved.disconnect(self._follow)
            except (RuntimeError, TypeError):
                pass
        self.session = session
        pf = session.file if session is not None and session.compare_base is None else None
        self.comments = Comments(pf) if pf is not None else None
        self.workflow = Workflow(pf) if pf is not None else None
        self._followed = session.document.policy.copy() if session is not None and pf is not None else None
        if session is not None:
            session.saved.connect(self._follow)
        self.threadsChanged.emit()

    @property
    def available(self) -> bool:
        """Whether there is a policy file to keep comments in."""
        return self.comments is not None

    @property
    def author(self) -> str:
        return user_name(self._settings)

    @property
    def initials(self) -> str:
        return user_initials(self._settings)

    def _follow(self, _saved_at: str = "") -> None:
        if self.comments is None or self.session is None or self.session.read_only or self._followed is None:
            return
        new = self.session.document.policy.copy()
        changed = self.comments.follow_draft(self._followed, new, actor=self.author)
        self._followed = new
        if changed:
            self.threadsChanged.emit()

    # ------------------------------------------------------------ reading

    def threads(self) -> list[Thread]:
        """Every thread of the file, draft threads placed on the draft as it is now (typed since
        the last save included), outdated ones kept with their quote."""
        return self.placed(self.read_threads())

    def read_threads(self) -> list[Thread]:
        """Every thread as the file keeps it: the draft's anchored on the draft as last saved."""
        return self.comments.threads() if self.comments is not None else []

    def placed(self, threads: list[Thread]) -> list[Thread]:
        """`threads` as read from the file, the draft's placed on the draft as it is now, as the
        next save will place them (`Comments.follow_draft`'s `reanchor_all`, a section at a time)."""
        session, followed = self.session, self._followed
        if session is None or followed is None or session.read_only:
            return threads
        by_section: dict[str, list[Thread]] = {}
        for thread in threads:
            if thread.root.version is None:
                by_section.setdefault(thread.anchor.section_id, []).append(thread)
        moved: dict[str, Thread] = {}
        for section_id, group in by_section.items():
            old, new = followed.find(section_id), session.document.policy.find(section_id)
            old_text = plain_text(old.body) if old else None
            new_text = plain_text(new.body) if new else None
            if old_text == new_text:
                continue
            found = (reanchor_all([t.anchor for t in group], new_text, old_text) if new_text is not None
                     else [None] * len(group))
            for thread, anchor in zip(group, found, strict=True):
                anchor = anchor if anchor is not None else thread.anchor.make_outdated()
                moved[thread.id] = replace(thread, root=replace(thread.root, anchor=anchor))
        return [moved.get(t.id, t) for t in threads]

    def open_count(self) -> int:
        return sum(1 for t in self.threads() if t.state == CommentState.OPEN)

    def open_by_section(self, version: str | None) -> dict[str, int]:
        """How many open threads each section has on `version` (None: the draft)."""
        counts: dict[str, int] = {}
        for thread in self.threads():
            if thread.state == CommentState.OPEN and thread.root.version == version:
                counts[thread.anchor.section_id] = counts.get(thread.anchor.section_id, 0) + 1
        return counts

    # ------------------------------------------------------------ comments

    def _need(self) -> Comments:
        if self.comments is None:
            raise WorkflowError("comments are kept in a .policy file: save this document as one first")
        return self.comments

    def comment(self, target: Target, body: str) -> Comment:
        """Start a thread on the target's words, as the preferences' author."""
        comments = self._need()
        text, start, end = target.text, target.start, target.end
        session = self.session
        if target.version is None and session is not None and not session.read_only:
            # the stored draft anchors must be on the saved draft: save (and follow) first
            session.save()
            self._follow()
        comment = comments.comment(self.author, make_anchor(target.section_id, text, start, end), body,
                                   version=target.version, initials=self.initials)
        self.threadsChanged.emit()
        return comment

    def _after(self, action: Callable[[], Comment]) -> Comment:
        result = action()
        self.threadsChanged.emit()
        return result

    def reply(self, thread_id: str, body: str) -> Comment:
        return self._after(lambda: self._need().reply(thread_id, self.author, body, initials=self.initials))

    def set_resolved(self, thread_id: str, resolved: bool) -> Comment:
        comments = self._need()
        act = comments.resolve if resolved else comments.reopen
        return self._after(lambda: act(thread_id, self.author))

    def edit(self, comment_id: str, body: str) -> Comment:
        return self._after(lambda: self._need().edit(comment_id, self.author, body))

    def delete(self, comment_id: str) -> Comment:
        return self._after(lambda: self._need().delete(comment_id, self.author))

    # ------------------------------------------------------------ workflow

    def _flow(self) -> Workflow:
        if self.workflow is None:
            raise WorkflowError("versions are kept in a .policy file: save this document as one first")
        if self.session is not None and self.session.file is not None and self.session.file.readonly:
            raise PolicyFileError("this window opened the file read-only; open the policy itself to "
                                  "change a version's status")
        return self.workflow

    def submit(self, label: str, identity: Identity | None = None) -> None:
        self._flow().submit_for_review(label, self.author, identity)
        self.versionsChanged.emit()

    def withdraw(self, label: str, identity: Identity | None = None) -> None:
        self._flow().withdraw(label, self.author, identity)
        self.versionsChanged.emit()

    def approve(self, label: str, identity: Identity | None = None) -> Approval:
        approval = self._flow().approve(label, self.author, identity)
        self.versionsChanged.emit()
        return approval

    def publish(self, label: str, identity: Identity | None = None) -> list[str]:
        superseded = self._flow().publish(label, self.author, identity)
        self.versionsChanged.emit()
        return superseded

    def to_approve(self, label: str) -> ToApprove:
        """What approving `label` means: its recomputed content hash and its open comments."""
        from policyeditor.review.approvers import to_approve

        self._flow()
        assert self.session is not None and self.session.file is not None
        return to_approve(self.session.file, label)

    # ------------------------------------------------------------ merging

    def merge_work(self, copy_path: Path | str) -> Callable[[], MergeReport]:
        """The merge of a reviewer's copy, to run in a worker (the draft is saved first)."""
        session = self.session
        if session is None or session.file is None or self.comments is None:
            raise WorkflowError("open the policy file to merge a review into it")
        if session.file.readonly:
            raise PolicyFileError("this window opened the file read-only; nothing can be merged into it")
        if not session.read_only:
            session.save()
        pf, actor = session.file, self.author
        return lambda: merge_copy(pf, Path(copy_path), actor)  # the command line's job

    def merge_word_work(self, path: Path | str, progress: Progress | None = None
                        ) -> Callable[[], ImportedInto]:
        """Bringing a document returned from Word into the draft, to run in a worker (the draft saved first).

        Its changes become the draft's tracked changes against the version sent,
        credited to their Word authors, its comments threads (`app.importing.import_into`).
        """
        session = self.session
        if session is None or session.file is None or self.comments is None:
            raise WorkflowError("open the policy file to merge a review from Word into it")
        if session.file.readonly:
            raise PolicyFileError("this window opened the file read-only; nothing can be merged into it")
        if not session.read_only:
            session.save()
        pf, actor = session.file, self.author
        return lambda: import_into(Path(path), pf.path, author=actor, pf=pf, job=AppJob(progress))

    def word_merged(self, merged: ImportedInto) -> None:
        """The file's draft is the merged one: its comments were placed on it by the merge."""
        self._followed = merged.policy.copy()
        self.merged()

    def merged(self) -> None:
        """Tell the panels a merge came in."""
        self.threadsChanged.emit()
        self.versionsChanged.emit()
