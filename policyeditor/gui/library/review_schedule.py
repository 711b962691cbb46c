"""The library dialog's Review…: a policy's next review date, its review cycle and its owner.

The change is the server's to allow (owners and authors all three, reviewers the
date); it runs in a worker like the list, and a refusal is one sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from policyeditor.library import catalog


class ReviewScheduleDialog(QDialog):
    """Edits one library entry's review date, cycle and owner; `changes()` gives what differs."""

    def __init__(self, entry: catalog.Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewScheduleDialog")
        self.setWindowTitle(f"Review of {entry.title}")
        self.entry = entry
        due = entry.review_due
        self.due_edit = QDateEdit(QDate(due.year, due.month, due.day), self, objectName="reviewDue")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.months_spin = QSpinBox(self, objectName="reviewMonths")
        self.months_spin.setRange(1, 120)
        self.months_spin.setSuffix(" months")
        self.months_spin.setValue(entry.review_months)
        self.owner_edit = QLineEdit(entry.owner, self, objectName="reviewOwner")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Next &review:", self.due_edit)
        form.addRow("Review &every:", self.months_spin)
        form.addRow("&Owner:", self.owner_edit)
        form.addRow(buttons)

    def changes(self) -> dict[str, object]:
        """The keyword arguments of app.library.set_review for what the user changed."""
        changed: dict[str, object] = {}
        due = self.due_edit.date().toPython()
        if due != self.entry.review_due:
            changed["due_on"] = due
        if self.months_spin.value() != self.entry.review_months:
            changed["months"] = self.months_spin.value()
        owner = self.owner_edit.text().strip()
        if owner and owner != self.entry.owner:
            changed["owner"] = owner
        return changed
