"""Tables a PDF draws with a border round each cell, read back as the body's tables.

The thin rules of one drawing that touch one another are a table's borders: where
its vertical and horizontal rules stand are its column and row edges. Two grid
cells with no border between them are one merged cell; a row whose cells are
shaded is a header row (as our export shades `<th>`). A cell's lines are joined
as paragraphs are, against the cell's own right edge. A table that goes on over
a page comes back as one: the next page's first table with the same columns
continues it, less the header rows a writer repeats at the top of each page,
unless it opens with header rows of its own. A cell going on over a page ends at
the text area's edge on each page, which stands for its missing border.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from policyeditor.core.body import BREAK, MERGE_LEFT, MERGE_UP, Run, Table, make_table, normalize_runs
from policyeditor.formats.importers.pdf_paragraphs import FIT, Metrics, blocks
from policyeditor.formats.importers.pdf_read import Document, Line, Rect

NEAR = 2.0  # points within which two rules stand at the same edge
TOUCH = 1.5  # rules this close touch


@dataclass(eq=False)
class Cell:
    row: int
    col: int
    rows: int
    cols: int
    box: Rect
    shaded: bool
    lines: list[Line] = field(default_factory=list)


@dataclass(eq=False)
class Grid:
    """A table found on one page: its column edges and cells, in the flow where it stands."""

    page: int
    xs: list[float]
    ys: list[float]  # row edges (each page's own, for a table going on over pages)
    cells: list[Cell]
    last_page: int = -1  # where it ends (going on over pages)

    def __post_init__(self) -> None:
        self.last_page = max(self.last_page, self.page)

    @property
    def top(self) -> float:
        return self.ys[0]


def with_tables(lines: Sequence[Line], document: Document) -> list[Line | Grid]:
    """The lines with each bordered table's lines replaced by the table (one per table, where it
    begins), tables that go on over a page joined."""
    grids: dict[int, list[Grid]] = {}
    out: list[Line | Grid] = []
    for line in _split(lines, document, grids):
        page = grids[line.page]
        cell = _cell_of(line, page)
        if cell is None:
            out.extend(g for g in page if g.top <= line.top and g not in out)  # tables above it
            out.append(line)
            continue
        cell.lines.append(line)
        grid = next(g for g in page if cell in g.cells)
        if grid not in out:
            out.append(grid)
    bottoms = {page: max((line.clip_bottom for line in lines if line.page == page and line.clipped),
                         default=0.0) for page in grids}
    return _joined(out, bottoms)


def _split(lines: Sequence[Line], document: Document, grids: dict[int, list[Grid]]) -> list[Line]:
    """The lines, each cut where it crosses the border between two cells (a reader may take the
    words of cells side by side for one line)."""
    out = []
    for line in lines:
        if line.page not in grids:
            grids[line.page] = _page_grids(document, line.page)
        page = grids[line.page]
        middle = (line.top + line.bottom) / 2
        edges = sorted({cell.box[0] for grid in page for cell in grid.cells  # a merged cell has none inside
                        if cell.box[1] <= middle <= cell.box[3] and cell.col})
        parts = [line]
        for x in edges:
            last = parts[-1]
            if last.x0 < x < last.x1 and (two := last.cut(x)) is not None:
                parts[-1:] = list(two)
        out.extend(parts)
    return out


def table(grid: Grid, metrics: Metrics) -> Table:
    """The grid as a body table."""
    rows = len(grid.ys) - 1
    cols = len(grid.xs) - 1
    texts: list[list[tuple[Run, ...]]] = [[() for _ in range(cols)] for _ in range(rows)]
    merges = [["" for _ in range(cols)] for _ in range(rows)]
    for cell in grid.cells:
        texts[cell.row][cell.col] = _cell_runs(cell, metrics)
        for r in range(cell.row, cell.row + cell.rows):
            for c in range(cell.col, cell.col + cell.cols):
                if (r, c) != (cell.row, cell.col):
                    merges[r][c] = MERGE_LEFT if c > cell.col else MERGE_UP
    header = 0
    while header < rows and all(c.shaded for c in grid.cells if c.row == header):
        header += 1
    merged = tuple(tuple(row) for row in merges) if any(any(row) for row in merges) else ()
    return make_table(tuple(tuple(row) for row in texts), header, merged)


def _cell_runs(cell: Cell, metrics: Metrics) -> tuple[Run, ...]:
    """A cell's lines as one text: its lines apart by line breaks, one more for each empty line."""
    if not cell.lines:
        return ()
    lines = sorted(cell.lines, key=lambda line: (line.page, line.top, line.x0))
    padding = min(line.x0 for line in lines) - cell.box[0]
    inner = replace(metrics, right=cell.box[2] - padding, text_area=False, items=False)
    out: list[Run] = []
    previous = None
    for block in blocks(lines, inner):
        if previous is not None:  # a line break, and one more for each empty line between
            first = block.lines[0]
            pitch = inner.pitch.get(previous.size, 1.35 * previous.size)
            apart = (first.top - previous.top) / pitch if first.page == previous.page else 1
            out.extend(Run(BREAK) for _ in range(max(1, round(apart))))
        out.extend(block.runs())
        previous = block.lines[-1]
    return normalize_runs(out)


