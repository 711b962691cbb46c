"""DOCX export time against document size: clean, tracked-changes redline and blackline (a plain
script printing figures; no store set-up, so it runs in seconds where bench_scale.py takes minutes).

    .venv/bin/python tests/perf/bench_docx_scale.py [SECTIONS ...]

Each size is `large_policy(SECTIONS, words=60)` (the policy bench_scale.py exports) and a
copy with every seventh section edited, for the redlines. Time per section should stay flat
as the size grows; a rising figure means a cost quadratic in the paragraph count. Also
times 5,000 headings without bodies and one section of 300,000 words.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

from store_helpers import large_policy  # noqa: E402

from policyeditor.core.model import Policy, Section, Status  # noqa: E402
from policyeditor.diff.redline import compare  # noqa: E402
from policyeditor.formats.exporters.docx import export_docx  # noqa: E402
from policyeditor.formats.exporters.info import ExportInfo  # noqa: E402
from policyeditor.formats.redline.blackline import export_blackline_docx  # noqa: E402
from policyeditor.formats.redline.docx import export_redline_docx  # noqa: E402

INFO = ExportInfo("2.0", Status.APPROVED, author="Bench", created="2024-01-01T00:00:00Z")


def timed(label: str, action: Callable[[], object], sections: int) -> None:
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    print(f"  {label:<16} {seconds:7.2f} s   {1e6 * seconds / sections:7.0f} µs/section", flush=True)


def edited(policy: Policy) -> Policy:
    """A copy with every seventh section's body changed, for a redline with some changes."""
    new = policy.copy()
    for n, (section, _) in enumerate(new.walk()):
        if n % 7 == 3:
            section.body = "Amended. " + section.body.replace("word1 ", "term1 ", 1)
    return new


def one_size(sections: int, out: Path) -> None:
    old = large_policy(sections, words=60)
    new = edited(old)
    redline = compare(old, new)
    print(f"{sections} sections, {new.word_count()} words, {len(redline.changes)} changes")
    timed("clean docx", lambda: export_docx(new, out, INFO), sections)
    timed("tracked docx", lambda: export_redline_docx(redline, out, INFO, INFO), sections)
    timed("blackline docx", lambda: export_blackline_docx(redline, out, INFO, INFO), sections)


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.docx"
        export_docx(large_policy(20, words=10), out, INFO)  # warm up: imports, template read
        for sections in sizes:
            one_size(sections, out)
        headings = Policy("Headings", [Section(f"Heading {n}", "") for n in range(5000)], {})
        print("5000 headings without bodies")
        timed("clean docx", lambda: export_docx(headings, out, INFO), 5000)
        paragraphs = [" ".join(f"word{n}" for n in range(k, k + 100)) for k in range(0, 300_000, 100)]
        long = Policy("Long", [Section("One", "\n\n".join(paragraphs))], {})
        print(f"1 section of {long.word_count()} words in {len(paragraphs)} paragraphs")
        timed("clean docx", lambda: export_docx(long, out, INFO), 1)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [250, 500, 1000, 2000])
