"""The library in the window, against the real server: File ▸ Open from Library…, the status bar,
and a conflict settled in the three-way view (pytest-qt drives the real widgets)."""

from __future__ import annotations

import gc
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import edit_section, new_copy
from pgserver import PASSWORD

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from policyeditor.app.library import sync_file  # noqa: E402
from policyeditor.library import catalog, roles  # noqa: E402
from policyeditor.store import library_copy, reviews  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

SHOTS = Path("/tmp/library-window")


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_ui_thread(qapp):
    from policyeditor.gui.ui_thread_gc import collect_on_ui_thread

    collect_on_ui_thread(qapp)
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def window(qtbot, tmp_path):
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import MainWindow

    win = MainWindow(settings())
    win._settings.setValue("library/folder", str(tmp_path / "copies"))
    win._settings.setValue("user/name", "Alice Author")
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _pid(path):
    with PolicyFile.open(path, readonly=True) as pf:
        return reviews.policy_id(pf)


def _two_policies(library, tmp_path):
    """Alice's privacy policy (due in 10 days) and Bruno's cookie policy shared with her."""
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    theirs = new_copy(tmp_path / "cookies.policy", author="bruno")
    with PolicyFile.open(theirs) as pf:
        draft = pf.load_draft()
        draft.title = "Cookie Policy"
        pf.save_draft(draft)
    sync_file(theirs, library.url("bruno"))
    with library.connect("bruno") as conn:
        roles.share(conn, _pid(theirs), "alice", "author")
    with library.connect("alice") as conn:
        catalog.set_review(conn, _pid(mine), due_on=date.today() + timedelta(days=10))
    return mine, theirs


def _open_dialog(qtbot, window, url, password=None):
    window.actions["openFromLibrary"].trigger()
    dialog = window.library.dialog
    assert dialog is not None and dialog.isVisible()
    if dialog.url() != url:
        dialog.url_edit.clear()
        qtbot.keyClicks(dialog.url_edit, url)
    if password:
        qtbot.keyClicks(dialog.password_edit, password)
    with qtbot.waitSignal(dialog.listed, timeout=20_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    return dialog


def _rows(dialog):
    model = dialog.model
    return [[model.item(r, c).text() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _open_chosen(qtbot, window, dialog, title):
    row = next(i for i, e in enumerate(dialog.shown) if e.title == title)
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.library.syncing(), timeout=30_000)
    qtbot.waitUntil(lambda: window.session is not None and not window.opening()
                    and not window.compare_view.building, timeout=20_000)


def _wait_open_of(qtbot, window, title):
    qtbot.waitUntil(lambda: window.session is not None and window.session.document.policy.title == title
                    and not window.opening() and not window.compare_view.building, timeout=20_000)


def test_open_from_library_lists_filters_and_opens_the_offline_copy(library, tmp_path, qtbot, window):
    _two_policies(library, tmp_path)
    # the password typed into the dialog, as by a user without PGPASSWORD or ~/.pgpass
    os.environ.pop("PGPASSWORD")
    try:
        dialog = _open_dialog(qtbot, window, library.url("alice"), PASSWORD)
    finally:
        os.environ["PGPASSWORD"] = PASSWORD  # the fixtures' own connections need it
    rows = _rows(dialog)
    assert [r[0] for r in rows] == ["Cookie Policy", "PRIVACY POLICY"]
    cookie, privacy = rows
    assert cookie[1:4] == ["Draft", "bruno", "1.0"]
    assert privacy[1:3] == ["Draft", "alice"] and privacy[4].endswith("(due)")
    assert "(due)" not in cookie[4] and date.fromisoformat(cookie[4]) > date.today() + timedelta(days=300)
    # search, owner and due filters
    qtbot.keyClicks(dialog.search_edit, "cook")
    assert [r[0] for r in _rows(dialog)] == ["Cookie Policy"]
    dialog.search_edit.clear()
    dialog.owner_combo.setCurrentText("alice")
    assert [r[0] for r in _rows(dialog)] == ["PRIVACY POLICY"]
    dialog.owner_combo.setCurrentText("All")
    qtbot.mouseClick(dialog.due_box, Qt.MouseButton.LeftButton)
    assert [r[0] for r in _rows(dialog)] == ["PRIVACY POLICY"]
    qtbot.mouseClick(dialog.due_box, Qt.MouseButton.LeftButton)
    dialog.status_combo.setCurrentText("Draft")
    assert len(_rows(dialog)) == 2
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "open-from-library.png"))
    _open_chosen(qtbot, window, dialog, "Cookie Policy")
    session = window.session
    assert session.path.parent == tmp_path / "copies" and session.document.policy.title == "Cookie Policy"
    assert "in sync" in window.status.library.text() and window.status.library.isVisible()
    window.grab().save(str(SHOTS / "window-in-sync.png"))
    # the URL is remembered, the password is not (it went to the server only)
    window._settings.sync()
    stored = Path(window._settings.fileName()).read_text()
    assert library.url("alice") in stored and PASSWORD not in stored


