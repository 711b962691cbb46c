"""Paragraphs that became a section, and sections that became paragraphs.

One version may hold as a section what the other holds as paragraphs at the end
of the section before it: "**Tailored advertising controls**" and the lines under
it, promoted to a heading of its own, or a clause demoted back into its parent's
text. Aligned section by section, that reads as every word deleted in one place
and inserted in another. Found here, the redline shows it as one structure
change that moves those words, and marks no word that did not change.

Inside the moved words, what was edited is diffed as usual (`heading_ops`,
`body_ops`: the heading line against the heading, the lines under it against the
section's body). A split is taken when most of its words are the same on both
sides; otherwise its paragraphs are deleted and its section added, as without it.
"""

from __future__ import annotations

from policyeditor.core.body import plain_text
from policyeditor.core.model import Section
from policyeditor.core.records import dataclass, field
from policyeditor.diff.align import SectionPair
from policyeditor.diff.text import Op, diff_body, diff_text
from policyeditor.diff.words import DiffOptions, shown_words, words

_NUMBER_WORDS = 3   # a heading line may carry a typed number of up to this many words ("2", "a")
_FIRST_WORDS = 4   # a section's first paragraph found without its heading has at least these words
_LIKE = 0.75        # a heading edited with its promotion (demotion) shares this much of its words
_KEPT = 0.5         # share of the words on each side that must be the same for a split


@dataclass(frozen=True)
class Split:
    """A run at the end of `whole`'s body that the other side holds as section `part`.

    `kind` is "promoted" (old paragraphs, new section) or "demoted" (old section,
    new paragraphs). `start`/`end` are offsets into the body of the side that holds
    the paragraphs (old for promoted, new for demoted).
    """

    kind: str
    whole: SectionPair      # the pair whose body holds the paragraphs
    part: SectionPair       # the unpaired section they are on the other side
    start: int
    end: int
    lead: str = ""          # the run's text: lead + line + gap + rest (newlines before, the heading
    line: str = ""          # line, the newlines after it, the lines under it)
    gap: str = ""
    rest: str = ""
    heading_ops: tuple[Op, ...] = field(default=(), repr=False)   # line → heading (or back)
    body_ops: tuple[Op, ...] = field(default=(), repr=False)      # rest → body (or back)
    kept: bool = True       # False: too little is the same; its paragraphs are plainly deleted
                            # (inserted) there, and the section is plainly added (deleted)
    headless: bool = False  # no line reads as the heading: the run is the body alone, and the
                            # heading is inserted (deleted) with the structure change


def _cut(split: Split, text: str, section: Section, options: DiffOptions) -> Split | None:
    """The split with its run cut into its pieces and diffed, or None if too little is kept."""
    run = text[split.start:split.end]
    body = run.lstrip("\n")
    lead = run[:len(run) - len(body)]
    line, _, after = ("", "", body) if split.headless else body.partition("\n")
    rest = after.lstrip("\n")
    gap = body[len(line):len(body) - len(rest)]
    promoted = split.kind == "promoted"
    if promoted:
        heading_ops = diff_text(line, section.heading, options)
        body_ops = diff_body(rest, section.body, options)
    else:
        heading_ops = diff_text(section.heading, line, options)
        body_ops = diff_body(section.body, rest, options)
    # paragraphs at the run's end that the section lacks are shown deleted (inserted) where
    # they are, as they would be without the split: they do not count against it
    own = "delete" if promoted else "insert"
    tail = len(body_ops)
    while tail and body_ops[tail - 1].kind == own:
        tail -= 1
    ops = heading_ops + body_ops[:tail]
    # a paragraph moved inside the run moves with it: its words are kept
    same = sum(len(shown_words(op.text)) for op in ops if op.kind in ("equal", "move_to"))
    old = same + sum(len(shown_words(op.text)) for op in ops if op.kind == "delete")
    new = same + sum(len(shown_words(op.text)) for op in ops if op.kind == "insert")
    if not same or same < _KEPT * max(old, new):
        return None
    return Split(split.kind, split.whole, split.part, split.start, split.end,
                 lead, line, gap, rest, heading_ops, body_ops, headless=split.headless)


def find_splits(slots: list[tuple[SectionPair, str]], old_order: list[Section],
                new_order: list[Section], options: DiffOptions) -> list[Split]:
    """Every promotion and demotion between the two sides, given the section alignment."""
    pairs = [pair for pair, role in slots if role != "old" or pair.new is None]
    by_new = {id(p.new): p for p in pairs if p.new is not None}
    by_old = {id(p.old): p for p in pairs if p.old is not None}
    return (_side(pairs, by_new, new_order, "promoted", options)
            + _side(pairs, by_old, old_order, "demoted", options))


