"""Outline numbers derived from the section tree and the policy's numbering style, never stored.

Each level of the outline has a `LevelStyle`: what it counts in (decimal, letters,
roman, lower or upper case, or nothing), the punctuation around its number
(`3.`, `a)`, `(a)`, `(iv)`) and whether it joins its parents' numbers (`3.2.1`,
`3.b.i`) or stands alone (`(a)`). The style is a property of the policy (learned
on import from the typed numbers, see `learn`), so the window, the exports and
`info` all print the same numbers.

A section without a heading before its first headed sibling (such as the preamble
before a document's first heading) is not numbered and does not count, as in a
contract's recitals; a later one (a clause typed as a bare "(d)") keeps its place.
"""

from __future__ import annotations

import re
from collections import Counter

from policyeditor.core.records import dataclass, field

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from typing import Any, Protocol

    # The shapes numbering reads: model.py's Policy and Section have them (model imports this
    # module for the styles, so this one does not import model back).
    class Section(Protocol):
        id: str
        heading: str
        children: list[Any]

    class Policy(Protocol):
        sections: list[Any]
        numbering: NumberingStyle

KINDS = ("decimal", "lower-letter", "upper-letter", "lower-roman", "upper-roman", "none")
MAX_LEVELS = 9  # as many as Word's multilevel lists and heading styles


def _letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (as Word numbers lettered clauses)."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


_ROMAN_VALUES = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN_VALUES:
        while n >= value:
            out += numeral
            n -= value
    return out


def _roman_value(text: str) -> int:
    """The value of a lower-case roman numeral, 0 when it is not one written canonically."""
    total, rest = 0, text
    for value, numeral in _ROMAN_VALUES:
        while rest.startswith(numeral):
            total += value
            rest = rest[len(numeral):]
    return total if not rest and total and _roman(total) == text else 0


def _letter_value(text: str) -> int:
    return ord(text) - ord("a") + 1 if len(text) == 1 and "a" <= text <= "z" else 0


@dataclass(frozen=True)
class LevelStyle:
    """How one outline level is numbered."""

    kind: str = "decimal"  # one of KINDS
    before: str = ""  # punctuation before the number: "(" or ""
    after: str = ""  # after it: ".", ")" or ""
    joined: bool = True  # carries its parents' numbers (3.2.1) rather than standing alone ((a))

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown numbering kind {self.kind!r}")

    def label(self, n: int) -> str:
        """The bare label of the n-th (1-based) item: '3', 'c', 'C', 'iii', 'III' ('' for none)."""
        if self.kind == "decimal":
            return str(n)
        if self.kind.endswith("letter"):
            text = _letters(n)
        elif self.kind.endswith("roman"):
            text = _roman(n)
        else:
            return ""
        return text.upper() if self.kind.startswith("upper") else text

    def to_data(self) -> dict:
        return {"kind": self.kind, "before": self.before, "after": self.after, "joined": self.joined}

    @classmethod
    def from_data(cls, data: dict) -> LevelStyle:
        return cls(kind=str(data.get("kind", "decimal")), before=str(data.get("before", "")),
                   after=str(data.get("after", "")), joined=bool(data.get("joined", True)))


# What policyeditor has always printed: 1, 1.1, 1.1.a, 1.1.a.i, then digits again.
_DEFAULT_LEVELS = (LevelStyle(), LevelStyle(), LevelStyle("lower-letter"), LevelStyle("lower-roman"))


