"""Tokens of a canonical body text, how two tokens compare, and their encoding to characters.

diff-match-patch diffs strings of characters. To diff words we cut the text into
tokens (words, runs of spaces, single punctuation marks and the body's markup
markers) and give each distinct token one character, as `diff_linesToChars`
does for lines. The characters come from Unicode's private use areas, which
diff-match-patch's clean-up treats all alike, so no token looks like a letter or
a space to it.

Tokens always concatenate back to the text they came from: the diff never
loses or invents a character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

# One alternative per kind of token; the order matters (markup before punctuation).
_MARKUP = (
    r"(?m:^ *(?:-|\d+\.)(?: |$))"          # a list marker with its indent, at a line start
    r"|\\[\s\S]"                            # a backslash escape: one literal character
    r"|\*\*|</?u>|<br>"                     # bold, underline, line break
    r"|\]\((?:<[^<>\n]*>|[^\s()<>]*)\)"     # the end of a link with its target: ](url)
)
_WORD_TOKENS = re.compile(_MARKUP + r"|\n+|\w+|[ \t\u00a0]+|[\s\S]")
_CHAR_TOKENS = re.compile(_MARKUP + r"|\n+|[\s\S]")
MARKUP_TOKEN = re.compile(_MARKUP + r"|_|\[|\|")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"[ \t\u00a0]+")

QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ",
})


@dataclass(frozen=True)
class DiffOptions:
    """How two texts compare.

    `granularity` is "word" (default: a change is whole words, spaces or punctuation
    marks) or "char". `ignore_whitespace` makes runs of spaces equal whatever their
    length; `ignore_case` compares case-folded; `normalize_quotes` makes straight and
    typographic quotes, and hyphens and dashes, equal. An ignored difference is still
    kept as a change (marked ignored and editorial), so a redline stays exact.
    """

    granularity: Literal["word", "char"] = "word"
    ignore_whitespace: bool = False
    ignore_case: bool = False
    normalize_quotes: bool = False

    @property
    def exact(self) -> bool:
        """True when tokens compare as they are spelled (nothing ignored)."""
        return not (self.ignore_whitespace or self.ignore_case or self.normalize_quotes)

    def key(self, token: str) -> str:
        """The form of a token that comparison sees."""
        if self.normalize_quotes:
            token = token.translate(QUOTES)
        if self.ignore_whitespace and _SPACE.fullmatch(token):
            return " "
        if self.ignore_case:
            token = token.casefold()
        return token

    def normalize(self, text: str) -> str:
        """The form of a whole text that comparison sees (used to pair paragraphs)."""
        if self.normalize_quotes:
            text = text.translate(QUOTES)
        if self.ignore_whitespace:
            text = _SPACE.sub(" ", text)
        if self.ignore_case:
            text = text.casefold()
        return text


DEFAULT_OPTIONS = DiffOptions()


def tokenize(text: str, granularity: str = "word") -> list[str]:
    """The tokens of a text; `"".join(tokenize(text)) == text` always."""
    pattern = _WORD_TOKENS if granularity == "word" else _CHAR_TOKENS
    return pattern.findall(text)


def words(text: str) -> list[str]:
    """The words (letters and digits) of a text, markup ignored."""
    return _WORD.findall(text)


class TokenCodec:
    """Gives each distinct comparison key one private-use character, shared by both texts."""

    _BMP_PRIVATE = 0xE000, 0xF8FF
    _PLANE_15 = 0xF0000

    def __init__(self) -> None:
        self._chars: dict[str, str] = {}

    def _char(self, n: int) -> str:
        low, high = self._BMP_PRIVATE
        if n <= high - low:
            return chr(low + n)
        return chr(self._PLANE_15 + n - (high - low + 1))

    def encode(self, keys: Iterable[str]) -> str:
        keys = list(keys)
        chars = self._chars
        for key in dict.fromkeys(keys):  # distinct keys in order of first appearance
            if key not in chars:
                chars[key] = self._char(len(chars))
        return "".join(map(chars.__getitem__, keys))


# Clause numbers such as (a), (iv), (12): numbering, not words.
_CLAUSE_NUMBER = re.compile(r"\(\s*(?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\s*\)", re.IGNORECASE)
_SUBSTANCE_MARKUP = {"**", "<u>", "</u>", "_", "["}


def _substance(text: str) -> list[str]:
    """What an editorial change may not alter: words (case-folded) and formatting markers."""
    text = _CLAUSE_NUMBER.sub(" ", text.translate(QUOTES))
    out = []
    for token in tokenize(text):
        if _WORD.fullmatch(token):
            out.append(token.casefold())
        elif token in _SUBSTANCE_MARKUP or token.startswith("]("):
            out.append(token)
    return out


def is_editorial(old: str, new: str) -> bool:
    """True if only punctuation, case, whitespace, quotes, dashes or numbering differ.

    Formatting (bold, italic, underline, links) is substance: emphasis can change a
    clause's meaning.
    """
    return _substance(old) == _substance(new)
