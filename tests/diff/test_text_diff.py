"""Word-level diff of texts and bodies: tokens, semantic clean-up, paragraphs, moves, options."""

from __future__ import annotations

import diff_match_patch
import pytest

from policyeditor.diff.text import Op, diff_body, diff_text, new_text, old_text, split_units
from policyeditor.diff.words import DiffOptions, is_editorial, tokenize


def changed(ops):
    return [(op.kind, op.text) for op in ops if op.kind != "equal"]


@pytest.mark.parametrize("text", [
    "We **collect** _some_ <u>data</u>,<br>see [here](https://x.org/a) \\* ok",
    "- item one\n  1. nested\n\n| a | b |\n| --- | --- |\n| 1 | 2 |",
    "", "  spaces   and\ttabs \u00a0",
])
def test_tokens_concatenate_back(text):
    assert "".join(tokenize(text)) == text
    assert "".join(tokenize(text, "char")) == text


def test_markup_is_its_own_token():
    assert tokenize("**a** [b](http://c) <u>d</u><br>") == [
        "**", "a", "**", " ", "[", "b", "](http://c)", " ", "<u>", "d", "</u>", "<br>"]
    assert tokenize("- x\n  12. y")[:3] == ["- ", "x", "\n"]


def test_one_word_replaced_is_one_delete_and_one_insert():
    ops = diff_body("We collect some data.", "We collect certain data.")
    assert changed(ops) == [("delete", "some"), ("insert", "certain")]
    assert len({op.change for op in ops if op.kind != "equal"}) == 1


def test_no_letter_soup_in_long_rewrite():
    ops = diff_text("the quick brown fox jumps", "the slow brown cat jumps")
    assert changed(ops) == [("delete", "quick"), ("insert", "slow"), ("delete", "fox"), ("insert", "cat")]


def test_change_never_spans_a_paragraph_boundary():
    old = "First paragraph ends here.\n\nSecond paragraph starts here."
    new = "First paragraph ends now.\n\nNext paragraph starts here."
    ops = diff_body(old, new)
    for op in ops:
        if op.kind != "equal":
            assert "\n" not in op.text
    assert old_text(ops) == old and new_text(ops) == new


def test_paragraph_moved_within_a_section_is_a_move():
    a = "Alpha paragraph talks about cookies and tracking."
    b = "Beta paragraph talks about retention of your data."
    c = "Gamma paragraph talks about children and age limits."
    ops = diff_body(f"{a}\n\n{b}\n\n{c}", f"{b}\n\n{c}\n\n{a}")
    kinds = [op.kind for op in ops if op.kind != "equal"]
    assert "move_from" in kinds and "move_to" in kinds
    assert "insert" not in kinds
    moves = {op.change for op in ops if op.kind.startswith("move")}
    assert len(moves) == 1


def test_boilerplate_paragraphs_pair_with_their_true_counterparts():
    template = "Where we rely on consent for {}, you may withdraw it at any time in the settings."
    topics = ["marketing e-mails", "location data", "contact uploads", "voice data"]
    old = "\n\n".join(template.format(t) for t in topics)
    new_topics = ["marketing e-mails", "precise location data", "contact uploads", "voice data"]
    new = "\n\n".join(template.format(t) for t in new_topics)
    assert changed(diff_body(old, new)) == [("insert", "precise ")]
    # one paragraph dropped from the middle: the others stay whole, nothing rewritten
    new = "\n\n".join(template.format(t) for t in topics[:1] + topics[2:])
    ops = diff_body(old, new)
    deleted = [op.text for op in ops if op.kind == "delete"]
    assert "location data" in "".join(deleted) and "insert" not in [op.kind for op in ops]