@dataclass(frozen=True, eq=False)
class NumberingStyle:
    """The numbering of every outline level; a level past the end uses the default for its depth.

    Two styles are equal when they number every level alike, however many levels they spell out.
    """

    levels: tuple[LevelStyle, ...] = _DEFAULT_LEVELS

    def _key(self) -> tuple[LevelStyle, ...]:
        return tuple(self.level(d) for d in range(1, MAX_LEVELS + 1))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NumberingStyle) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def level(self, depth: int) -> LevelStyle:
        """The style of a depth (1 = top)."""
        if 1 <= depth <= len(self.levels):
            return self.levels[depth - 1]
        return default_level(depth)

    def with_level(self, depth: int, style: LevelStyle) -> NumberingStyle:
        levels = [self.level(d) for d in range(1, max(depth, len(self.levels)) + 1)]
        levels[depth - 1] = style
        return NumberingStyle(tuple(levels))

    @property
    def is_default(self) -> bool:
        return all(self.level(d) == default_level(d) for d in range(1, MAX_LEVELS + 1))

    def to_data(self) -> list[dict]:
        return [level.to_data() for level in self.levels]

    @classmethod
    def from_data(cls, data: list[dict] | None) -> NumberingStyle:
        if not data:
            return DEFAULT_STYLE
        return cls(tuple(LevelStyle.from_data(item) for item in data[:MAX_LEVELS]))

    def describe(self, depth: int) -> str:
        """A sample of a depth's number as printed, for dialogs: '1.1.a', '(a)'."""
        stems = [""]
        for d in range(1, depth + 1):
            stems.append(number_stem(self.level(d), stems[-1], self.level(d).label(1)))
        style = self.level(depth)
        return stems[-1] + style.after if style.kind != "none" else "(none)"


def default_level(depth: int) -> LevelStyle:
    return _DEFAULT_LEVELS[depth - 1] if 1 <= depth <= len(_DEFAULT_LEVELS) else LevelStyle()


DEFAULT_STYLE = NumberingStyle()
NO_NUMBERS = NumberingStyle(tuple(LevelStyle("none") for _ in range(MAX_LEVELS)))


def label(depth: int, n: int) -> str:
    """The default bare label of the n-th (1-based) section at a depth: 1/2 digits, 3 letters, 4 roman."""
    return default_level(depth).label(n)


def number_stem(style: LevelStyle, parent_stem: str, own: str) -> str:
    """A number without its closing punctuation: what a joined child builds on."""
    if style.kind == "none":
        return parent_stem  # an unnumbered level passes its parent's number down
    if style.joined and parent_stem:
        return parent_stem + ("" if style.before else ".") + style.before + own
    return style.before + own


def numbers(policy: Policy) -> dict[str, str]:
    """Map every section id to its number as the policy prints it ('' when it has none)."""
    style: NumberingStyle = getattr(policy, "numbering", DEFAULT_STYLE)
    result: dict[str, str] = {}
    work: list[tuple[list[Section], str, int]] = [(policy.sections, "", 1)]
    while work:  # without recursion: a source may nest deeply
        sections, parent_stem, depth = work.pop()
        level = style.level(depth)
        index = 0
        for section in sections:
            if section.heading.strip() or index:
                index += 1
                stem = number_stem(level, parent_stem, level.label(index))
                result[section.id] = stem + level.after if level.kind != "none" else ""
            else:
                stem = parent_stem
                result[section.id] = ""
            work.append((section.children, stem, depth + 1))
    return result


# ---------------------------------------------------------------- typed numbers

# "3.", "3.2.1.", "3.b.i", "(a)", "a)", "(iv)", "IV.", "A.", "3 " and "1.Introduction"
_TYPED = re.compile(
    r"^\s*(?:\((?P<paren>[0-9]{1,3}|[A-Za-z]|[ivxlcdmIVXLCDM]{1,7})\)"
    r"|(?P<dotted>[0-9]{1,3}(?:\.(?:[0-9]{1,3}|[a-z]|[ivxlcdm]{1,7}))*)(?P<dclose>[.)])?"
    r"|(?P<single>[A-Za-z]|[ivxlcdmIVXLCDM]{1,7})(?P<sclose>[.)]))"
    r"(?:\s+|$|(?<=\.)(?=[A-Z][a-z]))")


@dataclass(frozen=True)
class Typed:
    """A heading's typed number, parsed: its parts ('3', '2', '1'), punctuation, and the rest."""

    text: str  # as typed, without surrounding spaces: '3.2.1.', '(a)'
    parts: tuple[str, ...]
    before: str
    after: str
    rest: str


