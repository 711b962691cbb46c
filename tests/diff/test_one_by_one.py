"""Deciding changes one at a time, as the window does, ends exactly at either version.

The window rejects a change by applying every other change of the redline to the base, then
compares the base with that draft again (`gui.editing.redline_state.decision`); the redline
accepts one change by applying it alone. Taken one by one in any order, rejecting every change
must give the old text and accepting every change the new one, to the character: each change
a redline lists must be one a reader can take back whole."""

from __future__ import annotations

import random

import pytest
from redline_helpers import CORPUS

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import DiffCache, compare
from policyeditor.diff.table_kinds import COLUMN_ADDED, COLUMN_REMOVED
from policyeditor.formats.importers import import_document

# reddit's tables gained columns: rejected (accepted) cell by cell they left empty cells, or
# never ended (the padded row read as a change again)
CASES = [("quora-privacy-policy", 1), ("quora-privacy-policy", 2), ("pinterest-terms-of-service", 1),
         ("pinterest-terms-of-service", 2), ("reddit-privacy-policy", 1)]


def texts(policy: Policy) -> list[tuple[str, str]]:
    return [(s.heading, s.body) for s, _ in policy.walk()]


def rejected_one_by_one(old: Policy, new: Policy, seed: int, limit: int = 1000) -> Policy:
    """The draft after rejecting a random open change, the redline compared again each time."""
    rnd, draft, cache = random.Random(seed), new, DiffCache()
    for _ in range(limit):
        redline = compare(old, draft, cache=cache)
        if not redline.changes:
            return draft
        chosen = rnd.choice(redline.changes).id
        draft = redline.apply(c.id for c in redline.changes if c.id != chosen)
    raise AssertionError(f"still {len(compare(old, draft).changes)} changes after {limit} rejects")


def accepted_one_by_one(old: Policy, new: Policy, seed: int, limit: int = 1000) -> Policy:
    """The old policy after accepting a random change at a time (`Redline.accept`)."""
    rnd, current = random.Random(seed), old
    for _ in range(limit):
        redline = compare(current, new)
        if not redline.changes:
            return current
        current = redline.accept(rnd.choice(redline.changes).id)
    raise AssertionError(f"still {len(compare(current, new).changes)} changes after {limit} accepts")


def _pair(name: str) -> tuple[Policy, Policy]:
    folder = CORPUS / "pairs" / name
    return tuple(import_document(sorted(folder.glob(f"{v}.*"))[0]).policy for v in ("v1", "v2"))  # type: ignore[return-value]


@pytest.mark.parametrize(("name", "seed"), CASES)
def test_rejecting_each_change_in_turn_gives_the_old_text(name: str, seed: int) -> None:
    old, new = _pair(name)
    assert texts(rejected_one_by_one(old, new, seed)) == texts(old)


@pytest.mark.parametrize(("name", "seed"), CASES)
def test_accepting_each_change_in_turn_gives_the_new_text(name: str, seed: int) -> None:
    old, new = _pair(name)
    assert texts(accepted_one_by_one(old, new, seed)) == texts(new)


def _one(body: str) -> Policy:
    return Policy(title="Policy", sections=[Section("Scope", body, [], "s1")])


NARROW = "| a | b |\n| --- | --- |\n| one | two |"
WIDE = "| a | b | c |\n| --- | --- | --- |\n| one | two | three |"
MIDDLE = "| a | c | b |\n| --- | --- | --- |\n| one | three | two |"


@pytest.mark.parametrize(("before", "after", "said"), [
    (NARROW, WIDE, COLUMN_ADDED),
    (WIDE, NARROW, COLUMN_REMOVED),
    (NARROW, MIDDLE, COLUMN_ADDED),
    ("Intro.\n\n" + NARROW + "\n\nEnd.", "Intro.\n\n" + WIDE + "\n\nEnd.", COLUMN_ADDED),
])
def test_a_column_added_or_removed_is_one_change(before: str, after: str, said: str) -> None:
    old, new = _one(before), _one(after)
    redline = compare(old, new)
    assert len(redline.changes) == 1
    assert redline.changes[0].table == said
    assert not redline.changes[0].editorial
    assert texts(redline.reject(1)) == texts(old) and texts(redline.accept(1)) == texts(new)
    assert texts(rejected_one_by_one(old, new, 1)) == texts(old)


def test_a_column_beside_other_edits_of_its_rows_stays_cells() -> None:
    """A row whose other words changed too holds no whole column: its cells stay changes of their own,
    and taking them back one by one still ends at either text."""
    old = _one(NARROW)
    new = _one("| a | b | c |\n| --- | --- | --- |\n| one | 2 | three |")
    assert len(compare(old, new).changes) > 1
    for seed in (1, 2, 3):
        assert texts(rejected_one_by_one(old, new, seed)) == texts(old)
        assert texts(accepted_one_by_one(old, new, seed)) == texts(new)
