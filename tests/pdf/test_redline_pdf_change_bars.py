"""The redline PDF has a change bar in the margin of every changed line, as PRODUCT.md's redline
conventions ask: lines of paragraphs and of table rows alike, none beside unchanged lines or the
summary's legend, in the deletion colour."""

import shutil
import subprocess

import pytest
from PySide6.QtGui import QColor, QImage, QTextDocument, QTextFormat

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.colours import RedlineColours
from policyeditor.pdf.redline import changed_lines, export_redline_pdf, paper_style, redline_pdf_html
from tests.pdf.test_redline_pdf_reformat_colour import pixels_near

TABLE = "| Record | Period |\n| --- | --- |\n{rows}"
OLD_ROWS = "| Invoices | 7 years |\n| Emails | 2 years |\n| Logs | 90 days |\n"
NEW_ROWS = "| Invoices | 10 years |\n| Logs | 90 days |\n| Backups | 30 days |\n"


def policies() -> tuple[Policy, Policy]:
    def policy(rows: str, last: str) -> Policy:
        body = f"We keep records as follows.\n\n{TABLE.format(rows=rows)}\n{last}"
        return Policy("Retention", [Section("Periods", body, id="p")])

    return policy(OLD_ROWS, "That is all."), policy(NEW_ROWS, "That is everything.")


def barred_lines(html: str) -> tuple[set[str], set[str]]:
    """The texts of the laid-out lines `changed_lines` bars, and of those it leaves, after the rule."""
    document = QTextDocument()
    document.setDefaultStyleSheet(paper_style(RedlineColours()))
    document.setHtml(html)
    document.setTextWidth(600)
    spans = set(changed_lines(document))
    top_of = document.documentLayout().blockBoundingRect
    barred, plain = set(), set()
    block, text = document.begin(), False
    while block.isValid():
        lines = block.layout()
        for index in range(lines.lineCount() if text else 0):
            line = lines.lineAt(index)
            top = top_of(block).top() + line.y()
            words = block.text()[line.textStart():line.textStart() + line.textLength()].strip()
            (barred if (top, top + line.height()) in spans else plain).add(words)
        text = text or block.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth)
        block = block.next()
    return barred, plain


def test_every_changed_line_is_barred_and_no_other(qapp):
    barred, plain = barred_lines(redline_pdf_html(compare(*policies())))
    assert barred == {"Invoices", "710 years", "Emails", "2 years", "Backups", "30 days",
                      "That is alleverything."}
    assert {"We keep records as follows.", "Logs", "90 days", "Record", "Period"} <= plain


def test_a_long_paragraph_is_barred_on_its_changed_lines_alone(qapp):
    words = " ".join(f"word{k}" for k in range(400))
    old = Policy("T", [Section("S", words, id="s")])
    new = Policy("T", [Section("S", words.replace("word390", "changed"), id="s")])
    barred, plain = barred_lines(redline_pdf_html(compare(old, new)))
    assert len(barred) == 1 and "changed" in next(iter(barred)) and len(plain) > 5


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_the_pdf_draws_the_bars_left_of_the_text_in_the_deletion_colour(qapp, tmp_path):
    old, new = policies()
    margins = {}
    for name, pair in (("changed", (old, new)), ("same", (new, new))):
        out = tmp_path / f"{name}.pdf"
        export_redline_pdf(compare(*pair), out, RedlineColours(deleted="#c0262d"))
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out), str(tmp_path / name)],
                       check=True, capture_output=True)
        page = QImage(str(next(tmp_path.glob(f"{name}*.png"))))
        margins[name] = page.copy(0, 0, int(page.width() * 23 / 210), page.height())  # the left margin
    assert pixels_near(margins["changed"], QColor("#c0262d")) > 10
    assert pixels_near(margins["same"], QColor("#c0262d")) == 0
