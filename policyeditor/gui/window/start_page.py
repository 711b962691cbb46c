"""The page a window shows while no document is open: how to begin, and the files used last."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from policyeditor.refs import split_ref

NARROW = 520  # pixels: a page narrower than this stacks its two columns
SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "privacy-policy.txt"


class StartPage(QWidget):
    """Import a document…, Open…, New Policy, Open the sample, and the recent files (a click opens one)."""

    importRequested = Signal()   # noqa: N815
    openRequested = Signal()     # noqa: N815
    newRequested = Signal()      # noqa: N815
    fileChosen = Signal(str)     # noqa: N815  a recent file's REF, or the sample's path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        # no say in the window's layout: the document's views and docks are sized as without it
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        title = QLabel("<h2>Policy Editor</h2>"
                       "<p>Write, revise, review, approve and publish policies.</p>", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for name, text, signal in (
                ("import", "&Import a document…", self.importRequested),
                ("open", "&Open…", self.openRequested),
                ("new", "&New Policy", self.newRequested)):
            button = QPushButton(text, self)
            button.setObjectName(f"start{name.title()}Button")
            button.clicked.connect(signal.emit)
            column.addWidget(button)
            self.buttons[name] = button
        sample = QPushButton("Open the &sample", self)
        sample.setObjectName("startSampleButton")
        sample.setToolTip(str(SAMPLE))
        sample.setVisible(SAMPLE.exists())  # a source checkout ships it; an installed copy may not
        sample.clicked.connect(lambda: self.fileChosen.emit(str(SAMPLE)))
        column.addWidget(sample)
        self.buttons["sample"] = sample
        column.setAlignment(Qt.AlignmentFlag.AlignTop)  # the buttons together, not spread down the page

        self.recent_label = QLabel("Recent files", self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("startRecentList")
        self.recent.itemClicked.connect(
            lambda item: self.fileChosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        recent_column = QVBoxLayout()
        recent_column.addWidget(self.recent_label)
        recent_column.addWidget(self.recent, 1)

        # side by side when there is room, the recent files under the buttons when the page is narrow
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(24)
        self.row.addLayout(column)
        self.row.addLayout(recent_column, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addWidget(title)
        outer.addLayout(self.row, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        wide = event.size().width() >= NARROW
        self.row.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    def show_recent(self, refs: list[str]) -> None:
        """List the recent files that are still there (name, and the folder beside it)."""
        self.recent.clear()
        for ref in refs:
            path = split_ref(ref)[0]
            if not path.exists():
                continue
            item = QListWidgetItem(f"{Path(ref).name}    {path.parent}", self.recent)
            item.setData(Qt.ItemDataRole.UserRole, ref)
            item.setToolTip(ref)
        empty = self.recent.count() == 0
        self.recent_label.setText("No recent files" if empty else "Recent files")
        self.recent.setVisible(not empty)
