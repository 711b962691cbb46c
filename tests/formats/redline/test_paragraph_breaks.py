"""A paragraph break one version has inside a word the other writes whole ("Identifiers.Some" →
"Identifiers." and "Some" as two paragraphs) is a change of its own, and every redline shows it:
the HTML an inserted (deleted) ¶ whose reject (accept) view gives the word back whole, the text
redline a marked ¶, the tracked DOCX a tracked paragraph mark with the rest of the word taken in
(Word and LibreOffice join the two paragraphs on reject; a reader that parts paragraphs with a space
reads the word whole), the blackline a coloured ¶, the window's inline view a ¶ mark.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.diff.text import Op, new_text, old_text
from policyeditor.formats.ooxml.review_read import accept_all, reject_all, strip_marks
from policyeditor.formats.redline.blackline import export_blackline_docx
from policyeditor.formats.redline.docx import export_redline_docx
from policyeditor.formats.redline.html import render_html
from policyeditor.formats.redline.rich_text import LIST_MARKER, inline_html
from policyeditor.formats.redline.text import render_text
from policyeditor.formats.redline.walk import unglued
from tests.diff.redline_helpers import html_words, policy_words
from tests.formats.ooxml_check import W, parts, revision_problems
from tests.formats.redline.test_docx import (  # noqa: F401  (office: a fixture)
    NEW_INFO,
    OLD_INFO,
    exports,
    office,
    office_words,
    words,
)

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


def _body_paragraphs(path) -> list[tuple[str, list[tuple[str, str, str]], list[str]]]:
    """The section body's paragraphs (below the heading): text (w:t and w:delText), its
    revisions (kind, text, author) in order, and its mark's revisions."""
    root = parts(path)["word/document.xml"]
    out = []
    for p in root.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or style.get(W + "val") not in ("BodyText", "Body Text"):
            continue
        revisions = [(etree.QName(el).localname, _text(el), el.get(W + "author"))
                     for el in p.iter(W + "ins", W + "del") if el.getparent().tag != W + "rPr"]
        marks = p.find(f"{W}pPr/{W}rPr")
        out.append((_text(p), revisions,
                    [etree.QName(c).localname for c in marks] if marks is not None else []))
    return out


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t", W + "delText"))


def _resolved_paragraphs(path, accept: bool) -> list[str]:
    """The body's paragraph texts after Word's Accept All (Reject All), as ooxml.review_read does it
    (a paragraph whose mark goes runs into the next)."""
    body = parts(path)["word/document.xml"].find(W + "body")
    (accept_all if accept else reject_all)(body)
    strip_marks([body])
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


@pytest.mark.parametrize("case", CASES)
def test_docx_takes_the_rest_of_the_word_so_any_reader_gets_each_text_whole(case, tmp_path):
    """The tracked DOCX ends the paragraph with a tracked mark and writes the word's fragment after
    the break ("Some") deleted (inserted) before it and inserted (deleted) after it, all of the break's
    change: Word gives each text's paragraphs, and a reader that parts paragraphs with a space (the
    corpus tool) each text's words, "Identifiers.Some" whole."""
    old_body, new_body, kind = CASES[case]
    old, new = policies(old_body, new_body)
    redline = compare(old, new).with_labels("v1", "v2")
    change = redline.changes[0].id
    out, clean_old, clean_new = exports(old, new, tmp_path)
    credits = {change: ("Carol Break", "2024-02-01T08:00:00Z")}
    export_redline_docx(redline, out, OLD_INFO, NEW_INFO, credits=credits)
    first, before, after = ("del", "ins", "ins") if kind == "insert" else ("ins", "del", "del")
    paragraphs = _body_paragraphs(out)
    assert [p[0] for p in paragraphs] == ["Categories we collect:", "Identifiers.Some",
                                          "Some items, as described above."]
    assert paragraphs[1][1:] == ([(first, "Some", "Carol Break")], [before])
    assert paragraphs[2][1:] == ([(after, "Some", "Carol Break")], [])
    assert "\u00b6" not in " ".join(words(out))  # Word shows its own paragraph marks
    # the corpus tool, which parts every paragraph from the next with a space
    assert words(out, "--accept") == words(clean_new) == policy_words(new)
    assert words(out, "--reject") == words(clean_old) == policy_words(old)
    assert "Identifiers.Some" in words(out, "--reject" if kind == "insert" else "--accept")
    # Word: the mark goes and the paragraphs join, or it stays and the fragment opens the second
    glued = ["Identifiers.Some items, as described above."]
    split = ["Identifiers.", "Some items, as described above."]
    accepted, rejected = (split, glued) if kind == "insert" else (glued, split)
    for accept, expected in ((True, accepted), (False, rejected)):
        resolved = _resolved_paragraphs(out, accept)
        assert resolved[resolved.index("Categories we collect:") + 1:] == expected
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


