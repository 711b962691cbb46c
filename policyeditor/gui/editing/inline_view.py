"""The inline redline view: one pane, Word style, insertions underlined, deletions struck.

The HTML of each heading and body comes from the redline engine's
`formats.redline_html` (`heading_html`, `ops_html`), which QTextBrowser draws
with `inline_style`: the theme's redline colours (blue, red, green by default).
Qt's rich text has no CSS generated content, so list markers (a `data-marker`
attribute there) are written into the text here.
Read-only: edits happen in the side-by-side view.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from policyeditor.diff.redline import Redline
from policyeditor.formats.redline_html import heading_html, ops_html
from policyeditor.gui.editing.text_map import LIST_MARKER
from policyeditor.gui.style.theme import Roles, roles


def inline_style(colours: Roles) -> str:
    """The redline's style sheet in the theme's colours (`theme.print_roles()` for paper)."""
    ins, dele, move = colours.inserted.name(), colours.deleted.name(), colours.moved.name()
    tints = (colours.inserted_background, colours.deleted_background, colours.moved_background)
    ins_bg, del_bg, move_bg = (colours.solid(tint) for tint in tints)
    return f"""
ins {{ color: {ins}; text-decoration: underline; background-color: {ins_bg}; }}
del {{ color: {dele}; text-decoration: line-through; background-color: {del_bg}; }}
ins.move, del.move {{ color: {move}; background-color: {move_bg}; }}
h1 {{ font-size: 20pt; }}
h2, h3, h4, h5, h6 {{ margin-top: 14px; margin-bottom: 4px; }}
span.num {{ color: {colours.muted.name()}; font-weight: normal; }}
p.note {{ color: {move}; font-size: small; margin: 0; }}
td {{ border: 1px solid {colours.rule.name()}; padding: 3px; }}
"""


_LIST_ITEM = re.compile(r'<p class="li l(\d+)([^"]*)" data-marker="([^"]*)">')


def _markers(html: str) -> str:
    """List markers written into the text, styled `LIST_MARKER` so `text_map` knows them for ours."""
    return _LIST_ITEM.sub(
        lambda m: f'<p class="li l{m[1]}{m[2]}" style="margin-left: {(int(m[1]) + 1) * 20}px">'
                  f'<span style="{LIST_MARKER}">{m[3]}&nbsp;</span>',
        html)


# An editorial (or ignored) change as `redline_html` marks it; <ins>/<del> do not nest.
_QUIET_CHANGE = re.compile(r'<(ins|del)\b[^>]*\bclass="[^"]*\b(?:editorial|ignored)\b[^"]*"[^>]*>(.*?)</\1>',
                           re.DOTALL)


def _quiet(html: str) -> str:
    """Editorial changes as plain text: insertions unmarked, deletions left out.

    What the HTML redline's "hide editorial changes" box does with CSS, which Qt's
    rich text cannot (it has no `display: none`).
    """
    return _QUIET_CHANGE.sub(lambda m: m[2] if m[1] == "ins" else "", html)


def inline_html(redline: Redline, hide_editorial: bool = False,
                accepted: frozenset[int] = frozenset()) -> str:
    """The whole redline as Qt rich text, an anchor `s-<id>` before each section.

    `hide_editorial` shows editorial changes as plain text (see `_quiet`), and
    so are the `accepted` changes (ids): insertions read as text, deletions gone.
    """
    quiet = frozenset(c.id for c in redline.changes if c.editorial) if hide_editorial else frozenset()
    quiet |= accepted
    html = _inline_html(redline, quiet)
    return _quiet(html) if quiet else html


def _inline_html(redline: Redline, editorial: frozenset[int]) -> str:
    parts = [f"<h1>{heading_html(redline.title_ops, editorial=editorial)}</h1>"]
    for index, role in redline.slots:
        d = redline.sections[index]
        moved_source = role == "old" and d.new is not None
        number = d.old_number if role == "old" or d.new is None else d.new_number
        depth = (d.old_depth if role == "old" or d.new is None else d.new_depth) or 1
        tag = f"h{min(depth + 1, 6)}"
        anchor = (d.old_id if role == "old" else d.new_id) or ""
        parts.append(f'<a name="s-{escape(anchor, quote=True)}"></a>')
        if moved_source:
            parts.append(f'<{tag}><span class="num">{escape(number or "")}</span>&nbsp; '
                         f'<del class="move">{escape(d.old.heading)}</del></{tag}>'  # type: ignore[union-attr]
                         f'<p class="note">moved to {escape(d.new_number or "")}</p>')
            continue
        parts.append(f'<{tag}><span class="num">{escape(number or "")}</span>&nbsp; '
                     f"{heading_html(d.heading_ops, editorial=editorial)}</{tag}>")
        if "moved" in d.kinds:
            parts.append(f'<p class="note">moved from {escape(d.old_number or "")}</p>')
        parts.append(_markers(ops_html(d.body_ops, editorial=editorial)))
    return "\n".join(parts)


class InlineRedlineView(QTextBrowser):
    """Shows a redline inline; `show_section(id)` scrolls to a section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineRedlineView")
        self.setOpenLinks(False)  # never follow a link from a document
        self.document().setDefaultStyleSheet(inline_style(roles()))
        self.document().setDocumentMargin(24)
        self.redline: Redline | None = None
        self.accepted: frozenset[int] = frozenset()
        self.hide_editorial = False

    def set_hide_editorial(self, hide: bool) -> None:
        """Show editorial changes as plain text (`hide`) or marked like others, from the next `show_redline`.

        Not redrawn here: the window redraws this view only while it is on show.
        """
        self.hide_editorial = hide

    def restyle(self) -> None:
        """Take the theme's colours again (after the palette or the redline colours changed)."""
        self.document().setDefaultStyleSheet(inline_style(roles()))
        self.show_redline(self.redline, self.accepted)

    def show_redline(self, redline: Redline | None, accepted: frozenset[int] = frozenset()) -> None:
        """Show `redline`, its `accepted` changes (ids) as plain text."""
        self.redline, self.accepted = redline, accepted
        value = self.verticalScrollBar().value()
        self.setHtml(inline_html(redline, self.hide_editorial, accepted) if redline is not None else "")
        self.verticalScrollBar().setValue(value)

    def show_section(self, section_id: str) -> None:
        self.scrollToAnchor(f"s-{section_id}")
