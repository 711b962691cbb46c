"""The numbering our own export printed, read back from its contents list.

Each entry of the export's contents is a section's printed number, a space and
its heading, at the section's depth. The style is found level by level: the
kind, punctuation and joining whose numbers every entry at that depth begins
with (a level whose entries begin with none of them prints no numbers). So the
headings come back without their numbers, and the policy with the style that
prints them, exactly, where learning from typed numbers would have to guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

from policyeditor.core.numbering import (
    KINDS,
    MAX_LEVELS,
    LevelStyle,
    NumberingStyle,
    default_level,
    number_stem,
)

_PUNCTUATION = (("", ""), ("", "."), ("", ")"), ("(", ")"))
_CANDIDATES = [LevelStyle(kind, before, after, joined)
               for kind, (before, after), joined in product(KINDS[:-1], _PUNCTUATION, (True, False))]


def printed_style(entries: Sequence[tuple[int, str]]) -> tuple[NumberingStyle, list[str]]:
    """The style whose numbers the entries (depth, "number heading") begin with, and each heading
    without its number."""
    depths = [depth for depth, _ in entries]
    levels: list[LevelStyle] = []
    stems: list[str] = [""] * len(entries)  # each entry's number without its closing punctuation
    for depth in range(1, min(max(depths, default=0), MAX_LEVELS) + 1):
        counts = _counts(depths, depth)
        chosen, made = LevelStyle("none"), None
        for style in _CANDIDATES:
            made = _stems(entries, depths, depth, counts, stems, style)
            if made is not None:
                chosen = style
                break
        levels.append(chosen)
        if chosen.kind == "none" or made is None:
            stems = [_parent_stem(stems, depths, i, depth) if d == depth else s
                     for i, (d, s) in enumerate(zip(depths, stems, strict=True))]
        else:
            stems = made
    style = NumberingStyle(tuple(levels) or (default_level(1),))
    headings = [text[len(_printed(style, depths[i], stems[i])):].strip()
                for i, (_, text) in enumerate(entries)]
    return style, headings


def _counts(depths: list[int], depth: int) -> dict[int, int]:
    """Each entry at `depth`: its place among its siblings (1-based)."""
    out: dict[int, int] = {}
    count = 0
    for index, d in enumerate(depths):
        if d < depth:
            count = 0
        elif d == depth:
            count += 1
            out[index] = count
    return out


def _parent_stem(stems: list[str], depths: list[int], index: int, depth: int) -> str:
    """The stem of the nearest entry above `index` that is shallower than `depth` ('' at the top)."""
    for i in range(index - 1, -1, -1):
        if depths[i] < depth:
            return stems[i]
    return ""


def _stems(entries: Sequence[tuple[int, str]], depths: list[int], depth: int, counts: dict[int, int],
           stems: list[str], style: LevelStyle) -> list[str] | None:
    """The stems with this level's filled in, when every entry at it begins with its number; else None."""
    out = list(stems)
    for index, n in counts.items():
        stem = number_stem(style, _parent_stem(stems, depths, index, depth), style.label(n))
        text = entries[index][1]
        number = stem + style.after
        if not (text == number or text.startswith(number + " ")):
            return None
        out[index] = stem
    return out


def _printed(style: NumberingStyle, depth: int, stem: str) -> str:
    level = style.level(depth)
    return stem + level.after if level.kind != "none" else ""
