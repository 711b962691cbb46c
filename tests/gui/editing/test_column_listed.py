"""A table column added or removed is listed as one change, by its cells' words, not its markup."""

from __future__ import annotations

import pytest

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.gui.editing.change_list import describe

NARROW = "| a | b |\n| --- | --- |\n| one | two |"
WIDE = "| a | b | c |\n| --- | --- | --- |\n| one | two | three |"


def _one(body: str) -> Policy:
    return Policy(title="Policy", sections=[Section("Scope", body, [], "s1")])


@pytest.mark.parametrize(("old", "new", "said"), [
    (NARROW, WIDE, "Column added: c / three · §1 Scope"),
    (WIDE, NARROW, "Column removed: c / three · §1 Scope"),
])
def test_a_column_is_listed_by_its_cells(old: str, new: str, said: str) -> None:
    redline = compare(_one(old), _one(new))
    assert [describe(c, redline) for c in redline.changes] == [said]