def test_the_status_bar_says_when_the_copy_is_out_of_sync_and_opening_again_syncs(library, tmp_path,
                                                                                  qtbot, window):
    from policyeditor.gui.editing import commands

    _two_policies(library, tmp_path)
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "PRIVACY POLICY")
    path = window.session.path
    section = [s for s, _ in window.session.document.policy.walk()][2]
    window.push(commands.SetBody(window.session.document, section.id, section.body + "\n\nOne more line."))
    assert window.session.save()
    assert window.status.library.text().startswith("Library: not synced since")
    assert "the draft" in window.status.library.toolTip()
    # opening it from the library again refreshes this copy (closed, synced, opened again)
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "PRIVACY POLICY")
    assert window.session.path == path
    assert window.library.last_report.draft == "sent"
    assert "in sync" in window.status.library.text()
    # and so does the status bar's Sync, after another edit
    section = [s for s, _ in window.session.document.policy.walk()][4]
    window.push(commands.SetBody(window.session.document, section.id, section.body + "\n\nAnd another."))
    assert window.status.sync_button.isVisible()
    qtbot.mouseClick(window.status.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.library.syncing(), timeout=30_000)
    _wait_open_of(qtbot, window, "PRIVACY POLICY")
    assert window.session.path == path and window.library.last_report.draft == "sent"
    assert "in sync" in window.status.library.text()
    # a copy with no roster: the sync says its approvals carry no signature
    assert "no roster: its approvals are not signed" in window.statusBar().currentMessage()
    assert "And another." in window.session.document.policy.find(section.id).body
    with library.connect("alice") as conn:
        [entry] = [e for e in catalog.list_policies(conn) if e.title == "PRIVACY POLICY"]
    assert entry.id == _pid(path)


def test_a_conflict_is_settled_in_the_three_way_view(library, tmp_path, qtbot, window):
    """Both sides changed two sections: one is taken from theirs, the other written anew."""
    from policyeditor.app.library import pull

    mine = new_copy(tmp_path / "origin.policy")
    sync_file(mine, library.url("alice"))
    pid = _pid(mine)
    with library.connect("alice") as conn:
        roles.share(conn, pid, "bruno", "author")
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "PRIVACY POLICY")
    copy = window.session.path
    window.close_file(copy)
    theirs = tmp_path / "bruno.policy"
    pull(library.url("bruno"), pid, theirs)
    first = edit_section(theirs, 3, "Theirs: kept two years.")
    second = edit_section(theirs, 5, "Theirs: ask us.")
    edit_section(copy, 3, "Mine: kept one year.")
    edit_section(copy, 5, "Mine: write to us.")
    sync_file(theirs, library.url("bruno"))

    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "PRIVACY POLICY")
    assert window.library.last_report.draft == "conflict"
    qtbot.waitUntil(lambda: window.library.conflicts is not None, timeout=10_000)
    view = window.library.conflicts
    assert view.list.count() == 2
    # named as the command line's sync names them: number, heading, what each side did
    lines = [view.list.item(k).text() for k in range(2)]
    assert all(line.startswith("§") and line.endswith(" — changed on both sides") for line in lines), lines
    assert window.status.library.text() == "Library: 2 conflicts to settle"
    assert window.status.settle_button.isVisible()
    # base, mine and theirs: the redlines show each side's words inserted
    view.list.setCurrentRow([c.section_id for c in view.conflicts].index(first))
    mine_html = view.panes["mine"].toHtml()
    theirs_html = view.panes["theirs"].toHtml()
    assert "kept one year" in mine_html and "kept two years" not in mine_html
    assert "kept two years" in theirs_html and "kept" not in view.panes["base"].toPlainText()
    assert "underline" in theirs_html  # the inserted words drawn as insertions
    view.grab().save(str(SHOTS / "conflict.png"))
    qtbot.mouseClick(view.take_theirs, Qt.MouseButton.LeftButton)
    assert view.list.count() == 1
    body = window.session.document.policy.find(first).body
    assert "two years" in body and "one year" not in body
    # the other: written anew in the edit box
    assert view.conflicts[0].section_id == second
    view.body_edit.clear()
    qtbot.keyClicks(view.body_edit, "Write to us or ask us.")
    qtbot.mouseClick(view.use_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.library.conflicts is None, timeout=5_000)
    assert window.session.document.policy.find(second).body == "Write to us or ask us."
    assert library_copy.conflict_records(window.session.file) == []
    assert window.status.library.text().startswith("Library: not synced since")
    assert not window.status.settle_button.isVisible()
    # the answers go to the library on the next sync, and from there to Bruno's copy
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "PRIVACY POLICY")
    assert window.library.last_report.draft == "sent"
    sync_file(theirs, library.url("bruno"))
    with PolicyFile.open(theirs, readonly=True) as pf:
        assert pf.load_draft().find(second).body == "Write to us or ask us."
        assert "two years" in pf.load_draft().find(first).body



