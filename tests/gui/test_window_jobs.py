"""A window job whose signals are gone when it ends (the application quit while it ran) ends
quietly: nothing is left to tell, and the worker thread must not print a traceback."""

from __future__ import annotations

import shiboken6

from policyeditor.gui.jobs import Job


def test_a_job_that_ends_after_its_signals_are_gone_ends_quietly(qapp):
    for work in (lambda: 42, lambda: 1 / 0):
        job = Job(work)
        shiboken6.delete(job.signals)  # as the application's teardown deletes it
        job.run()  # raised RuntimeError: Signal source has been deleted


def test_a_job_delivers_its_result(qtbot):
    job = Job(lambda: 42)
    with qtbot.waitSignal(job.signals.done) as blocker:
        job.run()
    assert blocker.args == [42]
