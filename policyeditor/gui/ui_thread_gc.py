"""Python's garbage collector runs on the UI thread only, from the event loop.

The cyclic collector runs in whichever thread happens to allocate when its
threshold is reached: a diff or an open in a worker thread. Qt objects caught in
a reference cycle (a model and the draft it follows, a window and its parts)
are then destroyed from that thread while the UI thread still uses them, and the
process crashes now and then (seen in the window tests). So, as Anki does, the
automatic collector is switched off and the window collects from its own event
loop: the young generation often, the older ones now and then.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimerEvent

TICK_MS = 500
# ticks between collections of generation 1 (1 s): each goes through what survived the young
# collections since the last, so every 5 s one took over 100 ms while a large policy opened
MIDDLE_EVERY = 2
FULL_EVERY = 120    # ticks between full collections (1 min)


class UiThreadCollector(QObject):
    """Collects garbage on the thread it lives in (the UI thread), every TICK_MS."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("uiThreadCollector")
        self._ticks = 0
        self.startTimer(TICK_MS)

    def timerEvent(self, event: QTimerEvent) -> None:  # noqa: N802 (Qt's name)
        self._ticks += 1
        if self._ticks % FULL_EVERY == 0:
            gc.collect()
        elif self._ticks % MIDDLE_EVERY == 0:
            gc.collect(1)
        else:
            gc.collect(0)


def collect_on_ui_thread(app: QCoreApplication) -> UiThreadCollector:
    """Switch the automatic collector off and collect from app's event loop instead (once per app)."""
    gc.disable()
    found = app.findChild(UiThreadCollector, "uiThreadCollector")
    return found if found is not None else UiThreadCollector(app)
