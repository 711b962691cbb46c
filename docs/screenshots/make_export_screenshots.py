#!/usr/bin/env python3
"""Render the README's export screenshots: the clean DOCX through LibreOffice, the Qt PDF.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_export_screenshots.py

Needs soffice and pdftoppm. Writes export-docx.png (pages 1 and 2 side by side: title
block with contents, then the text) and export-html-pdf.png (page 1 of the Qt PDF).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "formats")]

from export_sample import feature_policy  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402

from policyeditor.core.model import Section, Status  # noqa: E402
from policyeditor.formats.exporters.docx import export_docx  # noqa: E402
from policyeditor.formats.exporters.info import ExportInfo  # noqa: E402
from policyeditor.pdf.policy import export_pdf  # noqa: E402


def pages(pdf: Path, first: int, last: int, folder: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(first), "-l", str(last), str(pdf),
                    str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def side_by_side(images: list[Path], out: Path) -> None:
    loaded = [QImage(str(p)) for p in images]
    gap = 16
    width = sum(i.width() for i in loaded) + gap * (len(loaded) + 1)
    height = max(i.height() for i in loaded) + 2 * gap
    canvas = QImage(width, height, QImage.Format.Format_RGB32)
    canvas.fill(QColor(0xD9, 0xD9, 0xD9))
    painter = QPainter(canvas)
    x = gap
    for image in loaded:
        painter.drawImage(x, gap, image)
        x += image.width() + gap
    painter.end()
    canvas.save(str(out))


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (kept alive)
    policy = feature_policy()
    policy.sections.append(Section("Changes to this policy",
                                   "We will post any change on this page and, where the change is "
                                   "significant, tell you by e-mail **before** it takes effect."))
    info = ExportInfo("2.1", Status.IN_REVIEW, author="Jane Counsel", created="2024-03-12T10:00:00Z",
                      content_hash=policy.content_hash())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docx_path = folder / "policy.docx"
        export_docx(policy, docx_path, info)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder), str(docx_path)],
                       check=True, capture_output=True)
        side_by_side(pages(folder / "policy.pdf", 1, 2, folder), HERE / "export-docx.png")
        for old in folder.glob("page-*.png"):
            old.unlink()
        export_pdf(policy, folder / "qt.pdf", info)
        side_by_side(pages(folder / "qt.pdf", 1, 1, folder), HERE / "export-html-pdf.png")


if __name__ == "__main__":
    main()
