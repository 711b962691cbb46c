"""A draft whose effective date changed: the window lists the change, and rejecting it puts the
approved date back (the date lines are the policy's, not a section's: no pane holds them)."""

from PySide6.QtWidgets import QLabel, QListWidget

from policyeditor.core.model import Status
from policyeditor.formats.importers import import_document
from policyeditor.store.policyfile import PolicyFile
from tests.conftest import CORPUS
from tests.gui.waiting import wait_open

PAIR = CORPUS / "pairs" / "quora-privacy-policy"


def test_a_changed_date_is_listed_and_rejected(qtbot, window, tmp_path):
    approved = import_document(PAIR / "v1.md").policy
    draft = approved.copy()
    draft.dates = {"Last Updated": "Jul 24, 2023"}
    path = tmp_path / "quora.policy"
    with PolicyFile.create(path, approved, author="Test") as pf:
        pf.save_version(approved, "1.0", author="Test", note="first", status=Status.APPROVED)
        pf.save_draft(draft)
    window.open_path(str(path))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.tracker.pending and window.tracker.redline is not None, timeout=5000)
    changes = window.findChild(QListWidget, "changeList")
    shown = [changes.item(k).text() for k in range(changes.count())]
    assert [line.split(" · Test")[0] for line in shown] == ["Replaced · Dates: “June 15” → “Jul 24”",
                                                            "Replaced · Dates: “2022” → “2023”"]
    assert window.findChild(QLabel, "statusChanges").text() == "2 changes"
    changes.setCurrentRow(1)
    assert window.decide("change", accept=False)  # the year alone back
    assert window.session.document.policy.dates == {"Last Updated": "Jul 24, 2022"}
    window.actions["undo"].trigger()
    assert window.session.document.policy.dates == {"Last Updated": "Jul 24, 2023"}
