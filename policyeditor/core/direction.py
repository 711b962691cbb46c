"""Which way a text reads: right to left (Hebrew, Arabic…) or left to right, from the text itself.

A block's direction is that of its first strong character, as Unicode's bidirectional
algorithm sets a paragraph's (rules P2 and P3): letters of class R or AL make it
right to left, of class L left to right; digits, punctuation and spaces are neither,
and what stands between an isolate initiator (LRI, RLI, FSI) and its PDI is passed
over. Nothing is stored: every writer (HTML, DOCX, PDF, the redlines) asks here, so
they agree, and a Word document's right-to-left setting needs no place in the policy
when its text is right to left.
"""

from __future__ import annotations

from collections.abc import Iterable

RTL, LTR = "rtl", "ltr"

_ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI, RLI, FSI
_POP_ISOLATE = "\u2069"
_FIRST_RTL = "\u0590"  # no character below the Hebrew block is of class R or AL


_KINDS: dict[str, str] = {}  # each character's kind once looked up (a text's alphabet is small)


def _strong(char: str) -> str:
    """RTL, LTR or '' (a character of neither kind)."""
    kind = _KINDS.get(char)
    if kind is None:
        from unicodedata import bidirectional  # only for text beyond plain ASCII letters

        found = bidirectional(char)
        kind = _KINDS[char] = RTL if found in ("R", "AL") else LTR if found == "L" else ""
    return kind


def direction(text: str) -> str:
    """RTL or LTR by the text's first strong character, '' when it has none ("5.", "")."""
    if text.isascii():  # the common case, without a table lookup per character
        return LTR if any(char.isalpha() for char in text) else ""
    depth = 0
    for char in text:
        if char in _ISOLATES:
            depth += 1
        elif char == _POP_ISOLATE:
            depth = max(0, depth - 1)
        elif not depth:
            found = _strong(char)
            if found:
                return found
    return ""


def has_rtl(text: str) -> bool:
    """Whether any character of the text is a right-to-left letter."""
    return not text.isascii() and any(char >= _FIRST_RTL and _strong(char) == RTL for char in text)


def runs_direction(runs: Iterable) -> str:
    """The direction of a block's runs (core.body.Run): their words', not a note's, an
    equation's or a picture's, which stand apart from the sentence around them."""
    return direction("".join(run.text for run in runs if not (run.note or run.math or run.picture)))


NEW_SIDE = frozenset({"equal", "insert", "move_to"})  # the op kinds (diff.text.Op) the new text holds


def shown_direction(pieces: Iterable[tuple[str, str]]) -> str:
    """The direction of a redline's block from its pieces, (op kind, text) in reading order: the
    new text's, else (a block deleted whole) the old text's."""
    old = ""
    for kind, text in pieces:
        found = direction(text)
        if found and kind in NEW_SIDE:
            return found
        old = old or found
    return old


def pieces(text: str, base: str) -> list[tuple[str, bool]]:
    """The text cut where its strong direction changes, each piece with whether it is right to left,
    for writers that mark direction per run (DOCX's w:rtl, which must not hold left-to-right
    letters). Characters of neither kind go with their strong neighbours, and between two pieces
    of different directions, or in a text with no strong character, with `base` (the paragraph's)."""
    base = RTL if base == RTL else LTR
    if not has_rtl(text):
        return [(text, base == RTL and direction(text) != LTR)]
    out: list[tuple[str, bool]] = []
    start, current, weak_from = 0, "", 0  # the open piece's direction; where its trailing weak chars begin
    for index, char in enumerate(text):
        found = _strong(char)
        if not found:
            continue
        if current and found != current:
            cut = index if current == base else weak_from  # the weak chars between go with the base
            out.append((text[start:cut], current == RTL))
            start = cut
        current = found
        weak_from = index + 1
    out.append((text[start:], current == RTL))
    # the weak chars a text opens or ends with go with the base: a w:rtl run would force them right
    # to left ("a name: חברת הדוגמה." ends left to right in a left-to-right paragraph)
    on_base = base == RTL
    piece, rtl = out[-1]
    weak = _weak_run(reversed(piece))
    if rtl != on_base and weak:
        out[-1:] = [(piece[:-weak], rtl), (piece[-weak:], on_base)]
    piece, rtl = out[0]
    weak = _weak_run(piece)
    if rtl != on_base and weak:
        out[:1] = [(piece[:weak], on_base), (piece[weak:], rtl)]
    return out


def _weak_run(chars: Iterable[str]) -> int:
    """How many of the chars come before the first strong one."""
    count = 0
    for char in chars:
        if _strong(char):
            break
        count += 1
    return count
