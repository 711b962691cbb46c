"""Answering Approve Version's confirmation as a user would: read it, then click Approve or Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton


def answer_approval(qtbot, *, approve: bool = True, seen: list[str] | None = None) -> None:
    """Answer the next confirmation box once the window shows it (queued: it is modal)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "approveConfirmBox", box
        if seen is not None:
            seen.append(box.text())
        button = box.findChild(QPushButton, "approveConfirmButton") if approve else \
            box.button(QMessageBox.StandardButton.Cancel)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
