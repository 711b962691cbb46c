"""Inline-redline typing: what a keystroke typed in the inline view costs, and its redraw.

Types 12 characters into the sample policy's first section in the inline view, one at a
time, waiting for each redline; prints the median and longest time the keystroke itself
took (the cursor mapped to the draft, the edit, the insertion shown at once) and the
redraw once the redline of the edited draft is in.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_inline_typing.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import policyeditor.gui  # noqa: E402,F401  (the PySide6 refcount guard first)
from policyeditor.core.model import Status  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "privacy-policy.txt"


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    path = folder / "privacy.policy"
    policy = import_document(SAMPLE).policy
    with PolicyFile.create(path, policy, author="Bench") as pf:
        pf.save_version(policy, "1.0", author="Bench", status=Status.APPROVED)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import INLINE, MainWindow

    window = MainWindow(settings())
    window.show()

    def wait(done) -> None:  # type: ignore[no-untyped-def]
        while not done():
            app.processEvents()

    window.open_path(str(path))
    wait(lambda: not window.opening() and not window.busy())
    window.set_view(INLINE)
    wait(lambda: not window.busy())
    view = window.inline_view
    view.setFocus()
    found = view.document().find("respects the privacy", 0, QTextDocument.FindFlag.FindCaseSensitively)
    cursor = view.textCursor()
    cursor.setPosition(found.selectionStart() + len("respects "))
    view.setTextCursor(cursor)
    keys: list[float] = []
    redraws: list[float] = []
    drawn = view.show_redline

    def timed(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        drawn(*args, **kwargs)
        redraws.append((time.perf_counter() - started) * 1000)

    view.show_redline = timed  # type: ignore[method-assign]
    for char in "quite fully ":
        started = time.perf_counter()
        QTest.keyClicks(view, char)
        keys.append((time.perf_counter() - started) * 1000)
        wait(lambda: not window.busy())
    print(f"inline keystroke: median {statistics.median(keys):.1f} ms, longest {max(keys):.1f} ms; "
          f"redraw: median {statistics.median(redraws):.1f} ms, longest {max(redraws):.1f} ms "
          f"({len(keys)} keys, {policy.word_count()} words)")
    window.close()


if __name__ == "__main__":
    main()
