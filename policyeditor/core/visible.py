"""What a reader sees of a canonical body: each visible character with its format and its block.

Ops and offsets are over canonical body text, markup included; `visible_map` says,
for each character, what a reader sees there. The redline renderers walk it
(formats/redline/walk.py) and the diff reads formats from it (diff/formatting.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, repeat

from policyeditor.core import body
from policyeditor.core.memo import memo

CELL = "\x1f"  # a table cell boundary in a visible map
# a merged cell's marker in a visible map: covered by the cell on its left, by the one above
MERGED = {body.MERGE_LEFT: "\x1d", body.MERGE_UP: "\x1c"}
HEADER_ROW, BODY_ROW = 1, 0  # a "tr" block's level: is the row one of its table's header rows
TABLE_START = "start"  # a "tr" block's marker when the row is its table's first (tables may touch)
# a nested table's tags in a visible map read `nested=True` (the redlines draw it as a table),
# and its cells' merge markers
NESTED = {"table": "\x10", "/table": "\x11", "tr": "\x12", "td": "\x13", "th": "\x14",
          body.MERGE_LEFT: "\x15", body.MERGE_UP: "\x16"}
NESTED_MARKS = frozenset(NESTED.values())  # every nested-table tag's mark
_LINK_TARGET = re.compile(r"\]\((?:<([^<>\n]*)>|([^\s()<>]*))\)")
_NESTED_TAG = re.compile(r"<(/?table|tr|td|th)>")

# bold, italic, underline, link, and the content a Word document holds (see `Extra`)
Format = tuple[bool, bool, bool, str, "Extra"]
Extra = tuple[str, bool, str, str]          # note ("fn", "en"), equation, field code, picture hash
Block = tuple[str, int, str]                # kind (p, li, tr), list level, list marker
Entry = tuple[str, Format, Block]          # a visible character, its format and its block
Visible = dict[int, Entry]

NO_EXTRA: Extra = ("", False, "", "")
PLAIN: Format = (False, False, False, "", NO_EXTRA)
PARAGRAPH: Block = ("p", 0, "")


def visible_map(text: str, plain: bool = False, nested: bool = False) -> Visible:
    """For each character of a canonical body that a reader sees: (char, format, block).

    Markup characters are absent; a `<br>` is "\\n" at its `<`; an inner table pipe
    is CELL. The visible text of each line is what `body.parse` reads from it.
    `plain` treats every character as text (headings, titles). `nested` gives each tag of a
    table nested in a cell as its NESTED mark, at its `<`, rather than as the lines it shows.
    """
    out: Visible = {}
    if plain:
        for k, c in enumerate(text):
            out[k] = (c, PLAIN, PARAGRAPH)
        return out
    start = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        _line(line, start, out, _is_header_row(lines, index), _is_first_row(lines, index), nested)
        start += len(line) + 1
    return out


def empty_items(text: str) -> dict[int, Block]:
    """The list items of a canonical body that hold no text (a marker alone on its line, as Enter
    at an item's end leaves one): each one's block, by its marker's offset. A reader sees their
    bullets, though no character of theirs is visible."""
    out: dict[int, Block] = {}
    start = 0
    for line in text.split("\n"):
        match = body.LIST_LINE.match(line)
        if match and match.group(3) is None:
            out[start + match.start(2)] = ("li", len(match.group(1)) // 2,
                                           "•" if match.group(2) == "-" else match.group(2))
        start += len(line) + 1
    return out


class LazyVisible:
    """`visible_map(text)` read a line at a time, as positions are asked for: a diff looks at
    the few lines its changes touch, and mapping a whole long body is most of a compare's time."""

    def __init__(self, text: str) -> None:
        self._size = len(text)
        self._lines = text.split("\n")
        self._starts = [0, *accumulate(len(line) + 1 for line in self._lines)]
        self._maps: dict[int, Visible] = {}  # line index -> its map, offsets from the line's start

    def get(self, pos: int, default: Entry | None = None) -> Entry | None:
        if not 0 <= pos < self._size:
            return default
        index = bisect_right(self._starts, pos) - 1
        return self._line(index).get(pos - self._starts[index], default)

    def entries(self, start: int, end: int) -> list[Entry | None]:
        """`get(pos)` of each position in [start, end), a line at a time."""
        out: list[Entry | None] = []
        pos = start
        while pos < end:
            if not 0 <= pos < self._size:
                out.append(None)
                pos += 1
                continue
            index = bisect_right(self._starts, pos) - 1
            first, stop = self._starts[index], min(end, self._starts[index + 1])
            found = self._line(index).get
            out.extend([found(k) for k in range(pos - first, stop - first)])
            pos = stop
        return out

    def any_in(self, start: int, end: int) -> bool:
        """Whether a reader sees any character in [start, end)."""
        pos = max(start, 0)
        end = min(end, self._size)
        while pos < end:
            index = bisect_right(self._starts, pos) - 1
            first, stop = self._starts[index], min(end, self._starts[index + 1])
            found = self._line(index)
            if any(k in found for k in range(pos - first, stop - first)):
                return True
            pos = stop
        return False

    def _line(self, index: int) -> Visible:
        found = self._maps.get(index)
        if found is None:
            lines = self._lines
            row = lines[index].lstrip().startswith("|")  # only a table row reads its place in the table
            found = self._maps[index] = _line_map(lines[index], row and _is_header_row(lines, index),
                                                  row and _is_first_row(lines, index))
        return found

    def __contains__(self, pos: int) -> bool:
        return self.get(pos) is not None

    def __getitem__(self, pos: int) -> Entry:
        entry = self.get(pos)
        if entry is None:
            raise KeyError(pos)
        return entry


@memo(budget=100_000)  # characters of lines: an entry holds a tuple per character (15 MB at most)
def _line_map(line: str, header: bool, first: bool) -> Visible:
    """One line's visible map, offsets from its start; kept, as a pure function of the line:
    typing re-diffs a body whose other lines a compare a keystroke before has mapped already.
    Shared between callers: read it, never change it."""
    out: Visible = {}
    _line(line, 0, out, header, first)
    return out


def _is_header_row(lines: list[str], index: int) -> bool:
    """A table row line above its table's rule line (body.parse reads those as header rows;
    a table with no rule has its first row as header)."""
    if not lines[index].lstrip().startswith("|"):
        return False
    first = index
    while first > 0 and lines[first - 1].lstrip().startswith("|"):
        first -= 1
    k = first
    while k < len(lines) and lines[k].lstrip().startswith("|"):
        if body.TABLE_RULE.match(lines[k].strip()):
            return index < k
        k += 1
    return index == first


def _is_first_row(lines: list[str], index: int) -> bool:
    """The first row line of its table (a rule line above it does not count as a row)."""
    k = index - 1
    while k >= 0 and lines[k].lstrip().startswith("|"):
        if not body.TABLE_RULE.match(lines[k].strip()):
            return False
        k -= 1
    return True


def _line(line: str, base: int, out: Visible, header: bool = False, first: bool = False,
          nested: bool = False) -> None:
    if not line.strip():
        return
    match = body.LIST_LINE.match(line)
    if match:
        if match.group(3) is not None:
            block = ("li", len(match.group(1)) // 2, "•" if match.group(2) == "-" else match.group(2))
            _inline(match.group(3), base + match.start(3), block, out)
        return
    if line.lstrip().startswith("|"):
        if not body.TABLE_RULE.match(line.strip()):
            _table_row(line, base, out, header, first, nested)
        return
    stripped = line.strip()
    _inline(stripped, base + line.index(stripped[0]), PARAGRAPH, out)


def _table_row(line: str, base: int, out: Visible, header: bool = False, first: bool = False,
               nested: bool = False) -> None:
    """Cells as body._split_cells cuts them; inner pipes become CELL, merge markers MERGED."""
    lo, hi = len(line) - len(line.lstrip()), len(line.rstrip())
    if line[lo] == "|":
        lo += 1
    if hi > lo and line[hi - 1] == "|" and line[hi - 2:hi] != "\\|":
        hi -= 1
    block: Block = ("tr", HEADER_ROW if header else BODY_ROW, TABLE_START if first else "")
    cell_start = lo
    # the pipes that part cells, found in C: an escape (a backslash and the character after it,
    # within the row) is skipped whole, so an escaped pipe is the cell's text
    for found in _CELL_CUT.finditer(line, lo, hi):
        if found.group() == "|":
            _cell(line, cell_start, found.start(), base, out, block, nested)
            out[base + found.start()] = (CELL, PLAIN, block)
            cell_start = found.end()
    _cell(line, cell_start, hi, base, out, block, nested)


_CELL_CUT = re.compile(r"\\[\s\S]|\|")


def _cell(line: str, start: int, end: int, base: int, out: Visible, block: Block, nested: bool) -> None:
    """One cell's text, line[start:end]: a merge marker, or its inline text."""
    cell = line[start:end]
    text = cell.strip()
    if text in MERGED:
        out[base + start + cell.index(text)] = (MERGED[text], PLAIN, block)
    elif text:
        _inline(text, base + start + (len(cell) - len(cell.lstrip())), block, out, nested)


def _inline(text: str, base: int, block: Block, out: Visible, nested: bool = False) -> None:
    """body.parse_runs, recording where each visible character stands in the source."""
    bold = italic = underline = False
    link = ""
    link_end = -1
    previous = ""  # the nested-table tag before
    cell_start = 0  # where the text after it starts
    extra: dict = {}
    extras = NO_EXTRA  # _extra(extra), kept as `extra` changes
    i, n = 0, len(text)
    while i < n:
        fmt = (bold, italic, underline, link, extras)
        # the characters before the next that may be markup read as themselves, in one format
        special = body.MAY_BE_MARKUP.search(text, i)
        j = special.start() if special else n
        if link and i <= link_end < j:
            j = link_end
        if j > i:
            out.update(zip(range(base + i, base + j),
                           zip(text[i:j], repeat(fmt), repeat(block)), strict=True))
            i = j
            continue
        c = text[i]
        if c == "\\" and i + 1 < n:
            out[base + i + 1] = (text[i + 1], fmt, block)
            i += 2
            continue
        tag = body.match_tag(text, i) if c == "<" else None
        if tag is not None:
            kind, value, end = tag
            if kind == "img":  # a picture is one character, at its tag's "<"
                out[base + i] = (body.OBJECT, (bold, italic, underline, link,
                                               _extra({**extra, "picture": value})), block)
            else:
                body._toggle(extra, kind, value)
                extras = _extra(extra)
            i = end
            continue
        if link and i == link_end:
            match = _LINK_TARGET.match(text, i)
            link = ""
            i = match.end() if match else i + 1
            continue
        if text.startswith("**", i):
            bold = not bold
            i += 2
        elif c == "_":
            italic = not italic
            i += 1
        elif text.startswith("<u>", i):
            underline = True
            i += 3
        elif text.startswith("</u>", i):
            underline = False
            i += 4
        elif text.startswith("<br>", i):
            out[base + i] = (body.BREAK, fmt, block)
            i += 4
        elif block[0] == "tr" and (nested_tag := _NESTED_TAG.match(text, i)):
            # a nested table reads as lines of its cell: a row a line, cells apart by a space
            name = nested_tag.group(1)
            shown = NESTED[name] if nested else body.nested_tag_shows(name, previous)
            if nested and previous in ("td", "th") and text[cell_start:i] in (body.MERGE_LEFT, body.MERGE_UP):
                out[base + cell_start] = (NESTED[text[cell_start:i]], PLAIN, block)  # a merged cell
            previous = name
            cell_start = nested_tag.end()
            if shown:
                out[base + i] = (shown, PLAIN, block)
            i = nested_tag.end()
        elif c == "[" and not link:
            end, target = body._find_link_end(text, i + 1)
            if end < 0:
                out[base + i] = (c, fmt, block)
            else:
                link, link_end = target, end
            i += 1
        else:
            out[base + i] = (c, fmt, block)
            i += 1


def _extra(extra: dict) -> Extra:
    return (extra.get("note", ""), extra.get("math", False), extra.get("field", ""),
            extra.get("picture", ""))
