"""Small dialogs: preferences (who you are, redline colours) and saving a version (label and note)."""

from __future__ import annotations

import getpass
from dataclasses import replace

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from policyeditor.core.people import person_name
from policyeditor.gui.style.theme import RedlineColours, redline_colours, set_redline_colours
from policyeditor.gui.window.identity_box import IdentityBox
from policyeditor.store.versions import label_refusal

# each role Preferences colours (colours.ROLES): its label, and the colour dialog's title
COLOUR_ROLES = (("inserted", "&Insertions:", "Insertions"), ("deleted", "&Deletions:", "Deletions"),
                ("moved", "&Moves:", "Moves"),
                ("reformatted", "&Formatting changes:", "Changes of Formatting Alone"))
SWATCH = QSize(36, 14)


def user_name(settings: QSettings) -> str:
    """The name set in preferences, else the login name (offline tools' identity)."""
    name = person_name(str(settings.value("user/name", "") or ""))  # as the record keeps names
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
    """Your name and initials (the author of versions and comments), your identity and the redline colours.

    The colours mark insertions, deletions, moves and changes of formatting alone (bold
    removed, a bullet made a number) in the window, the redline HTML and PDF and the
    blackline DOCX; the tracked-changes DOCX leaves colours to Word.
    """

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
        self.identity_box = IdentityBox(settings, user_name(settings), self)
        form.addRow(self.identity_box)

        self.colours = redline_colours(settings)
        group = QGroupBox("Redline colours", self)
        group.setObjectName("redlineColoursGroup")
        colour_form = QFormLayout(group)
        self.colour_buttons: dict[str, QPushButton] = {}
        for name, label, _title in COLOUR_ROLES:
            button = QPushButton(group)
            button.setObjectName(f"{name}ColourButton")
            button.setIconSize(SWATCH)
            button.clicked.connect(lambda _=False, n=name: self._choose(n))
            self.colour_buttons[name] = button
            colour_form.addRow(label, button)
        # two set lines, not word wrap: a wrapped label in a form is clipped at 200 % scaling
        note = QLabel("Used in the window, the redline HTML and PDF and the blackline\n"
                      "DOCX; a dark theme shows lighter tints of them.", group)
        note.setObjectName("redlineColoursNote")
        colour_form.addRow(note)
        reset = QPushButton("Use the &Standard Colours", group)
        reset.setObjectName("redlineColoursReset")
        reset.clicked.connect(lambda: self._show_colours(RedlineColours()))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(reset)
        colour_form.addRow(row)
        form.addRow(group)
        form.addRow(_buttons(self))
        self.setMinimumWidth(420)
        self._show_colours(self.colours)

    def set_colour(self, name: str, colour: QColor) -> None:
        """Choose the colour of a role of `COLOUR_ROLES` ("inserted"...) (kept when OK is pressed)."""
        if colour.isValid():
            self._show_colours(replace(self.colours, **{name: colour.name()}))

    def _choose(self, name: str) -> None:
        title = next(title for role, _label, title in COLOUR_ROLES if role == name)
        colour = QColorDialog.getColor(QColor(getattr(self.colours, name)), self, f"Colour of {title}")
        self.set_colour(name, colour)

    def _show_colours(self, colours: RedlineColours) -> None:
        self.colours = colours
        ratio = self.devicePixelRatioF()  # a swatch drawn for the screen's pixels stays sharp at 200 %
        for name, button in self.colour_buttons.items():
            value = getattr(colours, name)
            swatch = QPixmap(SWATCH * ratio)
            swatch.setDevicePixelRatio(ratio)
            swatch.fill(QColor(value))
            button.setIcon(QIcon(swatch))
            button.setText(value.upper())
            button.setToolTip(f"Choose the colour of {name} words")

    def accept(self) -> None:
        self._settings.setValue("user/name", self.name_edit.text().strip())
        self._settings.setValue("user/initials", self.initials_edit.text().strip())
        set_redline_colours(self._settings, self.colours)
        self.identity_box.save(self._settings)
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
        # why the label cannot be one (the store's rule: FILE.policy@LABEL must name it back)
        self.label_problem = QLabel(self)
        self.label_problem.setObjectName("versionLabelProblem")
        self.label_problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("&Label:", self.label_edit)
        form.addRow("", self.label_problem)
        form.addRow("&Note:", self.note_edit)
        buttons = _buttons(self)
        form.addRow(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.label_edit.textChanged.connect(self._check_label)
        self._check_label(suggested_label)

    def _check_label(self, text: str) -> None:
        refusal = label_refusal(text)
        self.ok_button.setEnabled(refusal is None)
        shown = refusal if refusal and text.strip() else ""  # an empty field: the disabled OK says it
        self.label_problem.setText(shown[:1].upper() + shown[1:] + ("." if shown else ""))
        self.label_problem.setVisible(bool(self.label_problem.text()))

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
