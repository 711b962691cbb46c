"""The status bar's progress while a document is read and its sections laid out.

Reading (in a worker) shows a busy bar, what is being opened and a Cancel
button; laying out the rows of a large policy (from the event loop, see
`CompareView.rebuild`) shows how many are made, and putting a long section's
text in its panes how much of it is in. Hidden when nothing is going on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton

LAYOUT_SHOWN_FROM = 200  # fewer rows are laid out too fast to be worth a bar


class OpenProgress(QObject):
    """A label, a progress bar (objectName `openProgress`) and Cancel, in the status bar."""

    cancelled = Signal()

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.label = QLabel(bar, objectName="openProgressLabel")
        self.bar = QProgressBar(bar, objectName="openProgress")
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton(bar, objectName="cancelOpen")
        self.cancel.setText("Cancel")
        self.cancel.setToolTip("Stop opening; the window stays as it was")
        self.cancel.clicked.connect(self.cancelled)
        self._opening = False
        for index, widget in enumerate((self.label, self.bar, self.cancel)):
            bar.insertPermanentWidget(index, widget)
            widget.setVisible(False)

    def start_open(self, what: str) -> None:
        """Show that `what` ("Opening x…") is being read: a busy bar and Cancel."""
        self._opening = True
        self.label.setText(what)
        self.bar.setRange(0, 0)  # busy: reading has no steps to count
        for widget in (self.label, self.bar, self.cancel):
            widget.setVisible(True)

    def finish_open(self) -> None:
        self._opening = False
        self._hide()

    def show_layout(self, made: int, total: int) -> None:
        """Show `made` of `total` section rows laid out; hidden once all are."""
        if total < LAYOUT_SHOWN_FROM:
            made = total  # as good as done: hidden
        self._show_steps(f"Laying out sections… {made:,} of {total:,}", made, total)

    def show_fill(self, put: int, total: int) -> None:
        """Show `put` of `total` blocks of long sections' text in their panes; hidden once all are."""
        self._show_steps(f"Laying out the text… {100 * put // max(total, 1)}%", put, total)

    def _show_steps(self, text: str, made: int, total: int) -> None:
        if self._opening:
            return
        if made >= total:
            self._hide()
            return
        self.label.setText(text)
        self.bar.setRange(0, total)
        self.bar.setValue(made)
        self.label.setVisible(True)
        self.bar.setVisible(True)
        self.cancel.setVisible(False)

    def _hide(self) -> None:
        for widget in (self.label, self.bar, self.cancel):
            widget.setVisible(False)
