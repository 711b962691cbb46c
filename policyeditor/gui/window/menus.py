"""The window's menus and toolbars, laid out from the actions table (`actions.py`).

Building only: what an action does is wired by the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QMainWindow, QMenu, QToolBar

SIDE_BY_SIDE, INLINE, DRAFT_ONLY = 0, 1, 2
VIEW_ACTIONS = {SIDE_BY_SIDE: "viewSideBySide", INLINE: "viewInline", DRAFT_ONLY: "viewDraft"}
THEME_ACTIONS = {"system": "themeSystem", "light": "themeLight", "dark": "themeDark"}
# the main toolbar's labels on a window too narrow for its whole ones (`toolbar_labels`), where
# the base version's combo goes without its "Compare with:"; the menus, tool tips and shortcuts
# keep the whole names
SHORT_LABELS = {"viewInline": "Inline", "viewDraft": "Draft", "previousChange": "Previous",
                "nextChange": "Next", "acceptChange": "Accept", "rejectChange": "Reject"}


def make_menus(window: QMainWindow, a: dict[str, QAction], docks: list[QDockWidget], theme: str) -> QMenu:
    """Fill the window's menu bar; returns the (empty) Open Recent menu for the file part to fill.
    `docks` get their show/hide toggles in View; `theme` is the theme action checked."""
    menu = window.menuBar().addMenu("&File")
    menu.addActions([a["newPolicy"], a["open"]])
    menu.addAction(a["openFromLibrary"])
    recent = menu.addMenu("Open &Recent")
    recent.setObjectName("menuRecent")
    menu.addAction(a["importDocument"])
    menu.addAction(a["closeDocument"])
    menu.addSeparator()
    menu.addActions([a["save"], a["saveAs"]])
    menu.addSeparator()
    menu.addAction(a["compareFiles"])
    menu.addAction(a["mergeReview"])
    menu.addAction(a["mergeWord"])
    menu.addSeparator()
    menu.addAction(a["export"])
    menu.addSeparator()
    menu.addAction(a["preferences"])
    menu.addSeparator()
    menu.addAction(a["quit"])

    menu = window.menuBar().addMenu("&Edit")
    menu.addActions([a["undo"], a["redo"]])
    menu.addSeparator()
    menu.addActions([a["find"], a["findNext"], a["replace"]])
    menu.addSeparator()
    menu.addActions([a["bold"], a["italic"], a["underline"], a["bulletList"], a["numberedList"]])
    menu.addSeparator()
    sections = menu.addMenu("&Sections")
    sections.addActions([a["addSection"], a["deleteSection"], a["renameSection"], a["moveUp"],
                         a["moveDown"], a["indent"], a["outdent"]])

    menu = window.menuBar().addMenu("F&ormat")
    menu.addAction(a["outlineNumbering"])

    menu = window.menuBar().addMenu("&View")
    view_group = QActionGroup(window)
    for name in VIEW_ACTIONS.values():
        view_group.addAction(a[name])
        menu.addAction(a[name])
    a["viewSideBySide"].setChecked(True)
    menu.addSeparator()
    menu.addAction(a["hideEditorial"])
    menu.addSeparator()
    menu.addActions([a["zoomIn"], a["zoomOut"], a["zoomReset"]])
    themes = menu.addMenu("&Theme")
    themes.setObjectName("menuTheme")
    theme_group = QActionGroup(window)
    for name in THEME_ACTIONS.values():
        theme_group.addAction(a[name])
        themes.addAction(a[name])
    a[THEME_ACTIONS[theme]].setChecked(True)
    menu.addSeparator()
    menu.addActions([dock.toggleViewAction() for dock in docks])

    menu = window.menuBar().addMenu("&Review")
    menu.addAction(a["comment"])
    menu.addSeparator()
    menu.addActions([a["nextChange"], a["previousChange"]])
    menu.addSeparator()
    menu.addActions([a["acceptChange"], a["rejectChange"], a["acceptSection"], a["rejectSection"],
                     a["acceptAll"], a["rejectAll"]])
    menu.addSeparator()
    menu.addAction(a["saveVersion"])
    menu.addActions([a[name] for name in ("submitForReview", "withdrawVersion", "approveVersion",
                                          "publishVersion")])
    menu.addSeparator()
    menu.addAction(a["mergeReview"])
    menu.addAction(a["mergeWord"])

    menu = window.menuBar().addMenu("&Help")
    menu.addAction(a["about"])
    return recent


def make_toolbars(window: QMainWindow, a: dict[str, QAction], base_combo: QComboBox) -> list[QToolBar]:
    """The main toolbar (undo, views, changes, the base version) and the formatting toolbar."""
    bar = QToolBar("Main", window)
    bar.setObjectName("mainToolBar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.addActions([a["undo"], a["redo"]])
    bar.addSeparator()
    format_bar = QToolBar("Formatting", window)
    format_bar.setObjectName("formatToolBar")
    format_bar.addActions([a["bold"], a["italic"], a["underline"], a["bulletList"], a["numberedList"]])
    for name, label in (("bold", "B"), ("italic", "I"), ("underline", "U"),
                        ("bulletList", "• List"), ("numberedList", "1. List")):
        a[name].setIconText(label)
    bar.addActions([a[name] for name in VIEW_ACTIONS.values()])
    bar.addSeparator()
    bar.addActions([a["previousChange"], a["nextChange"], a["acceptChange"], a["rejectChange"]])
    bar.addSeparator()
    label = QLabel(" Compare with: ", window)
    label.setObjectName("compareWithLabel")
    bar.addWidget(label)
    bar.addWidget(base_combo)
    window.addToolBar(bar)
    window.addToolBar(format_bar)
    for name in SHORT_LABELS:  # a short label is no tool tip: the whole name stays one
        if not a[name].statusTip():
            a[name].setToolTip(a[name].text().replace("&", ""))
    return [bar, format_bar]


def toolbar_labels(bar: QToolBar, a: dict[str, QAction], short: bool) -> None:
    """The main toolbar `bar`'s short labels (`SHORT_LABELS`), or its whole ones (each action's text)."""
    for name, label in SHORT_LABELS.items():
        a[name].setIconText(label if short else "")
    for action in bar.actions():
        if bar.widgetForAction(action) is bar.findChild(QLabel, "compareWithLabel"):
            action.setVisible(not short)
