"""A paragraph whose kind changed (bullets → numbers, a bullet taken off) is lit in the side-by-side
view as a change of formatting alone is: its words struck on the base's side and in the inserted
colour on the draft's, from the one redline. The list marker is no text in the editors (a QTextList
draws it), so lighting the marker's characters alone showed nothing. Next Change selects the words;
Accept takes the light away."""

from PySide6.QtWidgets import QListWidget

from policyeditor.gui.editing.change_marks import deleted_format, inserted_format
from policyeditor.gui.editing.selection_layers import layer
from policyeditor.gui.window.main_window import SIDE_BY_SIDE
from tests.gui.editing.test_inline_keys import policy_file
from tests.gui.waiting import settled, wait_open

APPROVED = ("We keep these records:\n\n- account data\n- payment records\n- support messages\n\n"
            "We delete the rest.")
DRAFT = ("We keep these records:\n\n1. account data\n2. payment records\n\nsupport messages\n\n"
         "We delete the rest.")


def lit(editor, fmt) -> list[str]:
    """The words of `editor` its change layer draws with `fmt`'s colours (a paragraph end as "")."""
    text = editor.document().toRawText()
    return [text[s.cursor.selectionStart():s.cursor.selectionEnd()].strip("\u2029")
            for s in layer(editor, "changes")
            if s.format.foreground() == fmt.foreground() and s.format.background() == fmt.background()]


def test_kind_changes_light_their_words_on_both_sides(qtbot, window, tmp_path):
    window.open_path(str(policy_file(tmp_path / "kinds.policy", APPROVED, DRAFT)))
    wait_open(qtbot, window)
    window.set_view(SIDE_BY_SIDE)
    settled(qtbot, window)
    changes = window.findChild(QListWidget, "changeList")
    assert [changes.item(k).text().split(" \u00b7 ")[0] for k in range(changes.count())] == \
        ["Formatted: bullets \u2192 numbers"] * 2 + ["Formatted: bullet removed"]
    [row] = window.compare_view.rows
    words = ["account data", "payment records", "support messages"]
    assert [w for w in lit(row.left, deleted_format()) if w] == words
    assert [w for w in lit(row.right, inserted_format()) if w] == words

    window.actions["nextChange"].trigger()
    assert row.right.textCursor().selectedText() == "account data"
    window.actions["nextChange"].trigger()
    window.actions["nextChange"].trigger()
    assert row.right.textCursor().selectedText() == "support messages"
    window.actions["previousChange"].trigger()
    assert row.right.textCursor().selectedText() == "payment records"

    assert window.decide("change", accept=True)  # bullets → numbers on "payment records"
    settled(qtbot, window)
    assert [w for w in lit(row.left, deleted_format()) if w] == ["account data", "support messages"]
    assert [w for w in lit(row.right, inserted_format()) if w] == ["account data", "support messages"]
    assert window.session.document.section("data").body == DRAFT
