"""Trust in the window (issue 14): Approve Version asks first, the Versions panel names approvers and
notes, and Preferences shows, makes and exports your identity, which then signs your approvals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox

from policyeditor.core.model import Status
from policyeditor.gui.editing.commands import SetBody
from policyeditor.gui.versions.versions_panel import APPROVERS, NOTE
from policyeditor.gui.window.app import settings
from policyeditor.gui.window.dialogs import PreferencesDialog
from policyeditor.gui.window.identity_box import SETTING
from policyeditor.review import identity as ids
from policyeditor.review import signing
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments
from policyeditor.store.policyfile import PolicyFile
from tests.gui.review.approve_helpers import answer_approval
from tests.gui.waiting import wait_open

AUTHOR, REVIEWER = "Ada Author", "Rita Reviewer"
PASS = "correct horse battery staple"


@pytest.fixture(autouse=True)
def no_identity(monkeypatch):
    """Each test starts without an identity, leaves none behind, and keeps keys out of the OS keyring."""
    monkeypatch.setenv(ids.NO_KEYRING_ENV, "1")
    s = settings()
    s.setValue(SETTING, "")
    yield
    s.setValue(SETTING, "")
    s.sync()


@pytest.fixture
def told(monkeypatch):
    """What the window told in message boxes: (kind, title, text)."""
    messages = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *a, k=kind: messages.append((k, title, text))))
    return messages


def as_user(name):
    s = settings()
    s.setValue("user/name", name)
    s.setValue("user/initials", "")
    s.sync()


def in_review(qtbot, window, sample_policy, note="Shorter retention, as the board asked."):
    """Open the sample as Ada, save version 1.1 with `note` and submit it."""
    as_user(AUTHOR)
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    qtbot.waitUntil(lambda: not window.busy(), timeout=5000)
    section = window.session.document.section(window.session.document.policy.sections[0].id)
    window.push(SetBody(window.session.document, section.id, section.body + " Reviewed words."))
    assert window.save_version("1.1", note)
    assert window.versions_panel.select("1.1")
    window.actions["submitForReview"].trigger()
    return window.versions_panel


def comment_on_1_1(window, body="Is a year long enough?"):
    pf = window.session.file
    policy = pf.version("1.1").policy
    section = policy.sections[0]
    from policyeditor.core.body import plain_text

    text = plain_text(section.body)
    word = text.split()[0]
    return Comments(pf).comment(REVIEWER, make_anchor(section.id, text, 0, len(word)), body, version="1.1")


def test_approve_version_asks_naming_the_version_its_hash_and_open_comments(qtbot, window, sample_policy):
    panel = in_review(qtbot, window, sample_policy)
    thread = comment_on_1_1(window)
    window.review.refresh()
    digest = window.session.file.version("1.1").policy.content_hash()
    as_user(REVIEWER)
    seen: list[str] = []
    answer_approval(qtbot, approve=False, seen=seen)
    window.actions["approveVersion"].trigger()
    assert seen and "Approve version 1.1?" in seen[0] and digest in seen[0]
    assert "1 comment is still open" in seen[0]
    assert "Is a year long enough?" in seen[0] and REVIEWER in seen[0]
    assert panel.list.currentItem().text(3) == "In review"  # cancelled: nothing changed

    Comments(window.session.file).resolve(thread.id, REVIEWER)
    seen.clear()
    answer_approval(qtbot, seen=seen)
    window.actions["approveVersion"].trigger()
    assert "still open" not in seen[0]
    assert panel.select("1.1") and panel.list.currentItem().text(3) == "Approved"


def test_the_versions_panel_shows_approvers_and_notes(qtbot, window, sample_policy):
    panel = in_review(qtbot, window, sample_policy)
    item = panel.list.currentItem()
    assert item.text(NOTE) == "Shorter retention, as the board asked." and item.text(APPROVERS) == ""
    as_user(REVIEWER)
    answer_approval(qtbot)
    window.actions["approveVersion"].trigger()
    panel.select("1.1")
    item = panel.list.currentItem()
    assert item.text(APPROVERS) == f"{REVIEWER} (unsigned)"  # no identity chosen: said so
    header = panel.list.headerItem()
    assert header.text(APPROVERS) == "Approved by" and header.text(NOTE) == "Note"
    panel.select("1.0")
    assert panel.list.currentItem().text(NOTE) == "first"
    panel.resize(900, 220)
    panel.grab().save(str(sample_policy.parent / "versions-panel.png"))


def test_preferences_make_show_and_export_an_identity_which_then_signs_approvals(
        qtbot, window, sample_policy, tmp_path, monkeypatch):
    panel = in_review(qtbot, window, sample_policy)  # Ada's work, on her machine
    as_user(REVIEWER)  # Rita's machine: she makes her identity, then approves
    key = tmp_path / "rita"
    answers = iter([(REVIEWER, True), (PASS, True)])  # the name, then the key file's passphrase
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(key), "")))
    dialog = PreferencesDialog(settings(), window)
    qtbot.addWidget(dialog)
    box = dialog.identity_box
    label = box.findChild(QLabel, "identityLabel")
    assert "No identity" in label.text() and not box.export_button.isEnabled()
    qtbot.mouseClick(box.new_button, Qt.MouseButton.LeftButton)
    public = ids.public_of(key)
    assert REVIEWER in label.text() and ids.grouped(public.fingerprint, 16) in label.text()
    assert box.export_button.isEnabled()

    exported = tmp_path / "rita-for-the-owner.pub"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(exported), "")))
    qtbot.mouseClick(box.export_button, Qt.MouseButton.LeftButton)
    assert ids.read_pub(exported) == public
    dialog.grab().save(str(tmp_path / "preferences.png"))
    dialog.accept()
    assert settings().value(SETTING) == str(key)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS, True)))
    answer_approval(qtbot)
    window.actions["approveVersion"].trigger()
    panel.select("1.1")
    assert panel.list.currentItem().text(3) == "Approved"
    assert panel.list.currentItem().text(APPROVERS) == f"{REVIEWER} ({ids.grouped(public.fingerprint, 2)})"
    with PolicyFile.open(window.session.path, readonly=True) as pf:
        signed = [s for s in signing.read(pf, "approval") if s.valid]
        assert [s.signer.key for s in signed] == [public.key] and pf.version("1.1").status == Status.APPROVED


def test_a_wrong_passphrase_is_one_sentence_and_approves_nothing(qtbot, window, sample_policy, tmp_path,
                                                                 monkeypatch, told):
    panel = in_review(qtbot, window, sample_policy)
    as_user(REVIEWER)
    key = tmp_path / "rita"
    ids.new_identity(REVIEWER, key, PASS)
    settings().setValue(SETTING, str(key))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("wrong", True)))
    answer_approval(qtbot)
    window.actions["approveVersion"].trigger()
    assert told[-1][0] == "warning" and told[-1][2] == "Wrong passphrase for rita."
    panel.select("1.1")
    assert panel.list.currentItem().text(3) == "In review"


def test_approve_signs_an_approval_made_without_a_key_before_the_roster(qtbot, window, sample_policy,
                                                                        tmp_path, monkeypatch):
    """Approved without a key, then the owner starts a roster: Approve stays on for that version, says
    what it does, and adds the approver's signed approval of the same text (the library takes that)."""
    from policyeditor.review import roster as rosters

    panel = in_review(qtbot, window, sample_policy)
    as_user(REVIEWER)
    answer_approval(qtbot)
    window.actions["approveVersion"].trigger()  # no identity: unsigned
    assert panel.select("1.1") and not window.actions["approveVersion"].isEnabled()  # no roster: the rule
    rita = ids.new_identity(REVIEWER, tmp_path / "rita", PASS)
    owner = ids.new_identity("Olga Owner", tmp_path / "olga", PASS)
    rosters.change(window.session.file, owner, "add", role="approver", member=rita.public)
    window.versions_changed()
    assert panel.select("1.1") and window.actions["approveVersion"].isEnabled()
    settings().setValue(SETTING, str(tmp_path / "rita"))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS, True)))
    seen: list[str] = []
    answer_approval(qtbot, seen=seen)
    window.actions["approveVersion"].trigger()
    assert f"It is approved already, by {REVIEWER} without a key" in seen[0]
    panel.select("1.1")
    item = panel.list.currentItem()
    assert item.text(3) == "Approved"
    assert item.text(APPROVERS) == (f"{REVIEWER} (unsigned), "
                                    f"{REVIEWER} ({ids.grouped(rita.public.fingerprint, 2)})")
    assert not window.actions["approveVersion"].isEnabled()  # signed: nothing left to sign
