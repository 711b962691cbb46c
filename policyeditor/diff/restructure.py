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
from policyeditor.diff.words import DiffOptions, words

_NUMBER_WORDS = 3   # a heading line may carry a typed number of up to this many words ("2", "a")
_KEPT = 0.6         # share of the words on each side that must be the same for a split


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


def _cut(split: Split, text: str, section: Section, options: DiffOptions) -> Split | None:
    """The split with its run cut into its pieces and diffed, or None if too little is kept."""
    run = text[split.start:split.end]
    body = run.lstrip("\n")
    lead = run[:len(run) - len(body)]
    line, _, after = body.partition("\n")
    rest = after.lstrip("\n")
    gap = body[len(line):len(body) - len(rest)]
    promoted = split.kind == "promoted"
    if promoted:
        heading_ops = diff_text(line, section.heading, options)
        body_ops = diff_body(rest, section.body, options)
    else:
        heading_ops = diff_text(section.heading, line, options)
        body_ops = diff_body(section.body, rest, options)
    ops = heading_ops + body_ops
    same = sum(len(words(op.text)) for op in ops if op.kind == "equal")
    old = same + sum(len(words(op.text)) for op in ops if op.kind == "delete")
    new = same + sum(len(words(op.text)) for op in ops if op.kind == "insert")
    if not same or same < _KEPT * max(old, new):
        return None
    return Split(split.kind, split.whole, split.part, split.start, split.end,
                 lead, line, gap, rest, heading_ops, body_ops)


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
    claims: dict[int, list[tuple[int, SectionPair]]] = {}   # id(whole pair) → (cut, part pair)
    wholes: dict[int, SectionPair] = {}
    source: dict[int, SectionPair] = {}                # id(section) → the pair whose body it came from
    for k, section in enumerate(order):
        pair = pair_of.get(id(section))
        if pair is None or getattr(pair, lone) is not None or section.children or k == 0:
            continue
        before = order[k - 1]
        whole = source.get(id(before)) or pair_of.get(id(before))
        if whole is None or whole.old is None or whole.new is None:
            continue
        text = _paragraph_side(whole, kind).body
        after = claims.get(id(whole), [])
        cut = _heading_line(text, section.heading, after[-1][0] + 1 if after else 0)
        if cut is None:
            continue
        claims.setdefault(id(whole), []).append((cut, pair))
        wholes[id(whole)] = whole
        source[id(section)] = whole
    splits: list[Split] = []
    for key, found in claims.items():
        whole = wholes[key]
        text = _paragraph_side(whole, kind).body
        ends = [cut for cut, _ in found[1:]] + [len(text)]
        run = []
        for (cut, pair), end in zip(found, ends, strict=True):
            split = Split(kind, whole, pair, cut, end)
            run.append(_cut(split, text, getattr(pair, "new" if kind == "promoted" else "old"), options)
                       or Split(kind, whole, pair, cut, end, kept=False))
        if any(s.kept for s in run):
            splits += run
    return splits


def _paragraph_side(whole: SectionPair, kind: str) -> Section:
    side = whole.old if kind == "promoted" else whole.new
    assert side is not None
    return side


def _heading_line(body: str, heading: str, start: int) -> int | None:
    """Where the line that reads as `heading` starts in `body` (its newlines before it included)."""
    want = words(heading)
    if not want:
        return None
    offset = 0
    for line in body.split("\n"):
        if offset >= start and line.strip() and _reads_as(words(plain_text(line)), want):
            at = offset
            while at > 0 and body[at - 1] == "\n":
                at -= 1
            return at if at >= start else None
        offset += len(line) + 1
    return None


def _reads_as(line: list[str], heading: list[str]) -> bool:
    extra = len(line) - len(heading)
    return (0 <= extra <= _NUMBER_WORDS and line[extra:] == heading
            and all(len(w) <= 4 for w in line[:extra]))
