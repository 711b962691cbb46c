"""A list whose numbering starts at another number: every item is marked, the last one too.

The numbers after the first count on with it (one change), and each item's words are
re-formatted by it. Before, the item after the change's last number was not: the text and
HTML redlines showed "8. objection" unmarked, the blackline kept its old number unstruck,
and the tracked DOCX gave it no paragraph change, so Reject All read "3. portability" then
a list of its own from 5.
"""

from __future__ import annotations

import json
import re

import pytest
from docx import Document as Docx

from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.own_cover import without_cover
from policyeditor.formats.redline.blackline import export_blackline_docx
from policyeditor.formats.redline.docx import export_redline_docx
from policyeditor.formats.redline.html import render_html
from policyeditor.formats.redline.json import render_json
from policyeditor.formats.redline.text import render_text
from tests.formats.ooxml_check import W
from tests.formats.redline.test_docx import exports, office, office_words  # noqa: F401
from tests.formats.redline.test_trailing_paragraphs import both_ways, policies

PAIRS = {
    "four items from 5": ("1. access\n2. erasure\n3. portability\n4. objection",
                          "5. access\n6. erasure\n7. portability\n8. objection"),
    "three items from 5": ("1. access\n2. erasure\n3. portability", "5. access\n6. erasure\n7. portability"),
    "a paragraph after the list": ("1. access\n2. erasure\n\nEnd.", "3. access\n4. erasure\n\nEnd."),
    "a nested list": ("1. rights\n  1. access\n  2. erasure", "1. rights\n  4. access\n  5. erasure"),
}
CASES = both_ways(PAIRS, "back")
IDS = [c[0] for c in CASES]
_ITEM = re.compile(r"^ *(\d+)\. (.*)$")


def renumbered(old: str, new: str) -> dict[str, tuple[str, str]]:
    """Each item whose number changed: its words → (old number, new number)."""
    out = {}
    for was, now in zip(old.split("\n"), new.split("\n"), strict=True):
        a, b = _ITEM.match(was), _ITEM.match(now)
        if a and b and a[1] != b[1]:
            out[b[2]] = (a[1], b[1])
    return out


@pytest.mark.parametrize("name, old, new", CASES, ids=IDS)
def test_text_html_and_json_mark_every_renumbered_item(name, old, new):
    redline = compare(*policies(old, new))
    items = renumbered(old, new)
    [said] = {c.formatting for c in redline.changes}
    assert said.startswith("numbering starts at ")
    text = render_text(redline)
    html = render_html(redline)
    ops = json.loads(render_json(redline))["sections"][0]["ops"]
    for words, (was, _) in items.items():
        assert f"{{~{words}~}}[{said}]" in text, words
        html_item = rf'data-marker="{was}\."></span><span class="format"[^>]*>{words}</span>'
        assert re.search(html_item, html), words
        assert any(op["op"] == "equal" and words in op["text"] and op["formatting"] == said
                   for op in ops), words


@pytest.mark.parametrize("name, old, new", CASES, ids=IDS)
def test_the_blackline_strikes_every_old_number(name, old, new, tmp_path):
    out = tmp_path / "blackline.docx"
    export_blackline_docx(compare(*policies(old, new)), out)
    paragraphs = {p.text.split("\u00a0", 1)[-1].split(" [", 1)[0]: p for p in Docx(str(out)).paragraphs}
    for words, (was, _) in renumbered(old, new).items():
        first = paragraphs[words].runs[0]
        assert (first.text, first.font.strike) == (f"{was}.\u00a0", True), words


@pytest.mark.parametrize("name, old, new", CASES, ids=IDS)
def test_the_tracked_docx_changes_every_item_and_resolves_to_each_text(name, old, new, tmp_path):
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(*policies(old, new)), out)
    body = Docx(str(out)).element.body
    changed = {"".join(t.text or "" for t in p.iter(W + "t"))
               for p in body.iter(W + "p") if p.find(f"{W}pPr/{W}pPrChange") is not None}
    assert set(renumbered(old, new)) <= changed
    result = import_document(out)
    assert without_cover(result.original).sections[-2].body == old
    assert without_cover(result.policy).sections[-2].body == new


# LibreOffice's Reject All gives a paragraph back its old w:numId but not that list's w:startOverride:
# a list that started at 5 comes back numbered from 1 (every item, the first too)
RESTART_LOST = "LibreOffice rejects a paragraph change into a restarted list without its start"
OFFICE_CASES = [pytest.param(command, *case, id=f"{command}-{case[0]}", marks=pytest.mark.xfail(
    reason=RESTART_LOST, strict=True) if command == "Reject" and case[0].endswith(", back") else ())
    for command in ("Accept", "Reject") for case in CASES]


@pytest.mark.parametrize("command, name, old, new", OFFICE_CASES)
def test_libreoffice_resolves_a_renumbered_list_to_each_text(name, old, new, command, office,  # noqa: F811
                                                            tmp_path):
    """LibreOffice's text writes list labels: Accept All gives the new numbers, Reject All the old
    (before, Reject All numbered the last item on from the new start)."""
    out, clean_old, clean_new = exports(*policies(old, new), tmp_path)
    assert office_words(office, out, command) == office_words(office, clean_new if command == "Accept"
                                                                else clean_old)
