"""A struck passage a policy cannot hold is named by its words; compared, the one side holding it
says whether the strike was added or removed, never "1 strikethrough" as though both held it."""

from __future__ import annotations

from policyeditor.core.unkept import merged, struck_passage, unkept_sentence

SOME = struck_passage("some", "1. Scope")


def test_a_struck_passage_is_named_by_its_words_and_heading():
    assert SOME == "strikethrough on \u201csome\u201d (under \u201c1. Scope\u201d)"
    assert struck_passage("  a\nlong  passage " * 5, "") == \
        "strikethrough on \u201ca long passage a long passage a long pa\u2026\u201d"


def test_a_strike_on_one_side_only_is_added_or_removed():
    assert unkept_sentence(merged({}, {SOME: 1}), "compared") == \
        "1 strikethrough added on \u201csome\u201d (under \u201c1. Scope\u201d) not compared"
    assert unkept_sentence(merged({SOME: 1, "chart": 2}, {"chart": 1}), "compared") == \
        "2 charts and 1 strikethrough removed on \u201csome\u201d (under \u201c1. Scope\u201d) not compared"


def test_a_strike_both_hold_is_named_as_it_is():
    assert unkept_sentence(merged({SOME: 2}, {SOME: 1}), "compared") == \
        "2 strikethroughs on \u201csome\u201d (under \u201c1. Scope\u201d) not compared"
    assert merged({"strikethrough": 1}, {}) == {"strikethrough": 1}  # beyond the named ones: counted
