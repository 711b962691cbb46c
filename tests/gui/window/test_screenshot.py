"""`policyeditor FILE --screenshot OUT.png` draws the window, with its highlights, and exits cleanly."""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPalette

from policyeditor.core.model import Status
from policyeditor.gui.style.theme import dark_palette, roles
from policyeditor.store.policyfile import PolicyFile

ROOT = Path(__file__).parents[3]


def test_screenshot_of_an_edited_draft(tmp_path, sample_policy):
    with PolicyFile.open(sample_policy) as pf:
        draft = pf.load_draft()
        draft.sections[0].body += " A sentence the draft adds."
        pf.save_draft(draft)
        assert pf.latest_approved().status == Status.APPROVED
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "policyeditor", str(sample_policy), "--screenshot", str(out)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert image.width() >= 800 and image.height() >= 600
    light = roles(dark=False, base=QColor("white"))
    assert _count(image, QColor(light.solid(light.inserted_background))) > 50  # the inserted sentence is lit
    assert "Traceback" not in done.stderr
    with PolicyFile.open(sample_policy) as pf:  # closed cleanly: the lock is free again
        assert pf.load_draft().sections[0].body.endswith("A sentence the draft adds.")


def test_dark_screenshot(tmp_path, sample_policy):
    """With View ▸ Theme ▸ Dark remembered, the window is drawn dark, the insertion in its dark tint."""
    with PolicyFile.open(sample_policy) as pf:
        draft = pf.load_draft()
        draft.sections[0].body += " A sentence the draft adds."
        pf.save_draft(draft)
    config = Path(os.environ["POLICYEDITOR_CONFIG_DIR"])
    (config / "policyeditor.ini").write_text("[view]\ntheme=dark\n", encoding="utf-8")
    out = tmp_path / "dark.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "policyeditor", str(sample_policy), "--screenshot", str(out)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    dark_pixels = sum(1 for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)
                      if image.pixelColor(x, y).lightness() < 80)
    assert dark_pixels > 0.6 * (image.width() // 8) * (image.height() // 8)
    dark = roles(dark=True, base=dark_palette().color(QPalette.ColorRole.Base))
    assert _count(image, QColor(dark.solid(dark.inserted_background))) > 50


def _count(image: QImage, colour: QColor) -> int:
    """How many pixels (every second one each way) are `colour`, give or take 6 a channel."""
    return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if _close(image.pixelColor(x, y), colour))


def _close(colour: QColor, expect_colour: QColor) -> bool:
    expect = (expect_colour.red(), expect_colour.green(), expect_colour.blue())
    seen = (colour.red(), colour.green(), colour.blue())
    return all(abs(a - b) <= 6 for a, b in zip(seen, expect, strict=True))
