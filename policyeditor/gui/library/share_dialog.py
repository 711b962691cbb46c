"""The library dialog's Share…: let a library user work on a policy, in a role, or no more.

Only the policy's owner may (app.library.share says so in one sentence to anyone else);
the change runs in a worker like the list.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from policyeditor.library import catalog

# what the role list offers, in the order a sharer wants them; None takes the policy away
ROLE_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Author: edits the draft and saves versions", "author"),
    ("Reviewer: comments and approves", "reviewer"),
    ("Reader: reads only", "reader"),
    ("Owner: also shares it", "owner"),
    ("No access: take it away", None),
)


class ShareDialog(QDialog):
    """Asks who (a library user) and in which role; `choice()` gives (member, role or None)."""

    def __init__(self, entry: catalog.Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shareDialog")
        self.setWindowTitle(f"Share {entry.title}")
        self.member_edit = QLineEdit(self, objectName="shareMember")
        self.member_edit.setPlaceholderText("their library login, e.g. jsmith")
        self.role_combo = QComboBox(self, objectName="shareRole")
        for text, role in ROLE_CHOICES:
            self.role_combo.addItem(text, role)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.member_edit.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        form = QFormLayout(self)
        form.addRow("&User:", self.member_edit)
        form.addRow("&Role:", self.role_combo)
        form.addRow(self.buttons)

    def choice(self) -> tuple[str, str | None]:
        """The user named and the role chosen (None: no access)."""
        return self.member_edit.text().strip(), self.role_combo.currentData()
