"""Right-to-left text in our own PDFs (clean and redline): each Hebrew line laid out right to left, a
Hebrew table's first column on the right. Read back with pdftotext, in the order the page shows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from policyeditor.diff.redline import compare
from policyeditor.pdf.policy import export_pdf
from policyeditor.pdf.redline import export_redline_pdf
from tests.formats.test_right_to_left import INFO, changed_policy, hebrew_policy

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")


def shown_lines(pdf: Path) -> list[str]:
    """Each laid-out line's characters as the page shows them, left to right (no spaces)."""
    from lxml import etree

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode()
    lines: dict[int, list[tuple[float, str]]] = {}
    for word in etree.fromstring(out, etree.HTMLParser()).iter("word"):
        top, left = round(float(word.get("ymin"))), float(word.get("xmin"))
        lines.setdefault(top, []).append((left, word.text or ""))
    return ["".join(text for _, text in sorted(line)) for _, line in sorted(lines.items())]


def line_with(lines: list[str], words: str) -> str:
    return next(line for line in lines if words[::-1] in line)


def assert_right_to_left(lines: list[str]) -> None:
    sentence = line_with(lines, "סעיף")
    # the first word at the right end, the full stop left of the 5 at the left end
    assert sentence.startswith(".5") and "המדיניות"[::-1] in sentence[-20:], sentence
    header = line_with(lines, "נושא")
    assert header.index("פרטים"[::-1]) < header.index("נושא"[::-1]), header  # the first column on the right
    assert any("GoogleAnalyticscollects" in line for line in lines)  # left-to-right words stay so


def test_the_pdf_lays_hebrew_out_right_to_left(qapp, tmp_path):
    out = tmp_path / "he.pdf"
    export_pdf(hebrew_policy(), out, INFO)
    lines = shown_lines(out)
    assert_right_to_left(lines)
    assert line_with(lines, "כללי").endswith("כללי"[::-1] + "1")  # the heading's number on the right


def test_the_redline_pdf_lays_hebrew_out_right_to_left(qapp, tmp_path):
    out = tmp_path / "redline.pdf"
    export_redline_pdf(compare(hebrew_policy(), changed_policy()), out)
    assert_right_to_left(shown_lines(out))
