"""A paragraph whose kind and words both changed ("- first item" → "initial item": the bullet
taken off and a word replaced): every redline shows the word change as usual and the kind
change as for a kind alone (text note, HTML and rich text old marker struck, a DOCX
w:pPrChange holding the old properties), and accept all (reject all) gives the new (old) text."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document as Docx

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.own_cover import without_cover
from policyeditor.formats.redline.docx import export_redline_docx
from policyeditor.formats.redline.html import render_html
from policyeditor.formats.redline.rich_text import inline_html
from policyeditor.formats.redline.text import render_text
from tests.formats.redline.test_docx import exports, office, office_words  # noqa: F401
from tests.formats.redline.test_kind_redlines import assert_docx_resolves, assert_html_resolves, html_blocks

# the kind changed, and the words at the line's start with it (the diff wrote them as one change)
PAIRS = {
    "unbulleted": ("Intro.\n\n- first item\n- second item", "Intro.\n\ninitial item\n\n- second item"),
    "numbered": ("Intro.\n\n- the first item\n- second item", "Intro.\n\n1. a first item\n2. second item"),
    "bulleted": ("Intro.\n\nfirst item\n\n- second item", "Intro.\n\n- initial item\n- second item"),
    "nested": ("Intro.\n\n- a\n- the b", "Intro.\n\n- a\n  - one b"),
}
# what each shows: the changed paragraph's new marker, its old marker struck, its format note,
# and the words deleted and inserted
SHOWN = {
    "unbulleted": (None, "•", "Formatted: bullet removed", "first", "initial"),
    "numbered": ("1.", "•", "Formatted: bullets → numbers", "the", "a"),
    "bulleted": ("•", None, "Formatted: made a list item", "first", "initial"),
    "nested": ("•", "•", "Formatted: list level 1 → 2", "the", "one"),
}
# the first kind change accepted alone
ALONE = {
    "unbulleted": "Intro.\n\nfirst item\n\n- second item",
    "numbered": "Intro.\n\n1. the first item\n- second item",
    "bulleted": "Intro.\n\n- first item\n- second item",
    "nested": "Intro.\n\n- a\n  - the b",
}

# ... and rejected alone: the new words in the old kind
KEPT = {
    "unbulleted": "Intro.\n\n- initial item\n- second item",
    "numbered": "Intro.\n\n- a first item\n1. second item",  # the list after it numbered again
    "bulleted": "Intro.\n\ninitial item\n\n- second item",
    "nested": "Intro.\n\n- a\n- one b",
}


def policies(name: str) -> tuple[Policy, Policy]:
    old, new = PAIRS[name]
    return Policy("P", [Section("T", old, id="t")]), Policy("P", [Section("T", new, id="t")])


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_the_kind_change_and_the_word_change_are_two_changes_each_resolving_alone(name):
    redline = compare(*policies(name))
    old, new = PAIRS[name]
    kinds = [c for c in redline.changes if c.formatting]
    words = [c for c in redline.changes if not c.formatting]
    assert [c.formatting for c in kinds][:1] == [SHOWN[name][2].removeprefix("Formatted: ")]
    assert words and (words[0].old_text, words[0].new_text) == SHOWN[name][3:]
    assert redline.stats.words_deleted == redline.stats.words_inserted == 1
    assert redline.accept_all().sections[0].body == new
    assert redline.reject_all().sections[0].body == old
    # the kind change alone: the old words in the new kind (its paragraph break with it)
    assert redline.accept(kinds[0].id).sections[0].body == ALONE[name]
    assert redline.reject(kinds[0].id).sections[0].body == KEPT[name]


def test_a_bullet_taken_off_with_a_later_word_changed_takes_its_break_along():
    """The brief's "- first item" → "first thing": accepting the bullet's removal alone gives a
    paragraph a blank line apart from the list (the break went with the word change, which glued
    "first item" to the next item)."""
    old, new = "Intro.\n\n- first item\n- second item", "Intro.\n\nfirst thing\n\n- second item"
    redline = compare(Policy("P", [Section("T", old, id="t")]), Policy("P", [Section("T", new, id="t")]))
    [kind] = [c for c in redline.changes if c.formatting == "bullet removed"]
    assert redline.accept(kind.id).sections[0].body == "Intro.\n\nfirst item\n\n- second item"
    assert redline.reject(kind.id).sections[0].body == "Intro.\n\n- first thing\n- second item"


def test_text_redline_shows_the_words_in_the_new_kind_with_the_note():
    assert "\n[-first-]{+initial+}{~ item~}[bullet removed]\n\n• second item" in \
        render_text(compare(*policies("unbulleted")))
    assert "\n1. [-the-]{+a+}{~ first item~}[bullets → numbers]\n" in \
        render_text(compare(*policies("numbered")))
    assert "\n• [-first-]{+initial+}{~ item~}[made a list item]\n• second item" in \
        render_text(compare(*policies("bulleted")))


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_html_strikes_the_old_marker_and_marks_the_words(name, tmp_path):
    old, new = policies(name)
    page = render_html(compare(old, new))
    marker, old_marker, note, deleted, inserted = SHOWN[name]
    changed = html_blocks(page)[-2 if name != "nested" else -1]
    assert (changed["marker"], changed["old"], changed["notes"]) == (marker, old_marker, [note])
    assert f">{deleted}</del>" in page and f">{inserted}</ins>" in page
    assert_html_resolves(page, old, new, tmp_path)


def test_rich_text_strikes_the_old_marker_before_the_changed_words():
    html = inline_html(compare(*policies("unbulleted")))
    assert '<p class="chg"><span class="old-marker">•&nbsp;</span><del id="c' in html
    html = inline_html(compare(*policies("numbered")))
    assert '1.&nbsp;</span><span class="old-marker">•&nbsp;</span><del id="c' in html


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_docx_tracks_the_kind_and_the_words(name, tmp_path):
    out = assert_docx_resolves(*policies(name), tmp_path)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    after = xml[xml.index("Intro."):]
    assert "<w:pPrChange" in after and "<w:ins " in after and "<w:del " in after


@pytest.mark.parametrize("name", ["unbulleted", "numbered", "bulleted"])
def test_libreoffice_accept_gives_the_new_kind_and_words(name, office, tmp_path):  # noqa: F811
    out, _, clean_new = exports(*policies(name), tmp_path)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)


_LO_REJECT = ("LibreOffice's Reject All keeps a list item's old numbering out (its bullet or number "
              "not restored) when the paragraph also holds a deletion or insertion with words after "
              "it; the w:pPrChange holds it (test_docx_tracks_the_kind_and_the_words resolves it), and "
              "with the word change at the paragraph's end LibreOffice restores it")


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=_LO_REJECT, strict=True))
                                  for n in ("unbulleted", "numbered")] + ["bulleted"])
def test_libreoffice_reject_gives_the_old_kind_and_words(name, office, tmp_path):  # noqa: F811
    out, clean_old, _ = exports(*policies(name), tmp_path)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)


def test_words_between_two_kind_changes_are_not_formatted():
    """The stretches two kind changes re-format are their lines: a paragraph between them that
    changed in no way is no format change's (it was drawn as one, "Formatted: bullets → numbers")."""
    old, new = "- alpha\n\nA middle paragraph.\n\n- beta", "1. alpha\n\nA middle paragraph.\n\n1. beta"
    redline = compare(Policy("P", [Section("T", old, id="t")]), Policy("P", [Section("T", new, id="t")]))
    formatted = [op.text for op in redline.sections[0].body_ops if op.kind == "equal" and op.formatting]
    assert formatted == ["alpha", "beta"]
    assert "A middle paragraph." in render_text(redline).split("\n")


