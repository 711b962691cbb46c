"""The redline between two policies: section changes and word ops, stats, accept and reject.

    redline = compare(old, new)
    redline.accept_all()   # a Policy whose every heading, body and the structure equal `new`
    redline.reject_all()   # the same for `old`
    redline.apply({3, 7})  # old with changes 3 and 7 applied: the draft to be

A change is one unit a reviewer accepts or rejects: a run of inserted and
deleted words in one paragraph, a moved paragraph, a heading edit, a title edit,
or a section added, deleted or moved. Change ids count from 1 in reading order.
Ops are over the exact canonical text, so applying every change gives the new
text and applying none the old one, to the character.

A redline reads the two policies it compares: do not change them while using it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cached_property

from policyeditor.core.body import canonical, opening_numbers
from policyeditor.core.dates import dates_from_text, dates_text
from policyeditor.core.memo import TextMemo
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import numbers, typed_number
from policyeditor.core.records import dataclass, field, replace
from policyeditor.diff.align import SectionPair, align_sections
from policyeditor.diff.formatting import Extent, formatting_and_extents, reformatted_kept_words, visible_maps
from policyeditor.diff.merges import merge_labels
from policyeditor.diff.restructure import Split, find_splits
from policyeditor.diff.table_kinds import KIND_LABELS, kind_labels
from policyeditor.diff.text import OLD_SIDE, Op, diff_body, diff_text, new_text, old_text
from policyeditor.diff.word_comments import quoted
from policyeditor.diff.words import DEFAULT_OPTIONS, DiffOptions, is_editorial, shown_words

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from typing import Any

    from policyeditor.core.visible import LazyVisible

__all__ = ["compare", "DiffOptions", "DiffCache", "Redline", "Change", "SectionDiff", "Stats", "Op"]

_GONE = ("section_deleted", "section_demoted")  # structure changes that take a section away
SECTION_KINDS = ("unchanged", "edited", "renamed", "moved", "added", "deleted", "promoted", "demoted")


class DiffCache:
    """Word ops of section pairs already diffed, keyed by both sections' texts and the options.

    The ops are kept with their changes (spans, texts, editorial or not), so a
    re-diff after a one-word edit diffs and examines only the section that changed.
    Holds the pairs whose texts come to at most `budget` characters, forgetting the
    least recently used (a `core.memo.TextMemo`): typing makes a pair per keystroke's
    version of the edited section, and a count of pairs would keep thousands of a
    long one. An entry holds about 3 bytes a character besides its texts.
    """

    def __init__(self, budget: int = 8_000_000) -> None:
        self._parts = TextMemo(self._diffed, budget, shared=False)
        self._calls = 0
        self.misses = 0

    @property
    def hits(self) -> int:
        return self._calls - self.misses

    def ops(self, old: Section, new: Section, options: DiffOptions) -> tuple[tuple[Op, ...], tuple[Op, ...]]:
        """(heading ops, body ops) of a section pair, from the cache or freshly diffed."""
        heading, body = self.parts(old, new, options)
        return heading.ops, body.ops

    def parts(self, old: Section, new: Section, options: DiffOptions) -> tuple[_Part, _Part]:
        """The heading and body parts of a section pair (ops and their changes), cached."""
        # the texts themselves: Python keeps each string's hash, where a SHA-256 of every
        # section's JSON per compare was a tenth of a keystroke's re-diff
        self._calls += 1
        return self._parts(old.heading, old.body, new.heading, new.body, options)

    def _diffed(self, old_heading: str, old_body: str, new_heading: str, new_body: str,
                options: DiffOptions) -> tuple[_Part, _Part]:
        self.misses += 1
        return _text_parts(old_heading, old_body, new_heading, new_body, options)

    def __len__(self) -> int:
        return len(self._parts)


@dataclass(frozen=True)
class _Local:
    """A change of one part's ops before it has a redline id (`local` is its number in the ops)."""

    local: int
    kind: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str
    editorial: bool
    ignored: bool


@dataclass(frozen=True)
class _Part:
    """The ops of a title, heading or body, and its changes in the order of their first op."""

    ops: tuple[Op, ...]
    changes: tuple[_Local, ...]

    @cached_property
    def formatting(self) -> tuple[dict[int, str], dict[int, Extent]]:
        """`formatting_and_extents` of the ops (by local change number), worked out once: a
        cached part is numbered again by every compare, and this was most of its time."""
        return formatting_and_extents(self.ops, self.maps)

    @cached_property
    def maps(self) -> dict[str, LazyVisible]:
        """What a reader sees of its old and new text (`diff.formatting.visible_maps`), read once
        for `formatting` and the kept words `_numbered` reads, then let go."""
        return visible_maps(self.ops)

    @cached_property
    def numbered(self) -> dict[tuple, Any]:
        """Its ops and changes as `_Builder._number` gave them, by how it numbered them (`_ONCE`
        until it is numbered that way a second time)."""
        return {}


_ONCE = object()  # numbered so once: kept when it is numbered so again


