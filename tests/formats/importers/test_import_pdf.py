"""PDF import: text and headings (by font size and weight, else inferred as plain text), layout not kept."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fpdf import FPDF

from policyeditor.cli import main
from policyeditor.core.body import plain_text
from policyeditor.core.errors import ImportError_
from policyeditor.formats.importers import import_document
from tests.conftest import CORPUS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CLAUSES = [
    ("Data we collect", "We collect your name and e-mail address when you sign up. We also collect usage "
                        "data, such as the pages you visit and the well-known features you use most."),
    ("How we use it", "We use your data to run the service and to send you notices about it."),
    ("Your rights", "You may ask for a copy of your data at any time, and for its deletion."),
]


def _pdf(path: Path, *, styled: bool = True, pages: int = 1, encrypt: bool = False) -> Path:
    """A PDF written with fpdf2: a title, numbered clause headings and body text, a page number per page."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B" if styled else "", 20 if styled else 11)
        pdf.multi_cell(0, 10, "Acme Privacy Policy" if styled else "ACME PRIVACY POLICY")
        pdf.ln(4)
        for n, (heading, body) in enumerate(CLAUSES, 1):
            pdf.set_font("Helvetica", "B" if styled else "", 14 if styled else 11)
            pdf.multi_cell(0, 8, f"{n}. {heading}" if styled else heading.upper())
            pdf.ln(2)
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 4.5, body)  # lines close enough to read as one paragraph
            pdf.ln(4)
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(100, 280)
        pdf.cell(10, 5, str(page))
    pdf.output(str(path))
    return path


def _words(policy) -> list[str]:
    return [w for s, _ in policy.walk() for w in (s.heading + " " + plain_text(s.body)).split()]


def test_headings_by_font_size_and_every_word_kept(tmp_path):
    result = import_document(_pdf(tmp_path / "acme.pdf"))
    policy = result.policy
    assert policy.title == "Acme Privacy Policy"
    assert [s.heading for s, _ in policy.walk()] == [h for h, _ in CLAUSES]  # "1." is the derived number
    assert [plain_text(s.body) for s, _ in policy.walk()] == [b for _, b in CLAUSES]
    assert any("layout" in line and "not kept" in line for line in result.report)
    assert any("1 page number" in line for line in result.report)


def test_a_pdf_in_one_font_gets_its_sections_as_plain_text_does(tmp_path):
    policy = import_document(_pdf(tmp_path / "plain.pdf", styled=False)).policy
    assert [s.heading for s, _ in policy.walk()] == [h.upper() for h, _ in CLAUSES]
    assert policy.title == "ACME PRIVACY POLICY"


def test_pages_follow_each_other(tmp_path):
    policy = import_document(_pdf(tmp_path / "three.pdf", pages=3)).policy
    words = _words(policy)
    assert words.count("deletion.") == 3 and "3" not in words  # page numbers left out


@pytest.mark.parametrize("content, message", [
    (b"not a pdf at all", "is not a PDF file"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "PDF"),
])
def test_bad_files_are_one_sentence(tmp_path, content, message):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(ImportError_, match=message):
        import_document(path)
    assert path.read_bytes() == content


