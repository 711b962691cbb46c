"""A change keeps brackets, quotes and numbers whole, and a move is credited to the section that moved."""

import copy
from pathlib import Path

import pytest

from policyeditor.diff.redline import compare
from policyeditor.diff.text import diff_body, diff_text, new_text, old_text
from policyeditor.formats.importers import import_document

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "privacy-policy.txt"


def changed(old: str, new: str) -> list[tuple[str, str]]:
    ops = diff_text(old, new)
    assert old_text(ops) == old and new_text(ops) == new
    return [(op.kind, op.text) for op in ops if op.kind != "equal"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("by using Secure Sockets Layer (SSL) software", "by using Transport Layer Security (TLS) software",
     [("delete", "Secure Sockets Layer (SSL)"), ("insert", "Transport Layer Security (TLS)")]),
    ("a fee of $1,000 per year", "a fee of $2,000 per year", [("delete", "$1,000"), ("insert", "$2,000")]),
    ("interest of 1.5% a year", "interest of 2.5% a year", [("delete", "1.5%"), ("insert", "2.5%")]),
    ("version 1.5, then", "version 1.7, then", [("delete", "1.5"), ("insert", "1.7")]),
    ("the term \u201cUser Data\u201d means", "the term \u201cCustomer Data\u201d means",
     [("delete", "User"), ("insert", "Customer")]),
    ("see clause (a) here", "see clause (b) here", [("delete", "a"), ("insert", "b")]),
])
def test_a_change_never_splits_a_unit(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert changed(old, new) == expected


def test_an_open_bracket_with_no_closer_nearby_is_left_as_diffed() -> None:
    old = "values (one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    new = "worth (one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    assert changed(old, new) == [("delete", "values"), ("insert", "worth")]


def test_brackets_stay_whole_in_a_body_and_accepting_it_alone_is_exact() -> None:
    old = "We use Secure Sockets Layer (SSL) software.\n\nOther text."
    new = "We use Transport Layer Security (TLS) software.\n\nOther text."
    ops = diff_body(old, new)
    assert old_text(ops) == old and new_text(ops) == new
    assert [op.text for op in ops if op.kind == "insert"] == ["Transport Layer Security (TLS)"]


def _sample_with_cookies_moved_up():
    policy = import_document(SAMPLE).policy
    draft = copy.deepcopy(policy)
    top = draft.sections
    index = next(k for k, s in enumerate(top) if s.heading.startswith("USE OF COOKIES"))
    moved = top.pop(index)
    top.insert(index - 1, moved)
    return policy, draft, moved


def test_a_known_move_is_credited_to_the_section_that_moved() -> None:
    policy, draft, moved = _sample_with_cookies_moved_up()
    redline = compare(policy, draft, moved=frozenset({moved.id}))
    moves = [c for c in redline.changes if c.kind == "section_moved"]
    assert [redline.sections[c.section].heading for c in moves] == ["USE OF COOKIES"]
    assert redline.accept_all().sections[3].heading == "USE OF COOKIES"
    assert [s.heading for s in redline.reject_all().sections] == [s.heading for s in policy.sections]


def test_without_a_record_the_shorter_of_two_swapped_sections_moved() -> None:
    policy, draft, _ = _sample_with_cookies_moved_up()
    redline = compare(policy, draft)
    moves = [c for c in redline.changes if c.kind == "section_moved"]
    # DISCLOSURE (199 words) is shorter than USE OF COOKIES (271): the fewest words moved
    assert [redline.sections[c.section].heading for c in moves] == ["DISCLOSURE OF YOUR INFORMATION"]
