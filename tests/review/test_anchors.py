"""Anchors follow their words through edits and become outdated when the words are gone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyeditor.core.body import plain_text
from policyeditor.review.anchors import Anchor, make_anchor, reanchor, reanchor_all
from tests.conftest import CORPUS

VOCABULARY = ["we", "collect", "your", "data", "share", "with", "partners", "the", "service",
              "personal", "may", "process", "for", "legal", "reasons", "and", "to", "of"]
word = st.sampled_from(VOCABULARY)
# Inserted words differ from the text's: inserting "we" into "we we we" is the same text
# whichever copy was new, and no method can tell which "we" a comment was on.
INSERTED = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


def anchor_on_words(words: list[str], i: int, j: int) -> tuple[str, Anchor]:
    text = " ".join(words)
    start = len(" ".join(words[:i])) + (1 if i else 0)
    end = start + len(" ".join(words[i:j]))
    return text, make_anchor("s1", text, start, end)


@st.composite
def text_and_edits(draw, marked: bool = False):
    """Words, a quoted range [i, j), and edits that touch only words outside it."""
    words = draw(st.lists(word, min_size=6, max_size=60))
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i + 1, min(len(words), i + 6)))
    if marked:  # a word found nowhere else, so the quote alone can be searched for
        words[i] = "Zanzibar"
    edits = draw(st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace"]),
                                    st.integers(0, 10_000), st.sampled_from(INSERTED)), max_size=12))
    return words, i, j, edits


def apply_edit(words: list[str], i: int, j: int, edit: tuple[str, int, str]) -> tuple[list[str], int, int]:
    """One edit outside words[i:j]; returns the new words and the quote's new range."""
    kind, where, new_word = edit
    outside = [k for k in range(len(words)) if not i <= k < j]
    words = list(words)
    if kind == "insert":
        at = [k for k in range(len(words) + 1) if k <= i or k >= j][where % (len(words) + 2 - (j - i))]
        words.insert(at, new_word)
        return (words, i + 1, j + 1) if at <= i else (words, i, j)
    if not outside:
        return words, i, j
    at = outside[where % len(outside)]
    if kind == "replace":
        words[at] = new_word
        return words, i, j
    del words[at]
    return (words, i - 1, j - 1) if at < i else (words, i, j)


@settings(max_examples=300, deadline=None)
@given(text_and_edits(marked=True))
def test_edits_elsewhere_keep_the_anchor_on_its_words_step_by_step(case):
    # Marked: deleting one of "collect collect" leaves the same text whichever went,
    # so the quote starts with a word found nowhere else to make "same words" mean one thing.
    words, i, j, edits = case
    text, anchor = anchor_on_words(words, i, j)
    for edit in edits:
        words, i, j = apply_edit(words, i, j, edit)
        new_text, expected = anchor_on_words(words, i, j)
        moved = reanchor(anchor, new_text, old_text=text)
        assert moved is not None
        assert moved.quote == expected.quote
        assert (moved.start, moved.end) == (expected.start, expected.end)
        text, anchor = new_text, moved


@settings(max_examples=200, deadline=None)
@given(text_and_edits(marked=True))
def test_edits_elsewhere_keep_the_anchor_without_the_old_text(case):
    words, i, j, edits = case
    _, anchor = anchor_on_words(words, i, j)
    for edit in edits:
        words, i, j = apply_edit(words, i, j, edit)
    new_text, expected = anchor_on_words(words, i, j)
    moved = reanchor(anchor, new_text)
    assert moved is not None
    assert (moved.start, moved.end, moved.quote) == (expected.start, expected.end, expected.quote)


@settings(max_examples=200, deadline=None)
@given(text_and_edits(marked=True), st.integers(0, 3), st.integers(0, 3))
def test_deleting_the_quoted_words_makes_the_anchor_outdated(case, before, after):
    words, i, j, _ = case
    text, anchor = anchor_on_words(words, i, j)
    left = words[:max(0, i - before)]
    right = words[min(len(words), j + after):]
    new_text = " ".join(left + right)
    assert reanchor(anchor, new_text, old_text=text) is None
    assert reanchor(anchor, new_text) is None


def test_a_quote_of_whole_words_is_never_found_in_part_of_a_word():
    """Found by the property above: the quote's words deleted, a likeness search found
    "r your we collect" at the end of "your your we collect"."""
    anchor = Anchor(section_id="s1", quote="Zanzibar your we collect",
                    prefix="e your your we collect we we we ", suffix="", start=48, end=72)
    assert reanchor(anchor, "we we we we we we your your we collect we we we") is None


