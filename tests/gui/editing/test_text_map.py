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


@pytest.mark.parametrize("words", WORDS)
def test_editor_positions_map_to_plain_text_and_back(qapp, words):
    document = QTextDocument()
    fill_document(document, BODY)
    plain = plain_text(BODY)
    text_map = editor_map(document, plain)
    found = document.find(words)
    start, end = text_map.to_plain(found.selectionStart(), found.selectionEnd())
    assert plain[start:end] == words
    back = text_map.to_document(start, end)
    assert back == (found.selectionStart(), found.selectionEnd())


@pytest.mark.parametrize("words", WORDS)
def test_rendered_policy_regions_map_to_each_sections_plain_text(qapp, words):
    policy = Policy("T", [Section("One", "Opening words.", id="one"), Section("Two", BODY, id="two")])
    document = QTextDocument()
    document.setHtml(policy_html(policy))
    regions = heading_regions(document, ["one", "two"])
    assert set(regions) == {"one", "two"}
    text_map = region_map(document, *regions["two"], plain_text(BODY))
    found = document.find(words)
    start, end = text_map.to_plain(found.selectionStart(), found.selectionEnd())
    assert plain_text(BODY)[start:end] == words
    assert text_map.to_document(start, end) == (found.selectionStart(), found.selectionEnd())
