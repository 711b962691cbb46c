"""The docks give way to the draft: at 800 and at 1600 pixels the draft is at least as wide as the base.

At every size the docks' tabs show their whole titles and the change buttons stay on the toolbar.
"""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QTabBar, QToolBar, QToolButton

from tests.gui.conftest import SAMPLE
from tests.gui.waiting import wait_open


def shown_width(view, editor) -> int:
    """How much of `editor` is on show in the compare view's viewport, in pixels across."""
    viewport = view.viewport()
    top_left = editor.mapTo(viewport, editor.rect().topLeft())
    return QRect(top_left, editor.size()).intersected(viewport.rect()).width()


def settle(qtbot, window, width, height):
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and not window.dock_fit.fitting, timeout=5000)
    qtbot.waitUntil(lambda: not window.busy(), timeout=5000)
    for _ in range(3):  # the layout requests the new widths posted, down to the rows' editors
        QApplication.sendPostedEvents()
        QApplication.processEvents()


@pytest.fixture
def sample_open(qtbot, window):
    assert window.open_path(str(SAMPLE))  # an import: the notes dock is on show too
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.busy(), timeout=5000)
    return window


@pytest.mark.parametrize(("width", "height", "least"), [(800, 600, 0.3), (1600, 1000, 0.28)])
def test_the_draft_is_at_least_as_wide_as_the_base_and_keeps_most_of_the_window(qtbot, sample_open, width,
                                                                                 height, least):
    window = sample_open
    settle(qtbot, window, width, height)
    view = window.compare_view
    row = view.rows[1]
    draft, base = shown_width(view, row.right), shown_width(view, row.left)
    assert draft >= base > 0
    assert draft >= least * width, (draft, width)  # not a sliver
    assert not view.horizontalScrollBar().isVisible()  # nothing of the draft is off to the right
    assert window.notes.dock.isVisible() and window.changes_dock.isVisible()


def test_below_the_narrow_width_the_sections_join_the_right_docks_and_come_back(qtbot, sample_open):
    window = sample_open
    settle(qtbot, window, 800, 600)
    right = Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(window.sections_dock) == right
    assert window.sections_dock in window.tabifiedDockWidgets(window.changes_dock)
    settle(qtbot, window, 1600, 1000)
    assert window.dockWidgetArea(window.sections_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert not window.sections_dock.visibleRegion().isEmpty()  # on show again, not behind a tab
    assert window.sections_dock.width() <= 260 and window.changes_dock.width() <= 380


def test_a_dock_dragged_wide_gives_way_when_the_window_narrows(qtbot, sample_open):
    window = sample_open
    settle(qtbot, window, 1600, 1000)
    window.resizeDocks([window.notes.dock], [700], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.notes.dock.width() > 600, timeout=5000)
    settle(qtbot, window, 1400, 1000)
    view = window.compare_view
    assert window.notes.dock.width() <= 380
    assert shown_width(view, view.rows[1].right) >= shown_width(view, view.rows[1].left)


def test_a_window_closed_narrow_opens_wide_with_the_sections_on_the_left(qtbot, sample_open):
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import MainWindow

    settle(qtbot, sample_open, 800, 600)
    sample_open.close()  # its layout saved, the Sections dock among the tabs
    again = MainWindow(settings())
    qtbot.addWidget(again)
    again.resize(1600, 1000)
    again.show()
    qtbot.waitUntil(lambda: not again.dock_fit.fitting, timeout=5000)
    assert again.dockWidgetArea(again.sections_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    again.close()


def dock_tabs(window) -> dict[str, tuple[QTabBar, int]]:
    """The window's dock tabs on show, by title: the tab bar and the tab's index in it."""
    return {bar.tabText(i): (bar, i) for bar in window.findChildren(QTabBar)
            if bar.isVisible() and bar.parent() is window for i in range(bar.count())}


@pytest.mark.parametrize(("width", "height"), [(800, 600), (1100, 700), (1280, 820), (1600, 1000)])
def test_every_dock_tab_shows_its_whole_title_and_the_change_buttons_stay_on_the_toolbar(
        qtbot, sample_open, width, height, tmp_path):
    window = sample_open
    settle(qtbot, window, width, height)
    assert window.grab().save(str(tmp_path / f"window-{width}x{height}.png"))
    tabs = dock_tabs(window)
    expected = {"Changes", "Comments", "Versions", "Import Notes"} | ({"Sections"} if width < 1100 else set())
    assert set(tabs) == expected
    for title, (bar, index) in tabs.items():
        rect, whole = bar.tabRect(index), bar.tabSizeHint(index)
        assert bar.rect().contains(rect), title  # not behind the bar's scroll arrows
        assert rect.width() >= whole.width() and rect.height() >= whole.height(), title  # not elided
        assert not [arrow for arrow in bar.findChildren(QToolButton) if arrow.isVisible()]
    toolbar = window.findChild(QToolBar, "mainToolBar")
    for name in ("previousChange", "nextChange", "acceptChange", "rejectChange"):
        button = toolbar.widgetForAction(window.actions[name])
        assert button.isVisible() and toolbar.rect().contains(button.geometry()), name
    assert window.base_combo.isVisible() and toolbar.rect().contains(window.base_combo.geometry())


def test_short_toolbar_labels_on_a_narrow_window_and_whole_ones_again_when_wide(qtbot, sample_open):
    window = sample_open
    toolbar = window.findChild(QToolBar, "mainToolBar")
    accept = toolbar.widgetForAction(window.actions["acceptChange"])
    settle(qtbot, window, 800, 600)
    assert accept.text() == "Accept" and accept.toolTip() == "Accept Change"
    assert window.actions["acceptChange"].text() == "&Accept Change"  # the menu keeps the whole name
    settle(qtbot, window, 1600, 1000)
    assert accept.text() == "Accept Change"
    assert window.tabPosition(Qt.DockWidgetArea.RightDockWidgetArea) == \
        window.tabPosition(Qt.DockWidgetArea.LeftDockWidgetArea)  # below the docks, as Qt puts them
