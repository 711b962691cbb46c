"""Import time of the corpus documents, largest first: `.venv/bin/python tests/perf/bench_import.py [REPEAT]`.

Prints the median of REPEAT runs (default 5) for every format's largest document.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policyeditor.formats.importers import import_document  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"


def largest(pattern: str) -> Path:
    return max(CORPUS.glob(pattern), key=lambda p: p.stat().st_size)


def main(repeat: int) -> None:
    for pattern in ("**/*.md", "docx/*.docx", "seed/*.txt"):
        path = largest(pattern)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = import_document(path)
            times.append(time.perf_counter() - start)
        policy = result.policy
        median = statistics.median(times) * 1000
        print(f"import {path.relative_to(CORPUS)}: {median:.1f} ms median of {repeat} "
              f"({policy.word_count():,} words, {policy.section_count()} sections)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
