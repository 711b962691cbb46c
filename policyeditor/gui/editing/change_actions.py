"""The window's changes part: the change list's contents, going to a change, accept and reject.

Everything comes from the one redline the tracker holds; a decision is a command
handed to `push`. The part knows the tracker, the change list, the views it reveals
a change in and the Hide editorial action, never the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand

from policyeditor.core.body import plain_text
from policyeditor.core.decisions import change_keys
from policyeditor.core.errors import PolicyError
from policyeditor.diff.blame import ChangeCredit, Credit, Step, blame
from policyeditor.diff.redline import Change
from policyeditor.gui import jobs
from policyeditor.gui.editing.change_list import ChangeList
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.gui.editing.redline_state import RedlineTracker, decision
from policyeditor.gui.session import Session
from policyeditor.review.credits import chain


class ChangeActions(QObject):
    """The open changes shown, next/previous targets, and accept/reject for one window."""

    message = Signal(str, int)  # for the status bar: text, milliseconds

    def __init__(self, tracker: RedlineTracker, change_list: ChangeList, view: CompareView,
                 inline: InlineRedlineView, hide_editorial: QAction,
                 current_session: Callable[[], Session | None], push: Callable[[QUndoCommand], None],
                 current_section_id: Callable[[], str | None],
                 author: Callable[[], str] = lambda: "") -> None:
        super().__init__(change_list)
        self._tracker = tracker
        self._list = change_list
        self._view = view
        self._inline = inline
        self._hide = hide_editorial
        self._session = current_session
        self._push = push
        self._credits: dict[int, ChangeCredit] = {}
        self._credited: object = None      # the redline `_credits` belong to
        self._credit_job: jobs.Job | None = None
        self._credits_wanted = False
        self._chain_key: tuple | None = None
        self._chain_steps: list[Step] = []
        self._current_section_id = current_section_id
        self._author = author  # who decides: the name set in the preferences
        change_list.changeChosen.connect(self.go_to_change)

    def show_changes(self) -> None:
        """Fill the change list from the tracker's redline, with who made each change once blame has run."""
        redline = self._tracker.redline
        if self._credited is not redline:
            self._start_credits()  # credited at once when it can be, so the list is filled once
        fresh = self._credits if self._credited is redline else self._stale_credits(redline)
        self._list.show_changes(self.shown_changes(), redline, fresh)

    # ------------------------------------------------------------ who made each change

    def _stale_credits(self, redline) -> dict[int, ChangeCredit]:  # type: ignore[no-untyped-def]
        """The last credits, for the changes the new redline still has (ids follow reading order)."""
        if redline is None or not self._credits or self._credited is None:
            return {}
        old = {key: self._credits.get(c.id)
               for c, key in zip(self._credited.changes, change_keys(self._credited.changes), strict=True)}
        return {c.id: credit for c, key in zip(redline.changes, change_keys(redline.changes), strict=True)
                if (credit := old.get(key)) is not None}

    def _start_credits(self) -> bool:
        """Blame the tracker's redline through the versions since its base, in a worker (never while typing
        waits: the list shows the last credits meanwhile). True when its credits are in already
        (one step from the base: every change is the draft editor's)."""
        redline, session, label = self._tracker.redline, self._session(), self._tracker.base_key
        document = self._tracker.document
        if (redline is None or session is None or session.file is None or not isinstance(label, str)
                or session.version is not None or document is None or self._credit_job is not None):
            if self._credit_job is None:
                self._credited, self._credits = redline, self._stale_credits(redline)
            self._credits_wanted = self._credit_job is not None
            return False
        try:
            steps = self._chain(session, label)
        except PolicyError:  # a version that cannot be read: no credits, the list stays as it is
            return False
        if len(steps) == 2 and not steps[-1].attributions:  # one step: every change is the draft's editor's
            editor = Credit(steps[-1].author, steps[-1].date, None)
            self._credited = redline
            self._credits = {c.id: ChangeCredit(c.id, (editor,)) for c in redline.changes
                             if editor.author}
            return True
        draft = document.policy.copy()
        steps = [*steps[:-1], replace(steps[-1], policy=draft)]

        def work() -> tuple[object, dict[int, ChangeCredit]]:
            return redline, blame(redline, steps) if len(steps) > 1 else {}

        self._credit_job = jobs.start(work, self._credited_in, lambda _message: self._credit_ended())
        return False

    def _chain(self, session: Session, label: str) -> list[Step]:
        pf = session.file
        assert pf is not None
        # unsaved edits are this window's user's; saved ones, whom the file records (credits.draft_editor)
        editor = "" if session.undo_stack.isClean() else self._author()
        key = (str(pf.path), label, pf.audit_head(), editor or pf.draft_editor())
        if self._chain_key != key:  # the versions and imports since the base: read once per change of them
            base = self._tracker.base if self._tracker.base_key == label else None
            self._chain_steps = chain(pf, label, None, draft=session.document.policy, editor=editor,
                                      known={label: base} if base is not None else None)
            self._chain_key = key
        return self._chain_steps

    def _credited_in(self, result: tuple[object, dict[int, ChangeCredit]]) -> None:
        redline, credits = result
        self._credit_job = None
        if redline is self._tracker.redline:
            self._credited, self._credits = redline, credits
            self._list.show_changes(self.shown_changes(), self._tracker.redline, credits)
        elif self._credits_wanted or redline is not self._tracker.redline:
            self._credits_wanted = False
            if self._start_credits():
                self._list.show_changes(self.shown_changes(), self._tracker.redline, self._credits)

    def _credit_ended(self) -> None:
        self._credit_job = None

    def credits(self) -> dict[int, ChangeCredit]:
        """Who made each change of the shown redline (empty until blame has run for it)."""
        return self._credits if self._credited is self._tracker.redline else {}

    def shown_changes(self) -> list[Change]:
        """The open changes the change list shows and next/previous visit (no editorial ones while hidden)."""
        changes = self._tracker.open_changes()
        return [c for c in changes if not c.editorial] if self._hide.isChecked() else changes

    def current_change(self) -> Change | None:
        change_id = self._list.current_change_id()
        redline = self._tracker.redline
        return redline.change(change_id) if redline is not None and change_id is not None else None

    def go_to_change(self, change_id: int) -> None:
        redline = self._tracker.redline
        if redline is None:
            return
        change = redline.change(change_id)
        in_base = change.kind in ("delete", "section_deleted", "section_demoted") or change.new_id is None
        section_id = (change.old_id if in_base else change.new_id) or change.new_id or change.old_id
        if section_id is None:
            return
        words = plain_text(change.old_text if in_base else change.new_text).split("\n")[0]
        self._view.reveal(section_id, words, in_base=in_base, change=change.id)
        self._inline.show_section(section_id)

    def decide(self, scope: str, *, accept: bool) -> bool:
        """Accept or reject the current change ("change"), its section's ("section") or all ("all")."""
        session = self._session()
        if self._tracker.redline is None or session is None or session.read_only:
            return False
        if self._tracker.pending:  # deciding on a stale redline could undo the latest typing
            self.message.emit("Still comparing; try again in a moment.", 3000)
            return False
        current = self.current_change()
        section_id = (current.new_id or current.old_id) if current else self._current_section_id()
        command = decision(self._tracker, session.document, scope, accept=accept, current=current,
                           section_id=section_id, author=self._author())
        if command is not None:
            self._push(command)
        return command is not None
