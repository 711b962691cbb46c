"""Issue 13 in the PDF: footnotes numbered, their text under Notes; equations and pictures shown."""

import shutil
import subprocess
from pathlib import Path

import pytest

from policyeditor.core.model import Policy, Section, Status
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers.docx import import_docx
from policyeditor.pdf.policy import export_pdf

POI = Path(__file__).parents[1] / "data" / "poi-docx"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_pdf_prints_numbered_notes_equations_and_pictures(qapp, tmp_path):
    pictures = import_docx(POI / "WithGIF.docx").policy
    body = ("We collect data<fn>As the law allows.</fn> and keep it<en>See the annex.</en> where "
            "<math>A=πr^2</math>.\n\n" + pictures.sections[0].body)
    policy = Policy(title="Notes", sections=[Section("Data", body)])
    policy.pictures = pictures.pictures
    assert policy.picture_refs()
    out = tmp_path / "notes.pdf"
    export_pdf(policy, out, ExportInfo("1.0", Status.APPROVED))
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "We collect data1 and keep iti where A=πr^2." in text
    assert text.index("Notes\n") < text.index("As the law allows.") < text.index("Endnotes")
    assert text.index("Endnotes") < text.index("See the annex.")
    if shutil.which("pdfimages"):
        images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout
        assert len(images.splitlines()) > 2  # a header, a rule, then the pictures
