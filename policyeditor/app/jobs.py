"""The job protocol: progress reported, a cancel checked between steps, one sentence on failure."""

from __future__ import annotations

from collections.abc import Callable

from policyeditor.core.errors import PolicyError

Progress = Callable[[int, int, str], None]  # step done, steps in all, what is being done


class JobError(PolicyError):
    """A job could not be done; the message is one sentence a person can act on."""


class Cancelled(Exception):  # noqa: N818  (not an error: the person asked for it)
    """The job was cancelled between two steps; nothing it was writing is left behind."""


class Job:
    """What a running job is given: where to report progress, and whether to stop.

    `cancel()` may be called from any thread; the job stops at its next `step`
    (or `check`) by raising Cancelled.
    """

    def __init__(self, progress: Progress | None = None) -> None:
        self._progress = progress
        # a plain flag, not threading.Event: one attribute store is atomic, nothing waits on it,
        # and importing threading costs the command line's start-up time
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def check(self) -> None:
        """Raise Cancelled when the job was cancelled."""
        if self._cancelled:
            raise Cancelled("cancelled")

    def step(self, done: int, total: int, what: str) -> None:
        """Report a step, after checking for a cancel."""
        self.check()
        if self._progress is not None:
            self._progress(done, total, what)


def quiet() -> Job:
    """A job nobody watches or cancels (the command line's)."""
    return Job()
