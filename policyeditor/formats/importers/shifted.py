"""Superscript and subscript words, as the HTML, Markdown and Word importers read them.

A policy's text cannot be raised or lowered, so numbers set superscript (a note's mark
"Scope<sup>1</sup>", "10<sup>6</sup>") or subscript ("H<sub>2</sub>O") are written in
Unicode superscript or subscript characters ("10⁶", "H₂O"): "EUR 10⁶" is never "EUR 106".
Letters have no such characters every reader's font shows, so any other superscript or
subscript (an ordinal's "1<sup>st</sup>") is kept as plain text; the report counts both.
"""

from __future__ import annotations

SUPERSCRIPT, SUBSCRIPT = "superscript", "subscript"
_DIGITS_AND_SIGNS = "0123456789+-\u2212=()"
_CHARACTERS = {
    SUPERSCRIPT: str.maketrans(_DIGITS_AND_SIGNS, "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                               "\u2078\u2079\u207a\u207b\u207b\u207c\u207d\u207e"),
    SUBSCRIPT: str.maketrans(_DIGITS_AND_SIGNS, "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087"
                             "\u2088\u2089\u208a\u208b\u208b\u208c\u208d\u208e"),
}
# what may stand beside the digits: a note's marks "1, 2", "(3)" keep their commas and spaces
_SHIFTABLE = frozenset(_DIGITS_AND_SIGNS + " ,")
_SAMPLE = {SUPERSCRIPT: "\u00b9", SUBSCRIPT: "\u2082"}
_CANNOT = {SUPERSCRIPT: "raise", SUBSCRIPT: "lower"}
_SUCH_AS = {SUPERSCRIPT: " (such as a note's mark)", SUBSCRIPT: ""}


def shifted(text: str, kind: str) -> str | None:
    """`text` in `kind`'s characters ("1" → "¹" or "₁"), or None when it holds what has none
    (letters) or no digit."""
    if not text.strip() or not _SHIFTABLE.issuperset(text) or not any(c.isdigit() for c in text):
        return None
    return in_characters(text, kind)


def in_characters(text: str, kind: str) -> str:
    """`text` with its digits and signs in `kind`'s characters, whatever else it holds."""
    return text.translate(_CHARACTERS[kind])


class Shifts:
    """An import's superscripts and subscripts: each one's words as the policy holds them, counted."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, bool], int] = {}  # (kind, written in its characters) → how many

    def words(self, text: str, kind: str, first: bool = True, before: str = "") -> str:
        """The words of a superscript or subscript (`kind`), counted when `first` (its first words):
        in its characters when they are numbers, else as they are, a space apart from a letter
        `before` them when they open with one (a heading's "Scope a", yet "1st")."""
        out = shifted(text, kind)
        if first:
            key = (kind, out is not None)
            self.counts[key] = self.counts.get(key, 0) + 1
        if out is not None:
            return out
        if first and before[-1:].isalpha() and text[:1].isalpha():
            return " " + text
        return text

    def count(self, kind: str, in_characters: bool) -> int:
        return self.counts.get((kind, in_characters), 0)

    def lines(self) -> list[str]:
        """The report's lines: one for superscripts, one for subscripts, each when there were any."""
        out = []
        for kind in (SUPERSCRIPT, SUBSCRIPT):
            numbers, others = self.count(kind, True), self.count(kind, False)
            said = []
            if numbers:
                said.append(f"{numbers} {kind} number{'s' if numbers != 1 else ''}{_SUCH_AS[kind]} "
                            f"kept in {kind} characters ({_SAMPLE[kind]})")
            if others:
                said.append(f"{others} other {kind}{'s' if others != 1 else ''} kept as plain text "
                            f"(a policy cannot {_CANNOT[kind]} words)")
            if said:
                out.append("; ".join(said))
        return out
