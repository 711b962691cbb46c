"""File ▸ Merge Review from Word…: a redline sent out comes back from Word, and its people's work shows.

The document Bob returns (a deletion, an insertion and a reply, made in Word with
Track Changes on) is merged in a worker with a progress dialog; its changes are
then the draft's tracked changes against version 1.0, each credited in the
change list, to accept or reject one by one; the reply is in Rita's thread.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QToolBar

from policyeditor.gui.window.app import settings
from policyeditor.review.comments import Comments
from policyeditor.store.policyfile import PolicyFile
from tests.app.test_import_into import ADA, BOB, _returned
from tests.app.test_import_into import policy as policy  # noqa: F401  (the fixture)
from tests.gui.waiting import wait_open


@pytest.fixture
def told(monkeypatch):
    said: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _p, _title, text, *a, k=kind: said.append((k, text))))
    return said


def _rows(window) -> list[str]:
    return [window.change_list.item(k).text() for k in range(window.change_list.count())]


def test_merge_review_from_word_shows_each_change_credited_to_accept_or_reject(
        qtbot, window, policy, tmp_path, told, monkeypatch):  # noqa: F811
    returned = _returned(policy, tmp_path)
    settings().setValue("user/name", ADA)
    assert window.open_path(str(policy))
    wait_open(qtbot, window)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(returned), ""))
    file_menu = window.menuBar().actions()[0].menu()
    assert window.actions["mergeWord"] in file_menu.actions()
    assert window.actions["mergeWord"].isEnabled()
    window.actions["mergeWord"].trigger()
    assert window.findChild(QProgressDialog, "mergeWordProgress") is not None
    qtbot.waitUntil(lambda: not window.review.merging, timeout=20000)
    assert told and told[-1][0] == "information", told
    assert "tracked changes by 2 people" in told[-1][1] and "1 new reply" in told[-1][1]
    assert "version 1.0" in told[-1][1]
    assert window.base_combo.currentData() == "1.0"
    # the change list credits each change to whoever made it, once blame has run in its worker
    qtbot.waitUntil(lambda: any("resellers" in row and BOB in row for row in _rows(window)), timeout=20000)
    rows = _rows(window)
    assert any("partners" in row and BOB in row and "10 May 2026" in row for row in rows), rows
    assert any("personal" in row and ADA in row for row in rows), rows
    window.grab().save(str(tmp_path / "merged-from-word.png"))
    # reject Bob's insertion, one change: choose its row, then the toolbar's Reject Change
    row = next(k for k, text in enumerate(rows) if "resellers" in text)
    item = window.change_list.item(row)
    qtbot.mouseClick(window.change_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.change_list.visualItemRect(item).center())
    assert window.change_list.currentRow() == row
    button = next(w for bar in window.findChildren(QToolBar)
                  if (w := bar.widgetForAction(window.actions["rejectChange"])) is not None)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "resellers" not in window.session.document.policy.find("sharing").body,
                    timeout=10000)
    assert "partners" not in window.session.document.policy.find("sharing").body  # Bob's deletion stays
    qtbot.waitUntil(lambda: not any("resellers" in r for r in _rows(window)), timeout=10000)
    assert window.session.save()
    with PolicyFile.open(policy, readonly=True) as pf:
        assert "resellers" not in pf.load_draft().find("sharing").body
        thread = Comments(pf).threads()[0]
    assert [(r.author, r.body) for r in thread.replies][-1] == (BOB, "TLS 1.3 only, please.")