def _part(ops: tuple[Op, ...], old_pos: int = 0, new_pos: int = 0) -> _Part:
    """Ops with their changes found: spans, texts, kind and whether editorial.

    `old_pos`/`new_pos`: where the ops start in the part's texts (ops that follow others).
    """
    spans: dict[int, list] = {}
    for op in ops:
        if op.kind == "equal":
            old_pos += len(op.text)
            new_pos += len(op.text)
            continue
        span = spans.get(op.change)
        if span is None:
            # where the change starts on each side: its span on a side it has no text on
            span = spans[op.change] = [None, None, None, None, [], [], set(), op.ignored, old_pos, new_pos]
        elif op.ignored and not span[7]:
            # a list number counting on with the change above it (diff.text._counts_with_cause):
            # no part of where the change is or what it says
            if op.kind in OLD_SIDE:
                old_pos += len(op.text)
            else:
                new_pos += len(op.text)
            continue
        span[6].add(op.kind)
        if op.kind in OLD_SIDE:
            span[0] = old_pos if span[0] is None else span[0]
            old_pos += len(op.text)
            span[1] = old_pos
            span[4].append(op.text)
        else:
            span[2] = new_pos if span[2] is None else span[2]
            new_pos += len(op.text)
            span[3] = new_pos
            span[5].append(op.text)
    changes = []
    for local, (o0, o1, n0, n1, olds, news, kinds, ignored, old_at, new_at) in spans.items():
        old_text, new_text = "".join(olds), "".join(news)
        if kinds & {"move_from", "move_to"}:
            kind, editorial = "move", False
        else:
            kind = "replace" if olds and news else ("insert" if news else "delete")
            editorial = ignored or is_editorial(old_text, new_text)
        changes.append(_Local(
            local, kind, o0 if o0 is not None else old_at, o1 if o1 is not None else old_at,
            n0 if n0 is not None else new_at, n1 if n1 is not None else new_at,
            old_text, new_text, editorial, ignored))
    return _Part(ops, tuple(changes))


def _section_parts(old: Section, new: Section, options: DiffOptions) -> tuple[_Part, _Part]:
    return _text_parts(old.heading, old.body, new.heading, new.body, options)


def _text_parts(old_heading: str, old_body: str, new_heading: str, new_body: str,
                options: DiffOptions) -> tuple[_Part, _Part]:
    return _part(diff_text(old_heading, new_heading, options)), _part(diff_body(old_body, new_body, options))


@dataclass(frozen=True)
class Change:
    """One change a reviewer accepts or rejects.

    `kind`: insert, delete, replace, move (words or paragraphs), or section_added,
    section_deleted, section_moved, section_promoted (paragraphs became a section;
    old_id names the section they were in), section_demoted (a section became
    paragraphs of the one before it; new_id names that one). `part`: title, dates (the title block's
    date lines), heading, body or structure.
    Offsets are into the old and new text of that part (heading or body; 0 for
    structure); a move's old offsets are its source, its new ones its destination.
    `ignored` marks a difference the options say to ignore (always editorial).
    """

    id: int
    kind: str
    part: str
    section: int | None      # index into Redline.sections; None for the title
    old_id: str | None
    new_id: str | None
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str
    editorial: bool
    ignored: bool = False
    formatting: str = ""     # what a change of formatting alone changed ("link added"), else ''
    # "cells merged", "cells split" (or both) when it merges a table's cells; "made a table row",
    # "table row made a paragraph" (diff.table_kinds) when its words are the same in another kind
    table: str = ""
    # what a change of words did to the format of the kept words between its parts ("link
    # removed": quotes put round a link's words as it was taken off), else ''
    reformats: str = ""


@dataclass(frozen=True)
class SectionDiff:
    """A section of the redline: the old and/or new section, its kinds and its ops.

    `kinds` is a set of unchanged, edited (body), renamed (heading), moved, added,
    deleted, promoted (was paragraphs), demoted (is paragraphs now). Ops carry Redline change ids.
    """

    index: int
    kinds: frozenset[str]
    old: Section | None
    new: Section | None
    old_number: str | None
    new_number: str | None
    old_depth: int | None
    new_depth: int | None
    heading_ops: tuple[Op, ...]
    body_ops: tuple[Op, ...]
    in_place: bool = True
    change_ids: tuple[int, ...] = ()

    @property
    def old_id(self) -> str | None:
        return self.old.id if self.old else None

    @property
    def new_id(self) -> str | None:
        return self.new.id if self.new else None

    @property
    def heading(self) -> str:
        return (self.new or self.old).heading  # type: ignore[union-attr]

    @property
    def was_number(self) -> str:
        """The number a section kept in place had before it was renumbered ("unnumbered" for
        none), else ''."""
        if self.old is None or self.new is None or self.old_number == self.new_number:
            return ""
        return self.old_number or "unnumbered"

    @property
    def level_change(self) -> str:
        """"heading level 1 → 2" for a section promoted or demoted where it stands, else ''."""
        if "moved" in self.kinds and self.in_place and self.old is not None and self.new is not None \
                and self.old_depth != self.new_depth:
            return f"heading level {self.old_depth} \u2192 {self.new_depth}"
        return ""


@dataclass(frozen=True)
class Stats:
    """Counts a change summary shows."""

    words_inserted: int
    words_deleted: int
    words_moved: int
    changes: int
    substantive: int
    sections: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class MovedRun:
    """Paragraphs at the end of section `whole` that the other side holds as section `part`
    (a promotion or demotion, structure change `change`), for `Redline.apply`.

    The views show each side's words where that side has them: the paragraphs' own edits
    in `whole` (deletions for a promotion, insertions for a demotion), the section's in
    `part`. Applied, every edit of the run goes where the structure change puts its words:
    `ops` (both sides' edits, the run's words equal) is the body of `part` whenever that
    section is in the result, and `whole.body_ops[start:end]` gives way to `ops` when the
    paragraphs stay paragraphs, to nothing when they became the section.
    """

    whole: int          # section index of the section holding the paragraphs
    part: int           # section index of the section they are on the other side
    change: int         # the structure change (section_promoted / section_demoted)
    promoted: bool      # old paragraphs, new section (else old section, new paragraphs)
    start: int          # the run's body ops in whole.body_ops (after the heading line)
    end: int
    ops: tuple[Op, ...] = field(default=(), repr=False)

    def in_whole(self, accepted: set[int]) -> bool:
        """Whether the run's words are paragraphs of `whole` in the result."""
        return (self.change in accepted) != self.promoted


