"""The PDF export of a policy version, drawn by Qt from the HTML export; no outside service.

The HTML of `render_html` is laid out by a QTextDocument in A4 pages and painted page by
page into a QPdfWriter, with a running header (title, version and status, the red DRAFT
mark when the version is not approved) and a footer ("Page X of Y", the content hash) in
the margins. It needs a QGuiApplication; one is created (offscreen when there is no
display) if none exists, so the command line can export PDF too.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from policyeditor import __version__
from policyeditor.core.model import Policy
from policyeditor.formats.exporters import pdf_identity
from policyeditor.formats.exporters.html import render_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.pdf.table_headers import keep_headers_off_other_text

RESOLUTION = 300  # dots per inch of the PDF's coordinate space
MARGINS_MM = (25.0, 27.0, 25.0, 25.0)  # left, top, right, bottom: as the DOCX reference document
FONT_FAMILY = "Cambria"
GREY = QColor(0x59, 0x59, 0x59)
DRAFT_RED = QColor(0xC0, 0x00, 0x00)

_app: QGuiApplication | None = None  # kept alive when this module had to create it


def _ensure_gui_application() -> None:
    global _app
    if QGuiApplication.instance() is not None:
        return
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication([sys.argv[0] if sys.argv else "policyeditor"])


def export_pdf(policy: Policy, path: Path, info: ExportInfo) -> None:
    """Write the policy as an A4 PDF with running header and "Page X of Y" footer to `path`; a
    version's PDF states which it is in its XMP metadata (formats/exporters/pdf_identity.py)."""
    write_pdf(path, policy.title, render_html(policy, info, mirror_rtl_tables=True),
              lambda painter, body, page, pages: _furniture(painter, policy, info, body, page, pages),
              xmp=pdf_identity.xmp(policy.title, info))


Furniture = Callable[[QPainter, QRectF, int, int], None]  # painter, body rect, page, page count
# the spans (top, bottom, in the laid-out document's coordinates) to bar in the left margin
MarginBars = Callable[[QTextDocument], list[tuple[float, float]]]
BAR_GAP_MM, BAR_WIDTH_MM = 3.0, 0.8  # a margin bar's distance left of the text, and its width


def write_pdf(path: Path, title: str, html: str, furniture: Furniture, style_sheet: str = "",
              margin_bars: MarginBars | None = None, bar_colour: QColor = GREY,
              xmp: bytes | None = None) -> None:
    """Lay out `html` in A4 pages and write them to `path`, `furniture` drawing each page's margins
    and `margin_bars` the bars beside the lines it names (a redline's change bars) in `bar_colour`;
    `xmp`: the document's XMP metadata (Qt's own when None)."""
    _ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # the page is ours edge to edge: margins are drawn by hand so header and footer can use them
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator(f"policyeditor {__version__}")
    if xmp is not None:
        writer.setDocumentXmpMetadata(QByteArray(xmp))

    full = writer.pageLayout().fullRectPixels(RESOLUTION)
    left, top, right, bottom = (mm / 25.4 * RESOLUTION for mm in MARGINS_MM)
    body = QRectF(left, top, full.width() - left - right, full.height() - top - bottom)

    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    document.setDefaultFont(QFont(FONT_FAMILY, 10))
    if style_sheet:
        document.setDefaultStyleSheet(style_sheet)
    document.setHtml(html)
    document.setPageSize(QSizeF(body.width(), body.height()))
    keep_headers_off_other_text(document, body.height())
    pages = document.pageCount()
    bars = margin_bars(document) if margin_bars is not None else []

    painter = QPainter()
    if not painter.begin(writer):  # the file cannot be made: paint nothing (each stroke would warn)
        raise OSError(errno.EIO, "the PDF file could not be created")
    try:
        for index in range(pages):
            if index and not writer.newPage():  # the first failure ends it; the check below tells it
                break
            painter.save()
            painter.translate(body.left(), body.top() - index * body.height())
            page = QRectF(0, index * body.height(), body.width(), body.height())
            draw_on_paper(document, painter, page)
            _draw_bars(painter, bars, bar_colour, page)
            painter.restore()
            furniture(painter, body, index + 1, pages)
    finally:
        finished = painter.end()
    if not finished or not complete_pdf(path):  # Qt's writer does not raise when a write fails
        raise OSError(errno.ENOSPC, "the disk is full or the PDF could not be written whole")


def _draw_bars(painter: QPainter, bars: list[tuple[float, float]], colour: QColor, page: QRectF) -> None:
    """The bars of `bars` that fall on `page` (document coordinates), left of the text."""
    gap, width = (mm / 25.4 * RESOLUTION for mm in (BAR_GAP_MM, BAR_WIDTH_MM))
    for top, bottom in bars:
        top, bottom = max(top, page.top()), min(bottom, page.bottom())
        if top < bottom:
            painter.fillRect(QRectF(-gap - width, top, width, bottom - top), colour)


def complete_pdf(path: Path) -> bool:
    """Whether the file at `path` is a whole PDF: its header, and a trailer ending in %%EOF."""
    try:
        with open(path, "rb") as file:
            head = file.read(8)
            file.seek(max(0, path.stat().st_size - 1024))
            tail = file.read()
    except OSError:
        return False
    return head.startswith(b"%PDF-") and b"startxref" in tail and tail.rstrip().endswith(b"%%EOF")


def draw_on_paper(document: QTextDocument, painter: QPainter, clip: QRectF) -> None:
    """Draw the part `clip` of `document` in black on white, whatever the window's theme.

    `QTextDocument.drawContents` takes the application palette's text colour,
    which is light in a dark theme: on paper that text would all but vanish.
    """
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = QPalette(QColor(Qt.GlobalColor.black), QColor(Qt.GlobalColor.white))  # text, page
    context.clip = clip
    painter.save()
    painter.setClipRect(clip)
    document.documentLayout().draw(painter, context)
    painter.restore()


def _furniture(painter: QPainter, policy: Policy, info: ExportInfo, body: QRectF,
               page: int, pages: int) -> None:
    """The running header and footer of one page, in the margins around `body`."""
    line = RESOLUTION * 0.17  # a line of 8.5 pt text with its leading, in device pixels
    font = QFont(FONT_FAMILY, 8)
    painter.setFont(font)
    painter.setPen(QPen(GREY))
    header = QRectF(body.left(), body.top() - 3.2 * line, body.width(), line)
    painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, policy.title)
    painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     f"{info.version_text} \u00b7 {info.status.title}")
    if info.is_draft:
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QPen(DRAFT_RED))
        painter.drawText(header.translated(0, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, info.draft_mark)
        painter.setFont(font)
        painter.setPen(QPen(GREY))
    footer = QRectF(body.left(), body.bottom() + 1.4 * line, body.width(), line)
    if info.content_hash:
        painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         f"SHA-256 {info.content_hash[:16]}")
    painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     f"Page {page} of {pages}")
