"""The inline redline view: one pane, Word style, insertions underlined, deletions struck.

The HTML of each heading and body comes from the redline engine's
`formats.redline.rich_text` (Qt's rich-text flavour of the redline HTML, shared
with the redline PDF), which QTextBrowser draws with `inline_style`: the theme's
redline colours (blue, red, green by default).
Read-only: edits happen in the side-by-side view.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from policyeditor.diff.redline import Redline
from policyeditor.formats.redline.rich_text import inline_html, inline_style_sheet
from policyeditor.gui.style.theme import Roles, roles


def inline_style(colours: Roles) -> str:
    """The redline's style sheet in the theme's colours."""
    tints = (colours.inserted_background, colours.deleted_background, colours.moved_background)
    return inline_style_sheet(colours.inserted.name(), colours.deleted.name(), colours.moved.name(),
                              *(colours.solid(tint) for tint in tints), colours.muted.name(),
                              colours.rule.name())


class InlineRedlineView(QTextBrowser):
    """Shows a redline inline; `show_section(id)` scrolls to a section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineRedlineView")
        self.setOpenLinks(False)  # never follow a link from a document
        self.document().setDefaultStyleSheet(inline_style(roles()))
        self.document().setDocumentMargin(24)
        self.redline: Redline | None = None
        self.hide_editorial = False

    def set_hide_editorial(self, hide: bool) -> None:
        """Show editorial changes as plain text (`hide`) or marked like others, from the next `show_redline`.

        Not redrawn here: the window redraws this view only while it is on show.
        """
        self.hide_editorial = hide

    def restyle(self) -> None:
        """Take the theme's colours again (after the palette or the redline colours changed)."""
        self.document().setDefaultStyleSheet(inline_style(roles()))
        self.show_redline(self.redline)

    def show_redline(self, redline: Redline | None) -> None:
        self.redline = redline
        value = self.verticalScrollBar().value()
        self.setHtml(inline_html(redline, self.hide_editorial) if redline is not None else "")
        self.verticalScrollBar().setValue(value)

    def show_section(self, section_id: str) -> None:
        self.scrollToAnchor(f"s-{section_id}")
