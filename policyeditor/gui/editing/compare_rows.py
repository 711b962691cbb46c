"""The compare view's rows: one aligned section pair on screen (`Row`), the widgets its cells
are made of, and the grid blocks and shelves that hold them (see `CompareView.rebuild`)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QTextEdit, QVBoxLayout, QWidget

from policyeditor.diff.align import SectionPair
from policyeditor.gui.editing.highlight import Lit
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.style.theme import roles

RowKey = tuple[str | None, str | None]


class TitleLabel(QLabel):
    """A base heading, wrapped, as tall as its text at its width (as the editors are).

    It tells layouts it has no height for width, so no row has one: with one, after
    each slice of rows the scroll area measured the height for width of every page
    made so far (QScrollArea::event → QBoxLayout::heightForWidth →
    QGridLayout::minimumHeightForWidth), which grew with the document to 70% of the
    UI thread's time late in opening 2,000 sections. It takes the height its width
    needs itself (`fit`), once laid out.
    """

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.fit()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        height = self.heightForWidth(self.width())
        if height > 0 and height != self.height():
            self.setFixedHeight(height)


class HeadingEdit(QLineEdit):
    """A draft section's heading; Tab goes on to the section's text (`body`), as Enter does."""

    body: QTextEdit | None = None

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt's names)
        if next and self.body is not None:
            self.body.setFocus(Qt.FocusReason.TabFocusReason)
            self.body.moveCursor(QTextCursor.MoveOperation.Start)
            return True
        return super().focusNextPrevChild(next)


@dataclass(frozen=True)
class Place:
    """Where the cursor is in the draft pane: a section's heading or body, and its selection."""

    section_id: str
    in_heading: bool
    anchor: int
    position: int


def make_grid_block(parent: QWidget) -> QWidget:
    """A widget whose grid holds rows: base cells in column 0, draft cells in column 1, as wide
    (the draft takes the odd pixel: it is never the narrower)."""
    block = QWidget(parent)
    grid = QGridLayout(block)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(10)
    grid.setColumnStretch(0, 1000)
    grid.setColumnStretch(1, 1001)
    return block


@dataclass
class Row:
    """One aligned pair on screen; either side may be missing (added or deleted section)."""

    key: RowKey
    pair: SectionPair
    state: str                       # "", "edited", "added", "deleted", "moved"
    left: SectionEditor | None
    right: SectionEditor | None
    left_title: QLabel
    right_heading: QLineEdit | None
    cell: QWidget                    # the right cell (or left for a deleted row): scroll target
    left_cell: QWidget
    right_cell: QWidget
    page: QWidget                    # the grid block holding both cells (see `CompareView.rebuild`)
    role: str = "both"               # the slot's role in `align_sections`
    right_label: QLabel | None = None  # the draft's number, or the note where there is no draft section
    heading_shown: tuple[str, str, Lit] | None = None  # the heading change on show

    def shape(self) -> tuple[Any, ...]:
        """What a row is made for beyond its texts: a row of another shape is made anew."""
        return row_shape(self.pair, self.role)

    def headings(self) -> tuple[str, str]:
        return (self.pair.old.heading if self.pair.old is not None else "",
                self.right_heading.text() if self.right_heading is not None else "")

    def show_heading_changes(self, lit: Lit) -> None:
        """Light the base heading's deleted words; the draft heading's tooltip says what it was."""
        old, new = self.headings()
        if (old, new, lit) == self.heading_shown:
            return
        self.heading_shown = (old, new, lit)
        number = self.left_title.text().split("  ", 1)[0] if "  " in self.left_title.text() else ""
        parts, at = [], 0
        colours = roles()
        lit_style = (f"color:{colours.deleted.name()}; text-decoration:line-through; "
                     f"background-color:{colours.solid(colours.deleted_background)}")
        for start, length in lit.deleted:
            parts.append(escape(old[at:start]))
            parts.append(f'<span style="{lit_style}">{escape(old[start:start + length])}</span>')
            at = start + length
        parts.append(escape(old[at:]))
        self.left_title.setTextFormat(Qt.TextFormat.RichText)
        self.left_title.setText(f"{escape(number)}&nbsp;&nbsp;{''.join(parts)}")
        if self.right_heading is not None:
            tip = self.right_heading.toolTip().split("\n")[0]
            self.right_heading.setToolTip(f"{tip}\nWas: {old}" if lit.changes else tip)

    def texts(self) -> tuple[str, str]:
        return (self.left.document().toRawText() if self.left else "",
                self.right.document().toRawText() if self.right else "")


def row_shape(pair: SectionPair, role: str) -> tuple[Any, ...]:
    """A slot's identity: its sections' ids, its role, and which sides it has."""
    return (pair.old.id if pair.old else None, pair.new.id if pair.new else None, role, pair.moved)


def make_shelf(parent: QWidget) -> QWidget:
    """A run of pages (see `CompareView.rebuild`)."""
    shelf = QWidget(parent)
    column = QVBoxLayout(shelf)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(10)
    return shelf


def pair_state(pair: SectionPair) -> str:
    """What happened to a section between base and draft, as the navigator shows it."""
    if pair.old is None:
        return "added"
    if pair.new is None:
        return "deleted"
    if pair.moved:
        return "moved"
    if pair.old.body != pair.new.body or pair.old.heading != pair.new.heading:
        return "edited"
    return ""
