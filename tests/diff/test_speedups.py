"""The fast paths compute what the plain ones do: native and Python diffs, codec,
tokens, editorial check, bags of words, line splitting."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st
from redline_helpers import PAIRS, load

from policyeditor.diff import dmp as dmp_module
from policyeditor.diff.align import bag_of, dice
from policyeditor.diff.dmp import diff_chars, diff_semantic
from policyeditor.diff.redline import compare
from policyeditor.diff.text import _sentences, split_units
from policyeditor.diff.words import QUOTES, TokenCodec, is_editorial, tokenize, words
from policyeditor.formats.redline.json import redline_data

# encoded texts: a few private-use characters (one beyond the BMP), as TokenCodec makes them
encoded = st.text(alphabet=st.sampled_from(["\ue000", "\ue001", "\ue002", "\ue003", "\U000f0000"]),
                  max_size=60)


def _reference() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


@contextlib.contextmanager
def _python_diffs():
    """The plain Python library's path, as where the native wheel is not installed."""
    dmp_module.use_native = False
    try:
        yield
    finally:
        dmp_module.use_native = dmp_module.native is not None


@settings(max_examples=400, deadline=None)
@given(a=encoded, b=encoded)
def test_dmp_gives_the_diffs_of_diff_match_patch(a, b):
    reference = _reference()
    expected = reference.diff_main(a, b, False)
    semantic = reference.diff_main(a, b, False)
    reference.diff_cleanupSemantic(semantic)
    assert diff_chars(a, b) == expected
    assert diff_semantic(a, b) == semantic
    with _python_diffs():
        assert diff_chars(a, b) == expected
        assert diff_semantic(a, b) == semantic


def test_native_is_used_when_installed():
    assert dmp_module.native is not None and dmp_module.use_native


def test_a_compare_does_not_import_the_python_library():
    """With the native port, the plain library is ~2 ms of start-up that a compare never uses."""
    code = ("import sys; from policyeditor.cli import main; main(['compare', *sys.argv[1:]]); "
            "print(sorted(m for m in sys.modules if m.startswith('diff_match_patch')))")
    with tempfile.TemporaryDirectory() as tmp:
        argv = [str(PAIRS[0] / "v1.md"), str(PAIRS[0] / "v2.md"), "-o", str(Path(tmp) / "out.json")]
        done = subprocess.run([sys.executable, "-c", code, *argv], cwd=Path(__file__).resolve().parents[2],
                              capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("pair", [p for p in PAIRS if p.name in (
    "parler-privacy-policy", "snapchat-community-guidelines", "twitch-privacy-policy")],
    ids=lambda p: p.name)
def test_corpus_redline_is_the_same_without_native_diffs(pair, monkeypatch):
    old, new = load(pair / "v1.md"), load(pair / "v2.md")
    fast = redline_data(compare(old, new))
    monkeypatch.setattr(dmp_module, "use_native", False)
    assert redline_data(compare(old, new)) == fast


def test_codec_gives_distinct_characters_past_the_bmp():
    codec = TokenCodec()
    keys = [f"k{n}" for n in range(7000)]
    first, rest = codec.encode(keys[:5000]), codec.encode(iter(keys[5000:]))
    text = first + rest
    assert len(set(text)) == 7000 and ord(text[0]) == 0xE000 and ord(text[6400]) == 0xF0000
    assert codec.encode(keys[::-1]) == text[::-1]
    assert all(0xE000 <= ord(c) <= 0xF8FF or 0xF0000 <= ord(c) <= 0xF1000 for c in text)


# ---------------------------------------------------------------- tokens, editorial, bags, lines

PIECES = ["a", "Word", "B2", "_", "_it_", "*", "**", "<u>", "</u>", "<br>", "<b>", "[", "]", "(", ")",
          "](https://X.org/A)", "](<a b>)", "\\", "\\*", " ", "  ", "\t", "\u00a0", "\n", "\n\n",
          "- ", "1. ", "  - ", "(a)", "(IV)", "( 12 )", "“", "”", "’", "—", "-", "ß", "İ", "é",
          ".", ",", ";", "|"]
texts = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)

# the word tokens as first written: every kind of markup tried before words and spaces
_MARKUP_FIRST = re.compile(
    r"(?m:^ *(?:-|\d+\.)(?: |$))|\\[\s\S]|\*\*|</?u>|<br>|\]\((?:<[^<>\n]*>|[^\s()<>]*)\)"
    r"|\n+|\w+|[ \t\u00a0]+|[\s\S]")
_CLAUSE = re.compile(r"\(\s*(?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\s*\)", re.IGNORECASE)
SIGNS = set("$+<=>~^%&#@/")  # the ASCII characters that are substance, not punctuation


def _substance(text: str) -> list[str]:
    out = []
    for token in tokenize(_CLAUSE.sub(" ", text.translate(QUOTES))):
        if re.fullmatch(r"\w+", token):
            out.append(token.casefold())
        elif token in {"**", "<u>", "</u>", "_", "["} or token.startswith("]("):
            out.append(token)
        elif (token[1:] if token[:1] == "\\" else token) in SIGNS:  # a sign, escaped or not
            out.append(token[-1])
    return out


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_word_tokens_do_not_depend_on_the_order_words_are_tried(text):
    assert tokenize(text) == _MARKUP_FIRST.findall(text)


@settings(max_examples=400, deadline=None)
@given(old=texts, new=texts)
def test_editorial_check_compares_words_and_markers(old, new):
    assert is_editorial(old, new) == (_substance(old) == _substance(new))
    assert is_editorial(old, old)


@settings(max_examples=400, deadline=None)
@given(a=st.lists(st.sampled_from(["the", "data", "we", "x", "y"]), max_size=20),
       b=st.lists(st.sampled_from(["the", "data", "we", "x", "z"]), max_size=20))
def test_dice_counts_the_words_two_bags_share(a, b):
    common = sum((Counter(a) & Counter(b)).values())
    expected = 1.0 if not a and not b else 0.0 if not a or not b else (
        0.0 if 2 * min(len(a), len(b)) / (len(a) + len(b)) < 0.3 else 2 * common / (len(a) + len(b)))
    assert dice(bag_of(a), bag_of(b), len(a), len(b)) == expected


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(["a", "b c", "\n", "\n\n", "- x"]), max_size=12).map("".join))
def test_split_units_cuts_before_each_run_of_newlines(text):
    parts = re.split(r"(\n+)", text)
    units = [parts[0]] + [parts[k] + parts[k + 1] for k in range(1, len(parts) - 1, 2)]
    assert split_units(text) == [u for u in units if u]


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(st.sampled_from([".", ";", "?", "!", ":", "..", " ", "\n\n", "\u00a0", "a", "1. "]),
                       max_size=14))
def test_sentences_end_at_a_mark_and_a_space(tokens):
    expected, current = [], []
    for k, token in enumerate(tokens):
        current.append(token)
        if token.isspace() and k and re.fullmatch(r"[.;:!?]", tokens[k - 1]):
            expected.append(current)
            current = []
    assert _sentences(tokens) == expected + ([current] if current else [])


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_words_are_runs_of_word_characters(text):
    ascii_only = text.encode("ascii", "ignore").decode()
    for sample in (text, ascii_only):
        assert words(sample) == re.findall(r"\w+", sample)
