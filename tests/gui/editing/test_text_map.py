"""Pane positions ↔ a section's plain text: editors with lists, tables and line breaks; rendered views."""

import pytest
from PySide6.QtGui import QTextDocument

from policyeditor.core.body import plain_text
from policyeditor.core.model import Policy, Section
from policyeditor.gui.editing.policy_view import policy_html
from policyeditor.gui.editing.rich_text import fill_document
from policyeditor.gui.editing.text_map import editor_map, heading_regions, region_map

BODY = ("We **collect** data.<br>Second line.\n\n- first item\n  - nested item\n\n"
        "| Kind | Use |\n| --- | --- |\n| email | login |\n\nLast paragraph.")
WORDS = ["collect", "Second line", "nested item", "email", "login", "Last paragraph"]
MERGED = ("| Kind | < | Kept |\n| --- | --- | --- |\n"
          "| ^ | < | 1 year<table><tr><td>inner<td>cell</table> |\n| Mail | box | 3 years |")


# characters Qt counts as two positions (beyond the BMP) before the words
WIDE = "Call us 📞 or 👍🏽 we **answer** in 𠀀 days.\n\n| 📞 | 😀 |\n| --- | --- |\n| x 😀 | seven |"


@pytest.mark.parametrize("body, words", [(BODY, w) for w in WORDS]
                         + [(MERGED, w) for w in ("Kind", "year", "inner cell", "Mail", "3 years")]
                         + [(WIDE, w) for w in ("answer", "days", "x 😀", "seven")])
def test_editor_positions_map_to_plain_text_and_back(qapp, body, words):
    document = QTextDocument()
    fill_document(document, body)
    plain = plain_text(body)
    text_map = editor_map(document, body)
    found = document.find(words)
    start, end = text_map.to_plain(found.selectionStart(), found.selectionEnd())
    assert plain[start:end] == words
    back = text_map.to_document(start, end)
    assert back == (found.selectionStart(), found.selectionEnd())


@pytest.mark.parametrize("body, words", [(BODY, w) for w in WORDS] + [(WIDE, w) for w in ("answer", "seven")])
def test_rendered_policy_regions_map_to_each_sections_plain_text(qapp, body, words):
    BODY = body  # noqa: N806 (the body of section two)
    policy = Policy("T", [Section("One", "Opening words.", id="one"), Section("Two", BODY, id="two")])
    document = QTextDocument()
    document.setHtml(policy_html(policy))
    regions = heading_regions(document, ["one", "two"])
    assert set(regions) == {"one", "two"}
    text_map = region_map(document, *regions["two"], BODY)
    found = document.find(words)
    start, end = text_map.to_plain(found.selectionStart(), found.selectionEnd())
    assert plain_text(BODY)[start:end] == words
    assert text_map.to_document(start, end) == (found.selectionStart(), found.selectionEnd())


LISTED = "Intro  text with two spaces.\n\n1. 1.5 litres a day\n2. second item\n\n- bullet **bold** end"


@pytest.mark.parametrize("words", ["Intro", "two spaces", "1.5 litres", "second item", "bold", "end"])
def test_inline_redline_regions_map_past_struck_words_and_written_list_markers(qapp, words):
    from policyeditor.diff.redline import compare
    from policyeditor.gui.editing.inline_view import inline_html
    from policyeditor.gui.editing.text_map import rendered_ids

    old_body = "Intro text.\n\n1. 1.5 litres a week\n2. first item\n\n- bullet end"
    old = Policy("T", [Section("One", "Opening words.", id="one"), Section("Two", old_body, id="two")])
    new = Policy("T", [Section("One", "Opening words.", id="one"), Section("Two", LISTED, id="two")])
    redline = compare(old, new)
    document = QTextDocument()
    document.setHtml(inline_html(redline))
    regions = heading_regions(document, rendered_ids(redline))
    text_map = region_map(document, *regions["two"], LISTED)
    plain = plain_text(LISTED)
    at = plain.index(words)
    start, end = text_map.to_document(at, at + len(words))
    shown = document.toRawText()[start:end].replace("\u00a0", " ")
    assert " ".join(shown.split()) == words  # the words, whatever deleted words lie between
    cursor_start, cursor_end = text_map.to_plain(start, end)
    assert (cursor_start, cursor_end) == (at, at + len(words))


@pytest.mark.parametrize("words", ["year", "inner", "cell", "extra more", "words", "3 years"])
def test_inline_redline_regions_map_into_a_nested_table(qapp, words):
    """The inline redline draws a nested table as a table (formats.redline.html), edited inside:
    its words still map to the section's plain text."""
    from policyeditor.diff.redline import compare
    from policyeditor.gui.editing.inline_view import inline_html
    from policyeditor.gui.editing.text_map import rendered_ids

    old_body = MERGED.replace("cell</table>", "cell<tr><td>more<td>words</table>")
    new_body = old_body.replace("more", "extra more")
    old = Policy("T", [Section("One", "Opening words.", id="one"), Section("Two", old_body, id="two")])
    new = Policy("T", [Section("One", "Opening words.", id="one"), Section("Two", new_body, id="two")])
    redline = compare(old, new)
    document = QTextDocument()
    document.setHtml(inline_html(redline))
    regions = heading_regions(document, rendered_ids(redline))
    text_map = region_map(document, *regions["two"], new_body)
    at = plain_text(new_body).index(words)
    start, end = text_map.to_document(at, at + len(words))
    assert " ".join(document.toRawText()[start:end].replace("\u00a0", " ").split()) == words
    assert text_map.to_plain(start, end) == (at, at + len(words))
