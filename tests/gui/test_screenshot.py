"""`policyeditor FILE --screenshot OUT.png` draws the window, with its highlights, and exits cleanly."""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from policyeditor.core.model import Status
from policyeditor.store.policyfile import PolicyFile

ROOT = Path(__file__).parents[2]


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
    inserted = QColor(70, 130, 255)
    lit = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
              if _close(image.pixelColor(x, y), inserted))
    assert lit > 50  # the inserted sentence is drawn lit
    assert "Traceback" not in done.stderr
    with PolicyFile.open(sample_policy) as pf:  # closed cleanly: the lock is free again
        assert pf.load_draft().sections[0].body.endswith("A sentence the draft adds.")


def _close(colour: QColor, tint: QColor) -> bool:
    # the insertion background is the tint at 70/255 over white
    expect = [round(255 + (c - 255) * 70 / 255) for c in (tint.red(), tint.green(), tint.blue())]
    seen = (colour.red(), colour.green(), colour.blue())
    return all(abs(a - b) <= 6 for a, b in zip(seen, expect, strict=True))
