"""What Track Changes remember outlives the window: moves stay credited to the section that
moved, and decisions stay decided, after the file is closed and opened again."""

import json
import re

from PySide6.QtWidgets import QLabel, QTreeView

from policyeditor.gui.window.app import settings
from policyeditor.gui.window.main_window import MainWindow
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open


def settled(qtbot, window):
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)


def reopened(qtbot, window, path) -> MainWindow:
    window.close()
    again = MainWindow(settings())
    qtbot.addWidget(again)
    again.show()
    assert again.open_path(str(path))
    wait_open(qtbot, again)
    settled(qtbot, again)
    return again


def test_a_move_stays_credited_to_the_moved_section_after_reopening(qtbot, window, sample_policy):
    """USE OF COOKIES moved above DISCLOSURE: after reopening, the move is still its own."""
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    top = window.session.document.policy.sections
    cookies = next(s.id for s in top if s.heading.startswith("USE OF COOKIES"))
    disclosure = next(s.id for s in top if s.heading.startswith("DISCLOSURE"))
    navigator = window.findChild(QTreeView, "sectionNavigator")
    navigator.setCurrentIndex(navigator.model().index_of(cookies))
    window.actions["moveUp"].trigger()
    settled(qtbot, window)
    assert window.compare_view.states().get(cookies) == "moved"
    window = reopened(qtbot, window, sample_policy)
    assert window.session.document.moved == {cookies}
    assert window.compare_view.states().get(cookies) == "moved"
    assert window.compare_view.states().get(disclosure) != "moved"
    moves = [c for c in window.changes.shown_changes() if c.kind == "section_moved"]
    assert [c.new_id for c in moves] == [cookies]
    # the window's redline export and the command line credit the same section (both said DISCLOSURE)
    from policyeditor.app.export import export
    from policyeditor.cli import main
    from policyeditor.gui.export.export_dialog import FORMATS, ExportChoices
    from policyeditor.gui.export.export_ui import ExportRequests

    redline_html = next(f for f in FORMATS if f.kind == "html" and f.redline)
    out = sample_policy.with_name("redline.html")
    choices = ExportChoices(redline_html, None, "1.0", False, out)  # the draft, against 1.0
    export(ExportRequests(window.session, [], "Ada Author")(choices))
    moved_to = re.findall(r'class="moved" data-note="moved from [^"]*"><h2><span[^>]*></span>([^<]*)',
                          out.read_text(encoding="utf-8"))
    assert [heading[:14] for heading in moved_to] == ["USE OF COOKIES"]
    window.close()
    said_json = out.with_suffix(".json")
    assert main(["compare", f"{sample_policy}@1.0", str(sample_policy), "-o", str(said_json)]) == 0
    said = json.loads(said_json.read_text(encoding="utf-8"))["changes"]
    assert [c["new_id"] for c in said if c["kind"] == "section_moved"] == [cookies]


def test_an_accepted_change_stays_accepted_after_reopening(qtbot, window, sample_policy):
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    document = window.session.document
    first = next(s for s, _ in document.policy.walk() if s.body)
    editor = window.compare_view.row_of(first.id).right
    editor.setFocus()
    qtbot.keyClicks(editor, "Lately, ")
    settled(qtbot, window)
    assert len(window.shown_changes()) == 1
    window.change_list.setCurrentRow(0)
    assert window.decide("change", accept=True)
    settled(qtbot, window)
    assert window.shown_changes() == []
    window.session.save()  # as autosave does
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        (decision,) = pf.load_tracking()[1]["1.0"]
        assert decision.verdict == "accepted" and decision.key[5] == "Lately, "
    window = reopened(qtbot, window, sample_policy)
    assert window.shown_changes() == [] and window.compare_view.change_count() == 0
    assert window.session.document.section(first.id).body.startswith("Lately, ")  # still in the draft
    window.close()


def test_a_rejected_change_leaves_the_list_and_the_lights_at_once(qtbot, window, sample_policy):
    """Before the redline of the draft without it is in: the list, the counts and the navigator."""
    window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    document = window.session.document
    first = next(s for s, _ in document.policy.walk() if s.body)
    editor = window.compare_view.row_of(first.id).right
    editor.setFocus()
    qtbot.keyClicks(editor, "Lately, ")
    settled(qtbot, window)
    window.change_list.setCurrentRow(0)
    assert window.decide("change", accept=False)
    assert window.tracker.pending  # the redline of the draft as it is now is still being made
    assert window.change_list.count() == 0 and window.shown_changes() == []
    assert window.findChild(QLabel, "statusChanges").text() == "0 changes"
    assert not document.section(first.id).body.startswith("Lately, ")
    settled(qtbot, window)
    assert window.change_list.count() == 0 and window.compare_view.change_count() == 0
    assert window.compare_view.states().get(first.id, "") == ""
    (decision,) = document.decisions["1.0"]
    assert decision.verdict == "rejected" and decision.key[5] == "Lately, "
    # undo brings the words and their change back
    window.actions["undo"].trigger()
    settled(qtbot, window)
    assert document.section(first.id).body.startswith("Lately, ") and window.change_list.count() == 1
    assert document.decisions == {}
