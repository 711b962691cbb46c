"""A paragraph (or list item) that became a table row with the same words, and a row that became a
paragraph, is one change: the lines deleted and the rows inserted, as Word can track it (no
revision turns a paragraph into a row), named on `Change.table` ("made a table row") as a
merge is, its words counted as neither inserted nor deleted, and substantive (the row's column
headings now govern its words)."""

from __future__ import annotations

import json

import pytest

from policyeditor.core.body import plain_text
from policyeditor.core.model import Policy, Section
from policyeditor.diff.follow import EditMap
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.json import render_json

TABLE = "Intro.\n\n| Kind | Kept |\n| --- | --- |"
CASES = {
    "paragraph made a one-cell table": ("Intro.\n\nNotice text.", "Intro.\n\n| Notice text. |\n| --- |",
                                        "made a table row"),
    "one-cell table made a paragraph": ("Intro.\n\n| Notice text. |\n| --- |", "Intro.\n\nNotice text.",
                                        "table row made a paragraph"),
    "paragraph cut into a row's cells": ("Intro.\n\nLogs 1 year",
                                         "Intro.\n\n| Logs | 1 year |\n| --- | --- |", "made a table row"),
    "two paragraphs made a row": ("Intro.\n\nLogs\n\n1 year", "Intro.\n\n| Logs | 1 year |\n| --- | --- |",
                                  "made a table row"),
    "row added, its words a paragraph": (TABLE + "\n\nLogs 1 year", TABLE + "\n| Logs | 1 year |",
                                         "made a table row"),
    "row removed, its words a paragraph": (TABLE + "\n| Logs | 1 year |", TABLE + "\n\nLogs 1 year",
                                           "table row made a paragraph"),
    "list item made a row": ("Intro.\n\n- Logs", "Intro.\n\n| Logs |\n| --- |", "made a table row"),
    "row made a list item": ("Intro.\n\n| Logs |\n| --- |", "Intro.\n\n- Logs", "table row made a list item"),
    "rows made paragraphs": ("Intro.\n\n| A | B |\n| --- | --- |\n| c | d |\n\nEnd.",
                             "Intro.\n\nA B\n\nc d\n\nEnd.", "table rows made paragraphs"),
    "the body's first paragraph": ("Notice text.\n\nThe end.", "| Notice text. |\n| --- |\n\nThe end.",
                                   "made a table row"),
}


def words(text: str) -> list[str]:
    return plain_text(text).replace("|", " ").split()


def redline_of(old: str, new: str):
    return compare(Policy("P", [Section("T", old, id="t")]), Policy("P", [Section("T", new, id="t")]))


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_words_in_another_kind_are_one_named_change_drawn_deleted_and_inserted(name):
    old, new, label = CASES[name]
    redline = redline_of(old, new)
    [change] = redline.changes
    assert (change.table, change.formatting, change.editorial) == (label, "", False)
    assert redline.stats.words_inserted == redline.stats.words_deleted == 0
    ops = redline.sections[0].body_ops
    # the words go with their block: all deleted where they were, all inserted where they are
    assert {op.kind for op in ops} <= {"equal", "delete", "insert"}
    deleted, inserted = ("".join(op.text for op in ops if op.kind == kind) for kind in ("delete", "insert"))
    assert words(deleted) == words(inserted) != []
    assert redline.accept_all().sections[0].body == new
    assert redline.reject_all().sections[0].body == old
    assert redline.accept(change.id).sections[0].body == new
    assert redline.reject(change.id).sections[0].body == old


def test_words_changed_with_the_kind_are_a_plain_deletion_and_insertion():
    redline = redline_of("Intro.\n\nLogs 1 year", "Intro.\n\n| Logs | 2 years |\n| --- | --- |")
    # the paragraph deleted, the row inserted with its table's rule (no change of the rule alone)
    assert [(c.kind, c.table) for c in redline.changes] == [("delete", ""), ("insert", "")]
    assert redline.stats.words_deleted == 3 and redline.stats.words_inserted == 3
    texts = [(op.kind, op.text) for op in redline.sections[0].body_ops]
    assert ("delete", "\n\nLogs 1 year") in texts and ("insert", "\n\n| Logs | 2 years |") in texts


def test_a_new_table_has_no_change_without_words():
    """Its header rule is no words: a change of it alone would show nowhere (it went with nothing)."""
    redline = redline_of("Intro.", "Intro.\n\n| A | B |\n| --- | --- |\n| c | d |")
    assert all(c.new_text.strip("\n|- ") for c in redline.changes)
    assert redline.accept_all().sections[0].body == "Intro.\n\n| A | B |\n| --- | --- |\n| c | d |"


def test_json_names_the_kind_change():
    old, new, label = CASES["row added, its words a paragraph"]
    data = json.loads(render_json(redline_of(old, new)))
    assert [(c["table"], c["formatting"]) for c in data["changes"]] == [(label, "")]
    assert data["stats"]["words_inserted"] == data["stats"]["words_deleted"] == 0
    ops = [(op["op"], op["text"]) for op in data["sections"][0]["ops"]]
    # the row first, in its table; the break both texts have before it is no change's
    assert ops == [("equal", TABLE + "\n"), ("insert", "| Logs | 1 year |"), ("delete", "\nLogs 1 year")]


@pytest.mark.parametrize("name", ["paragraph cut into a row's cells", "row removed, its words a paragraph",
                                  "row added, its words a paragraph"])
def test_a_comments_words_are_followed_into_their_new_block(name):
    """Their words are deleted and inserted in the redline, yet the same: a comment on them stays."""
    old, new, _ = CASES[name]
    edit = EditMap(old, new)
    for quote in ("Logs", "1 year"):
        start = old.rindex(quote)
        assert (edit.position(start), edit.position(start + len(quote) - 1) + 1) == \
            (new.rindex(quote), new.rindex(quote) + len(quote))