@dataclass(frozen=True)
class Redline:
    """The tracked difference between two policies; immutable, computed by `compare`."""

    old: Policy
    new: Policy
    options: DiffOptions
    title_ops: tuple[Op, ...]
    sections: tuple[SectionDiff, ...]
    slots: tuple[tuple[int, str], ...]  # (section index, "both" | "old" | "new") in reading order
    changes: tuple[Change, ...]
    stats: Stats
    old_label: str = "old"   # what outputs call the two sides (e.g. "a.policy@2.1")
    new_label: str = "new"
    # what the two sources hold beside their policies that differs, said rather than tracked
    # (two Word files' comments, tracked changes a compare accepted); set by whoever loaded them
    source_notes: tuple[str, ...] = ()
    # the date lines of the title block ("Effective date: 1 March 2025", core.dates.dates_text):
    # a change of date is a change like any other (part "dates")
    dates_ops: tuple[Op, ...] = ()
    # paragraphs that became a section (or back): where their words end up, for `apply`
    runs: tuple[MovedRun, ...] = ()

    @property
    def left_out(self) -> str:
        """What either version's source held that neither could keep, so this compare could
        not see ("2 charts not compared"); '' when nothing was left out."""
        from policyeditor.core.unkept import merged, unkept_sentence

        return unkept_sentence(merged(self.old.unkept, self.new.unkept), "compared")

    @property
    def left_out_note(self) -> str:
        """`left_out` with whose source held it: '1 image not compared (the sources held them; a
        policy cannot)', or 'the old document' when only it did (a strike removed)."""
        left_out = self.left_out
        if not left_out:
            return ""
        old, new = any(self.old.unkept.values()), any(self.new.unkept.values())
        held = "the sources" if old == new else "the old document" if old else "the new document"
        return f"{left_out} ({held} held them; a policy cannot)"

    @property
    def page_text_changed(self) -> str:
        """How the page header and footer text differ between the versions, in one sentence
        ('page header changed: “Draft” → “Final”'); '' when it is the same. A header is a line
        or two that the redline's sections do not hold, so it is compared whole."""
        said = []
        for kind in ("header", "footer"):
            old, new = self.old.page_text.get(kind, ""), self.new.page_text.get(kind, "")
            if old == new:
                continue
            if not old:
                said.append(f"page {kind} added: {quoted(new)}")
            elif not new:
                said.append(f"page {kind} removed: {quoted(old)}")
            else:
                said.append(f"page {kind} changed: {quoted(old)} → {quoted(new)}")
        return "; ".join(said)

    @property
    def notes(self) -> tuple[str, ...]:
        """What every output says beside the changes, so a compare never reads "0 changes" in silence:
        content neither version could keep, the page header and footer text that differ, and
        the sources' own notes (Word comments that differ)."""
        said = (self.left_out_note, self.page_text_changed, *self.source_notes)
        return tuple(note for note in said if note)

    def with_source_notes(self, notes: Iterable[str]) -> Redline:
        """The same redline, saying these differences of its sources beside its changes."""
        return replace(self, source_notes=tuple(note for note in notes if note))

    def with_labels(self, old_label: str, new_label: str) -> Redline:
        """The same redline, its two sides named for outputs."""
        return replace(self, old_label=old_label, new_label=new_label)

    def with_new_title(self, title: str) -> Redline:
        """The same redline, its new side titled `title` with no change tracked.

        For a title that is only a file name (two untitled documents, see
        refs.comparable): the titles were compared as one, so no title change is
        listed, while the outputs' headers name each side by its own name. The
        tracked title (`title_ops`) stays the old one.
        """
        if title == self.new.title:
            return self
        return replace(self, new=replace(self.new, title=title))  # the same sections, as compared

    def slot_moves(self) -> tuple[Change | None, ...]:
        """For each slot, the section_moved change that carries it, or None.

        A section out of place is shown twice, at its old ("old") and new ("new")
        place. It carries its own move, or, when it only came along with a moved
        ancestor (a sub-section of a moved section), that ancestor's move: the
        slots of one subtree follow each other, so the nearest move above holds.
        """
        own = {c.section: c for c in self.changes if c.kind == "section_moved"}
        carrying: dict[str, Change | None] = {"old": None, "new": None}
        out: list[Change | None] = []
        for index, role in self.slots:
            d = self.sections[index]
            if role == "both":  # back in place: no subtree run goes on
                carrying = {"old": None, "new": None}
            elif d.old is None or d.new is None:  # added or deleted: ends the run on its side
                carrying[role] = None
            else:
                carrying[role] = own.get(index) or carrying[role]
            out.append(carrying[role] if role != "both" else None)
        return tuple(out)

    # ------------------------------------------------------------ navigation

    def change(self, change_id: int) -> Change:
        """The change with this id; KeyError if there is none."""
        if 1 <= change_id <= len(self.changes):
            return self.changes[change_id - 1]
        raise KeyError(change_id)

    def next_change(self, after_id: int | None = None) -> Change | None:
        """The change after `after_id` (the first one for None), or None at the end."""
        start = 0 if after_id is None else max(after_id, 0)
        return self.changes[start] if start < len(self.changes) else None

    def previous_change(self, before_id: int | None = None) -> Change | None:
        """The change before `before_id` (the last one for None), or None at the start."""
        end = len(self.changes) if before_id is None else min(before_id - 1, len(self.changes))
        return self.changes[end - 1] if end >= 1 else None

    def section_of(self, section_id: str) -> SectionDiff:
        """The section diff of an old or new section id; KeyError if neither side has it."""
        for diff in self.sections:
            if section_id in (diff.old_id, diff.new_id):
                return diff
        raise KeyError(section_id)

    # ------------------------------------------------------------ accept / reject

    def accept_all(self) -> Policy:
        return self.apply(c.id for c in self.changes)

    def reject_all(self) -> Policy:
        return self.apply(())

    def accept(self, change_id: int) -> Policy:
        """The old policy with this one change applied."""
        self.change(change_id)
        return self.apply((change_id,))

    def reject(self, change_id: int) -> Policy:
        """The new policy with this one change undone."""
        self.change(change_id)
        return self.apply(c.id for c in self.changes if c.id != change_id)

    def accept_section(self, section_id: str) -> Policy:
        """The old policy with every change of one section applied."""
        return self.apply(self.section_of(section_id).change_ids)

    def reject_section(self, section_id: str) -> Policy:
        """The new policy with every change of one section undone."""
        undone = set(self.section_of(section_id).change_ids)
        return self.apply(c.id for c in self.changes if c.id not in undone)

    def apply(self, accepted: Iterable[int]) -> Policy:
        """The old policy with exactly the `accepted` changes applied (ids), as a new Policy.

        Sections keep their old id (a new one for an added section). Metadata is
        the old policy's: a redline compares titles and sections only. Dates are
        tracked as the title is (`dates_ops`); the other properties (numbering, page
        text, anchors) are the new policy's when every change is accepted, else the old's.
        """
        return _Applier(self, set(accepted)).policy()


