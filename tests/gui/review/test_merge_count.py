"""File ▸ Merge Review from Word…: the dialog counts the changes the change list shows, in one sentence."""

from PySide6.QtWidgets import QListWidget, QMessageBox

from policyeditor.core.model import Status
from policyeditor.formats.importers import import_document
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open

OLD = "# Acme Policy\n\n## 1. Scope\n\nWe collect data.\n"
RETURNED = "# Acme Policy\n\n## 1. Scope\n\nWe collect no data.\n\n## 2. Use\n\nWe use it.\n"


def test_the_merge_dialog_counts_the_section_added_and_reads_as_one_sentence(qtbot, window, tmp_path,
                                                                             monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda parent, title, text, *a: told.append(text)))
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    policy = import_document(tmp_path / "old.md").policy
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, policy, author="Ann") as pf:
        pf.save_version(policy, "1.0", author="Ann", status=Status.APPROVED)
    assert window.open_path(str(path))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    returned = tmp_path / "returned.md"
    returned.write_text(RETURNED, encoding="utf-8")
    window.review.merge_word_from(str(returned))
    qtbot.waitUntil(lambda: not window.review.merging, timeout=20000)
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    listed = window.findChild(QListWidget, "changeList")
    assert listed.count() == 2
    assert told and told[0].startswith("2 changes (compared with the draft before) credited to ")
    assert told[0].splitlines()[0].endswith(" (tracked against version 1.0).")
