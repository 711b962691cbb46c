"""How fast a large .policy file opens, and how much a version that changes one section adds.

Run: `.venv/bin/python tests/perf/bench_store.py [SECTIONS] [VERSIONS]` (default 500 and 50).
Prints figures; asserts nothing (timings depend on the machine).
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

from store_helpers import large_policy  # noqa: E402

from policyeditor.review.verify import verify as verify_record  # noqa: E402
from policyeditor.store import PolicyFile  # noqa: E402


def contents_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM contents").fetchone()[0]
    finally:
        conn.close()


def timed(action, repeat: int = 7) -> tuple[float, float]:
    """Median and best time of `action` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main(sections: int = 500, versions: int = 50) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench_store_"))
    path = folder / "large.policy"
    policy = large_policy(sections)
    clauses = [s for s, depth in policy.walk() if depth == 2]
    growth: list[tuple[int, int]] = []
    save_times: list[float] = []
    with PolicyFile.create(path, policy, author="bench") as pf:
        previous = None
        for n in range(versions):
            clauses[n % len(clauses)].body += f" Amended in version {n + 1}."
            size, rows = path.stat().st_size, contents_rows(path)
            start = time.perf_counter()
            pf.save_version(policy, f"{n + 1}", author="bench", parent=previous)
            save_times.append((time.perf_counter() - start) * 1000)
            if n:  # the first version stores every section; later ones only what changed
                growth.append((path.stat().st_size - size, contents_rows(path) - rows))
            previous = f"{n + 1}"
        pf.save_draft(policy)
        clauses[0].body += " typing"
        autosave = timed(lambda: (clauses[0].__setattr__("body", clauses[0].body + "x"),
                                  pf.save_draft(policy)))

    def open_and_read() -> None:
        with PolicyFile.open(path) as pf:
            pf.load_draft()
            infos = pf.versions()
            pf.version(infos[-1].label)

    def open_read_only_and_read() -> None:
        with PolicyFile.open(path, readonly=True) as pf:
            pf.load_draft()
            pf.version(pf.versions()[-1].label)

    median, best = timed(open_and_read)
    ro_median, ro_best = timed(open_read_only_and_read)
    with PolicyFile.open(path, readonly=True) as pf:
        verify = timed(lambda: verify_record(pf), repeat=3)

    size = path.stat().st_size
    text_bytes = sum(len(s.heading.encode()) + len(s.body.encode()) for s, _ in policy.walk())
    byte_growth = [g for g, _ in growth]
    print(f"policy: {sections} sections, {policy.word_count()} words, {text_bytes:,} bytes of text; "
          f"{versions} versions; file {size:,} bytes")
    print(f"open + load_draft + versions() + version(latest): median {median:.1f} ms, best {best:.1f} ms "
          f"(read-only: median {ro_median:.1f} ms)")
    print(f"save_version (one section changed): median {statistics.median(save_times):.1f} ms; "
          f"save_draft after one keystroke: median {autosave[0]:.1f} ms")
    print(f"verify() over all versions: median {verify[0]:.0f} ms")
    print(f"growth per version with one changed section: median {statistics.median(byte_growth):,.0f} bytes "
          f"(min {min(byte_growth):,}, max {max(byte_growth):,}); "
          f"contents rows added: {sorted({r for _, r in growth})}")
    mean = statistics.mean(byte_growth)  # pages are 4 KB: single saves grow by 0, 4, 8 or 12 KB
    print(f"  mean {mean:,.0f} bytes = {mean / (text_bytes / sections):.1f} sections' worth of text "
          f"({text_bytes / sections:,.0f} bytes each), {100 * mean / size:.2f}% of the file")
    path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
