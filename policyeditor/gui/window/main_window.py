"""The main window: builds the parts (views, docks, status line, menus) and wires their signals.

The work is the parts': `FileActions` (open, compare, save, recent files),
`EditActions` (structure edits, formatting, find and replace), `ChangeActions`
(change list, accept/reject), `VersionActions` (save, open, draft from a version),
`ReviewUi` (comments and review moves), `SessionShell` (taking a document in and
letting it go), `BaseChooser` (the version compared with), `ViewState` (view mode,
theme, zoom), each told only what it needs (no part imports the window). Every
edit of the draft is a command pushed on the session's undo stack through `push`.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt
from PySide6.QtGui import QTextCharFormat, QUndoCommand, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QStackedWidget, QTreeView

from policyeditor import __version__
from policyeditor.gui.editing import commands
from policyeditor.gui.editing.change_actions import ChangeActions
from policyeditor.gui.editing.change_list import ChangeList, changes_panel
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.edit_actions import EditActions
from policyeditor.gui.editing.import_notes import ImportNotes
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.gui.editing.policy_view import PolicyView
from policyeditor.gui.editing.redline_state import RedlineTracker
from policyeditor.gui.export.export_dialog import ExportDialog
from policyeditor.gui.export.export_ui import export_dialog
from policyeditor.gui.library.library_ui import LibraryUi
from policyeditor.gui.review.review_ui import ReviewUi
from policyeditor.gui.session import Session
from policyeditor.gui.style.theme import apply_theme, redline_colours, theme_choice, use_redline_colours
from policyeditor.gui.style.zoom import zoom_steps
from policyeditor.gui.versions.base_chooser import BaseChooser
from policyeditor.gui.versions.version_actions import VersionActions
from policyeditor.gui.versions.versions_panel import VersionsPanel
from policyeditor.gui.window.actions import make_actions
from policyeditor.gui.window.dialogs import PreferencesDialog, user_name
from policyeditor.gui.window.dock_fit import DockFit
from policyeditor.gui.window.file_actions import FileActions
from policyeditor.gui.window.lifecycle import WindowLife
from policyeditor.gui.window.menus import (
    DRAFT_ONLY,
    INLINE,
    SIDE_BY_SIDE,
    THEME_ACTIONS,
    VIEW_ACTIONS,
    make_menus,
    make_toolbars,
    toolbar_labels,
)
from policyeditor.gui.window.open_progress import OpenProgress
from policyeditor.gui.window.session_shell import SessionShell
from policyeditor.gui.window.status_line import StatusLine
from policyeditor.gui.window.view_state import HIDE_EDITORIAL_KEY, ViewState

__all__ = ["DRAFT_ONLY", "INLINE", "SIDE_BY_SIDE", "MainWindow"]  # the view modes, named here too


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings) -> None:
        # the theme before any widget: a widget made earlier keeps the old palette until it is shown
        apply_theme(theme_choice(settings))
        use_redline_colours(redline_colours(settings))
        super().__init__()
        self.setObjectName("mainWindow")
        self._settings = settings
        self.session: Session | None = None
        self.actions = make_actions(self)
        self.undo_group = QUndoGroup(self)

        self.compare_view = CompareView(self)
        self.policy_view = PolicyView(self)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("viewStack")
        self.inline_view = InlineRedlineView(self)
        self.stack.addWidget(self.compare_view)
        self.stack.addWidget(self.inline_view)
        self.stack.addWidget(self.policy_view)
        self.setCentralWidget(self.stack)

        self.navigator = QTreeView(self)
        self.navigator.setObjectName("sectionNavigator")
        self.navigator.setHeaderHidden(True)
        self.navigator.setUniformRowHeights(True)
        self.navigator.setDragDropMode(QTreeView.DragDropMode.DragDrop)
        self.navigator.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.navigator.setDropIndicatorShown(True)
        self.sections_dock = QDockWidget("Sections", self)
        self.sections_dock.setObjectName("sectionsDock")
        self.sections_dock.setWidget(self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sections_dock)

        self.versions_panel = VersionsPanel(self)
        self.versions_dock = QDockWidget("Versions", self)
        self.versions_dock.setObjectName("versionsPanel")
        self.versions_dock.setWidget(self.versions_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.versions_dock)

        self.tracker = RedlineTracker(self)
        self.compare_view.displays = self.tracker.displays  # made in the redline's worker
        self.change_list = ChangeList(self)
        self.changes_dock = QDockWidget("Changes", self)
        self.changes_dock.setObjectName("changesDock")
        self.changes_dock.setWidget(changes_panel(self.change_list, self.actions["hideEditorial"], self))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.changes_dock)
        self.tabifyDockWidget(self.changes_dock, self.versions_dock)
        self.changes_dock.raise_()

        self.base = BaseChooser(self)  # the version the draft is compared with, in the toolbar
        self.base_combo, self.select_base = self.base.combo, self.base.select_base  # callers and tests
        self.versions_changed = self.base.versions_changed

        self.setAcceptDrops(True)
        self._make_status_bar()
        self.review = ReviewUi(self)  # the comments dock, comment dialog, version moves and merge
        self.notes = ImportNotes(self.compare_view, self, self.review.dock)  # the import notes dock
        self.changes_dock.raise_()  # the notes dock comes forward when an import has notes
        self.dock_fit = DockFit(self, self.sections_dock,  # the docks give way to the text on any width
                                [self.changes_dock, self.versions_dock, self.review.dock, self.notes.dock])
        self.export_dialog: ExportDialog | None = None
        self.recent_menu = make_menus(self, self.actions, [self.sections_dock, self.versions_dock,
                                      self.changes_dock, self.review.dock, self.notes.dock],
                                      theme_choice(settings))
        self.files = FileActions(settings, self, self.progress, self.recent_menu, lambda: self.session)
        self.open_path, self.compare_files, self.opening = (
            self.files.open_path, self.files.compare_files, self.files.opening)  # callers and tests
        self.save, self.save_as = self.files.save, self.files.save_as
        self.recent_files = self.files.recent_files
        self.edits = EditActions(self, self.compare_view, self.navigator, lambda: self.session, self.push,
                                 self.actions["findNext"])
        self.select_section = self.edits.select_section  # for callers and tests
        self.changes = ChangeActions(self.tracker, self.change_list, self.compare_view, self.inline_view,
                                     self.actions["hideEditorial"], lambda: self.session, self.push,
                                     self.edits.current_section_id, lambda: user_name(self._settings))
        self.decide, self.current_change = self.changes.decide, self.changes.current_change
        self.shown_changes = self.changes.shown_changes
        self.versions = VersionActions(settings, self, lambda: self.session, self.push, self.files.open_path)
        self.save_version = self.versions.save_version
        self.library = LibraryUi(self, self.status)  # File > Open from Library, the copy's standing
        bars = make_toolbars(self, self.actions, self.base_combo)
        self.dock_fit.fit_toolbars(bars, lambda short: toolbar_labels(bars[0], self.actions, short))
        self.sessions = SessionShell(self)  # takes an opened document in, lets it go
        self.close_file = self.sessions.close_file
        self.view_state = ViewState(self)  # view mode, editorial changes, theme, zoom
        self.set_view, self.set_theme = self.view_state.set_view, self.view_state.set_theme  # and tests
        self._connect()
        self.view_state.apply_zoom(zoom_steps(settings))
        self.resize(1280, 820)
        self.resizeDocks([self.sections_dock, self.changes_dock], [230, 300], Qt.Orientation.Horizontal)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.sessions.update_title()
        self.sessions.update_enabled()
        self.set_view(int(settings.value("view/mode", SIDE_BY_SIDE) or 0) % len(VIEW_ACTIONS))
        self.view_state.set_hide_editorial(settings.value(HIDE_EDITORIAL_KEY, False, type=bool))
        self.view_state.restyle_due = False
        self.life = WindowLife(self)  # asks before work is lost; start page; recovery after a crash

    def busy(self) -> bool:
        """Whether a document is being read or laid out, or a redline or highlight computed."""
        return (self.opening() or self.compare_view.building or self.tracker.pending
                or self.compare_view.highlight_pending or self.compare_view.placing)

    # ------------------------------------------------------------ building

    def _make_status_bar(self) -> None:
        self.status = StatusLine(self.statusBar())
        self.progress = OpenProgress(self.statusBar())
        self.compare_view.buildProgress.connect(self.progress.show_layout)
        self.compare_view.fillProgress.connect(self.progress.show_fill)
        self._show_user()

    def _connect(self) -> None:
        a = self.actions
        a["open"].triggered.connect(self.files.choose_and_open)
        a["compareFiles"].triggered.connect(self.files.choose_and_compare)
        a["save"].triggered.connect(self.files.save)
        a["saveAs"].triggered.connect(self.files.choose_and_save_as)
        self.files.sessionOpened.connect(self._name_editor)  # before the shell takes the session in
        self.files.sessionOpened.connect(self.sessions.start)
        self.files.savedAs.connect(self.sessions.saved_as)
        self.files.message.connect(self.statusBar().showMessage)
        self.versions.message.connect(self.statusBar().showMessage)
        a["preferences"].triggered.connect(self._edit_preferences)
        a["quit"].triggered.connect(lambda: self.life.quit())
        a["undo"].triggered.connect(self.undo_group.undo)
        a["redo"].triggered.connect(self.undo_group.redo)
        self.undo_group.canUndoChanged.connect(a["undo"].setEnabled)
        self.undo_group.canRedoChanged.connect(a["redo"].setEnabled)
        self.undo_group.cleanChanged.connect(lambda _clean: self.status.show_saved(self.session))
        for name in ("bold", "italic", "underline"):
            a[name].triggered.connect(lambda on, kind=name: self.edits.format(kind, on))
        a["bulletList"].triggered.connect(lambda: self.edits.make_list(False))
        a["numberedList"].triggered.connect(lambda: self.edits.make_list(True))
        a["outlineNumbering"].triggered.connect(self.edits.edit_numbering)
        a["addSection"].triggered.connect(self.edits.add_section)
        a["deleteSection"].triggered.connect(self.edits.delete_section)
        a["renameSection"].triggered.connect(self.edits.rename_section)
        a["moveUp"].triggered.connect(lambda: self.edits.move_section(-1))
        a["moveDown"].triggered.connect(lambda: self.edits.move_section(+1))
        a["indent"].triggered.connect(self.edits.indent_section)
        a["outdent"].triggered.connect(self.edits.outdent_section)
        for index, name in VIEW_ACTIONS.items():
            a[name].triggered.connect(lambda _=False, i=index: self.set_view(i))
        a["hideEditorial"].toggled.connect(self.view_state.set_hide_editorial)
        a["saveVersion"].triggered.connect(self.versions.ask_and_save_version)
        a["nextChange"].triggered.connect(lambda: self.change_list.step(+1))
        a["previousChange"].triggered.connect(lambda: self.change_list.step(-1))
        a["acceptChange"].triggered.connect(lambda: self.decide("change", accept=True))
        a["rejectChange"].triggered.connect(lambda: self.decide("change", accept=False))
        a["acceptSection"].triggered.connect(lambda: self.decide("section", accept=True))
        a["rejectSection"].triggered.connect(lambda: self.decide("section", accept=False))
        a["acceptAll"].triggered.connect(lambda: self.decide("all", accept=True))
        a["rejectAll"].triggered.connect(lambda: self.decide("all", accept=False))
        a["find"].triggered.connect(self.edits.show_find)
        a["findNext"].triggered.connect(self.edits.find_next_or_ask)
        a["replace"].triggered.connect(lambda: self.edits.show_find().replace_edit.setFocus())
        a["export"].triggered.connect(self.show_export)
        zoom = self.view_state.apply_zoom
        a["zoomIn"].triggered.connect(lambda: zoom(zoom_steps(self._settings) + 1))
        a["zoomOut"].triggered.connect(lambda: zoom(zoom_steps(self._settings) - 1))
        a["zoomReset"].triggered.connect(lambda: zoom(0))
        for choice, name in THEME_ACTIONS.items():
            a[name].triggered.connect(lambda _=False, c=choice: self.set_theme(c))
        self.tracker.changed.connect(self._on_redline)
        self.tracker.failed.connect(
            lambda why: self.statusBar().showMessage(f"Could not compare: {why.splitlines()[0]}"))
        self.changes.message.connect(self.statusBar().showMessage)
        a["about"].triggered.connect(lambda: QMessageBox.about(
            self, "About Policy Editor",
            f"Policy Editor {__version__}\nWrite, revise, review, approve and publish policies."))
        self.versions_panel.saveVersionRequested.connect(self.versions.ask_and_save_version)
        self.versions_panel.openRequested.connect(self.versions.open_version)
        self.versions_panel.draftFromRequested.connect(self.versions.draft_from_version)
        self.compare_view.bodyEdited.connect(self._on_body_edited)
        self.inline_view.bodyEdited.connect(self._on_body_edited)  # typing in the inline redline
        self.inline_view.headingEdited.connect(self._on_heading_edited)
        self.inline_view.message.connect(self.statusBar().showMessage)
        self.compare_view.headingEdited.connect(self._on_heading_edited)
        self.compare_view.statesChanged.connect(self.sessions.states_changed)
        self.compare_view.charFormatChanged.connect(self._show_char_format)

    # ------------------------------------------------------------ opening and closing

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls() and len(event.mimeData().urls()) <= 2:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.files.open_dropped([url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self.life.may_close():  # Cancel: the window and its work stay
            event.ignore()
            return
        self.sessions.close()
        self.life.closed()
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.setValue("view/mode", self.stack.currentIndex())
        self._settings.sync()
        super().closeEvent(event)

    # ------------------------------------------------------------ editing

    def push(self, command: QUndoCommand) -> None:
        if self.session is not None and not self.session.read_only:
            self.session.undo_stack.push(command)

    def _on_body_edited(self, section_id: str, body: str) -> None:
        if self.session is not None:
            self.push(commands.SetBody(self.session.document, section_id, body))

    def _on_heading_edited(self, section_id: str, heading: str) -> None:
        if self.session is not None:
            self.push(commands.SetHeading(self.session.document, section_id, heading))

    def _show_char_format(self, fmt: QTextCharFormat) -> None:
        self.actions["bold"].setChecked(fmt.fontWeight() >= 600)
        self.actions["italic"].setChecked(fmt.fontItalic())
        self.actions["underline"].setChecked(fmt.fontUnderline())

    # ------------------------------------------------------------ changes

    def _on_redline(self) -> None:
        tracker = self.tracker
        self.compare_view.show_redline(tracker.redline, tracker.spans, tracker.accepted_ids())
        self.show_words()  # counted by the redline's worker
        self.show_changes()
        self.view_state.refresh_single_pane()

    @property
    def hide_editorial(self) -> bool:
        return self.actions["hideEditorial"].isChecked()

    def show_changes(self) -> None:
        self.changes.show_changes()
        self._show_counts()

    # ------------------------------------------------------------ preferences and theme

    def _name_editor(self, session: Session) -> None:
        """Each save of the session names the window's user as the draft's editor (credits.draft_editor)."""
        session.editor = lambda: user_name(self._settings)

    def _edit_preferences(self) -> None:
        if PreferencesDialog(self._settings, self).exec():
            self._show_user()
            self.review.refresh()
            self.view_state.restyle()  # the redline colours may have changed

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        # the system's theme switched (light to dark, or back): follow it once the palette is in
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "view_state"):
            self.view_state.palette_changed()
        super().changeEvent(event)

    # ------------------------------------------------------------ export and status

    def show_export(self) -> ExportDialog | None:
        """Open File ▸ Export… on the open policy."""
        if self.session is None:
            return None
        dialog = export_dialog(self.session, self.review.placed_threads(), user_name(self._settings), self,
                               redline_colours(self._settings))
        dialog.exported.connect(lambda path: self.statusBar().showMessage(f"Exported {path}", 8000))
        dialog.finished.connect(lambda _result: (dialog.setObjectName(""), dialog.deleteLater()))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _show_user(self) -> None:
        self.status.show_user(user_name(self._settings))

    def show_words(self) -> None:
        if self.session is not None and self.tracker.redline is not None:
            self.status.show_words(self.tracker.words)

    def _show_counts(self) -> None:
        shown = len(self.shown_changes()) if self.session is not None else None
        redline = self.tracker.redline if self.session is not None else None
        self.status.show_counts(shown, len(self.tracker.open_changes()) - (shown or 0),
                                redline.notes if redline is not None else ())
