"""Two changes alike (the same kind, section and words: two commas deleted in one paragraph) are
two changes: accepting one leaves the other listed, lit and to decide, also after reopening."""

from PySide6.QtWidgets import QListWidget

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import open_sample, settled


def test_accepting_one_of_two_like_changes_leaves_the_other(qtbot, window, sample_policy):
    open_sample(qtbot, window, sample_policy)
    editor = next(e for e in window.findChild(CompareView).findChildren(SectionEditor, "draftEditor")
                  if e.toPlainText().count(",") >= 2)
    text = editor.toPlainText()
    for comma in sorted([k for k, ch in enumerate(text) if ch == ","][:2], reverse=True):
        cursor = editor.textCursor()
        cursor.setPosition(comma)
        cursor.setPosition(comma + 1, cursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        cursor.removeSelectedText()
    settled(qtbot, window)
    changes = window.findChild(QListWidget, "changeList")
    listed = [c.id for c in window.tracker.open_changes()]
    twins = [c for c in window.tracker.open_changes() if c.old_text == "," and not c.new_text]
    assert len(twins) == 2 and twins[0].new_id == twins[1].new_id
    count = changes.count()

    changes.setCurrentRow(listed.index(twins[1].id))
    assert window.decide("change", accept=True)
    assert changes.count() == count - 1
    assert [c.id for c in window.tracker.open_changes() if c.old_text == ","] == [twins[0].id]
    assert window.tracker.accepted_ids() == {twins[1].id}

    window.session.save()
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        (decision,) = pf.load_tracking()[1]["1.0"]
    assert decision.key[-1] == 1  # the second of the two
