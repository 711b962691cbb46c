"""View ▸ Zoom: the text panes' font a step (one point) larger or smaller, remembered in settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont

ZOOM_KEY = "view/zoom"
MIN_STEPS, MAX_STEPS = -5, 16
SMALLEST_POINTS = 6.0


def zoom_steps(settings: QSettings) -> int:
    """The remembered zoom, in steps from the application font (0: none)."""
    try:
        steps = int(settings.value(ZOOM_KEY, 0) or 0)
    except (TypeError, ValueError):
        steps = 0
    return max(MIN_STEPS, min(MAX_STEPS, steps))


def set_zoom_steps(settings: QSettings, steps: int) -> int:
    """Remember a zoom (clamped to the allowed range); returns the zoom kept."""
    steps = max(MIN_STEPS, min(MAX_STEPS, steps))
    settings.setValue(ZOOM_KEY, steps)
    return steps


def zoomed_font(base: QFont, steps: int) -> QFont:
    """`base` made `steps` points larger (smaller when negative), never below 6 points."""
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(max(SMALLEST_POINTS, size + steps))
    return font
