"""Opening benchmark: how long a big document takes to open, and whether the window freezes meanwhile.

Two documents: the hostile generator's 300,000-word text file (imported) and a
.policy of 2,000 sections (60 words each) whose approved version 1.0 differs
from the draft in a few sections, so both panes are filled. Each is opened in a
shown window through `MainWindow.open_path`, called from the event loop; a 5 ms
QTimer heartbeat records every gap in the event loop until the window is idle
(document loaded, rows built, redline and highlights in). Printed per document:

- loaded: the draft is in the window (`window.session` set);
- first section: the first section's row is on screen;
- idle: nothing more is being built or computed (`not window.busy()`);
- longest UI-thread stall: the longest heartbeat gap, and how many gaps exceed 200 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_open.py [SECTIONS]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

from PySide6.QtCore import QElapsedTimer, Qt, QTimer  # noqa: E402
from store_helpers import large_policy  # noqa: E402

import policyeditor.gui  # noqa: E402,F401  (the PySide6 refcount guard first)
from policyeditor.core.model import Status  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402
from tests.robustness.hostile import text_cases  # noqa: E402

TIMEOUT_S = 300


def huge_text(folder: Path) -> Path:
    case = next(c for c in text_cases() if c.name == "txt-300000-words")
    return case.write(folder)


def big_policy(folder: Path, sections: int) -> Path:
    path = folder / f"sections-{sections}.policy"
    policy = large_policy(sections, words=60)
    with PolicyFile.create(path, policy, author="bench") as pf:
        pf.save_version(policy, "1.0", author="bench", status=Status.APPROVED)
        flat = [s for s, _ in policy.walk()]
        for n in range(0, len(flat), max(1, len(flat) // 10)):  # a few edited sections
            flat[n].body = "Edited. " + flat[n].body
        pf.save_draft(policy)
    return path


def first_row_shown(window) -> bool:
    rows = window.compare_view.rows
    return bool(rows) and rows[0].cell.isVisible()


def measure(app, window, ref: str) -> dict[str, float]:
    """Open `ref` from the event loop and time it; the heartbeat's gaps are the UI thread's stalls."""
    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    marks: dict[str, float] = {}
    last = [clock.nsecsElapsed()]

    def beat() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now
        at = now / 1e6
        if window.session is not None:
            marks.setdefault("loaded", at)
            if first_row_shown(window):
                marks.setdefault("first", at)

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    heartbeat.start(5)
    QTimer.singleShot(0, lambda: window.open_path(ref))
    started = time.perf_counter()
    while time.perf_counter() - started < 0.05:  # let the open start
        app.processEvents()
    while (window.busy() or window.session is None) and time.perf_counter() - started < TIMEOUT_S:
        app.processEvents()
        time.sleep(0.001)
    marks["idle"] = clock.nsecsElapsed() / 1e6
    heartbeat.stop()
    marks.setdefault("loaded", marks["idle"])  # loaded and shown within one stall
    marks.setdefault("first", marks["idle"] if first_row_shown(window) else float("nan"))
    return {**marks, "stall": max(gaps, default=0.0), "over200": sum(g > 200 for g in gaps)}


def main() -> int:
    sections = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    folder = Path(tempfile.mkdtemp(prefix="bench_open_"))
    os.environ["POLICYEDITOR_CONFIG_DIR"] = str(folder)
    documents = [("300,000-word text", huge_text(folder)),
                 (f"{sections:,}-section policy", big_policy(folder, sections))]

    from policyeditor.gui.window.app import application, settings
    from policyeditor.gui.window.main_window import MainWindow

    app = application()
    for name, path in documents:
        window = MainWindow(settings())
        window.show()
        figures = measure(app, window, str(path))
        policy = window.session.document.policy
        print(f"{name}: {policy.section_count():,} sections, {policy.word_count():,} words, "
              f"{len(window.compare_view.rows):,} rows")
        print(f"  loaded {figures['loaded']:8.0f} ms   first section {figures['first']:8.0f} ms   "
              f"idle {figures['idle']:8.0f} ms")
        print(f"  longest UI-thread stall {figures['stall']:8.0f} ms   "
              f"stalls over 200 ms: {figures['over200']:.0f}")
        window.close()
        window.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
