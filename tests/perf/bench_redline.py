"""Redline speed: our engine vs the `redlines` package vs difflib, and cold/warm/one-word re-diffs.

    .venv/bin/python tests/perf/bench_redline.py [REPEATS]

Each figure is the best of REPEATS runs (default 5), in milliseconds; the
20,000-word figures also give the median, and the load average is printed, since
the machine is shared. The three
engines diff the same corpus pairs (v1 → v2 of tests/data/corpus/pairs/*):
ours on imported policies (sections paired, word ops, changes numbered);
`redlines` (Redlines(...).opcodes) and difflib SequenceMatcher on the whole
documents' words. The 20,000-word policy is the three largest pairs concatenated.
Our diffs run in fast-diff-match-patch when it is installed (the line "diffs:" says).
"""

from __future__ import annotations

import difflib
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "diff"))

from redline_helpers import PAIRS, load  # noqa: E402
from redlines import Redlines  # noqa: E402

from policyeditor.core.memo import forget_all  # noqa: E402
from policyeditor.core.model import Policy  # noqa: E402
from policyeditor.diff import dmp  # noqa: E402
from policyeditor.diff.redline import DiffCache, compare  # noqa: E402


def timings(repeats: int, job, cold: bool = False) -> list[float]:
    """`job`'s times; `cold`: the diff's memos emptied before each run (they keep what typing
    diffs again, and would make a repeated compare of one pair look faster than a first one)."""
    times = []
    for _ in range(repeats):
        if cold:
            forget_all()
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return times


def best(repeats: int, job, cold: bool = False) -> float:
    return min(timings(repeats, job, cold))


def best_and_median(repeats: int, job, cold: bool = False) -> str:
    times = timings(repeats, job, cold)
    return f"{min(times):7.1f} ms (median {statistics.median(times):.1f})"


def _redlines(a: str, b: str) -> None:
    Redlines(a, b).opcodes  # noqa: B018  (the property computes the diff)


def _difflib(a: list[str], b: list[str]) -> None:
    difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def main(repeats: int) -> None:
    print(f"diffs: {'fast-diff-match-patch (C++)' if dmp.use_native else 'diff-match-patch (Python)'}; "
          f"load average {os.getloadavg()[0]:.2f}\n")
    print(f"{'pair':36} {'words':>6} {'ours':>8} {'redlines':>9} {'difflib':>8}  ratios")
    total = {"ours": 0.0, "redlines": 0.0, "difflib": 0.0}
    for pair in PAIRS:
        old, new = load(pair / "v1.md"), load(pair / "v2.md")
        a_text = (pair / "v1.md").read_text(encoding="utf-8")
        b_text = (pair / "v2.md").read_text(encoding="utf-8")
        a_words, b_words = a_text.split(), b_text.split()
        ours = best(repeats, partial(compare, old, new), cold=True)
        theirs = best(max(1, repeats // 2), partial(_redlines, a_text, b_text))
        plain = best(repeats, partial(_difflib, a_words, b_words))
        total["ours"] += ours
        total["redlines"] += theirs
        total["difflib"] += plain
        print(f"{pair.name:36} {len(a_words):6} {ours:8.1f} {theirs:9.1f} {plain:8.1f}  "
              f"redlines/ours {theirs / ours:5.1f}×  difflib/ours {plain / ours:5.1f}×")
    print(f"{'total':36} {'':6} {total['ours']:8.1f} {total['redlines']:9.1f} {total['difflib']:8.1f}  "
          f"redlines/ours {total['redlines'] / total['ours']:5.1f}×  "
          f"difflib/ours {total['difflib'] / total['ours']:5.1f}×")

    largest = sorted(PAIRS, key=lambda p: len((p / "v1.md").read_text(encoding="utf-8").split()))[-3:]
    olds = [load(p / "v1.md") for p in largest]
    news = [load(p / "v2.md") for p in largest]
    old = Policy("Big", [s for p in olds for s in p.sections])
    new = Policy("Big", [s for p in news for s in p.sections])
    print(f"\n20,000-word policy ({old.word_count()} → {new.word_count()} words, "
          f"{old.section_count()} → {new.section_count()} sections):")
    print(f"  cold diff                 {best_and_median(repeats, lambda: compare(old, new), cold=True)}")
    cache = DiffCache()
    compare(old, new, cache=cache)
    print(f"  warm diff (cached)        {best_and_median(repeats, lambda: compare(old, new, cache=cache))}")

    biggest = max(PAIRS, key=lambda p: len((p / "v2.md").read_text(encoding="utf-8").split()))
    base, draft = load(biggest / "v1.md"), load(biggest / "v2.md")
    cache = DiffCache()
    compare(base, draft, cache=cache)

    def one_word_edit() -> None:
        edited = draft.copy()
        section = max((s for s, _ in edited.walk()), key=lambda s: len(s.body))
        section.body = section.body.replace(" the ", " a ", 1)
        compare(base, edited, cache=cache)

    print(f"  re-diff after a one-word edit in {biggest.name} ({draft.word_count()} words): "
          f"{best_and_median(repeats, one_word_edit).strip()} (includes copying the policy)")
    print(f"\nload average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