# a list run into one paragraph: each item's break and marker replaced by a space
RUN_INTO = (Policy("P", [Section("Use", "We use data:\n\n- to run the service;\n- to keep it safe;\n"
                                        "- to improve it.", id="u")]),
            Policy("P", [Section("Use", "We use data: to run the service; to keep it safe; to improve it.",
                                 id="u")]))


def test_items_run_into_a_paragraph_are_items_again_when_rejected(tmp_path):
    """Every item's paragraph (not only the first) holds its old kind as its tracked change."""
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(*RUN_INTO), out)
    result = import_document(out)
    assert without_cover(result.original).sections[-1].body == RUN_INTO[0].sections[0].body
    assert without_cover(result.policy).sections[-1].body == RUN_INTO[1].sections[0].body
    changed = [p for p in Docx(str(out)).paragraphs if p._p.pPr is not None
               and p._p.pPr.find(W + "pPrChange") is not None]
    assert [p.text for p in changed] == ["to run the service;", "to keep it safe;", "to improve it."]


def test_libreoffice_gives_run_in_items_back_on_reject(office, tmp_path):  # noqa: F811
    out, clean_old, clean_new = exports(*RUN_INTO, tmp_path)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)


# a paragraph, then list items deleted or replaced after it (an item, then a paragraph inserted
# after it): the line before keeps its own mark
BEFORE_ITEMS = {
    "items replaced": ("Illegal activities\n\n- Don't post illegal content.\n\nMore.",
                       "Illegal activities\n\n- Using Snapchat for crime ends your account.\n\nMore."),
    "items deleted": ("Watch our video.\n\nHere is each basis:\n\n- Contract: to serve you.\n"
                      "- Consent: when you agree.\n\nThe table sets out each purpose.",
                      "Watch our video.\n\nThe table sets out each purpose."),
    "items deleted after changed words": ("We use tools to:\n\n- sign contracts;\n- check them.\n\nMore.",
                                          "We use tools to make sure transfers are lawful.\n\nMore."),
    "item put first in a list": ("Please look below:\n\n- [Brazil](https://example.com/br) notice\n- Canada",
                                 "Please look below:\n\n- [Australia](https://example.com/au) notice\n"
                                 "- [Brazil](https://example.com/br) notice\n- Canada"),
    "paragraph inserted after an item": ("- We may remove content without notice.\n\nFees are refunded.",
                                         "- We may remove access to content without notice.\n\n"
                                         "You may end these terms.\n\nFees are refunded."),
}


