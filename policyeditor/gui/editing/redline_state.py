"""The redline between the base version and the draft, kept current off the UI thread.

`RedlineTracker` recomputes `diff.redline.compare(base, draft)` in a worker
as soon as the draft changes and the worker is free (no fixed delay: edits made
while a job runs are coalesced into the next job, and a result the draft has
moved on from is still shown, its rows checked against the draft by the views),
with a `DiffCache`, so only sections whose text
changed are diffed again (a keystroke re-diffs one section: milliseconds). The
worker also derives what views light (`diff.spans.section_spans`). The worker gets a snapshot of the
draft's section tree, taken on the UI thread: new Section objects over the same
(immutable) strings, so it costs microseconds and the worker never reads a
policy being edited.

Accepting a change keeps it in the draft and takes it off the list of changes
to review (Word's "accept") and unlit everywhere; rejecting one sets the draft
to the redline's `reject` result. Accepted changes are remembered by what they
are (part, section ids, old and new text), since change ids are renumbered on
every recompute, and for each base apart, so switching the base away and back
keeps them accepted.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from policyeditor.core.draft import Draft, DraftEvent
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import Change, DiffCache, Redline, compare
from policyeditor.diff.spans import DisplayCache, SectionSpans, line_words, section_spans
from policyeditor.gui import jobs
from policyeditor.gui.debounce import Debouncer
from policyeditor.gui.editing.commands import replace_policy

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

    `counts` remembers each body's count, so only bodies edited since are counted,
    and `diff.spans.line_words` each line's, so an edited body is counted again
    only on its edited lines (parsing 2,000 bodies again held the GIL from the UI
    thread for over a second; a whole long body, up to 23 ms a keystroke).
    """
    total = 0
    seen: dict[str, int] = {}
    for section, _ in policy.walk():
        n = counts.get(section.body)
        if n is None:
            n = sum(line_words(line) for line in section.body.split("\n"))
        seen[section.body] = n
        total += n + len(section.heading.split())
    counts.clear()
    counts.update(seen)
    return total


Result = tuple[int, Redline, tuple[SectionSpans, ...], int]


def _work(generation: int, base: Policy, draft: Policy, moved: frozenset[str], cache: DiffCache,
          counts: dict[str, int], displays: DisplayCache) -> Result:
    """The worker's job: the redline (moves credited to the sections the author moved), what
    views light, and the draft's word count."""
    redline = compare(base, draft, cache=cache, moved=moved)
    spans = section_spans(redline)
    for d, lit in zip(redline.sections, spans, strict=True):  # where views will place the spans
        if d.old is not None and lit.old_body:
            displays.get(d.old.body)
        if d.new is not None and lit.new_body:
            displays.get(d.new.body)
    return generation, redline, spans, count_words(draft, counts)


class RedlineTracker(QObject):
    """The current redline from base to draft, and which of its changes are still to review."""

    changed = Signal()
    failed = Signal(str)  # the comparison failed: why (a bug, since both sides are our own policies)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base: Policy | None = None
        self.base_key: object = None
        self.document: Draft | None = None
        self.redline: Redline | None = None
        self.spans: tuple[SectionSpans, ...] = ()  # what views light, per section of `redline`
        self.accepted: set[ChangeKey] = set()  # of the current base (see `set_sources`)
        self._accepted_by_base: dict[object, set[ChangeKey]] = {}
        self.words = 0  # the draft's word count, counted in the worker with the redline
        self._word_counts: dict[str, int] = {}
        self._cache = DiffCache()
        self.displays = DisplayCache()  # where each body's offsets show, made in the worker
        self._generation = 0
        self._job: jobs.Job | None = None
        self._running = False
        self._dirty = False  # the draft changed while a job ran
        self._unsubscribe = None
        # no delay: the edits of one event-loop turn make one job; those made while it runs, the next
        self._timer = Debouncer(0, self._start, self, throttle=True)

    def set_sources(self, base: Policy | None, document: Draft | None, base_key: object = None) -> None:
        """Compare `base` with the draft; `base_key` names the base, whose accepted changes are kept."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if document is not self.document:
            self._accepted_by_base = {}  # another draft: nothing of it accepted yet
        self.base, self.document = base, document
        self.base_key = base_key  # the base version's label, when the base is a version
        self.accepted = self._accepted_by_base.setdefault(base_key, set())
        self.redline, self.spans = None, ()
        self._generation += 1  # a job still running compares the old sources: its result is dropped
        if document is not None:
            self._unsubscribe = document.subscribe(self._on_change)
        self._timer.soon()

    @property
    def pending(self) -> bool:
        return self._running or self._timer.pending

    def _on_change(self, _event: DraftEvent) -> None:
        if self._running:
            self._dirty = True  # started again the moment this job is in
        else:
            self._timer.trigger()

    def _start(self) -> None:
        if self._running:
            self._dirty = True
            return
        self._dirty = False
        if self.document is None:
            self.redline = None
            self.changed.emit()
            return
        base = self.base or Policy(title=self.document.policy.title)
        draft = snapshot(self.document.policy)
        moved = frozenset(self.document.moved)
        self._generation += 1
        generation, cache, counts = self._generation, self._cache, self._word_counts
        self._running = True
        self._job = jobs.start(
            lambda: _work(generation, base, draft, moved, cache, counts, self.displays),
            self._finished, self._failed)

    def _finished(self, result: tuple[int, Redline, tuple[SectionSpans, ...], int]) -> None:
        self._running = False
        generation, redline, spans, words = result
        if self._dirty:  # the draft moved on meanwhile: the next job starts now, with no delay
            self._start()
        if generation == self._generation - (1 if self._running else 0):
            # shown even when a newer job runs: dropping every result typing overtakes would
            # leave the lights dark while a fast typist goes on
            self.redline, self.spans, self.words = redline, spans, words
            self.changed.emit()

    def _failed(self, message: str) -> None:
        self._running = False
        self.failed.emit(message)

    def accepted_ids(self) -> frozenset[int]:
        """The ids, in the current redline, of the changes accepted."""
        if self.redline is None or not self.accepted:
            return frozenset()
        return frozenset(c.id for c in self.redline.changes if change_key(c) in self.accepted)

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


def decision(tracker: RedlineTracker, document: Draft, scope: str, *, accept: bool,
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
