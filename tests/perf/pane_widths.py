"""Print how wide the base and draft panes are on show at a few window sizes (the docks give way).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/pane_widths.py

For each size, the sample is imported (so the Import Notes dock is on show too)
in a new window opened at that size; printed: the central view's width, the base
and draft editors' widths on show (what the viewport shows of them), and where
the Sections dock is.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SIZES = ((800, 600), (1100, 700), (1280, 820), (1600, 1000), (1920, 1080))


def shown(view, editor) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect

    viewport = view.viewport()
    return QRect(editor.mapTo(viewport, editor.rect().topLeft()), editor.size()).intersected(
        viewport.rect()).width()


def main() -> int:
    os.environ["POLICYEDITOR_CONFIG_DIR"] = tempfile.mkdtemp()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from policyeditor.gui.window.app import application, settings
    from policyeditor.gui.window.main_window import MainWindow

    app = application()
    sizes = list(SIZES)
    windows: list[MainWindow] = []

    def start() -> None:  # a window opened at the size, as on a screen of that size
        window = MainWindow(settings())
        window.resize(*sizes[0])
        window.show()
        window.open_path(str(ROOT / "resources" / "samples" / "privacy-policy.txt"))
        windows[:] = [window]
        QTimer.singleShot(300, step)

    def step() -> None:
        window = windows[0]
        if window.busy() or window.dock_fit.fitting:
            QTimer.singleShot(50, step)
            return
        for _ in range(3):
            QApplication.processEvents()
        view, row = window.compare_view, window.compare_view.rows[1]
        area = window.dockWidgetArea(window.sections_dock).name.replace("DockWidgetArea", "")
        print(f"{sizes[0][0]}x{sizes[0][1]}: central {window.centralWidget().width()} px, "
              f"base {shown(view, row.left)} px, draft {shown(view, row.right)} px on show, "
              f"horizontal scroll {'yes' if view.horizontalScrollBar().isVisible() else 'no'}, "
              f"Sections dock {area}")
        window.close()
        window.deleteLater()
        sizes.pop(0)
        if sizes:
            start()
        else:
            app.exit(0)

    start()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
