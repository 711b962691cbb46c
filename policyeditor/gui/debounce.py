"""The one way the window waits for a burst of events to pass before doing the work they ask for.

As superqt's `qdebounced`/`qthrottled`: `trigger()` asks for the work;
a debouncer runs it `delay_ms` after the last request (each request restarts
the countdown: the autosave waits for the typist to pause), a throttler at most
every `delay_ms` (a running countdown is not restarted: a re-diff while typing
goes on). The work always runs on the UI thread, from the event loop, never
inside `trigger()`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Debouncer(QObject):
    """Run `work` once after requests stop (or, with `throttle`, at most every `delay_ms`)."""

    def __init__(self, delay_ms: int, work: Callable[[], None], parent: QObject | None = None,
                 *, throttle: bool = False) -> None:
        super().__init__(parent)
        self.delay_ms = delay_ms
        self.throttle = throttle
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(work)

    def trigger(self) -> None:
        """Ask for the work: it runs `delay_ms` from now (throttled: from the first request pending)."""
        if not (self.throttle and self._timer.isActive()):
            self._timer.start(self.delay_ms)

    def retry(self) -> None:
        """Ask again a full delay from now, whatever is pending (the work found itself busy)."""
        self._timer.start(self.delay_ms)

    def soon(self) -> None:
        """Run the work on the next turn of the event loop."""
        self._timer.start(0)

    def cancel(self) -> None:
        self._timer.stop()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
