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

The right-hand docks' tabs stand below them when their whole titles fit in a dock
of at most `RIGHT_WIDTHS[1]` and `TABS_SHARE` of the window (the docks are widened to
them), else down the window's right edge: never a title cut to "Ch…", never a tab
behind the tab bar's scroll arrows. The toolbars (`fit_toolbars`) take short labels
when the window is narrower than their whole labels need, so no change button goes
into the toolbar's overflow menu.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QTabWidget, QToolBar

NARROW = 1100
DOCK_MINIMUM = 150
LEFT_SHARE, LEFT_WIDTHS = 0.15, (DOCK_MINIMUM, 260)
RIGHT_SHARE, RIGHT_WIDTHS = 0.25, (220, 380)
TABS_SHARE = 0.3  # the most of the window's width the right-hand docks take to show their tabs below


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
        self._bars: list[QToolBar] = []
        self._relabel: Callable[[bool], None] | None = None
        self._whole_width = 0  # what the toolbars ask for with their whole labels
        self.short_labels = False
        self._measure = QTabBar(window)  # never shown: what the right-hand docks' tabs ask for
        self._measure.hide()
        window.installEventFilter(self)

    def fit_toolbars(self, bars: list[QToolBar], relabel: Callable[[bool], None]) -> None:
        """Fit `bars` too: `relabel(True)` gives them short labels, `relabel(False)` the whole ones."""
        self._bars, self._relabel = bars, relabel
        self._whole_width = 0

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
        floors = [0] * len(docks)
        if right:  # the tab on show: the others' widths are what they were when last shown
            front = next((d for d in right if not d.visibleRegion().isEmpty()), right[0])
            docks.append(front)
            share = _clamp(width * RIGHT_SHARE, RIGHT_WIDTHS)
            tabs = self._tabs_width([front, *(d for d in window.tabifiedDockWidgets(front) if d in right)])
            below = tabs <= min(RIGHT_WIDTHS[1], width * TABS_SHARE)
            self._place_tabs(below)
            widths.append(max(share, tabs) if below else share)
            floors.append(tabs if below else 0)
        if regrouped:  # first shown, or the docks moved: each takes its share
            window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
        elif any(d.width() > w + 1 or d.width() < floor
                 for d, w, floor in zip(docks, widths, floors, strict=True)):  # shrink, not below the tabs
            window.resizeDocks(docks, [max(min(d.width(), w), floor)
                                       for d, w, floor in zip(docks, widths, floors, strict=True)],
                               Qt.Orientation.Horizontal)
        window.layout().activate()  # the new widths now, not at the next layout pass
        self._fit_labels(width)

    def _fit_labels(self, width: int) -> None:
        """Short toolbar labels when the whole ones do not fit the window's width."""
        if self._relabel is None:
            return
        if not self.short_labels:  # (measured while whole: a longer base version's name asks for more)
            self._whole_width = sum(bar.sizeHint().width() for bar in self._bars if bar.isVisible())
        short = width < self._whole_width
        if short != self.short_labels:
            self.short_labels = short
            self._relabel(short)
            self.window.layout().activate()

    def _tabs_width(self, docks: list[QDockWidget]) -> int:
        """How wide the tabs of `docks` are with their whole titles side by side (0 for one dock)."""
        if len(docks) < 2:
            return 0
        bar = self._measure
        while bar.count():
            bar.removeTab(0)
        for dock in docks:
            bar.addTab(dock.windowTitle())
        return sum(bar.tabSizeHint(i).width() for i in range(bar.count()))

    def _place_tabs(self, below: bool) -> None:
        """The right-hand docks' tabs below them, or down the window's right edge."""
        area = Qt.DockWidgetArea.RightDockWidgetArea
        position = QTabWidget.TabPosition.South if below else QTabWidget.TabPosition.East
        if self.window.tabPosition(area) != position:
            self.window.setTabPosition(area, position)
