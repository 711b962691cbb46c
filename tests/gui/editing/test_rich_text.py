"""Canonical body text → QTextDocument → canonical body text is the identity."""

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument

from policyeditor.core.body import canonical
from policyeditor.formats.importers import import_document
from policyeditor.gui.editing.rich_text import (
    document_body,
    fill_document,
    new_list_format,
    outdent_item,
    part_list_after,
)

# not `from tests.conftest import corpus_files`: a package in the venv may own the name `tests`
CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def corpus_files(*patterns: str) -> list[Path]:
    return sorted(p for pattern in patterns for p in CORPUS.glob(pattern))

SAMPLES = [
    "plain paragraph",
    "**bold** and _italic_ and <u>underline</u> and **_both_**",
    "a [link](https://example.com/x) and [spaced](<https://e.com/a b>)",
    "first line<br>second line",
    "one\n\ntwo\n\nthree",
    "- a\n- b\n  - nested\n- c",
    "1. one\n2. two\n  - sub\n3. three",
    "- a\n\n- separate list",
    "intro\n\n| h1 | h2 |\n| --- | --- |\n| **x** | y<br>z |\n\noutro",
    "escaped \\*star\\* and \\_under\\_",
    "| --- | --- |\n| no | header |",
    "| a | < | c |\n| --- | --- | --- |\n| ^ | < | x<table><tr><th>N<th>M<tr><td>\\<<td>q</table> |",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_round_trip_samples(qapp, text):
    text = canonical(text)
    assert document_body(fill_document(QTextDocument(), text)) == text


def test_round_trip_corpus(qapp):
    files = corpus_files("pairs/*/*.md", "pairs/*/*.txt", "seed/*", "docx/*.docx")
    assert files
    bodies = 0
    for path in files:
        try:
            policy = import_document(path).policy
        except Exception:  # an importer still being written is not this test's subject
            continue
        for section, _ in policy.walk():
            assert document_body(fill_document(QTextDocument(), section.body)) == section.body, path
            bodies += 1
    assert bodies > 100


def test_user_made_list_reads_back(qapp):
    doc = QTextDocument()
    cursor = QTextCursor(doc)
    cursor.insertText("para")
    cursor.insertBlock()
    cursor.createList(new_list_format(ordered=True))
    cursor.insertText("first")
    cursor.insertBlock()
    cursor.insertText("second")
    assert document_body(doc) == "para\n\n1. first\n2. second"


OUTDENTED = "1. a\n  1. b\n  2. c\n  3. d\n    - e\n2. f"


@pytest.mark.parametrize(("body", "item", "moved"), [
    (OUTDENTED, "c", "1. a\n  1. b\n2. c\n  1. d\n    - e\n3. f"),  # the numbered items after it count from 1
    (OUTDENTED, "e", "1. a\n  1. b\n  2. c\n  3. d\n  4. e\n2. f"),  # numbered as its new level, as Word
    ("- a\n    - b\n    - c", "b", "- a\n  - b\n    - c"),  # no item of its new level before: the first
    (OUTDENTED, "a", None), (OUTDENTED, "f", None),  # no nested items
])
def test_outdent_item_moves_a_nested_item_out_a_level(qapp, body, item, moved):
    doc = fill_document(QTextDocument(), body)
    block = doc.find(item, 0, QTextDocument.FindFlag.FindWholeWords).block()
    assert outdent_item(block) == (moved is not None)
    assert document_body(doc) == (moved or body)
    if item == "c":  # drawn as the body numbers it
        d = doc.find("d").block()
        assert (d.textList().itemText(d), block.textList().itemText(block)) == ("1.", "2.")
        assert block.blockFormat().indent() == 0


def _paragraph_after(doc: QTextDocument, item: str) -> QTextCursor:
    """A paragraph "P" typed after list item `item`, out of the list (Enter on an empty item there)."""
    cursor = QTextCursor(doc.find(item, 0, QTextDocument.FindFlag.FindWholeWords).block())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertBlock()
    cursor.block().textList().remove(cursor.block())
    fmt = cursor.blockFormat()
    fmt.setIndent(0)
    cursor.setBlockFormat(fmt)
    cursor.insertText("P")
    return cursor


@pytest.mark.parametrize(("body", "item", "parted"), [
    ("1. a\n2. b\n3. c", "a", "1. a\n\nP\n\n2. b\n3. c"),
    ("1. a\n  1. x\n  2. y\n2. b", "x", "1. a\n  1. x\n\nP\n\n  2. y\n2. b"),  # nested lists part too
    ("1. a\n2. b\n  - y\n3. c", "a", "1. a\n\nP\n\n2. b\n  - y\n3. c"),  # a list begun after it
    ("5. a\n6. b", "a", "5. a\n\nP\n\n6. b"),
])
def test_a_paragraph_in_a_lists_middle_parts_it_keeping_the_numbers_after(qapp, body, item, parted):
    doc = fill_document(QTextDocument(), body)
    paragraph = _paragraph_after(doc, item).block()
    shown = [b.textList().itemText(b) for b in _items(doc)]
    assert part_list_after(paragraph)
    assert document_body(doc) == parted
    assert [b.textList().itemText(b) for b in _items(doc)] == shown
    assert not part_list_after(paragraph)  # parted once
    # an item added before the paragraph renumbers none after it
    cursor = QTextCursor(doc.find(item, 0, QTextDocument.FindFlag.FindWholeWords).block())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertBlock()
    cursor.insertText("new")
    assert document_body(doc).split("\n\nP\n\n")[1] == parted.split("\n\nP\n\n")[1]


def test_a_paragraph_after_a_list_or_without_words_parts_nothing(qapp):
    doc = fill_document(QTextDocument(), "1. a\n2. b\n\nAfter.")
    assert not part_list_after(doc.find("After.").block())
    assert not part_list_after(doc.find("a").block())  # an item


def _items(doc: QTextDocument) -> list:
    out, block = [], doc.begin()
    while block.isValid():
        if block.textList() is not None:
            out.append(block)
        block = block.next()
    return out


def test_editing_a_merged_table_keeps_its_merges_and_nested_table(qapp):
    """Typing in a cell of a table with merges and a nested table loses neither (the window)."""
    from PySide6.QtGui import QTextCursor

    text = ("| Kind | < | Kept |\n| --- | --- | --- |\n"
            "| ^ | < | 1 year<table><tr><td>inner<td>cell</table> |\n| Mail | box | 3 years |")
    document = fill_document(QTextDocument(), text)
    found = document.find("3 years")
    cursor = QTextCursor(found)
    cursor.insertText("5 years")
    assert document_body(document) == text.replace("3 years", "5 years")
    assert "inner cell" in document.toPlainText()  # the nested table's words are shown


@pytest.mark.parametrize("text", SAMPLES)
def test_a_body_put_in_a_block_at_a_time_is_the_body_at_every_step(qapp, text):
    """What a slice-by-slice fill has put in, read back, followed by the blocks still to come, is the
    body (what an edit made meanwhile is sent as); at the end the document is the one-go fill's."""
    from policyeditor.core.body import write
    from policyeditor.gui.editing.rich_text import Filler, document_blocks

    text = canonical(text)
    doc = QTextDocument()
    filler = Filler(doc, text)
    slices = 1
    while not filler.fill(characters=1):  # a block a slice
        slices += 1
        assert write([*document_blocks(doc), *filler.rest()]) == text
    assert slices == max(filler.progress[1], 1)
    assert doc.toRawText() == fill_document(QTextDocument(), text).toRawText()
    assert document_body(doc) == text
