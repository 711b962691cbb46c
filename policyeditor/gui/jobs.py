"""Background jobs for the window: they compute, then hand results to the UI thread by signal.

A job never touches a widget; its `done`/`failed` signals are delivered on the
UI thread (queued), where the caller applies the result. Jobs that a newer one
makes obsolete carry a generation number the caller compares.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


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
            self.signals.failed.emit(f"{exc}\n{traceback.format_exc()}")
            return
        self.signals.done.emit(result)


def start(work: Callable[[], Any], on_done: Callable[[Any], None],
          on_failed: Callable[[str], None] | None = None) -> Job:
    """Start `work` on the global thread pool; callbacks run on the UI thread."""
    job = Job(work)
    job.setAutoDelete(False)  # the caller's reference keeps the signals alive until delivery
    job.signals.done.connect(on_done)
    if on_failed is not None:
        job.signals.failed.connect(on_failed)
    QThreadPool.globalInstance().start(job)
    return job
