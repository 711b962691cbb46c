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

from policyeditor.core.patterns import later
from policyeditor.core.records import dataclass

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from typing import Literal

# One alternative per kind of token; the order matters (markup before punctuation).
_LIST_MARKER = r"(?m:^ *(?:-|\d+\.)(?: |$))"  # a list marker with its indent, at a line start
_INLINE_MARKUP = (
    r"\\[\s\S]"                              # a backslash escape: one literal character
    r"|\*\*|</?u>|<br>"                     # bold, underline, line break
    r'|</?(?:fn|en|math)>|<field code="(?:[^"\\\n]|\\.)*">|</field>'  # notes, equations, fields
    r'|<img src="[0-9a-f]{64}">'             # a picture
    r"|\]\((?:<[^<>\n]*>|[^\s()<>]*)\)"     # the end of a link with its target: ](url)
)
_MARKUP = _LIST_MARKER + "|" + _INLINE_MARKUP
# Words and spaces are tried right after list markers: no other token starts with a
# letter, digit or space, so the tokens are the same, found about twice as fast.
_WORD_TOKENS = re.compile(_LIST_MARKER + r"|\w+|[ \t\u00a0]+|" + _INLINE_MARKUP + r"|\n+|[\s\S]")
_CHAR_TOKENS = later(_MARKUP + r"|\n+|[\s\S]")
_WORD = re.compile(r"\w+")
_ASCII_WORD = re.compile(r"[0-9A-Z_a-z]+")  # the same as \w+ on ASCII text, and faster
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
    pattern = _WORD_TOKENS if granularity == "word" else _CHAR_TOKENS()
    tokens = pattern.findall(text)
    if text.isascii():
        return tokens
    if _has_clusters(text):
        tokens = _clustered(tokens, granularity == "word")
    return _ideographs_apart(tokens) if _has_ideograph(text) else tokens


def words(text: str) -> list[str]:
    """The words (letters and digits) of a text, markup ignored; an ideograph or kana is a word."""
    if text.isascii():
        return _ASCII_WORD.findall(text)
    if not _has_clusters(text) and not _has_ideograph(text):
        return _WORD.findall(text)
    tokens = _WORD_OR_OTHER.findall(text)
    if _has_clusters(text):
        tokens = _clustered(tokens)
    return [token for token in _ideographs_apart(tokens) if _WORD.match(token)]


_WORD_OR_OTHER = re.compile(r"\w+|[\s\S]")


# Chinese and Japanese are written without spaces between words, so to \w+ a clause is one word
# ("我们收集您的个人信息" changed in one word was the whole clause replaced). Without a dictionary to
# find their words, each ideograph and kana is one: a changed word is the characters changed.
_IDEOGRAPHS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_IDEOGRAPH = later(f"[{_IDEOGRAPHS}]")
_IDEOGRAPH_OR_OTHERS = later(f"[{_IDEOGRAPHS}]|[^{_IDEOGRAPHS}]+")


# the UTF-8 lead bytes of U+3000 and beyond: a text without one has no ideograph or kana
_HIGH_UTF8 = re.compile(rb"[\xe3-\xf4]")


def _has_ideograph(text: str) -> bool:
    """Whether a text holds an ideograph or kana. Most have no character as high, and are told so
    without compiling `_IDEOGRAPH`: its ranges take ~5 ms to compile, a tenth of a small compare."""
    return (_HIGH_UTF8.search(text.encode("utf-8", "surrogatepass")) is not None
            and _IDEOGRAPH().search(text) is not None)


def _ideographs_apart(tokens: list[str]) -> list[str]:
    """Word tokens with each ideograph or kana a token of its own."""
    search, split = _IDEOGRAPH().search, _IDEOGRAPH_OR_OTHERS().findall
    out: list[str] = []
    for token in tokens:
        if token[0].isalnum() and search(token):
            out += split(token)
        else:
            out.append(token)
    return out


