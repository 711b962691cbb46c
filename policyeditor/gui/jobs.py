"""Background jobs for the window: they compute, then hand results to the UI thread by signal.

A job never touches a widget; its `done`/`failed` signals are delivered on the
UI thread (queued), where the caller applies the result. Jobs that a newer one
makes obsolete carry a generation number the caller compares.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal


class JobSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Run `work()` on the thread pool; `signals.done(result)` or `signals.failed(message)`."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self._work = work
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # a job's failure is reported, never lost in the pool
            _emit(self.signals.failed, f"{exc}\n{traceback.format_exc()}")
            return
        _emit(self.signals.done, result)


def _emit(signal: Any, value: Any) -> None:
    try:
        signal.emit(value)
    except RuntimeError:  # the application quit while the job ran: its signals, and all to tell, are gone
        pass


# Every job still running or still to deliver. The caller may drop its reference at any
# time (a newer job replaces it, its window closes); were that the last one, the job and
# its signals would be destroyed while a worker thread runs it, and the process crash.
_live: set[Job] = set()


def start(work: Callable[[], Any], on_done: Callable[[Any], None],
          on_failed: Callable[[str], None] | None = None) -> Job:
    """Start `work` on the global thread pool; callbacks run on the UI thread."""
    job = Job(work)
    job.setAutoDelete(False)  # Python owns it: `_live` keeps it until it has delivered
    job.signals.done.connect(on_done)
    if on_failed is not None:
        job.signals.failed.connect(on_failed)
    job.signals.done.connect(lambda _result: _live.discard(job))
    job.signals.failed.connect(lambda _message: _live.discard(job))
    _live.add(job)
    QThreadPool.globalInstance().start(job)
    return job


# Clear while the UI thread makes rows or lights them, until the event loop has laid them out.
# A job's Python holds the GIL from the UI thread, which gives it up at each call into Qt and
# then waits to have it back: a 100 ms compare running beside a slice of rows made that
# slice's turn last 100 ms, 15 ms of it the UI thread's own work.
_ui_free = threading.Event()
_ui_free.set()
_ui_busy_until = 0.0  # a job waits no longer than this, should the turn's end never be posted
TURN_S = 0.1  # the longest a turn of heavy work holds jobs back


def ui_turn() -> None:
    """On the UI thread, as a turn of heavy work starts: jobs that `give_way` wait for its end."""
    global _ui_busy_until
    _ui_busy_until = time.monotonic() + TURN_S
    if _ui_free.is_set():
        _ui_free.clear()
        QTimer.singleShot(1, _ui_free.set)  # a timer: after this turn's layout and painting (posted events)


def give_way() -> None:
    """In a job, between two steps of its work: wait while the UI thread has a heavy turn."""
    if not _ui_free.is_set():
        _ui_free.wait(max(0.0, _ui_busy_until - time.monotonic()))