def test_a_move_on_both_sides_is_settled_by_taking_theirs(library, tmp_path, qtbot, window):
    from policyeditor.app.library import pull
    from policyeditor.library.merge3 import MOVE

    origin = new_copy(tmp_path / "origin.policy")
    sync_file(origin, library.url("alice"))
    pid = _pid(origin)
    with library.connect("alice") as conn:
        roles.share(conn, pid, "bruno", "author")
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "PRIVACY POLICY")
    copy = window.session.path
    window.close_file(copy)
    theirs = tmp_path / "bruno.policy"
    pull(library.url("bruno"), pid, theirs)
    for path, to in ((theirs, 0), (copy, 5)):  # the fourth top-level section, first or last
        with PolicyFile.open(path) as pf:
            draft = pf.load_draft()
            moved = draft.sections.pop(3)
            draft.sections.insert(to, moved)
            pf.save_draft(draft)
    sync_file(theirs, library.url("bruno"))
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "PRIVACY POLICY")
    qtbot.waitUntil(lambda: window.library.conflicts is not None, timeout=10_000)
    view = window.library.conflicts
    [conflict] = view.conflicts
    assert (conflict.section_id, conflict.kind) == (moved.id, MOVE)
    assert "moved differently" in view.list.item(0).text()
    assert not view.use_edit.isVisible()  # a place is kept or taken, not written
    # where it stood, as a sentence, redlined: theirs put it first, mine after the last section
    assert "first." in view.panes["theirs"].toPlainText()
    assert "first." not in view.panes["mine"].toPlainText()
    assert "after “USE OF INFORMATION”" in view.panes["base"].toPlainText()
    assert [s.id for s in window.session.document.policy.sections].index(moved.id) == 5  # mine, so far
    view.grab().save(str(SHOTS / "conflict-move.png"))
    window.grab().save(str(SHOTS / "window-conflicts.png"))
    qtbot.mouseClick(view.take_theirs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.library.conflicts is None, timeout=5_000)
    assert window.session.document.policy.sections[0].id == moved.id
    assert library_copy.conflict_records(window.session.file) == []


def test_a_library_that_cannot_be_reached_or_a_policy_no_longer_shared_is_one_sentence(
        library, tmp_path, qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    dialog = _open_dialog(qtbot, window, "postgresql://alice@127.0.0.1:1/nowhere")
    text = dialog.message.text()
    assert text.startswith("Cannot reach the library at alice@127.0.0.1:1/nowhere") and "\n" not in text
    assert dialog.model.rowCount() == 0 and not dialog.open_button.isEnabled()
    dialog.reject()
    _mine, cookies = _two_policies(library, tmp_path)
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "Cookie Policy")
    copy = window.session.path
    before = copy.read_bytes()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append(text))
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    with library.connect("bruno") as conn:  # taken away while the list is on show
        roles.unshare(conn, _pid(cookies), "alice")
    row = next(i for i, e in enumerate(dialog.shown) if e.title == "Cookie Policy")
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.library.syncing() and bool(warnings), timeout=30_000)
    assert warnings == [
        "'Cookie Policy' is in the library but not shared with you; ask its owner to share it."]
    _wait_open_of(qtbot, window, "Cookie Policy")  # the copy is open again, as it was
    assert window.session.path == copy and copy.read_bytes() == before


def test_a_copy_pulled_by_the_command_line_and_open_is_the_one_refreshed(library, tmp_path, qtbot, window):
    from policyeditor.app.library import pull

    mine, _ = _two_policies(library, tmp_path)
    pulled = tmp_path / "pulled.policy"
    pull(library.url("alice"), _pid(mine), pulled)
    window.open_path(str(pulled))
    _wait_open_of(qtbot, window, "PRIVACY POLICY")
    edit_section(mine, 1, "From the origin.")
    sync_file(mine, library.url("alice"))
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    _open_chosen(qtbot, window, dialog, "PRIVACY POLICY")
    _wait_open_of(qtbot, window, "PRIVACY POLICY")
    assert window.session.path == pulled and window.library.last_report.draft == "received"
    assert not (tmp_path / "copies").exists()


