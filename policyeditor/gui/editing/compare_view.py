"""The side-by-side compare view: base version left (read-only), draft right (editable).

Layout: one QScrollArea over a column of QGridLayouts with a row per aligned
section pair (`diff.align.align_sections`), base on the left, draft on the
right. A grid row is as tall as its taller cell, so sections line up across the
panes without any bookkeeping, and one scroll bar moves both panes: they cannot
drift apart. The rows are made in slices from the event loop, a grid per slice
(`rebuild`), so thousands of sections never freeze the window; a long body is
put in its editor over several turns too (`SectionEditor`), the build ending once
every one is in (`_finish_build`). Each cell's editor is as tall as its text (no
inner scroll bars). Rows are all made
again only when the base changes; a structural edit of the draft (a section
inserted, removed or moved) adds, takes away or moves only that section's rows,
the others keep their widgets (`_restructure`); typing changes one editor.

Structural edits and a new base keep the user's place: `rebuild` notes where the
cursor is in the draft (a section's heading or body, and the selection there) and
puts it back in the same section once the rows are made, wherever the section now
sits (`_restructure` does the same when its row moves); `focus_heading` asks for a
section's heading to be focused (Add Section).

Highlights come from the one redline the window keeps (`redline_state`): its
spans over each section's canonical text (`diff.spans`), less the changes
accepted, placed in each editor's document (`highlight.placed`); nothing is
diffed here. Row states (the navigator's colours) come from the same redline's
open changes. A redline is applied in slices from the event loop, so lighting
thousands of rows never freezes the window. With `hide_editorial` the spans of
editorial changes (`Lit.shown`) are left unlit.
"""

from __future__ import annotations

import time
from dataclasses import replace
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from policyeditor.core.draft import (
    STRUCTURE,
    BodyChanged,
    DecisionsChanged,
    Draft,
    DraftEvent,
    HeadingChanged,
    NumberingChanged,
)
from policyeditor.core.in_order import staying
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import numbers
from policyeditor.diff.align import SectionPair, align_sections
from policyeditor.diff.redline import Change as RedlineChange
from policyeditor.diff.redline import Redline, SectionDiff
from policyeditor.diff.spans import Display, DisplayCache, SectionSpans
from policyeditor.diff.spans import Lit as TextLit
from policyeditor.gui import jobs
from policyeditor.gui.editing.change_marks import (
    deleted_format,
    inserted_format,
    light,
    moved_format,
    state_bar,
)
from policyeditor.gui.editing.compare_rows import (
    HeadingEdit,
    Place,
    Row,
    RowKey,
    TitleLabel,
    make_grid_block,
    make_shelf,
    pair_state,
    row_shape,
)
from policyeditor.gui.editing.highlight import (
    Lit,
    Span,
    change_extent,
    heading_spans,
    lit_of,
    placed,
    shown_blocks,
)
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.style.theme import roles

MIN_CONTENT_WIDTH = 320  # px: narrower, the panes scroll sideways
BUILD_SLICE_MS = 25  # rows are made (and lit) for this long per event-loop turn (see CompareView.rebuild)
TURN_MS = 40  # what a turn of row making may take in all, Qt's laying out of the rows included
SHELF_PAGES = 16  # pages per shelf (see CompareView.rebuild)
PLAN_LATER = 400  # sections (base and draft) from which rows are paired in a worker


def _paired(base: Policy, draft: Policy) -> list[tuple[SectionPair, str]]:
    """A worker's pairing of the rows, once the UI thread's turn (an open's) is over."""
    jobs.give_way()
    return align_sections(base, draft)


