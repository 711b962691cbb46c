"""The store's clock: every time stamp a .policy file holds is read from `now()` here.

ISO 8601 UTC with seconds. One function in one module, so tests replace the
clock of the whole store with one monkeypatch (`clock.now`); the store's
modules call it as `clock.now()` for that reason.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """The current time as ISO 8601 UTC with seconds, e.g. '2024-05-01T09:30:00Z'."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
