"""The navigator's model follows the draft's fine-grained events: rows inserted, removed and
moved one by one, numbers and headings refreshed, and never a reset for an edit."""

from PySide6.QtCore import QModelIndex, Qt

from policyeditor.core.draft import Draft
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import numbers
from policyeditor.gui.models.sections import SectionTreeModel


def draft() -> Draft:
    return Draft(Policy(title="T", sections=[
        Section(id="a", heading="A"),
        Section(id="b", heading="B", children=[Section(id="c", heading="C"), Section(id="d", heading="D")]),
        Section(id="e", heading="E"),
    ]))


def tree(model: SectionTreeModel, parent: QModelIndex | None = None) -> list:
    parent = parent or QModelIndex()
    rows = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        rows.append((model.data(index), tree(model, index)))
    return rows


def expected(doc: Draft) -> list:
    number = numbers(doc.policy)

    def rows(sections: list[Section]) -> list:
        return [(f"{number[s.id]}  {s.heading}", rows(s.children)) for s in sections]

    return rows(doc.policy.sections)


def test_edits_update_only_what_changed(qtmodeltester):
    doc = draft()
    model = SectionTreeModel(doc)
    qtmodeltester.check(model)  # the tester stays attached and checks every signal below
    seen: list[str] = []
    model.modelAboutToBeReset.connect(lambda: seen.append("reset"))
    model.rowsInserted.connect(lambda *_: seen.append("inserted"))
    model.rowsRemoved.connect(lambda *_: seen.append("removed"))
    model.rowsMoved.connect(lambda *_: seen.append("moved"))
    changed: list[str] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.internalPointer()))

    doc.insert("b", 1, Section(id="x", heading="X"))
    assert tree(model) == expected(doc)
    assert "d" in changed  # 2.2 became 2.3
    doc.move("a", None, 2)  # down within the same parent
    assert tree(model) == expected(doc)
    doc.move("e", "b", 0)  # into another parent
    assert tree(model) == expected(doc)
    doc.move("c", None, 0)  # out, up
    assert tree(model) == expected(doc)
    doc.move("c", None, 0)  # to where it is: nothing moves
    assert tree(model) == expected(doc)
    changed.clear()
    doc.set_heading("d", "Renamed")
    assert changed == ["d"]
    assert tree(model) == expected(doc)
    doc.remove("b")
    assert tree(model) == expected(doc)
    assert seen == ["inserted", "moved", "moved", "moved", "removed"]
    qtmodeltester.check(model)


def test_ghost_rows_come_and_go_without_a_reset(qtmodeltester):
    doc = draft()
    model = SectionTreeModel(doc)
    qtmodeltester.check(model)
    resets: list[bool] = []
    model.modelAboutToBeReset.connect(lambda: resets.append(True))
    model.set_states({"a": "edited"}, [("gone1", "4 Gone"), ("gone2", "5 Gone too")])
    assert model.rowCount() == 5
    assert model.data(model.index(3, 0)) == "4 Gone (deleted)"
    model.set_states({}, [("gone2", "5 Gone too")])
    assert model.rowCount() == 4
    assert model.data(model.index(3, 0), Qt.ItemDataRole.DisplayRole) == "5 Gone too (deleted)"
    doc.insert(None, 3, Section(id="z", heading="Z"))  # before the ghosts
    assert model.data(model.index(3, 0)).endswith("Z")
    assert model.ghost_at(model.index(4, 0)) == "gone2"
    assert not resets
