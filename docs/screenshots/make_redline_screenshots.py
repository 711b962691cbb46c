"""Make docs/screenshots/redline-docx.png and blackline-docx.png (needs soffice and pdftoppm).

    python docs/screenshots/make_redline_screenshots.py

The Spotify privacy pair of the corpus as versions 1.0 (approved) and 2.0 of one .policy
file, its redline exported as tracked-changes and blackline DOCX, rendered by LibreOffice,
pages 1–2 side by side.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from make_export_screenshots import side_by_side  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from policyeditor.cli import main  # noqa: E402
from policyeditor.core.model import Status  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

PAIR = ROOT / "tests" / "data" / "corpus" / "pairs" / "spotify-privacy-policy"


def render(docx: Path, png: Path, folder: Path) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True)
    stem = folder / docx.stem
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(stem.with_suffix(".pdf")),
                    str(stem)], check=True)
    side_by_side(sorted(folder.glob(f"{docx.stem}-*.png")), png)


def make() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old, new = import_document(PAIR / "v1.md").policy, import_document(PAIR / "v2.md").policy
        old.title = new.title = "Spotify Privacy Policy"  # the Markdown files carry no title
        path = folder / "spotify.policy"
        with PolicyFile.create(path, old, author="Dana Reyes") as pf:
            pf.save_version(old, "1.0", author="Dana Reyes", status=Status.APPROVED)
            pf.save_version(new, "2.0", author="Dana Reyes", parent="1.0")
        for name, extra in (("redline-docx", []), ("blackline-docx", ["--blackline"])):
            out = folder / f"{name}.docx"
            assert main(["export", f"{path}@2.0", "--redline-against", f"{path}@1.0", "-o", str(out),
                         *extra]) == 0
            render(out, HERE / f"{name}.png", folder)
            print(HERE / f"{name}.png")


if __name__ == "__main__":
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    make()
