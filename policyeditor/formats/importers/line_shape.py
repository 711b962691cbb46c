"""What a line of imported text reads as: its whitespace as a browser shows it, a leading
clause number, and whether it is short and open enough to be a heading."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def collapse(text: str) -> str:
    """Whitespace runs (newlines and no-break spaces included) as one space, as a browser shows them."""
    # most text has nothing to collapse, and a sub builds a new string; `in` for each character,
    # not a regex's search for any of them, which is twice as slow
    if "  " not in text and not ("\n" in text or "\xa0" in text or "\t" in text or "\r" in text
                                 or "\f" in text or "\v" in text):
        return text
    return _SPACES.sub(" ", text)


_OUTLINE_NUMBER = re.compile(
    r"^\s*(?:\((?P<p>[0-9]{1,3}|[A-Za-z]|[ivxlIVXL]{1,6})\)"
    r"|(?P<n>[0-9]{1,3}(?:\.[0-9]{1,3})*)(?:[.)]|(?=\s))"
    r"|(?P<l>[A-Za-z]|[ivxlIVXL]{1,6})[.)])(?=\s|$)\s*")


def split_number(heading: str) -> tuple[str, str]:
    """A heading's leading clause number ('3.', '2.3', '(a)', 'a)') and the rest."""
    match = _OUTLINE_NUMBER.match(heading)
    if not match:
        return "", heading
    return match.group(0).strip(), heading[match.end():]


HEADING_MAX_WORDS = 12
WORDS = re.compile(r"[^\W_]+")
CLOSING = (".", ";", ":", ",", "!", "?")  # a line ending so is a sentence or a lead-in, not a heading


def heading_like(line: str) -> bool:
    """Short, with no closing punctuation: reads as a heading rather than a sentence."""
    line = line.strip()
    words = len(WORDS.findall(line))
    return 0 < words <= HEADING_MAX_WORDS and not line.endswith(CLOSING)

