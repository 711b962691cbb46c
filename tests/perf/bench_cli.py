"""Whole-process start-up: `policyeditor compare v1.md v2.md -o out.json` vs the `redlines` package.

    .venv/bin/python tests/perf/bench_cli.py [REPEATS] [--source DIR]

Both run as whole processes, side by side in one run, over the 15 corpus pairs
(tests/data/corpus/pairs/*/v1.md → v2.md) and the 6 steps of the spotify chain
(tests/data/corpus/chains/*/vN.md → vN+1.md). Ours is `python -m policyeditor
compare OLD NEW -o out.json`; theirs is `python -c` reading both files and running
`redlines.Redlines(a, b).output_markdown`. Each figure is the best of REPEATS runs
(default 3), in milliseconds. `--source DIR` runs the policyeditor found in DIR
(for example an export of main, to measure "before").
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus"

THEIRS = ("import sys, redlines\n"
          "a = open(sys.argv[1], encoding='utf-8').read()\n"
          "b = open(sys.argv[2], encoding='utf-8').read()\n"
          "redlines.Redlines(a, b).output_markdown\n")


def pairs() -> list[tuple[str, Path, Path]]:
    found = [(d.name, d / "v1.md", d / "v2.md") for d in sorted((CORPUS / "pairs").iterdir())
             if (d / "v1.md").is_file() and (d / "v2.md").is_file()]
    for chain in sorted((CORPUS / "chains").iterdir()):
        steps = sorted(chain.glob("v*.md"), key=lambda p: int(p.stem[1:]))
        found += [(f"{chain.name} {a.stem}→{b.stem}", a, b) for a, b in zip(steps, steps[1:], strict=False)]
    return found


def best(repeats: int, command: list[str], env: dict, cwd: str) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main(argv: list[str]) -> int:
    source = ROOT
    if "--source" in argv:
        at = argv.index("--source")
        source = Path(argv[at + 1]).resolve()
        del argv[at:at + 2]
    repeats = int(argv[0]) if argv else 3
    # as an installed program runs: modules read from their cached bytecode, written by a
    # first run here (a machine that sets PYTHONDONTWRITEBYTECODE would compile every start)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(source)
    total_ours = total_theirs = 0.0
    slower = 0
    print(f"policyeditor from {source}; best of {repeats}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'pair':<44} {'ours ms':>8} {'redlines ms':>12} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.json")
        _, old, new = pairs()[0]  # the warm-up run that writes the bytecode
        subprocess.run([sys.executable, "-m", "policyeditor", "compare", str(old), str(new), "-o", out],
                       env=env, cwd=tmp, stdout=subprocess.DEVNULL, check=True)
        for name, old, new in pairs():
            ours = best(repeats, [sys.executable, "-m", "policyeditor", "compare", str(old), str(new),
                                  "-o", out], env, tmp)
            theirs = best(repeats, [sys.executable, "-c", THEIRS, str(old), str(new)], env, tmp)
            total_ours += ours
            total_theirs += theirs
            slower += ours > theirs
            print(f"{name:<44} {ours:8.0f} {theirs:12.0f} {theirs / ours:5.2f}x")
    print(f"total: ours {total_ours:.0f} ms, redlines {total_theirs:.0f} ms, "
          f"ours {total_theirs / total_ours:.2f}x faster; slower on {slower} of {len(pairs())} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
