"""Who made each change of a redline, and when: authorship traced through the versions between.

As `git blame` does for lines, `blame` walks the chain of texts from the
redline's old side to its new side, diffing each text with the next one by the
one redline engine (`compare`), and carries the authorship of every character:
a character inserted by a step belongs to that step's author, a character
deleted by a step is credited to that step's author. A change of the redline
between the first and the last text is then credited to everyone whose step
inserted or deleted its characters; `ChangeCredit.last` is the most recent.

The last text of the chain may be the draft, credited to whoever edits it. A step
may name finer authorship (`Attribution`): text that a Word document's tracked
changes credit to their own authors, matched by its words in its section.

    steps = [Step(v1.policy, "Ada", v1.created, "1.0"), ..., Step(draft, "Bo", saved, None)]
    credits = blame(compare(v1.policy, draft), steps)
    credits[change.id].last.author
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from policyeditor.core.dates import dates_text
from policyeditor.core.model import Policy
from policyeditor.diff.redline import Change, Redline, compare
from policyeditor.diff.text import Op

__all__ = ["PARAGRAPH_MARK", "WHOLE_PARTS", "Attribution", "ChangeCredit", "Credit", "Step", "blame"]

# An attribution's text holding it is a paragraph mark: the words either side of it
PARAGRAPH_MARK = "\u00b6"
# An attribution's section id for a part of the policy itself (its title, its title block's dates)
WHOLE_PARTS = {"title": ":title", "dates": ":dates"}


@dataclass(frozen=True)
class Credit:
    """Who made a change and when; `label` is the version that holds it (None: the draft)."""

    author: str
    date: str
    label: str | None = None


@dataclass(frozen=True)
class Attribution:
    """Words a step inserted (`side="insert"`) or deleted (`"delete"`) in a section, made by someone else.

    Used for a document that came back from Word: its tracked changes name their
    own authors, and the draft that holds them is not all its importer's work.
    A paragraph mark's `text` is "word¶word" (`PARAGRAPH_MARK`): putting one in or
    taking one out parts or joins those words, so it credits either side's
    change of them, and a change of no words (the break itself) beside them.
    """

    section_id: str
    side: str
    text: str
    author: str
    date: str


@dataclass(frozen=True)
class Step:
    """One text of the chain and who made it from the text before (the first step's author is unused)."""

    policy: Policy
    author: str
    date: str
    label: str | None = None
    attributions: tuple[Attribution, ...] = ()


@dataclass(frozen=True)
class ChangeCredit:
    """Everyone who made a part of one change, oldest first."""

    change_id: int
    credits: tuple[Credit, ...] = field(default_factory=tuple)

    @property
    def last(self) -> Credit | None:
        """The most recent of them: who a one-line change list names."""
        return self.credits[-1] if self.credits else None


NEAR = 40  # characters either side searched for a change no step's diff placed exactly
ORIGINAL = -1  # a character of the first text: no step made it


class _Track:
    """Per character of one part (heading or body) of one section: who made it, and where it was first."""

    __slots__ = ("made", "first", "scars")

    def __init__(self, made: list[int], first: list[int], scars: dict[int, set[int]] | None = None) -> None:
        self.made = made    # index into the credits list, or ORIGINAL
        self.first = first  # position in the first text's part, or -1 if made later
        # position → who deleted later-made text there: a change's words that someone trimmed
        # after they were written are that person's work too, though no deleted word survives
        self.scars = scars or {}


def _original(text: str) -> _Track:
    return _Track([ORIGINAL] * len(text), list(range(len(text))))


_MARKUP = re.compile(r"[*_\\\[\]<>()|`]|</?u>|<br>")
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(_MARKUP.sub(" ", text))}


def _attributed(a: Attribution) -> tuple[set[str], bool]:
    """An attribution's words, and whether it is a paragraph mark (its words parted and joined)."""
    if PARAGRAPH_MARK not in a.text:
        return _words(a.text), False
    return _words(a.text) | _words(a.text.replace(PARAGRAPH_MARK, "")), True


def _around(ops: Sequence[Op], index: int) -> str:
    """The words next to ops[index]: the last before it and the first after it, in either text."""
    before = next((w[-1] for k in range(index - 1, -1, -1) if (w := ops[k].text.split())), "")
    after = next((w[0] for k in range(index + 1, len(ops)) if (w := ops[k].text.split())), "")
    return f"{before} {after}"