def apply_ops(ops: Iterable[Op], accepted: set[int]) -> str:
    """The text of ops with the accepted changes applied and the others undone."""
    out = []
    for op in ops:
        if op.kind == "equal":
            out.append(op.text)
        elif op.kind in ("insert", "move_to"):
            if op.change in accepted:
                out.append(op.text)
        elif op.change not in accepted:
            out.append(op.text)
    return "".join(out)


def apply_body_ops(ops: tuple[Op, ...], accepted: set[int]) -> str:
    """A body's text with the accepted changes applied, in its canonical spelling.

    All of a body's changes or none give the new or old text as it is; some of them can
    join markup the two texts spell apart (bold kept before a link made bold: `**we **[**x**](…)`),
    which the canonical spelling writes as the draft would (`**we [x](…)**`).
    """
    changes = {op.change for op in ops if op.kind != "equal"}
    if changes <= accepted or not changes & accepted:
        return apply_ops(ops, accepted)
    return canonical(_counted_numbers(ops, accepted))


def _counted_numbers(ops: tuple[Op, ...], accepted: set[int]) -> str:
    """`apply_ops`, where a list number that begins a count only now is counted from 1 again
    unless it began one in the text it came from: a number is a list's start (3. for a list
    from 3) or a count (2. after an item whose numbering was rejected), and only a start is kept."""
    sides = {"old": opening_numbers(old_text(ops)), "new": opening_numbers(new_text(ops))}
    pieces: list[tuple[int, str, int]] = []  # per piece kept: where it starts, its side, where there
    out: list[str] = []
    at = {"old": 0, "new": 0}
    length = 0
    for op in ops:
        side = "new" if op.kind in ("insert", "move_to") else "old"
        if op.kind == "equal" or (op.change in accepted) == (side == "new"):
            pieces.append((length, side, at[side]))
            out.append(op.text)
            length += len(op.text)
        if op.kind == "equal":
            at["new"] += len(op.text)
        at[side] += len(op.text)
    text = "".join(out)
    starts = [p[0] for p in pieces]
    counted = []
    for place, number in opening_numbers(text).items():
        if number == 1:
            continue
        start, side, there = pieces[bisect_right(starts, place) - 1]
        if sides[side].get(there + place - start) != number:
            counted.append(place)
    for place in reversed(counted):  # a count begun here begins at 1
        end = text.index(".", place)
        text = text[:place] + "1" + text[end:]
    return text


