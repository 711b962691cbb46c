"""PDF import figures: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_pdf_round_trip.py`.

Each corpus policy (the sample and every pair's v1.md) exported to PDF and compared with its
source (what `policyeditor compare SOURCE SOURCE.pdf` says; 0 changes is a perfect read-back),
and LibreOffice's PDF of the snapchat DOCX compared with the DOCX, with the time each import took.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from policyeditor.app.compare import compare_refs  # noqa: E402
from policyeditor.cli import main as cli  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def line(old: Path, new: Path) -> str:
    start = time.perf_counter()
    import_document(new)
    took = (time.perf_counter() - start) * 1000
    redline, _, _ = compare_refs(str(old), str(new))
    stats = redline.stats
    return (f"{stats.changes} changes, words +{stats.words_inserted} -{stats.words_deleted} "
            f"(import {took:.0f} ms)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = [CORPUS / "seed" / "privacy-policy.txt"] + sorted(CORPUS.glob("pairs/*/v1.md"))
        for source in sources:
            name = source.parent.name if source.name == "v1.md" else source.stem
            copy = folder / f"{name}{source.suffix}"
            shutil.copy(source, copy)
            pdf = folder / f"{name}.pdf"
            with contextlib.redirect_stdout(io.StringIO()):  # its "exported …" line
                cli(["export", str(copy), "-o", str(pdf)])
            print(f"{name}: {line(copy, pdf)}", flush=True)
        for ext, kind in (("docx", "pandoc"), ("pdf", "libreoffice")):
            shutil.copy(CORPUS / ext / f"snapchat-privacy-policy.{kind}.{ext}", folder / f"snapchat.{ext}")
        figures = line(folder / "snapchat.docx", folder / "snapchat.pdf")
        print(f"LibreOffice's PDF of the snapchat DOCX: {figures}")


if __name__ == "__main__":
    main()