def _cell_of(line: Line, grids: list[Grid]) -> Cell | None:
    x, y = (line.x0 + min(line.x1, line.x0 + 4)) / 2, (line.top + line.bottom) / 2
    for grid in grids:
        for cell in grid.cells:
            x0, top, x1, bottom = cell.box
            if x0 <= x <= x1 and top <= y <= bottom:
                return cell
    return None


def _page_grids(document: Document, page: int) -> list[Grid]:
    """The bordered tables drawn on a page."""
    rules = document.rules[page] if page < len(document.rules) else []
    fills = document.fills[page] if page < len(document.fills) else []
    clipped = [line for line in document.pages[page] if line.clipped] if page < len(document.pages) else []
    if clipped:
        top, bottom = min(line.clip_top for line in clipped), max(line.clip_bottom for line in clipped)
        rules = _shown(rules, top, bottom)
    out = []
    for group in _touching(rules):
        upright = [r for r in group if r[2] - r[0] <= 1.5 < r[3] - r[1]]
        flat = [r for r in group if r[3] - r[1] <= 1.5 < r[2] - r[0]]
        xs = _edges([(r[0] + r[2]) / 2 for r in upright])
        ys = _edges([(r[1] + r[3]) / 2 for r in flat])
        if len(xs) >= 2 and len(ys) >= 2:
            out.append(Grid(page, xs, ys, _cells(xs, ys, upright, flat, fills)))
    return sorted(out, key=lambda g: g.top)


def _shown(rules: list[Rect], top: float, bottom: float) -> list[Rect]:
    """The rules as the page's text area (`top` to `bottom`) shows them. A cell that goes on over
    pages has its side borders run to the text area's edge, with no border along it: that edge is
    where the cell stops on the page, so it counts as a rule (a row without one would be no row)."""
    out: list[Rect] = []
    cut: dict[float, list[float]] = {top: [], bottom: []}  # the upright rules reaching each edge
    for x0, y0, x1, y1 in rules:
        if y1 < top - NEAR or y0 > bottom + NEAR:
            continue  # drawn outside the text area: not shown
        if x1 - x0 <= 1.5 < y1 - y0:
            for reaches, edge in ((y0 < top + NEAR, top), (y1 > bottom - NEAR, bottom)):
                if reaches:
                    cut[edge] += (x0, x1)
        out.append((x0, max(y0, top), x1, min(y1, bottom)))
    return out + [(min(xs), edge, max(xs), edge) for edge, xs in cut.items() if len(xs) > 2]


def _touching(rules: list[Rect]) -> list[list[Rect]]:
    """The rules in groups that touch one another (a table's borders are one group)."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            b = rules[j]
            if _near(a, b):
                parent[root(i)] = root(j)
    groups: dict[int, list[Rect]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(root(i), []).append(rule)
    return list(groups.values())


def _near(a: Rect, b: Rect) -> bool:
    return a[0] - TOUCH <= b[2] and b[0] - TOUCH <= a[2] and a[1] - TOUCH <= b[3] and b[1] - TOUCH <= a[3]


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > NEAR:
            out.append(value)
    return out


def _cells(xs: list[float], ys: list[float], upright: list[Rect], flat: list[Rect],
           fills: list[Rect]) -> list[Cell]:
    """The grid's cells: grid squares with no border between them are one cell."""
    rows, cols = len(ys) - 1, len(xs) - 1
    owner = {(r, c): (r, c) for r in range(rows) for c in range(cols)}
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(upright, xs[c + 1], ys[r], ys[r + 1], vertical=True):
                _merge(owner, (r, c), (r, c + 1))
            if r + 1 < rows and not _covered(flat, ys[r + 1], xs[c], xs[c + 1], vertical=False):
                _merge(owner, (r, c), (r + 1, c))
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for square in owner:
        spans.setdefault(_find(owner, square), []).append(square)
    out = []
    for squares in spans.values():
        r0, c0 = min(r for r, _ in squares), min(c for _, c in squares)
        r1, c1 = max(r for r, _ in squares), max(c for _, c in squares)
        box = (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        middle = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        shaded = any(f[0] <= middle[0] <= f[2] and f[1] <= middle[1] <= f[3] for f in fills)
        out.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, box, shaded))
    return sorted(out, key=lambda cell: (cell.row, cell.col))