class _Applier:
    """Builds the policy a set of accepted changes gives, starting from the old tree."""

    def __init__(self, redline: Redline, accepted: set[int]) -> None:
        self.redline = redline
        self.accepted = accepted
        self.node_of: dict[int, Section] = {}      # section diff index → result node
        self.new_index: dict[int, int] = {}        # id(result node) → position in new order
        self.attached: set[int] = set()            # id(result node) in the tree
        self.part_ops = {run.part: run.ops for run in redline.runs}
        self.whole_runs: dict[int, list[MovedRun]] = {}
        for run in redline.runs:
            self.whole_runs.setdefault(run.whole, []).append(run)

    def _body(self, d: SectionDiff) -> str:
        """A section's body with the accepted changes; a promotion's or demotion's edits go
        with its words to where the structure change puts them (`MovedRun`)."""
        ops: tuple[Op, ...] | list[Op] = self.part_ops.get(d.index, d.body_ops)
        runs = self.whole_runs.get(d.index)
        if runs:
            ops = list(ops)
            for run in sorted(runs, key=lambda r: r.start, reverse=True):
                ops[run.start:run.end] = run.ops if run.in_whole(self.accepted) else ()
        return apply_body_ops(tuple(ops), self.accepted)

    def policy(self) -> Policy:
        r = self.redline
        by_old = {d.old.id: d for d in r.sections if d.old}
        new_order = {s.id: k for k, (s, _) in enumerate(r.new.walk())}
        self.roots = self._build(r.old.sections, by_old, new_order)
        structural = {c.section: c for c in r.changes if c.part == "structure"}
        for d in r.sections:
            change = structural.get(d.index)
            if change and change.kind == "section_moved" and change.id in self.accepted:
                self._detach(self.node_of[d.index])
        for d in r.sections:
            change = structural.get(d.index)
            if change and change.kind in _GONE and change.id in self.accepted:
                self._dissolve(self.node_of[d.index])
        new_parent = _parents(r.new)
        by_new = {d.new.id: d for d in r.sections if d.new}
        for d in sorted((d for d in r.sections if d.new), key=lambda d: new_order[d.new.id]):
            change = structural.get(d.index)
            if not change or change.id not in self.accepted or change.kind == "section_deleted":
                continue
            node = self.node_of.get(d.index)
            if node is None:  # an added section
                node = Section(apply_ops(d.heading_ops, self.accepted), self._body(d), [], d.new.id)
                self.node_of[d.index] = node
                self.new_index[id(node)] = new_order[d.new.id]
            self._insert(node, d.new.id, new_parent, by_new)
        title = apply_ops(r.title_ops, self.accepted)
        policy = Policy(title=title, sections=self.roots, metadata=dict(r.old.metadata))
        policy.pictures = {**r.old.pictures, **r.new.pictures}  # either side's, as its bodies name them
        # numbering, page text and anchors are not tracked changes: accept-all gives the
        # new side's, anything less the old side's (so neither ever comes back without them)
        every = all(c.id in self.accepted for c in r.changes)
        policy.set_properties((r.new if every and r.changes else r.old).properties())
        policy.dates = dates_from_text(apply_ops(r.dates_ops, self.accepted))  # tracked, as the title
        return policy

    def _build(self, sections: list[Section], by_old: dict[str, SectionDiff],
               new_order: dict[str, int]) -> list[Section]:
        out = []
        for s in sections:
            d = by_old[s.id]
            node = Section(apply_ops(d.heading_ops, self.accepted), self._body(d),
                           self._build(s.children, by_old, new_order), s.id)
            self.node_of[d.index] = node
            self.attached.add(id(node))
            if d.new is not None:
                self.new_index[id(node)] = new_order[d.new.id]
            out.append(node)
        return out

    def _container(self, node: Section) -> list[Section]:
        stack = [self.roots]
        while stack:
            siblings = stack.pop()
            for child in siblings:
                if child is node:
                    return siblings
                stack.append(child.children)
        raise KeyError(node.id)

    def _detach(self, node: Section) -> None:
        if id(node) in self.attached:
            siblings = self._container(node)
            siblings.remove(node)
            self._mark(node, attached=False)

    def _mark(self, node: Section, attached: bool) -> None:
        for s, _ in node.walk():
            (self.attached.add if attached else self.attached.discard)(id(s))

    def _dissolve(self, node: Section) -> None:
        """Remove a deleted section; whatever children remain take its place."""
        if id(node) not in self.attached:
            return
        siblings = self._container(node)
        k = siblings.index(node)
        siblings[k:k + 1] = node.children
        self.attached.discard(id(node))

    def _insert(self, node: Section, new_id: str, new_parent: dict[str, str | None],
                by_new: dict[str, SectionDiff]) -> None:
        siblings = self.roots
        parent_id = new_parent[new_id]
        while parent_id is not None:
            parent = self.node_of.get(by_new[parent_id].index)
            if parent is not None and id(parent) in self.attached:
                siblings = parent.children
                break
            parent_id = new_parent[parent_id]
        mine = self.new_index[id(node)]
        at = 0
        for k, sibling in enumerate(siblings):
            theirs = self.new_index.get(id(sibling))
            if theirs is not None and theirs < mine:
                at = k + 1
        siblings.insert(at, node)
        self._mark(node, attached=True)


def _parents(policy: Policy) -> dict[str, str | None]:
    parent: dict[str, str | None] = {}
    for s, _ in policy.walk():
        parent.setdefault(s.id, None)
        for child in s.children:
            parent[child.id] = s.id
    return parent


# ---------------------------------------------------------------- compare


def compare(old: Policy, new: Policy, options: DiffOptions = DEFAULT_OPTIONS, *,
            cache: DiffCache | None = None, moved: frozenset[str] = frozenset()) -> Redline:
    """The redline from `old` to `new`.

    Sections pair by stable id, then by heading and content similarity; inside a
    pair, bodies are diffed word by word (see text.py). `cache` keeps section
    diffs between calls, so a re-diff after an edit only diffs what changed.
    `moved` names sections known to have moved (see `align_sections`).
    """
    return _Builder(old, new, options, cache, moved).build()


def _typed_against_printed(part: _Part, old: Section, new: Section, old_printed: str, new_printed: str
                           ) -> _Part:
    """A heading's number typed on one side, printed by the numbering on the other, compared as numbers.

    A document whose numbers stop counting (1, 3, 3, 4) keeps them typed in its headings,
    while the other side's numbering prints its own: the typed "1. " that the other side
    printed as "1." is no change (ignored), and the "3. " where it printed "2." is the one
    change a reader must see (substantive: a clause's number is what others cite), where
    every typed number was an editorial insertion before.
    """
    if not part.changes or bool(old_printed) == bool(new_printed):
        return part
    typed_side, heading, printed = ("new", new.heading, old_printed) if old_printed else \
        ("old", old.heading, new_printed)
    typed = typed_number(heading)
    if typed is None:
        return part
    first = part.changes[0]
    number_text = first.new_text if typed_side == "new" else first.old_text
    at = first.new_start if typed_side == "new" else first.old_start
    other = first.old_text if typed_side == "new" else first.new_text
    if at != 0 or other or number_text.strip() != typed.text:
        return part
    same = _number_key(typed.text) == _number_key(printed)
    changed = replace(first, editorial=same, ignored=same)
    ops = tuple(Op(op.kind, op.text, op.change, same, op.formatting) if op.change == first.local else op
                for op in part.ops)
    return _Part(ops, (changed, *part.changes[1:]))


def _number_key(number: str) -> tuple[str, ...]:
    """'3.2.' and '3.2' and '(3)' alike: the number's parts."""
    return tuple(p.casefold() for p in re.split(r"[^0-9A-Za-z]+", number) if p)


