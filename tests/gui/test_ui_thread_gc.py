"""The UI thread's collector: no full collection while a window is busy; what a window built is
frozen once it is idle, and thawed when a document is let go."""

from __future__ import annotations

import gc

import pytest

from policyeditor.gui import ui_thread_gc
from policyeditor.gui.ui_thread_gc import FULL_EVERY, THAW_EVERY, UiThreadCollector
from tests.gui.waiting import settled, wait_open


class RecordingGc:
    """Stands in for `gc` in the collector's module: what it was asked to do, in order."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def collect(self, generation: int = 2) -> int:
        self.calls.append(f"collect{generation}")
        return 0

    def freeze(self) -> None:
        self.calls.append("freeze")

    def unfreeze(self) -> None:
        self.calls.append("unfreeze")


@pytest.fixture
def recorded(monkeypatch, qapp):
    # the application's own collector (an earlier test's window made it) would tick into the fake
    # too when pytest-qt runs the event loop around the test: its timer waits meanwhile
    app_collector = qapp.findChild(UiThreadCollector, "uiThreadCollector")
    if app_collector is not None:
        app_collector.killTimer(app_collector.timer_id)
    fake = RecordingGc()
    monkeypatch.setattr(ui_thread_gc, "gc", fake)
    state = {"busy": False}
    collector = UiThreadCollector(None, busy=lambda: state["busy"])
    collector.killTimer(collector.timer_id)  # ticked by the test alone
    yield collector, fake, state
    collector.deleteLater()
    if app_collector is not None:
        app_collector.timer_id = app_collector.startTimer(ui_thread_gc.TICK_MS)


def tick(collector: UiThreadCollector, times: int = 1) -> None:
    for _ in range(times):
        collector.timerEvent(None)


def test_a_full_collection_waits_while_a_window_is_busy_then_freezes_what_survived(recorded):
    collector, fake, state = recorded
    state["busy"] = True
    tick(collector, FULL_EVERY + 5)
    assert "collect2" not in fake.calls and "freeze" not in fake.calls
    state["busy"] = False
    fake.calls.clear()
    tick(collector)
    assert fake.calls == ["collect2", "freeze"]
    fake.calls.clear()
    tick(collector, FULL_EVERY - 1)
    assert "collect2" not in fake.calls  # the next one a minute later


def test_a_busy_window_holds_a_full_collection_back_a_minute_at_most(recorded):
    collector, fake, state = recorded
    state["busy"] = True
    tick(collector, 2 * FULL_EVERY)
    assert fake.calls.count("collect2") == 1


def test_what_a_busy_window_built_is_frozen_once_it_is_idle(recorded):
    collector, fake, state = recorded
    tick(collector, 4)
    assert "freeze" not in fake.calls  # nothing was built
    state["busy"] = True
    tick(collector, 3)
    assert "freeze" not in fake.calls
    state["busy"] = False
    fake.calls.clear()
    tick(collector)
    assert fake.calls == ["collect1", "freeze"]
    fake.calls.clear()
    tick(collector, 2)
    assert "freeze" not in fake.calls  # once


def test_every_few_full_collections_walk_the_frozen_objects_too(recorded):
    collector, fake, _state = recorded
    tick(collector, FULL_EVERY * THAW_EVERY)
    assert fake.calls.count("collect2") == THAW_EVERY and fake.calls.count("unfreeze") == 1
    at = fake.calls.index("unfreeze")
    assert fake.calls[at:at + 3] == ["unfreeze", "collect2", "freeze"]


def test_letting_a_document_go_thaws_what_was_frozen(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    gc.freeze()
    assert gc.get_freeze_count() > 0
    window.life.close_document()
    assert window.session is None and gc.get_freeze_count() == 0


def test_the_collector_is_told_while_a_window_opens_a_document(qtbot, window, sample_policy):
    from policyeditor.gui.window.app import any_window_busy

    window.open_path(str(sample_policy))
    assert any_window_busy()  # being read
    settled(qtbot, window)
    assert not any_window_busy()