class _Blamer:
    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = steps
        self.credits: list[Credit] = []
        self._credit_index: dict[Credit, int] = {}
        # (section id in the first text, part) -> {position: credit index of who deleted it}
        self.deleted: dict[tuple[str, str], dict[int, int]] = {}
        self.section_made: dict[str, int] = {}      # section id of the current text -> who added it
        self.section_removed: dict[str, int] = {}   # section id of the first text -> who deleted it
        self.section_moved: dict[str, int] = {}     # section id of the current text -> who last moved it
        first = steps[0].policy
        self.tracks: dict[tuple[str, str], _Track] = {}
        self.first_id: dict[str, str | None] = {}   # current section id -> its id in the first text
        for section, _ in first.walk():
            self.tracks[(section.id, "heading")] = _original(section.heading)
            self.tracks[(section.id, "body")] = _original(section.body)
            self.first_id[section.id] = section.id
        # the parts of the policy, not of a section: its title and its title block's date lines
        self.whole = {"title": _original(first.title), "dates": _original(dates_text(first))}

    def credit(self, credit: Credit) -> int:
        if credit not in self._credit_index:
            self._credit_index[credit] = len(self.credits)
            self.credits.append(credit)
        return self._credit_index[credit]

    def run(self) -> None:
        for i in range(1, len(self.steps)):
            self.step(self.steps[i - 1].policy, self.steps[i])

    def _who(self, step: Step, default: int, section_id: str | None, side: str, text: str,
             ops: Sequence[Op] = (), index: int = 0) -> int:
        """The credit for words a step inserted or deleted: an attribution that holds them, else the step.

        Text of no words (ops[index]: a paragraph break, a space) is a paragraph mark's when
        the mark is between the words around it.
        """
        if not step.attributions or section_id is None:
            return default
        words = _words(text)
        breaks = not words
        if breaks and (exact := [a for a in step.attributions if a.section_id == section_id
                                 and a.side == side and a.text.strip() == text.strip() != ""]):
            latest = max(exact, key=lambda a: a.date)  # a mark or a quote of no words: its own record
            return self.credit(Credit(latest.author, latest.date, step.label))
        if breaks and ops:
            words = _words(_around(ops, index))
        if not words:
            return default
        best, best_share = None, 0.0
        for a in step.attributions:
            if a.section_id != section_id:
                continue
            attributed, mark = _attributed(a)
            if (a.side != side and not mark) or (breaks and not mark):
                continue
            share = len(words & attributed) / len(words)
            if share > best_share:
                best, best_share = a, share
        if best is None or best_share < 0.5:
            return default
        return self.credit(Credit(best.author, best.date, step.label))

    def step(self, before: Policy, step: Step) -> None:
        redline = compare(before, step.policy)
        me = self.credit(Credit(step.author, step.date, step.label))
        for part, ops in (("title", redline.title_ops), ("dates", redline.dates_ops)):
            self.whole[part] = self._carry(self.whole[part], ops, me, step, WHOLE_PARTS[part], part, None)
        tracks: dict[tuple[str, str], _Track] = {}
        first_id: dict[str, str | None] = {}
        for diff in redline.sections:
            old, new = diff.old, diff.new
            if new is None:
                assert old is not None
                origin = self.first_id.get(old.id)
                who = self._who(step, me, old.id, "delete", old.heading + " " + old.body)
                if origin is not None and origin not in self.section_removed:
                    self.section_removed[origin] = who
                for part in ("heading", "body"):
                    self._drop(self.tracks.get((old.id, part)), origin, part, who)
                continue
            if old is None:
                who = self._who(step, me, new.id, "insert", new.heading + " " + new.body)
                self.section_made[new.id] = who
                tracks[(new.id, "heading")] = _Track([who] * len(new.heading), [-1] * len(new.heading))
                tracks[(new.id, "body")] = _Track([who] * len(new.body), [-1] * len(new.body))
                first_id[new.id] = None
                continue
            origin = self.first_id.get(old.id)
            first_id[new.id] = origin
            if old.id in self.section_made:
                self.section_made[new.id] = self.section_made[old.id]
            if old.id in self.section_moved:
                self.section_moved[new.id] = self.section_moved[old.id]
            if "moved" in diff.kinds:
                self.section_moved[new.id] = me
            for part, ops in (("heading", diff.heading_ops), ("body", diff.body_ops)):
                track = self.tracks.get((old.id, part)) or _Track([me] * len(getattr(old, part)),
                                                                   [-1] * len(getattr(old, part)))
                tracks[(new.id, part)] = self._carry(track, ops, me, step, new.id, part, origin)
        self.tracks, self.first_id = tracks, first_id

    def _drop(self, track: _Track | None, origin: str | None, part: str, who: int) -> None:
        if track is None or origin is None:
            return
        gone = self.deleted.setdefault((origin, part), {})
        for position in track.first:
            if position >= 0:
                gone.setdefault(position, who)

    def _carry(self, track: _Track, ops: Sequence[Op], me: int, step: Step, section_id: str | None,
               part: str, origin: str | None) -> _Track:
        """The track of the new text of `ops`, made from the old text's track."""
        made: list[int] = []
        first: list[int] = []
        scars: dict[int, set[int]] = {}
        at = 0
        key = (origin or "", part) if part not in self.whole else ("", part)
        for index, op in enumerate(ops):
            n = len(op.text)
            if op.kind == "equal":
                for position, who_set in track.scars.items():
                    if at <= position < at + n or (position == at + n and n):
                        scars.setdefault(len(made) + position - at, set()).update(who_set)
                made.extend(track.made[at:at + n])
                first.extend(track.first[at:at + n])
                at += n
            elif op.kind in ("insert", "move_to"):
                who = self._who(step, me, section_id, "insert", op.text, ops, index)
                made.extend([who] * n)
                first.extend([-1] * n)
            else:  # delete, move_from: the old text's characters go
                who = self._who(step, me, section_id, "delete", op.text, ops, index)
                if origin is not None or part in self.whole:
                    gone = self.deleted.setdefault(key, {})
                    for position in track.first[at:at + n]:
                        if position >= 0:
                            gone.setdefault(position, who)
                if any(m != ORIGINAL for m in track.made[at:at + n]):
                    scars.setdefault(len(made), set()).add(who)
                at += n
        return _Track(made, first, scars)

    # -------------------------------------------------------------- the final redline

    def change_credits(self, redline: Redline) -> dict[int, ChangeCredit]:
        out: dict[int, ChangeCredit] = {}
        for change in redline.changes:
            found: set[int] = set()
            if change.part in self.whole:
                found |= self._made(self.whole[change.part], change.new_start, change.new_end)
                found |= self._gone(("", change.part), change.old_start, change.old_end)
            elif change.part == "structure":
                made, gone = ("section_added", "section_promoted"), ("section_deleted", "section_demoted")
                if change.kind in made and change.new_id in self.section_made:
                    found.add(self.section_made[change.new_id])
                elif change.kind in gone and change.old_id in self.section_removed:
                    found.add(self.section_removed[change.old_id])
                elif change.kind == "section_moved" and change.new_id in self.section_moved:
                    found.add(self.section_moved[change.new_id])
            else:
                if change.new_id is not None and change.new_end > change.new_start:
                    track = self.tracks.get((change.new_id, change.part))
                    if track is not None:
                        found |= self._made(track, change.new_start, change.new_end)
                if change.old_id is not None and change.old_end > change.old_start:
                    found |= self._gone((change.old_id, change.part), change.old_start, change.old_end)
                if not found:
                    found = self._near(change)
            ordered = sorted(found, key=lambda i: (self.credits[i].date, i))
            out[change.id] = ChangeCredit(change.id, tuple(self.credits[i] for i in ordered))
        return out

    def _near(self, change: Change) -> set[int]:
        """Who changed the text just around a change: the same edit, aligned a little differently.

        Diffing each step and diffing old against new may place one edit at
        different equal spellings ("<br><br>" deleted at either of two places).
        """
        for width in (max(change.old_end - change.old_start, change.new_end - change.new_start), NEAR):
            found: set[int] = set()
            if change.new_id is not None:
                track = self.tracks.get((change.new_id, change.part))
                if track is not None:
                    found |= self._made(track, max(0, change.new_start - width), change.new_end + width)
            if change.old_id is not None:
                found |= self._gone((change.old_id, change.part), max(0, change.old_start - width),
                                    change.old_end + width)
            if found:
                return found
        return set()

    @staticmethod
    def _made(track: _Track, start: int, end: int) -> set[int]:
        found = {m for m in track.made[start:end] if m != ORIGINAL}
        for position, who in track.scars.items():
            if start < position < end:
                found |= who
        return found

    def _gone(self, key: tuple[str, str], start: int, end: int) -> set[int]:
        gone = self.deleted.get(key, {})
        return {gone[p] for p in range(start, end) if p in gone}


def blame(redline: Redline, steps: Sequence[Step]) -> dict[int, ChangeCredit]:
    """Credit each change of `redline` to the steps that made it: change id → ChangeCredit.

    `steps` is the chain of texts from the redline's old text (first) to its new
    text (last), oldest first; each step's author and date are those of whoever
    made its text from the one before (the draft's editor for a draft). A change
    whose text no step touched (possible only when `steps` does not end at the
    redline's new text) gets no credits. Raises ValueError for fewer than two steps.
    """
    if len(steps) < 2:
        raise ValueError("blame needs the chain of at least two texts, old to new")
    blamer = _Blamer(steps)
    blamer.run()
    return blamer.change_credits(redline)