def typed_number(heading: str) -> Typed | None:
    """The typed outline number a heading opens with, or None."""
    match = _TYPED.match(heading)
    if not match:
        return None
    rest = heading[match.end():].strip()
    if match.group("paren") is not None:
        return Typed(match.group(0).strip(), (match.group("paren"),), "(", ")", rest)
    if match.group("dotted") is not None:
        close = match.group("dclose") or ""
        if not close and not rest:
            return None  # a bare number ("2024") is a word, not a clause number
        return Typed(match.group(0).strip(), tuple(match.group("dotted").split(".")), "", close, rest)
    single = match.group("single")
    if len(single) > 1 and not _roman_value(single.lower()):
        return None
    return Typed(match.group(0).strip(), (single,), "", match.group("sclose"), rest)


def _kinds(part: str) -> list[tuple[str, int]]:
    """What a part of a typed number can be: [(kind, value)], the likelier first."""
    if part.isdigit():
        return [("decimal", int(part))]
    case = "upper" if part.isupper() else "lower"
    low = part.lower()
    out = []
    if _letter_value(low):
        out.append((f"{case}-letter", _letter_value(low)))
    if _roman_value(low):
        out.append((f"{case}-roman", _roman_value(low)))
    return out


# ---------------------------------------------------------------- learning


@dataclass
class Learned:
    """What `learn` found: the style, each heading's depth and text, and what it did."""

    style: NumberingStyle
    depths: list[int]
    headings: list[str]
    absorbed: int = 0
    kept: list[str] = field(default_factory=list)  # headings whose typed numbers stay as written


@dataclass
class _Token:
    index: int
    typed: Typed
    kinds: list[str]  # the kind of each part
    values: list[int]
    depth: int = 0  # in the numbers' own outline


def _classify(entries: list[tuple[int, str]]) -> list[_Token]:
    """Parse the typed numbers and give each its depth in the numbers' own outline.

    A dotted number's depth is its count of parts ('3.2.1' is 3 deep); a lone letter
    or roman numeral takes the depth its kind had when first seen, one below the
    number before it. 'i' after 'h' is a letter, after nothing lettered a numeral.
    """
    tokens: list[_Token] = []
    class_depth: dict[str, int] = {}
    last_value: dict[str, int] = {}
    current = 0
    for index, (_, heading) in enumerate(entries):
        typed = typed_number(heading)
        if typed is None:
            continue
        options = [_kinds(p) for p in typed.parts]
        if any(not o for o in options):
            continue
        if len(typed.parts) > 1 or typed.parts[0].isdigit():
            kinds = [o[0][0] for o in options]
            values = [o[0][1] for o in options]
            for k, o in enumerate(options):  # a roman part after a letter part: roman
                if len(o) > 1 and k > 0 and kinds[k - 1].endswith("letter"):
                    kinds[k], values[k] = o[1]
            depth = len(typed.parts)
        else:
            choice = options[0][0]
            if len(options[0]) > 1:
                letter, roman = options[0]
                continues_letter = last_value.get(letter[0]) == letter[1] - 1
                continues_roman = last_value.get(roman[0]) == roman[1] - 1
                if continues_roman and not continues_letter:
                    choice = roman
                elif not continues_letter and roman[1] == 1:
                    choice = roman
            kind, value = choice
            if kind not in class_depth:
                class_depth[kind] = current + 1
            depth = class_depth[kind]
            kinds, values = [kind], [value]
            last_value[kind] = value
        current = depth
        tokens.append(_Token(index, typed, kinds, values, depth))
    return tokens


def _majority(values: list) -> object:
    return Counter(values).most_common(1)[0][0]


def _tree_depths(levels: list[int]) -> list[int]:
    """The depths the section tree gives headings at these levels (as the importers nest them)."""
    stack: list[int] = []
    out = []
    for level in levels:
        while stack and stack[-1] >= level:
            stack.pop()
        stack.append(level)
        out.append(len(stack))
    return out


def _derived_paths(depths: list[int], headed: list[bool]) -> list[list[int]]:
    """Each entry's count path in the tree (1-based counts, as `numbers` counts)."""
    counts: list[int] = []
    paths = []
    for depth, has_heading in zip(depths, headed, strict=True):
        del counts[depth:]
        while len(counts) < depth:
            counts.append(0)
        if has_heading or counts[depth - 1]:
            counts[depth - 1] += 1
        paths.append(list(counts))
    return paths