def test_an_item_deleted_from_a_numbered_list_is_deleted_whole():
    """The items pair by their words, not their numbers: "2." in front of two unlike items made
    them look alike, so deleting item 2 showed as items 2 and 3 reworded."""
    first = "1. share your data with advertisers;\n"
    old = first + "2. sell your data to brokers;\n3. keep your data for ten years."
    new = first + "2. keep your data for ten years;\n3. delete your data on request."
    ops = diff_body(old, new)
    assert changed(ops) == [("delete", "\n2. sell your data to brokers;"), ("delete", "3. "),
                            ("insert", "2. "), ("delete", "."), ("insert", ";"),
                            ("insert", "\n3. delete your data on request.")]
    # the item deleted (the next renumbered with it), "." made ";", an item added
    assert len({op.change for op in ops if op.change}) == 3


def test_inserted_paragraph_keeps_its_break_in_the_same_change():
    ops = diff_body("one\n\nthree", "one\n\ntwo\n\nthree")
    assert changed(ops) == [("insert", "\n\ntwo")]


def test_split_units_keeps_every_character():
    text = "a\n\n- b\n- c\n\nd"
    assert split_units(text) == ["a", "\n\n- b", "\n- c", "\n\nd"]
    assert "".join(split_units(text)) == text


def test_ignore_options_keep_the_diff_exact():
    old, new = "We  collect “Personal Data” here", "we collect \"personal data\" here"
    options = DiffOptions(ignore_case=True, ignore_whitespace=True, normalize_quotes=True)
    ops = diff_body(old, new, options)
    assert old_text(ops) == old and new_text(ops) == new
    assert all(op.ignored for op in ops if op.kind != "equal")
    plain = diff_body(old, new)
    assert any(not op.ignored for op in plain if op.kind != "equal")


def test_char_granularity():
    ops = diff_text("colour", "color", DiffOptions(granularity="char"))
    assert changed(ops) == [("delete", "u")]
    assert changed(diff_text("colour", "color")) == [("delete", "colour"), ("insert", "color")]


@pytest.mark.parametrize("old,new,editorial", [
    ("data,", "data;", True),
    ("Data", "data", True),
    ("“terms”", '"terms"', True),
    ("(a) we", "(b) we", True),
    ("some", "certain", False),
    ("30 days", "60 days", False),
    ("data", "**data**", False),
    ("", ",", True),
    ("caf\u00e9", "cafe\u0301", True),  # the same word, composed or with a combining accent
    ("caf\u00e9", "cafe", False),
])
def test_editorial(old, new, editorial):
    assert is_editorial(old, new) is editorial


def test_deterministic_and_independent_of_timeout(monkeypatch):
    old = " ".join(f"word{k % 97} clause {k}" for k in range(600))
    new = " ".join(f"word{k % 89} clause {k + (k % 7 == 0)}" for k in range(600))
    first = diff_body(old, new)
    assert diff_body(old, new) == first
    original = diff_match_patch.diff_match_patch.__init__

    def tiny_timeout(self):
        original(self)
        self.Diff_Timeout = 0.000001

    # a caller's default timeout must not leak in: we set 0 on every instance we make
    monkeypatch.setattr(diff_match_patch.diff_match_patch, "__init__", tiny_timeout)
    assert diff_body(old, new) == first
    assert old_text(first) == old and new_text(first) == new


def test_equal_texts_are_one_equal_op():
    assert diff_body("same", "same") == (Op("equal", "same"),)
    assert diff_body("", "") == ()


def test_long_paragraph_is_diffed_by_sentences_then_words():
    sentences = [f"Clause {k} lets us keep records of type {k} for audit purposes." for k in range(80)]
    old = " ".join(sentences)
    sentences[40] = "Clause 40 lets us keep records of type 40 for legal purposes."
    sentences.insert(60, "A new sentence appears here.")
    new = " ".join(sentences)
    ops = diff_body(old, new)
    assert changed(ops) == [("delete", "audit"), ("insert", "legal"),
                            ("insert", "A new sentence appears here. ")]
    assert old_text(ops) == old and new_text(ops) == new
