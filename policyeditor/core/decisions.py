"""Track Changes decisions: the changes of a redline the author accepted or rejected, per base.

A redline's change ids are renumbered on every recompute, so a decision names
the change by what it is (`ChangeKey`: kind, part, section ids, old and new
text) and which of its twins it is (two commas deleted in one paragraph are two
changes: accepting one leaves the other to decide). An accepted change stays
in the draft and is no longer shown as a change against that base (Word's
Accept); a rejected one was taken out of the draft, and its decision is the
record of who took it out and when. Decisions belong to the
base they were made against: switching the base away and back finds them again.
Qt-free; the store keeps them in the .policy file (store/tracking.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

ACCEPTED = "accepted"
REJECTED = "rejected"
VERDICTS = (ACCEPTED, REJECTED)

ChangeKey = tuple[str, str, str | None, str | None, str, str, int]


class ChangeLike(Protocol):
    """What a decision reads of a redline's change (diff.redline.Change has it)."""

    kind: str
    part: str
    old_id: str | None
    new_id: str | None
    old_text: str
    new_text: str


def change_key(change: ChangeLike, twin: int = 0) -> ChangeKey:
    """What a change is, the same in every recompute of the same redline; `twin` counts the changes
    before it in reading order that are the same (see `change_keys`)."""
    return (change.kind, change.part, change.old_id, change.new_id, change.old_text, change.new_text, twin)


def change_keys(changes: Sequence[ChangeLike]) -> list[ChangeKey]:
    """The keys of a redline's changes, in reading order: each change's twins (the same kind,
    section and texts) numbered in the order they come."""
    seen: dict[ChangeKey, int] = {}
    keys = []
    for change in changes:
        first = change_key(change)
        twin = seen.get(first, 0)
        seen[first] = twin + 1
        keys.append(first if not twin else change_key(change, twin))
    return keys


@dataclass(frozen=True)
class Decision:
    """One accepted or rejected change: `key` names it; `author` and `decided` (ISO 8601 UTC)
    say by whom and when."""

    verdict: str
    key: ChangeKey
    author: str = ""
    decided: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"a decision is accepted or rejected, not {self.verdict!r}")


def decide(keys: Sequence[ChangeKey], verdict: str, author: str, when: str) -> tuple[Decision, ...]:
    """The decisions of `verdict` on the changes of `keys` (`change_keys`), by `author` at `when`."""
    return tuple(Decision(verdict, key, author, when) for key in keys)


def accepted_keys(decisions: tuple[Decision, ...]) -> frozenset[ChangeKey]:
    return frozenset(d.key for d in decisions if d.verdict == ACCEPTED)
