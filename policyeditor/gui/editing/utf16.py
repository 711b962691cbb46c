"""Qt counts a text's positions in UTF-16 units, Python in characters: a character beyond the
Basic Multilingual Plane (an emoji such as 📞, many CJK extension ideographs) is two of Qt's.
Every position handed to a QTextDocument from a Python string is counted Qt's way here, or each
such character shifts every highlight after it by one."""

from __future__ import annotations

_BMP_END = "\uffff"


def _all_bmp(text: str) -> bool:
    return text.isascii() or max(text, default="") <= _BMP_END


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 position of `text[index]` (its character offset `index`; past the end, the
    text's separator and on, one unit each)."""
    head = text[:index]
    wide = 0 if _all_bmp(head) else sum(ch > _BMP_END for ch in head)
    return index + wide


def wide_positions(text: str, base: int) -> list[int]:
    """The UTF-16 positions, counted from `base`, of the characters of `text` that take two."""
    if _all_bmp(text):
        return []
    positions = utf16_positions(text, base)
    return [p for p, ch in zip(positions, text, strict=True) if ch > _BMP_END]


def utf16_positions(text: str, base: int) -> range | list[int]:
    """The UTF-16 position of each character of `text`, counted from `base`."""
    if _all_bmp(text):
        return range(base, base + len(text))
    out: list[int] = []
    position = base
    for ch in text:
        out.append(position)
        position += 2 if ch > _BMP_END else 1
    return out
