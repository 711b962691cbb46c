"""The redline PDF lays the chosen colour of formatting changes (`RedlineColours.reformatted`) under
the words whose formatting alone changed, as the inline view does (a tint on white paper)."""

import shutil
import subprocess

import pytest
from PySide6.QtGui import QColor, QImage

from policyeditor.formats.redline.colours import RedlineColours, on_white
from policyeditor.pdf.redline import export_redline_pdf
from tests.formats.redline.test_reformat_colour_outputs import redline


def pixels_near(image: QImage, colour: QColor) -> int:
    """How many pixels of `image` are `colour`, give or take 2 a channel (every 2nd pixel)."""
    target = colour.getRgb()[:3]
    return sum(all(abs(a - b) <= 2 for a, b in zip(image.pixelColor(x, y).getRgb()[:3], target, strict=True))
               for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_redline_pdf_tints_formatting_changes_in_the_chosen_colour(qapp, tmp_path):
    tint = QColor(on_white("#e65100", 40))
    pages = {}
    for name, colours in (("chosen", RedlineColours(reformatted="#e65100")), ("standard", RedlineColours())):
        out = tmp_path / f"{name}.pdf"
        export_redline_pdf(redline(), out, colours)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out), str(tmp_path / name)],
                       check=True, capture_output=True)
        pages[name] = QImage(str(next(tmp_path.glob(f"{name}*.png"))))
    assert pixels_near(pages["chosen"], tint) > 20  # under "must" and "first item"
    assert pixels_near(pages["standard"], tint) == 0
    assert pixels_near(pages["standard"], QColor(on_white(RedlineColours().reformatted, 40))) > 20
