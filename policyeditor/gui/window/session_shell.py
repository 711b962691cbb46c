"""A session's time in the window: taking an opened document in, letting it go, and what the
window shows for it (title, enabled actions, the navigator's model).

`WindowLife` (lifecycle.py) decides whether a document may go; this part does the
taking in and letting go. It asks the window it sits in for its parts
(`SessionHost`) as it needs them, so it never imports the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QAction, QUndoGroup
from PySide6.QtWidgets import QMessageBox, QStatusBar, QTreeView

from policyeditor.core.errors import PolicyError
from policyeditor.gui import jobs
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.edit_actions import EditActions
from policyeditor.gui.editing.import_notes import ImportNotes
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.gui.editing.policy_view import PolicyView
from policyeditor.gui.library.library_ui import LibraryUi
from policyeditor.gui.models.sections import SectionTreeModel
from policyeditor.gui.session import Session
from policyeditor.gui.ui_thread_gc import thaw
from policyeditor.gui.versions.base_chooser import BaseChooser
from policyeditor.gui.window.lifecycle import WindowLife
from policyeditor.gui.window.status_line import StatusLine
from policyeditor.gui.window.view_state import ViewState

EDITING_ACTIONS = ("bold", "italic", "underline", "bulletList", "numberedList", "addSection",
                   "deleteSection", "renameSection", "moveUp", "moveDown", "indent", "outdent", "find",
                   "outlineNumbering", "findNext", "replace")


class _Review(Protocol):
    def session_started(self) -> None: ...
    def refresh(self) -> None: ...
    def update_enabled(self) -> None: ...


class SessionHost(Protocol):
    """What the session part needs of its window (the main window is one)."""

    session: Session | None
    actions: dict[str, QAction]
    undo_group: QUndoGroup
    navigator: QTreeView
    compare_view: CompareView
    inline_view: InlineRedlineView
    policy_view: PolicyView
    status: StatusLine
    edits: EditActions
    review: _Review
    notes: ImportNotes
    library: LibraryUi
    life: WindowLife
    base: BaseChooser
    view_state: ViewState

    def statusBar(self) -> QStatusBar: ...  # noqa: N802
    def setWindowTitle(self, title: str) -> None: ...  # noqa: N802
    def show_words(self) -> None: ...


class SessionShell(QObject):
    """Starts and closes the sessions of one main window."""

    def __init__(self, window: SessionHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the host is a QMainWindow
        self.window = window

    # ------------------------------------------------------------ taking a document in

    def start(self, session: Session) -> None:
        window = self.window
        jobs.ui_turn()  # a heavy turn: the jobs it starts (pairing the rows, the redline) wait for its end
        self.close()
        window.session = session
        window.life.show_page()  # the views on show before they lay the document out at their width
        window.undo_group.addStack(session.undo_stack)
        window.undo_group.setActiveStack(session.undo_stack)
        session.saved.connect(lambda _at: window.status.show_saved(window.session))
        session.saveFailed.connect(lambda why: window.statusBar().showMessage(f"Autosave failed: {why}"))
        session.versionsChanged.connect(window.base.fill)
        model = SectionTreeModel(session.document, window.navigator)
        self._replace_navigator_model(model)
        window.navigator.expandAll()
        model.modelReset.connect(window.navigator.expandAll)
        model.moveRequested.connect(window.edits.move_to)
        window.navigator.selectionModel().currentChanged.connect(self._on_section_chosen)
        window.review.session_started()
        window.base.fill()  # sets the compare view's sources
        window.view_state.refresh_single_pane()  # the threads are in: `session_started` read them
        window.status.show_lock(window.session)
        self.update_title()
        window.show_words()
        window.status.show_saved(window.session)
        self.update_enabled()
        window.notes.set_notes(session.report, session.opened_policy, session.document)
        if session.report:
            count = len(session.report)
            window.statusBar().showMessage(f"Imported with {count} note{'s' if count != 1 else ''}: "
                                           f"{session.report[0]} (all of them in View ▸ Import Notes)")
        window.library.session_started(session)

    def saved_as(self) -> None:
        window = self.window
        window.review.session_started()  # comments and review moves: the file is there now
        window.base.fill()
        self.update_title()
        window.status.show_saved(window.session)
        self.update_enabled()

    # ------------------------------------------------------------ letting it go

    def close(self) -> None:
        window = self.window
        if window.session is None:
            return
        try:
            window.session.close()
        except PolicyError as error:
            QMessageBox.warning(window, "Cannot save", str(error))  # type: ignore[call-overload]
        window.undo_group.removeStack(window.session.undo_stack)
        self._replace_navigator_model(None)
        window.session = None
        window.review.session_started()
        window.notes.set_notes([], None, None)
        thaw()  # what the document held may be cycles now: the next full collection takes them

    def close_file(self, path: Path) -> bool:
        """Save and close the open policy if it is the file `path` (a sync is to write it); whether it was."""
        session = self.window.session
        if session is None or session.path is None or not Path(path).exists():
            return False
        if session.path.resolve() != Path(path).resolve():
            return False
        self.close()
        self.window.status.show_library(None)
        return True

    def close_document(self) -> None:
        """Let the document go (the lifecycle part settled its work first): nothing on show."""
        self.close()
        self.window.base.fill()
        self.update_title()
        self.update_enabled()
        self.window.status.show_saved(None)
        self.window.status.show_lock(None)

    # ------------------------------------------------------------ what the window shows for it

    def update_title(self) -> None:
        session = self.window.session
        if session is None:
            self.window.setWindowTitle("Policy Editor")
        else:
            self.window.setWindowTitle(f"{session.document.policy.title} — {session.name}")

    def update_enabled(self) -> None:
        session, actions = self.window.session, self.window.actions
        editable = session is not None and not session.read_only
        for name in EDITING_ACTIONS:
            actions[name].setEnabled(editable)
        actions["save"].setEnabled(editable)
        actions["saveAs"].setEnabled(session is not None)
        actions["saveVersion"].setEnabled(editable and session is not None and session.file is not None)
        actions["export"].setEnabled(session is not None)
        self.window.review.update_enabled()

    def _replace_navigator_model(self, model: SectionTreeModel | None) -> None:
        # the view keeps neither its old model nor the old selection model: both go, in order
        navigator = self.window.navigator
        old_model, old_selection = navigator.model(), navigator.selectionModel()
        navigator.setModel(model)
        if old_selection is not None:
            old_selection.deleteLater()
        if isinstance(old_model, SectionTreeModel):
            old_model.detach()
            old_model.deleteLater()

    def _on_section_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        window = self.window
        model = window.navigator.model()
        if isinstance(model, SectionTreeModel):
            section = model.section_at(current)
            section_id = section.id if section is not None else model.ghost_at(current)
            if section_id is not None:
                window.compare_view.scroll_to(section_id)
                window.inline_view.show_section(section_id)
                window.policy_view.show_section(section_id)

    def states_changed(self) -> None:
        """The sections' change states again in the navigator."""
        model = self.window.navigator.model()
        if isinstance(model, SectionTreeModel):
            model.set_states(self.window.compare_view.states(), self.window.compare_view.deleted_sections())
