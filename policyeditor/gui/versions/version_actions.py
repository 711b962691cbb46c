"""The window's versions part: save the draft as a version, show a version, start the draft from one.

It knows the settings (the user's name), a parent for its dialogs, a way to ask for
the open session, the undo `push` and the file part's `open_path`; the window only
wires it. Messages for the status bar go out through `message`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from policyeditor.core.errors import PolicyError
from policyeditor.gui.editing import commands
from policyeditor.gui.session import Session
from policyeditor.gui.window.dialogs import SaveVersionDialog, next_label, user_name


class VersionActions(QObject):
    """Save version, open version and new draft from a version, for one window."""

    message = Signal(str, int)  # for the status bar: text, milliseconds

    def __init__(self, settings: QSettings, dialog_parent: QWidget,
                 current_session: Callable[[], Session | None], push: Callable[[QUndoCommand], None],
                 open_path: Callable[[str], bool]) -> None:
        super().__init__(dialog_parent)
        self._settings = settings
        self._parent = dialog_parent
        self._session = current_session
        self._push = push
        self._open_path = open_path

    def ask_and_save_version(self) -> None:
        session = self._session()
        if session is None or session.file is None or session.read_only:
            return
        dialog = SaveVersionDialog(next_label([v.label for v in session.versions()]), self._parent)
        if dialog.exec():
            self.save_version(dialog.label, dialog.note)

    def save_version(self, label: str, note: str = "") -> bool:
        """Save the draft as version `label`; False with a message when it cannot be."""
        session = self._session()
        if session is None:
            return False
        try:
            session.save_version(label, note, user_name(self._settings))
        except PolicyError as error:
            QMessageBox.warning(self._parent, "Cannot save the version", str(error))
            return False
        self.message.emit(f"Saved version {label}.", 5000)
        return True

    def open_version(self, label: str) -> bool:
        """Show a version of the open file read-only (the draft is saved first)."""
        session = self._session()
        if session is None or session.path is None:
            return False
        return self._open_path(f"{session.path}@{label}")

    def draft_from_version(self, label: str) -> None:
        """Make the draft equal to a version, as one undoable step."""
        session = self._session()
        if session is None:
            return
        try:
            policy = session.load_version(label).policy
        except PolicyError as error:
            QMessageBox.warning(self._parent, "Cannot read the version", str(error))
            return
        self._push(commands.replace_policy(session.document, policy, f"New draft from version {label}"))
        self.message.emit(f"The draft now starts from version {label}; Undo takes it back.", 5000)
