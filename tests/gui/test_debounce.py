"""The one debounce helper: a debouncer waits for requests to stop, a throttler does not."""

import re
import time
from pathlib import Path

from policyeditor.gui.debounce import Debouncer

GUI = Path(__file__).resolve().parents[2] / "policyeditor" / "gui"


def test_debouncer_runs_once_after_the_last_request(qtbot):
    runs: list[float] = []
    debouncer = Debouncer(60, lambda: runs.append(time.perf_counter()))
    for _ in range(4):
        last = time.perf_counter()
        debouncer.trigger()
        qtbot.wait(30)  # each request comes before the delay is over, so it restarts the countdown
    assert runs == [] and debouncer.pending
    qtbot.waitUntil(lambda: bool(runs), timeout=2000)
    assert runs[0] - last >= 0.055  # not before the last request's delay (timers may fire 1 ms early)
    qtbot.wait(100)
    assert len(runs) == 1 and not debouncer.pending


def test_throttler_runs_while_requests_go_on(qtbot):
    runs: list[int] = []
    throttler = Debouncer(50, lambda: runs.append(1), throttle=True)
    deadline = time.perf_counter() + 0.4
    while time.perf_counter() < deadline:
        throttler.trigger()
        qtbot.wait(10)
    assert len(runs) >= 2  # a debouncer would not have run at all yet


def test_soon_and_cancel(qtbot):
    runs: list[int] = []
    debouncer = Debouncer(10_000, lambda: runs.append(1))
    debouncer.soon()
    qtbot.waitUntil(lambda: runs == [1], timeout=1000)
    debouncer.trigger()
    debouncer.cancel()
    qtbot.wait(20)
    assert runs == [1] and not debouncer.pending


def test_no_hand_made_single_shot_timer_outside_the_helper():
    offenders = [str(path.relative_to(GUI)) for path in GUI.rglob("*.py")
                 if path.name != "debounce.py" and re.search(r"setSingleShot|QTimer\(", path.read_text())]
    assert offenders == []
