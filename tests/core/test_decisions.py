"""Track Changes decisions on the draft (Qt-free): named by what a change is, kept per base,
changed only through `Draft.set_decisions`, which tells its listeners."""

from dataclasses import dataclass

import pytest

from policyeditor.core.decisions import (
    ACCEPTED,
    REJECTED,
    Decision,
    accepted_keys,
    change_key,
    change_keys,
    decide,
)
from policyeditor.core.draft import DecisionsChanged, Draft
from policyeditor.core.model import Policy, Section


@dataclass
class FakeChange:
    kind: str
    part: str
    old_id: str | None
    new_id: str | None
    old_text: str
    new_text: str
    id: int = 0


def test_a_change_is_named_by_what_it_is_not_its_id():
    one = FakeChange("insert", "body", "a", "a", "", "new words", id=1)
    same = FakeChange("insert", "body", "a", "a", "", "new words", id=7)
    assert change_key(one) == change_key(same)
    (made,) = decide([change_key(one)], ACCEPTED, "Ann", "2026-01-01T00:00:00Z")
    assert made == Decision(ACCEPTED, change_key(same), "Ann", "2026-01-01T00:00:00Z")
    assert accepted_keys((made, Decision(REJECTED, (*("delete",) * 6, 0)))) == {change_key(one)}
    with pytest.raises(ValueError):
        Decision("maybe", change_key(one))


def test_twins_are_two_changes_each_decided_alone():
    """Two commas deleted in one paragraph are the same kind, section and text: each is its own
    change, counted in reading order, so accepting the second leaves the first to decide."""
    comma = FakeChange("delete", "body", "a", "a", ",", "")
    other = FakeChange("insert", "body", "a", "a", "", "x")
    keys = change_keys([comma, other, comma])
    assert keys[0] == change_key(comma) and keys[2] == change_key(comma, 1) and keys[0] != keys[2]
    assert keys[1] == change_key(other)
    accepted = accepted_keys(decide([keys[2]], ACCEPTED, "Ann", "t"))
    assert [key in accepted for key in keys] == [False, False, True]


def test_decisions_are_kept_per_base_and_told_to_listeners():
    draft = Draft(Policy("P", [Section("H", "Text.")]))
    seen = []
    draft.subscribe(seen.append)
    made = decide([change_key(FakeChange("insert", "body", "a", "a", "", "x"))], ACCEPTED, "Ann", "t")
    revision = draft.revision
    assert draft.set_decisions("1.0", made) == ()
    assert draft.decisions == {"1.0": made} and seen == [DecisionsChanged("1.0")]
    assert draft.revision == revision + 1  # autosave sees it
    assert draft.set_decisions("1.0", ()) == made
    assert draft.decisions == {}  # nothing kept for a base with no decisions


def test_a_draft_starts_with_what_was_saved():
    made = decide([FakeChange("delete", "body", "a", "a", "old", "")], REJECTED, "Ann", "t")
    draft = Draft(Policy("P"), moved={"s1"}, decisions={"1.0": made})
    assert draft.moved == {"s1"} and draft.decisions == {"1.0": made}
