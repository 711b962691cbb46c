"""A word keeps its combining marks and an emoji its modifiers: the word diff never marks half of
what a reader sees as one letter or one picture."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyeditor.diff.text import diff_text
from policyeditor.diff.words import _WORD_TOKENS, tokenize, words


def changed(old: str, new: str) -> list[tuple[str, str]]:
    return [(op.kind, op.text) for op in diff_text(old, new) if op.kind != "equal"]


@pytest.mark.parametrize(("text", "whole", "character"), [
    ("यह नीति कर्मचारियों पर लागू है।", "कर्मचारियों", "यों"),  # Devanagari: vowel signs, virama are marks
    ("שָׁלוֹם עוֹלָם", "שָׁלוֹם", "שָׁ"),                     # Hebrew points
    ("La cafe\u0301s ferme\u0301e", "cafe\u0301s", "e\u0301"),  # an accent typed apart from its letter
    ("team 👍🏽 agrees", "👍🏽", "👍🏽"),                       # a skin tone
    ("the 👩\u200d💻 codes", "👩\u200d💻", "👩\u200d💻"),       # pictures a joiner joins
    ("in 🇫🇷 and 🇩🇪", "🇫🇷", "🇫🇷"),                          # two letters of a flag
    ("a ✔\ufe0f mark", "✔\ufe0f", "✔\ufe0f"),                 # a variation selector
])
def test_a_cluster_is_one_token(text, whole, character):
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert whole in tokens
    assert character in tokenize(text, "char")


def test_words_are_counted_whole():
    assert words("यह नीति कर्मचारियों पर") == ["यह", "नीति", "कर्मचारियों", "पर"]
    assert words("La cafe\u0301s") == ["La", "cafe\u0301s"]
    assert words("plain “quoted” — text") == ["plain", "quoted", "text"]


def test_a_changed_word_is_marked_whole():
    assert changed("यह नीति कर्मचारियों पर लागू होती है।", "यह नीति कर्मियों पर लागू होती है।") == [
        ("delete", "कर्मचारियों"), ("insert", "कर्मियों")]
    assert changed("The team 👍🏽 agrees.", "The team 👍🏿 agrees.") == [
        ("delete", "👍🏽"), ("insert", "👍🏿")]
    assert changed("Hebrew שָׁלוֹם here", "Hebrew שְׁלוֹם here") == [
        ("delete", "שָׁלוֹם"), ("insert", "שְׁלוֹם")]


def test_markup_keeps_its_spelling():
    """A stray mark after markup stays apart: `**` is bold's marker only as itself."""
    assert tokenize("**\u0301x**") == ["**", "\u0301", "x", "**"]
    assert tokenize("<br>\u0301") == ["<br>", "\u0301"]


@given(st.lists(st.sampled_from(
    list("ab *_<>[]()\n-1.") + ["\u0301", "\u200d", "\ufe0f", "👍", "\U0001f3fd", "🇫", "🇷", "क", "्", "ि",
                                 "**", "<u>", "</u>", "<br>", "](http://x)", "<fn>", "</fn>"])).map("".join))
def test_tokens_still_concatenate_back(text):
    markup = {"**", "<u>", "</u>", "<br>", "](http://x)", "<fn>", "</fn>", "\n"}
    for granularity in ("word", "char"):
        tokens = tokenize(text, granularity)
        assert "".join(tokens) == text
        assert all(tokens)
        assert [t for t in tokens if t in markup] == [t for t in _WORD_TOKENS.findall(text) if t in markup]


def test_chinese_and_japanese_words_are_their_characters():
    """Written without spaces, a clause was one \\w+ word: one changed word showed as the clause
    replaced. Without a dictionary, each ideograph and kana is a word."""
    assert changed("我们收集您的个人信息，并保存三十天。", "我们收集您的健康信息，并保存三十天。") == [
        ("delete", "个人"), ("insert", "健康")]
    assert changed("個人情報を三十日間保存します。", "個人情報を九十日間保存します。") == [
        ("delete", "三"), ("insert", "九")]
    assert words("本政策abc适用") == ["本", "政", "策", "abc", "适", "用"]
    assert tokenize("[链接](http://例子.cn) 中文") == ["[", "链", "接", "](http://例子.cn)", " ", "中", "文"]
