"""The main window: menus, the section navigator and the policy view, wired to the core.

No business logic here: opening goes through `refs.load_ref`, which calls store or formats.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QTreeView)

from policyeditor import __version__
from policyeditor.core.document import Document
from policyeditor.core.errors import PolicyError
from policyeditor.formats import IMPORT_SUFFIXES
from policyeditor.gui.models.sections import SectionTreeModel
from policyeditor.gui.views.policy_view import PolicyView
from policyeditor.refs import Loaded, load_ref

OPEN_FILTER = ("Policies and documents (*.policy " + " ".join(f"*{s}" for s in IMPORT_SUFFIXES)
               + ");;All files (*)")
MAX_RECENT = 8


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._settings = settings
        self.document: Document | None = None
        self.loaded: Loaded | None = None

        self.policy_view = PolicyView(self)
        self.setCentralWidget(self.policy_view)

        self.navigator = QTreeView(self)
        self.navigator.setObjectName("sectionNavigator")
        self.navigator.setHeaderHidden(True)
        self.navigator.setUniformRowHeights(True)
        dock = QDockWidget("Sections", self)
        dock.setObjectName("sectionsDock")
        dock.setWidget(self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self._status_words = QLabel(self)
        self._status_words.setObjectName("statusWords")
        self.statusBar().addPermanentWidget(self._status_words)

        self._make_menus(dock)
        self.resize(1100, 750)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._update_title()

    def _make_menus(self, dock: QDockWidget) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self, objectName="actionOpen", shortcut=QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_and_open)
        file_menu.addAction(open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("menuRecent")
        self._fill_recent()
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, objectName="actionQuit", shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(dock.toggleViewAction())

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Policy Editor", self, objectName="actionAbout")
        about.triggered.connect(lambda: QMessageBox.about(
            self, "About Policy Editor",
            f"Policy Editor {__version__}\nWrite, revise, review, approve and publish policies."))
        help_menu.addAction(about)

    # ------------------------------------------------------------ opening

    def _choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a policy or a document", "", OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, ref: str) -> bool:
        """Open a .policy file (its draft or @LABEL) or import a document; False with a message if not."""
        try:
            loaded = load_ref(ref)
        except PolicyError as error:
            QMessageBox.warning(self, "Cannot open", str(error))
            return False
        self.loaded = loaded
        self.document = Document(loaded.policy)
        model = SectionTreeModel(self.document, self.navigator)
        self.navigator.setModel(model)
        self.navigator.expandAll()
        self.navigator.selectionModel().currentChanged.connect(self._on_section_chosen)
        self.policy_view.show_policy(loaded.policy)
        self._remember(ref)
        self._update_title()
        policy = loaded.policy
        self._status_words.setText(f"{policy.section_count()} sections · {policy.word_count():,} words")
        if loaded.report:
            self.statusBar().showMessage(f"Imported with {len(loaded.report)} notes: {loaded.report[0]}")
        return True

    def _on_section_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        model = self.navigator.model()
        if isinstance(model, SectionTreeModel):
            section = model.section_at(current)
            if section is not None:
                self.policy_view.show_section(section.id)

    def _update_title(self) -> None:
        if self.loaded is None:
            self.setWindowTitle("Policy Editor")
        else:
            self.setWindowTitle(f"{self.loaded.policy.title} — {self.loaded.name}")

    # ------------------------------------------------------------ recent files and layout

    def recent_files(self) -> list[str]:
        value = self._settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, ref: str) -> None:
        full = str(Path(ref).resolve()) if "@" not in ref else ref
        files = [full] + [f for f in self.recent_files() if f != full]
        self._settings.setValue("recentFiles", files[:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        super().closeEvent(event)
