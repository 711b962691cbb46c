"""Hiding editorial changes: the change list, next/previous, the colours and the status bar follow."""

from PySide6.QtWidgets import QLabel, QListWidget, QToolButton

from policyeditor.core.model import Policy, Section, Status
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open

OLD = "We collect your data, and keep it for some years."
NEW = "We collect your data and keep it for certain years."  # a comma gone, a word replaced


def two_changes(path):
    """A .policy whose draft differs from approved 1.0 by one comma (editorial) and one word."""
    section = Section(heading="Retention", body=OLD)
    policy = Policy(title="Retention policy", sections=[section])
    with PolicyFile.create(path, policy, author="Test") as pf:
        pf.save_version(policy, "1.0", author="Test", status=Status.APPROVED)
        draft = policy.copy()
        draft.sections[0].body = NEW
        pf.save_draft(draft)
    return path


def settled(qtbot, window):
    view = window.findChild(CompareView, "compareView")
    qtbot.waitUntil(lambda: not window.busy() and window.tracker.redline is not None, timeout=5000)
    return view


def lit_words(editor):
    text = editor.document().toRawText()
    return [text[s.cursor.selectionStart():s.cursor.selectionEnd()] for s in editor.extraSelections()]


def test_hiding_editorial_changes(qtbot, window, tmp_path):
    window.open_path(str(two_changes(tmp_path / "two.policy")))
    wait_open(qtbot, window)
    view = settled(qtbot, window)
    changes = window.findChild(QListWidget, "changeList")
    status = window.findChild(QLabel, "statusChanges")
    row = view.rows[0]
    assert changes.count() == 2
    assert status.text() == "2 changes"
    assert lit_words(row.left) == [",", "some"]

    toggle = window.findChild(QToolButton, "hideEditorialToggle")
    toggle.click()  # the change list panel's toggle is the View menu's action
    assert window.actions["hideEditorial"].isChecked()
    assert changes.count() == 1 and "certain" in changes.item(0).text()
    assert status.text() == "1 change (1 editorial hidden)"
    assert lit_words(row.left) == ["some"]
    assert lit_words(row.right) == ["certain"]
    # next and previous visit only the substantive change
    window.actions["nextChange"].trigger()
    assert window.current_change().new_text == "certain"
    window.actions["nextChange"].trigger()
    window.actions["previousChange"].trigger()
    assert window.current_change().new_text == "certain"

    window.actions["hideEditorial"].trigger()  # shown again
    assert not toggle.isChecked()
    assert changes.count() == 2 and status.text() == "2 changes"
    assert lit_words(row.left) == [",", "some"]


def test_the_inline_view_shows_editorial_changes_as_plain_text(qtbot, window, tmp_path):
    window.open_path(str(two_changes(tmp_path / "two.policy")))
    wait_open(qtbot, window)
    settled(qtbot, window)
    window.actions["viewInline"].trigger()
    inline = window.inline_view
    assert "data, and" in inline.toPlainText()  # the deleted comma, struck
    window.actions["hideEditorial"].trigger()
    text = inline.toPlainText()
    assert "data and keep" in text and "some" in text and "certain" in text


def test_the_choice_is_remembered(qtbot, tmp_path):
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import MainWindow

    first = MainWindow(settings())
    qtbot.addWidget(first)
    first.actions["hideEditorial"].trigger()
    first.close()
    second = MainWindow(settings())
    qtbot.addWidget(second)
    assert second.actions["hideEditorial"].isChecked()
    assert second.compare_view.hide_editorial and second.inline_view.hide_editorial
    second.actions["hideEditorial"].trigger()
    third = MainWindow(settings())
    qtbot.addWidget(third)
    assert not third.actions["hideEditorial"].isChecked()
