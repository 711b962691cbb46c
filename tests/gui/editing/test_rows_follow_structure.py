"""A structural edit changes only its own rows in the compare view.

Inserting, removing or moving a section adds, takes away or moves that section's
rows; every other row keeps its widgets (the same objects), the scroll stays
where it was, and what the view shows is what a view built afresh shows.
"""

import pytest
from PySide6.QtWidgets import QLabel

from policyeditor.core.draft import Draft
from policyeditor.core.model import Policy, Section
from policyeditor.gui.editing import compare_view
from policyeditor.gui.editing.compare_view import CompareView


def policy() -> Policy:
    parts = [Section(heading=f"Part {n}", body=f"Introduction to part {n}.", id=f"p{n}") for n in range(6)]
    for n in range(30):
        parts[n % 6].children.append(Section(heading=f"Clause {n}", body=f"Clause {n} says this and that.",
                                             id=f"c{n}"))
    return Policy(title="Rows", sections=parts)


def shown(view: CompareView) -> list[tuple]:
    """What every row shows, in order; the rows' list is the order on show."""
    tops = [view.top_of(row.cell) for row in view.rows]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    out = []
    for row in view.rows:
        labels = sorted(label.text() for cell in (row.left_cell, row.right_cell)
                        for label in cell.findChildren(QLabel) if label.isVisibleTo(view))
        out.append((row.key, row.role, row.state, tuple(labels), row.texts(),
                    row.right_heading.text() if row.right_heading else None,
                    row.right_heading.toolTip() if row.right_heading else None))
    return out


def widgets(view: CompareView) -> dict:
    return {row.shape(): (row.left_cell, row.right_cell, row.left, row.right, row.right_heading)
            for row in view.rows}


@pytest.fixture(params=["a page a row", "one page"])
def views(qtbot, monkeypatch, request):
    # a page is a slice's grid: one row a slice, so rows move from page to page, or all in one
    monkeypatch.setattr(compare_view, "BUILD_SLICE_MS", 0 if request.param == "a page a row" else 60_000)
    base = policy()
    document = Draft(policy())
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.set_sources(base, document, base_name="1.0")
    qtbot.waitUntil(lambda: not view.building and not view.placing)  # the start's scroll is settled
    assert (len(view._pages) > 1) == (request.param == "a page a row")

    def fresh() -> CompareView:
        again = CompareView()
        qtbot.addWidget(again)
        again.resize(800, 400)
        again.show()
        again.set_sources(base, document, base_name="1.0")
        qtbot.waitUntil(lambda: not again.building)
        return again

    return view, document, fresh


@pytest.mark.parametrize("edit", ["insert", "remove", "move", "move between parents", "undo of a move"])
def test_a_structural_edit_keeps_the_other_rows_widgets(qtbot, views, edit):
    view, document, fresh = views
    view.verticalScrollBar().setValue(120)
    scroll = view.verticalScrollBar().value()
    assert scroll == 120
    before = widgets(view)
    if edit == "insert":
        document.insert("p4", 1, Section(heading="New clause", body="Added text.", id="new"))
        touched = {"new"}
    elif edit == "remove":
        document.remove("c16")  # in part 4, below the view's top
        touched = {"c16"}
    elif edit == "move":
        document.move("c22", "p4", 0)  # up within part 4, past c4, c10 and c16
        touched = {"c22"}
    elif edit == "move between parents":
        document.move("c23", "p3", 1)  # into another part: rows move from page to page
        touched = {"c23"}
    else:
        old = document.move("c22", "p4", 0)
        qtbot.waitUntil(lambda: not view.building)
        before = widgets(view)
        document.move("c22", *old)
        touched = {"c22"}
    qtbot.waitUntil(lambda: not view.building)
    after = widgets(view)
    kept = [shape for shape in before if not touched & {shape[0], shape[1]}]
    assert kept and all(shape in after for shape in kept)
    assert all(after[shape][k] is before[shape][k] for shape in kept for k in range(5))
    assert view.verticalScrollBar().value() == scroll
    assert shown(view) == shown(fresh())


def test_renumbering_keeps_every_row(qtbot, views):
    from policyeditor.core.numbering import LevelStyle, NumberingStyle

    view, document, fresh = views
    before = widgets(view)
    document.set_numbering(NumberingStyle((LevelStyle("upper-roman", after="."),
                                           LevelStyle("lower-letter", "(", ")", joined=False))))
    qtbot.waitUntil(lambda: not view.building)
    after = widgets(view)
    assert after.keys() == before.keys()
    assert all(after[shape][0] is before[shape][0] for shape in before)
    assert shown(view) == shown(fresh())


def test_the_rows_have_no_height_for_width_and_long_headings_still_wrap(qtbot):
    # a height-for-width in the rows had the scroll area measure every row made so far again after
    # each slice while a large policy opened (most of the UI thread's time at 2,000 sections)
    words = " ".join(f"word{n}" for n in range(40))
    base = Policy(title="Long", sections=[Section(heading=words, body="Text.", id="a"),
                                          Section(heading="Short", body="Text.", id="b")])
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    view.set_sources(base, Draft(base.copy()))
    qtbot.waitUntil(lambda: not view.building)
    assert not view.widget().layout().hasHeightForWidth()
    long_title, short_title = (row.left_title for row in view.rows)
    qtbot.waitUntil(lambda: long_title.height() > 2 * short_title.height())  # wrapped at its width
    assert long_title.height() == long_title.heightForWidth(long_title.width())


def test_a_page_emptied_goes_with_its_shelf_and_new_rows_find_a_page(qtbot, monkeypatch):
    # no base: every row is the draft's alone, so removing the sections of a page empties it
    monkeypatch.setattr(compare_view, "BUILD_SLICE_MS", 0)  # a page a row
    document = Draft(Policy(title="Rows", sections=[Section(heading=f"S{n}", body=f"Text {n}.", id=f"s{n}")
                                                    for n in range(3)]))
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    view.set_sources(None, document)
    qtbot.waitUntil(lambda: not view.building and not view.placing)
    assert len(view._pages) == 3 and len(view._shelves) == 1
    document.remove("s0")
    assert [row.key for row in view.rows] == [(None, "s1"), (None, "s2")] and len(view._pages) == 2
    for section_id in ("s1", "s2"):
        document.remove(section_id)
    assert view.rows == [] and view._pages == [] and view._shelves == []
    document.insert(None, 0, Section(heading="Again", body="A new start.", id="again"))
    assert [row.key for row in view.rows] == [(None, "again")]
    assert len(view._pages) == 1 and len(view._shelves) == 1
    qtbot.waitUntil(lambda: view.rows[0].right_cell.isVisible())
