"""Fixtures of the store tests."""

import pytest


@pytest.fixture
def clock(monkeypatch):
    """A clock for the store that ticks one second per reading, from a fixed start."""
    from policyeditor.store import clock

    ticks = iter(range(3600))

    def now() -> str:
        tick = next(ticks)
        return f"2024-01-01T00:{tick // 60:02d}:{tick % 60:02d}Z"

    monkeypatch.setattr(clock, "now", now)
    return now
