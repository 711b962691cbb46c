"""Whole-process start-up: `policyeditor compare v1.md v2.md -o out.json` vs the `redlines` package.

    .venv/bin/python tests/perf/bench_cli.py [REPEATS] [--source DIR] [--base DIR]

Both run as whole processes, side by side in one run, over the 15 corpus pairs
(tests/data/corpus/pairs/*/v1.md → v2.md) and the 6 steps of the spotify chain
(tests/data/corpus/chains/*/vN.md → vN+1.md). Ours is the installed `policyeditor`
console script, `policyeditor compare OLD NEW -o out.json`, as a user runs it (`python -m
policyeditor` where the script is not installed: runpy adds ~3 ms); theirs is `python -c`
reading both files and running `redlines.Redlines(a, b).output_markdown`, with the same
interpreter. Each figure is the best of REPEATS runs
(default 3), in milliseconds. `--source DIR` runs the policyeditor found in DIR
(for example an export of main, to measure "before"); `--base DIR` also runs the
one in DIR, in the same loop, as a "before" column (`git archive main | tar -x -C DIR`).
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


def our_command() -> list[str]:
    """The console script beside this interpreter (pip writes it: `import sys; from policyeditor.cli
    import program`), so PYTHONPATH still chooses which policyeditor it runs."""
    script = Path(sys.executable).with_name("policyeditor")
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "policyeditor"]


def best(repeats: int, command: list[str], env: dict, cwd: str) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def option(argv: list[str], name: str) -> Path | None:
    if name not in argv:
        return None
    at = argv.index(name)
    value = Path(argv[at + 1]).resolve()
    del argv[at:at + 2]
    return value


def main(argv: list[str]) -> int:
    source = option(argv, "--source") or ROOT
    base = option(argv, "--base")
    repeats = int(argv[0]) if argv else 3
    # as an installed program runs: modules read from their cached bytecode, written by a
    # first run here (a machine that sets PYTHONDONTWRITEBYTECODE would compile every start)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(source)
    base_env = {**env, "PYTHONPATH": str(base)} if base else None
    total_ours = total_theirs = total_base = 0.0
    slower = 0
    command = our_command()
    shown = " ".join(Path(c).name for c in command)
    print(f"{shown} from {source}{f' (before: {base})' if base else ''}; best of {repeats}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'pair':<44} " + (f"{'before ms':>9} " if base else "") + f"{'ours ms':>8} {'redlines ms':>12} "
          f"{'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.json")

        def ours(old: Path, new: Path, environ: dict) -> float:
            return best(repeats, [*command, "compare", str(old), str(new), "-o", out], environ, tmp)

        _, old, new = pairs()[0]  # the warm-up runs that write the bytecode
        for environ in filter(None, (env, base_env)):
            subprocess.run([*command, "compare", str(old), str(new), "-o", out],
                           env=environ, cwd=tmp, stdout=subprocess.DEVNULL, check=True)
        for name, old, new in pairs():
            before = ours(old, new, base_env) if base_env else 0.0
            now = ours(old, new, env)
            theirs = best(repeats, [sys.executable, "-c", THEIRS, str(old), str(new)], env, tmp)
            total_base += before
            total_ours += now
            total_theirs += theirs
            slower += now > theirs
            print(f"{name:<44} " + (f"{before:9.0f} " if base else "") + f"{now:8.0f} {theirs:12.0f} "
                  f"{theirs / now:5.2f}x")
    if base:
        print(f"before: {total_base:.0f} ms, {total_theirs / total_base:.2f}x redlines' speed; "
              f"now {total_base / total_ours:.2f}x faster than before")
    print(f"total: ours {total_ours:.0f} ms, redlines {total_theirs:.0f} ms, "
          f"ours {total_theirs / total_ours:.2f}x faster; slower on {slower} of {len(pairs())} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
