"""The three-way draft merge on its own (no server): texts, deletions, outlines, title."""

from __future__ import annotations

from policyeditor.core.model import Policy, Section
from policyeditor.library.merge3 import TITLE, Conflict, merge


def _base() -> Policy:
    return Policy(title="Policy", sections=[
        Section("Intro", "Hello.", id="a"),
        Section("Data", "We collect.", id="b", children=[Section("Kinds", "Names.", id="b1")]),
        Section("Contact", "Write to us.", id="c"),
    ])


def _ids(policy: Policy) -> list[str]:
    return [s.id for s, _ in policy.walk()]


def test_one_side_changes_win_and_both_sides_differently_conflict():
    base, mine, theirs = _base(), _base(), _base()
    mine.find("a").body = "Hello, mine."
    theirs.find("c").body = "Write to them."
    theirs.find("b1").body = "Names and e-mails."
    mine.find("b1").body = "Names only."
    merged = merge(base, mine, theirs)
    assert merged.policy.find("a").body == "Hello, mine."
    assert merged.policy.find("c").body == "Write to them."
    assert merged.policy.find("b1").body == "Names only."  # mine kept until settled
    [conflict] = merged.conflicts
    assert (conflict.section_id, conflict.base.body, conflict.mine.body, conflict.theirs.body) == (
        "b1", "Names.", "Names only.", "Names and e-mails.")
    assert Conflict.from_data(conflict.to_data()) == conflict


def test_deleted_on_one_side_edited_on_the_other_is_kept_as_a_conflict():
    base, mine, theirs = _base(), _base(), _base()
    mine.sections.pop()  # I deleted Contact
    theirs.find("c").body = "Write to them."
    merged = merge(base, mine, theirs)
    assert merged.policy.find("c").body == "Write to them."
    [conflict] = merged.conflicts
    assert conflict.mine is None and conflict.theirs.body == "Write to them."


def test_outlines_changed_on_both_sides_keep_both_additions_and_clean_deletions():
    base, mine, theirs = _base(), _base(), _base()
    mine.sections.insert(1, Section("Scope", "Everyone.", id="m"))
    theirs.sections.append(Section("Cookies", "Some.", id="t"))
    theirs.sections.pop(0)  # they deleted Intro, which I did not touch
    merged = merge(base, mine, theirs)
    assert merged.conflicts == []
    # theirs' outline; mine's new section followed Intro, which is gone: it goes last
    assert _ids(merged.policy) == ["b", "b1", "c", "t", "m"]


def test_title_conflict_and_unchanged_merge():
    base, mine, theirs = _base(), _base(), _base()
    assert merge(base, mine, theirs).policy.content_hash() == base.content_hash()
    mine.title, theirs.title = "Mine", "Theirs"
    merged = merge(base, mine, theirs)
    assert merged.policy.title == "Mine" and merged.conflicts[0].section_id == TITLE
