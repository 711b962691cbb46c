"""Small dialogs: preferences (who you are) and saving a version (label and note)."""

from __future__ import annotations

import getpass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget


def user_name(settings: QSettings) -> str:
    """The name set in preferences, else the login name (offline tools' identity)."""
    name = str(settings.value("user/name", "") or "")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def user_initials(settings: QSettings) -> str:
    initials = str(settings.value("user/initials", "") or "")
    return initials or "".join(part[0] for part in user_name(settings).split() if part).upper()


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                               dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PreferencesDialog(QDialog):
    """Your name and initials, used as the author of versions and comments."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.name_edit = QLineEdit(str(settings.value("user/name", "") or ""), self)
        self.name_edit.setObjectName("userNameEdit")
        self.name_edit.setPlaceholderText(user_name(settings))
        self.initials_edit = QLineEdit(str(settings.value("user/initials", "") or ""), self)
        self.initials_edit.setObjectName("userInitialsEdit")
        self.initials_edit.setMaxLength(6)
        form = QFormLayout(self)
        form.addRow("Your &name:", self.name_edit)
        form.addRow("&Initials:", self.initials_edit)
        form.addRow(_buttons(self))

    def accept(self) -> None:
        self._settings.setValue("user/name", self.name_edit.text().strip())
        self._settings.setValue("user/initials", self.initials_edit.text().strip())
        self._settings.sync()
        super().accept()


class SaveVersionDialog(QDialog):
    """Ask for a new version's label (required) and note."""

    def __init__(self, suggested_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveVersionDialog")
        self.setWindowTitle("Save Version")
        self.label_edit = QLineEdit(suggested_label, self)
        self.label_edit.setObjectName("versionLabelEdit")
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("versionNoteEdit")
        self.note_edit.setPlaceholderText("What changed and why (optional)")
        form = QFormLayout(self)
        form.addRow("&Label:", self.label_edit)
        form.addRow("&Note:", self.note_edit)
        buttons = _buttons(self)
        form.addRow(buttons)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.label_edit.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))

    @property
    def label(self) -> str:
        return self.label_edit.text().strip()

    @property
    def note(self) -> str:
        return self.note_edit.toPlainText().strip()


def next_label(labels: list[str]) -> str:
    """A suggestion after the newest label: 1.2 → 1.3, 3 → 4, anything else → its name + '.1'."""
    if not labels:
        return "0.1"
    last = labels[-1]
    head, _, tail = last.rpartition(".")
    if tail.isdigit():
        candidate = f"{head}.{int(tail) + 1}" if head else str(int(tail) + 1)
    else:
        candidate = last + ".1"
    while candidate in labels:
        candidate += ".1"
    return candidate
