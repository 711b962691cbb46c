"""Jobs give way to the UI thread's heavy turns (making rows, lighting them) rather than hold
the GIL from it; they wait for the turn's end, and never longer than TURN_S."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from policyeditor.gui import jobs


def in_a_worker() -> tuple[threading.Thread, threading.Event]:
    passed = threading.Event()

    def work() -> None:
        jobs.give_way()
        passed.set()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, passed


def test_a_job_goes_on_at_once_when_the_ui_thread_has_no_heavy_turn(qapp):
    thread, passed = in_a_worker()
    assert passed.wait(10)


def test_a_job_waits_for_the_end_of_the_ui_threads_turn(qapp, qtbot, monkeypatch):
    monkeypatch.setattr(jobs, "TURN_S", 60.0)
    jobs.ui_turn()
    thread, passed = in_a_worker()
    assert not passed.wait(0.2)  # the turn is not over: the event loop has not run
    qtbot.waitUntil(passed.is_set, timeout=10_000)  # the turn's end: the event loop ran


def test_a_job_waits_no_longer_than_a_turn_may_last(qapp, monkeypatch):
    monkeypatch.setattr(jobs, "TURN_S", 0.0)
    jobs.ui_turn()  # its end never comes: no event loop runs
    thread, passed = in_a_worker()
    assert passed.wait(10)
    QApplication.processEvents()


def test_a_turn_ends_after_the_events_posted_in_it(qapp, qtbot, monkeypatch):
    """Qt's layout and painting of a turn's rows are posted events: a job still waits while they
    run (they call Python, and a job's Python would hold the GIL from them)."""
    monkeypatch.setattr(jobs, "TURN_S", 60.0)
    jobs.ui_turn()
    held = []
    QTimer.singleShot(0, lambda: held.append(not jobs._ui_free.is_set()))  # posted, as a layout request is
    qtbot.waitUntil(jobs._ui_free.is_set, timeout=10_000)
    assert held == [True]
