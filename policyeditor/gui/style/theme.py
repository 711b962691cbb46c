"""The window's colours: the light or dark palette, and the roles the views paint changes with.

Views never name a colour: they ask `roles()` for the colour of a role
(inserted, deleted, moved, reformatted, comment, a section's state, muted text, rules), which
picks the light or dark variant by the lightness of the palette's Base (the
colour text is drawn on), and takes the redline colours the user chose in
Preferences. In a dark theme a chosen colour is lifted to a light tint of the
same hue, so dark blue insertions stay readable on a dark page.

View ▸ Theme: "system" leaves the platform's palette alone; "light" and "dark"
set Qt's Fusion style with an explicit palette, which works on every platform
(the offscreen one included, which ignores `QStyleHints.setColorScheme`); the
colour scheme hint is set as well, so native dialogs and title bars follow
where the platform supports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from policyeditor.formats.redline.colours import ROLES, RedlineColours

THEME_KEY = "view/theme"
THEMES = ("system", "light", "dark")
REDLINE_KEY = "redline/{}"  # inserted, deleted, moved, reformatted: "#rrggbb"
DARK_TEXT_LIGHTNESS = 0.72  # HSL lightness a chosen colour is lifted to on a dark page
WHITE = QColor(255, 255, 255)


def redline_colours(settings: QSettings) -> RedlineColours:
    """The redline colours set in Preferences; a missing or unreadable one is the default."""
    default = RedlineColours()
    chosen = {}
    for name in ROLES:
        value = str(settings.value(REDLINE_KEY.format(name), "") or "")
        colour = QColor(value)
        chosen[name] = colour.name() if value and colour.isValid() else getattr(default, name)
    return RedlineColours(**chosen)


def set_redline_colours(settings: QSettings, colours: RedlineColours) -> None:
    """Remember the redline colours and use them in the window from now on."""
    for name in ROLES:
        settings.setValue(REDLINE_KEY.format(name), QColor(getattr(colours, name)).name())
    use_redline_colours(colours)


_redline = RedlineColours()


def use_redline_colours(colours: RedlineColours) -> None:
    """Paint the window's changes in these colours (the next `roles()` call on)."""
    global _redline
    _redline = colours


@dataclass(frozen=True)
class Roles:
    """The colour of each role the views paint, for one theme. Backgrounds are translucent tints."""

    dark: bool
    base: QColor               # the page the tints are laid on
    inserted: QColor
    deleted: QColor
    moved: QColor
    reformatted: QColor        # words whose formatting alone changed
    inserted_background: QColor
    deleted_background: QColor
    moved_background: QColor
    reformatted_background: QColor
    edited: QColor             # a section edited since the base (navigator, heading bar)
    comment: QColor
    comment_current: QColor
    muted: QColor              # numbers, dates: text that steps back
    rule: QColor               # table borders

    def state(self, state: str) -> QColor:
        """The colour of a section's change state: edited, added, moved or deleted."""
        return {"edited": self.edited, "added": self.inserted, "moved": self.moved,
                "deleted": self.deleted}[state]

    def solid(self, tint: QColor) -> str:
        """A translucent tint laid on the base, as "#rrggbb" (Qt's rich text has no rgba())."""
        alpha = tint.alphaF()
        mixed = QColor.fromRgbF(*(alpha * t + (1 - alpha) * b for t, b in
                                  zip(tint.getRgbF()[:3], self.base.getRgbF()[:3], strict=True)))
        return mixed.name()


def _on_dark(colour: QColor) -> QColor:
    """`colour` lifted to a light tint of its hue, readable on a dark page."""
    h, s, lightness, _a = colour.getHslF()
    return QColor.fromHslF(max(h, 0.0), s, max(lightness, DARK_TEXT_LIGHTNESS))


