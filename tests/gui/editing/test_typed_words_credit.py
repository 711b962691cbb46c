"""Words typed in the window are credited to its user, in the change list as in its redline exports.

The fault: in a file made by "Test", Ada typed a sentence; the change list credited it to Test (the
file's last named actor), while the window's own redline DOCX said w:author="Ada Author"; once saved,
`policyeditor compare` credited Test too.
"""

import json

from PySide6.QtWidgets import QListWidget

from policyeditor.cli import main
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.window.app import settings
from policyeditor.review.credits import draft_editor
from policyeditor.store.policyfile import PolicyFile
from tests.gui.editing.test_editing import type_into
from tests.gui.waiting import open_sample


def test_typed_words_are_credited_to_the_windows_user(qtbot, window, sample_policy):
    settings().setValue("user/name", "Ada Author")
    open_sample(qtbot, window, sample_policy)  # made by "Test", version 1.0 its base
    type_into(qtbot, window.findChild(CompareView).findChildren(SectionEditor, "draftEditor")[0],
              " Ada typed this.")
    changes = window.findChild(QListWidget, "changeList")
    qtbot.waitUntil(lambda: changes.count() == 1 and "Ada Author" in changes.item(0).text(), timeout=10000)
    assert "Test" not in changes.item(0).text()
    # saved, the file records her: the list still credits her, and so does the command line
    assert window.session.save()
    window.changes.show_changes()
    qtbot.waitUntil(lambda: changes.count() == 1 and "Ada Author" in changes.item(0).text(), timeout=10000)
    with PolicyFile.open(sample_policy, readonly=True) as pf:
        assert draft_editor(pf) == "Ada Author"
    window.close()
    out = sample_policy.with_name("r.json")
    assert main(["compare", f"{sample_policy}@1.0", str(sample_policy), "-o", str(out)]) == 0
    [change] = json.loads(out.read_text(encoding="utf-8"))["changes"]
    assert [credit["author"] for credit in change["credits"]] == ["Ada Author"]
