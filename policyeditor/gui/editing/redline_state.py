"""The redline between the base version and the draft, kept current off the UI thread.

`RedlineTracker` recomputes `diff.redline.compare(base, draft)` in a worker
as soon as the draft changes and the worker is free (no fixed delay: edits made
while a job runs are coalesced into the next job, and a result the draft has
moved on from is still shown, its rows checked against the draft by the views),
with a `DiffCache`, so only sections whose text
changed are diffed again (a keystroke re-diffs one section: milliseconds). The
worker also derives what views light (`diff.spans.section_spans`). The worker gets a copy of the
draft (`Policy.copy`), taken on the UI thread: new Section objects over the same
(immutable) strings, so it is cheap and the worker never reads a policy being
edited; its page text, pictures and unkept content come along, so the window's
redline says what differs there as every other output does.

Accepting a change keeps it in the draft and takes it off the list of changes
to review (Word's "accept") and unlit everywhere; rejecting one sets the draft
to the redline's `apply` of every other change. Both are the draft's own
decisions (`core.decisions`, `Draft.set_decisions`), one undoable command each,
kept per base version, so switching the base away and back keeps them, and
saved in the .policy file with the draft, so they outlive the session. A
decision does not change the text: the redline on show is lit again at once,
with no recompute.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from policyeditor.core.decisions import ACCEPTED, REJECTED, ChangeKey, accepted_keys, change_keys, decide
from policyeditor.core.draft import DecisionsChanged, Draft, DraftEvent
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import Change, DiffCache, Redline, compare
from policyeditor.diff.spans import DisplayCache, SectionSpans, line_words, section_spans
from policyeditor.gui import jobs
from policyeditor.gui.debounce import Debouncer
from policyeditor.gui.editing.commands import SetDecisions, replace_policy
from policyeditor.store import clock

__all__ = ["ChangeKey", "RedlineTracker", "decision"]


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
            jobs.give_way()
            n = sum(line_words(line) for line in section.body.split("\n"))
        seen[section.body] = n
        total += n + len(section.heading.split())
    counts.clear()
    counts.update(seen)
    return total


Result = tuple[int, Redline, tuple[SectionSpans, ...], int]


class GivingWayCache(DiffCache):
    """The tracker's DiffCache: before each section pair the worker gives way to a heavy turn of
    the UI thread (`jobs.give_way`), so opening a large policy's rows never waits for the GIL."""

    def parts(self, old: Section, new: Section, options):  # type: ignore[no-untyped-def]
        jobs.give_way()
        return super().parts(old, new, options)