def _tint(colour: QColor, alpha: int) -> QColor:
    tint = QColor(colour)
    tint.setAlpha(alpha)
    return tint


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette (default: the application's) draws text on a dark page."""
    if palette is None:
        app = QApplication.instance()
        if app is None:
            return False
        palette = app.palette()  # type: ignore[attr-defined]
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def roles(dark: bool | None = None, base: QColor | None = None,
          redline: RedlineColours | None = None) -> Roles:
    """The roles for the application's palette (or the `dark` theme laid on `base`).

    `redline` defaults to the colours last given to `use_redline_colours`. Cached:
    the compare view asks for every row it lights. Treat the colours as read-only.
    """
    app = QApplication.instance()
    palette = app.palette() if app is not None else QPalette()  # type: ignore[attr-defined]
    dark = is_dark(palette) if dark is None else dark
    if base is None:
        base = palette.color(QPalette.ColorRole.Base) if dark == is_dark(palette) else (
            QColor(36, 36, 36) if dark else WHITE)
    return _roles(dark, base.rgba(), redline or _redline)


@lru_cache(maxsize=16)
def _roles(dark: bool, base_rgba: int, chosen: RedlineColours) -> Roles:
    base = QColor.fromRgba(base_rgba)
    inserted, deleted, moved, reformatted = (QColor(getattr(chosen, name)) for name in ROLES)
    if dark:
        inserted, deleted, moved, reformatted = (_on_dark(c) for c in (inserted, deleted, moved, reformatted))
        return Roles(True, base, inserted, deleted, moved, reformatted,
                     _tint(inserted, 60), _tint(deleted, 60), _tint(moved, 55), _tint(reformatted, 55),
                     QColor(224, 168, 74), QColor(255, 210, 80, 75),
                     QColor(255, 190, 40, 130), QColor(160, 160, 160), QColor(95, 95, 95))
    return Roles(False, base, inserted, deleted, moved, reformatted,
                 _tint(inserted, 45), _tint(deleted, 45), _tint(moved, 40), _tint(reformatted, 40),
                 QColor(185, 119, 14), QColor(255, 226, 100, 140),
                 QColor(255, 190, 40, 200), QColor(102, 102, 102), QColor(187, 187, 187))


def print_roles(redline: RedlineColours | None = None) -> Roles:
    """The light roles on white paper, whatever the window's theme (for PDF)."""
    return roles(False, WHITE, redline)


# ---------------------------------------------------------------- the palette


def theme_choice(settings: QSettings) -> str:
    value = str(settings.value(THEME_KEY, "system") or "system")
    return value if value in THEMES else "system"


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (Qt's own dark Fusion colours, a blue link that reads)."""
    r = QPalette.ColorRole
    window, text = QColor(50, 50, 50), QColor(235, 235, 235)
    palette = QPalette(window)
    for role, colour in ((r.Window, window), (r.WindowText, text), (r.Base, QColor(36, 36, 36)),
                         (r.AlternateBase, QColor(44, 44, 44)), (r.ToolTipBase, QColor(60, 60, 60)),
                         (r.ToolTipText, text), (r.Text, text), (r.Button, QColor(58, 58, 58)),
                         (r.ButtonText, text), (r.BrightText, QColor(255, 120, 120)),
                         (r.Light, QColor(75, 75, 75)), (r.Midlight, QColor(62, 62, 62)),
                         (r.Mid, QColor(40, 40, 40)), (r.Dark, QColor(30, 30, 30)),
                         (r.Shadow, QColor(15, 15, 15)), (r.Highlight, QColor(48, 110, 190)),
                         (r.HighlightedText, QColor(255, 255, 255)), (r.Link, QColor(120, 170, 255)),
                         (r.LinkVisited, QColor(190, 150, 255)),
                         (r.PlaceholderText, QColor(150, 150, 150))):
        palette.setColor(role, colour)
    disabled = QPalette.ColorGroup.Disabled
    for role in (r.WindowText, r.Text, r.ButtonText):
        palette.setColor(disabled, role, QColor(125, 125, 125))
    palette.setColor(disabled, r.Base, window)
    palette.setColor(disabled, r.Highlight, QColor(90, 90, 90))
    return palette


def light_palette() -> QPalette:
    """A light palette for the Fusion style (its standard one)."""
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    palette = style.standardPalette()
    palette.setColor(QPalette.ColorRole.Base, WHITE)
    return palette


_system_style: str | None = None  # the style before a theme was chosen, to go back to


def apply_theme(choice: str) -> None:
    """Show the application in the "system", "light" or "dark" theme."""
    global _system_style
    app = QApplication.instance()
    if app is None or choice not in THEMES:
        return
    if _system_style is None:
        if choice == "system":
            return  # nothing was changed: the platform's look stays as it is
        _system_style = app.style().name()  # type: ignore[attr-defined]
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+; platforms without support ignore it
        hints.setColorScheme({"system": Qt.ColorScheme.Unknown, "light": Qt.ColorScheme.Light,
                              "dark": Qt.ColorScheme.Dark}[choice])
    if choice == "system":
        app.setStyle(_system_style)  # type: ignore[attr-defined]
        app.setPalette(QPalette())  # type: ignore[attr-defined]  # an empty palette: the platform's again
    else:
        app.setStyle("Fusion")  # type: ignore[attr-defined]
        app.setPalette(dark_palette() if choice == "dark" else light_palette())  # type: ignore[attr-defined]
