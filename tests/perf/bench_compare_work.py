"""A compare's work after start-up: `policyeditor compare OLD NEW -o out.json`, in one process, cold.

    .venv/bin/python tests/perf/bench_compare_work.py [REPEATS] [--base DIR]

Over bench_cli's pairs (the 15 corpus pairs and the spotify chain's 6 steps): the
command line's compare (`cli.main`) of each pair, which imports both Markdown files,
builds the redline and writes the JSON, timed after the modules are imported, so
start-up is left out (bench_cli.py measures the whole process). Each run starts
cold: the diff's memos (core.memo), the lru_caches of policyeditor's functions and
re's cache of compiled patterns are emptied first, as in a new process, where a
repeat in one process would be misleadingly fast. The collector is off while a run
runs, as `cli.program` has it for a compare. Each figure is the best of REPEATS runs
(default 5), in milliseconds. `--base DIR` also runs the policyeditor in DIR (`git
archive main | tar -x -C DIR`), in its own process, as a "before" column.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def cold() -> None:
    """Forget what an earlier run worked out, as a new process has nothing."""
    from policyeditor.core.memo import forget_all

    forget_all()
    for name, module in list(sys.modules.items()):
        if name.startswith("policyeditor") and module is not None:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()
    re.purge()


def serve(scratch: str) -> None:
    """Run in a child per tree: read a pair's index a line, answer its cold time in ms."""
    sys.path.insert(0, str(HERE))
    from bench_cli import pairs

    from policyeditor.cli import main

    out = str(Path(scratch) / "out.json")
    found = pairs()

    def run(old: Path, new: Path) -> float:
        cold()
        gc.collect()
        gc.disable()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                start = time.perf_counter()
                status = main(["compare", str(old), str(new), "-o", out])
                elapsed = time.perf_counter() - start
        finally:
            gc.enable()
        assert status == 0, f"compare {old} {new}: exit status {status}"
        return elapsed * 1000

    run(*found[0][1:])  # imports every module the compare uses
    print("ready", flush=True)
    for line in sys.stdin:
        print(run(*found[int(line)][1:]), flush=True)


class Tree:
    """A child process running one tree's policyeditor (PYTHONPATH), timing pairs on request."""

    def __init__(self, tree: Path, scratch: str) -> None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(tree)
        code = ("import sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2]);"
                "from bench_compare_work import serve; serve(sys.argv[3])")
        self._child = subprocess.Popen([sys.executable, "-c", code, str(tree), str(HERE), scratch], env=env,
                                       cwd=scratch, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._child.stdout.readline().strip() == "ready"

    def time(self, index: int) -> float:
        self._child.stdin.write(f"{index}\n")
        self._child.stdin.flush()
        return float(self._child.stdout.readline())

    def close(self) -> None:
        self._child.stdin.close()
        self._child.wait()


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    from bench_cli import option, pairs

    base = option(argv, "--base")
    repeats = int(argv[0]) if argv else 5
    print(f"compare work (import + redline + JSON), cold, best of {repeats}; {ROOT}"
          f"{f' (before: {base})' if base else ''}; load average {os.getloadavg()[0]:.2f}")
    names = [name for name, _, _ in pairs()]
    with tempfile.TemporaryDirectory() as scratch:
        trees = [Tree(base, scratch)] if base else []
        trees.append(Tree(ROOT, scratch))
        # the trees take turns on each pair, so a load on the shared machine falls on both
        runs = [[[tree.time(n) for tree in trees] for _ in range(repeats)] for n in range(len(names))]
        best = [[min(times) for times in zip(*pair, strict=True)] for pair in runs]
        for tree in trees:
            tree.close()
    now = dict(zip(names, (b[-1] for b in best), strict=True))
    before = dict(zip(names, (b[0] for b in best), strict=True)) if base else {}
    print(f"{'pair':<44} " + (f"{'before ms':>9} " if base else "") + f"{'now ms':>8}"
          + (f" {'ratio':>6}" if base else ""))
    for name, ms in now.items():
        print(f"{name:<44} " + (f"{before[name]:9.1f} " if base else "") + f"{ms:8.1f}"
              + (f" {before[name] / ms:5.2f}x" if base else ""))
    total = sum(now.values())
    if base:
        total_before = sum(before.values())
        print(f"total: before {total_before:.0f} ms, now {total:.0f} ms, {total_before / total:.2f}x faster "
              f"({100 * (1 - total / total_before):.0f}% less work)")
    else:
        print(f"total: {total:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
