"""Merge review from… in the window says, for an approval made without a key before the policy had a
roster, the same one sentence as the command line: what happened and what brings it in."""

from __future__ import annotations

import shutil

from policyeditor.review.workflow import Workflow
from policyeditor.store.policyfile import PolicyFile
from tests.gui.review.test_review import as_user, told  # noqa: F401 (told: a fixture)
from tests.gui.waiting import wait_open
from tests.review.test_merge_unsigned_way_out import (  # noqa: F401 (people: a fixture)
    ADA,
    BEFORE_ROSTER,
    RITA,
    add_roster,
    in_review,
    people,
)


def test_the_window_tells_how_an_approval_without_a_key_comes_in(qtbot, window, tmp_path, people, told):  # noqa: F811
    mine, copy = tmp_path / "policy.policy", tmp_path / "review.policy"
    in_review(mine)
    shutil.copy(mine, copy)
    with PolicyFile.open(copy) as theirs:
        Workflow(theirs).approve("1.0", RITA)
    add_roster(mine, people)
    as_user(ADA)
    assert window.open_path(str(mine))
    wait_open(qtbot, window)
    assert window.review.merge_from(str(copy))
    qtbot.waitUntil(lambda: not window.review.merging, timeout=10000)
    kind, title, text = told[-1]
    assert (kind, title) == ("information", "Review merged")
    assert text == f"Nothing new in review.policy.\n\n• {BEFORE_ROSTER}"
