"""The static blackline DOCX: coloured, struck and underlined runs, no revisions, a summary page first."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document as Docx
from docx.enum.text import WD_UNDERLINE
from lxml import etree

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.blackline import BlacklineColors, export_blackline_docx
from tests.formats.ooxml_check import W, parts
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, exports, moved_policies, words

NS = {"w": W[1:-1]}


def blackline(tmp_path, **options):
    old, new = moved_policies()
    out = tmp_path / "blackline.docx"
    export_blackline_docx(compare(old, new).with_labels("v1", "v2"), out, OLD_INFO, NEW_INFO, **options)
    return out


def runs_by(document, test):
    return [r for p in document.paragraphs for r in p.runs if test(r)]


def test_no_revision_marks_only_formatting(tmp_path):
    out = blackline(tmp_path)
    root = parts(out)["word/document.xml"]
    for kind in ("ins", "del", "moveFrom", "moveTo", "delText", "moveFromRangeStart", "moveToRangeStart"):
        assert not list(root.iter(W + kind)), kind
    document = Docx(str(out))
    struck = runs_by(document, lambda r: r.font.strike)
    underlined = runs_by(document, lambda r: r.font.underline is True and r.font.color.rgb is not None)
    assert {str(r.font.color.rgb) for r in struck} == {"C0262D"}
    assert {str(r.font.color.rgb) for r in underlined} == {"1A4FD6"}
    assert any("goes away entirely" in r.text for r in struck)
    assert any("brand new section" in r.text for r in underlined)
    moved_from = runs_by(document, lambda r: r.font.double_strike)
    moved_to = runs_by(document, lambda r: r.font.underline == WD_UNDERLINE.DOUBLE)
    assert moved_from and moved_to and {str(r.font.color.rgb) for r in moved_from + moved_to} == {"137A2F"}
    bars = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(W + "pBdr") is not None]
    assert any("brand new section" in p.text for p in bars)
    assert not any(p.text == "We use cookies." for p in bars)  # an unchanged paragraph has no bar


def test_summary_page_comes_first(tmp_path):
    out = blackline(tmp_path)
    document = Docx(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Comparison" and texts[1].startswith("Changes from version 1.0 (approved ")
    breaks = [k for k, p in enumerate(document.paragraphs) if p._p.xpath('.//w:br[@w:type="page"]')]
    title = next(k for k, p in enumerate(document.paragraphs) if p.style.name == "Title" and k > 0)
    assert breaks and breaks[0] < title
    summary = " ".join(texts[:breaks[0]])
    assert "Changed sections" in summary and "New section" in summary and "Old section" in summary
    stats = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert stats[0] == ["Measure", "Count"] and ["Sections added", "1"] in stats


def test_colors_are_a_setting(tmp_path):
    colors = BlacklineColors(insert="00AA00", delete="0000FF", move="FF00FF", bar="000000")
    out = blackline(tmp_path, colors=colors)
    document = Docx(str(out))
    assert {str(r.font.color.rgb) for r in runs_by(document, lambda r: r.font.strike)} == {"0000FF"}
    assert "00AA00" in {str(r.font.color.rgb) for r in runs_by(document, lambda r: r.font.underline is True)}


def _without(out: Path, target: Path, drop) -> Path:
    """The blackline without its summary page and without the runs `drop` picks."""
    with zipfile.ZipFile(out) as z:
        files = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(files["word/document.xml"])
    body = root.find(W + "body")
    for child in list(body):  # the summary page: everything up to its page break
        body.remove(child)
        if child.xpath('.//w:br[@w:type="page"]', namespaces=NS):
            break
    for run in list(body.iter(W + "r")):
        if drop(run.find(W + "rPr")):
            run.getparent().remove(run)
    files["word/document.xml"] = etree.tostring(root)
    with zipfile.ZipFile(target, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return target


def test_dropping_struck_or_underlined_runs_gives_each_version(tmp_path):
    out = blackline(tmp_path)
    _, clean_old, clean_new = exports(*moved_policies(), tmp_path)
    colors = BlacklineColors()

    def struck(rpr):
        return rpr is not None and (rpr.find(W + "strike") is not None or rpr.find(W + "dstrike") is not None)

    def added(rpr):
        color = rpr.find(W + "color") if rpr is not None else None
        return (color is not None and color.get(W + "val") in (colors.insert, colors.move)
                and rpr.find(W + "u") is not None)

    assert words(_without(out, tmp_path / "new.docx", struck)) == words(clean_new)
    assert words(_without(out, tmp_path / "old.docx", added)) == words(clean_old)


# ---------------------------------------------------------------- changes of formatting alone

FORMATTED_OLD = ("Intro.\n\n- first item\n- second item\n\nWe **must** keep our fair use page."
                 "\n\n- alpha\n- beta")
FORMATTED_NEW = ("Intro.\n\nfirst item\n\n- second item\n\nWe must keep our [fair use](https://example.com/f)"
                 " page.\n\n1. alpha\n2. a beta")


def formatted_blackline(tmp_path) -> Path:
    from policyeditor.core.model import Policy, Section

    old, new = (Policy("P", [Section("T", body, id="t")]) for body in (FORMATTED_OLD, FORMATTED_NEW))
    out = tmp_path / "formatted.docx"
    export_blackline_docx(compare(old, new).with_labels("v1", "v2"), out, OLD_INFO, NEW_INFO)
    return out


def _marked(paragraph) -> list[tuple[str, str]]:
    """A paragraph's runs (those in a link too) as (how it is marked, text): struck, reformatted,
    note, inserted or plain."""
    from docx.text.run import Run

    colors = BlacklineColors()
    out = []
    for run in (Run(r, paragraph) for r in paragraph._p.iter(W + "r")):
        color = str(run.font.color.rgb) if run.font.color.type is not None else ""
        mark = ("struck" if run.font.strike and color == colors.delete
                else "reformatted" if color == colors.reformat and run.font.underline == WD_UNDERLINE.WAVY
                else "note" if color == colors.reformat and run.font.italic
                else "inserted" if color == colors.insert and run.font.underline is True else "plain")
        out.append((mark, run.text))
    return out


def test_formatting_alone_shows_its_words_reformatted_and_a_note_saying_what(tmp_path):
    document = Docx(str(formatted_blackline(tmp_path)))
    body = [p for p in document.paragraphs if p.text.strip()]
    start = next(k for k, p in enumerate(body) if p.text == "Intro.") + 1
    first, second, sentence, alpha, beta = body[start:start + 5]
    # the bullet taken off: the old bullet struck, the words once, the note
    assert _marked(first) == [("struck", "•\u00a0"), ("reformatted", "first item"),
                              ("note", " [Formatted: bullet removed]")]
    assert _marked(second) == [("plain", "second item")]
    assert _marked(sentence) == [("plain", "We "), ("reformatted", "must"),
                                 ("note", " [Formatted: bold removed]"),
                                 ("plain", " keep our "), ("reformatted", "fair use"),
                                 ("note", " [Formatted: link added]"), ("plain", " page.")]
    assert _marked(alpha) == [("struck", "•\u00a0"), ("reformatted", "alpha"),
                              ("note", " [Formatted: bullets → numbers]")]
    # a kind change and a word inserted: both shown
    assert _marked(beta) == [("struck", "•\u00a0"), ("inserted", "a "), ("reformatted", "beta"),
                             ("note", " [Formatted: bullets → numbers]")]
    assert first.style.name == "Body Text" and alpha.style.name == "List Number"
    bars = [p for p in (first, second, sentence, alpha) if p._p.pPr.find(W + "pBdr") is not None]
    assert bars == [first, sentence, alpha]  # a paragraph reformatted is a changed paragraph
    legend = next(p for p in document.paragraphs if p.text.startswith("Legend:"))
    assert ("reformatted", "reformatted") in _marked(legend) and "[Formatted: what changed]" in legend.text


def test_formatting_alone_leaves_each_version_when_marks_and_notes_are_dropped(tmp_path):
    """Dropping the struck runs (old markers among them) and the notes leaves the new words;
    dropping the inserted runs, the old markers and the notes leaves the old ones."""
    from policyeditor.core.model import Policy, Section

    out = formatted_blackline(tmp_path)
    colors = BlacklineColors()

    def color(rpr):
        found = rpr.find(W + "color") if rpr is not None else None
        return found.get(W + "val") if found is not None else ""

    def note_or_marker(rpr):
        return color(rpr) == colors.reformat and rpr.find(W + "i") is not None \
            or color(rpr) == colors.delete and rpr.find(W + "strike") is not None \
            and rpr.getparent().findtext(W + "t") in ("•\u00a0", "1.\u00a0", "2.\u00a0")

    def struck(rpr):
        return note_or_marker(rpr) or rpr is not None and rpr.find(W + "strike") is not None

    def added(rpr):
        return note_or_marker(rpr) or color(rpr) == colors.insert and rpr.find(W + "u") is not None

    old, new = (Policy("P", [Section("T", body, id="t")]) for body in (FORMATTED_OLD, FORMATTED_NEW))
    _, clean_old, clean_new = exports(old, new, tmp_path)
    assert words(_without(out, tmp_path / "new.docx", struck)) == words(clean_new)
    assert words(_without(out, tmp_path / "old.docx", added)) == words(clean_old)


def test_a_changed_table_row_has_a_bar_left_of_it_and_a_kept_row_none(tmp_path):
    table = "| Record | Period |\n| --- | --- |\n{rows}\nThat is all."
    old = Policy("Retention", [Section("Periods", table.format(
        rows="| Invoices | 7 years |\n| Emails | 2 years |\n| Logs | 90 days |\n"), id="p")])
    new = Policy("Retention", [Section("Periods", table.format(
        rows="| Invoices | 10 years |\n| Logs | 90 days |\n| Backups | 30 days |\n"), id="p")])
    out = tmp_path / "blackline.docx"
    export_blackline_docx(compare(old, new), out, OLD_INFO, NEW_INFO, colors=BlacklineColors(bar="00AA00"))
    [table] = Docx(str(out)).tables[1:]  # after the summary page's
    bars = {row.cells[0].text: [(left.get(W + "val"), left.get(W + "color"))
                                for left in row._tr.tc_lst[0].iterfind(f"{W}tcPr/{W}tcBorders/{W}left")]
            for row in table.rows}
    assert bars == {"Record": [], "Invoices": [("single", "00AA00")], "Emails": [("single", "00AA00")],
                    "Logs": [], "Backups": [("single", "00AA00")]}
    for row in table.rows:  # the border stands where Word's schema has it among the cell's properties
        tags = [child.tag[len(W):] for child in row._tr.tc_lst[0].tcPr]
        assert tags == sorted(tags, key=_TC_PR.index)


_TC_PR = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
          "textDirection", "tcFitText", "vAlign", "hideMark"]


def test_a_row_whose_formatting_alone_changed_is_barred(tmp_path):
    table = "| Record | Period |\n| --- | --- |\n| Invoices | {cell} |\n| Logs | 90 days |\n"
    old = Policy("Retention", [Section("Periods", table.format(cell="7 years"), id="p")])
    new = Policy("Retention", [Section("Periods", table.format(cell="**7 years**"), id="p")])
    out = tmp_path / "blackline.docx"
    export_blackline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    [table] = Docx(str(out)).tables[1:]
    barred = [row.cells[0].text for row in table.rows
              if row._tr.tc_lst[0].find(f"{W}tcPr/{W}tcBorders") is not None]
    assert barred == ["Invoices"]
