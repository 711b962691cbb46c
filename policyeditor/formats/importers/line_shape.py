"""What a line of imported text reads as: its whitespace as a browser shows it, a leading
clause number, and whether it is short and open enough to be a heading."""

from __future__ import annotations

import re

from policyeditor.core.patterns import later

_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def collapse(text: str, keep_nbsp: bool = False) -> str:
    """Whitespace runs (newlines and no-break spaces included) as one space: a heading's words.

    `keep_nbsp` keeps a no-break space that stands alone between two words, as body text
    means it ("5&nbsp;applies" is not "5 applies": a compare must see the one turned into the
    other, as in Word text); a run of them with other spaces is padding, one space.
    """
    # most text has nothing to collapse, and a sub builds a new string; `in` for each character,
    # not a regex's search for any of them, which is twice as slow
    if "  " not in text and not ("\n" in text or "\xa0" in text or "\t" in text or "\r" in text
                                 or "\f" in text or "\v" in text):
        return text
    if keep_nbsp and "\u00a0" in text:
        return _SPACES.sub(_one_space, text)
    return _SPACES.sub(" ", text)


def _one_space(match: re.Match[str]) -> str:
    return match.group() if match.group() == "\u00a0" else " "


_OUTLINE_NUMBER = later(
    r"^\s*(?:\((?P<p>[0-9]{1,3}|[A-Za-z]|[ivxlIVXL]{1,6})\)"
    r"|(?P<n>[0-9]{1,3}(?:\.[0-9]{1,3})*)(?:[.)]|(?=\s))"
    r"|(?P<l>[A-Za-z]|[ivxlIVXL]{1,6})[.)])(?=\s|$)\s*")


def split_number(heading: str) -> tuple[str, str]:
    """A heading's leading clause number ('3.', '2.3', '(a)', 'a)') and the rest."""
    match = _OUTLINE_NUMBER().match(heading)
    if not match:
        return "", heading
    return match.group(0).strip(), heading[match.end():]


HEADING_MAX_WORDS = 12
WORDS = re.compile(r"[^\W_]+")
# the stops of scripts whose stops are not Latin ones: 。！？；：，(Chinese, Japanese), ؟ ؛ ۔ (Arabic,
# Urdu), । ॥ (Devanagari)
OTHER_STOPS = "\u3002\uff01\uff1f\uff1b\uff1a\uff0c\u061f\u061b\u06d4\u0964\u0965"
# a line ending so is a sentence or a lead-in, not a heading
CLOSING = (".", ";", ":", ",", "!", "?", *OTHER_STOPS)


def heading_like(line: str) -> bool:
    """Short, with no closing punctuation: reads as a heading rather than a sentence."""
    line = line.strip()
    words = len(WORDS.findall(line))
    return 0 < words <= HEADING_MAX_WORDS and not line.endswith(CLOSING)

