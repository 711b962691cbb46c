"""A paragraph's kind changed with its words kept, in every redline: shown once in its new kind
with the old marker marked (text, HTML, the window's rich text), and in the tracked DOCX a
w:pPrChange holding the old paragraph properties, so Accept keeps the new kind and Reject
gives the old one back (checked by resolving the XML, and with LibreOffice when installed)."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as Docx
from lxml import etree

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.html import render_html
from policyeditor.formats.redline.rich_text import LIST_MARKER, inline_html
from policyeditor.formats.redline.text import render_text
from tests.diff.redline_helpers import html_words, policy_words
from tests.formats.redline.test_docx import assert_exact, exports, office, office_words  # noqa: F401

BULLETS = "Intro.\n\n- first item\n- second item"
NUMBERS = "Intro.\n\n1. first item\n2. second item"
UNBULLETED = "Intro.\n\nfirst item\n\n- second item"
PAIRS = {"numbered": (BULLETS, NUMBERS), "unnumbered": (NUMBERS, BULLETS),
         "unbulleted": (BULLETS, UNBULLETED), "bulleted": (UNBULLETED, BULLETS),
         "nested": ("Intro.\n\n- a\n- b", "Intro.\n\n- a\n  - b")}


def policies(name: str) -> tuple[Policy, Policy]:
    old, new = PAIRS[name]
    return Policy("P", [Section("T", old, id="t")]), Policy("P", [Section("T", new, id="t")])


# ---------------------------------------------------------------- text


def test_text_redline_names_the_kind_change_on_the_words_in_their_new_kind():
    text = render_text(compare(*policies("numbered")))
    assert "1. {~first item~}[bullets → numbers]\n2. {~second item~}[bullets → numbers]" in text
    text = render_text(compare(*policies("unbulleted")))
    assert "\n{~first item~}[bullet removed]\n\n• second item" in text
    text = render_text(compare(*policies("bulleted")))
    assert "\n• {~first item~}[made a list item]\n• second item" in text


# ---------------------------------------------------------------- HTML


class _Blocks(HTMLParser):
    """Each <p> inside <main>: its new marker, the old marker struck in it, the format notes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif self.in_main and tag == "p":
            self.blocks.append({"marker": attrs.get("data-marker"), "old": None, "notes": [], "text": ""})
        elif self.in_main and self.blocks and tag == "span":
            if "old-marker" in (attrs.get("class") or "").split():
                self.blocks[-1]["old"] = attrs["data-marker"]
            elif attrs.get("class") == "format":
                self.blocks[-1]["notes"].append(attrs["title"])

    def handle_data(self, data):
        if self.in_main and self.blocks:
            self.blocks[-1]["text"] += data


def html_blocks(page: str) -> list[dict]:
    parser = _Blocks()
    parser.feed(page)
    return [b for b in parser.blocks if b["text"] != "Intro."]


@pytest.mark.parametrize("name, expected", [
    ("numbered", [("1.", "•", "Formatted: bullets → numbers"),
                  ("2.", "•", "Formatted: bullets → numbers")]),
    ("unnumbered", [("•", "1.", "Formatted: numbers → bullets"),
                    ("•", "2.", "Formatted: numbers → bullets")]),
    ("unbulleted", [(None, "•", "Formatted: bullet removed"), ("•", None, None)]),
    ("bulleted", [("•", None, "Formatted: made a list item"), ("•", None, None)]),
    ("nested", [("•", None, None), ("•", "•", "Formatted: list level 1 → 2")]),
])
def test_html_shows_each_item_once_in_its_new_kind_the_old_marker_struck(name, expected, tmp_path):
    old, new = policies(name)
    page = render_html(compare(old, new))
    blocks = html_blocks(page)
    assert [(b["marker"], b["old"], (b["notes"] or [None])[0]) for b in blocks] == expected
    rule = ".old-marker::before{content"  # its drawing (its colour is the deletions', see colour_css)
    assert rule in page and "line-through" in page.split(rule)[1][:120]
    assert_html_resolves(page, old, new, tmp_path)


def assert_html_resolves(page: str, old: Policy, new: Policy, folder: Path) -> None:
    """The redline page with its changes accepted (rejected) reads the new (old) policy's words."""
    out = folder / "redline.html"
    out.write_text(page, encoding="utf-8")
    assert html_words(out, "accept") == policy_words(new)
    assert html_words(out, "reject") == policy_words(old)


def test_rich_text_writes_the_old_marker_struck_after_the_new_one():
    """What the inline view shows and the redline PDF prints."""
    html = inline_html(compare(*policies("numbered")))
    assert (f'<span style="{LIST_MARKER}">1.&nbsp;</span><span class="old-marker">•&nbsp;</span>'
            '<span class="format"') in html
    html = inline_html(compare(*policies("unbulleted")))
    assert '<p class="chg"><span class="old-marker">•&nbsp;</span><span class="format"' in html


# ---------------------------------------------------------------- DOCX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _kind(ppr) -> tuple[str, bool]:
    """A paragraph's style and whether it carries list numbering of its own."""
    style = ppr.find(W + "pStyle") if ppr is not None else None
    return (style.get(W + "val") if style is not None else "",
            ppr is not None and ppr.find(W + "numPr") is not None)


def body_kinds(path: Path, mode: str = "") -> list[tuple[str, bool]]:
    """The kinds of the paragraphs after "Intro.", with every w:pPrChange accepted or rejected."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    paragraphs = list(root.iter(W + "p"))
    texts = ["".join(p.itertext()) for p in paragraphs]
    out = []
    for p in paragraphs[texts.index("Intro.") + 1:]:
        if not "".join(p.itertext()).strip():
            continue
        ppr = p.find(W + "pPr")
        change = ppr.find(W + "pPrChange") if ppr is not None else None
        out.append(_kind(change.find(W + "pPr") if mode == "reject" and change is not None else ppr))
    return out


def assert_docx_resolves(old: Policy, new: Policy, folder: Path) -> Path:
    """The tracked DOCX of two policies, whose paragraphs' kinds and words, every change accepted
    (rejected), are the clean new (old) export's."""
    out, clean_old, clean_new = exports(old, new, folder)
    assert body_kinds(out, "accept") == body_kinds(clean_new)
    assert body_kinds(out, "reject") == body_kinds(clean_old)
    assert_exact(out, clean_old, clean_new)
    return out


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_docx_tracks_the_kind_as_a_paragraph_properties_change(name, tmp_path):
    out = assert_docx_resolves(*policies(name), tmp_path)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    after = xml[xml.index("Intro."):]
    assert "<w:ins " not in after and "<w:del " not in after and "<w:rPrChange" not in after
    # python-docx reads it: the changed paragraphs hold the old properties
    changed = [p for p in Docx(str(out)).paragraphs if p._p.pPr is not None
               and p._p.pPr.find(W + "pPrChange") is not None]
    assert changed and all(p._p.pPr.find(f"{W}pPrChange/{W}pPr") is not None for p in changed)


@pytest.mark.parametrize("name", ["numbered", "unnumbered", "unbulleted", "bulleted"])
def test_libreoffice_accept_and_reject_give_each_kind(name, office, tmp_path):  # noqa: F811
    """LibreOffice's text writes list labels ("•", "1."): Accept All gives the new text's, Reject
    All the old text's."""
    out, clean_old, clean_new = exports(*policies(name), tmp_path)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)
