"""Typing benchmark: keystroke-to-highlight time and the longest UI-thread stall.

Opens the largest corpus document (by words, v2 of a pair) as the draft of a
.policy whose approved version 1.0 is its v1, then types 200 characters into
its longest section, one key every 40 ms (a fast typist), through real key
events. A 5 ms QTimer heartbeat records every gap in the event loop; the
longest gap is the longest stall a user could feel. Keystroke-to-highlight is
the time from a key to the moment the compare view's highlights are for a text
that includes it; the change list (full redline) is timed the same way.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_typing.py
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

from PySide6.QtCore import QElapsedTimer, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

import policyeditor.gui  # noqa: E402,F401  (the PySide6 refcount guard first)
from policyeditor.core.model import Status  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus" / "pairs"
KEYS = 200
KEY_INTERVAL_MS = 40
TEXT = ("The controller may share personal data with processors under written contracts. " * 4)[:KEYS]


def largest_pair() -> Path:
    return max(CORPUS.glob("*/v2.md"), key=lambda p: len(p.read_text(encoding="utf-8").split())).parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    pair = largest_pair()
    temp = tempfile.mkdtemp()
    os.environ["POLICYEDITOR_CONFIG_DIR"] = temp
    old = import_document(pair / "v1.md").policy
    new = import_document(pair / "v2.md").policy
    path = Path(temp) / "bench.policy"
    with PolicyFile.create(path, old, author="bench") as pf:
        pf.save_version(old, "1.0", author="bench", status=Status.APPROVED)
        pf.save_draft(new)

    from policyeditor.gui.editing.section_editor import SectionEditor
    from policyeditor.gui.window.app import application, settings
    from policyeditor.gui.window.main_window import MainWindow

    app = application()
    window = MainWindow(settings())
    window.show()
    started = time.perf_counter()
    window.open_path(str(path))
    open_ms = (time.perf_counter() - started) * 1000
    view = window.compare_view
    while window.busy():
        app.processEvents()
    policy = window.session.document.policy
    print(f"document: {pair.name}/v2.md, {policy.section_count()} sections, {policy.word_count():,} words;"
          f" opened and laid out in {open_ms:.0f} ms")

    editor = max((e for e in view.findChildren(SectionEditor, "draftEditor")),
                 key=lambda e: len(e.body))
    row = view.row_of(editor.section_id)
    assert row is not None
    print(f"typing into section {editor.section_id} ({len(editor.body.split()):,} words)")
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)

    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last_beat = [clock.nsecsElapsed()]

    def beat() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last_beat[0]) / 1e6)
        last_beat[0] = now

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    heartbeat.start(5)

    key_times: list[float] = []      # ms since start, per key
    key_handling: list[float] = []   # ms the UI thread spent handling each key
    lit_at: dict[int, float] = {}    # key index -> when its highlight appeared
    listed_at: dict[int, float] = {}  # key index -> when the change list included it

    length_after: list[int] = []     # the draft text's length after each key (typing appends)

    def on_highlighted() -> None:
        # a key is lit once highlights computed from a text that holds it are on show
        now = clock.nsecsElapsed() / 1e6
        diffed = view.lit_texts.get(row.key)
        if diffed is not None:
            for k, length in enumerate(length_after):
                if length <= len(diffed[1]):
                    lit_at.setdefault(k, now)

    def on_redline() -> None:
        now = clock.nsecsElapsed() / 1e6
        redline = window.tracker.redline
        if redline is not None and redline.new.find(editor.section_id).body == editor.body:
            for k in range(len(key_times)):
                listed_at.setdefault(k, now)

    view.highlighted.connect(on_highlighted)
    window.tracker.changed.connect(on_redline)

    def type_one() -> None:
        k = len(key_times)
        if k >= KEYS:
            typer.stop()
            return
        key_times.append(clock.nsecsElapsed() / 1e6)
        t0 = time.perf_counter()
        QTest.keyClick(editor, TEXT[k])
        key_handling.append((time.perf_counter() - t0) * 1000)
        length_after.append(len(editor.document().toRawText()))

    typer = QTimer()
    typer.timeout.connect(type_one)
    typer.start(KEY_INTERVAL_MS)
    deadline = time.perf_counter() + KEYS * KEY_INTERVAL_MS / 1000 + 10
    while (len(lit_at) < KEYS or len(listed_at) < KEYS) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    heartbeat.stop()

    assert editor.body.endswith(TEXT.rstrip()), "the typed text did not reach the draft"
    to_lit = [lit_at[k] - key_times[k] for k in range(KEYS) if k in lit_at]
    to_list = [listed_at[k] - key_times[k] for k in range(KEYS) if k in listed_at]
    print(f"keys typed: {KEYS}, one every {KEY_INTERVAL_MS} ms")
    print(f"UI thread per keystroke: median {statistics.median(key_handling):.1f} ms, "
          f"max {max(key_handling):.1f} ms")
    print(f"keystroke to highlight (side by side, {view.rows.__len__()} rows): median "
          f"{statistics.median(to_lit):.0f} ms, p95 {percentile(to_lit, 0.95):.0f} ms, "
          f"max {max(to_lit):.0f} ms (includes the 150 ms throttle)")
    print(f"keystroke to change list (full redline): median {statistics.median(to_list):.0f} ms, "
          f"p95 {percentile(to_list, 0.95):.0f} ms, max {max(to_list):.0f} ms")
    print(f"longest UI-thread stall (5 ms heartbeat gap): {max(gaps):.1f} ms; "
          f"gaps over 50 ms: {sum(g > 50 for g in gaps)}")

    # the autosave that follows (2 s after the last key), timed inside Session.save
    wait_until = time.perf_counter() + 4
    while window.session.autosave_pending and time.perf_counter() < wait_until:
        app.processEvents()
        time.sleep(0.005)
    print(f"autosave of the draft into the .policy (UI thread): {window.session.last_save_ms:.1f} ms")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
