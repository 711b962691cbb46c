"""Markdown import in-process, warm, over the command line benchmark's files (bench_cli.pairs):

    .venv/bin/python tests/perf/bench_md_import.py [REPEATS] [--base DIR]

For each of the 21 pairs, the time `import_markdown` takes to read both files, the best
of REPEATS rounds (default 10), and the total. `--base DIR` runs the tree in DIR (`git
archive main | tar -x -C DIR`) as a "before" column: each tree imports in a process of its
own, the two taking turns round by round, so that what else the machine does weighs on both
alike. Times are the process's CPU time (time.process_time), which other processes on the
machine disturb less than the clock on the wall.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench_cli import option, pairs

ROOT = Path(__file__).resolve().parents[2]


def worker() -> None:
    """Each line read: one round over the pairs; prints each pair's milliseconds as JSON."""
    from policyeditor.formats.importers.markdown import import_markdown

    found = pairs()
    for _ in range(2):  # warm: caches filled, patterns compiled
        for _, old, new in found:
            import_markdown(old), import_markdown(new)
    words = [import_markdown(old).policy.word_count() + import_markdown(new).policy.word_count()
             for _, old, new in found]
    print(json.dumps(words), flush=True)
    for _ in sys.stdin:
        times = []
        for _, old, new in found:
            start = time.process_time()
            import_markdown(old)
            import_markdown(new)
            times.append((time.process_time() - start) * 1000)
        print(json.dumps(times), flush=True)


def start(tree: Path) -> subprocess.Popen:
    code = f"import sys; sys.path[:0] = [{str(tree)!r}, {str(Path(__file__).parent)!r}]; " \
           "import bench_md_import; bench_md_import.worker()"
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=tree)


def main(argv: list[str]) -> int:
    base = option(argv, "--base")
    repeats = int(argv[0]) if argv else 10
    workers = [start(ROOT)] + ([start(base)] if base else [])
    words = [json.loads(w.stdout.readline()) for w in workers][0]  # type: ignore[union-attr]
    best = [[float("inf")] * len(words) for _ in workers]
    for _ in range(repeats):
        for w, times in zip(workers, best, strict=True):
            w.stdin.write("go\n")  # type: ignore[union-attr]
            w.stdin.flush()  # type: ignore[union-attr]
            times[:] = map(min, times, json.loads(w.stdout.readline()))  # type: ignore[union-attr]
    for w in workers:
        w.stdin.close()  # type: ignore[union-attr]
        w.wait()
    now, before = best[0], best[1] if base else None
    print(f"import_markdown of both files, best of {repeats}, CPU ms; {ROOT}"
          + (f" (before: {base})" if base else ""))
    print(f"{'pair':<44} {'words':>6} " + (f"{'before':>7} " if base else "") + f"{'ms':>6} {'µs/word':>7}")
    for i, (name, _, _) in enumerate(pairs()):
        print(f"{name:<44} {words[i]:6} " + (f"{before[i]:7.1f} " if before else "")
              + f"{now[i]:6.1f} {now[i] * 1000 / words[i]:7.2f}")
    line = f"total: {sum(now):.0f} ms"
    if before:
        line += f", before {sum(before):.0f} ms ({1 - sum(now) / sum(before):.0%} less)"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