def test_repeated_words_are_told_apart_by_their_context():
    text = "You may share data with us. Partners may share data with advertisers."
    start = text.index("share data", 30)
    anchor = make_anchor("s1", text, start, start + len("share data"))
    new_text = "Affiliates may share data with us. Partners may share data with advertisers."
    moved = reanchor(anchor, new_text)
    assert moved is not None and moved.start == new_text.index("share data", 40)


def test_words_inserted_at_the_edge_repeating_the_quote_do_not_join_it():
    text = "collect collect we we we we"
    anchor = make_anchor("s1", text, 0, len("collect collect we"))
    moved = reanchor(anchor, "collect " + text, old_text=text)
    assert moved is not None and moved.quote == anchor.quote


def test_a_small_edit_inside_the_quote_is_followed():
    text = "We keep your personal data for as long as the law requires it."
    start = text.index("personal data for as long")
    anchor = make_anchor("s1", text, start, start + len("personal data for as long"))
    new_text = text.replace("for as long", "for so long")
    for old in (text, None):
        moved = reanchor(anchor, new_text, old_text=old)
        assert moved is not None and moved.quote == "personal data for so long"


def test_rewritten_words_make_the_anchor_outdated_and_keep_the_quote():
    text = "We keep your personal data for as long as the law requires it."
    start = text.index("for as long as the law requires")
    anchor = make_anchor("s1", text, start, start + len("for as long as the law requires"))
    new_text = "We keep your personal data for thirty days only."
    assert reanchor(anchor, new_text, old_text=text) is None
    assert reanchor(anchor, new_text) is None
    assert anchor.make_outdated().outdated and anchor.make_outdated().quote == anchor.quote


def test_a_selection_must_hold_characters():
    with pytest.raises(ValueError):
        make_anchor("s1", "text", 2, 2)


def chain_texts() -> list[str]:
    folder = CORPUS / "chains" / "spotify-privacy-policy"
    return [plain_text(folder.joinpath(f"v{n}.md").read_text(encoding="utf-8")) for n in range(1, 8)]


def v1_sentences_surviving_into_v7(texts: list[str]) -> list[str]:
    """Sentences of v1 (40+ characters, unique in v1) that appear once in every version."""
    sentences = {s.strip() for line in texts[0].splitlines() for s in line.split(". ")}
    return sorted(s for s in sentences
                  if len(s) >= 40 and all(t.count(s) == 1 for t in texts))


def test_anchors_on_v1_sentences_are_found_in_v7_after_reanchoring_step_by_step():
    """The document's whole plain text stands in for one section: the chain has no section ids."""
    texts = chain_texts()
    survivors = v1_sentences_surviving_into_v7(texts)
    assert len(survivors) >= 50
    anchors: list[Anchor | None] = [
        make_anchor("doc", texts[0], texts[0].index(s), texts[0].index(s) + len(s)) for s in survivors]
    for old, new in zip(texts, texts[1:], strict=False):
        assert all(anchors), [s for s, a in zip(survivors, anchors, strict=True) if a is None]
        anchors = reanchor_all(anchors, new, old_text=old)
    for sentence, anchor in zip(survivors, anchors, strict=True):
        assert anchor is not None, sentence
        assert (anchor.quote, anchor.start) == (sentence, texts[-1].index(sentence))


SECOND = "We collect personal data from you. We never sell personal data to brokers."


def test_an_outdated_anchor_does_not_come_back_on_another_occurrence_of_its_words():
    start = SECOND.index("personal data", SECOND.index("sell"))
    outdated = make_anchor("s1", SECOND, start, start + len("personal data")).make_outdated()
    rewritten = "We collect personal data from our users. We never sell anything."
    assert reanchor(outdated, rewritten) is None
    before = "We collect personal data from you. We never sell anything."
    assert reanchor(outdated, rewritten, old_text=before) is None


def test_an_outdated_anchor_comes_back_where_its_words_return_with_their_context():
    start = SECOND.index("personal data", SECOND.index("sell"))
    outdated = make_anchor("s1", SECOND, start, start + len("personal data")).make_outdated()
    back = "We collect personal data from our users. We never sell personal data to brokers."
    found = reanchor(outdated, back)
    assert found is not None and found.start == back.index("personal data", back.index("sell"))
