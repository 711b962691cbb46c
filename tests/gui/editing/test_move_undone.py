"""A section moved and put back shows no move: not in the change list, the navigator or the status bar.

The fault (a probe): Move Section Down then Undo, or Move Down then Move Up, left "Section moved"
in the change list, "1 change" in the status bar and the navigator's green bar, which Reject did
not clear and which the saved file and its redline exports kept.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTreeView

from tests.gui.editing.test_editing import wait_lit
from tests.gui.waiting import wait_open


def test_a_move_undone_or_moved_back_leaves_no_change(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    navigator = window.findChild(QTreeView, "sectionNavigator")
    model = navigator.model()
    first = window.session.document.policy.sections[0].id
    for put_back in (window.actions["undo"], window.actions["moveUp"]):
        navigator.setCurrentIndex(model.index_of(first))
        window.actions["moveDown"].trigger()
        view = wait_lit(qtbot, window)
        qtbot.waitUntil(lambda view=view: "moved" in view.states().values(), timeout=5000)
        put_back.trigger()
        assert window.session.document.policy.sections[0].id == first
        qtbot.waitUntil(lambda: not window.changes.shown_changes(), timeout=5000)
        assert "moved" not in view.states().values()
