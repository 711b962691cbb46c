"""File ▸ Export…: choose format, version, redline base, comments and file; the export runs in a worker.

The dialog only gathers choices and shows progress: the window hands it a
`make_request(choices) -> ExportRequest` function (which reads the versions
from the policy file) and the export itself is `app.export.export`, run
by `jobs.start`. While it runs the dialog shows a busy bar and cannot be
closed; a failure is told in one sentence and the dialog stays for another try.

Formats are the clean DOCX (with or without a table of contents), HTML and
PDF, and their redlines: the DOCX one with Word's tracked changes and, if
asked, the open comments as Word comments, or the static blackline DOCX
(coloured runs in the Preferences' redline colours, for print or outside
readers). Choosing a version under "Redline against" turns a clean format into
its redline; choosing a clean format clears it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from policyeditor.app.export import ExportRequest, export
from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Status
from policyeditor.formats.exporters.safety import safe_filename
from policyeditor.gui import jobs
from policyeditor.gui.versions.versions_panel import status_text
from policyeditor.review.verify import newest_standing


@dataclass(frozen=True)
class Format:
    text: str
    kind: str      # docx, html, pdf
    redline: bool
    style: str = "tracked"  # a DOCX redline: "tracked" (Word's revisions) or "blackline"


FORMATS = [Format("DOCX (Word)", "docx", False), Format("HTML (web page)", "html", False),
           Format("PDF", "pdf", False), Format("Redline DOCX (tracked changes)", "docx", True),
           Format("Blackline DOCX (coloured, for print)", "docx", True, "blackline"),
           Format("Redline HTML", "html", True), Format("Redline PDF", "pdf", True)]
DRAFT = "draft"  # the version combo's data for the draft


@dataclass(frozen=True)
class ExportChoices:
    """What the dialog's fields say."""

    format: Format
    version: str | None       # None: the draft
    against: str | None       # the redline's base version, None for a clean export
    comments: bool
    path: Path
    toc: bool = True          # a table of contents in a clean DOCX


