"""Why the UI thread stalls while a document opens: bench_open.py's two documents, with a watchdog.

For every heartbeat gap over LONG_MS it prints the gap, the UI thread's own CPU
time in it (the rest is waiting: for the GIL a worker holds, or for a core the
machine's other work has), whether a job was running, and the Python stacks a
watchdog thread sampled from the UI thread meanwhile (`sys._current_frames`,
every few ms). A stack ending in the benchmark's `processEvents` is time in
Qt's C++ (layout, painting), or waiting there to have the GIL back.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/trace_open.py [SECTIONS] [LONG_MS]
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]
import bench_open  # noqa: E402

from policyeditor.gui import jobs  # noqa: E402

SAMPLE_S = 0.003
STACKS = 3  # the most sampled stacks printed per gap
DEPTH = 7   # frames of each, innermost first

running: dict[int, str] = {}  # the jobs running now: where each one's work is written
_plain_start = jobs.Job.run


def _counted_run(job: jobs.Job) -> None:
    code = getattr(job._work, "__code__", None)
    running[id(job)] = f"{Path(code.co_filename).name}:{code.co_firstlineno}" if code else repr(job._work)
    try:
        _plain_start(job)
    finally:
        running.pop(id(job), None)


jobs.Job.run = _counted_run  # type: ignore[method-assign]


class Watchdog(threading.Thread):
    """Samples the UI thread's Python stack while the benchmark runs."""

    def __init__(self, ui: int) -> None:
        super().__init__(daemon=True)
        self.ui = ui
        self.samples: list[tuple[float, tuple[str, ...]]] = []
        self.stopping = False

    def run(self) -> None:
        root = str(Path(__file__).resolve().parents[2]) + os.sep
        while not self.stopping:
            frame = sys._current_frames().get(self.ui)
            stack = []
            while frame is not None and len(stack) < DEPTH:
                name = frame.f_code.co_filename.replace(root, "")
                stack.append(f"{name}:{frame.f_lineno} {frame.f_code.co_name}")
                frame = frame.f_back
            self.samples.append((time.perf_counter(), tuple(stack)))
            time.sleep(SAMPLE_S)


def main() -> int:
    long_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 50.0
    watchdog = Watchdog(threading.get_ident())
    watchdog.start()
    plain_measure = bench_open.measure

    def measure(app, window, ref: str) -> dict[str, float]:
        from PySide6.QtCore import Qt, QTimer

        gaps: list[tuple[float, float, float, str]] = []  # start, end, UI CPU s, jobs that ran
        last: list = [time.perf_counter(), time.thread_time(), set()]

        def beat() -> None:
            now, cpu = time.perf_counter(), time.thread_time()
            if (now - last[0]) * 1000 > long_ms:
                gaps.append((last[0], now, cpu - last[1], ", ".join(sorted(last[2] | set(running.values())))))
            last[:] = [now, cpu, set(running.values())]

        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.timeout.connect(beat)
        heartbeat.start(5)
        started = time.perf_counter()
        figures = plain_measure(app, window, ref)
        heartbeat.stop()
        print(f"{Path(ref).name}: {len(gaps)} gaps over {long_ms:.0f} ms")
        for begin, end, cpu, job in gaps:
            print(f"  gap {(end - begin) * 1000:5.0f} ms at {(begin - started) * 1000:6.0f} ms: "
                  f"UI thread's CPU {cpu * 1000:4.0f} ms{f', jobs running: {job}' if job else ''}")
            stacks = collections.Counter(s for t, s in watchdog.samples if begin <= t <= end)
            total = sum(stacks.values())
            for stack, n in stacks.most_common(STACKS):
                print(f"    {n}/{total} samples:")
                for line in stack:
                    print(f"      {line}")
        return figures

    bench_open.measure = measure
    sys.argv = sys.argv[:2]
    try:
        return bench_open.main()
    finally:
        watchdog.stopping = True


if __name__ == "__main__":
    raise SystemExit(main())
