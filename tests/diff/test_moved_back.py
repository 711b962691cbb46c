"""A section its author moved and put back (the move undone, or moved back) is no move.

The fault (a probe, in the window): Move Section Down then Undo (or Move Down then Move Up) left
"Section moved · §3" in the change list, "1 change" in the status bar, a green bar in the
navigator, and 25 moveFrom/moveTo runs in the redline DOCX, for a section standing where it
stood: the draft's record of moved sections outlived the move, and the compare trusted it.
"""

from __future__ import annotations

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare


def _policy(order: str, nested: bool = False) -> Policy:
    sections = {k: Section(f"Heading {k}", f"The words of section {k}, " * (3 if k == "a" else 1), id=k)
                for k in "abc"}
    if nested:
        sections["a"].children.append(Section("Inner", "Inner words.", id="inner"))
    return Policy(title="P", sections=[sections[k] for k in order])


def _moved(redline) -> list[str]:
    return [c.new_id for c in redline.changes if c.kind == "section_moved"]


def test_a_section_recorded_as_moved_but_back_in_place_is_unchanged():
    redline = compare(_policy("abc"), _policy("abc"), moved=frozenset({"b"}))
    assert redline.changes == () and _moved(redline) == []


def test_a_section_still_moved_is_credited_as_its_author_moved_it():
    # without the record the longer "a" stays and "b" is the one that moved; the author moved "a"
    assert _moved(compare(_policy("abc"), _policy("bac"))) == ["b"]
    assert _moved(compare(_policy("abc"), _policy("bac"), moved=frozenset({"a"}))) == ["a"]


def test_a_section_under_another_parent_is_not_back_in_place():
    old, new = _policy("abc", nested=True), _policy("abc", nested=True)
    new.sections[1].children.append(new.sections[0].children.pop())  # "inner" now under "b"
    assert _moved(compare(old, new, moved=frozenset({"inner"}))) == ["inner"]
