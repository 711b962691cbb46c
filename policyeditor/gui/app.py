"""The QApplication, its settings, and the main window's creation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

ORGANISATION = "policyeditor"
APPLICATION = "policyeditor"


def settings() -> QSettings:
    """The user's settings; POLICYEDITOR_CONFIG_DIR moves them (tests point it at a temp dir)."""
    folder = os.environ.get("POLICYEDITOR_CONFIG_DIR")
    if folder:
        return QSettings(str(Path(folder) / "policyeditor.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def application() -> QApplication:
    """The running QApplication, created on first use."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName(ORGANISATION)
        app.setApplicationName(APPLICATION)
        app.setApplicationDisplayName("Policy Editor")
    return app  # type: ignore[return-value]


def run(file: str | None, *, screenshot: str | None = None) -> int:
    """Open the main window (on file, if given); with screenshot, draw it to a PNG and exit."""
    from policyeditor.gui.main_window import MainWindow

    app = application()
    window = MainWindow(settings())
    if file:
        window.open_path(file)
    window.show()
    if screenshot:
        def shoot() -> None:
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(300, shoot)
    return app.exec()
