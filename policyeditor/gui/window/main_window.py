"""The main window: builds the parts (views, docks, status line, menus) and wires their signals.

The work is the parts': `FileActions` (open, compare, save, recent files),
`EditActions` (structure edits, formatting, find and replace), `ChangeActions`
(change list, accept/reject), `VersionActions` (save, open, draft from a version),
`ReviewUi` (comments and review moves), each told only what it needs (no part
imports the window). Every edit of the draft is a command pushed on the session's
undo stack through `push`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QTextCharFormat, QUndoCommand, QUndoGroup
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTreeView,
)

from policyeditor import __version__
from policyeditor.core.errors import PolicyError
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
from policyeditor.gui.models.sections import SectionTreeModel
from policyeditor.gui.review.review_ui import ReviewUi
from policyeditor.gui.session import Session
from policyeditor.gui.style.theme import (
    THEME_KEY,
    THEMES,
    apply_theme,
    is_dark,
    redline_colours,
    theme_choice,
    use_redline_colours,
)
from policyeditor.gui.style.times import local_time
from policyeditor.gui.style.zoom import set_zoom_steps, zoom_steps, zoomed_font
from policyeditor.gui.versions.version_actions import VersionActions
from policyeditor.gui.versions.versions_panel import VersionsPanel
from policyeditor.gui.window.actions import make_actions
from policyeditor.gui.window.dialogs import PreferencesDialog, user_name
from policyeditor.gui.window.dock_fit import DockFit
from policyeditor.gui.window.file_actions import FileActions, base_key
from policyeditor.gui.window.lifecycle import WindowLife
from policyeditor.gui.window.menus import (
    DRAFT_ONLY,
    INLINE,
    SIDE_BY_SIDE,
    THEME_ACTIONS,
    VIEW_ACTIONS,
    make_menus,
    make_toolbars,
)
from policyeditor.gui.window.open_progress import OpenProgress
from policyeditor.gui.window.status_line import StatusLine

OPENED_AS_BASE = "Draft as opened"
HIDE_EDITORIAL_KEY = "view/hideEditorial"


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings) -> None:
        # the theme before any widget: a widget made earlier keeps the old palette until it is shown
        apply_theme(theme_choice(settings))
        use_redline_colours(redline_colours(settings))
        super().__init__()
        self.setObjectName("mainWindow")
        self._settings = settings
        self._restyle_due = True  # no restyle before the views exist
        self._styled_for = (is_dark(), redline_colours(settings))
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

        self.base_combo = QComboBox(self)
        self.base_combo.setObjectName("baseVersionCombo")
        self.base_combo.setToolTip("The version the draft is compared with")
        self.base_combo.setMinimumContentsLength(14)
        self.base_combo.currentIndexChanged.connect(self._on_base_chosen)

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
        make_toolbars(self, self.actions, self.base_combo)
        self._connect()
        self._base_font = self.compare_view.font()
        self.apply_zoom(zoom_steps(settings))
        self.resize(1280, 820)
        self.resizeDocks([self.sections_dock, self.changes_dock], [230, 300], Qt.Orientation.Horizontal)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._update_title()
        self._update_enabled()
        self.set_view(int(settings.value("view/mode", SIDE_BY_SIDE) or 0) % len(VIEW_ACTIONS))
        self.set_hide_editorial(settings.value(HIDE_EDITORIAL_KEY, False, type=bool))
        self._restyle_due = False
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
        self._show_user()

    def _connect(self) -> None:
        a = self.actions
        a["open"].triggered.connect(self.files.choose_and_open)
        a["compareFiles"].triggered.connect(self.files.choose_and_compare)
        a["save"].triggered.connect(self.files.save)
        a["saveAs"].triggered.connect(self.files.choose_and_save_as)
        self.files.sessionOpened.connect(self._start_session)
        self.files.savedAs.connect(self._on_saved_as)
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
        a["hideEditorial"].toggled.connect(self.set_hide_editorial)
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
        a["zoomIn"].triggered.connect(lambda: self.apply_zoom(zoom_steps(self._settings) + 1))
        a["zoomOut"].triggered.connect(lambda: self.apply_zoom(zoom_steps(self._settings) - 1))
        a["zoomReset"].triggered.connect(lambda: self.apply_zoom(0))
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
        self.compare_view.statesChanged.connect(self._on_states_changed)
        self.compare_view.charFormatChanged.connect(self._show_char_format)

    # ------------------------------------------------------------ opening and closing

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls() and len(event.mimeData().urls()) <= 2:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.files.open_dropped([url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    def _on_saved_as(self) -> None:
        self.review.session_started()  # comments and review moves: the file is there now
        self._fill_base_combo()
        self._update_title()
        self.status.show_saved(self.session)
        self._update_enabled()

    def _start_session(self, session: Session) -> None:
        self._close_session()
        self.session = session
        self.life.show_page()  # the views on show before they lay the document out at their width
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        session.saved.connect(lambda _at: self.status.show_saved(self.session))
        session.saveFailed.connect(lambda why: self.statusBar().showMessage(f"Autosave failed: {why}"))
        session.versionsChanged.connect(self._fill_base_combo)
        model = SectionTreeModel(session.document, self.navigator)
        self._replace_navigator_model(model)
        self.navigator.expandAll()
        model.modelReset.connect(self.navigator.expandAll)
        model.moveRequested.connect(self.edits.move_to)
        self.navigator.selectionModel().currentChanged.connect(self._on_section_chosen)
        self.review.session_started()
        self._fill_base_combo()  # sets the compare view's sources
        self._refresh_single_pane()
        self.review.refresh()
        self.status.show_lock(self.session)
        self._update_title()
        self._show_words()
        self.status.show_saved(self.session)
        self._update_enabled()
        self.notes.set_notes(session.report, session.opened_policy, session.document)
        if session.report:
            self.statusBar().showMessage(f"Imported with {len(session.report)} notes: {session.report[0]} "
                                         "(all of them in View ▸ Import Notes)")
        self.library.session_started(session)

    def _replace_navigator_model(self, model: SectionTreeModel | None) -> None:
        # the view keeps neither its old model nor the old selection model: both go, in order
        old_model, old_selection = self.navigator.model(), self.navigator.selectionModel()
        self.navigator.setModel(model)
        if old_selection is not None:
            old_selection.deleteLater()
        if isinstance(old_model, SectionTreeModel):
            old_model.detach()
            old_model.deleteLater()

    def _close_session(self) -> None:
        if self.session is None:
            return
        try:
            self.session.close()
        except PolicyError as error:
            QMessageBox.warning(self, "Cannot save", str(error))
        self.undo_group.removeStack(self.session.undo_stack)
        self._replace_navigator_model(None)
        self.session = None
        self.review.session_started()
        self.notes.set_notes([], None, None)

    def close_file(self, path: Path) -> bool:
        """Save and close the open policy if it is the file `path` (a sync is to write it); whether it was."""
        if self.session is None or self.session.path is None or not Path(path).exists():
            return False
        if self.session.path.resolve() != Path(path).resolve():
            return False
        self._close_session()
        self.status.show_library(None)
        return True

    def close_document(self) -> None:
        """Let the document go (the lifecycle part settled its work first): nothing on show."""
        self._close_session()
        self._fill_base_combo()
        self._update_title()
        self._update_enabled()
        self.status.show_saved(None)
        self.status.show_lock(None)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self.life.may_close():  # Cancel: the window and its work stay
            event.ignore()
            return
        self._close_session()
        self.life.closed()
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.setValue("view/mode", self.stack.currentIndex())
        self._settings.sync()
        super().closeEvent(event)

    # ------------------------------------------------------------ base version

    def _fill_base_combo(self) -> None:
        session = self.session
        self.versions_panel.show_versions(session.versions() if session else [], local_time,
                                          session.approvers() if session else {})
        self.versions_panel.set_editable(
            session is not None and not session.read_only and session.file is not None)
        combo = self.base_combo
        combo.blockSignals(True)
        combo.clear()
        if session is not None and session.compare_base is not None:
            combo.addItem(session.compare_base.name, None)
        elif session is not None:
            for info in reversed(session.versions()):
                combo.addItem(f"{info.label} ({info.status.title})", info.label)
            combo.addItem(OPENED_AS_BASE, None)
            remembered = self._settings.value(base_key(session.path)) if session.path else None
            default = remembered if remembered and combo.findData(remembered) >= 0 else session.default_base()
            combo.setCurrentIndex(max(combo.findData(default), 0) if default else combo.count() - 1)
        combo.blockSignals(False)
        self._on_base_chosen()

    def _on_base_chosen(self, *args: object) -> None:
        session = self.session
        if args and session is not None and session.path is not None and not session.read_only:
            self._settings.setValue(base_key(session.path), self.base_combo.currentData() or "")
        if session is None:
            self.review.base_chosen(None)
            self.compare_view.set_sources(None, None)
            self.inline_view.set_draft(None)
            self.tracker.set_sources(None, None)
            return
        label = self.base_combo.currentData()
        try:
            base = session.policy_for(label)
        except PolicyError as error:
            QMessageBox.warning(self, "Cannot show the version", str(error))
            return
        self.review.base_chosen(label)  # before the rows are made: their comment marks need it
        self.compare_view.set_sources(base, session.document, base_name=self.base_combo.currentText(),
                                      draft_name=session.draft_name, read_only=session.read_only)
        self.inline_view.set_draft(session.document, read_only=session.read_only)
        self.tracker.set_sources(base, session.document, base_key=label)

    def select_base(self, label: str) -> None:
        """Compare the draft with version `label` (a merge from Word tracks its changes against it)."""
        index = self.base_combo.findData(label)
        if index >= 0 and index != self.base_combo.currentIndex():
            self.base_combo.setCurrentIndex(index)

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
        self._show_words()  # counted by the redline's worker
        self._show_changes()
        self._refresh_single_pane()

    @property
    def hide_editorial(self) -> bool:
        return self.actions["hideEditorial"].isChecked()

    def set_hide_editorial(self, hide: bool) -> None:
        """Leave editorial changes out of the change list, next/previous and the side-by-side colours,
        show them as plain text inline (`hide`), or show them all again; remembered in the settings."""
        action = self.actions["hideEditorial"]
        if action.isChecked() != hide:
            action.setChecked(hide)  # its `toggled` calls back here
            return
        self._settings.setValue(HIDE_EDITORIAL_KEY, hide)
        self.compare_view.set_hide_editorial(hide)
        self.inline_view.set_hide_editorial(hide)
        self._show_changes()
        self._refresh_single_pane()

    def _show_changes(self) -> None:
        self.changes.show_changes()
        self._show_counts()

    # ------------------------------------------------------------ views and status

    def set_view(self, index: int) -> None:
        """Show side by side, inline redline or draft only."""
        self.stack.setCurrentIndex(index)
        self.actions[VIEW_ACTIONS[index]].setChecked(True)
        self._refresh_single_pane()

    def _refresh_single_pane(self) -> None:
        # the one-pane views are redrawn only while on show: typing side by side costs them nothing
        index = self.stack.currentIndex()
        if index == INLINE:
            self.inline_view.show_redline(self.tracker.redline, self.tracker.accepted_ids())
            self.review.panes_redrawn()
        elif index == DRAFT_ONLY and self.session is not None:
            self.policy_view.show_policy(self.session.document.policy)
            self.review.panes_redrawn()

    def _on_section_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        model = self.navigator.model()
        if isinstance(model, SectionTreeModel):
            section = model.section_at(current)
            section_id = section.id if section is not None else model.ghost_at(current)
            if section_id is not None:
                self.compare_view.scroll_to(section_id)
                self.inline_view.show_section(section_id)
                self.policy_view.show_section(section_id)

    def _on_states_changed(self) -> None:
        model = self.navigator.model()
        if isinstance(model, SectionTreeModel):
            model.set_states(self.compare_view.states(), self.compare_view.deleted_sections())

    def _edit_preferences(self) -> None:
        if PreferencesDialog(self._settings, self).exec():
            self._show_user()
            self.review.refresh()
            self.restyle()  # the redline colours may have changed

    # ------------------------------------------------------------ theme

    def set_theme(self, choice: str) -> None:
        """Show the window in the "system", "light" or "dark" theme, and remember it."""
        if choice not in THEMES:
            return
        self._settings.setValue(THEME_KEY, choice)
        self.actions[THEME_ACTIONS[choice]].setChecked(True)
        apply_theme(choice)
        self.restyle()

    def restyle(self, *, force: bool = False) -> None:
        """Paint the changes, marks and states again in the theme's colours, if they changed."""
        self._restyle_due = False
        colours = redline_colours(self._settings)
        styled_for = (is_dark(), colours)
        if styled_for == self._styled_for and not force:
            return
        self._styled_for = styled_for
        use_redline_colours(colours)
        if self.compare_view.rows:
            self.compare_view.rebuild()  # formats, heading bars and ghosts are set when rows are made
        self.inline_view.restyle()
        self.policy_view.restyle()
        self.navigator.viewport().update()  # the model gives its state colours when asked to paint
        self.review.refresh()  # comment marks and the thread's muted dates

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        # the system's theme switched (light to dark, or back): follow it once the palette is in
        if event.type() == QEvent.Type.PaletteChange and not self._restyle_due:
            self._restyle_due = True
            QTimer.singleShot(0, self, self.restyle)  # not after the window is gone
        super().changeEvent(event)

    def apply_zoom(self, steps: int) -> None:
        """Show the text panes `steps` points larger than normal (0: normal), and remember it."""
        steps = set_zoom_steps(self._settings, steps)
        font = zoomed_font(self._base_font, steps)
        self.zoom_steps = steps
        for pane in (self.compare_view, self.inline_view, self.policy_view):
            pane.setFont(font)
        if self.compare_view.rows:  # headings took their bold font when made
            self.compare_view.rebuild()
        self.actions["zoomReset"].setEnabled(steps != 0)

    # ------------------------------------------------------------ review and export

    def versions_changed(self) -> None:
        """A version's status changed or a review came in: the lists and the lock again."""
        label = self.versions_panel.current_label()
        self._fill_base_combo()
        if label is not None:
            self.versions_panel.select(label)
        self.status.show_lock(self.session)
        self.review.update_enabled()

    def show_export(self) -> ExportDialog | None:
        """Open File ▸ Export… on the open policy."""
        if self.session is None:
            return None
        dialog = export_dialog(self.session, self.review.threads, user_name(self._settings), self,
                               redline_colours(self._settings))
        dialog.exported.connect(lambda path: self.statusBar().showMessage(f"Exported {path}", 8000))
        dialog.finished.connect(lambda _result: (dialog.setObjectName(""), dialog.deleteLater()))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _show_user(self) -> None:
        self.status.show_user(user_name(self._settings))

    def _show_words(self) -> None:
        if self.session is not None and self.tracker.redline is not None:
            self.status.show_words(self.tracker.words)

    def _show_counts(self) -> None:
        shown = len(self.shown_changes()) if self.session is not None else None
        self.status.show_counts(shown, len(self.tracker.open_changes()) - (shown or 0))

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle("Policy Editor")
        else:
            self.setWindowTitle(f"{self.session.document.policy.title} — {self.session.name}")

    def _update_enabled(self) -> None:
        session = self.session
        editable = session is not None and not session.read_only
        for name in ("bold", "italic", "underline", "bulletList", "numberedList", "addSection",
                     "deleteSection", "renameSection", "moveUp", "moveDown", "indent", "outdent", "find",
                     "outlineNumbering", "findNext", "replace"):
            self.actions[name].setEnabled(editable)
        self.actions["save"].setEnabled(editable)
        self.actions["saveAs"].setEnabled(session is not None)
        self.actions["saveVersion"].setEnabled(editable and session is not None and session.file is not None)
        self.actions["export"].setEnabled(session is not None)
        self.review.update_enabled()