class _Builder:
    def __init__(self, old: Policy, new: Policy, options: DiffOptions, cache: DiffCache | None,
                 moved: frozenset[str]) -> None:
        self.old, self.new, self.options, self.cache, self.moved = old, new, options, cache, moved
        self.changes: list[Change] = []

    def build(self) -> Redline:
        old_numbers, new_numbers = numbers(self.old), numbers(self.new)
        old_depth = {s.id: d for s, d in self.old.walk()}
        new_depth = {s.id: d for s, d in self.new.walk()}
        title_ops = self._number(_part(diff_text(self.old.title, self.new.title, self.options)),
                                 "title", None, None, None)
        dates_ops = self._number(_part(diff_text(dates_text(self.old), dates_text(self.new), self.options)),
                                 "dates", None, None, None)
        slots = align_sections(self.old, self.new, self.options, self.moved)
        self._splits(slots)
        index_of: dict[int, int] = {}   # id(pair) → section index
        sections: list[SectionDiff] = []
        slot_list: list[tuple[int, str]] = []
        for pair, role in slots:
            if id(pair) not in index_of:
                index_of[id(pair)] = len(sections)
                sections.append(None)  # type: ignore[arg-type]  # filled when numbered
            index = index_of[id(pair)]
            slot_list.append((index, role))
            moved_source = role == "old" and pair.new is not None
            if sections[index] is None and not moved_source:
                sections[index] = self._section(index, pair, old_numbers, new_numbers, old_depth, new_depth)
        self._settle_splits(sections, index_of)
        return Redline(self.old, self.new, self.options, title_ops, tuple(sections), tuple(slot_list),
                       tuple(self.changes), self._stats(sections), dates_ops=dates_ops,
                       runs=tuple(self.runs))

    def _section(self, index: int, pair: SectionPair, old_numbers: dict[str, str],
                 new_numbers: dict[str, str], old_depth: dict[str, int], new_depth: dict[str, int]
                 ) -> SectionDiff:
        old, new = pair.old, pair.new
        first = len(self.changes) + 1
        kinds: set[str] = set()
        if id(pair) in self.split_part:
            heading_ops, body_ops = self._split_part(index, self.split_part[id(pair)])
            kinds.add(self.split_part[id(pair)].kind)
        elif id(pair) in self.split_whole:
            assert old is not None and new is not None
            heading_ops = self._number(_part(diff_text(old.heading, new.heading, self.options)),
                                       "heading", index, old, new)
            body_ops = self._split_whole(index, old, new, self.split_whole[id(pair)])
            if any(op.kind != "equal" and not op.ignored for op in heading_ops):
                kinds.add("renamed")
            kinds.add("edited")
        elif old is not None and new is not None:
            if self.cache is not None:
                heading, body = self.cache.parts(old, new, self.options)
            else:
                heading, body = _section_parts(old, new, self.options)
            if pair.moved:
                kinds.add("moved")
                before, after = old_depth.get(old.id), new_depth.get(new.id)
                # promoted or demoted where it stands: its heading's level is its formatting
                level = f"heading level {before} → {after}" if pair.in_place and before != after else ""
                self._structure("section_moved", index, old, new, level)
            heading = _typed_against_printed(heading, old, new, old_numbers.get(old.id, ""),
                                             new_numbers.get(new.id, ""))
            heading_ops = self._number(heading, "heading", index, old, new)
            body_ops = self._number(body, "body", index, old, new)
            if any(op.kind != "equal" and not op.ignored for op in heading_ops):
                kinds.add("renamed")
            if any(op.kind != "equal" and not op.ignored for op in body_ops):
                kinds.add("edited")
        else:
            kind = "insert" if new is not None else "delete"
            section = new if new is not None else old
            assert section is not None
            change = self._structure("section_added" if new else "section_deleted", index, old, new)
            heading_ops = (Op(kind, section.heading, change.id),) if section.heading else ()
            body_ops = (Op(kind, section.body, change.id),) if section.body else ()
            kinds.add("added" if new else "deleted")
        return SectionDiff(
            index, frozenset(kinds or {"unchanged"}), old, new,
            old_numbers.get(old.id) if old else None, new_numbers.get(new.id) if new else None,
            old_depth.get(old.id) if old else None, new_depth.get(new.id) if new else None,
            heading_ops, body_ops, pair.in_place, tuple(range(first, len(self.changes) + 1)))

    # ------------------------------------------------ paragraphs that became a section

    def _splits(self, slots: list[tuple[SectionPair, str]]) -> None:
        """Find the promotions and demotions (restructure.py) the sections are built with."""
        found = find_splits(slots, [s for s, _ in self.old.walk()], [s for s, _ in self.new.walk()],
                            self.options)
        by_whole: dict[int, list[Split]] = {}
        for split in found:
            by_whole.setdefault(id(split.whole), []).append(split)
        # a section both giving paragraphs and taking them, or moving, keeps the plain diff
        self.split_whole = {key: sorted(run, key=lambda s: s.start) for key, run in by_whole.items()
                            if len({s.kind for s in run}) == 1 and not run[0].whole.moved}
        self.split_part = {id(s.part): s for run in self.split_whole.values() for s in run if s.kept}
        self.split_change: dict[int, int] = {}   # id(split) → its structure change id
        self.run_slice: dict[int, tuple[int, int]] = {}  # id(split) → its body ops in the whole's
        self.runs: list[MovedRun] = []
        self.placeholder = {id(s): -1 - k for k, s in enumerate(self.split_part.values())}

    def _split_whole(self, index: int, old: Section, new: Section, run: list[Split]) -> tuple[Op, ...]:
        """The body of the section that holds the paragraphs: its own diff, then the moved run."""
        first = run[0].start
        promoted = run[0].kind == "promoted"
        head = (diff_body(old.body[:first], new.body, self.options) if promoted
                else diff_body(old.body, new.body[:first], self.options))
        ops = self._number(_part(head), "body", index, old, new)
        side = "old" if promoted else "new"
        text = old.body if promoted else new.body
        for split in run:
            if not split.kept:  # paragraphs plainly deleted (inserted) where they were
                plain = Op("delete" if promoted else "insert", text[split.start:split.end], 1)
                ops += self._number_moved((plain,), "body", index, old, new,
                                          len(_side_text(ops, "old")), len(_side_text(ops, "new")))
                continue
            move = self.placeholder[id(split)]
            # the heading line turning into the heading is the structure change itself
            ops += _moved(split.lead, side, move) + _one_side(split.heading_ops, side, move, whole=True)
            start = len(ops) + (1 if split.gap else 0)
            self.run_slice[id(split)] = (start, start + len(_one_side(split.body_ops, side, move)))
            ops += self._number_moved(_moved(split.gap, side, move) + _one_side(split.body_ops, side, move),
                                      "body", index, old, new,
                                      len(_side_text(ops, "old")), len(_side_text(ops, "new")))
        return ops

    def _split_part(self, index: int, split: Split) -> tuple[tuple[Op, ...], tuple[Op, ...]]:
        """The section on the other side: one structure change that moves its words, and its edits."""
        promoted = split.kind == "promoted"
        section = split.part.new if promoted else split.part.old
        assert section is not None
        paragraphs = split.lead + split.line + split.gap + split.rest
        # the change names both sections: the one that is (or was) a section, and the other
        # side's section that holds its words as paragraphs
        whole = split.whole.old if promoted else split.whole.new
        assert whole is not None
        change = Change(len(self.changes) + 1, f"section_{split.kind}", "structure", index,
                        whole.id if promoted else section.id, section.id if promoted else whole.id,
                        0, 0, 0, 0,
                        paragraphs if promoted else _section_text(section),
                        _section_text(section) if promoted else paragraphs, editorial=False)
        self.changes.append(change)
        self.split_change[id(split)] = change.id
        side = "new" if promoted else "old"
        old, new = split.part.old, split.part.new
        heading = _one_side(split.heading_ops, side, change.id, whole=True)
        body = self._number_moved(_one_side(split.body_ops, side, change.id), "body", index, old, new)
        return heading, body

    def _number_moved(self, ops: tuple[Op, ...], name: str, index: int, old: Section | None,
                      new: Section | None, old_pos: int = 0, new_pos: int = 0) -> tuple[Op, ...]:
        """Number the edits among moved words; the moved words keep their (structure) change."""
        # moved words count as text on their own side only, so the edits' offsets hold
        stand_in = tuple(Op("delete" if op.kind == "move_from" else "insert", op.text, -1)
                         if op.kind.startswith("move") else op for op in ops)
        part = _part(stand_in, old_pos, new_pos)
        part = _Part(part.ops, tuple(c for c in part.changes if c.local != -1))
        numbered = self._number(part, name, index, old, new)
        return tuple(op if op.kind.startswith("move") else n for op, n in zip(ops, numbered, strict=True))

    def _settle_splits(self, sections: list[SectionDiff], index_of: dict[int, int]) -> None:
        """Give the moved runs in the holding sections their structure change's id."""
        for key, run in self.split_whole.items():
            index = index_of[key]
            real = {self.placeholder[id(s)]: self.split_change[id(s)] for s in run if s.kept}
            d = sections[index]
            sections[index] = replace(d, body_ops=tuple(
                Op(op.kind, op.text, real[op.change], op.ignored) if op.change in real else op
                for op in d.body_ops))
            for split in run:
                moved = self._run(split, index, index_of[id(split.part)], sections) if split.kept else None
                if moved is not None:
                    self.runs.append(moved)

    def _run(self, split: Split, whole: int, part: int, sections: list[SectionDiff]) -> MovedRun | None:
        """A split's edits from both sections merged back in the order of its diff (`MovedRun`);
        None if the two sections' ops are not the split's diff cut in two (never expected)."""
        promoted = split.kind == "promoted"
        start, end = self.run_slice[id(split)]
        held, moved = list(sections[whole].body_ops[start:end]), list(sections[part].body_ops)
        old_side, new_side = (held, moved) if promoted else (moved, held)
        old_kinds = sum(1 for op in split.body_ops if op.kind in ("equal", "delete", "move_from"))
        new_kinds = sum(1 for op in split.body_ops if op.kind in ("equal", "insert", "move_to"))
        if (len(old_side), len(new_side)) != (old_kinds, new_kinds):
            return None
        olds, news = iter(old_side), iter(new_side)
        ops: list[Op] = []
        for op in split.body_ops:
            if op.kind == "equal":
                ops.append(Op("equal", next(olds).text))
                next(news)
            else:
                ops.append(next(olds if op.kind in ("delete", "move_from") else news))
        return MovedRun(whole, part, self.split_change[id(split)], promoted, start, end, tuple(ops))

    def _structure(self, kind: str, index: int, old: Section | None, new: Section | None,
                   formatting: str = "") -> Change:
        change = Change(len(self.changes) + 1, kind, "structure", index,
                        old.id if old else None, new.id if new else None, 0, 0, 0, 0,
                        _section_text(old), _section_text(new), editorial=False, formatting=formatting)
        self.changes.append(change)
        return change

    def _number(self, part: _Part, name: str, index: int | None,
                old: Section | None, new: Section | None) -> tuple[Op, ...]:
        """Give the changes of a part their redline ids, record them, and return the ops with those ids."""
        if not part.changes:
            return part.ops
        base = len(self.changes)
        old_id, new_id = old.id if old else None, new.id if new else None
        key = (name, base, index, old_id, new_id)
        # a cached part numbered the same way by the compare before (a keystroke elsewhere):
        # the same changes and ops, made once; kept from a part's second numbering on, as the
        # part of the section being typed in is numbered once and never again
        done = part.numbered.get(key)
        if done is None or done is _ONCE:
            made = self._numbered(part, name, base, index, old_id, new_id)
            if len(part.numbered) >= 8:  # numbered otherwise since (changes added before it): a few are kept
                part.numbered.clear()
            part.numbered[key] = made if done is _ONCE else _ONCE
            done = made
        self.changes.extend(done[1])
        return done[0]

    @staticmethod
    def _numbered(part: _Part, name: str, base: int, index: int | None, old_id: str | None,
                  new_id: str | None) -> tuple[tuple[Op, ...], tuple[Change, ...]]:
        ids = {c.local: base + k for k, c in enumerate(part.changes, 1)}
        formatting, extents = part.formatting if name == "body" else ({}, {})
        # ops a caller stands in for (moved words, see _number_moved) keep their change
        ops = [op if op.kind == "equal" else Op(op.kind, op.text, ids.get(op.change, op.change), op.ignored,
                                                 formatting.get(op.change, ""))
               for op in part.ops]
        if formatting:
            ops = list(_mark_format_spans(ops, {ids.get(c, c): e for c, e in extents.items()}))
        reformats: dict[int, str] = {}
        if name == "body":
            ops, reformats = reformatted_kept_words(ops, part.maps)
            part.__dict__.pop("maps", None)  # a cached part holds no maps: they keep each line read
        kinds = kind_labels(part.ops) if name == "body" else {}
        merges = {**kinds, **merge_labels(part.ops)} if name == "body" else {}
        # a paragraph made a table row is no editorial change, though its words are the same
        changes = tuple(Change(
            ids[c.local], c.kind, name, index, old_id, new_id, c.old_start, c.old_end,
            c.new_start, c.new_end, c.old_text, c.new_text, c.editorial and c.local not in kinds, c.ignored,
            formatting.get(c.local, ""), merges.get(c.local, ""), reformats.get(ids[c.local], ""))
            for c in part.changes)
        return tuple(ops), changes

    def _stats(self, sections: list[SectionDiff]) -> Stats:
        inserted = deleted = moved = 0
        # the same words in another kind of block (diff.table_kinds): drawn deleted and inserted,
        # yet no word changed
        same_words = {c.id for c in self.changes if c.table in KIND_LABELS}
        for ops in [self_ops for d in sections for self_ops in (d.heading_ops, d.body_ops)]:
            line_start = {True: True, False: True}  # old side, new side: at a line's start
            for op in ops:
                old_side = op.kind in OLD_SIDE
                at_start = line_start[old_side]
                for side in ((True, False) if op.kind == "equal" else (old_side,)):
                    line_start[side] = op.text.endswith("\n") if op.text else line_start[side]
                if op.ignored or op.formatting or op.kind in ("equal", "move_from") \
                        or op.change in same_words:
                    continue  # a change of formatting alone inserts and deletes no words
                n = len(shown_words(op.text, at_start))  # markup is no words
                if op.kind == "insert":
                    inserted += n
                elif op.kind == "delete":
                    deleted += n
                else:
                    moved += n
        counts = {kind: 0 for kind in SECTION_KINDS}
        for d in sections:
            for kind in d.kinds:
                counts[kind] += 1
        return Stats(inserted, deleted, moved, len(self.changes),
                     sum(1 for c in self.changes if not c.editorial), counts)


