"""The colour a person chooses for changes of formatting alone (Preferences' "Formatting changes",
`RedlineColours.reformatted`) marks them in the HTML redline and the blackline DOCX, as the other
redline colours mark theirs (the PDF: tests/pdf/test_redline_pdf_reformat_colour.py; the window:
tests/gui/style/test_reformat_colour_preferences.py)."""

import re

import docx
from docx.enum.text import WD_UNDERLINE

from policyeditor.app.export import write_redline
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.colours import RedlineColours, on_white

OLD = "We **must** keep your data.\n\n- first item\n\nSome words change here."
NEW = "We must keep your data.\n\n1. first item\n\nSome words differ here."
CHOSEN = RedlineColours(inserted="#6a1b9a", reformatted="#e65100")


def redline():
    return compare(Policy("Terms", [Section("Use", OLD, id="use")]),
                   Policy("Terms", [Section("Use", NEW, id="use")]))


def test_html_redline_marks_formatting_changes_in_the_chosen_colour(tmp_path):
    out = tmp_path / "redline.html"
    write_redline(redline(), out, colours=CHOSEN)
    page = out.read_text(encoding="utf-8")
    style = page.split("<style>")[1].split("</style>")[0]
    rules = dict(re.findall(r"([^{}]+)\{([^{}]*)\}", style))
    assert "#e65100" in rules[".format"] and on_white("#e65100", 18) in rules[".format"]
    assert "#6a1b9a" in rules["ins"]  # the other chosen colours too: the HTML takes them all
    main = page.split("<main")[1]
    assert '<span class="format"' in main and 'title="Formatted: bold removed"' in main
    assert '<span class="format">reformatted</span>' in page  # in the legend


def test_html_redline_in_the_standard_colours_by_default(tmp_path):
    out = tmp_path / "redline.html"
    write_redline(redline(), out)
    assert RedlineColours().reformatted in out.read_text(encoding="utf-8")


def test_blackline_marks_formatting_changes_in_the_chosen_colour(tmp_path):
    out = tmp_path / "redline.blackline.docx"
    write_redline(redline(), out, style="blackline", colours=CHOSEN)
    runs = [run for paragraph in docx.Document(str(out)).paragraphs for run in paragraph.runs]
    must = [r for r in runs if r.text == "must"]
    assert must and str(must[0].font.color.rgb) == "E65100" and must[0].font.underline == WD_UNDERLINE.WAVY
    notes = [r for r in runs if r.text.strip().startswith("[Formatted:")]
    assert notes and {str(r.font.color.rgb) for r in notes} == {"E65100"}
    legend = [r for r in runs if r.text == "reformatted"]
    assert legend and str(legend[0].font.color.rgb) == "E65100"
