"""Rows are made at the width they keep: the compare view's scroll bar is on show while they are
made (appearing later, it narrowed every editor made so far, and each laid its text out again),
and after the build it shows only where it is needed, as before."""

from policyeditor.core.draft import Draft
from policyeditor.core.model import Policy, Section
from policyeditor.gui.editing import compare_view
from policyeditor.gui.editing.compare_view import CompareView


def policy(sections: int) -> Policy:
    return Policy(title="Rows", sections=[
        Section(heading=f"Clause {n}", body=f"Clause {n} says this and that, at some length.", id=f"c{n}")
        for n in range(sections)])


def test_rows_are_made_at_the_width_they_keep(qtbot, monkeypatch):
    monkeypatch.setattr(compare_view, "BUILD_SLICE_MS", 0)  # a row a turn: the rows outgrow the view midway
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.set_sources(policy(40), Draft(policy(40)), base_name="1.0")
    qtbot.waitUntil(lambda: view.rows and view.rows[0].right.isVisible())
    first = view.rows[0].right
    made_at = first.width()
    qtbot.waitUntil(lambda: not view.building)
    assert view.verticalScrollBar().isVisible()
    assert first.width() == made_at


def test_after_the_build_the_scroll_bar_shows_only_where_needed(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.set_sources(policy(2), Draft(policy(2)), base_name="1.0")
    qtbot.waitUntil(lambda: not view.building)
    assert not view.verticalScrollBar().isVisible()
    view.set_sources(policy(40), Draft(policy(40)), base_name="1.0")
    qtbot.waitUntil(lambda: not view.building)
    assert view.verticalScrollBar().isVisible()
    view.set_sources(policy(2), Draft(policy(2)), base_name="1.0")
    qtbot.waitUntil(lambda: not view.building)
    assert not view.verticalScrollBar().isVisible()