def _covered(rules: list[Rect], at: float, start: float, end: float, vertical: bool) -> bool:
    """Whether a border at `at` runs along most of `start`..`end`."""
    for r in rules:
        across, low, high = ((r[0] + r[2]) / 2, r[1], r[3]) if vertical else ((r[1] + r[3]) / 2, r[0], r[2])
        if abs(across - at) <= NEAR and min(high, end) - max(low, start) >= 0.6 * (end - start):
            return True
    return False


def _find(owner: dict, square: tuple[int, int]) -> tuple[int, int]:
    while owner[square] != square:
        square = owner[square]
    return square


def _merge(owner: dict, a: tuple[int, int], b: tuple[int, int]) -> None:
    owner[_find(owner, b)] = _find(owner, a)


def _joined(flow: list[Line | Grid], bottoms: dict[int, float]) -> list[Line | Grid]:
    """A table ending a page and one opening the next with the same columns are one table; the
    header rows repeated at the top of the next page are left out, and a row cut at the bottom of
    the page (it reaches the clip's bottom) goes on in the next page's first row."""
    out: list[Line | Grid] = []
    for item in flow:
        last = out[-1] if out else None
        if isinstance(item, Grid) and isinstance(last, Grid) and item.page == last.last_page + 1 \
                and len(item.xs) == len(last.xs) \
                and all(abs(a - b) <= NEAR for a, b in zip(item.xs, last.xs, strict=True)) \
                and not _heads_another(last, item):
            out[-1] = _continued(last, item, bottoms.get(last.last_page, 0.0))
        else:
            out.append(item)
    return out


def _heads_another(first: Grid, more: Grid) -> bool:
    """Whether `more`, at the top of the page after `first` ends, is a table of its own: it opens with
    header rows other than `first`'s (a table going on repeats its own header rows, or none)."""
    header = {c.row for c in first.cells if c.shaded}
    opening = {c.row for c in more.cells if c.shaded and c.row == 0}
    return bool(header and opening) and _texts(more, {0}) != _texts(first, {min(header)})


def _goes_on(last: list[Cell], first: list[Cell], bottom: float, foot: float) -> bool:
    """Whether the row of cells `last`, at a page's foot, goes on in the row `first` at the top of the
    next page. It must reach the clip's foot (`foot`). Then it does when the next page's row leaves
    empty a column it has words in (a row of its own begins in each column the one before does);
    not when the padding under its words did not fit (its words ended, the row was cut below them);
    else as most columns say: the next page's first word would not have fitted on the line before
    (wrapped), or would have (a new row; a tie goes on)."""
    if not foot or bottom < foot - NEAR:
        return False
    both = []
    for above in last:
        below = next((c for c in first if c.col == above.col and c.lines), None)
        if above.lines and below is None:
            return True
        if above.lines and below is not None:
            both.append((above, below))
    ends = [line for above, _ in both for line in above.lines
            if line.page == max(x.page for x in above.lines)]  # the lines on the page of the cut
    if not ends:
        return False
    inset = min(line.top for line in ends) - max(above.box[1] for above, _ in both)
    if foot - max(line.bottom for line in ends) < inset:
        return False
    wraps = 0
    for above, below in both:
        end = max(above.lines, key=lambda line: (line.page, line.top))
        start = min(below.lines, key=lambda line: line.top)
        padding = min(line.x0 for line in above.lines) - above.box[0]
        wraps += 1 if end.x1 + end.space + start.first_word > above.box[2] - padding - FIT else -1
    return wraps >= 0


def _continued(first: Grid, more: Grid, foot: float) -> Grid:
    """`first` with the rows of `more` below it, less `more`'s repeat of `first`'s header rows; a
    row cut at the page's foot (`foot`, the clip's) goes on in the first row after them."""
    header = {c.row for c in first.cells if c.shaded}
    repeated = {c.row for c in more.cells if c.shaded} if header else set()
    if repeated and _texts(more, repeated) != _texts(first, header):
        repeated = set()
    skip = len(repeated)
    offset = len(first.ys) - 1 - skip
    cells = list(first.cells)
    last = len(first.ys) - 2
    cut = _goes_on([c for c in first.cells if c.row <= last < c.row + c.rows],
                   [c for c in more.cells if c.row == skip], first.ys[-1], foot)
    for cell in more.cells:
        if cell.row in repeated:
            continue
        if cut and cell.row == skip:
            above = next((c for c in first.cells
                          if c.col == cell.col and c.row <= last < c.row + c.rows), None)
            if above is not None:
                above.lines.extend(cell.lines)
                continue
        cells.append(replace(cell, row=cell.row + offset - (1 if cut else 0)))
    ys = first.ys + more.ys[1 + skip + (1 if cut else 0):]  # one edge a row: their places are each page's
    return Grid(first.page, first.xs, ys, cells, more.page)


def _texts(grid: Grid, rows: set[int]) -> list[str]:
    return [" ".join(line.text for line in c.lines) for c in grid.cells if c.row in rows]
