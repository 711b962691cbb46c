"""How the window shows the document: the view mode, editorial changes hidden or not, the theme
and the zoom, each remembered in the settings.

It asks the window it sits in for its views and parts (`ViewHost`) as it needs
them, so it never imports the window.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStackedWidget, QTreeView

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.gui.editing.policy_view import PolicyView
from policyeditor.gui.editing.redline_state import RedlineTracker
from policyeditor.gui.session import Session
from policyeditor.gui.style.theme import (
    THEME_KEY,
    THEMES,
    apply_theme,
    is_dark,
    redline_colours,
    use_redline_colours,
)
from policyeditor.gui.style.zoom import set_zoom_steps, zoomed_font
from policyeditor.gui.window.menus import DRAFT_ONLY, INLINE, THEME_ACTIONS, VIEW_ACTIONS

HIDE_EDITORIAL_KEY = "view/hideEditorial"


class _Review(Protocol):
    def panes_redrawn(self) -> None: ...
    def refresh(self) -> None: ...


class ViewHost(Protocol):
    """What the view state needs of its window (the main window is one)."""

    _settings: QSettings
    actions: dict[str, QAction]
    session: Session | None
    stack: QStackedWidget
    compare_view: CompareView
    inline_view: InlineRedlineView
    policy_view: PolicyView
    navigator: QTreeView
    tracker: RedlineTracker
    review: _Review

    def show_changes(self) -> None: ...


class ViewState(QObject):
    """View mode, editorial changes, theme and zoom for one main window (made once its views exist)."""

    def __init__(self, window: ViewHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the host is a QMainWindow
        self.window = window
        self.restyle_due = True  # no restyle before the window is built
        self._styled_for = (is_dark(), redline_colours(window._settings))
        self._base_font = window.compare_view.font()
        self.zoom_steps = 0

    # ------------------------------------------------------------ view mode

    def set_view(self, index: int) -> None:
        """Show side by side, inline redline or draft only."""
        self.window.stack.setCurrentIndex(index)
        self.window.actions[VIEW_ACTIONS[index]].setChecked(True)
        self.refresh_single_pane()

    def refresh_single_pane(self) -> None:
        # the one-pane views are redrawn only while on show: typing side by side costs them nothing
        window = self.window
        index = window.stack.currentIndex()
        if index == INLINE:
            window.inline_view.show_redline(window.tracker.redline, window.tracker.accepted_ids())
            window.review.panes_redrawn()
        elif index == DRAFT_ONLY and window.session is not None:
            window.policy_view.show_policy(window.session.document.policy)
            window.review.panes_redrawn()

    def set_hide_editorial(self, hide: bool) -> None:
        """Leave editorial changes out of the change list, next/previous and the side-by-side colours,
        show them as plain text inline (`hide`), or show them all again; remembered in the settings."""
        window = self.window
        action = window.actions["hideEditorial"]
        if action.isChecked() != hide:
            action.setChecked(hide)  # its `toggled` calls back here
            return
        window._settings.setValue(HIDE_EDITORIAL_KEY, hide)
        window.compare_view.set_hide_editorial(hide)
        window.inline_view.set_hide_editorial(hide)
        window.show_changes()
        self.refresh_single_pane()

    # ------------------------------------------------------------ theme

    def set_theme(self, choice: str) -> None:
        """Show the window in the "system", "light" or "dark" theme, and remember it."""
        if choice not in THEMES:
            return
        self.window._settings.setValue(THEME_KEY, choice)
        self.window.actions[THEME_ACTIONS[choice]].setChecked(True)
        apply_theme(choice)
        self.restyle()

    def restyle(self, *, force: bool = False) -> None:
        """Paint the changes, marks and states again in the theme's colours, if they changed."""
        window = self.window
        self.restyle_due = False
        colours = redline_colours(window._settings)
        styled_for = (is_dark(), colours)
        if styled_for == self._styled_for and not force:
            return
        self._styled_for = styled_for
        use_redline_colours(colours)
        if window.compare_view.rows:
            window.compare_view.rebuild()  # formats, heading bars and ghosts are set when rows are made
        window.inline_view.restyle()
        window.policy_view.restyle()
        window.navigator.viewport().update()  # the model gives its state colours when asked to paint
        window.review.refresh()  # comment marks and the thread's muted dates

    def palette_changed(self) -> None:
        """The system's theme switched (light to dark, or back): follow it once the palette is in."""
        if not self.restyle_due:
            self.restyle_due = True
            QTimer.singleShot(0, self, self.restyle)  # not after the window is gone

    # ------------------------------------------------------------ zoom

    def apply_zoom(self, steps: int) -> None:
        """Show the text panes `steps` points larger than normal (0: normal), and remember it."""
        window = self.window
        steps = set_zoom_steps(window._settings, steps)
        font = zoomed_font(self._base_font, steps)
        self.zoom_steps = steps
        for pane in (window.compare_view, window.inline_view, window.policy_view):
            pane.setFont(font)
        if window.compare_view.rows:  # headings took their bold font when made
            window.compare_view.rebuild()
        window.actions["zoomReset"].setEnabled(steps != 0)
