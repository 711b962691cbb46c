"""The Qt PDF export: a real PDF, A4, whose text holds the headings, the furniture and the DRAFT mark."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from policyeditor.core.model import Policy, Section, Status
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.pdf.policy import export_pdf

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
