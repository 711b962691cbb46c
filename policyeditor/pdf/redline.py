"""The redline as a PDF: the redline HTML laid out by Qt, like the clean PDF export.

The text is the inline redline view's (`formats.redline.rich_text.inline_html`:
insertions underlined, deletions struck, in the redline colours of Preferences),
after a change summary, with a change bar left of every changed line (in the deletion colour,
as the blackline DOCX has it); pages, header and footer come from `pdf.policy.write_pdf`.
Needs a QGuiApplication, made offscreen when missing.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPen,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)

from policyeditor.diff.redline import Redline
from policyeditor.formats.exporters.info import NOTE_PREFIX
from policyeditor.formats.redline.colours import ROLES, RedlineColours, on_white
from policyeditor.formats.redline.rich_text import inline_html, inline_style_sheet
from policyeditor.pdf.policy import FONT_FAMILY, GREY, RESOLUTION, write_pdf

SUMMARY_STYLE = "table.stats td { border: none; padding: 1px 12px 1px 0; } p.legend { margin-bottom: 18px; }"


def export_redline_pdf(redline: Redline, path: Path, colours: RedlineColours | None = None) -> None:
    """Write the redline as an A4 PDF: a change summary, then the text with its changes marked.

    `colours` (default: blue insertions, red deletions, green moves) are laid on white
    paper whatever the window's theme.
    """
    title = f"Redline: {redline.old_label} \u2192 {redline.new_label}"
    colours = colours or RedlineColours()
    write_pdf(path, redline.new.title, redline_pdf_html(redline),
              lambda painter, body, page, pages: _furniture(painter, redline, title, body, page, pages),
              paper_style(colours) + SUMMARY_STYLE,
              margin_bars=changed_lines, bar_colour=QColor(colours.deleted))


def paper_style(colours: RedlineColours) -> str:
    """The inline view's style sheet in the window's light colours, on white paper whatever the theme."""
    inserted, deleted, moved, reformatted = (QColor(getattr(colours, name)).name() for name in ROLES)
    # the alphas and greys of the light theme's roles (gui.style.theme), so paper matches the window
    return inline_style_sheet(inserted, deleted, moved, on_white(inserted, 45), on_white(deleted, 45),
                              on_white(moved, 40), on_white(reformatted, 40), "#666666", "#bbbbbb")


def redline_pdf_html(redline: Redline) -> str:
    """What the redline PDF lays out: the change summary, a rule, then the marked-up text."""
    return _summary(redline) + inline_html(redline, mirror_rtl_tables=True)


def changed_lines(document: QTextDocument, first: QTextBlock | None = None,
                  bottom: float = math.inf) -> list[tuple[float, float]]:
    """The top and bottom of every laid-out line of a redline's text that shows a change: a
    character of it tinted (inserted, deleted, moved or reformatted words, a ¶ mark) or struck
    (an old list marker). Lines in table cells too: a changed row is barred line by line. From
    block `first` (default: the one after the summary's rule, whose legend's samples are no
    changes) down to `bottom` (the inline view asks for the lines it shows)."""
    layout = document.documentLayout()
    spans: list[tuple[float, float]] = []
    block = _after_rule(document) if first is None else first
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        if top > bottom:
            break
        changed = [(r.start, r.start + r.length) for r in block.textFormats() if _shows_change(r.format)]
        if changed:
            lines = block.layout()
            for index in range(lines.lineCount()):
                line = lines.lineAt(index)
                start = line.textStart()  # in the block, as its formats' ranges are
                end = start + max(1, line.textLength())
                if any(a < end and b > start for a, b in changed):
                    spans.append((top + line.y(), top + line.y() + line.height()))
        block = block.next()
    return spans


def _after_rule(document: QTextDocument) -> QTextBlock:
    """The first block after the one that ends with the summary's rule (<hr>)."""
    block = document.begin()
    while block.isValid():
        ruled = block.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth)
        block = block.next()
        if ruled:
            return block
    return block


def _shows_change(fmt: QTextCharFormat) -> bool:
    # the body has no tint and no strike of its own: only the redline's style sheet gives them
    return fmt.background().style() != Qt.BrushStyle.NoBrush or fmt.fontStrikeOut()


def _summary(redline: Redline) -> str:
    s = redline.stats
    rows = [("Changes", s.changes), ("Substantive", s.substantive), ("Words inserted", s.words_inserted),
            ("Words deleted", s.words_deleted), ("Words moved", s.words_moved)]
    rows += [(f"Sections {kind}", n) for kind, n in s.sections.items() if n]
    table = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in rows)
    return (f"<p><b>{escape(redline.old_label)} \u2192 {escape(redline.new_label)}</b></p>"
            f'<table class="stats">{table}</table>'
            + "".join(f"<p>{escape(NOTE_PREFIX + note)}</p>" for note in redline.notes)
            + '<p class="legend"><ins>inserted</ins> &nbsp; <del>deleted</del> &nbsp; '
            '<ins class="move">moved here</ins> &nbsp; <del class="move">moved away</del> &nbsp; '
            '<span class="format">reformatted</span></p><hr/>')


def _furniture(painter: QPainter, redline: Redline, title: str, body: QRectF, page: int, pages: int) -> None:
    """Policy title and "Redline: a → b" above the text, "Page X of Y" below."""
    line = RESOLUTION * 0.17
    painter.setFont(QFont(FONT_FAMILY, 8))
    painter.setPen(QPen(GREY))
    header = QRectF(body.left(), body.top() - 3.2 * line, body.width(), line)
    painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, redline.new.title)
    painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, title)
    footer = QRectF(body.left(), body.bottom() + 1.4 * line, body.width(), line)
    painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     f"Page {page} of {pages}")
