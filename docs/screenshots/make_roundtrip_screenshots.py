"""Make docs/screenshots/roundtrip-redline.png and merge-from-word.png (needs soffice and pdftoppm).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_roundtrip_screenshots.py

The round trip of tests/app/test_import_into.py: version 1.0 approved, a draft Ada edited,
Rita's thread on "Transport Layer Security (TLS)" with Ada's reply; the redline sent to Bob,
who deletes "partners", inserts "and resellers" and replies, in Word with Track Changes on;
the returned document merged back (File > Merge Review from Word...). Shown: the redline
DOCX exported again, as LibreOffice renders it (each author's revisions in their own colour,
the comment's note icon at the end of its words), and the window after the merge (the change
list credits each change to its author and date).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from PySide6.QtWidgets import QApplication  # noqa: E402

from policyeditor.cli import main  # noqa: E402
from tests.app.test_import_into import ADA, _returned, reviewed_policy  # noqa: E402


def policy(folder: Path) -> Path:
    return reviewed_policy(folder)


def make(app: QApplication) -> None:
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = policy(folder)
        returned = _returned(path, folder)
        settings().setValue("user/name", ADA)
        window = MainWindow(settings())
        window.resize(1280, 720)
        window.show()
        window.open_path(str(path))
        while window.opening() or window.compare_view.building:
            app.processEvents()
        window.review.merge_word_from(str(returned))
        while window.review.merging or window.tracker.pending or not any(
                "Bob" in window.change_list.item(k).text() for k in range(window.change_list.count())):
            app.processEvents()
        for _ in range(50):
            app.processEvents()
        window.grab().save(str(HERE / "merge-from-word.png"))
        window.session.save()
        window.close()
        out = folder / "redline.docx"
        assert main(["compare", f"{path}@1.0", str(path), "-o", str(out)]) == 0
        # LibreOffice 7.4 writes Word comments as PDF annotations: a note icon where the range ends
        notes = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
        subprocess.run(["soffice", "--headless", "--convert-to", notes, "--outdir", str(folder), str(out)],
                       check=True, capture_output=True)
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile",
                        "-y", "0", "-H", "520", "-W", "744", str(out.with_suffix(".pdf")),
                        str(HERE / "roundtrip-redline")], check=True)
        print(HERE / "merge-from-word.png", HERE / "roundtrip-redline.png")


if __name__ == "__main__":
    application = QApplication.instance() or QApplication(sys.argv[:1])
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information = staticmethod(lambda *a, **k: None)  # the merge's report: not in the picture
    make(application)
