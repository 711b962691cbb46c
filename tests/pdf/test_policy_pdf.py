"""The Qt PDF export: a real PDF, A4, whose text holds the headings, the furniture and the DRAFT mark."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from policyeditor.core.model import Policy, Section, Status
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.pdf.policy import complete_pdf, export_pdf

pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")


def policy() -> Policy:
    return Policy(title="Acceptable Use Policy", sections=[
        Section("Purpose", "This policy sets **clear rules** for _everyone_.", [
            Section("Who it covers", "- Staff\n- Contractors\n  - Agencies")]),
        Section("Rules", "| Rule | Owner |\n| --- | --- |\n| Lock screens | IT |\n\n"
                + "\n\n".join(f"Paragraph {n} of the rules, long enough for a page." for n in range(120))),
    ])


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_pdf_is_written(qapp, tmp_path):
    path = tmp_path / "policy.pdf"
    export_pdf(policy(), path, ExportInfo("1.0", Status.APPROVED, content_hash="cd" * 32))
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]


@pdftotext
def test_pdf_text_holds_headings_and_page_numbers(qapp, tmp_path):
    path = tmp_path / "policy.pdf"
    export_pdf(policy(), path, ExportInfo("1.0", Status.APPROVED, content_hash="cd" * 32))
    text = text_of(path)
    for words in ("Acceptable Use Policy", "1 Purpose", "1.1 Who it covers", "2 Rules", "Lock screens",
                  "Agencies", "Version 1.0 \u00b7 Approved", "Page 1 of", "SHA-256 cdcdcdcd"):
        assert words in text
    pages = text.count("\f")
    assert pages >= 2 and f"Page {pages} of {pages}" in text
    assert "DRAFT" not in text


@pdftotext
def test_pdf_of_a_draft_carries_the_mark(qapp, tmp_path):
    path = tmp_path / "draft.pdf"
    export_pdf(policy(), path, ExportInfo(None, Status.DRAFT))
    text = text_of(path)
    assert "DRAFT \u2014 not approved" in text and "Working draft" in text


def test_a_pdf_of_hundreds_of_pages_from_the_command_line_ends_cleanly(tmp_path):
    """A process that never opens the window still gets pyside_none's guard: before it, the
    painter's calls of a 200-page PDF used up None's reference count and the command aborted
    ("none_dealloc: deallocating None", exit status 134)."""
    source = tmp_path / "big.md"
    source.write_text("# Big policy\n" + "".join(
        f"\n## Section {k}\n\nThis is the text of section {k}, which says what we do with data and why.\n"
        for k in range(1500)), encoding="utf-8")
    out = tmp_path / "big.pdf"
    done = subprocess.run([sys.executable, "-m", "policyeditor", "export", str(source), "-o", str(out)],
                          capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-500:]
    assert "none_dealloc" not in done.stderr and complete_pdf(out)


def test_a_pdf_that_cannot_be_made_stops_before_painting(qapp, tmp_path, capfd):
    """Qt's writer does not raise: a painter that did not begin warned once for every stroke
    (thousands of lines on stderr), and the error then blamed a full disk."""
    with pytest.raises(OSError, match="the PDF file could not be created"):
        export_pdf(policy(), tmp_path / "missing" / "policy.pdf", ExportInfo(None, Status.DRAFT))
    assert "Painter not active" not in capfd.readouterr().err
