"""A change of formatting alone (bullets → numbers, a bullet taken off, bold removed, a link added)
is lit in the side-by-side view on its words, both sides, re-formatted: in the inline view's
reformat style, neither struck on the base's side nor in the inserted colour on the draft's (no
word was deleted or typed again: the change list says "Formatted: …"). The list marker is no text
in the editors (a QTextList draws it), so lighting the marker's characters alone showed nothing.
Next Change selects the words; Accept takes the light away."""

from PySide6.QtWidgets import QListWidget

from policyeditor.gui.editing.change_marks import deleted_format, inserted_format, reformatted_format
from policyeditor.gui.editing.selection_layers import layer
from policyeditor.gui.window.main_window import SIDE_BY_SIDE
from tests.gui.editing.test_inline_keys import policy_file
from tests.gui.waiting import settled, wait_open

APPROVED = ("We keep these records:\n\n- account data\n- payment records\n- support messages\n\n"
            "We delete the rest.")
DRAFT = ("We keep these records:\n\n1. account data\n2. payment records\n\nsupport messages\n\n"
         "We delete the rest.")


def lit(editor, fmt) -> list[str]:
    """The words of `editor` its change layer draws as `fmt` (colours, strike-out, underline), a
    paragraph end left out."""
    text = editor.document().toRawText()
    drawn = [text[s.cursor.selectionStart():s.cursor.selectionEnd()].strip("\u2029")
             for s in layer(editor, "changes")
             if s.format.foreground() == fmt.foreground() and s.format.background() == fmt.background()
             and s.format.fontStrikeOut() == fmt.fontStrikeOut()
             and s.format.fontUnderline() == fmt.fontUnderline()]
    return [w for w in drawn if w]


def side_by_side(qtbot, window, path) -> tuple[list[str], object]:
    """The .policy at `path` open side by side: its change list's kinds ("Formatted: …") and its row."""
    window.open_path(str(path))
    wait_open(qtbot, window)
    window.set_view(SIDE_BY_SIDE)
    settled(qtbot, window)
    changes = window.findChild(QListWidget, "changeList")
    [row] = window.compare_view.rows
    return [changes.item(k).text().split(" \u00b7 ")[0] for k in range(changes.count())], row


def test_kind_changes_light_their_words_reformatted_on_both_sides(qtbot, window, tmp_path):
    listed, row = side_by_side(qtbot, window, policy_file(tmp_path / "kinds.policy", APPROVED, DRAFT))
    assert listed == ["Formatted: bullets \u2192 numbers"] * 2 + ["Formatted: bullet removed"]
    words = ["account data", "payment records", "support messages"]
    assert lit(row.left, reformatted_format()) == words
    assert lit(row.right, reformatted_format()) == words
    assert lit(row.left, deleted_format()) == [] and lit(row.right, inserted_format()) == []
    drawn = [s.format for s in layer(row.left, "changes") + layer(row.right, "changes")]
    assert drawn and not any(f.fontStrikeOut() or f.foreground() == inserted_format().foreground()
                             for f in drawn)

    window.actions["nextChange"].trigger()
    assert row.right.textCursor().selectedText() == "account data"
    window.actions["nextChange"].trigger()
    window.actions["nextChange"].trigger()
    assert row.right.textCursor().selectedText() == "support messages"
    window.actions["previousChange"].trigger()
    assert row.right.textCursor().selectedText() == "payment records"

    assert window.decide("change", accept=True)  # bullets → numbers on "payment records"
    settled(qtbot, window)
    assert lit(row.left, reformatted_format()) == ["account data", "support messages"]
    assert lit(row.right, reformatted_format()) == ["account data", "support messages"]
    assert window.session.document.section("data").body == DRAFT


def test_bold_removed_and_a_link_added_are_reformatted_not_deleted_and_inserted(qtbot, window, tmp_path):
    """On main these were struck on the left and inserted on the right, like new words; a real
    change of words beside them still is."""
    approved = "We keep **all** data.\n\nWe share some records."
    draft = "We keep all data.\n\nWe share [some](https://example.org) records.\n\nWe sell none."
    window.open_path(str(policy_file(tmp_path / "bold.policy", approved, draft)))
    wait_open(qtbot, window)
    window.set_view(SIDE_BY_SIDE)
    settled(qtbot, window)
    [row] = window.compare_view.rows
    assert lit(row.left, reformatted_format()) == ["all", "some"]
    assert lit(row.right, reformatted_format()) == ["all", "some"]
    assert lit(row.left, deleted_format()) == []
    assert lit(row.right, inserted_format()) == ["We sell none."]

    window.actions["nextChange"].trigger()
    assert row.right.textCursor().selectedText() == "all"
    assert window.decide("change", accept=True)  # bold removed
    settled(qtbot, window)
    assert lit(row.left, reformatted_format()) == ["some"]
    assert lit(row.right, reformatted_format()) == ["some"]


def test_a_link_taken_off_as_quotes_went_round_its_words_lights_them_reformatted(qtbot, window, tmp_path):
    """The quotes are a change of words; the words between them are kept, yet lost their link.
    Before, only the quotes were lit and the list said nothing of the link. Rejecting the change
    gives the link back; accepting it takes every light away."""
    approved = "See the [Your Rights](#your-rights) section."
    draft = 'See the "Your Rights" section.'
    listed, row = side_by_side(qtbot, window, policy_file(tmp_path / "quotes.policy", approved, draft))
    changes = window.findChild(QListWidget, "changeList")
    assert listed == ["Inserted"]  # the quotes: what a reader sees of the markup they replaced
    said = '\u201c""\u201d \u00b7 link removed on \u201cYour Rights\u201d \u00b7 '
    assert said in changes.item(0).text()
    assert lit(row.left, reformatted_format()) == ["Your Rights"]
    assert lit(row.right, reformatted_format()) == ["Your Rights"]
    assert lit(row.right, inserted_format()) == ['"', '"']

    window.actions["nextChange"].trigger()
    assert window.decide("change", accept=False)
    settled(qtbot, window)
    assert window.session.document.section("data").body == approved
    assert lit(row.left, reformatted_format()) == [] and lit(row.right, reformatted_format()) == []