def test_unglued_keeps_both_texts_and_takes_in_the_rest_of_the_word_across_its_edits():
    # "identifiers.XSome items" → "identifiers.xyz\n\nabc Somma items": the break is inside the old
    # word "identifiers.XSome"; its rest ("XSome": "X" and "Some"'s pieces) goes before the break
    ops = (Op("equal", "Categories identifiers."), Op("delete", "X", 1), Op("insert", "xyz\n\nabc ", 1),
           Op("equal", "So"), Op("delete", "me", 2), Op("insert", "mma", 2), Op("equal", " items"))
    out = unglued(ops)
    assert (old_text(out), new_text(out)) == (old_text(ops), new_text(ops))
    assert [(op.kind, op.text, op.change) for op in out] == [
        ("equal", "Categories identifiers.", 0), ("delete", "X", 1), ("delete", "So", 1), ("delete", "me", 2),
        ("insert", "xyz\n\nabc ", 1), ("insert", "So", 1), ("insert", "mma", 2), ("equal", " items", 0)]
    # a break between two words of the other text, or none at all: nothing to take in
    plain = (Op("equal", "a "), Op("insert", "\n\n", 1), Op("equal", "b"), Op("delete", "c\n\n", 2))
    assert unglued(plain) == plain


# a paragraph split where it had a space, or two joined with one: the break replaces the space
ONE, TWO = "Intro.\n\nWe keep mail. We keep calls.", "Intro.\n\nWe keep mail.\n\nWe keep calls."
SPACED = {"split at a space": (ONE, TWO), "joined with a space": (TWO, ONE),
          "split into a list item": (ONE, "Intro.\n\nWe keep mail.\n\n- We keep calls.")}


def assert_each_text(page: str, old: Policy, new: Policy, folder) -> None:
    """Dropping the page's <del> (<ins>) gives the new (old) text's words."""
    path = folder / "redline.html"
    path.write_text(page, encoding="utf-8")
    assert html_words(path, "accept") == policy_words(new)
    assert html_words(path, "reject") == policy_words(old)


@pytest.mark.parametrize("case", SPACED)
def test_a_break_for_a_space_shows_its_pilcrow_in_every_redline(case, tmp_path):
    """Before, the text and HTML redlines showed the space alone struck (inserted) and drew the
    paragraphs as one text has them: a join read as two paragraphs still."""
    old_body, new_body = SPACED[case]
    old, new = policies(old_body, new_body)
    redline = compare(old, new)
    inserted = new_body.count("\n\n") > old_body.count("\n\n")
    mark = "{+\u00b6+}" if inserted else "[-\u00b6-]"
    assert f"We keep mail.{mark}" in render_text(redline).replace("[- -]", "")
    page = render_html(redline)
    tag = "ins" if inserted else "del"
    # one paragraph holds both sides: the ¶ in the open paragraph, the words after it
    assert re.search(rf'<p class="chg">We keep mail\.(?:<del [^>]*> </del>)?'
                     rf'<{tag} [^>]*class="[^"]*para"[^>]*><span class="pilcrow"> </span></{tag}>', page)
    assert_each_text(page, old, new, tmp_path)
    assert f"<{tag} " in inline_html(redline) and "\u00b6" in inline_html(redline)


def test_a_list_item_run_into_the_paragraph_before_has_its_bullet_struck(tmp_path):
    """Before, nothing showed that "We keep calls." had been a list item."""
    old, new = policies("Intro.\n\nWe keep mail.\n\n- We keep calls.", ONE)
    redline = compare(old, new)
    page = render_html(redline)
    assert re.search(r'<del [^>]*class="[^"]*para"[^>]*><span class="pilcrow"> </span></del>'
                     r'<span class="old-marker[^"]*" data-change="\d+" data-marker="\u2022"></span>', page)
    assert_each_text(page, old, new, tmp_path)
    assert '<span class="old-marker">\u2022&nbsp;</span>' in inline_html(redline)
    assert "We keep mail.[-\u00b6-]\n\n[-\u2022-] {+ +}We keep calls." in render_text(redline)
