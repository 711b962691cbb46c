"""The static blackline DOCX: coloured, struck and underlined runs, no revisions, a summary page first."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document as Docx
from docx.enum.text import WD_UNDERLINE
from lxml import etree

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
