"""A list item with no text (Enter at an item's end leaves one, as in Word) is drawn by every
redline as an item: its bullet, and when it came or went, its paragraph mark inserted or deleted
(the HTML a ¶ by CSS and a change bar, the window's inline view a ¶ mark after the bullet, the
tracked DOCX an empty list paragraph whose mark Word accepts or rejects)."""

from __future__ import annotations

import re

import pytest

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.docx import export_redline_docx
from policyeditor.formats.redline.html import ops_html
from policyeditor.formats.redline.rich_text import LIST_MARKER, inline_html
from tests.formats.ooxml_check import revision_problems
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO
from tests.formats.redline.test_paragraph_breaks import _resolved_paragraphs

LISTED = "- first item\n- second item\n\nAfter the list."
EMPTY = "- first item\n-\n- second item\n\nAfter the list."
CASES = {"inserted": (LISTED, EMPTY, "ins"), "deleted": (EMPTY, LISTED, "del")}


def redline_of(old_body: str, new_body: str):
    return compare(Policy("P", [Section("List", old_body, id="l")]),
                   Policy("P", [Section("List", new_body, id="l")]))


@pytest.mark.parametrize("case", CASES)
def test_html_draws_the_empty_item_with_its_mark_changed(case):
    old_body, new_body, tag = CASES[case]
    html = ops_html(redline_of(old_body, new_body).sections[0].body_ops)
    assert re.fullmatch(rf'<p class="li l0" data-marker="•">first item</p>'
                        rf'<p class="li l0 chg" data-marker="•"><{tag} id="c\d+" class="(?:editorial )?para" '
                        rf'data-change="\d+"></{tag}></p>'
                        rf'<p class="li l0" data-marker="•">second item</p><p>After the list.</p>', html)


def test_an_unchanged_empty_item_is_drawn_as_an_item():
    html = ops_html(redline_of(EMPTY, EMPTY.replace("After", "Then")).sections[0].body_ops)
    assert '<p class="li l0" data-marker="•">first item</p><p class="li l0" data-marker="•"></p>' in html


@pytest.mark.parametrize("case", CASES)
def test_inline_view_writes_the_empty_items_bullet_and_its_mark(case):
    old_body, new_body, tag = CASES[case]
    html = inline_html(redline_of(old_body, new_body))
    assert re.search(rf'<span style="{LIST_MARKER}">•&nbsp;</span><{tag} [^>]*class="[^"]*para"[^>]*>'
                     rf'<span style="{LIST_MARKER}">\u00b6</span></{tag}></p>', html)


@pytest.mark.parametrize("case", CASES)
def test_docx_accepts_and_rejects_the_empty_item(case, tmp_path):
    old_body, new_body, _ = CASES[case]
    out = tmp_path / "redline.docx"
    export_redline_docx(redline_of(old_body, new_body).with_labels("v1", "v2"), out, OLD_INFO, NEW_INFO)
    with_item = ["first item", "", "second item", "After the list."]
    without = ["first item", "second item", "After the list."]
    for accept, expected in ((True, with_item if case == "inserted" else without),
                             (False, without if case == "inserted" else with_item)):
        resolved = _resolved_paragraphs(out, accept)
        assert resolved[resolved.index("first item"):] == expected
    assert revision_problems(out) == []