_EMOJI_MODIFIERS = ("\U0001f3fb", "\U0001f3ff")  # skin tones: "👍🏽" is one picture
_JOINER = "\u200d"  # zero-width joiner: "👩‍💻" is one picture
_FLAG_LETTERS = ("\U0001f1e6", "\U0001f1ff")  # regional indicators: "🇫🇷" is one flag


# what may continue a character: none of them is a letter, digit, space or ASCII
_MAY_CONTINUE = re.compile(r"[^\w\s\x00-\x7f]")


def _has_clusters(text: str) -> bool:
    """True if some character of the text continues the one before it (most texts: no)."""
    if text.isascii():
        return False
    return any(char == _JOINER or _continues(char) or _FLAG_LETTERS[0] <= char <= _FLAG_LETTERS[1]
               for char in set(_MAY_CONTINUE.findall(text)))


def _continues(char: str) -> bool:
    """True if a character belongs to the one before it on screen: a combining mark (an accent
    typed apart, a Devanagari vowel sign or virama, Hebrew points), a variation selector, a
    skin tone or an emoji tag. `\\w` leaves them out of words."""
    if char <= "\u02ff" or "\u2000" <= char <= "\u206f":
        return False  # Latin-1, typographic quotes and dashes: no marks, and unicodedata not imported
    from unicodedata import category  # only for text beyond them

    return (category(char)[0] == "M" or "\ufe00" <= char <= "\ufe0f"
            or _EMOJI_MODIFIERS[0] <= char <= _EMOJI_MODIFIERS[1] or "\U000e0020" <= char <= "\U000e007f")


def _clustered(tokens: list[str], whole_words: bool = True) -> list[str]:
    """Tokens with what continues a character joined to it: a word keeps its marks ("कर्मचारियों"
    is one word, not four: `whole_words`), an emoji its skin tone and the pictures a joiner joins
    it to. A mark does not join a markup token, whose spelling says what it is."""
    out: list[str] = []
    glue = False  # the token before ends with a mark or a joiner inside a word or an emoji
    for token in tokens:
        first = token[0]
        if out and first > "\u02ff" and (first == _JOINER or _continues(first)) and _joins(out[-1]):
            out[-1] += token
            glue = True
        elif _FLAG_LETTERS[0] <= first <= _FLAG_LETTERS[1] and out and len(out[-1]) == 1 \
                and _FLAG_LETTERS[0] <= out[-1] <= _FLAG_LETTERS[1]:  # two letters: one flag
            out[-1] += token
        elif glue and ((out[-1][-1] == _JOINER and not first.isascii()) or (whole_words and first.isalnum())):
            out[-1] += token
        else:
            out.append(token)
            glue = False
    return out


def _joins(token: str) -> bool:
    """True if a mark may join this token: a word, or one character that is no markup or space."""
    return token[-1].isalnum() or (not token.isascii() and not token.isspace()) or token[-1] == _JOINER


# Markup a reader does not see as words: list markers, tags, a link's target (an escape is
# its character, group 1)
_NOT_WORDS = re.compile(_LIST_MARKER + r"|\\([\s\S])|" + _INLINE_MARKUP.split("|", 1)[1])


def shown_words(text: str, line_start: bool = True) -> list[str]:
    """The words a reader sees in a piece of canonical text: `words` without the markup's
    ("<br>" is no word "br", a picture's hash no words, "\\1" the word "1").
    `line_start`: the text starts a line (else "1. " at its start is no list marker)."""
    if "<" not in text and "\\" not in text and "](" not in text and not _MAY_LIST.search(text):
        return words(text)

    def shown(m: re.Match) -> str:
        if m.group(1):
            return m.group(1)
        return m.group() if m.start() == 0 and not line_start and _MAY_LIST.match(m.group()) else " "

    return words(_NOT_WORDS.sub(shown, text))


_MAY_LIST = re.compile(r"(?m:^ *(?:-|\d))")


