"""The docks give way to the draft: on any window width the two text panes keep most of the window.

The docks' panels ask for little (`DOCK_MINIMUM` wide, the rest of a panel is
squeezed or elided rather than pushing on the text). Each time the window's width
settles, the docks take at most their share of it (`LEFT_SHARE`, `RIGHT_SHARE`,
within `LEFT_WIDTHS` and `RIGHT_WIDTHS`): the first time the window is shown and
whenever the docks regroup, each is given its share; later a dock holding more
is shrunk to it, and a width the user dragged within it stays. Below `NARROW`
pixels the Sections dock joins the right-hand docks as one more tab (two columns
of docks leave a sliver between them), and goes back to the left when the window
is wide again (also when the window was closed narrow and opens wide). A dock the
user floated or closed is left as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

NARROW = 1100
DOCK_MINIMUM = 150
LEFT_SHARE, LEFT_WIDTHS = 0.15, (DOCK_MINIMUM, 260)
RIGHT_SHARE, RIGHT_WIDTHS = 0.25, (220, 380)


def _clamp(value: float, bounds: tuple[int, int]) -> int:
    return int(min(max(value, bounds[0]), bounds[1]))


class DockFit(QObject):
    """Keeps `window`'s docks (`left`: the Sections dock; `right`: the tabbed ones) off the text."""

    def __init__(self, window: QMainWindow, left: QDockWidget, right: list[QDockWidget]) -> None:
        super().__init__(window)
        self.window, self.left, self.right = window, left, right
        self.laid_out = False  # the first fit sets the docks' widths; later ones only shrink them
        self.moved = False  # the Sections dock sits with the right-hand docks because the window is narrow
        for dock in (left, *right):
            if dock.widget() is not None:
                dock.widget().setMinimumWidth(DOCK_MINIMUM)  # explicit: the panel's own hint yields to it
        self._due = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        resized = event.type() in (QEvent.Type.Resize, QEvent.Type.Show)
        if watched is self.window and resized and not self._due:
            self._due = True
            QTimer.singleShot(0, self, self.fit)  # once the window's layout has the new width
        return False

    @property
    def fitting(self) -> bool:
        """Whether a fit is waiting for the event loop (tests wait for it)."""
        return self._due

    def _docked(self, dock: QDockWidget) -> bool:
        return dock.isVisible() and not dock.isFloating()

    def fit(self) -> None:
        """Tabify or untabify the Sections dock for the window's width, then shrink docks holding too much."""
        self._due = False
        window = self.window
        width = window.width()
        regrouped = not self.laid_out
        if not self.laid_out:  # a layout saved while narrow (Sections among the tabs) comes back from it
            self.laid_out = True
            self.moved = self._docked(self.left) and \
                window.dockWidgetArea(self.left) == Qt.DockWidgetArea.RightDockWidgetArea
        shown_right = [d for d in self.right if self._docked(d)
                       and window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea]
        if width < NARROW and not self.moved and self._docked(self.left) and shown_right \
                and window.dockWidgetArea(self.left) == Qt.DockWidgetArea.LeftDockWidgetArea:
            front = next((d for d in shown_right if not d.visibleRegion().isEmpty()), shown_right[0])
            window.tabifyDockWidget(shown_right[-1], self.left)
            front.raise_()  # the tab on show stays on show
            self.moved = regrouped = True
        elif width >= NARROW and self.moved:
            self.moved, regrouped = False, True
            if window.dockWidgetArea(self.left) == Qt.DockWidgetArea.RightDockWidgetArea \
                    and not self.left.isFloating():
                window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.left)
        docks, widths = [], []
        left_side = window.dockWidgetArea(self.left) == Qt.DockWidgetArea.LeftDockWidgetArea
        if left_side and self._docked(self.left):
            docks.append(self.left)
            widths.append(_clamp(width * LEFT_SHARE, LEFT_WIDTHS))
        right = [d for d in (*self.right, self.left) if self._docked(d)
                 and window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea]
        if right:  # the tab on show: the others' widths are what they were when last shown
            docks.append(next((d for d in right if not d.visibleRegion().isEmpty()), right[0]))
            widths.append(_clamp(width * RIGHT_SHARE, RIGHT_WIDTHS))
        if regrouped:  # first shown, or the docks moved: each takes its share
            window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
        elif any(d.width() > w + 1 for d, w in zip(docks, widths, strict=True)):  # only shrink
            window.resizeDocks(docks, [min(d.width(), w) for d, w in zip(docks, widths, strict=True)],
                               Qt.Orientation.Horizontal)
        window.layout().activate()  # the new widths now, not at the next layout pass
