"""The QApplication, its settings, and the main window's creation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from policyeditor.gui.ui_thread_gc import collect_on_ui_thread
from policyeditor.gui.window import open_windows

ORGANISATION = "policyeditor"
SCREENSHOT_WAIT_MS = 10_000
APPLICATION = "policyeditor"


def settings() -> QSettings:
    """The user's settings; POLICYEDITOR_CONFIG_DIR moves them (tests point it at a temp dir)."""
    folder = os.environ.get("POLICYEDITOR_CONFIG_DIR")
    if folder:
        return QSettings(str(Path(folder) / "policyeditor.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def any_window_busy() -> bool:
    """Whether a window is reading a document or laying it out (see `MainWindow.busy`)."""
    for window in open_windows.windows():
        try:
            if getattr(window, "busy", bool)():
                return True
        except RuntimeError:  # its Qt side is gone already: nothing of it is busy
            continue
    return False


def application() -> QApplication:
    """The running QApplication, created on first use."""
    app = QApplication.instance()
    # Diffs run in worker threads and hold the GIL in slices; 0.5 ms slices (default 5) keep
    # the UI thread's many short Qt↔Python hops (each editor's events) from queueing behind them:
    # with 1 ms, laying out an open's first rows beside two jobs stalled it 75-107 ms, now 69-81
    # (tests/perf/bench_open.py), typing the same (tests/perf/bench_typing.py)
    sys.setswitchinterval(0.0005)
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName(ORGANISATION)
        app.setApplicationName(APPLICATION)
        app.setApplicationDisplayName("Policy Editor")
    collect_on_ui_thread(app, busy=any_window_busy)
    return app  # type: ignore[return-value]


def run(file: str | None, *, screenshot: str | None = None) -> int:
    """Open the main window (on file, if given); with screenshot, draw it to a PNG and exit."""
    from policyeditor.gui.window.main_window import MainWindow
    from policyeditor.gui.window.single_instance import Listener, hand_over, server_name

    app = application()
    name = server_name(settings())
    if file and not screenshot and hand_over(name, file):
        return 0  # the running application shows it (one window per file)

    def new_window() -> MainWindow:
        made = MainWindow(settings())
        open_windows.keep(made)
        made.show()
        return made

    def show_handed(ref: str) -> None:
        """A file handed over by `policyeditor FILE`: its window forward, else a free or new window."""
        showing = open_windows.window_showing(ref)
        if showing is None:
            showing = next((w for w in open_windows.windows() if w.isVisible()
                            and w.session is None and not w.files.opening()), None) or new_window()
            showing.open_path(ref)
        open_windows.bring_forward(showing)

    open_windows.new_window = new_window
    if not screenshot:
        Listener(name, show_handed, app)  # parented to the application: it lives as long
    window = MainWindow(settings())
    if file:
        window.open_path(file)
    window.show()
    if not screenshot:
        window.life.resume()  # after a crash: what was open opens again, drafts are offered
    if screenshot:
        waited = 0

        def shoot() -> None:
            # draw once the live redline is in, so the picture shows the highlights
            nonlocal waited
            if window.busy() and waited < SCREENSHOT_WAIT_MS:
                waited += 50
                QTimer.singleShot(50, shoot)
                return
            ok = window.grab().save(screenshot)
            window.close()  # a clean close: the draft saved, the file let go
            app.exit(0 if ok else 1)

        QTimer.singleShot(300, shoot)
    return app.exec()
