"""Body blocks from a stream of events: the one builder every importer feeds.

`BodyBuilder` receives text with its formatting and the start and end of
paragraphs, list items and table cells (so no importer recurses into nested
markup) and hands out finished blocks, written later as canonical text by
`body.write`, never as hand-made markup.
"""

from __future__ import annotations

from policyeditor.core import body
from policyeditor.core.body import BREAK, Block, ListBlock, ListItem, Paragraph, Run, Table
from policyeditor.formats.importers.table_builder import TableBuild


class BodyBuilder:
    """Collects runs into paragraphs, list items and table cells and hands out finished blocks.

    A line of text is open until `end_line()`; where it lands depends on what is open:
    the current table cell, else the current list item, else a paragraph. Several
    lines in one cell or item are joined by a line break, so nothing is dropped when
    a source nests more than the canonical form can hold.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._runs: list[Run] = []
        self._items: list[ListItem] = []
        self._lists: list[bool] = []  # open lists, innermost last: ordered?
        self._item_open: list[bool] = []  # per open list: does it hold an open item
        self._numbers: list[int | None] = []  # per open list: the number its next item shows (None: bullets)
        self._steps: list[int] = []  # per open list: what its count adds per item (-1: a descending count)
        self._item_runs: list[Run] = []
        self._list_id = ""  # the source's list the pending first-level items are of ('' unknown)
        self._tables: list[TableBuild] = []  # open tables, innermost last
        self._cell: list[Run] | None = None
        self._cell_nested: list[Table] = []  # tables nested in the open cell
        # a cell's nested tables follow its text: where the first one stood in a cell's runs (by the
        # runs' list), to count the cells whose text went on after it (`cells_text_after_nested`)
        self._nested_at: dict[int, int] = {}
        self.cells_text_after_nested = 0
        # list items in table cells: a cell holds lines, so their bullet or number is not kept
        self.cell_list_items = 0
        self._cell_item_counted = False  # the open item's words in a cell are counted

    # ------------------------------------------------------------- inline
    def text(self, text: str, bold: bool = False, italic: bool = False, underline: bool = False,
             link: str = "") -> None:
        """Append text to the open line (a '\\n' in text is a line break)."""
        if self._runs and self._runs[-1].text.endswith(BREAK):
            text = text.lstrip(" ")  # spaces that open a line after a break are markup, not words
        if text:
            self._runs.append(Run(text, bold, italic, underline, link))

    def run(self, run: Run) -> None:
        """Append a run as it is (a note, an equation, a field's result, a picture…)."""
        if self._runs and self._runs[-1].text.endswith(BREAK):
            run = run.with_text(run.text.lstrip(" "))
        if run.text:
            self._runs.append(run)

    def line_break(self, like: Run | None = None) -> None:
        """A line break in the open line, in the format of `like` (the words around it: a bold
        break inside bold words is theirs, not a plain one between two bold runs)."""
        if self._runs and self._runs[-1].text.endswith(" "):
            self._runs[-1] = self._runs[-1].with_text(self._runs[-1].text.rstrip(" "))
        self._runs.append(like.with_text(BREAK) if like is not None else Run(BREAK))

    def has_text(self) -> bool:
        return any(r.text.strip() for r in self._runs)

    # ------------------------------------------------------------- lines
    def end_line(self) -> None:
        """Close the open line: into the cell, the list item or a new paragraph."""
        if not self._runs:  # most calls: the line was closed already (a paragraph's end, then its item's)
            return
        runs = _trim_breaks(self._runs)
        self._runs = []
        if not any(r.text.strip() for r in runs):
            return
        if self._cell is not None:
            if self._lists and self._item_open[-1] and not self._cell_item_counted:
                self.cell_list_items += 1  # an item's first words in a cell (its marker is not kept)
                self._cell_item_counted = True
            _join_line(self._cell, runs)
        elif self._lists and self._item_open and self._item_open[-1]:
            _join_line(self._item_runs, runs)
        else:
            self._flush_items()
            self.blocks.append(Paragraph(body.normalize_runs(runs)))

    # ------------------------------------------------------------- lists
    def start_list(self, ordered: bool, start: int = 1, descending: bool = False) -> None:
        """A list opens; an ordered one's first item is numbered `start` (HTML's <ol start>), the
        items after it counted down from it when `descending` (<ol reversed>)."""
        self.end_line()
        if self._cell is None:
            self._end_item()
        self._lists.append(ordered)
        self._item_open.append(False)
        self._numbers.append(start if ordered else None)
        self._steps.append(-1 if descending else 1)

    def end_list(self) -> None:
        if not self._lists:
            return
        self.end_line()
        self._end_item()
        self._lists.pop()
        self._item_open.pop()
        self._numbers.pop()
        self._steps.pop()
        if not self._lists:
            self._flush_items()

    def start_item(self, number: int | None = None) -> None:
        """An item opens; `number` is its own number in an ordered list (HTML's <li value>), which
        the items after it count on from (None: counted)."""
        if not self._lists:  # a stray <li>: treat as a bulleted list of one
            self.start_list(False)
        self.end_line()
        self._end_item()
        self._item_open[-1] = True
        if number is not None and self._lists[-1]:
            self._numbers[-1] = number

    def end_item(self) -> None:
        self.end_line()
        self._end_item()

    def _end_item(self) -> None:
        if not self._lists or not self._item_open[-1]:
            return
        self._cell_item_counted = False
        if self._cell is not None:  # a list inside a table cell: its items are lines of the cell
            _join_line(self._cell, self._item_runs)
        else:
            runs = body.normalize_runs(self._item_runs)
            number = self._numbers[-1]
            self._items.append(ListItem(runs, self._lists[-1], len(self._lists) - 1, number))
            if number is not None:
                self._numbers[-1] = number + self._steps[-1]
        self._item_runs = []
        self._item_open[-1] = False

    def _flush_items(self) -> None:
        self._list_id = ""
        if self._items:
            self.blocks.extend(source_lists(self._items))
            self._items = []

    def item(self, runs: list[Run], ordered: bool, level: int, number: int | None = None,
             list_id: str = "") -> None:
        """One list item given whole (formats such as DOCX that store lists flat, with a level);
        `number` is the number the source shows it with (None: not known), `list_id` the source's
        list it is an item of ('': not known): a first-level item of another list than the items
        before it begins a list of its own, even of the same kind (two bulleted lists in a row)."""
        self.end_line()
        if not any(r.text.strip() for r in runs):
            return
        if self._cell is not None:
            self.cell_list_items += 1
            _join_line(self._cell, runs)
            return
        if level == 0 and list_id:
            if self._items and self._list_id and list_id != self._list_id:
                self._flush_items()
            self._list_id = list_id
        self._items.append(ListItem(body.normalize_runs(runs), ordered, level, number if ordered else None))

    # ------------------------------------------------------------- tables
    # A table open in a cell is nested there: the outer cell's text waits on `TableBuild.outer`.
    def start_table(self) -> None:
        self.end_line()
        outer = None
        if self._cell is not None:
            outer = (self._cell, self._cell_nested)
        else:
            self._end_item()
            self._flush_items()
        self._tables.append(TableBuild(outer))
        self._cell, self._cell_nested = None, []

    def start_row(self, header: bool = False) -> None:
        """A new row; `header` marks a row the source repeats as a header (w:tblHeader, <th>, <thead>)."""
        self.end_cell()
        if not self._tables:
            self.start_table()
        self._tables[-1].new_row(header)

    def start_cell(self, colspan: int = 1, rowspan: int = 1, continues_above: bool = False,
                   header: bool = False) -> None:
        """A new cell spanning `colspan` columns and `rowspan` rows (HTML), or continuing the
        merged cell above it (`continues_above`, Word's w:vMerge)."""
        self.end_cell()
        if not self._tables:
            self.start_table()
        table = self._tables[-1]
        if not table.rows:
            table.new_row(header)
        table.open_cell(max(1, colspan), max(1, rowspan), continues_above, header)
        self._cell, self._cell_nested = [], []

    def end_cell(self) -> None:
        if self._cell is None:
            return
        self.end_line()
        at = self._nested_at.pop(id(self._cell), None)
        if at is not None and any(r.text.strip() for r in self._cell[at:]):
            self.cells_text_after_nested += 1
        self._tables[-1].close_cell(body.normalize_runs(self._cell), tuple(self._cell_nested))
        self._cell, self._cell_nested = None, []

    def end_table(self) -> None:
        if not self._tables:
            return
        self.end_cell()
        build = self._tables.pop()
        table = build.table()
        if build.outer is not None:
            self._cell, self._cell_nested = build.outer
            if table is not None:
                self._cell_nested.append(table)
                self._nested_at.setdefault(id(self._cell), len(self._cell))
            return
        self._cell, self._cell_nested = None, []
        if table is not None:
            self.blocks.append(table)

    # ------------------------------------------------------------- out
    def take(self) -> list[Block]:
        """The finished blocks so far; open lists and tables are closed first."""
        while self._tables:
            self.end_table()
        while self._lists:
            self.end_list()
        self.end_line()
        self._flush_items()
        blocks, self.blocks = self.blocks, []
        return blocks

    @property
    def in_table(self) -> bool:
        """True while a table cell is open."""
        return self._cell is not None

    @property
    def in_container(self) -> bool:
        """True inside a list or table, where a heading cannot start a section."""
        return bool(self._lists or self._tables)



def source_lists(items: list[ListItem]) -> list[ListBlock]:
    """The lists of items whose `start` is the number the source shows each with (None: unknown).

    A new list begins where a first-level item is of another kind than the one before it (a
    bulleted list right after a numbered one is two lists, as in Markdown and in Word), or is
    numbered other than the list counts it (1, 2, 5: a list from 5 after a list of two). A
    number is kept where it begins a count other than at 1, or breaks a nested count (the
    body cannot hold it, and the import's report names it); elsewhere it is dropped.
    """
    lists: list[list[ListItem]] = []
    kind: bool | None = None  # the current list's first-level kind
    counted = 0  # the number its next first-level item is counted as
    for item in items:
        if not lists:
            lists.append([])
        if item.level == 0:
            if kind is None or item.ordered != kind or (item.ordered and item.start is not None
                                                         and item.start != counted):
                if kind is not None:  # not the list's first first-level item (it may open nested)
                    lists.append([])
                kind, counted = item.ordered, (1 if item.start is None else item.start)
            counted += 1
        lists[-1].append(item)
    return [_numbers_kept(part) for part in lists]


def _numbers_kept(items: list[ListItem]) -> ListBlock:
    opens = body.opens_count(items)
    counted = body.item_numbers(items)
    return ListBlock(tuple(item if item.start is None or item.start != (1 if opening else number)
                           else ListItem(item.runs, item.ordered, item.level)
                           for item, opening, number in zip(items, opens, counted, strict=True)))


def _trim_breaks(runs: list[Run]) -> list[Run]:
    while runs and not runs[-1].text.strip(" \t\n"):
        runs = runs[:-1]
    while runs and not runs[0].text.strip(" \t\n"):
        runs = runs[1:]
    return runs


def _join_line(target: list[Run], runs: list[Run] | tuple[Run, ...]) -> None:
    if not any(r.text.strip() for r in runs):
        return
    if any(r.text.strip() for r in target):
        target.append(Run(BREAK))
    target.extend(runs)


def nested_order_line(cells: int) -> str:
    """The import note for cells whose text went on after a table nested in them ('' for none)."""
    if not cells:
        return ""
    return (f"{cells} table cell{'s' if cells != 1 else ''} held text after a table nested in "
            f"{'them' if cells != 1 else 'it'}: a cell's nested tables follow its text, so that text now "
            "stands before the nested table")
