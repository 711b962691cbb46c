"""A paragraph made a table row with its words kept is one change, "Made a table row": the side-by-
side view lights the paragraph deleted on the base's side and the row's words inserted on the
draft's, and the inline view draws both (on main the change list held "“Logs” → “Logs”" and two
changes with no words, and switching to the inline view failed on the redline's table)."""

from policyeditor.gui.editing.change_marks import deleted_format, inserted_format
from policyeditor.gui.window.main_window import INLINE
from tests.gui.editing.test_inline_keys import policy_file
from tests.gui.editing.test_side_kinds import lit, side_by_side
from tests.gui.waiting import settled

APPROVED = "We keep these records.\n\nLogs 1 year\n\nWe delete the rest."
DRAFT = "We keep these records.\n\n| Logs | 1 year |\n| --- | --- |\n\nWe delete the rest."


def test_a_paragraph_made_a_table_row_is_deleted_and_inserted_in_both_views(qtbot, window, tmp_path):
    listed, row = side_by_side(qtbot, window, policy_file(tmp_path / "rows.policy", APPROVED, DRAFT))
    assert listed == ["Made a table row"]
    assert lit(row.left, deleted_format()) == ["Logs 1 year"]
    assert lit(row.right, inserted_format()) == ["Logs", "1 year"]

    window.set_view(INLINE)
    settled(qtbot, window)
    lines = window.inline_view.toPlainText().split("\n")
    start = lines.index("We keep these records.")
    assert lines[start:start + 5] == ["We keep these records.", "Logs 1 year", "Logs", "1 year", ""]
    window.actions["nextChange"].trigger()
    assert window.decide("change", accept=False)  # the row rejected: the paragraph back, whole
    settled(qtbot, window)
    assert window.session.document.section("data").body == APPROVED
