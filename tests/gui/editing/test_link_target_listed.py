"""A link's new destination shows in the window: the change list item and its tooltip name both targets."""

from PySide6.QtWidgets import QListWidget

from policyeditor.app.importing import import_into
from policyeditor.core.model import Status
from policyeditor.formats.importers import import_document
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open

OLD = "# Policy\n\n## 1. Cookies\n\nRead our [Cookie Policy](https://example.com/cookies) for more.\n"
NEW = "# Policy\n\n## 1. Cookies\n\nRead our [Cookie Policy](https://evil.example.net/tracking) for more.\n"


def test_the_change_list_names_the_old_and_new_link_targets(qtbot, window, tmp_path):
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.md").write_text(NEW, encoding="utf-8")
    path = tmp_path / "p.policy"
    policy = import_document(tmp_path / "old.md").policy
    with PolicyFile.create(path, policy, author="Ann") as pf:
        pf.save_version(policy, "1.0", author="Ann", status=Status.APPROVED)
    import_into(tmp_path / "new.md", path, author="Bob")
    assert window.open_path(str(path))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.busy(), timeout=20000)
    listed = window.findChild(QListWidget, "changeList")
    qtbot.waitUntil(lambda: listed.count() == 1, timeout=5000)
    targets = "https://example.com/cookies \u2192 https://evil.example.net/tracking"
    assert targets in listed.item(0).text()
    assert targets in listed.item(0).toolTip()