def _moved(text: str, side: str, change: int) -> tuple[Op, ...]:
    return (Op("move_from" if side == "old" else "move_to", text, change),) if text else ()


def _one_side(ops: tuple[Op, ...], side: str, move: int, whole: bool = False) -> tuple[Op, ...]:
    """The ops of one side of a diff: its equal text moved (change `move`), its own edits kept
    as changes of their own, or (`whole`) made part of the move. A paragraph moved inside
    the diff goes with the move on each side (its text is that side's own)."""
    own, own_move = ("delete", "move_from") if side == "old" else ("insert", "move_to")
    return tuple(_moved(op.text, side, move)[0] if op.kind in ("equal", own_move)
                 else Op(op.kind, op.text, move, op.ignored) if whole else op
                 for op in ops if op.kind in ("equal", own, own_move))


def _side_text(ops: tuple[Op, ...], side: str) -> str:
    kinds = OLD_SIDE if side == "old" else ("equal", "insert", "move_to")
    return "".join(op.text for op in ops if op.kind in kinds)


def _mark_format_spans(ops: list[Op], extents: dict[int, tuple[int, int]]) -> tuple[Op, ...]:
    """The equal ops between a format change's first and last op carry its `formatting` too
    (the words a link was put around are equal text, yet what changed); so do the words of
    a link whose target alone changed (`extents`: new-text stretches), split off their op."""
    ops = _split_extents(ops, extents)
    spans: dict[int, list[int]] = {}
    for index, op in enumerate(ops):
        if op.formatting and op.kind != "equal":  # an equal op a stretch tagged is no change's end
            spans.setdefault(op.change, [index, index])[1] = index
    for first, last in spans.values():
        for index in range(first + 1, last):
            op = ops[index]
            if op.kind == "equal":
                ops[index] = Op("equal", op.text, 0, op.ignored, ops[first].formatting)
    return tuple(ops)