def test_truncated_and_encrypted_pdfs_are_refused_in_one_sentence(tmp_path):
    whole = _pdf(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    try:
        result = import_document(cut)  # pdfminer may read what is there: then it is some of the words
        assert set(_words(result.policy)) <= set(_words(import_document(tmp_path / "whole.pdf").policy))
    except ImportError_ as error:
        assert "\n" not in str(error)
    with pytest.raises(ImportError_, match="encrypted PDF"):
        import_document(_pdf(tmp_path / "locked.pdf", encrypt=True))


def test_cli_imports_a_pdf_and_compares_it_with_a_docx(tmp_path, capsys):
    pdf = _pdf(tmp_path / "old.pdf")
    out = tmp_path / "old.policy"
    assert main(["import", str(pdf), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "3 sections" in printed and "layout" in printed
    new = CORPUS / "docx" / "reddit-privacy-policy.pandoc.docx"
    assert main(["compare", str(pdf), str(new), "-o", str(tmp_path / "r.json")]) == 0
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["changes"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_pdf_libreoffice_made_from_a_corpus_docx_reads_as_the_docx(tmp_path):
    source = tmp_path / "reddit.docx"
    shutil.copy(CORPUS / "docx" / "reddit-privacy-policy.pandoc.docx", source)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=180)
    pdf = tmp_path / "reddit.pdf"
    assert pdf.exists()
    from_pdf, from_docx = import_document(pdf).policy, import_document(source).policy
    assert from_pdf.title == from_docx.title
    assert [s.heading for s, _ in from_pdf.walk()] == [s.heading for s, _ in from_docx.walk()]
    # words broken across the lines of narrow table cells come back as two; the rest is kept
    pdf_words, docx_words = set(_words(from_pdf)), [w for w in _words(from_docx) if w != "|"]
    assert sum(w in pdf_words for w in docx_words) / len(docx_words) > 0.9


def test_a_libreoffice_pdf_compares_with_its_docx_word_for_word(tmp_path):
    # LibreOffice's PDF of the pandoc DOCX: wrapped lines joined, bullets it sets apart from their
    # words put back on their items, headings that only a wider space marks (empty heading
    # paragraphs) read as headings, bold lines spaced as paragraphs kept as bold paragraphs.
    # Before: 101 changes, words +3976 -3989
    for name, ext in (("snapchat-privacy-policy.libreoffice", "pdf"),
                      ("snapchat-privacy-policy.pandoc", "docx")):
        shutil.copy(CORPUS / ext / f"{name}.{ext}", tmp_path / f"snapchat.{ext}")  # one name, one title
    out, docx, pdf = tmp_path / "r.json", tmp_path / "snapchat.docx", tmp_path / "snapchat.pdf"
    assert main(["compare", str(docx), str(pdf), "-o", str(out)]) == 0
    stats = json.loads(out.read_text())["stats"]
    assert (stats["words_inserted"], stats["words_deleted"]) == (0, 0)
    # left: an empty bold run in the DOCX, a space inside a link's edge, a no-break space LibreOffice
    # prints as a space
    assert stats["changes"] <= 3 and stats["sections"]["unchanged"] >= 8


def test_text_a_page_clips_away_is_not_read(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    with pdf.rect_clip(10, 10, 190, 30):
        pdf.set_xy(10, 15)
        pdf.cell(0, 5, "Shown inside the clip.")
        pdf.set_xy(10, 60)
        pdf.cell(0, 5, "Drawn below the clip, never shown.")
    pdf.set_font("Helvetica", "", 12)  # again: the clip's graphics state took the font with it
    pdf.set_xy(10, 80)
    pdf.cell(0, 5, "Shown with no clip.")
    pdf.output(str(tmp_path / "clip.pdf"))
    words = _words(import_document(tmp_path / "clip.pdf").policy)
    assert "inside" in words and "no" in words and "never" not in words


def test_lines_wrapped_over_a_page_join_and_a_line_ended_early_breaks(tmp_path):
    long = ("This clause runs on over many lines of the page and carries on past the foot of the "
            "page into the next one, so the reader must join its lines again. ") * 6
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 10, "Terms")
    pdf.set_font("Helvetica", "", 11)
    pdf.set_y(255)  # the clause goes on over the page
    pdf.multi_cell(0, 5, long.strip(), align="L")
    pdf.ln(4)
    pdf.multi_cell(0, 5, "Acme Ltd\n1 High Street", align="L")  # a line ended early: a line break
    pdf.output(str(tmp_path / "wrap.pdf"))
    policy = import_document(tmp_path / "wrap.pdf").policy
    body = "\n\n".join(s.body for s, _ in policy.walk())
    assert long.strip() in body.split("\n\n")
    assert "Acme Ltd<br>1 High Street" in body