@pytest.mark.parametrize("name", sorted(BEFORE_ITEMS))
def test_a_line_before_changed_lines_of_another_kind_keeps_it_on_accept_and_reject(name, office, tmp_path):  # noqa: F811
    """The diff gave the changed lines the break before them, so the line before ended with a
    deleted (inserted) mark: Accept (Reject) All, Word's, LibreOffice's and ours, joined it to the
    last changed line, in that line's kind."""
    old, new = (Policy("P", [Section("Rules", text, id="r")]) for text in BEFORE_ITEMS[name])
    out, clean_old, clean_new = exports(old, new, tmp_path)
    result = import_document(out)
    assert without_cover(result.policy).sections[-1].body == new.sections[0].body
    assert without_cover(result.original).sections[-1].body == old.sections[0].body
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)


def test_an_item_whose_mark_now_ends_moved_words_is_an_item_again_on_reject(office, tmp_path):  # noqa: F811
    """A heading taken out moves its words up into the list's last paragraph, whose mark is then
    the moved words' (inserted): Reject joins the item to the next mark the old text has, which
    holds the item's old kind too, so it comes back an item (it came back body text)."""
    old = Policy("P", [Section("Scope", "1. A\n2. B", id="s"),
                       Section("Personal", "You may no longer use it.\n\nMerger", id="p")])
    new = Policy("P", [Section("Scope", "You may no longer use it.\n\nMerger", id="s")])
    out, clean_old, clean_new = exports(old, new, tmp_path)
    result = import_document(out)
    assert [s.body for s in without_cover(result.original).sections[-2:]] == [s.body for s in old.sections]
    assert without_cover(result.policy).sections[-1].body == new.sections[0].body
    assert office_words(office, out, "Reject") == office_words(office, clean_old)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)


def test_a_paragraph_whose_mark_a_deleted_item_holds_is_a_paragraph_again_on_accept(office, tmp_path):  # noqa: F811
    """Items deleted after a paragraph, a heading taken out: the new text's break after the
    paragraph is written as the last item's mark (the moved words'), so Accept joined the
    paragraph to it and made it a list item. That mark now holds the paragraph's kind."""
    said = ("_Our new Privacy Policy comes into effect on 04 December 2024. Click_ "
            "[here](https://www.tiktok.com/legal/privacy-policy-eea-archive) "
            "_to view our current Privacy Policy._")
    old = (said + "\n* Data Security and Retention\n* Our Global Operations and Data Transfers\n"
           "* Younger Users\n* Privacy Policy Updates\n* Contact Us\n\nIntroduction\n------------\n\n"
           "What Information We Collect.")
    new = said + "\n\nWhat Information We Collect."
    (tmp_path / "old.md").write_text(old, encoding="utf-8")
    (tmp_path / "new.md").write_text(new, encoding="utf-8")
    old_policy, new_policy = (import_document(tmp_path / f"{v}.md").policy for v in ("old", "new"))
    out, clean_old, clean_new = exports(old_policy, new_policy, tmp_path)
    result = import_document(out)
    assert without_cover(result.policy).sections[-1].body == new_policy.sections[-1].body
    assert [s.body for s in without_cover(result.original).sections[-2:]] == \
        [s.body for s in old_policy.sections[-2:]]
    # (LibreOffice's Reject joins the moved words' mark to the deleted heading keeping the first
    # paragraph's properties, so "Introduction" shows a bullet, before this change as after it)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
