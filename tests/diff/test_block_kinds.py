"""A paragraph whose kind changed and whose words did not (a bullet taken off, bullets made
numbers, a list level deeper) is a change of formatting alone, named in plain words."""

from __future__ import annotations

import json

import pytest

from policyeditor.core.body import canonical
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.json import render_json
from policyeditor.formats.redline.text import render_text

BULLETS = "Intro.\n\n- first item\n- second item"
NUMBERS = "Intro.\n\n1. first item\n2. second item"
UNBULLETED = "Intro.\n\nfirst item\n\n- second item"

CASES = [
    (BULLETS, NUMBERS, ["bullets → numbers", "bullets → numbers"]),
    (NUMBERS, BULLETS, ["numbers → bullets", "numbers → bullets"]),
    (BULLETS, UNBULLETED, ["bullet removed"]),
    (UNBULLETED, BULLETS, ["made a list item"]),
    ("Intro.\n\nfirst item", "Intro.\n\n1. first item", ["made a numbered item"]),
    ("1. first item\n2. second item", "first item\n\n1. second item", ["numbering removed", ""]),
    ("- a\n- b", "- a\n  - b", ["list level 1 → 2"]),
    ("- a\n  - b", "- a\n- b", ["list level 2 → 1"]),
    ("- a\n- b", "- a\n  1. b", ["bullets → numbers, list level 1 → 2"]),
    # a list's own first number is its kind too (clauses are cited by number); the numbers after
    # it only count on from it, with it (diff.text._counts_with_cause)
    (NUMBERS, "Intro.\n\n3. first item\n4. second item", ["numbering starts at 3"]),
    ("Intro.\n\n3. first item\n4. second item", NUMBERS, ["numbering starts at 1"]),
    ("1. a\n  1. b", "1. a\n  4. b", ["numbering starts at 4"]),
]


def redline_of(old: str, new: str):
    return compare(Policy("P", [Section("T", old, id="t")]), Policy("P", [Section("T", new, id="t")]))


@pytest.mark.parametrize("old, new, named", CASES)
def test_a_kind_changed_is_named_counts_no_words_and_resolves_exactly(old, new, named):
    redline = redline_of(old, new)
    assert [c.formatting for c in redline.changes] == named
    if all(named):
        assert redline.stats.words_inserted == redline.stats.words_deleted == 0
    assert redline.accept_all().sections[0].body == new
    assert redline.reject_all().sections[0].body == old


def test_a_bullet_taken_off_is_one_change_with_its_break():
    """The bullet and the blank line the paragraph now needs go together: accepting (rejecting)
    the change alone gives the whole new (old) text, never a paragraph glued to a list item."""
    redline = redline_of(BULLETS, UNBULLETED)
    [change] = redline.changes
    assert redline.accept(change.id).sections[0].body == UNBULLETED
    assert redline.reject(change.id).sections[0].body == BULLETS


def test_json_carries_the_kind_change():
    data = json.loads(render_json(redline_of(BULLETS, UNBULLETED)))
    assert [c["formatting"] for c in data["changes"]] == ["bullet removed"]
    ops = data["sections"][0]["ops"]
    assert {op["formatting"] for op in ops if op["op"] != "equal"} == {"bullet removed"}
    # the item's words are the change's too: what a view lights
    assert any(op["op"] == "equal" and op["text"] == "first item" and op["formatting"] for op in ops)


def test_a_start_change_resolves_alone():
    """The numbers after a list's new first number count on with it: one change, whose accept
    gives the list from 3 and whose reject the list from 1, never a list begun at 4."""
    old, new = NUMBERS, "Intro.\n\n3. first item\n4. second item"
    redline = redline_of(old, new)
    (start,) = redline.changes
    assert redline.accept(start.id).sections[0].body == new
    assert redline.reject(start.id).sections[0].body == old


CLAUSES = "Intro.\n\n" + "\n".join(f"{n}. Clause {n} applies." for n in range(1, 31))


@pytest.mark.parametrize("old, new", [
    (CLAUSES, CLAUSES.replace("\n2. Clause 2 applies.", "")),  # a clause deleted
    (CLAUSES.replace("\n2. Clause 2 applies.", ""), CLAUSES),  # a clause added
], ids=["deleted", "added"])
def test_the_numbers_after_a_clause_that_came_or_went_are_no_changes_of_their_own(old, new):
    """Deleting clause 2 of 30 is one change, as Word counts it: the 28 numbers after it count
    on with it (before: 29 changes, 28 of them numbers that showed nothing). Accepting or
    rejecting it gives each text exactly; the change says only what went or came."""
    old, new = canonical(old), canonical(new)
    redline = redline_of(old, new)
    (change,) = redline.changes
    clause = "\n2. Clause 2 applies."
    assert (change.old_text, change.new_text) in ((clause, ""), ("", clause))
    assert not change.editorial and redline.stats.changes == 1
    assert redline.accept(change.id).sections[0].body == new
    assert redline.reject(change.id).sections[0].body == old
    assert "[-" not in render_text(redline).split("Clause 3", 1)[1]  # no number after it marked