def test_a_password_kept_in_the_keyring_is_used_the_next_time(library, tmp_path, qtbot, window):
    pytest.importorskip("keyring")
    import keyring
    import keyring.backend

    class MemoryKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self):
            super().__init__()
            self.secrets = {}

        def get_password(self, service, username):
            return self.secrets.get((service, username))

        def set_password(self, service, username, password):
            self.secrets[(service, username)] = password

        def delete_password(self, service, username):
            self.secrets.pop((service, username), None)

    _two_policies(library, tmp_path)
    old = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    os.environ.pop("PGPASSWORD")
    try:
        window.actions["openFromLibrary"].trigger()
        dialog = window.library.dialog
        qtbot.keyClicks(dialog.url_edit, library.url("alice"))
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.remember_box, Qt.Key.Key_Space)  # ticked (its middle is past its text)
        with qtbot.waitSignal(dialog.listed, timeout=20_000):
            qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert dialog.model.rowCount() == 2, dialog.message.text()
        assert list(memory.secrets.values()) == [PASSWORD], (dialog.remember_box.isChecked(),
                                                             dialog.message.text())
        dialog.reject()
        # the next time: the URL remembered, no password typed, none in the environment
        window.actions["openFromLibrary"].trigger()
        again = window.library.dialog
        assert again.url() == library.url("alice") and again.password() is None
        if again.listing():
            qtbot.waitSignal(again.listed, timeout=20_000).wait()
        qtbot.waitUntil(lambda: again.model.rowCount() == 2, timeout=20_000)
    finally:
        os.environ["PGPASSWORD"] = PASSWORD
        keyring.set_keyring(old)
    window._settings.sync()
    assert PASSWORD not in Path(window._settings.fileName()).read_text()


def test_a_forged_approval_in_the_library_is_refused_and_the_user_told(library, tmp_path, qtbot, window,
                                                                       monkeypatch, signed_copy, people):
    """An approver's key with a zero signature, written past the server's triggers (which refuse it since
    schema 4) by the library's administrator: the copy does not take it, and says so."""
    import base64
    import json
    import uuid

    import psycopg

    from policyeditor.review import roster as rosters
    from policyeditor.review import signing

    path, pid = signed_copy
    with PolicyFile.open(path, readonly=True) as pf:
        content_hash = pf.version("1.0").content_hash
        head = rosters.current(pf).head
    approval = uuid.uuid4().hex
    record = signing.approval_record(pid, "1.0", approval, content_hash, people["Abe Approver"].public, head)
    with psycopg.connect(library.admin_url) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(
            "INSERT INTO approvals (policy_id, id, version, reviewer, created, content_hash, rev, record, "
            "signer_key, signature) VALUES (%s, %s, '1.0', 'Abe Approver', 'now', %s, 99, %s, %s, %s)",
            (pid, approval, content_hash, json.dumps(record), record["by"],
             base64.b64encode(b"\0" * 64).decode("ascii")))
        conn.commit()
    [(title, text)] = _opened_warnings(qtbot, window, monkeypatch, library.url("alice"), pid, path)
    assert title == "Refused from the library" and "is forged: its signature does not verify" in text
    assert reviews.approval_rows(window.session.file) == []