class ExportDialog(QDialog):
    """Export the draft or a version, clean or as a redline, to DOCX, HTML or PDF."""

    exported = Signal(str)  # the path written

    def __init__(self, title: str, versions: list[tuple[str, Status]], folder: Path,
                 make_request: Callable[[ExportChoices], ExportRequest],
                 parent: QWidget | None = None, unverified: dict[str, str] | None = None) -> None:
        """`versions`: (label, status) oldest first; `folder`: where the file goes by default;
        `unverified`: the versions whose status their record does not show, with why (Session.unverified)."""
        super().__init__(parent)
        self._unverified = unverified or {}
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self._title = title
        self._statuses = dict(versions)
        self._folder = folder
        self._make_request = make_request
        self._job: jobs.Job | None = None
        self._path_edited = False

        self.format_combo = QComboBox(self, objectName="exportFormat")
        for fmt in FORMATS:
            self.format_combo.addItem(fmt.text, fmt)
        self.version_combo = QComboBox(self, objectName="exportVersion")
        self.version_combo.addItem("Draft (not approved)", DRAFT)
        self.against_combo = QComboBox(self, objectName="exportAgainst")
        self.against_combo.addItem("None (a clean copy)", None)
        for label, status in reversed(versions):
            shown = f"{label} ({status_text(status, self._unverified.get(label))})"
            self.version_combo.addItem(shown, label)
            self.against_combo.addItem(shown, label)
        chosen = newest_standing(versions, self._unverified)  # else the draft (None)
        self.version_combo.setCurrentIndex(max(0, self.version_combo.findData(chosen or DRAFT)))
        self.comments_box = QCheckBox("Include open comments as Word comments", self,
                                      objectName="exportComments")
        self.comments_box.setChecked(True)
        self.toc_box = QCheckBox("Table of contents", self, objectName="exportToc")
        self.toc_box.setToolTip("A table of contents after the title (Word fills in page numbers on update)")
        self.toc_box.setChecked(True)
        self.open_box = QCheckBox("Open when done", self, objectName="exportOpen")
        self.path_edit = QLineEdit(self, objectName="exportPath")
        self.path_edit.textEdited.connect(self._on_path_edited)
        browse = QPushButton("Browse…", self, objectName="exportBrowse")
        browse.clicked.connect(self._browse)
        self.note = QLabel(self, objectName="exportDraftNote")
        self.note.setWordWrap(True)
        # room for two lines: a form does not grow the dialog when a wrapped label gets taller
        self.note.setMinimumHeight(2 * self.note.fontMetrics().lineSpacing() + 4)
        self.progress = QProgressBar(self, objectName="exportProgress")
        self.progress.setRange(0, 0)  # busy: the writers report no steps
        self.progress.setVisible(False)
        standard = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(standard.Cancel, self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("&Format:", self.format_combo)
        form.addRow("&Version:", self.version_combo)
        form.addRow("&Redline against:", self.against_combo)
        form.addRow("", self.comments_box)
        form.addRow("", self.toc_box)
        save_as = QLabel("&Save as:", self)
        save_as.setBuddy(self.path_edit)  # a row of a layout makes no buddy: the & would show
        form.addRow(save_as, path_row)
        form.addRow("", self.open_box)
        form.addRow(self.note)
        form.addRow(self.progress)
        form.addRow(self.buttons)
        self.resize(560, 0)

        self.format_combo.currentIndexChanged.connect(self._on_format)
        self.against_combo.currentIndexChanged.connect(self._on_against)
        self.version_combo.currentIndexChanged.connect(self._update)
        self._update()

    # ------------------------------------------------------------ choices

    def choices(self) -> ExportChoices:
        fmt: Format = self.format_combo.currentData()
        version = self.version_combo.currentData()
        return ExportChoices(fmt, None if version == DRAFT else version,
                             self.against_combo.currentData() if fmt.redline else None,
                             self.comments_box.isChecked() and self.comments_box.isEnabled(),
                             Path(self.path_edit.text().strip()).expanduser(),
                             self.toc_box.isChecked() and self.toc_box.isEnabled())

    def set_format(self, kind: str, *, redline: bool = False, style: str = "tracked") -> None:
        """Choose a format by kind (docx, html, pdf), redline or not, and a DOCX redline's style."""
        for index, fmt in enumerate(FORMATS):
            if (fmt.kind, fmt.redline, fmt.style) == (kind, redline, style):
                self.format_combo.setCurrentIndex(index)

    def default_name(self) -> str:
        fmt: Format = self.format_combo.currentData()
        version = self.version_combo.currentData()
        name = f"{self._title} {'draft' if version == DRAFT else 'v' + version}"
        against = self.against_combo.currentData()
        if fmt.redline:
            kind = "blackline" if fmt.style == "blackline" else "redline"
            name += f" {kind} against {'v' + against if against else 'nothing'}"
        return safe_filename(name) + "." + fmt.kind

    def _on_format(self) -> None:
        fmt: Format = self.format_combo.currentData()
        if fmt.redline and self.against_combo.currentData() is None and self.against_combo.count() > 1:
            self.against_combo.blockSignals(True)
            self.against_combo.setCurrentIndex(self._default_against())
            self.against_combo.blockSignals(False)
        elif not fmt.redline and self.against_combo.currentIndex() != 0:
            self.against_combo.blockSignals(True)
            self.against_combo.setCurrentIndex(0)
            self.against_combo.blockSignals(False)
        self._update()

    def _default_against(self) -> int:
        """The newest version other than the one exported."""
        exported = self.version_combo.currentData()
        for index in range(1, self.against_combo.count()):
            if self.against_combo.itemData(index) != exported:
                return index
        return 1

    def _on_against(self) -> None:
        fmt: Format = self.format_combo.currentData()
        wanted = self.against_combo.currentData() is not None
        if wanted != fmt.redline:
            self.format_combo.blockSignals(True)
            self.set_format(fmt.kind, redline=wanted)
            self.format_combo.blockSignals(False)
        self._update()

    def _on_path_edited(self) -> None:
        self._path_edited = True
        self._update()

    def _update(self) -> None:
        fmt: Format = self.format_combo.currentData()
        self.comments_box.setEnabled(fmt.redline and fmt.kind == "docx" and fmt.style == "tracked")
        self.toc_box.setEnabled(fmt.kind == "docx" and not fmt.redline)
        if not self._path_edited:
            self.path_edit.setText(str(self._folder / self.default_name()))
        version = self.version_combo.currentData()
        status = self._statuses.get(version) if version != DRAFT else None
        if status is not None and version in self._unverified:  # the export refuses it (export_ui)
            note = (f"Version {version} is marked {status.title.lower()}, but the file does not show it so: "
                    "it cannot be exported.")
        elif status is None:
            note = "The draft is not approved: the export is marked DRAFT."
        elif not status.locked:
            note = f"Version {version} is {status.title.lower()}, not approved: the export is marked DRAFT."
        else:
            note = f"Version {version} is {status.title.lower()}."
        if fmt.redline and self.against_combo.currentData() is None:
            note += " Choose the version to redline against."
        self.note.setText(note)
        running = self._job is not None
        self.export_button.setEnabled(not running and bool(self.path_edit.text().strip())
                                      and (not fmt.redline or self.against_combo.currentData() is not None))

    def _browse(self) -> None:
        fmt: Format = self.format_combo.currentData()
        path, _ = QFileDialog.getSaveFileName(self, "Export as", self.path_edit.text(),
                                              f"{fmt.text} (*.{fmt.kind})")
        if path:
            if not path.lower().endswith("." + fmt.kind):
                path += "." + fmt.kind
            self.path_edit.setText(path)
            self._on_path_edited()

    # ------------------------------------------------------------ running

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self) -> bool:
        """Start the export in a worker; False (with a message) when the choices cannot be exported."""
        if self._job is not None:
            return False
        choices = self.choices()
        if choices.path.suffix.lower() != "." + choices.format.kind:
            named = choices.path.with_name(choices.path.name + "." + choices.format.kind)
            choices = replace(choices, path=named)
            self.path_edit.setText(str(choices.path))
        try:
            request = self._make_request(choices)
        except PolicyError as error:
            self._fail(str(error))
            return False
        self.progress.setVisible(True)
        for widget in (self.format_combo, self.version_combo, self.against_combo, self.path_edit):
            widget.setEnabled(False)
        self._job = jobs.start(lambda: export(request), self._done, self._failed)
        self._update()
        return True

    def _finish(self) -> None:
        self._job = None
        self.progress.setVisible(False)
        for widget in (self.format_combo, self.version_combo, self.against_combo, self.path_edit):
            widget.setEnabled(True)
        self._update()

    def _done(self, path: Path) -> None:
        self._finish()
        self.exported.emit(str(path))
        if self.open_box.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.accept()

    def _failed(self, message: str) -> None:
        self._finish()
        self._fail(message.splitlines()[0] if message else "the export failed")

    def _fail(self, sentence: str) -> None:
        text = sentence[:1].upper() + sentence[1:]
        QMessageBox.warning(self, "Cannot export", text if text.endswith(".") else text + ".")

    def reject(self) -> None:
        if self._job is None:  # a running export finishes first: its file must not be left half written
            super().reject()
