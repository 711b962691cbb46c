"""View ▸ Theme and the colour roles: a dark window keeps changes readable; paper stays black on white."""

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QColor, QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QApplication, QTextBrowser, QTreeView

from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.editing.selection_layers import layer
from policyeditor.gui.models.sections import CHANGE_STATE_ROLE
from policyeditor.gui.style.theme import RedlineColours, apply_theme, is_dark, print_roles, roles
from policyeditor.gui.window.app import settings
from policyeditor.gui.window.main_window import MainWindow
from policyeditor.pdf.policy import draw_on_paper
from tests.gui.waiting import wait_open


@pytest.fixture(autouse=True)
def _system_theme_after():
    yield
    apply_theme("system")  # the QApplication outlives the test: give the next one its own look


def _edited_window(qtbot, window, sample_policy):
    assert window.open_path(str(sample_policy))
    wait_open(qtbot, window)
    view = window.findChild(CompareView, "compareView")
    draft = view.findChildren(SectionEditor, "draftEditor")[0]
    draft.setFocus()
    cursor = draft.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    draft.setTextCursor(cursor)
    qtbot.keyClicks(draft, " Brand new words.")
    qtbot.waitUntil(lambda: not window.busy() and bool(_inserted(window)), timeout=8000)
    return view


def _inserted(window):
    view = window.findChild(CompareView, "compareView")
    draft = view.findChildren(SectionEditor, "draftEditor")[0]
    return [s for s in layer(draft, "changes") if "Brand" in s.cursor.selectedText()]


def test_dark_theme_recolours_highlights_states_and_panes(qtbot, window, sample_policy):
    _edited_window(qtbot, window, sample_policy)
    light_ink = _inserted(window)[0].format.foreground().color()
    window.findChild(QAction, "actionThemeDark").trigger()
    assert is_dark() and QApplication.instance().style().name().lower() == "fusion"
    assert settings().value("view/theme") == "dark"
    assert window.findChild(QAction, "actionThemeDark").isChecked()
    qtbot.waitUntil(lambda: not window.busy() and bool(_inserted(window)), timeout=8000)
    dark = roles()
    ink = _inserted(window)[0].format.foreground().color()
    assert ink == dark.inserted and ink.lightness() > light_ink.lightness() + 40
    assert ink.lightness() - QApplication.instance().palette().base().color().lightness() > 120

    navigator = window.findChild(QTreeView, "sectionNavigator")
    model = navigator.model()
    edited = next(model.index(row, 0) for row in range(model.rowCount())
                  if model.data(model.index(row, 0), CHANGE_STATE_ROLE) == "edited")
    assert model.data(edited, Qt.ItemDataRole.ForegroundRole).color() == dark.edited

    window.set_view(1)
    inline = window.findChild(QTextBrowser, "inlineRedlineView")
    assert dark.inserted.name() in inline.document().defaultStyleSheet()
    assert "Brand" in inline.toPlainText()

    window.findChild(QAction, "actionThemeLight").trigger()
    assert not is_dark()
    assert roles().inserted.name() in inline.document().defaultStyleSheet()
    qtbot.waitUntil(lambda: not window.busy() and bool(_inserted(window)), timeout=8000)
    assert _inserted(window)[0].format.foreground().color() == light_ink


def test_theme_is_remembered_for_the_next_window(qtbot, window):
    window.set_theme("dark")
    window.close()
    again = MainWindow(settings())
    qtbot.addWidget(again)
    assert is_dark()
    assert again.findChild(QAction, "actionThemeDark").isChecked()
    # made after the theme: dark before it is ever shown (what it draws into its lists then)
    assert again.review.panel.palette().text().color().lightness() > 200
    again.set_theme("system")
    assert not is_dark()  # the offscreen platform's own palette is light
    assert again.findChild(QAction, "actionThemeSystem").isChecked()


def test_chosen_colours_are_lifted_on_a_dark_page(qapp):
    navy = RedlineColours(inserted="#000080", deleted="#400000", moved="#003000", reformatted="#300030")
    dark = roles(dark=True, base=QColor(36, 36, 36), redline=navy)
    for chosen, shown in ((navy.inserted, dark.inserted), (navy.deleted, dark.deleted),
                          (navy.moved, dark.moved), (navy.reformatted, dark.reformatted)):
        assert shown.lightness() > 150  # readable on the dark page
        assert abs(shown.hslHue() - QColor(chosen).hslHue()) <= 2  # the same hue
    light = roles(dark=False, base=QColor("white"), redline=navy)
    assert light.inserted == QColor(navy.inserted)  # a light page shows the colour as chosen
    assert print_roles(navy).inserted == QColor(navy.inserted)


def test_paper_is_black_on_white_in_a_dark_theme(qapp):
    apply_theme("dark")
    document = QTextDocument()
    document.setHtml("<p style='font-size: 30pt'>Hello paper</p>")
    image = QImage(400, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw_on_paper(document, painter, QRectF(0, 0, 400, 120))
    painter.end()
    darkest = min(image.pixelColor(x, y).lightness() for x in range(0, 400, 2) for y in range(0, 120, 2))
    assert darkest < 60  # black ink, not the dark theme's light text


def test_preferences_redline_colours_recolour_the_window(qtbot, window, sample_policy, monkeypatch):
    from PySide6.QtWidgets import QColorDialog, QPushButton

    from policyeditor.gui.style.theme import redline_colours
    from policyeditor.gui.window.dialogs import PreferencesDialog

    _edited_window(qtbot, window, sample_policy)
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *args: QColor("#6a1b9a")))
    shown = []

    def choose_and_press_ok(self):  # what a person does in the modal dialog
        shown.append(self)
        self.findChild(QPushButton, "insertedColourButton").click()
        self.accept()
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", choose_and_press_ok)
    window.actions["preferences"].trigger()
    dialog = shown[0]
    assert dialog.findChild(QPushButton, "insertedColourButton").text() == "#6A1B9A"
    assert redline_colours(settings()) == RedlineColours(inserted="#6a1b9a")
    qtbot.waitUntil(lambda: not window.busy() and bool(_inserted(window)), timeout=8000)
    assert _inserted(window)[0].format.foreground().color() == QColor("#6a1b9a")

    again = PreferencesDialog(settings(), window)
    qtbot.addWidget(again)
    assert again.colours.inserted == "#6a1b9a"
    again.findChild(QPushButton, "redlineColoursReset").click()
    assert again.findChild(QPushButton, "insertedColourButton").text() == RedlineColours().inserted.upper()
    again.reject()  # cancelled: the chosen colour stays
    assert redline_colours(settings()).inserted == "#6a1b9a"


def test_unreadable_colour_settings_fall_back_to_the_standard_ones(qapp):
    from policyeditor.gui.style.theme import redline_colours

    store = settings()
    store.setValue("redline/inserted", "not a colour")
    store.setValue("redline/moved", "#00838f")
    assert redline_colours(store) == RedlineColours(moved="#00838f")