class TokenCodec:
    """Gives each distinct comparison key one private-use character, shared by both texts."""

    _LOW, _BMP_COUNT = 0xE000, 0xF8FF - 0xE000 + 1
    _PLANE_15 = 0xF0000

    def __init__(self) -> None:
        self._chars: dict[str, str] = {}

    def encode(self, keys: Iterable[str]) -> str:
        keys = keys if isinstance(keys, list) else list(keys)
        chars = self._chars
        fresh = [key for key in dict.fromkeys(keys) if key not in chars]  # in order of appearance
        if fresh:
            chars.update(zip(fresh, self._codes(len(chars), len(fresh)), strict=True))
        return "".join(map(chars.__getitem__, keys))

    def _codes(self, first: int, count: int) -> list[str]:
        """Characters number first .. first + count - 1: the BMP's private use area, then plane 15's."""
        bmp = range(self._LOW + first, self._LOW + min(first + count, self._BMP_COUNT))
        above = range(self._PLANE_15 + max(first - self._BMP_COUNT, 0),
                      self._PLANE_15 + max(first + count - self._BMP_COUNT, 0))
        return [*map(chr, bmp), *map(chr, above)]


# Clause numbers such as (a), (iv), (12): numbering, not words.
_CLAUSE_NUMBER = re.compile(r"\(\s*(?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\s*\)", re.IGNORECASE)
# The word tokens again, with a group for words, one for formatting markers (bold, underline,
# the start and end of a link; "_" is a word to `\w+`), and one for any other single character
# (an escape's included), which is substance when it is a sign.
_SUBSTANCE_TOKENS = re.compile(
    _LIST_MARKER + r"|(\w+)|[ \t\u00a0]+"
    r"|(\*\*|</?u>|\]\((?:<[^<>\n]*>|[^\s()<>]*)\)|\[)|<br>|\n+|\\?([\s\S])")
# Characters that say something, unlike punctuation: "$100" → "€100", "≥ 18" → "≤ 18", "10%",
# "A & B", "and/or", "§ 5". ASCII here; beyond it, Unicode's symbols (currency, maths, others:
# "€", "≤", an emoji) and the signs below. Not signs: a table's "|" (its cells' boundary), and
# what stands for a bullet typed by hand ("*", "■", "●": geometric shapes).
_ASCII_SIGNS = frozenset("$+<=>~^%&#@/")
_OTHER_SIGNS = frozenset("\u2030\u2031\u00a7\u00b6\u2020\u2021")  # ‰ ‱ § ¶ † ‡
# invisible characters that format text (a soft hyphen, zero-width space or joiner, direction
# marks): a change of them alone is editorial, and they split no word
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
                                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _is_sign(char: str) -> bool:
    if char.isascii():
        return char in _ASCII_SIGNS
    from unicodedata import category  # only for text beyond ASCII

    return (category(char) in ("Sc", "Sm", "So") and not "\u25a0" <= char <= "\u25ff") or char in _OTHER_SIGNS


def _substance(text: str) -> list[str]:
    """What an editorial change may not alter: words (case-folded), formatting markers and signs."""
    text = _CLAUSE_NUMBER.sub(" ", text.translate(QUOTES))
    if not text.isascii():
        from unicodedata import normalize  # only for text beyond ASCII

        # "café" typed as one character or as "e" and a combining accent: the same word on screen
        text = normalize("NFC", text.translate(_INVISIBLE))
    return [word.casefold() if word else marker or other
            for word, marker, other in _SUBSTANCE_TOKENS.findall(text)
            if word or marker or (other and _is_sign(other))]


def is_editorial(old: str, new: str) -> bool:
    """True if only punctuation, case, whitespace, quotes, dashes, invisible formatting
    characters or numbering differ.

    Formatting (bold, italic, underline, links) is substance: emphasis can change a
    clause's meaning; so are signs ("$" → "€", "≥" → "≤", "%").
    """
    return _substance(old) == _substance(new)
