"""How long re-anchoring 500 comments takes after an edit of the largest corpus document.

Run: `.venv/bin/python tests/perf/bench_anchors.py [COMMENTS]` (default 500).
The whole document's plain text stands in for one section: a worst case, since
in the editor each section is re-anchored against its own, much shorter, text.
Two edits: the document's real next revision (tiktok v1 → v2) and one
paragraph inserted near the top of v1. Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policyeditor.core.body import plain_text  # noqa: E402
from policyeditor.review.anchors import Anchor, make_anchor, reanchor_all  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"


def largest_document() -> Path:
    return max(CORPUS.glob("**/*.md"), key=lambda p: p.stat().st_size)


def random_anchors(text: str, count: int, rng: random.Random) -> list[Anchor]:
    """`count` selections of 1 to 12 whole words at random places."""
    starts = [i for i in range(len(text)) if (i == 0 or text[i - 1] in " \n") and text[i] not in " \n"]
    anchors = []
    for _ in range(count):
        at = rng.randrange(len(starts) - 13)
        words = rng.randint(1, 12)
        end = starts[at + words] - 1
        anchors.append(make_anchor("doc", text, starts[at], max(end, starts[at] + 1)))
    return anchors


def timed(label: str, anchors: list[Anchor], new: str, old: str | None, runs: int = 3) -> None:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        found = reanchor_all(anchors, new, old_text=old)
        times.append(time.perf_counter() - begin)
    kept = sum(1 for a in found if a is not None)
    same = sum(1 for a, b in zip(anchors, found, strict=True) if b is not None and b.quote == a.quote)
    print(f"  {label:<38} median {statistics.median(times) * 1000:8.1f} ms "
          f"({statistics.median(times) / len(anchors) * 1e6:7.1f} µs a comment); "
          f"found {kept}/{len(anchors)}, quote unchanged {same}, outdated {len(anchors) - kept}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rng = random.Random(20240501)
    newest = largest_document()
    older = newest.with_name("v1.md")
    new_text = plain_text(newest.read_text(encoding="utf-8"))
    old_text = plain_text(older.read_text(encoding="utf-8"))
    anchors = random_anchors(old_text, count, rng)
    print(f"{count} comments on {older.relative_to(CORPUS)} ({len(old_text):,} characters of plain text)")
    print(f"real revision → {newest.relative_to(CORPUS)} ({len(new_text):,} characters):")
    timed("with the old text (diff once, map)", anchors, new_text, old_text)
    timed("without it (search quote and context)", anchors, new_text, None, runs=1)
    cut = old_text.index("\n", len(old_text) // 10)
    paragraph = "\nA new paragraph about how we keep your data for seven years."
    inserted = old_text[:cut] + paragraph + old_text[cut:]
    print("one paragraph inserted near the top:")
    timed("with the old text (diff once, map)", anchors, inserted, old_text)
    timed("without it (search quote and context)", anchors, inserted, None, runs=1)


if __name__ == "__main__":
    main()
