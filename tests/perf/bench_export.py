"""Export time of the largest corpus document to DOCX, HTML and PDF, and of the redline of the
largest corpus pair to tracked-changes DOCX, blackline DOCX and PDF (a plain script printing figures).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_export.py [REPEATS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policyeditor.core.model import Status  # noqa: E402
from policyeditor.diff.redline import compare  # noqa: E402
from policyeditor.formats.exporters.docx import export_docx  # noqa: E402
from policyeditor.formats.exporters.html import export_html  # noqa: E402
from policyeditor.formats.exporters.info import ExportInfo  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.formats.redline.blackline import export_blackline_docx  # noqa: E402
from policyeditor.formats.redline.docx import export_redline_docx  # noqa: E402
from policyeditor.pdf.policy import export_pdf  # noqa: E402
from policyeditor.pdf.redline import export_redline_pdf  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"


def main(repeats: int) -> None:
    sources = sorted(CORPUS.glob("pairs/*/v2.md")) + sorted(CORPUS.glob("chains/*/v*.md"))
    largest = max(sources, key=lambda p: len(p.read_text(encoding="utf-8").split()))
    policy = import_document(largest).policy
    info = ExportInfo("2.0", Status.APPROVED, author="Bench", created="2024-01-01T00:00:00Z",
                      content_hash=policy.content_hash())
    print(f"{largest.relative_to(CORPUS)}: {policy.word_count()} words, {policy.section_count()} sections")
    with tempfile.TemporaryDirectory() as folder:
        for kind, export in (("docx", export_docx), ("html", export_html), ("pdf", export_pdf)):
            path = Path(folder) / f"out.{kind}"
            export(policy, path, info)  # warm up (imports, Qt start, template read)
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                export(policy, path, info)
                times.append(time.perf_counter() - start)
            print(f"  {kind:4}  median {1000 * statistics.median(times):7.1f} ms  "
                  f"min {1000 * min(times):7.1f} ms  ({repeats} runs, {path.stat().st_size // 1024} KiB)")
    redlines(repeats)


def redlines(repeats: int) -> None:
    """The redline of the largest pair (by old + new words) to each redline output, diff excluded."""
    pairs = sorted(CORPUS.glob("pairs/*"))
    largest = max(pairs, key=lambda p: sum(len((p / v).read_text(encoding="utf-8").split())
                                           for v in ("v1.md", "v2.md")))
    old, new = (import_document(largest / v).policy for v in ("v1.md", "v2.md"))
    redline = compare(old, new)
    print(f"redline {largest.name}: {old.word_count()} → {new.word_count()} words, "
          f"{len(redline.changes)} changes")
    outputs = (("tracked docx", "docx", export_redline_docx),
               ("blackline docx", "docx", export_blackline_docx),
               ("redline pdf", "pdf", export_redline_pdf))
    with tempfile.TemporaryDirectory() as folder:
        for name, suffix, export in outputs:
            path = Path(folder) / f"out.{suffix}"
            export(redline, path)  # warm up
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                export(redline, path)
                times.append(time.perf_counter() - start)
            print(f"  {name:14}  median {1000 * statistics.median(times):7.1f} ms  "
                  f"min {1000 * min(times):7.1f} ms  ({repeats} runs, {path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