def _split_extents(ops: list[Op], extents: dict[int, tuple[int, int]]) -> list[Op]:
    if not extents:
        return ops
    by_change = {op.change: op.formatting for op in ops if op.formatting}
    out: list[Op] = []
    at = 0  # position in the new text
    for op in ops:
        if op.kind != "equal":
            out.append(op)
            if op.kind in ("insert", "move_to"):
                at += len(op.text)
            continue
        end = at + len(op.text)
        # only the stretches that overlap the op cut or tag it (in their order, which picks a tag)
        near = [(c, s, e) for c, (s, e) in extents.items() if s < end and e > at]
        if not near:
            if op.text:
                out.append(Op("equal", op.text, 0, op.ignored, ""))
            at = end
            continue
        cuts = sorted({max(0, min(len(op.text), p - at)) for _, s, e in near for p in (s, e)}
                      | {0, len(op.text)})
        for a, b in zip(cuts, cuts[1:], strict=False):
            if a == b:
                continue
            tag = next((by_change[c] for c, s, e in near if s <= at + a and at + b <= e), "")
            out.append(Op("equal", op.text[a:b], 0, op.ignored, tag))
        at = end
    return out


def _section_text(section: Section | None) -> str:
    return "" if section is None else section.heading + ("\n\n" + section.body if section.body else "")

