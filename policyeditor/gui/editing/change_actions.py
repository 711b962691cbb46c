"""The window's changes part: the change list's contents, going to a change, accept and reject.

Everything comes from the one redline the tracker holds; a decision is a command
handed to `push`. The part knows the tracker, the change list, the views it reveals
a change in and the Hide editorial action, never the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand

from policyeditor.core.body import plain_text
from policyeditor.diff.redline import Change
from policyeditor.gui.editing.change_list import ChangeList
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.gui.editing.redline_state import RedlineTracker, decision
from policyeditor.gui.session import Session


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
        self._current_section_id = current_section_id
        self._author = author  # who decides: the name set in the preferences
        change_list.changeChosen.connect(self.go_to_change)

    def show_changes(self) -> None:
        """Fill the change list from the tracker's redline."""
        self._list.show_changes(self.shown_changes(), self._tracker.redline)

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
        section_id = change.new_id or change.old_id
        if section_id is None:
            return
        in_base = change.kind in ("delete", "section_deleted") or change.new_id is None
        words = plain_text(change.old_text if in_base else change.new_text).split("\n")[0]
        self._view.reveal(section_id, words, in_base=in_base)
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
