"""A paragraph break one version has inside a word the other writes whole ("Identifiers.Some" →
"Identifiers." and "Some" as two paragraphs) is a change of its own, and every redline shows it:
the HTML an inserted (deleted) ¶ whose reject (accept) view gives the word back whole, the text
redline a marked ¶, the tracked DOCX a tracked paragraph mark (Word and LibreOffice join the two
paragraphs on reject), the blackline a coloured ¶, the window's inline view a ¶ mark.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.blackline import export_blackline_docx
from policyeditor.formats.redline.html import render_html
from policyeditor.formats.redline.rich_text import LIST_MARKER, inline_html
from policyeditor.formats.redline.text import render_text
from tests.diff.redline_helpers import html_words, policy_words
from tests.formats.ooxml_check import W, parts, revision_problems
from tests.formats.redline.test_docx import exports, office, office_words, words  # noqa: F401

GLUED = "Categories we collect:\n\nIdentifiers.Some items, as described above."
SPLIT = "Categories we collect:\n\nIdentifiers.\n\nSome items, as described above."
# (old body, new body, the break's op kind)
CASES = {"inserted": (GLUED, SPLIT, "insert"), "deleted": (SPLIT, GLUED, "delete")}


def policies(old_body: str, new_body: str) -> tuple[Policy, Policy]:
    return (Policy("P", [Section("Categories", old_body, id="c")]),
            Policy("P", [Section("Categories", new_body, id="c")]))


@pytest.mark.parametrize("case", CASES)
def test_the_break_alone_is_the_change_and_marks_no_word(case):
    old_body, new_body, kind = CASES[case]
    redline = compare(*policies(old_body, new_body))
    changed = [op for op in redline.sections[0].body_ops if op.kind != "equal"]
    assert [(op.kind, op.text) for op in changed] == [(kind, "\n\n")]
    assert (redline.stats.words_inserted, redline.stats.words_deleted) == (0, 0)
    assert redline.stats.changes == 1


@pytest.mark.parametrize("case", CASES)
def test_html_shows_a_pilcrow_and_dropping_ins_or_del_gives_each_text_whole(case, tmp_path):
    old_body, new_body, kind = CASES[case]
    old, new = policies(old_body, new_body)
    page = render_html(compare(old, new))
    tag = "ins" if kind == "insert" else "del"
    # one paragraph holds both sides of the break: its ¶ (drawn by CSS, no word) inside the <ins>/<del>
    assert re.search(rf'<p class="chg">Identifiers\.<{tag} id="c\d+" class="(?:editorial )?para" '
                     rf'data-change="\d+"><span class="pilcrow"> </span></{tag}>Some items', page)
    assert '.para::before{content:"\\B6"}' in page
    # a break alone is a change of spacing: editorial, quiet when editorial changes are hidden
    assert "ins.editorial.para::before{content:none}" in page
    path = tmp_path / "redline.html"
    path.write_text(page, encoding="utf-8")
    assert html_words(path, "accept") == policy_words(new)
    assert html_words(path, "reject") == policy_words(old)
    assert "Identifiers.Some" in html_words(path, "reject" if kind == "insert" else "accept")


def test_html_gives_the_list_item_after_the_break_its_marker():
    listed = "Categories we collect:\n\nIdentifiers.\n\n- Some items, as described above."
    page = render_html(compare(*policies(GLUED, listed)))
    assert re.search(r'<ins id="c\d+" class="(?:editorial )?para" data-change="\d+">'
                     r'<span class="pilcrow"> </span></ins>'
                     r'<span class="marker" data-marker="\u2022"></span>', page)


@pytest.mark.parametrize("case", CASES)
def test_text_redline_ends_the_line_with_a_marked_pilcrow(case):
    old_body, new_body, kind = CASES[case]
    text = render_text(compare(*policies(old_body, new_body)))
    mark = "{+\u00b6+}" if kind == "insert" else "[-\u00b6-]"
    assert f"Identifiers.{mark}\n\nSome items, as described above." in text


def _mark_of(path, starting: str) -> list[str]:
    """The revisions on the paragraph mark of the body paragraph starting with `starting`."""
    root = parts(path)["word/document.xml"]
    for p in root.iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t", W + "delText"))
        if text.startswith(starting):
            marks = p.find(f"{W}pPr/{W}rPr")
            return [etree.QName(c).localname for c in marks] if marks is not None else []
    raise AssertionError(f"no paragraph starts with {starting!r}")


@pytest.mark.parametrize("case", CASES)
def test_docx_tracks_the_paragraph_mark_so_accept_and_reject_give_each_text(case, tmp_path):
    old_body, new_body, kind = CASES[case]
    out, clean_old, clean_new = exports(*policies(old_body, new_body), tmp_path)
    assert _mark_of(out, "Identifiers.") == ["ins" if kind == "insert" else "del"]
    assert "\u00b6" not in " ".join(words(out))  # Word shows its own paragraph marks
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)
    assert revision_problems(out) == []


@pytest.mark.parametrize("case", CASES)
def test_libreoffice_joins_the_two_paragraphs_where_the_mark_goes(case, office, tmp_path):  # noqa: F811
    old_body, new_body, _ = CASES[case]
    out, clean_old, clean_new = exports(*policies(old_body, new_body), tmp_path)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)


@pytest.mark.parametrize("case", CASES)
def test_blackline_ends_the_paragraph_with_a_coloured_pilcrow(case, tmp_path):
    old_body, new_body, kind = CASES[case]
    out = tmp_path / "blackline.docx"
    export_blackline_docx(compare(*policies(old_body, new_body)), out)
    root = parts(out)["word/document.xml"]
    pilcrows = [r for r in root.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")) == "\u00b6"]
    assert len(pilcrows) == 1
    rpr = pilcrows[0].find(W + "rPr")
    assert rpr.find(W + ("u" if kind == "insert" else "strike")) is not None
    paragraph = pilcrows[0].getparent()
    assert "".join(t.text or "" for t in paragraph.iter(W + "t")) == "Identifiers.\u00b6"
    assert paragraph.find(f"{W}pPr/{W}pBdr") is not None  # its change bar


@pytest.mark.parametrize("case", CASES)
def test_inline_view_writes_the_pilcrow_as_a_mark_and_an_accepted_break_as_a_line_break(case):
    old_body, new_body, kind = CASES[case]
    redline = compare(*policies(old_body, new_body))
    tag = "ins" if kind == "insert" else "del"
    html = inline_html(redline)
    assert re.search(rf'Identifiers\.<{tag} [^>]*class="[^"]*para"[^>]*>'
                     rf'<span style="{LIST_MARKER}">\u00b6<br></span></{tag}>Some items', html)
    accepted = inline_html(redline, accepted=frozenset({redline.changes[0].id}))
    assert "\u00b6" not in accepted
    # accepting an inserted break keeps it (a line break); accepting a deleted one joins the word
    assert ("Identifiers.<br>Some items" if kind == "insert" else "Identifiers.Some items") in accepted
