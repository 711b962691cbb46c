"""Preferences ▸ Formatting changes: the colour of words whose formatting alone changed (bold removed,
a bullet made a number), chosen with a click like the other redline colours, kept with them, and
painted at once in the side-by-side panes (on both sides) and the inline view."""

from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtWidgets import QColorDialog, QPushButton

from policyeditor.formats.redline.colours import ROLES
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.editing.selection_layers import layer
from policyeditor.gui.style.theme import RedlineColours, redline_colours, roles
from policyeditor.gui.window.app import settings
from policyeditor.gui.window.dialogs import PreferencesDialog
from tests.formats.redline.test_reformat_colour_outputs import NEW, OLD
from tests.gui.editing.test_inline_keys import policy_file
from tests.gui.waiting import settled, wait_open

CHOSEN = "#e65100"


def reformatted_marks(window, name: str) -> list:
    """The change marks over "must" (its bold removed) in the side-by-side pane `name`."""
    editor = window.findChild(CompareView, "compareView").findChildren(SectionEditor, name)[-1]
    return [s for s in layer(editor, "changes") if s.cursor.selectedText() == "must"]


def choose_in_preferences(qtbot, window, monkeypatch, colour: str) -> PreferencesDialog:
    """Preferences opened from its action, Formatting changes' button clicked, `colour` picked, OK."""
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *args: QColor(colour)))
    shown = []

    def click_and_press_ok(self):  # what a person does in the modal dialog
        shown.append(self)
        self.findChild(QPushButton, "reformattedColourButton").click()
        self.accept()
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", click_and_press_ok)
    window.actions["preferences"].trigger()
    return shown[0]


def test_preferences_colours_formatting_changes_in_both_panes_and_the_inline_view(
        qtbot, window, tmp_path, monkeypatch):
    from policyeditor.gui.window.main_window import INLINE

    window.open_path(str(policy_file(tmp_path / "terms.policy", OLD, NEW)))
    wait_open(qtbot, window)
    settled(qtbot, window)
    assert reformatted_marks(window, "draftEditor") and reformatted_marks(window, "baseEditor")
    dialog = choose_in_preferences(qtbot, window, monkeypatch, CHOSEN)
    assert dialog.findChild(QPushButton, "reformattedColourButton").text() == CHOSEN.upper()
    assert redline_colours(settings()) == RedlineColours(reformatted=CHOSEN)  # kept with the others
    settled(qtbot, window)
    chosen = roles()
    assert chosen.reformatted == QColor(CHOSEN)
    for name in ("draftEditor", "baseEditor"):  # both sides, repainted at once
        fmt = reformatted_marks(window, name)[0].format
        assert fmt.background().color() == chosen.reformatted_background
        assert fmt.underlineColor() == chosen.reformatted and fmt.fontUnderline()

    window.set_view(INLINE)
    settled(qtbot, window)
    inline = window.inline_view
    found = inline.document().find("must", 0, QTextDocument.FindFlag.FindCaseSensitively)
    background = found.charFormat().background().color().name()
    assert background == chosen.solid(chosen.reformatted_background)
    assert background != chosen.solid(chosen.moved_background)  # no longer the moves' tint


def test_preferences_shows_a_button_for_every_colour_role_and_resets_them(qtbot, window):
    settings().setValue("redline/reformatted", CHOSEN)
    dialog = PreferencesDialog(settings(), window)
    qtbot.addWidget(dialog)
    assert set(dialog.colour_buttons) == set(ROLES)
    assert dialog.findChild(QPushButton, "reformattedColourButton").text() == CHOSEN.upper()
    dialog.findChild(QPushButton, "redlineColoursReset").click()
    standard = RedlineColours().reformatted.upper()
    assert dialog.findChild(QPushButton, "reformattedColourButton").text() == standard
