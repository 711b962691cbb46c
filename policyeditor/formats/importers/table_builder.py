"""One table being read by `BodyBuilder`: its cells, merges (colspan, rowspan, vMerge), header rows."""

from __future__ import annotations

from policyeditor.core import body
from policyeditor.core.body import Run, Table


class TableBuild:
    """One table being read: its rows of (runs, merge, nested) cells and the rowspans still running."""

    def __init__(self, outer: tuple[list[Run], list[Table]] | None) -> None:
        self.outer = outer  # the enclosing cell's runs and nested tables, for a nested table
        self.rows: list[list[tuple[tuple[Run, ...], str, tuple[Table, ...]]]] = []
        self.header_rows: list[bool] = []  # marked a header row by the source
        self.all_th: list[bool | None] = []  # every cell of the row a header cell (<th>)
        self._down: dict[int, tuple[int, int]] = {}  # column -> (rows below still covered, width)
        self._cover: dict[int, int] = {}  # in this row: column -> width a rowspan from above covers
        self._span, self._merge = 1, ""

    def new_row(self, header: bool) -> None:
        self._fill_down()
        self.rows.append([])
        self.header_rows.append(header)
        self.all_th.append(None)
        self._cover = {c: wide for c, (left, wide) in self._down.items() if left > 0}
        self._down = {c: (left - 1, wide) for c, (left, wide) in self._down.items() if left > 1}
        self._fill_down()

    def _fill_down(self) -> None:
        """Cover the columns a rowspan from above holds where the row has reached them."""
        if not self.rows:
            return
        row = self.rows[-1]
        while len(row) in self._cover:
            wide = self._cover.pop(len(row))
            row.append(((), body.MERGE_UP, ()))
            row.extend(((), body.MERGE_LEFT, ()) for _ in range(wide - 1))

    def open_cell(self, colspan: int, rowspan: int, continues_above: bool, header: bool) -> None:
        self._fill_down()
        self.all_th[-1] = header if self.all_th[-1] is None else self.all_th[-1] and header
        self._span = colspan
        self._merge = body.MERGE_UP if continues_above else ""
        if rowspan > 1:
            self._down[len(self.rows[-1])] = (rowspan - 1, colspan)

    def close_cell(self, runs: tuple[Run, ...], nested: tuple[Table, ...]) -> None:
        row = self.rows[-1]
        if self._merge and not runs and not nested:  # Word keeps an empty paragraph there
            row.append(((), self._merge, ()))
        else:
            row.append((runs, "", nested))
        row.extend(((), body.MERGE_LEFT, ()) for _ in range(self._span - 1))
        self._span, self._merge = 1, ""
        self._fill_down()

    def table(self) -> Table | None:
        self._fill_down()
        keep = [i for i, r in enumerate(self.rows) if r]
        if not keep:
            return None
        rows = [self.rows[i] for i in keep]
        header = 0
        while header < len(keep) and (self.header_rows[keep[header]] or self.all_th[keep[header]]):
            header += 1
        return body.make_table([tuple(c[0] for c in r) for r in rows], header,
                               [tuple(c[1] for c in r) for r in rows],
                               [tuple(c[2] for c in r) for r in rows])