def _work(generation: int, base: Policy, draft: Policy, moved: frozenset[str], cache: DiffCache,
          counts: dict[str, int], displays: DisplayCache) -> Result:
    """The worker's job: the redline (moves credited to the sections the author moved), what
    views light, and the draft's word count."""
    redline = compare(base, draft, cache=cache, moved=moved)
    spans = section_spans(redline, jobs.give_way)
    for d, lit in zip(redline.sections, spans, strict=True):  # where views will place the spans
        jobs.give_way()
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
        self.document: Draft | None = None
        self.redline: Redline | None = None
        self.spans: tuple[SectionSpans, ...] = ()  # what views light, per section of `redline`
        self.base_key: str | None = None  # the base's version label (None: the draft as opened)
        # changes just rejected, hidden from the redline on show until one of the draft without them is in
        self._rejecting: frozenset[ChangeKey] = frozenset()
        self._rejected_at = 0  # the generation on show when they were rejected
        self._rejected: frozenset[ChangeKey] = frozenset()  # the draft's rejected keys, as last seen
        self._keys: dict[int, ChangeKey] = {}
        self._keyed: Redline | None = None  # the redline `_keys` are of
        self.words = 0  # the draft's word count, counted in the worker with the redline
        self._word_counts: dict[str, int] = {}
        self._cache = GivingWayCache()
        self.displays = DisplayCache()  # where each body's offsets show, made in the worker
        self._generation = 0
        self._job: jobs.Job | None = None
        self._running = False
        self._dirty = False  # the draft changed while a job ran
        self._unsubscribe = None
        # no delay: the edits of one event-loop turn make one job; those made while it runs, the next
        self._timer = Debouncer(0, self._start, self, throttle=True)

    def set_sources(self, base: Policy | None, document: Draft | None, base_key: str | None = None) -> None:
        """Compare `base` with the draft; `base_key` names the base, whose decisions the draft keeps."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.base, self.document, self.base_key = base, document, base_key
        self.redline, self.spans = None, ()
        self._rejecting = frozenset()
        self._rejected = self._rejected_keys()
        self._generation += 1  # a job still running compares the old sources: its result is dropped
        if document is not None:
            self._unsubscribe = document.subscribe(self._on_change)
        self._timer.soon()

    @property
    def accepted(self) -> frozenset[ChangeKey]:
        """What the draft accepted against the current base."""
        if self.document is None:
            return frozenset()
        return accepted_keys(self.document.decisions.get(self.base_key, ()))

    def _rejected_keys(self) -> frozenset[ChangeKey]:
        if self.document is None:
            return frozenset()
        decisions = self.document.decisions.get(self.base_key, ())
        return frozenset(d.key for d in decisions if d.verdict == REJECTED)

    @property
    def pending(self) -> bool:
        return self._running or self._timer.pending

    def _on_change(self, event: DraftEvent) -> None:
        if isinstance(event, DecisionsChanged):  # the text is as it was: light the redline on show again
            if event.base == self.base_key and self.document is not None:
                rejected, before = self._rejected_keys(), self._rejected
                self._rejected = rejected
                if self.redline is not None:
                    # a change just rejected leaves the list and the lights now, not when the redline
                    # of the draft without it is in; only while that redline is to come (the reject
                    # changed the text), and only the keys just rejected: an earlier rejection's key
                    # may be another change's still there, which must stay listed
                    self._rejecting = rejected - before if self.pending else frozenset()
                    self._rejected_at = self._generation
                    self.changed.emit()
            return
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
        draft = self.document.policy.copy()  # whole: its page text and unkept content are compared too
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
            if generation > self._rejected_at:  # computed after the rejection: without those changes
                self._rejecting = frozenset()
            self.changed.emit()

    def _failed(self, message: str) -> None:
        self._running = False
        self.failed.emit(message)

    def _decided(self) -> frozenset[ChangeKey]:
        return self.accepted | self._rejecting

    def keys(self) -> dict[int, ChangeKey]:
        """Each change of the current redline by id -> its key (`core.decisions.change_keys`)."""
        if self.redline is None:
            return {}
        if self._keyed is not self.redline:
            self._keys = dict(zip((c.id for c in self.redline.changes), change_keys(self.redline.changes),
                                  strict=True))
            self._keyed = self.redline
        return self._keys

    def accepted_ids(self) -> frozenset[int]:
        """The ids, in the current redline, of the changes decided: accepted (and those just rejected,
        until the redline without them is in); views show them unmarked."""
        decided = self._decided()
        if self.redline is None or not decided:
            return frozenset()
        return frozenset(i for i, key in self.keys().items() if key in decided)

    def open_changes(self) -> list[Change]:
        """The redline's changes not yet decided, in reading order."""
        if self.redline is None:
            return []
        decided, keys = self._decided(), self.keys()
        return [c for c in self.redline.changes if keys[c.id] not in decided]


def decision(tracker: RedlineTracker, document: Draft, scope: str, *, accept: bool,
             current: Change | None, section_id: str | None, author: str = "") -> QUndoCommand | None:
    """The one undoable command accepting or rejecting changes of the tracker's (current) redline.

    `scope` is "change" (`current`), "section" (the open changes of `section_id`)
    or "all" (every open change). Accepted changes stay in the draft and leave
    the list; rejected ones are taken out of the draft, which becomes the
    redline's `apply` of every other change. Either way the decisions, by
    `author`, join the draft's against the tracker's base. None when there is
    nothing to decide.
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
    base = tracker.base_key
    earlier = document.decisions.get(base, ())
    keys = tracker.keys()
    made = decide([keys[c.id] for c in chosen], ACCEPTED if accept else REJECTED, author, clock.now())
    decisions = SetDecisions(document, base, earlier + made, f"Accept {what}" if accept else f"Reject {what}")
    if accept:
        return decisions
    dropped = {c.id for c in chosen}
    kept = [c.id for c in redline.changes if c.id not in dropped]
    command = replace_policy(document, redline.apply(kept), f"Reject {what}")
    command.add(decisions)
    return command
