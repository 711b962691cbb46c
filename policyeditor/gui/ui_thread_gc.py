"""Python's garbage collector runs on the UI thread only, from the event loop.

The cyclic collector runs in whichever thread happens to allocate when its
threshold is reached: a diff or an open in a worker thread. Qt objects caught in
a reference cycle (a model and the draft it follows, a window and its parts)
are then destroyed from that thread while the UI thread still uses them, and the
process crashes now and then (seen in the window tests). So, as Anki does, the
automatic collector is switched off and the window collects from its own event
loop: the young generation often, the older ones now and then.

A full collection walks every object alive: with a 2,000-section policy open
(its sections, rows, editors and their Python wrappers, ~290,000 objects) it
took 170-230 ms, once a minute and at whatever moment, an opening included. So
it waits while a window is busy (opening, building rows), and what a window
built is frozen (`gc.freeze`) once it is idle: those objects live as long as the
document, and full collections pass them by. Cycles among frozen objects that
die are collected only after a thaw: when a document is let go (`thaw`), and
every THAW_EVERY full collections.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimerEvent

TICK_MS = 500
# ticks between collections of generation 1 (1 s): each goes through what survived the young
# collections since the last, so every 5 s one took over 100 ms while a large policy opened
MIDDLE_EVERY = 2
FULL_EVERY = 120    # ticks between full collections (1 min), later while a window is busy
THAW_EVERY = 10     # full collections between those that walk the frozen objects too (10 min)


def _never() -> bool:
    return False


class UiThreadCollector(QObject):
    """Collects garbage on the thread it lives in (the UI thread), every TICK_MS."""

    def __init__(self, parent: QObject, busy: Callable[[], bool] = _never) -> None:
        super().__init__(parent)
        self.setObjectName("uiThreadCollector")
        self.busy = busy  # whether a window is opening or building: no full collection then
        self._ticks = 0
        self._full_at = FULL_EVERY
        self._fulls = 0
        self._built = False  # a window was busy since the last freeze
        self.timer_id = self.startTimer(TICK_MS)

    def timerEvent(self, event: QTimerEvent) -> None:  # noqa: N802 (Qt's name)
        self._ticks += 1
        busy = self.busy()
        # a full collection waits while a window is busy, but not past another minute
        if self._ticks >= self._full_at and (not busy or self._ticks >= self._full_at + FULL_EVERY):
            self._fulls += 1
            if self._fulls % THAW_EVERY == 0:
                gc.unfreeze()
            gc.collect()
            gc.freeze()  # what survived a full collection is long-lived
            self._full_at = self._ticks + FULL_EVERY
            self._built = False
        elif self._built and not busy:
            gc.collect(1)
            gc.freeze()  # the window is idle: what it built lives as long as its document
            self._built = False
        elif self._ticks % MIDDLE_EVERY == 0:
            gc.collect(1)
        else:
            gc.collect(0)
        self._built = self._built or busy


def thaw() -> None:
    """A document was let go: its objects may be cycles to collect (at the next full collection)."""
    gc.unfreeze()


def collect_on_ui_thread(app: QCoreApplication, busy: Callable[[], bool] | None = None) -> UiThreadCollector:
    """Switch the automatic collector off and collect from app's event loop instead (once per app);
    `busy` says whether a window is opening or building (see the module's notes)."""
    gc.disable()
    found = app.findChild(UiThreadCollector, "uiThreadCollector")
    collector = found if found is not None else UiThreadCollector(app)
    if busy is not None:
        collector.busy = busy
    return collector
