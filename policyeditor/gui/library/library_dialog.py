"""File ▸ Open from Library…: connect to a library, list its policies, filter them, choose one.

The URL is remembered in the settings; a password typed here goes to the
server beside the URL (never in it) and into the system keyring only when the
user asks, never into the settings. The list is read in a worker
(gui/jobs.py): a slow server never freezes the window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from policyeditor.app.library import list_library, set_review, share
from policyeditor.gui import jobs
from policyeditor.gui.library.review_schedule import ReviewScheduleDialog
from policyeditor.gui.library.share_dialog import ShareDialog
from policyeditor.library import catalog
from policyeditor.library.connection import remember_password

URL_KEY = "library/url"
COLUMNS = ("Title", "Status", "Owner", "Latest version", "Next review")
ALL = "All"


def first_line(message: str) -> str:
    """A job's failure as the user reads it: its first line (the traceback stays out of sight)."""
    line = (message.splitlines() or [""])[0].rstrip(".") + "."
    return line[:1].upper() + line[1:]


def is_due(entry: catalog.Entry, today: date | None = None, days: int = catalog.DUE_SOON_DAYS) -> bool:
    """Whether the policy's review falls within `days` (overdue included)."""
    return entry.review_due <= (today or date.today()) + timedelta(days=days)


class OpenFromLibraryDialog(QDialog):
    """Lists the library's policies (title, status, owner, latest version, next review) to open one."""

    listed = Signal()  # the list arrived (or failed): tests and the window wait on it

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openFromLibraryDialog")
        self.setWindowTitle("Open from Library")
        self.resize(860, 520)
        self._settings = settings
        self.entries: list[catalog.Entry] = []
        self.shown: list[catalog.Entry] = []
        self.job: jobs.Job | None = None
        self.connected_url = ""

        self.url_edit = QLineEdit(str(settings.value(URL_KEY, "") or ""), self, objectName="libraryUrl")
        self.url_edit.setPlaceholderText("postgresql://you@server:5432/policies")
        self.password_edit = QLineEdit(self, objectName="libraryPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("leave empty to use the keyring, PGPASSWORD or ~/.pgpass")
        self.remember_box = QCheckBox("Remember the password in the system keyring", self,
                                      objectName="libraryRememberPassword")
        self.connect_button = QPushButton("&Connect", self, objectName="libraryConnect")
        self.connect_button.clicked.connect(self.refresh)
        self.url_edit.returnPressed.connect(self.refresh)
        self.password_edit.returnPressed.connect(self.refresh)

        self.search_edit = QLineEdit(self, objectName="librarySearch")
        self.search_edit.setPlaceholderText("Search titles")
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self, objectName="libraryStatusFilter")
        self.owner_combo = QComboBox(self, objectName="libraryOwnerFilter")
        self.due_box = QCheckBox(f"Due in the next {catalog.DUE_SOON_DAYS} days", self,
                                 objectName="libraryDueSoon")
        for widget in (self.status_combo, self.owner_combo):
            widget.addItem(ALL)
            widget.currentIndexChanged.connect(self._filter)
        self.search_edit.textChanged.connect(self._filter)
        self.due_box.toggled.connect(self._filter)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView(self, objectName="libraryTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.message = QLabel(self, objectName="libraryMessage")
        self.message.setWordWrap(True)
        # room for a server's refusal, which runs to two lines, without clipping it
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 4)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.open_button = self.buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("libraryOpen")
        self.open_button.setEnabled(False)
        self.review_button = self.buttons.addButton("&Review…", QDialogButtonBox.ButtonRole.ActionRole)
        self.review_button.setObjectName("libraryReview")
        self.review_button.setToolTip("Set the chosen policy's next review date, review cycle or owner")
        self.review_button.setEnabled(False)
        self.review_button.clicked.connect(self.edit_review)
        self.share_button = self.buttons.addButton("&Share…", QDialogButtonBox.ButtonRole.ActionRole)
        self.share_button.setObjectName("libraryShare")
        self.share_button.setToolTip("Let a library user work on the chosen policy, or no more (owner only)")
        self.share_button.setEnabled(False)
        self.share_button.clicked.connect(self.share_chosen)
        self.buttons.accepted.connect(self._open)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.url_edit, 1)
        row.addWidget(self.connect_button)
        url_label = QLabel("&Library URL:", self)
        url_label.setBuddy(self.url_edit)
        form.addRow(url_label, row)
        form.addRow("&Password:", self.password_edit)
        form.addRow("", self.remember_box)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(QLabel("Status:", self))
        filters.addWidget(self.status_combo)
        filters.addWidget(QLabel("Owner:", self))
        filters.addWidget(self.owner_combo)
        filters.addWidget(self.due_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ connecting

    def url(self) -> str:
        return self.url_edit.text().strip()

    def password(self) -> str | None:
        return self.password_edit.text() or None

    def listing(self) -> bool:
        return self.job is not None

    def refresh(self) -> None:
        """Read the library's list in a worker (the URL is remembered once it answers)."""
        url, password = self.url(), self.password()
        if not url:
            self.message.setText("Type the library's URL, e.g. postgresql://you@server:5432/policies.")
            return
        self.message.setText("Connecting…")
        self.connect_button.setEnabled(False)
        self.job = jobs.start(lambda: list_library(url, password=password),
                              lambda entries: self._listed(url, entries), self._failed)

    def _listed(self, url: str, entries: list[catalog.Entry]) -> None:
        self.job = None
        self.connect_button.setEnabled(True)
        self.connected_url = url
        self._settings.setValue(URL_KEY, url)
        if self.remember_box.isChecked() and self.password():
            if not remember_password(url, self.password() or ""):
                self.message.setText("There is no system keyring here: the password was not kept.")
        self.entries = entries
        self._fill_filters()
        self._filter()
        if not entries:
            self.message.setText("The library has no policy shared with you yet.")
        elif not self.message.text().startswith("There is no"):
            self.message.setText(f"{len(entries)} policies in the library.")
        self.listed.emit()

    def _failed(self, message: str) -> None:
        self.job = None
        self.connect_button.setEnabled(True)
        self.message.setText(first_line(message))
        self._enable()
        self.listed.emit()

    # ------------------------------------------------------------ the list

    def _fill_filters(self) -> None:
        for combo, values in ((self.status_combo, sorted({e.status for e in self.entries})),
                              (self.owner_combo, sorted({e.owner for e in self.entries}))):
            chosen = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL)
            combo.addItems(values)
            combo.setCurrentIndex(max(combo.findText(chosen), 0))
            combo.blockSignals(False)

    def _filter(self) -> None:
        """Show the entries that pass the search and the filters."""
        words = self.search_edit.text().casefold().split()
        status, owner = self.status_combo.currentText(), self.owner_combo.currentText()
        due_only, today = self.due_box.isChecked(), date.today()
        self.shown = [
            e for e in self.entries
            if all(w in e.title.casefold() for w in words)
            and (status == ALL or e.status == status)
            and (owner == ALL or e.owner == owner)
            and (not due_only or is_due(e, today))
        ]
        before = self.chosen()
        chosen_row = next((i for i, e in enumerate(self.shown) if before and e.id == before.id), 0)
        self.model.removeRows(0, self.model.rowCount())
        for entry in self.shown:
            due = entry.review_due.isoformat() + ("  (due)" if is_due(entry, today) else "")
            cells = [entry.title, entry.status.replace("_", " ").capitalize(), entry.owner,
                     entry.latest or "—", due]
            items = [QStandardItem(text) for text in cells]
            items[0].setData(entry.id, Qt.ItemDataRole.UserRole)
            items[0].setToolTip(f"{entry.title}\n{entry.versions} version(s) · id {entry.id}")
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if self.shown:
            self.table.selectRow(chosen_row)
        self._enable()

    def _enable(self) -> None:
        chosen = self.chosen() is not None
        self.open_button.setEnabled(chosen)
        self.review_button.setEnabled(chosen and self.job is None)
        self.share_button.setEnabled(chosen and self.job is None)

    def chosen(self) -> catalog.Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows and rows[0].row() < len(self.shown) else None

    def edit_review(self) -> None:
        """Review…: change the chosen policy's review date, cycle or owner in the library."""
        entry = self.chosen()
        if entry is None or self.job is not None:
            return
        editor = ReviewScheduleDialog(entry, self)
        self.review_editor = editor  # tests drive it
        if editor.exec() != QDialog.DialogCode.Accepted or not editor.changes():
            return
        url, password, changes = self.connected_url or self.url(), self.password(), editor.changes()
        self._change("Saving the review schedule…",
                     lambda: set_review(url, entry.id, password=password, **changes), self._reviewed)

    def _reviewed(self, entry: catalog.Entry) -> None:
        self.entries = [entry if e.id == entry.id else e for e in self.entries]
        self._fill_filters()
        self._filter()
        self._changed(f"'{entry.title}': next review {entry.review_due.isoformat()}, "
                      f"every {entry.review_months} months, owner {entry.owner}.")

    def share_chosen(self) -> None:
        """Share…: give a library user a role in the chosen policy, or take it away."""
        entry = self.chosen()
        if entry is None or self.job is not None:
            return
        asked = ShareDialog(entry, self)
        self.share_editor = asked  # tests drive it
        if asked.exec() != QDialog.DialogCode.Accepted:
            return
        member, role = asked.choice()
        url, password = self.connected_url or self.url(), self.password()
        self._change(f"Sharing '{entry.title}'…",
                     lambda: share(url, entry.id, member, role, password=password),
                     lambda done: self._changed(
                         f"'{done.title}' is no longer shared with {member}." if role is None
                         else f"'{done.title}' is shared with {member} as {role}."))

    def _change(self, saying: str, work: Callable[[], catalog.Entry],
                done: Callable[[catalog.Entry], None]) -> None:
        """Run a change of the chosen policy in the library (Review…, Share…) in a worker."""
        self.message.setText(saying)
        self.review_button.setEnabled(False)
        self.share_button.setEnabled(False)
        self.job = jobs.start(work, done, self._failed)

    def _changed(self, said: str) -> None:
        self.job = None
        self.message.setText(said)
        self._enable()
        self.listed.emit()

    def _open(self) -> None:
        if self.chosen() is not None:
            self.accept()
