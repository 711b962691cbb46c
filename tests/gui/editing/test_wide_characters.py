"""Characters beyond the BMP (an emoji) are two of Qt's positions and one of Python's: the panes
light, and typing edits, the words the user sees, wherever such characters stand before them."""

from PySide6.QtGui import QTextDocument

from policyeditor.core.model import Policy, Section, Status
from policyeditor.gui.editing.selection_layers import layer
from policyeditor.gui.window.main_window import INLINE
from policyeditor.store.policyfile import PolicyFile
from tests.gui.waiting import wait_open

OLD = "Call us 📞 or 👍🏽 and we answer within seven days."
NEW = "Call us 📞 or 👍🏽 and we answer within thirty days."


def settled(qtbot, window):
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)


def _opened(qtbot, window, tmp_path):
    path = tmp_path / "wide.policy"
    with PolicyFile.create(path, Policy("T", [Section("Contact", OLD, id="c")]), author="Ann") as pf:
        pf.save_version(pf.load_draft(), "1.0", author="Ann", status=Status.APPROVED)
        pf.save_draft(Policy("T", [Section("Contact", NEW, id="c")]))
    window.open_path(str(path))
    wait_open(qtbot, window)
    settled(qtbot, window)


def test_the_panes_light_the_words_after_an_emoji(qtbot, window, tmp_path):
    _opened(qtbot, window, tmp_path)
    row = window.compare_view.row_of("c")
    assert [x.cursor.selectedText() for x in layer(row.left, "changes")] == ["seven"]
    assert [x.cursor.selectedText() for x in layer(row.right, "changes")] == ["thirty"]


def test_typing_after_an_emoji_in_the_inline_view_types_where_the_cursor_is(qtbot, window, tmp_path):
    _opened(qtbot, window, tmp_path)
    window.set_view(INLINE)
    settled(qtbot, window)
    view = window.inline_view
    view.setFocus()
    found = view.document().find("answer", 0, QTextDocument.FindFlag.FindCaseSensitively)
    cursor = view.textCursor()
    cursor.setPosition(found.selectionStart())
    view.setTextCursor(cursor)
    qtbot.keyClicks(view, "always ")
    assert window.session.document.section("c").body == \
        "Call us 📞 or 👍🏽 and we always answer within thirty days."
    settled(qtbot, window)
    assert "always " in view.toPlainText()