class CompareView(QScrollArea):
    """Base and draft side by side, aligned by section, lit where they differ."""

    bodyEdited = Signal(str, str)      # noqa: N815  section id, canonical body
    headingEdited = Signal(str, str)   # noqa: N815  section id, heading
    highlighted = Signal()             # a highlight result was applied
    statesChanged = Signal()           # noqa: N815  row states (for the navigator) changed
    charFormatChanged = Signal(QTextCharFormat)  # noqa: N815  focused draft editor: format at cursor
    rebuilt = Signal()                 # the rows (and their editors) were made anew
    buildProgress = Signal(int, int)   # noqa: N815  rows made so far, rows in all (see `rebuild`)
    fillProgress = Signal(int, int)    # noqa: N815  blocks of long bodies put in, in all (`_finish_build`)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._awaiting = False  # the draft changed since the redline on show
        self.displays = DisplayCache()  # canonical body → where its offsets show (the window shares its own)
        self._generation = 0
        self._redline: tuple[Redline | None, tuple[SectionSpans, ...], frozenset[int]] = (
            None, (), frozenset())
        self._rows: list[Row] = []
        self._pages: list[QWidget] = []  # the runs of rows, in the column (see `rebuild`)
        self._shelves: list[QWidget] = []  # the runs of pages, in the column (see `rebuild`)
        self._slice_ms = float(BUILD_SLICE_MS)  # how long the next slice makes rows
        self._slice_started = 0.0
        self._restructure_due = False  # the draft's tree changed since the rows were laid out
        self._states_due = False  # rows were added, taken away or moved: their states are still to tell
        self.lit: dict[RowKey, Lit] = {}
        self.lit_texts: dict[RowKey, tuple[str, str]] = {}  # the canonical bodies each row is lit for
        self._lit_spans: dict[RowKey, SectionSpans] = {}
        self.heading_lit: dict[RowKey, Lit] = {}
        self.hide_editorial = False
        self._applying: list[tuple[Any, ...]] = []  # rows of a redline still being lit, reversed
        self._apply_started = 0.0  # when the turn of the first slice began (see `show_redline`)
        self.base: Policy | None = None
        self.base_name = ""
        self.draft_name = "Draft"
        self.document: Draft | None = None
        self.read_only = False
        self._unsubscribe: Any = None
        self._build_generation = 0
        self._building = False
        self._to_build: list[tuple[SectionPair, str]] = []
        self._built = 0
        self._restore_scroll = 0
        self._column: QVBoxLayout | None = None
        self._build_numbers: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self._place: Place | None = None  # to put back once the rows are made (see `rebuild`)
        self._in_view: Any = None  # what brings the user's place into view, once the rows' heights are in
        self._placing = 0  # turns of the event loop left to bring it into view again
        self._range = (0, 0)
        self._filling: dict[int, tuple[int, int]] = {}  # editors putting in a long body: blocks in, in all
        self.setWidget(QWidget())

    # ------------------------------------------------------------ sources

    def set_sources(self, base: Policy | None, document: Draft | None, *,
                    base_name: str = "", draft_name: str = "Draft", read_only: bool = False) -> None:
        """Show `base` against the draft `document` (None base: an empty policy)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.base = base
        self.base_name = base_name
        self.draft_name = draft_name
        self.document = document
        self.read_only = read_only
        self._redline = (None, (), frozenset())
        self._awaiting = document is not None
        if document is not None:
            self._unsubscribe = document.subscribe(self._on_change)
        self.rebuild()

    def rebuild(self) -> None:
        """Lay out every row again (after a structural change or another base).

        Rows are made in slices of `BUILD_SLICE_MS` from the event loop, so a policy of
        thousands of sections never freezes the window: the first rows are on show at
        once, `building` is true until the last is made, then `rebuilt` is emitted and
        the highlights start. A small policy is laid out before this returns.

        Each slice's rows go in a grid of their own (a page), put in the column once
        made: adding one to the column lays out only it, where rows added to one big
        grid made Qt lay out all of them again every slice. The pages go on shelves
        of `SHELF_PAGES`, the shelves in the column: after each slice Qt measured
        every page in the column again (its height for the width), which grew with
        the document, past 100 ms a turn at 2,000 sections; now it measures the
        shelves and the pages of the last one. How long a slice makes rows follows
        how long the turns take in all (`TURN_MS`): Qt's showing and laying out of
        a slice's rows, after it, takes longer than making them.

        A structural edit adds, takes away or moves only its own rows, laying out
        again only the pages they leave or join (`_restructure`).
        """
        if not self._building:  # a build under way has not put the old place back yet: keep it
            self._restore_scroll = self.verticalScrollBar().value()
        self._build_generation += 1
        self._place = self.cursor_place() or self._place
        self._in_view = None  # of rows about to go
        self.rows = []
        self.lit = {}
        self.lit_texts = {}
        self._lit_spans = {}
        self.heading_lit = {}
        # the scroll bar on show while rows are made: appearing when the rows outgrow the view,
        # it narrowed every editor made so far, each laying its text out again (a 300,000-word
        # body: twice, ~240 ms a pane); after the build it shows only where needed, as before
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        content = QWidget()
        content.setObjectName("compareContent")
        # a width of its own, not the rows' widest minimum: a row wider than those before it, made
        # in a later slice, would make every editor made so far lay its text out again
        content.setMinimumWidth(MIN_CONTENT_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(10)
        base = self.base or Policy(title="")
        draft = self.document.policy if self.document else Policy(title="")
        headers = make_grid_block(content)
        left_header = QLabel(f"<b>{escape(self.base_name or 'Base')}</b>", headers)
        left_header.setObjectName("baseHeader")
        suffix = " (read-only)" if self.read_only else ""
        right_header = QLabel(f"<b>{escape(self.draft_name)}</b>{suffix}", headers)
        right_header.setObjectName("draftHeader")
        headers.layout().addWidget(left_header, 0, 0)
        headers.layout().addWidget(right_header, 0, 1)
        column.addWidget(headers)
        self._column = column
        self._pages = []
        self._shelves = []
        self._slice_ms = float(BUILD_SLICE_MS)
        self._slice_started = 0.0
        self._restructure_due = False
        self._built = 0
        self._filling = {}
        if base.section_count() + draft.section_count() > PLAN_LATER:
            # thousands of sections are paired in a worker (on a copy of the draft's tree), not
            # in the open's turn of the event loop
            self._to_build = []
            self._building = True
            self.setWidget(content)
            generation, revision = self._build_generation, self._revision()
            tree = draft.copy()
            jobs.start(lambda: _paired(base, tree),
                       lambda slots: self._planned(slots, base, draft, generation, revision),
                       lambda _why: self._plan(base, draft, generation))
            return
        self._to_build = list(align_sections(base, draft))
        self._build_numbers = (numbers(base), numbers(draft))
        self._build_slice(self._build_generation)  # the first rows before the content is shown
        self.setWidget(content)
        self.verticalScrollBar().setValue(self._restore_scroll)
        if not self._building:
            self._finish_build()

    def _revision(self) -> int:
        return self.document.revision if self.document is not None else 0

    def _planned(self, slots: list[tuple[SectionPair, str]], base: Policy, draft: Policy,
                 generation: int, revision: int) -> None:
        """The worker's pairing is in: rows of the draft's own sections (it paired a copy)."""
        if generation != self._build_generation:
            return  # a newer rebuild took over
        if revision != self._revision():
            self._plan(base, draft, generation)  # the draft changed meanwhile: paired again, here
            return
        live = {section.id: section for section, _ in draft.walk()}
        self._plan(base, draft, generation, [
            (replace(pair, new=live[pair.new.id]) if pair.new is not None else pair, role)
            for pair, role in slots])

    def _plan(self, base: Policy, draft: Policy, generation: int,
              slots: list[tuple[SectionPair, str]] | None = None) -> None:
        if generation != self._build_generation:
            return  # a newer rebuild took over
        self._to_build = slots if slots is not None else list(align_sections(base, draft))
        self._build_numbers = (numbers(base), numbers(draft))
        self._slice_started = 0.0
        self._slice_ms = BUILD_SLICE_MS / 2  # grows while turns stay short (see `_build_slice`)
        QTimer.singleShot(1, self, lambda: self._build_slice(generation))

    @property
    def building(self) -> bool:
        """Whether rows are still being made (see `rebuild`), or added, taken away or moved after
        a structural edit (see `_restructure`)."""
        return self._building or self._restructure_due or self._states_due

    def _build_slice(self, generation: int) -> None:
        if generation != self._build_generation or self._column is None:
            return  # a newer rebuild took over
        started = time.perf_counter()
        if self._slice_started:  # the last turn took this long, its rows' layout and painting included
            turn = (started - self._slice_started) * 1000
            self._slice_ms = (max(1.0, self._slice_ms * 0.7) if turn > TURN_MS * 1.25
                              else min(BUILD_SLICE_MS, self._slice_ms * 1.2 + 1) if turn < TURN_MS * 0.8
                              else self._slice_ms)
        self._slice_started = started
        jobs.ui_turn()
        page = make_grid_block(self._column.parentWidget())
        grid = page.layout()
        assert isinstance(grid, QGridLayout)
        while self._built < len(self._to_build):
            row = self._make_row(*self._to_build[self._built], page, in_turns=True)
            at = grid.rowCount()
            grid.addWidget(row.left_cell, at, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.right_cell, at, 1, Qt.AlignmentFlag.AlignTop)
            self.rows.append(row)
            self._built += 1
            if time.perf_counter() - started >= min(self._slice_ms, BUILD_SLICE_MS) / 1000:
                break
        self._pages.append(page)
        if not self._shelves or self._shelves[-1].layout().count() >= SHELF_PAGES:
            self._shelves.append(make_shelf(self._column.parentWidget()))
            self._column.addWidget(self._shelves[-1])
        self._shelves[-1].layout().addWidget(page)
        self._building = self._built < len(self._to_build)
        self.buildProgress.emit(self._built, len(self._to_build))
        if self._building:
            # a timer, not a 0 ms call (a posted event): posted events go first, so the next slice
            # ran with the layout of this one before any timer or input, doubling the stall
            QTimer.singleShot(1, self, lambda: self._build_slice(generation))
            return
        self._slice_started = 0.0
        if self.widget() is self._column.parentWidget():  # a later slice: the content is on show
            self._building = True  # until the rows' states and lights are started (`_finish_build`)
            QTimer.singleShot(1, self, lambda: self._finish_build(generation))

    def _finish_build(self, generation: int | None = None) -> None:
        """The rows are made: their place, then (a turn later when they were made in slices,
        so neither adds to the last slice's stall) their states and lights.

        Editors still putting in a long body (`SectionEditor.filling`) are waited for:
        the place, the scroll range and the lights need all of the text. The scroll bar
        stays on meanwhile, as a narrower pane would lay out all of it again.
        """
        if generation is not None and generation != self._build_generation:
            return
        filling = [e for row in self._rows for e in (row.left, row.right) if e is not None and e.filling]
        if filling:
            self._building = True
            generation = self._build_generation
            self._filling = {id(e): (0, 1) for e in filling}
            for editor in filling:
                self._await_fill(editor, generation)
            return
        assert self._column is not None
        self._column.addStretch(1)
        self._to_build = []
        content = self.widget()
        if not content.isVisible() and self.isVisible():
            content.show()  # made while the view is on show: hidden until shown, and unfocusable
        # the rows' sizes now, not from the event loop: the scroll range must take the old place
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # see `rebuild`
        self.verticalScrollBar().setValue(self._restore_scroll)
        self._put_back()
        self._settle_soon()
        if generation is None:
            self._building = False
            self._rows_in()
        else:
            QTimer.singleShot(1, self, lambda: self._rows_in(generation))

    def _await_fill(self, editor: SectionEditor, generation: int) -> None:
        key = id(editor)
        editor.fillProgress.connect(lambda put, total: self._fill_progress(generation, key, put, total))
        editor.filled.connect(lambda: self._filled(generation))

    def _fill_progress(self, generation: int, key: int, put: int, total: int) -> None:
        if generation == self._build_generation and key in self._filling:
            self._filling[key] = (put, total)
            self.fillProgress.emit(sum(p for p, _ in self._filling.values()),
                                   sum(t for _, t in self._filling.values()))

    def _filled(self, generation: int) -> None:
        """An editor has all of its body: the build is finished once every one has."""
        if generation != self._build_generation or not self._filling:
            return
        if not any(e.filling for row in self._rows for e in (row.left, row.right) if e is not None):
            self._filling = {}
            self._finish_build(generation)

    def _rows_in(self, generation: int | None = None) -> None:
        if generation is None:
            self.statesChanged.emit()
            self.rebuilt.emit()
            self.show_redline(*self._redline)
        elif generation == self._build_generation:
            # the navigator takes the states in this turn, the lights start in the next
            self.statesChanged.emit()
            self.rebuilt.emit()
            QTimer.singleShot(1, self, lambda: self._lights_in(generation))

    def _lights_in(self, generation: int) -> None:
        if generation == self._build_generation:
            self._building = False
            self.show_redline(*self._redline)

    # ------------------------------------------------------------ structural edits

    @property
    def rows(self) -> list[Row]:
        """The rows on show, in order (after any structural edit still to be laid out)."""
        if self._restructure_due:
            self._restructure()
        return self._rows

    @rows.setter
    def rows(self, rows: list[Row]) -> None:
        self._rows = rows

    def _restructure(self) -> None:
        """Bring the rows in line with the draft's tree: make the rows of sections added, take
        away those of sections gone, move those of sections moved; every other row keeps its
        widgets, and the user's place and scroll are kept.

        Run once for all the structural events of one command (a rejection's can be many),
        the first time the rows are asked for or from the event loop.
        """
        self._restructure_due = False
        if self._column is None or self.document is None:
            return
        bar = self.verticalScrollBar()
        self._restore_scroll = bar.value()
        place = self.cursor_place()
        self._in_view = None  # it may hold a row about to go
        base = self.base or Policy(title="")
        draft = self.document.policy
        slots = align_sections(base, draft)
        self._build_numbers = (numbers(base), numbers(draft))
        old_rows = self._rows
        by_shape = {row.shape(): row for row in old_rows}
        wanted = [(by_shape.pop(row_shape(pair, role), None), pair, role) for pair, role in slots]
        touched: set[QWidget] = set()  # the pages to lay out again
        for row in by_shape.values():  # sections gone: their rows go
            self._forget(row)
            touched.add(row.page)
            for cell in (row.left_cell, row.right_cell):
                row.page.layout().removeWidget(cell)
                cell.hide()  # at once: it may hold the focus, which goes back below
                cell.deleteLater()
        stay = staying([id(row) for row in old_rows],
                       [id(row) for row, _, _ in wanted if row is not None])
        new_rows: list[Row] = []
        for row, pair, role in wanted:
            # a row not in the run that keeps its order goes to the page of the row before it
            page = (new_rows[-1].page if new_rows else self._first_page())
            if row is None:
                row = self._make_row(pair, role, page)
                self._forget(row)  # a key another shape had: its lights are not this row's
            else:
                row.pair = pair
                self._renumber(row)
                if id(row) not in stay and row.page is not page:
                    touched.add(row.page)  # the page it leaves
                    self._to_page(row, page)
            if id(row) not in stay:
                touched |= {row.page}
            new_rows.append(row)
        self._rows = new_rows
        for page in touched:
            self._lay_out_page(page, [row for row in new_rows if row.page is page])
        redline = self._redline[0]
        # the redline of the new tree is on its way (the tracker follows the draft)
        self._awaiting = redline is None or not self._is_current(redline)
        self._states_due = True
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        bar.setValue(self._restore_scroll)
        if place is not None:  # its row may be made anew, or moved to another page
            self._place = place
            self._put_back()
        self._settle_soon()
        # from the event loop: this may run while the draft still tells its listeners of the
        # edit, and the navigator's model must have taken it in before it takes the states
        QTimer.singleShot(0, self, self._rows_changed)

    def _rows_changed(self) -> None:
        self._states_due = False
        self.statesChanged.emit()
        self.rebuilt.emit()

    def _forget(self, row: Row) -> None:
        for lights in (self.lit, self.lit_texts, self._lit_spans, self.heading_lit):
            lights.pop(row.key, None)

    def _first_page(self) -> QWidget:
        if not self._pages:
            assert self._column is not None
            if not self._shelves:
                self._shelves.append(make_shelf(self._column.parentWidget()))
                self._column.insertWidget(1, self._shelves[0])  # after the headers
            self._pages.append(make_grid_block(self._shelves[0]))
            self._shelves[0].layout().insertWidget(0, self._pages[0])
        return self._pages[0]

    def _to_page(self, row: Row, page: QWidget) -> None:
        """Move a row's cells to another page (laid out by `_lay_out_page`)."""
        for cell in (row.left_cell, row.right_cell):
            row.page.layout().removeWidget(cell)
            cell.setParent(page)
        row.page = page

    def _lay_out_page(self, page: QWidget, rows: list[Row]) -> None:
        """Put a page's rows in its grid again, in order (the same widgets)."""
        grid = page.layout()
        assert isinstance(grid, QGridLayout)
        for row in rows:
            for cell in (row.left_cell, row.right_cell):
                if grid.indexOf(cell) >= 0:
                    grid.removeWidget(cell)
        for at, row in enumerate(rows):
            grid.addWidget(row.left_cell, at, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.right_cell, at, 1, Qt.AlignmentFlag.AlignTop)
            if page.isVisible():
                row.left_cell.show()  # a cell given another page is hidden until shown
                row.right_cell.show()
        if not rows and page in self._pages:
            self._pages.remove(page)
            holder = page.parentWidget()
            holder.layout().removeWidget(page)
            page.deleteLater()
            if holder in self._shelves and not holder.layout().count():
                self._shelves.remove(holder)
                assert self._column is not None
                self._column.removeWidget(holder)
                holder.deleteLater()

    def _renumber(self, row: Row) -> None:
        """The draft's numbers on a row (they change as sections come, go and move)."""
        new_numbers = self._build_numbers[1]
        if row.right_heading is not None and row.pair.new is not None:
            number = new_numbers[row.pair.new.id]
            if row.right_label is not None and row.right_label.text() != number:
                row.right_label.setText(number)
            tip = row.right_heading.toolTip().split("\n", 1)
            tip[0] = f"Section {number}" + (f" ({row.state})" if row.state else "")
            row.right_heading.setToolTip("\n".join(tip))
        elif row.right_label is not None and row.pair.new is not None and row.role == "old":
            row.right_label.setText(f"(moved to {new_numbers[row.pair.new.id]})")
        if row.right is not None and row.pair.new is not None:
            row.right.show_body(row.pair.new.body)  # no-op unless it changed
        if row.right_heading is not None and row.pair.new is not None \
                and row.right_heading.text() != row.pair.new.heading:
            row.right_heading.setText(row.pair.new.heading)

    # ------------------------------------------------------------ the user's place

    def cursor_place(self) -> Place | None:
        """Where the cursor is in the draft pane, if it is there."""
        widget = self.window().focusWidget()  # the window's, active or not
        if widget is None or not self.isAncestorOf(widget):
            return None
        if isinstance(widget, SectionEditor) and widget.objectName() == "draftEditor":
            cursor = widget.textCursor()
            return Place(widget.section_id, False, cursor.anchor(), cursor.position())
        if isinstance(widget, QLineEdit) and widget.objectName() == "headingEdit":
            start, length = widget.selectionStart(), widget.selectionLength()
            position = widget.cursorPosition()
            anchor = (start + length if position == start else start) if length else position
            return Place(str(widget.property("sectionId")), True, anchor, position)
        return None

    def _to_body(self, section_id: str) -> None:
        row = self.row_of(section_id)
        if row is not None and row.right is not None:
            row.right.setFocus(Qt.FocusReason.TabFocusReason)
            row.right.moveCursor(QTextCursor.MoveOperation.Start)

    def focus_heading(self, section_id: str) -> None:
        """Put the cursor in a draft section's heading, its text selected (so typing replaces it),
        now or once the rows being made are in."""
        row = self.row_of(section_id)
        length = len(row.right_heading.text()) if row is not None and row.right_heading else 1 << 30
        self._place = Place(section_id, True, 0, length)
        if not self._building:
            self._put_back()
            self._settle_soon()

    @property
    def placing(self) -> bool:
        """Whether the place kept through a rebuild is still being brought into view (see `_settle`)."""
        return self._placing > 0

    def _settle_soon(self, turns: int = 5) -> None:
        """Bring the user's place into view again from the event loop: the editors fit their
        heights to their text only once laid out, which moves every row below them."""
        restore = self._restore_scroll
        self._in_view = self._in_view or (lambda: self.verticalScrollBar().setValue(restore))
        self._range = (-1, -1)
        if not self._placing:
            QTimer.singleShot(0, self, self._settle)
        self._placing = turns

    def _settle(self) -> None:
        bar = self.verticalScrollBar()
        now = (bar.maximum(), self.widget().height())
        if self._in_view is not None:
            self._in_view()
        self._placing = 0 if now == self._range else self._placing - 1
        self._range = now
        if self._placing:
            QTimer.singleShot(0, self, self._settle)  # heights still moving: once more
        else:
            self._in_view = None

    def _keep_in_view(self, widget: QWidget, y: int) -> None:
        """The scroll kept from before the rebuild, unless `y` in `widget` is not on show with it."""
        bar = self.verticalScrollBar()
        bar.setValue(self._restore_scroll)
        at = widget.mapTo(self.widget(), QPoint(0, y)).y()
        if not bar.value() <= at < bar.value() + self.viewport().height():
            self.ensureVisible(0, at, 40, 80)

    def _put_back(self) -> None:
        """Focus the section the cursor was in (`_place`) and select what was selected, in view."""
        place, self._place = self._place, None
        row = self.row_of(place.section_id) if place is not None else None
        if place is None or row is None or row.key[1] != place.section_id:
            return
        if place.in_heading and row.right_heading is not None:
            heading = row.right_heading
            end = len(heading.text())
            anchor, position = min(place.anchor, end), min(place.position, end)
            heading.setFocus(Qt.FocusReason.OtherFocusReason)
            heading.setSelection(anchor, position - anchor) if anchor != position \
                else heading.setCursorPosition(position)
            self._in_view = lambda: self._keep_in_view(heading, heading.rect().center().y())
        elif not place.in_heading and row.right is not None:
            editor = row.right
            end = editor.document().characterCount() - 1
            cursor = editor.textCursor()
            cursor.setPosition(min(place.anchor, end))
            cursor.setPosition(min(place.position, end), cursor.MoveMode.KeepAnchor)
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
            editor.setTextCursor(cursor)
            self._in_view = lambda: self._keep_in_view(editor, editor.cursorRect().center().y())
        if self._in_view is not None:
            self._in_view()

    def top_of(self, widget: QWidget) -> int:
        """Where `widget` (in a row) starts in the scrolled content: a scroll bar value."""
        content = self.widget()
        return widget.mapTo(content, QPoint(0, 0)).y() if content.isAncestorOf(widget) else 0

    def _make_row(self, pair: SectionPair, role: str, content: QWidget, in_turns: bool = False) -> Row:
        """A row's two cells, children of the page `content` (the caller puts them in its grid);
        `in_turns`: long bodies are put in their editors over several turns (see `_finish_build`)."""
        old_numbers, new_numbers = self._build_numbers
        old = pair.old if role in ("both", "old") else None
        new = pair.new if role in ("both", "new") else None
        state = pair_state(pair) if role == "both" or pair.moved else (
            "deleted" if role == "old" else "added")
        # a section moved out of order shows at both places: say where the other one is
        left_note = f"(moved from {old_numbers[pair.old.id]})" if pair.old and not old else ""
        right_note = (f"(moved to {new_numbers[pair.new.id]})" if pair.new and not new
                      else "(deleted in the draft)")
        left_cell, left_editor, left_title = self._left_cell(old, old_numbers, state, content, left_note,
                                                             in_turns)
        right_cell, right_editor, right_heading = self._right_cell(new, new_numbers, state, content,
                                                                   right_note, in_turns)
        key = (old.id if old else None, new.id if new else None)
        right_label = next((label for name in ("draftNumber", "movedGhost", "deletedGhost")
                            if (label := right_cell.findChild(QLabel, name)) is not None), None)
        return Row(key, pair, state, left_editor, right_editor, left_title, right_heading,
                   right_cell if new else left_cell, left_cell, right_cell, content, role, right_label)

    def _left_cell(self, section: Section | None, numbering: dict[str, str], state: str,
                   owner: QWidget, note: str, in_turns: bool) -> tuple[QWidget, SectionEditor | None, QLabel]:
        cell = QWidget(owner)
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        title = TitleLabel(cell)
        title.setObjectName("baseHeading")
        title.setTextFormat(Qt.TextFormat.PlainText)
        # wrapped, so a long heading cannot widen the panes' minimum: in a narrow window each
        # wider row made every editor built so far lay out its text again (half a second at 2,000)
        title.setWordWrap(True)
        layout.addWidget(title)
        editor = None
        if section is not None:
            title.setText(f"{numbering[section.id]}  {section.heading}")
            font = title.font()
            font.setBold(True)
            font.setStrikeOut(state == "deleted")
            title.setFont(font)
            title.fit()
            editor = SectionEditor(section.id, section.body, read_only=True, in_turns=in_turns, parent=cell)
            editor.setObjectName("baseEditor")
            layout.addWidget(editor)
        else:
            title.setText(note)
            title.setStyleSheet(f"color: {roles().moved.name()}; font-style: italic;")
        return cell, editor, title

    def _right_cell(self, section: Section | None, numbering: dict[str, str], state: str, owner: QWidget,
                    note: str, in_turns: bool) -> tuple[QWidget, SectionEditor | None, QLineEdit | None]:
        cell = QWidget(owner)
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if section is None:
            ghost = QLabel(note, cell)
            ghost.setObjectName("deletedGhost" if state == "deleted" else "movedGhost")
            ghost.setStyleSheet(f"color: {roles().state(state or 'deleted').name()}; font-style: italic;")
            layout.addWidget(ghost)
            return cell, None, None
        heading = HeadingEdit(section.heading, cell)
        heading.setObjectName("headingEdit")
        heading.setProperty("sectionId", section.id)
        heading.setReadOnly(self.read_only)
        heading.setPlaceholderText("Heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setToolTip(f"Section {numbering[section.id]}" + (f" ({state})" if state else ""))
        heading.setStyleSheet(state_bar(state))
        heading.textEdited.connect(lambda text, sid=section.id: self.headingEdited.emit(sid, text))
        heading.returnPressed.connect(lambda sid=section.id: self._to_body(sid))  # Enter: on to the text
        line = QHBoxLayout()
        line.setSpacing(6)
        number = QLabel(numbering[section.id], cell)
        number.setObjectName("draftNumber")
        number.setFont(font)
        line.addWidget(number)
        line.addWidget(heading, 1)
        layout.addLayout(line)
        editor = SectionEditor(section.id, section.body, read_only=self.read_only, in_turns=in_turns,
                               parent=cell)
        editor.setObjectName("draftEditor")
        editor.bodyEdited.connect(self._on_body_edited)
        editor.currentCharFormatChanged.connect(self.charFormatChanged)
        layout.addWidget(editor)
        heading.body = editor
        return cell, editor, heading

    # ------------------------------------------------------------ following the draft

    def _on_body_edited(self, section_id: str, body: str) -> None:
        self.bodyEdited.emit(section_id, body)

    def _on_change(self, change: DraftEvent) -> None:
        if isinstance(change, DecisionsChanged):
            return  # no text changed: the tracker lights the redline on show again
        if isinstance(change, STRUCTURE):
            self._awaiting = True
            if self._building:
                self.rebuild()  # rows still being made: made again, from the tree as it is now
            elif not self._restructure_due:
                self._restructure_due = True  # once for every event of the command (see `_restructure`)
                QTimer.singleShot(0, self, lambda: self.rows)
            return
        if isinstance(change, NumberingChanged):
            self._build_numbers = (self._build_numbers[0], numbers(self.document.policy)) \
                if self.document is not None else self._build_numbers
            for row in self.rows:
                self._renumber(row)
            return
        self._awaiting = True
        if self.document is None or not isinstance(change, BodyChanged | HeadingChanged):
            return
        row = self.row_of(change.section_id)
        if row is None:
            return
        section = self.document.section(change.section_id)
        if isinstance(change, BodyChanged) and row.right is not None:
            row.right.show_body(section.body)  # no-op when the edit came from this editor
        elif isinstance(change, HeadingChanged) and row.right_heading is not None \
                and row.right_heading.text() != section.heading:
            row.right_heading.setText(section.heading)
        # lights and states follow when the redline of this draft is in (`show_redline`)

    def row_of(self, section_id: str) -> Row | None:
        """The row showing a draft section (or, failing that, a base section) with this id."""
        for row in self.rows:
            if row.key[1] == section_id:
                return row
        for row in self.rows:
            if row.key[0] == section_id:
                return row
        return None

    def states(self) -> dict[str, str]:
        """Each changed section's state, by draft id (base id for a deleted one)."""
        return {(row.key[1] or row.key[0]): row.state for row in self.rows  # type: ignore[misc]
                if row.state}

    def deleted_sections(self) -> list[tuple[str, str]]:
        """(base id, "number  heading") of each base section the draft no longer has."""
        base_numbers = numbers(self.base) if self.base is not None else {}
        return [(row.pair.old.id, f"{base_numbers.get(row.pair.old.id, '')}  {row.pair.old.heading}")
                for row in self.rows if row.state == "deleted" and row.pair.old is not None]

    def scroll_to(self, section_id: str) -> None:
        row = self.row_of(section_id)
        if row is not None:
            self.verticalScrollBar().setValue(self.top_of(row.cell))

    def reveal(self, section_id: str, words: str, *, in_base: bool = False,
               change: int | None = None) -> None:
        """Scroll to a section and select the first place its editor holds `words` (plain text);
        with no words (a change of markup alone: a list marker), what `change` lights there."""
        row = self.row_of(section_id)
        if row is None:
            return
        editor = row.left if in_base or row.right is None else row.right
        y = self.top_of(row.cell)
        if editor is not None:
            editor.fill_now()
            found = editor.document().find(words.strip()) if words.strip() else self._lit_of(
                row, editor, change)
            if found is not None and not found.isNull():
                editor.setTextCursor(found)
                y = max(y, self.top_of(editor) + editor.cursorRect(found).y() - 60)
        self.verticalScrollBar().setValue(y)

    def _lit_of(self, row: Row, editor: SectionEditor, change: int | None) -> QTextCursor | None:
        """A cursor over what `change` lights in `editor` (one of `row`'s), None if it lights nothing."""
        spans, texts = self._lit_spans.get(row.key), self.lit_texts.get(row.key)
        if change is None or spans is None or texts is None:
            return None
        left = editor is row.left
        extent = change_extent(self._display(texts[0] if left else texts[1]), shown_blocks(editor.document()),
                               spans.old_body if left else spans.new_body, change)
        if extent is None:
            return None
        last = editor.document().characterCount() - 1  # typed on since the spans were placed: within it
        cursor = QTextCursor(editor.document())
        cursor.setPosition(min(extent[0], last))
        cursor.setPosition(min(sum(extent), last), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def find_next(self, text: str, flags: QTextDocument.FindFlag,
                  after: SectionEditor | None) -> SectionEditor | None:
        """Select the next occurrence of `text` in the draft after `after`'s cursor, wrapping around."""
        editors = [row.right for row in self.rows if row.right is not None]
        if not text or not editors:
            return None
        start = editors.index(after) if after in editors else 0
        order = editors[start:] + editors[:start] + [editors[start]]
        for k, editor in enumerate(order):
            position = editor.textCursor().selectionEnd() if k == 0 and editor is after else 0
            if k == len(order) - 1:
                position = 0  # wrapped round to the start of the first editor
            editor.fill_now()
            found = editor.document().find(text, position, flags)
            if not found.isNull():
                editor.setTextCursor(found)
                row = self.row_of(editor.section_id)
                if row is not None:
                    self.verticalScrollBar().setValue(
                        max(0, self.top_of(editor) + editor.cursorRect(found).y() - 60))
                return editor
        return None

    def editors(self) -> list[SectionEditor]:
        """Every section editor on show, base and draft."""
        return [e for row in self.rows for e in (row.left, row.right) if e is not None]

    def select_in(self, editor: SectionEditor, start: int, end: int) -> None:
        """Select the document range [start, end) of one of the editors and scroll it into view."""
        cursor = editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        editor.setFocus()
        self.verticalScrollBar().setValue(max(0, self.top_of(editor) + editor.cursorRect(cursor).y() - 60))

    def focused_editor(self) -> SectionEditor | None:
        widget = self.focusWidget() if self.hasFocus() else self.window().focusWidget()
        return widget if isinstance(widget, SectionEditor) and not widget.isReadOnly() else None

    # ------------------------------------------------------------ highlighting

    @property
    def highlight_pending(self) -> bool:
        """Whether the lights are not yet those of the draft on show (a redline awaited or being applied)."""
        return self._awaiting or bool(self._applying)

    def _is_current(self, redline: Redline) -> bool:
        if self.document is None:
            return True
        shown = [(s.heading, s.body) for s, _ in self.document.policy.walk()]
        return shown == [(s.heading, s.body) for s, _ in redline.new.walk()]

    def show_redline(self, redline: Redline | None, spans: tuple[SectionSpans, ...],
                     accepted: frozenset[int] = frozenset()) -> None:
        """Light every row from the one redline (its spans less the `accepted` changes), and set row states.

        Nothing is diffed: spans are the redline's own offsets over canonical text,
        placed through `Display`. A row whose draft text moved on since the redline
        was computed keeps its lights until the next redline; rows whose spans did
        not change are skipped. Applied in slices, so thousands of rows never freeze the window.
        """
        started = time.perf_counter()  # the first slice's time includes the work before it
        if self._restructure_due:
            self._restructure()  # the rows of the tree this redline may be of
        self._redline = (redline, spans, accepted)
        self._awaiting = self.document is not None and (redline is None or not self._is_current(redline))
        if self._building:
            return  # lit when the rows are made
        self._generation += 1
        if redline is None or (self.document is not None and
                               [s.id for s, _ in redline.new.walk()] !=
                               [s.id for s, _ in self.document.policy.walk()]):
            self._applying = []  # none yet, or of sections no longer on show: the next one lights them
            return
        by_key: dict[RowKey, SectionDiff] = {}
        for d in redline.sections:
            by_key[(d.old_id, d.new_id)] = d
            by_key.setdefault((d.old_id, None), d)
            by_key.setdefault((None, d.new_id), d)
        open_ids = frozenset(c.id for c in redline.changes) - accepted
        structure = {c.section: c for c in redline.changes if c.part == "structure"}
        work = []
        for row in self.rows:
            d = by_key.get(row.key)
            if d is None:
                continue
            work.append((row.key, d, spans[d.index].without(accepted), open_ids, structure.get(d.index)))
        self._applying = list(reversed(work))
        self._apply_started = started
        self._apply_slice(self._generation)

    def _apply_slice(self, generation: int) -> None:
        if generation != self._generation:
            return  # a newer redline took over
        started, self._apply_started = self._apply_started or time.perf_counter(), 0.0
        jobs.ui_turn()
        rows = {row.key: row for row in self.rows}
        states_changed = False
        while self._applying:
            states_changed |= self._apply_item(rows, *self._applying.pop())
            if time.perf_counter() - started >= BUILD_SLICE_MS / 1000:
                break
        if states_changed:
            self.statesChanged.emit()
        if self._applying:
            # a timer, not a 0 ms call (a posted event): two slices ran in one turn (see `_build_slice`)
            QTimer.singleShot(1, self, lambda: self._apply_slice(generation))
            return
        self.highlighted.emit()

    def _display(self, body: str) -> Display:
        return self.displays.get(body)

    def _apply_item(self, rows: dict[RowKey, Row], key: RowKey, d: SectionDiff, spans: SectionSpans,
                    open_ids: frozenset[int], structure: RedlineChange | None) -> bool:
        """Light one row and set its state; True when its state changed."""
        row = rows.get(key)
        if row is None:
            return False
        changed = self._set_state(row, d, open_ids, structure)
        old_body = d.old.body if d.old is not None and row.left is not None else ""
        new_body = d.new.body if d.new is not None and row.right is not None else ""
        texts = (old_body, new_body)
        if self.lit_texts.get(key) == texts and self._lit_spans.get(key) == spans:
            return changed  # already on show
        # a body's Display and blocks only where they are read: an unlit row's were made on the UI
        # thread for nothing (a 300,000-word body's Display: ~270 ms; 2,000 rows' bodies, in slices)
        if row.right is not None and row.right.body != new_body \
                and len(shown_blocks(row.right.document())) != len(self._display(new_body).blocks):
            return changed  # blocks made or joined since: the next redline lights the row
        # typed on meanwhile (within blocks): the redline's spans are placed on the blocks as they
        # are, right up to the typing, and the next redline (started already) catches up
        self.lit_texts[key], self._lit_spans[key] = texts, spans
        deleted, formatted_deleted = self._placed(row.left, old_body, spans.old_body)
        inserted, formatted_inserted = self._placed(row.right, new_body, spans.new_body)
        lit = lit_of(deleted, inserted, formatted_deleted, formatted_inserted)
        before = self.lit.get(key)
        if before != lit:
            self.lit[key] = lit
            if before is not None or lit.changes:  # a row made unlit has nothing to clear
                self._light_row(row, lit)
        if row.left is not None and row.right_heading is not None:
            heading = lit_of(heading_spans(spans.old_heading), heading_spans(spans.new_heading))
            self.heading_lit[key] = heading
            if heading.changes or row.heading_shown is not None:
                row.show_heading_changes(heading.shown(self.hide_editorial))
        return changed

    def _placed(self, editor: SectionEditor | None, body: str, spans: tuple[TextLit, ...]
                ) -> tuple[list[tuple[Span, bool]], list[tuple[Span, bool]]]:
        """`spans` placed in `editor`'s document, and those of them of changes of formatting alone."""
        if editor is None or not spans:
            return [], []
        display, blocks = self._display(body), shown_blocks(editor.document())
        formatted = tuple(s for s in spans if s.formatted)
        return placed(display, blocks, spans), placed(display, blocks, formatted) if formatted else []

    def _set_state(self, row: Row, d: SectionDiff, open_ids: frozenset[int],
                   structure: RedlineChange | None) -> bool:
        """The row's state from the redline's open changes; True when it changed."""
        if structure is not None and structure.id in open_ids:
            state = {"section_added": "added", "section_deleted": "deleted", "section_promoted": "added",
                     "section_demoted": "deleted"}.get(structure.kind, "moved")
        elif any(i in open_ids for i in d.change_ids if structure is None or i != structure.id):
            state = "edited"
        else:
            state = ""
        if row.pair.moved and (row.left is None or row.right is None) and structure is not None \
                and structure.id in open_ids:
            state = "moved"
        if state == row.state:
            return False
        row.state = state
        if row.right_heading is not None:
            row.right_heading.setStyleSheet(state_bar(state))
        return True

    def _light_row(self, row: Row, lit: Lit) -> None:
        shown = lit.shown(self.hide_editorial)
        moved_whole = row.state == "moved" and (row.left is None or row.right is None)
        if row.left is not None:
            light(row.left, shown.deleted, moved_format(True) if moved_whole else deleted_format(),
                  shown.formatted_deleted)
        if row.right is not None:
            light(row.right, shown.inserted, moved_format(False) if moved_whole else inserted_format(),
                  shown.formatted_inserted)

    def set_hide_editorial(self, hide: bool) -> None:
        """Leave editorial changes unlit (`hide`) or light them again; no diff is run."""
        if hide == self.hide_editorial:
            return
        self.hide_editorial = hide
        for row in self.rows:
            lit = self.lit.get(row.key)
            if lit is not None and lit.has_editorial:
                self._light_row(row, lit)
            heading = self.heading_lit.get(row.key)
            if heading is not None and heading.has_editorial:
                row.show_heading_changes(heading.shown(hide))

    def change_count(self) -> int:
        """How many spans are lit (editorial ones left out while they are hidden)."""
        return sum(lit.shown(self.hide_editorial).changes for lit in self.lit.values())
