"""Export time of the largest corpus document to DOCX, HTML and PDF (a plain script printing figures).

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
from policyeditor.formats import import_document  # noqa: E402
from policyeditor.formats.docx_export import export_docx  # noqa: E402
from policyeditor.formats.export_info import ExportInfo  # noqa: E402
from policyeditor.formats.html_export import export_html  # noqa: E402
from policyeditor.gui.pdf_export import export_pdf  # noqa: E402

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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
