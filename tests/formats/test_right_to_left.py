"""Right-to-left policies read right to left in every export: HTML `dir`, DOCX w:bidi / w:rtl /
w:bidiVisual (clean, tracked redline, blackline), and as LibreOffice lays the DOCX out."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policyeditor.core.model import Policy, Section, Status
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import render_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.redline.blackline import export_blackline_docx
from policyeditor.formats.redline.html import render_html as redline_html
from tests.formats.ooxml_check import W, parts
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, assert_exact, exports

INFO = ExportInfo("1.0", Status.APPROVED)
SENTENCE = "המדיניות חלה על כל המשתמשים, לפי סעיף 5."
BODY = (f"{SENTENCE}\n\n"
        "- אנו אוספים **שם** ודואר.\n- Google Analytics collects usage data.\n\n"
        "| נושא | פרטים |\n| --- | --- |\n| שמירה | 30 יום. |\n| Cookies | see section 4. |")
ENGLISH = "This section stays left to right, with a Hebrew name: חברת הדוגמה."


def hebrew_policy(body: str = BODY) -> Policy:
    return Policy(title="מדיניות פרטיות", sections=[Section("כללי", body), Section("Scope", ENGLISH)])


def changed_policy() -> Policy:
    """The Hebrew policy with words changed, a word made bold and a list item made a paragraph."""
    body = (BODY.replace("על כל המשתמשים", "על כל המשתמשים והמבקרים").replace("30 יום", "60 יום")
            .replace("ודואר", "**ודואר**").replace("- Google Analytics", "Google Analytics"))
    return hebrew_policy(body)


class Elements(HTMLParser):
    """Each element's tag, its dir, and the words inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None, list[str]]] = []
        self.open: list[tuple[str, str | None, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "meta", "img", "hr"):
            return
        entry = (tag, dict(attrs).get("dir"), [])
        self.open.append(entry)
        self.found.append(entry)

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for entry in self.open:
            entry[2].append(data)


def elements(html: str) -> list[tuple[str, str | None, str]]:
    parser = Elements()
    parser.feed(html)
    return [(tag, where, "".join(words).strip()) for tag, where, words in parser.found]


def dir_of(found, tag: str, starts: str) -> str | None:
    return next(where for t, where, words in found if t == tag and words.startswith(starts))


def test_html_blocks_say_which_way_their_words_read():
    found = elements(render_html(hebrew_policy(), INFO))
    assert dir_of(found, "h1", "מדיניות") == "rtl"
    assert dir_of(found, "h2", "1 כללי") == "rtl" and dir_of(found, "h2", "2 Scope") is None
    assert dir_of(found, "p", "המדיניות") == "rtl" and dir_of(found, "p", "This section") is None
    assert dir_of(found, "ul", "אנו") == "rtl"
    assert dir_of(found, "li", "אנו") is None  # as its list
    assert dir_of(found, "li", "Google") == "ltr"  # an English item in a Hebrew list
    assert dir_of(found, "table", "נושא") == "rtl"
    assert dir_of(found, "td", "שמירה") is None and dir_of(found, "td", "Cookies") == "ltr"
    toc = [(where, words) for tag, where, words in found if tag == "li" and words.startswith(("1 ", "2 "))]
    assert toc == [("rtl", "1 כללי"), (None, "2 Scope")]


def test_an_html_page_of_left_to_right_words_has_no_dir():
    policy = Policy(title="Privacy", sections=[Section("Scope", "We collect data.\n\n- one\n\n| a | b |")])
    assert not [where for _, where, _ in elements(render_html(policy, INFO)) if where]


def test_for_qt_a_right_to_left_tables_cells_are_written_last_to_first():
    cells = [words for tag, _, words in elements(render_html(hebrew_policy(), INFO)) if tag == "th"]
    for_qt = render_html(hebrew_policy(), INFO, mirror_rtl_tables=True)
    mirrored = [words for tag, _, words in elements(for_qt) if tag == "th"]
    assert cells == ["נושא", "פרטים"] and mirrored == ["פרטים", "נושא"]


def test_the_html_redline_says_which_way_its_blocks_read():
    found = elements(redline_html(compare(hebrew_policy(), changed_policy())))
    assert dir_of(found, "h1", "מדיניות") == "rtl"
    assert dir_of(found, "h2", "כללי") == "rtl" and dir_of(found, "h2", "Scope") is None
    assert dir_of(found, "p", "המדיניות") == "rtl"
    assert dir_of(found, "p", "אנו") == "rtl"  # a list item
    assert dir_of(found, "p", "This section") is None
    assert dir_of(found, "table", "נושא") == "rtl" and dir_of(found, "td", "Cookies") == "ltr"


def test_a_redline_block_deleted_whole_reads_as_its_old_words():
    old = Policy(title="T", sections=[Section("A", f"Intro.\n\n{SENTENCE}")])
    new = Policy(title="T", sections=[Section("A", "Intro.")])
    found = elements(redline_html(compare(old, new)))
    assert dir_of(found, "p", "המדיניות") == "rtl"


def _paragraphs(root):
    for p in root.iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t", W + "delText"))
        yield p, text


def _bidi(p) -> bool:
    return p.find(f"{W}pPr/{W}bidi") is not None


def assert_reads_right_to_left(root) -> None:
    """Every paragraph of Hebrew words is w:bidi, every run of Hebrew letters w:rtl, and no w:rtl
    run holds a Latin letter."""
    texts = {text: p for p, text in _paragraphs(root)}
    for start in (SENTENCE[:10], "אנו אוספים", "נושא", "שמירה", "כללי"):
        assert any(_bidi(p) for text, p in texts.items() if text.startswith(start)), start
    for start in ("Google Analytics", "This section", "Cookies", "see section"):
        assert not any(_bidi(p) for text, p in texts.items() if text.startswith(start)), start
    for r in root.iter(W + "r"):
        text = "".join(t.text or "" for t in r.iter(W + "t", W + "delText"))
        rtl = r.find(f"{W}rPr/{W}rtl") is not None
        if any("\u05d0" <= char <= "\u05ea" for char in text):
            assert rtl, text
        if rtl:
            assert not any(char.isascii() and char.isalpha() for char in text), text
    assert all(tbl.find(f"{W}tblPr/{W}bidiVisual") is not None for tbl in root.iter(W + "tbl"))


def test_the_docx_marks_right_to_left_paragraphs_runs_and_tables(tmp_path):
    out = tmp_path / "he.docx"
    export_docx(hebrew_policy(), out, INFO)
    root = parts(out)["word/document.xml"]
    assert_reads_right_to_left(root)
    contents = {text: _bidi(p) for p, text in _paragraphs(root) if text in ("1כללי", "2Scope")}
    assert contents == {"1כללי": True, "2Scope": False}
    # the English paragraph's Hebrew name is a run of its own, right to left, in a left-to-right paragraph
    english = next(p for p, text in _paragraphs(root) if text.startswith("This section"))
    runs = [("".join(t.text for t in r.iter(W + "t")), r.find(f"{W}rPr/{W}rtl") is not None)
            for r in english.iter(W + "r")]
    assert runs == [("This section stays left to right, with a Hebrew name: ", False), ("חברת הדוגמה", True),
                    (".", False)]
    bold = next(r for r in root.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")) == "שם")
    assert bold.find(f"{W}rPr/{W}b") is not None and bold.find(f"{W}rPr/{W}bCs") is not None


def test_a_left_to_right_docx_is_left_as_it_was(tmp_path):
    out = tmp_path / "en.docx"
    policy = Policy(title="Privacy", sections=[Section("Scope", "We collect **data**.\n\n| a | b |")])
    export_docx(policy, out, INFO)
    xml = parts(out)["word/document.xml"]
    assert not [e for e in xml.iter(W + "bidi", W + "rtl", W + "bidiVisual", W + "bCs")]


def test_the_tracked_redline_reads_right_to_left_and_stays_exact(tmp_path):
    out, clean_old, clean_new = exports(hebrew_policy(), changed_policy(), tmp_path)
    root = parts(out)["word/document.xml"]
    assert_reads_right_to_left(root)
    assert root.find(f".//{W}ins") is not None and root.find(f".//{W}del") is not None
    # a run's former formatting and a paragraph's former properties read right to left too, so the
    # direction is no tracked change of its own
    changes = list(root.iter(W + "rPrChange"))
    assert changes and all(c.find(f"{W}rPr/{W}rtl") is not None for c in changes
                           if c.getparent().find(W + "rtl") is not None)
    assert any(c.getparent().find(W + "bCs") is not None for c in changes)  # "ודואר" made bold
    for change in root.iter(W + "pPrChange"):
        paragraph = change.getparent().getparent()
        assert _bidi(paragraph) == (change.find(f"{W}pPr/{W}bidi") is not None)
    assert_exact(out, clean_old, clean_new)


def test_a_format_change_on_words_of_both_directions_is_cut_with_its_own_revision_ids(tmp_path):
    old = Policy(title="T", sections=[Section("A", "Signed by the company חברת הדוגמה today.")])
    new = Policy(title="T", sections=[Section("A", "Signed by the **company חברת הדוגמה** today.")])
    out, clean_old, clean_new = exports(old, new, tmp_path)
    root = parts(out)["word/document.xml"]
    changes = list(root.iter(W + "rPrChange"))
    shown = [("".join(t.text for t in c.getparent().getparent().iter(W + "t")),
              c.getparent().find(W + "rtl") is not None) for c in changes]
    assert shown == [("company ", False), ("חברת הדוגמה", True)]
    assert len({c.get(W + "id") for c in changes}) == 2
    assert_exact(out, clean_old, clean_new)


def test_the_blackline_reads_right_to_left(tmp_path):
    out = tmp_path / "blackline.docx"
    export_blackline_docx(compare(hebrew_policy(), changed_policy()), out, OLD_INFO, NEW_INFO)
    root = parts(out)["word/document.xml"]
    hebrew = [p for p, text in _paragraphs(root) if text.startswith(SENTENCE[:10])]
    assert hebrew and all(_bidi(p) for p in hebrew)
    assert not any(_bidi(p) for p, text in _paragraphs(root) if text.startswith("Comparison"))


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def line_words(pdf: Path, needle: str) -> list[tuple[float, float, str]]:
    """The words (xMin, xMax, text) of the laid-out line of `pdf` holding the word `needle`, left to right
    (LibreOffice's PDF holds a Hebrew word's letters as drawn: left to right, its last letter first)."""
    from lxml import etree

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode()
    words = [(float(w.get("xmin")), float(w.get("xmax")), float(w.get("ymin")), w.text or "")
             for w in etree.fromstring(out, etree.HTMLParser()).iter("word")]
    top = next(y for _, _, y, text in words if needle in (text, text[::-1]))
    return sorted((x0, x1, text) for x0, x1, y, text in words if abs(y - top) < 1)


@pytest.mark.skipif(not (SOFFICE and shutil.which("pdftotext")),
                    reason="LibreOffice and pdftotext are needed")
def test_libreoffice_lays_the_redlines_hebrew_out_right_to_left(tmp_path):
    old, new = hebrew_policy(f"{SENTENCE}\n\nשינוי קטן."), hebrew_policy(f"{SENTENCE}\n\nשינוי גדול.")
    out, _, _ = exports(old, new, tmp_path)
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    subprocess.run([SOFFICE, "--headless", profile, "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(out)], capture_output=True, timeout=180)
    line = line_words(tmp_path / "redline.pdf", "סעיף")
    # read right to left: the first word at the right end, the full stop left of the 5 at the left end
    assert line[-1][2] == "המדיניות"[::-1] and "".join(text for _, _, text in line).startswith(".5"), line