def learn(entries: list[tuple[int, str]]) -> Learned:
    """Learn a policy's numbering from its headings, given as (depth, heading) in document order.

    Returns the style, every heading's new depth (where markup and typed numbers
    disagree, the numbers win: '3.2.1' goes under '3.2') and its text, with the
    typed number removed where it is the number the style prints. A level whose
    typed numbers do not count as the style would (an unnumbered heading among
    numbered ones, a count that skips) is not numbered: its headings keep their
    numbers as written, and so does any level that joins onto it. Headings without
    typed numbers at all leave the default style.
    """
    depths = [d for d, _ in entries]
    headings = [h for _, h in entries]
    tokens = _classify(entries)
    if not tokens:
        return Learned(DEFAULT_STYLE, _tree_depths(depths), headings)
    base = max(0, min(depths[t.index] for t in tokens if t.depth == min(x.depth for x in tokens)) - 1)
    levels = list(depths)
    for token in tokens:
        levels[token.index] = base + token.depth
    new_depths = _tree_depths(levels)
    by_index = {t.index: t for t in tokens}
    at_depth: dict[int, list[_Token]] = {}
    for token in tokens:
        at_depth.setdefault(new_depths[token.index], []).append(token)
    style = DEFAULT_STYLE
    for depth in sorted(at_depth):
        found = at_depth[depth]
        kind = str(_majority([t.kinds[-1] for t in found]))
        before = str(_majority([t.typed.before for t in found]))
        after = str(_majority([t.typed.after for t in found]))
        joined = bool(_majority([len(t.typed.parts) > 1 for t in found])) or depth == 1
        style = style.with_level(depth, LevelStyle(kind, before, after, joined))
    # the check: does every typed number at a level say what the style prints?
    paths = _derived_paths(new_depths, [bool(h.strip()) for h in headings])
    failed: set[int] = set()
    for depth in sorted(at_depth):
        for token in at_depth[depth]:
            path = paths[token.index]
            if not _matches(token, path, style):
                failed.add(depth)
                break
    for depth in sorted(at_depth):
        if depth in failed:
            continue
        # a level that carries a failed parent's number cannot print it
        if style.level(depth).joined and any(d in failed for d in range(1, depth)):
            failed.add(depth)
    for depth in failed:
        style = style.with_level(depth, LevelStyle("none"))
    # headings at an unnumbered level sitting among typed ones would count; levels
    # without typed numbers keep the default
    out_headings = list(headings)
    absorbed, kept = 0, []
    for index, token in by_index.items():
        if new_depths[index] in failed:
            kept.append(headings[index])
            continue
        out_headings[index] = token.typed.rest
        absorbed += 1
    if failed and not absorbed:  # no scheme at all: the tree as marked up, the numbers as typed
        old_depths = _tree_depths(depths)
        return Learned(_none_at({old_depths[t.index] for t in tokens}), old_depths, headings, 0, kept)
    return Learned(style, new_depths, out_headings, absorbed, kept)


def _none_at(depths: set[int]) -> NumberingStyle:
    """No scheme: levels whose headings type their own numbers print none of their own."""
    style = DEFAULT_STYLE
    for depth in sorted(depths):
        style = style.with_level(depth, LevelStyle("none"))
    return style


def _matches(token: _Token, path: list[int], style: NumberingStyle) -> bool:
    """True when the typed number is the number the style gives this place in the tree."""
    depth = len(path)
    if token.values[-1] != path[-1] or token.kinds[-1] != style.level(depth).kind:
        return False
    if len(token.values) > 1:  # a joined number: its parents' counts must agree too
        if len(token.values) > depth:
            return False
        return token.values == path[depth - len(token.values):]
    return True


def apply_learned(policy: Policy) -> Learned:
    """Learn `policy`'s numbering from its headings and apply it: style, nesting and headings.

    Sections keep their ids and bodies; only their headings (a typed number
    absorbed) and their places in the tree (levels following the numbers) change.
    """
    flat = list(policy.walk())
    learned = learn([(depth, section.heading) for section, depth in flat])
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    for (section, _), depth, heading in zip(flat, learned.depths, learned.headings, strict=True):
        section.heading = heading
        section.children = []
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(section)
        stack.append((depth, section))
    policy.sections = roots
    policy.numbering = learned.style
    return learned