def test_review_sets_the_next_review_date_cycle_and_owner_in_the_library(library, tmp_path, qtbot, window):
    from PySide6.QtCore import QDate, QTimer

    _two_policies(library, tmp_path)
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    row = next(i for i, e in enumerate(dialog.shown) if e.title == "Cookie Policy")
    dialog.table.selectRow(row)
    assert dialog.review_button.isEnabled()

    def fill() -> None:
        editor = dialog.review_editor
        editor.due_edit.setFocus()
        editor.due_edit.setDate(QDate(2027, 2, 1))
        editor.months_spin.selectAll()
        qtbot.keyClicks(editor.months_spin, "6")
        editor.owner_edit.clear()
        qtbot.keyClicks(editor.owner_edit, "alice")
        qtbot.keyClick(editor.owner_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    with qtbot.waitSignal(dialog.listed, timeout=20_000):
        qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    cookie = next(r for r in _rows(dialog) if r[0] == "Cookie Policy")
    assert cookie[2] == "alice" and cookie[4].startswith("2027-02-01")
    assert dialog.chosen().title == "Cookie Policy"  # the choice stays
    assert "every 6 months, owner alice" in dialog.message.text()
    with library.connect("bruno") as conn:
        [entry] = [e for e in catalog.list_policies(conn) if e.title == "Cookie Policy"]
    assert (entry.review_due, entry.review_months, entry.owner) == (date(2027, 2, 1), 6, "alice")
    # a reader may not: the server's refusal is one sentence, and the list stays as it was
    with library.connect("bruno") as conn:  # its owner by membership shares it
        roles.share(conn, entry.id, "carl", "reader")
    dialog.reject()
    window._settings.setValue("library/url", library.url("carl"))  # the dialog lists it at once
    dialog = _open_dialog(qtbot, window, library.url("carl"))
    assert [e.title for e in dialog.shown] == ["Cookie Policy"]
    dialog.table.selectRow(0)

    def change_date() -> None:
        dialog.review_editor.due_edit.setDate(QDate(2030, 1, 1))
        dialog.review_editor.accept()

    QTimer.singleShot(0, change_date)
    with qtbot.waitSignal(dialog.listed, timeout=20_000):
        qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert "you may only read this policy" in dialog.message.text()
    assert "2030" not in _rows(dialog)[0][4]
    assert dialog.review_button.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "review-refused.png"))


def test_an_approval_the_library_does_not_take_yet_is_kept_and_the_user_told(library, tmp_path, qtbot, window,
                                                                            monkeypatch, plain_copy, people):
    """Abe approved before the policy had a roster, whose owner has not made him an approver: the
    window syncs the rest and says the approval stayed in this copy."""
    from policyeditor.app.library import pull
    from policyeditor.review import roster as rosters
    from policyeditor.review.workflow import Workflow

    path, pid = plain_copy
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        Workflow(pf).approve("1.0", "", identity=people["Abe Approver"])
    with PolicyFile.open(path) as pf:
        rosters.change(pf, people["Olga Owner"], "add", role="author", member=people["Ada Author"].public)
    sync_file(path, library.url("alice"))
    [(title, text)] = _opened_warnings(qtbot, window, monkeypatch, library.url("rita"), pid, review)
    assert title == "Kept in this copy" and "the approval of version 1.0 by Abe Approver" in text
    assert rosters.current(window.session.file).exists  # the rest (the roster) came in
    assert window.session.file.version("1.0").status.value == "approved"


def _opened_warnings(qtbot, window, monkeypatch, url, pid, path):
    """Open the policy from the library at `url` into its copy at `path`: the warnings shown."""
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append((title, text)))
    window._settings.setValue(f"library/copies/{pid}", str(path))
    _open_chosen(qtbot, window, _open_dialog(qtbot, window, url), "PRIVACY POLICY")
    assert window.session.path == path
    return warnings


def test_share_lets_a_teammate_in_and_out_and_only_the_owner_may(library, tmp_path, qtbot, window):
    from PySide6.QtCore import QTimer

    _two_policies(library, tmp_path)
    dialog = _open_dialog(qtbot, window, library.url("alice"))
    row = next(i for i, e in enumerate(dialog.shown) if e.title == "PRIVACY POLICY")
    dialog.table.selectRow(row)
    assert dialog.share_button.isEnabled()

    def name(member: str, role_index: int) -> None:
        asked = dialog.share_editor
        assert not asked.ok.isEnabled()  # no one named yet
        qtbot.keyClicks(asked.member_edit, member)
        asked.role_combo.setCurrentIndex(role_index)
        qtbot.mouseClick(asked.ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, lambda: name("rita", 1))  # reviewer
    with qtbot.waitSignal(dialog.listed, timeout=20_000):
        qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "'PRIVACY POLICY' is shared with rita as reviewer."
    with library.connect("rita") as conn:
        assert [e.title for e in catalog.list_policies(conn)] == ["PRIVACY POLICY"]

    QTimer.singleShot(0, lambda: name("rita", 4))  # no access
    with qtbot.waitSignal(dialog.listed, timeout=20_000):
        qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "'PRIVACY POLICY' is no longer shared with rita."
    with library.connect("rita") as conn:
        assert catalog.list_policies(conn) == []

    # Bruno's cookie policy: alice is an author in it, not its owner
    dialog.table.selectRow(next(i for i, e in enumerate(dialog.shown) if e.title == "Cookie Policy"))
    QTimer.singleShot(0, lambda: name("rita", 0))
    with qtbot.waitSignal(dialog.listed, timeout=20_000):
        qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Only the owner of 'Cookie Policy' (bruno) may share it."
    assert dialog.share_button.isEnabled()
