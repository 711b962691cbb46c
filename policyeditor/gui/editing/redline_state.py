"""The redline between the base version and the draft, kept current off the UI thread.

`RedlineTracker` recomputes `diff.redline.compare(base, draft)` in a worker
after the draft changes, at most every `THROTTLE_MS` while typing goes on (a
debounce would wait for the typist to pause), with a `DiffCache`, so only
sections whose text changed are diffed again. The worker gets a snapshot of the
draft's section tree, taken on the UI thread: new Section objects over the same
(immutable) strings, so it costs microseconds and the worker never reads a
policy being edited.

Accepting a change keeps it in the draft and takes it off the list of changes
to review (Word's "accept"); rejecting one sets the draft to the redline's
`reject` result. Accepted changes are remembered by what they are (part,
section ids, old and new text), since change ids are renumbered on every
recompute.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand

from policyeditor.core.document import Change as DocumentChange
from policyeditor.core.document import Document
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import Change, DiffCache, Redline, compare
from policyeditor.gui import jobs
from policyeditor.gui.editing import parsed
from policyeditor.gui.editing.commands import replace_policy

THROTTLE_MS = 150
ChangeKey = tuple[str, str, str | None, str | None, str, str]


def change_key(change: Change) -> ChangeKey:
    return (change.kind, change.part, change.old_id, change.new_id, change.old_text, change.new_text)


def snapshot(policy: Policy) -> Policy:
    """A copy of the policy's tree sharing its strings: cheap, and safe from later edits."""
    def tree(sections: list[Section]) -> list[Section]:
        return [Section(s.heading, s.body, tree(s.children), s.id) for s in sections]

    return Policy(policy.title, tree(policy.sections), dict(policy.metadata))


def count_words(policy: Policy, counts: dict[str, int]) -> int:
    """The policy's words, as `Policy.word_count` counts them.

    `counts` remembers each body's count, so only bodies edited since are counted;
    their plain text comes from `parsed` (warmed when the policy was opened), as
    parsing 2,000 bodies again held the GIL from the UI thread for over a second.
    """
    total = 0
    seen: dict[str, int] = {}
    for section, _ in policy.walk():
        n = counts.get(section.body)
        if n is None:
            n = len(parsed.plain(section.body).split())
        seen[section.body] = n
        total += n + len(section.heading.split())
    counts.clear()
    counts.update(seen)
    return total


class RedlineTracker(QObject):
    """The current redline from base to draft, and which of its changes are still to review."""

    changed = Signal()
    failed = Signal(str)  # the comparison failed: why (a bug, since both sides are our own policies)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base: Policy | None = None
        self.document: Document | None = None
        self.redline: Redline | None = None
        self.accepted: set[ChangeKey] = set()
        self.words = 0  # the draft's word count, counted in the worker with the redline
        self._word_counts: dict[str, int] = {}
        self._cache = DiffCache()
        self._generation = 0
        self._job: jobs.Job | None = None
        self._running = False
        self._unsubscribe = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(THROTTLE_MS)
        self._timer.timeout.connect(self._start)

    def set_sources(self, base: Policy | None, document: Document | None) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.base, self.document = base, document
        self.redline = None
        if document is not None:
            self._unsubscribe = document.subscribe(self._on_change)
        self._timer.start(0)

    @property
    def pending(self) -> bool:
        return self._running or self._timer.isActive()

    def _on_change(self, _change: DocumentChange) -> None:
        if not self._timer.isActive():  # throttle: a running countdown is not restarted
            self._timer.start()

    def _start(self) -> None:
        if self._running:
            self._timer.start()  # one job at a time: try again when this one is in
            return
        if self.document is None:
            self.redline = None
            self.changed.emit()
            return
        base = self.base or Policy(title=self.document.policy.title)
        draft = snapshot(self.document.policy)
        self._generation += 1
        generation, cache, counts = self._generation, self._cache, self._word_counts
        self._running = True
        self._job = jobs.start(
            lambda: (generation, compare(base, draft, cache=cache), count_words(draft, counts)),
            self._finished, self._failed)

    def _finished(self, result: tuple[int, Redline, int]) -> None:
        self._running = False
        generation, redline, words = result
        if generation == self._generation:
            self.redline, self.words = redline, words
            self.changed.emit()

    def _failed(self, message: str) -> None:
        self._running = False
        self.failed.emit(message)

    def open_changes(self) -> list[Change]:
        """The redline's changes not yet accepted, in reading order."""
        if self.redline is None:
            return []
        return [c for c in self.redline.changes if change_key(c) not in self.accepted]


class AcceptChanges(QUndoCommand):
    """Mark changes accepted: they stay in the draft and leave the list of changes to review."""

    def __init__(self, tracker: RedlineTracker, changes: list[Change], text: str) -> None:
        super().__init__(text)
        self.tracker = tracker
        self.keys = {change_key(c) for c in changes} - tracker.accepted

    def redo(self) -> None:
        self.tracker.accepted |= self.keys
        self.tracker.changed.emit()

    def undo(self) -> None:
        self.tracker.accepted -= self.keys
        self.tracker.changed.emit()


def decision(tracker: RedlineTracker, document: Document, scope: str, *, accept: bool,
             current: Change | None, section_id: str | None) -> QUndoCommand | None:
    """The one undoable command accepting or rejecting changes of the tracker's (current) redline.

    `scope` is "change" (`current`), "section" (the open changes of `section_id`)
    or "all" (every open change). Accepted changes stay in the draft and leave
    the list; rejected ones are taken out of the draft, which becomes the
    redline's `apply` of every other change. None when there is nothing to decide.
    """
    redline = tracker.redline
    if redline is None:
        return None
    open_changes = tracker.open_changes()
    if scope == "change":
        chosen = [current] if current is not None else []
    elif scope == "section":
        chosen = [c for c in open_changes if section_id in (c.new_id, c.old_id)] if section_id else []
    else:
        chosen = open_changes
    if not chosen:
        return None
    what = {"change": "Change", "section": "Section's Changes", "all": "All Changes"}[scope]
    if accept:
        return AcceptChanges(tracker, chosen, f"Accept {what}")
    dropped = {c.id for c in chosen}
    kept = [c.id for c in redline.changes if c.id not in dropped]
    return replace_policy(document, redline.apply(kept), f"Reject {what}")
