"""The three-way draft merge on its own (no server): texts, deletions, outlines, title."""

from __future__ import annotations

import copy

from policyeditor.core.model import Policy, Section
from policyeditor.library.merge3 import MINE, THEIRS, TITLE, Conflict, merge, settle


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


def test_deleted_by_me_edited_by_them_stays_deleted_in_my_copy_as_a_conflict():
    base, mine, theirs = _base(), _base(), _base()
    mine.sections.pop(1)  # I deleted Data, and Kinds in it
    theirs.find("b").body = "We collect less."
    merged = merge(base, mine, theirs)
    assert merged.policy.find("b") is None  # the copy keeps my text: deleted
    assert _ids(merged.policy) == ["a", "c"]
    [conflict] = merged.conflicts
    assert conflict.mine is None and conflict.theirs.body == "We collect less."
    assert Conflict.from_data(conflict.to_data()) == conflict
    # keep mine: still deleted; take theirs: back where it stood in theirs, with their text
    assert settle(copy.deepcopy(merged.policy), conflict, MINE).find("b") is None
    taken = settle(copy.deepcopy(merged.policy), conflict, THEIRS)
    assert _ids(taken) == ["a", "b", "c"] and taken.find("b").body == "We collect less."


def test_deleted_by_them_edited_by_me_keeps_my_text_as_a_conflict():
    base, mine, theirs = _base(), _base(), _base()
    theirs.sections.pop()  # they deleted Contact
    mine.find("c").body = "Write to me."
    merged = merge(base, mine, theirs)
    assert merged.policy.find("c").body == "Write to me."
    [conflict] = merged.conflicts
    assert conflict.theirs is None and conflict.mine.body == "Write to me."
    assert settle(copy.deepcopy(merged.policy), conflict, THEIRS).find("c") is None


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


def _move_to(policy: Policy, section_id: str, index: int, parent: str | None = None) -> None:
    """Take a section out (with its children) and put it at `index` among the top level or `parent`'s."""
    def take(sections):
        for i, s in enumerate(sections):
            if s.id == section_id:
                return sections.pop(i)
            found = take(s.children)
            if found:
                return found
        return None

    section = take(policy.sections)
    siblings = policy.sections if parent is None else policy.find(parent).children
    siblings.insert(index, section)


def test_the_same_section_moved_differently_on_both_sides_is_a_move_conflict():
    from policyeditor.library.merge3 import MOVE

    base, mine, theirs = _base(), _base(), _base()
    _move_to(mine, "c", 0)  # Contact first
    _move_to(theirs, "c", 0, parent="b")  # Contact under Data
    merged = merge(base, mine, theirs)
    [conflict] = merged.conflicts
    assert (conflict.section_id, conflict.kind) == ("c", MOVE)
    assert conflict.places == {"base": (None, "b"), "mine": (None, None), "theirs": ("b", None)}
    assert _ids(merged.policy) == ["c", "a", "b", "b1"]  # mine kept until settled
    assert Conflict.from_data(conflict.to_data()) == conflict


def test_a_move_on_each_side_of_different_sections_merges_and_the_same_move_is_no_conflict():
    base, mine, theirs = _base(), _base(), _base()
    _move_to(mine, "c", 0)  # I put Contact first
    _move_to(theirs, "b1", 0)  # they lift Kinds to the top level, first
    merged = merge(base, mine, theirs)
    assert merged.conflicts == []
    assert _ids(merged.policy)[:2] in (["c", "b1"], ["b1", "c"]) and set(_ids(merged.policy)) == {
        "a", "b", "b1", "c"}
    assert merged.policy.find("b").children == []
    same_a, same_b = _base(), _base()
    _move_to(same_a, "c", 0)
    _move_to(same_b, "c", 0)
    same_b.sections.append(Section("New", "x", id="n"))  # their outline differs otherwise too
    assert merge(base, same_a, same_b).conflicts == []


def test_a_neighbour_of_a_moved_section_is_not_moved():
    base, mine, theirs = _base(), _base(), _base()
    _move_to(mine, "a", 2)  # Intro after Contact: Data now has no previous sibling
    theirs.sections.insert(0, Section("Scope", "All.", id="s"))
    _move_to(theirs, "c", 1)  # Contact before Intro: for both, Data's neighbours change
    merged = merge(base, mine, theirs)
    assert merged.conflicts == []
    assert _ids(merged.policy) == ["s", "c", "a", "b", "b1"]


def test_settle_takes_mine_theirs_or_an_edit():
    from policyeditor.library.merge3 import EDITED, MINE, THEIRS, Side, settle

    base, mine, theirs = _base(), _base(), _base()
    mine.find("a").body, theirs.find("a").body = "Mine.", "Theirs."
    _move_to(mine, "c", 0)
    _move_to(theirs, "c", 0, parent="b")
    merged = merge(base, mine, theirs)
    text, move = sorted(merged.conflicts, key=lambda c: c.kind, reverse=True)
    assert settle(merged.policy, text, MINE).find("a").body == "Mine."
    assert settle(merged.policy, text, EDITED, Side("Intro", "Both.")).find("a").body == "Both."
    assert settle(merged.policy, text, THEIRS).find("a").body == "Theirs."
    settled = settle(merged.policy, move, THEIRS)
    assert [s.id for s in settled.find("b").children] == ["c", "b1"]
    assert _ids(settled) == ["a", "b", "c", "b1"]