def _side(pairs: list[SectionPair], pair_of: dict[int, SectionPair], order: list[Section],
          kind: str, options: DiffOptions) -> list[Split]:
    """Splits where the sections are on the side `order` walks (new for promoted)."""
    lone = "old" if kind == "promoted" else "new"      # the side the section is missing from
    claims: dict[int, list[tuple[int, SectionPair, bool]]] = {}  # id(whole pair) → (cut, part, headless)
    wholes: dict[int, SectionPair] = {}
    source: dict[int, SectionPair] = {}                # id(section) → the pair whose body it came from
    for k, section in enumerate(order):
        pair = pair_of.get(id(section))
        if pair is None or getattr(pair, lone) is not None or section.children or k == 0:
            continue
        whole = _whole_before(order, k, source, pair_of, lone)
        if whole is None:
            continue
        text = _paragraph_side(whole, kind).body
        after = claims.get(id(whole), [])
        start = after[-1][0] + 1 if after else 0
        cut, headless = _heading_line(text, section.heading, start), False
        if cut is None:  # the heading is new (gone): the section's first paragraph starts the run
            cut, headless = _body_line(text, section.body, start), True
        if cut is None:  # or a line with most of the heading's words, edited with it
            cut, headless = _heading_line(text, section.heading, start, like=True), False
        if cut is None:
            continue
        claims.setdefault(id(whole), []).append((cut, pair, headless))
        wholes[id(whole)] = whole
        source[id(section)] = whole
    splits: list[Split] = []
    for key, found in claims.items():
        whole = wholes[key]
        text = _paragraph_side(whole, kind).body
        ends = [cut for cut, _, _ in found[1:]] + [len(text)]
        run = []
        for (cut, pair, headless), end in zip(found, ends, strict=True):
            split = Split(kind, whole, pair, cut, end, headless=headless)
            run.append(_cut(split, text, getattr(pair, "new" if kind == "promoted" else "old"), options)
                       or Split(kind, whole, pair, cut, end, kept=False, headless=headless))
        if any(s.kept for s in run):
            splits += run
    return splits


def _whole_before(order: list[Section], k: int, source: dict[int, SectionPair],
                  pair_of: dict[int, SectionPair], lone: str) -> SectionPair | None:
    """The pair whose body may hold section `k`'s paragraphs: the section before it, or the
    one it came from; a section before it that is plainly added (deleted) is passed over."""
    for before in reversed(order[:k]):
        whole = source.get(id(before)) or pair_of.get(id(before))
        if whole is not None and whole.old is not None and whole.new is not None:
            return whole
        if whole is None or getattr(whole, lone) is not None or before.children:
            return None
    return None


def _paragraph_side(whole: SectionPair, kind: str) -> Section:
    side = whole.old if kind == "promoted" else whole.new
    assert side is not None
    return side


def _heading_line(body: str, heading: str, start: int, like: bool = False) -> int | None:
    """Where the line that reads as `heading` starts in `body` (its newlines before it included):
    the heading's words, or (`like`) a short line with most of them ("**Requests, generally**"
    for "Verifying requests, generally")."""
    want = words(heading)
    if not want:
        return None
    folded = [w.casefold() for w in want]
    if not like:
        return _line_where(body, start, set(folded), True, lambda line: _reads_as(line, want))
    return _line_where(body, start, set(folded), False, lambda line: _resembles(line, folded))


def _line_where(body: str, start: int, need: set[str], every: bool, test) -> int | None:
    """Where the first line from `start` whose words pass `test` starts (its newlines before it
    included), or None. A line's words are read (markup parsed) only when its raw text holds
    every word of `need` (`every`), or one of them."""
    offset = 0
    for line in body.split("\n"):
        if offset >= start and line.strip():
            raw = {w.casefold() for w in words(line.replace("_", " "))}  # markup adds words, never hides one
            if (need <= raw if every else not need.isdisjoint(raw)) and test(words(plain_text(line))):
                at = offset
                while at > 0 and body[at - 1] == "\n":
                    at -= 1
                return at if at >= start else None
        offset += len(line) + 1
    return None


def _resembles(line: list[str], heading: list[str]) -> bool:
    if not line or len(line) > len(heading) + _NUMBER_WORDS:
        return False
    common = len(set(w.casefold() for w in line) & set(heading))
    return 2 * common >= _LIKE * (len(set(line)) + len(set(heading)))


def _body_line(body: str, section_body: str, start: int) -> int | None:
    """Where the line that reads as the first paragraph of `section_body` starts in `body`
    (its newlines before it included): a section whose heading came (or went) with it."""
    first = next((words(plain_text(line)) for line in section_body.split("\n") if words(line)), [])
    if len(first) < _FIRST_WORDS:
        return None
    return _line_where(body, start, {w.casefold() for w in first}, True, lambda line: line == first)


def _reads_as(line: list[str], heading: list[str]) -> bool:
    extra = len(line) - len(heading)
    return (0 <= extra <= _NUMBER_WORDS and line[extra:] == heading
            and all(len(w) <= 4 for w in line[:extra]))
