"""Times as the window shows them: the stored ISO 8601 UTC time in local time, to the minute."""

from __future__ import annotations

from datetime import datetime


def local_time(iso: str) -> str:
    """'2024-05-01T09:30:00Z' as local time, 'YYYY-MM-DD HH:MM' (as written when it is no ISO time)."""
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
