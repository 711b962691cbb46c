"""Word round trip figures: `.venv/bin/python tests/perf/bench_roundtrip.py`.

Import of the POI files with tracked changes and comments (what each brought in, and how
long it took), and blame of the spotify chain v1..v7 (changes credited, authors, time).
"""

from __future__ import annotations

import time
from pathlib import Path

from policyeditor.diff.blame import Step, blame
from policyeditor.diff.ids import carry_ids
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document

DATA = Path(__file__).resolve().parents[1] / "data"


def main() -> None:
    for name in ("delins.docx", "58067.docx", "Tika-792.docx", "testComment.docx"):
        start = time.perf_counter()
        result = import_document(DATA / "poi-docx" / name)
        print(f"{name}: {result.report[0]} ({(time.perf_counter() - start) * 1000:.0f} ms)")
    chain = DATA / "corpus" / "chains" / "spotify-privacy-policy"
    policies = []
    for k in range(1, 8):
        policy = import_document(chain / f"v{k}.md").policy
        if policies:
            carry_ids(policies[-1], policy)
        policies.append(policy)
    steps = [Step(p, f"author {k}", "", f"{k}.0") for k, p in enumerate(policies, 1)]
    redline = compare(policies[0], policies[-1])
    start = time.perf_counter()
    credits = blame(redline, steps)
    elapsed = (time.perf_counter() - start) * 1000
    credited = sum(1 for c in credits.values() if c.credits)
    authors = len({c.last.author for c in credits.values() if c.last})
    print(f"blame spotify v1..v7: {len(redline.changes)} changes, {credited} credited, "
          f"{authors} authors, {elapsed:.0f} ms")


if __name__ == "__main__":
    main()
