"""The canonical body text of a section: a small Markdown subset, parsed to blocks and back.

The canonical form is what is stored, diffed and hashed, so it has exactly one
spelling for each content:

- blocks are separated by one blank line; a paragraph is one line;
- `**bold**`, `_italic_`, `<u>underline</u>`, `[text](url)` (`[text](<url>)` when the
  URL holds spaces or parentheses), `<br>` for a line break inside a block;
- list items are consecutive lines `- item` or `1. item`, indented two spaces a level; a
  numbered list's count is written from its first number (`3. item`, `4. item` for a list a
  source starts at 3), and that first number is read back as its start;
- a table is `| a | b |` rows with one rule `| --- | --- |` after its header rows (first when
  it has none); a cell `<` is merged into the cell on its left, `^` into the cell above; a
  table nested in a cell follows the cell's text as `<table><tr><td>a<td>b<tr>...</table>`
  (`<th>` for a nested header cell);
- content Word documents hold (issue 13), as tags: `<fn>text</fn>` a footnote and
  `<en>text</en>` an endnote at the place of their reference (the note's text is
  the words between, so a diff sees them), `<math>A=πr^2</math>` an equation in its
  linear form, `<field code="PAGE">3</field>` a field's shown result with its
  instruction (a `"` or `\\` in it escaped by a backslash), `<img src="SHA256">` a picture
  stored once in the .policy by that content hash (one OBJECT character in the runs);
- a character that would otherwise be markup is escaped with a backslash.

`write(parse(text)) == text` for canonical text; `parse` also accepts looser
spellings (other list numbers, extra blank lines) and normalises them.
Formatting markers are toggles, so runs never need to nest properly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from policyeditor.core.patterns import later
from policyeditor.core.records import dataclass


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting; `link` is the target URL or ''."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    link: str = ""
    note: str = ""      # "fn" or "en": the run is (part of) a footnote's or endnote's text
    math: bool = False  # an equation, in linear form
    field: str = ""     # the instruction of the field whose result this is
    picture: str = ""   # the content hash of the picture this run (one OBJECT) stands for

    def same_format(self, other: Run) -> bool:
        return self.format() == other.format() and not self.picture and not other.picture

    def format(self) -> tuple:
        return (self.bold, self.italic, self.underline, self.link, self.note, self.math, self.field,
                self.picture)

    def with_text(self, text: str) -> Run:
        # as dataclasses.replace(self, text=text), which is several times slower on this hot path
        return self.__class__(text, self.bold, self.italic, self.underline, self.link, self.note, self.math,
                              self.field, self.picture)


BREAK = "\n"  # a line break inside a block is a newline in a run's text
OBJECT = "\ufffc"  # what a picture is in a run's text (Unicode's object replacement character)

# The tags of issue 13's content; `_TAG().match(text, i)` at a "<".
_TAG = later(r'<(/?)(fn|en|math)>|<field code="((?:[^"\\]|\\.)*)">|(</field>)'
                  r'|<img src="([0-9a-f]{64})">')


PICTURE_REF = later(r'(?<!\\)<img src="([0-9a-f]{64})">')


def match_tag(text: str, i: int) -> tuple[str, str, int] | None:
    """The tag at text[i]: (kind, value, end). Kinds: fn, /fn, en, /en, math, /math, field
    (value: its instruction), /field, img (value: the picture's hash)."""
    if not text.startswith("<", i):
        return None
    match = _TAG().match(text, i)
    if match is None:
        return None
    if match.group(2):
        return match.group(1) + match.group(2), "", match.end()
    if match.group(3) is not None:
        return "field", re.sub(r"\\(.)", r"\1", match.group(3)), match.end()
    if match.group(4):
        return "/field", "", match.end()
    return "img", match.group(5), match.end()


def field_tag(code: str) -> str:
    escaped = code.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'<field code="{escaped}">'


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class ListItem:
    """One item; `start` is the number an ordered item that opens a count is shown with, where a
    source numbers it other than 1 (None: from 1; see `item_numbers`)."""

    runs: tuple[Run, ...]
    ordered: bool = False
    level: int = 0
    start: int | None = None


def item_numbers(items: Iterable[ListItem]) -> list[int]:
    """The number each item of a list is counted as (0 for a bullet): a count per level, begun
    by an ordered item at a level not counting yet (its `start`, else 1) and ended by a bullet
    at that level or an item at a shallower one."""
    numbers: list[int] = []
    counters: dict[int, int] = {}
    for item in items:
        for deeper in [lv for lv in counters if lv > item.level]:
            del counters[deeper]
        if item.ordered:
            # no count below 0: the body writes `N.` with digits only (a source's <ol start="-3">)
            counters[item.level] = counters[item.level] + 1 if item.level in counters \
                else (1 if item.start is None else max(0, item.start))
            numbers.append(counters[item.level])
        else:
            counters.pop(item.level, None)
            numbers.append(0)
    return numbers


def opens_count(items: list[ListItem]) -> list[bool]:
    """For each item: is it an ordered item that begins a count (where a `start` is read)?"""
    out: list[bool] = []
    counting: set[int] = set()
    for item in items:
        counting = {lv for lv in counting if lv <= item.level}
        out.append(item.ordered and item.level not in counting)
        if item.ordered:
            counting.add(item.level)
        else:
            counting.discard(item.level)
    return out


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]


MERGE_LEFT = "<"   # the cell is covered by the cell on its left (Word's gridSpan, HTML colspan)
MERGE_UP = "^"     # the cell is covered by the cell above (Word's vMerge, HTML rowspan)


@dataclass(frozen=True)
class Table:
    """Rows of cells, each cell a tuple of runs; the first `header` rows are header rows.

    `merges[r][c]` is MERGE_LEFT or MERGE_UP for a cell another covers ('' otherwise; `()`
    when nothing is merged); a covered cell has no runs. `nested[r][c]` holds the tables
    nested in a cell, after its text (`()` when none). Build with `make_table`, which pads
    rows and keeps these in one spelling.
    """

    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    header: int = 1
    merges: tuple[tuple[str, ...], ...] = ()
    nested: tuple[tuple[tuple[Table, ...], ...], ...] = ()

    def merge_at(self, r: int, c: int) -> str:
        if r < len(self.merges) and c < len(self.merges[r]):
            return self.merges[r][c]
        return ""

    def nested_at(self, r: int, c: int) -> tuple[Table, ...]:
        if r < len(self.nested) and c < len(self.nested[r]):
            return self.nested[r][c]
        return ()

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def spans(self, r: int, c: int) -> tuple[int, int]:
        """(columns, rows) the cell at r, c covers: (0, 0) for a covered cell."""
        if self.merge_at(r, c):
            return 0, 0
        cols = 1
        while c + cols < len(self.rows[r]) and self.merge_at(r, c + cols) == MERGE_LEFT:
            cols += 1
        rows = 1
        while r + rows < len(self.rows) and self.merge_at(r + rows, c) == MERGE_UP:
            rows += 1
        return cols, rows


def make_table(rows, header: int = 1, merges=(), nested=()) -> Table:
    """A Table with rows padded to one width and merges/nested given only when they hold something."""
    rows = [tuple(r) for r in rows]
    width = max((len(r) for r in rows), default=0)
    padded = tuple(r + ((),) * (width - len(r)) for r in rows)
    # most tables merge and nest nothing: the grids below are built only where something is
    grid_m: tuple[tuple[str, ...], ...] = ()
    if any(any(row) for row in merges):
        grid_m = tuple(tuple((list(merges[i]) if i < len(merges) else []) + [""] * width)[:width]
                       for i in range(len(rows)))
        # the first cell of a row covers nothing on its left, a cell of the first row nothing above
        grid_m = tuple(tuple("" if (m == MERGE_LEFT and j == 0) or (m == MERGE_UP and i == 0) else m
                             for j, m in enumerate(row)) for i, row in enumerate(grid_m))
    if not any(m for row in grid_m for m in row):
        grid_m = ()
    else:  # a covered cell holds nothing of its own
        padded = tuple(tuple(() if grid_m[i][j] else cell for j, cell in enumerate(row))
                       for i, row in enumerate(padded))
    grid_n: tuple[tuple[tuple[Table, ...], ...], ...] = ()
    if any(any(row) for row in nested):
        grid_n = tuple(tuple(() if grid_m and grid_m[i][j] else t for j, t in enumerate(
            tuple((list(nested[i]) if i < len(nested) else []) + [()] * width)[:width]))
            for i in range(len(rows)))
    if not any(t for row in grid_n for t in row):
        grid_n = ()
    return Table(padded, max(0, min(header, len(rows))), grid_m, grid_n)


Block = Paragraph | ListBlock | Table


# ---------------------------------------------------------------- inline writing

_ESCAPE_ALWAYS = re.compile(r"([\\*_\[\]`])")
_TAG_LIKE = later(r"<(?=/?u>|br>|/?fn>|/?en>|/?math>|field code=|/field>|img src=|/?table>|tr>|td>|th>)")
_LINE_START = re.compile(r"^(-|\||\d+(?=\.(\s|$)))")


def _escaped_match(match: re.Match[str]) -> str:
    return "\\" + match.group(0)


def _escape(text: str, in_table: bool) -> str:
    # searched before substituted: most runs hold nothing to escape, and a sub builds a new string;
    # a function, not a template such as r"\\\1": re runs an import statement for each
    # template substitution, which PySide6 hooks (a tenth of a keystroke in a long section)
    if _ESCAPE_ALWAYS.search(text):
        text = _ESCAPE_ALWAYS.sub(_escaped_match, text)
    if "<" in text:
        text = _TAG_LIKE().sub(_escaped_match, text)
    if in_table:
        text = text.replace("|", "\\|")
    return text.replace("\n", "<br>")


def normalize_runs(runs: Iterable[Run]) -> tuple[Run, ...]:
    """Merge neighbours of one format, drop empty runs, trim the block's outer spaces."""
    # Every block an import builds is normalised, and again when written: a new Run is made only
    # where its text changes, and the merged texts are joined once.
    if isinstance(runs, (list, tuple)) and len(runs) == 1:  # most paragraphs, items and cells
        text = runs[0].text.strip(" \t")
        return (_with_text(runs[0], text),) if text else ()
    merged: list[Run] = []
    texts: list[list[str]] = []  # the texts each merged run joins
    last: tuple | None = None  # the format of merged[-1] (`same_format`, each run's format made once)
    for run in runs:
        if not run.text:
            continue
        form = run.format()
        if form == last and not run.picture:
            texts[-1].append(run.text)
        else:
            merged.append(run)
            texts.append([run.text])
            last = form
    merged = [run if len(parts) == 1 else run.with_text("".join(parts))
              for run, parts in zip(merged, texts, strict=True)]
    while merged and not merged[0].text.lstrip(" \t"):
        merged.pop(0)
    while merged and not merged[-1].text.rstrip(" \t"):
        merged.pop()
    if merged:
        merged[0] = _with_text(merged[0], merged[0].text.lstrip(" \t"))
        merged[-1] = _with_text(merged[-1], merged[-1].text.rstrip(" \t"))
    return tuple(merged)


def _with_text(run: Run, text: str) -> Run:
    return run if text == run.text else run.with_text(text)


def write_runs(runs: Iterable[Run], in_table: bool = False) -> str:
    """Runs in canonical inline markup (runs are normalised first)."""
    if isinstance(runs, tuple):  # runs are immutable: an editor writes its unchanged blocks again per key
        return _written_runs(runs, in_table)
    return _write_runs(runs, in_table)


@lru_cache(maxsize=1024)
def _written_runs(runs: tuple[Run, ...], in_table: bool) -> str:
    return _write_runs(runs, in_table)


_PLAIN_FORMAT = Run("").format()


def _write_runs(runs: Iterable[Run], in_table: bool) -> str:
    runs = normalize_runs(runs)
    if len(runs) == 1 and runs[0].format() == _PLAIN_FORMAT:  # most paragraphs and cells: no markup
        return _line_start_escaped(_escape(runs[0].text, in_table))
    out: list[str] = []
    bold = italic = underline = False
    link = ""
    link_start = 0

    def close_link() -> None:
        nonlocal link
        target = f"<{link}>" if re.search(r"[\s()<>]", link) else link
        out.insert(link_start, "[")
        out.append(f"]({target})")
        link = ""

    note, math, field = "", False, ""
    for run in runs:
        if field and run.field != field:
            out.append("</field>")
            field = ""
        if math and not run.math:
            out.append("</math>")
            math = False
        if note and run.note != note:
            out.append(f"</{note}>")
            note = ""
        if link and run.link != link:
            # formatting toggled inside the link closes inside it
            if underline:
                out.append("</u>")
                underline = False
            if italic:
                out.append("_")
                italic = False
            if bold:
                out.append("**")
                bold = False
            close_link()
        if underline and not run.underline:
            out.append("</u>")
            underline = False
        if italic and not run.italic:
            out.append("_")
            italic = False
        if bold and not run.bold:
            out.append("**")
            bold = False
        if run.link and not link:
            link = run.link
            link_start = len(out)
        if run.bold and not bold:
            out.append("**")
            bold = True
        if run.italic and not italic:
            out.append("_")
            italic = True
        if run.underline and not underline:
            out.append("<u>")
            underline = True
        if run.note and not note:
            note = run.note
            out.append(f"<{note}>")
        if run.math and not math:
            out.append("<math>")
            math = True
        if run.field and not field:
            field = run.field
            out.append(field_tag(field))
        if run.picture:
            out.append(f'<img src="{run.picture}">')
            continue
        out.append(_escape(run.text, in_table))
    if field:
        out.append("</field>")
    if math:
        out.append("</math>")
    if note:
        out.append(f"</{note}>")
    if underline:
        out.append("</u>")
    if italic:
        out.append("_")
    if bold:
        out.append("**")
    if link:
        close_link()
    return _line_start_escaped("".join(out))


def _line_start_escaped(text: str) -> str:
    """`text` with a start that would read as a list item or a table row escaped."""
    return (_LINE_START.sub(_escaped_match, text, count=1)
            if text and (text[0] in "-|" or text[0].isdecimal()) else text)


# ---------------------------------------------------------------- inline parsing

_LINK_TARGET = re.compile(r"\]\((?:<([^<>\n]*)>|([^\s()<>]*))\)")
_PLAIN = re.compile(r"[^\\<*_\[]+")  # characters parse_runs keeps as they are, whatever follows


def link_targets_in(text: str) -> list[str]:
    """The targets of the link ends a piece of canonical text holds: `](url)`, `](<url with spaces>)`."""
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _LINK_TARGET.finditer(text)]


def parse_runs(text: str) -> tuple[Run, ...]:
    """Inline markup to runs (toggle markers; unmatched `[` is plain text)."""
    runs: list[Run] = []
    buf: list[str] = []
    bold = italic = underline = False
    link = ""
    link_end = -1  # index of the `]` closing the current link text
    extra: dict = {}  # note, math, field: the tags open here
    i = 0
    n = len(text)

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold, italic, underline, link, **extra))
            buf.clear()

    while i < n:
        c = text[i]
        if c not in "\\<*_[" and not (link and i == link_end):
            # a stretch of plain characters in one step (up to the `]` that ends the open link)
            j = _PLAIN.match(text, i).end()  # type: ignore[union-attr]
            if link and i < link_end < j:
                j = link_end
            buf.append(text[i:j])
            i = j
            continue
        if c == "\\" and i + 1 < n:
            buf.append(text[i + 1])
            i += 2
            continue
        tag = match_tag(text, i) if c == "<" else None
        if tag is not None:
            flush()
            kind, value, i = tag
            if kind == "img":
                runs.append(Run(OBJECT, bold, italic, underline, link, **extra, picture=value))
            else:
                _toggle(extra, kind, value)
            continue
        if link and i == link_end:
            flush()
            match = _LINK_TARGET.match(text, i)
            assert match is not None
            link = ""
            i = match.end()
            continue
        if text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif c == "_":
            flush()
            italic = not italic
            i += 1
        elif text.startswith("<u>", i):
            flush()
            underline = True
            i += 3
        elif text.startswith("</u>", i):
            flush()
            underline = False
            i += 4
        elif text.startswith("<br>", i):
            buf.append(BREAK)
            i += 4
        elif c == "[" and not link:
            end, target = _find_link_end(text, i + 1)
            if end < 0:
                buf.append(c)
                i += 1
            else:
                flush()
                link, link_end = target, end
                i += 1
        else:
            buf.append(c)
            i += 1
    flush()
    return normalize_runs(runs)


def _toggle(extra: dict, kind: str, value: str) -> None:
    """Open or close one of the content tags in `extra` (Run's note, math, field)."""
    if kind in ("fn", "en"):
        extra["note"] = kind
    elif kind in ("/fn", "/en"):
        extra.pop("note", None)
    elif kind == "math":
        extra["math"] = True
    elif kind == "/math":
        extra.pop("math", None)
    elif kind == "field":
        extra["field"] = value
    elif kind == "/field":
        extra.pop("field", None)


def nested_tag_shows(tag: str, previous: str) -> str:
    """What a tag of a table nested in a cell shows (`previous` the tag before it): a row a
    line, its cells a space apart; a nested table starts a line of its own."""
    if tag == "table":
        return BREAK
    if tag == "tr":
        return "" if previous == "table" else BREAK
    if tag in ("td", "th"):
        return "" if previous in ("tr", "table") else " "
    return ""


# where `visible_chars` (and `core.visible`) may read markup: escapes, tags, emphasis, links;
# text without any of these shows as it is written
MAY_BE_MARKUP = re.compile(r"[\\<*_\[]")


def visible_chars(text: str, in_table: bool = False) -> list[tuple[int, str]]:
    """The characters `parse_runs(text)` keeps, each with its offset in `text` (markup left out).

    `"".join(c for _, c in visible_chars(t)) == "".join(r.text for r in parse_runs(t))`:
    the same walk as `parse_runs`, keeping where each character came from, so a
    view can place offsets of the canonical text without diffing (`diff.spans`).
    `in_table` reads `text` as a table cell's: a merge marker shows nothing, and a
    nested table shows its rows as lines (`nested_tag_shows`).
    """
    out: list[tuple[int, str]] = []
    if in_table and text.strip() in (MERGE_LEFT, MERGE_UP):
        return out
    link, link_end = "", -1
    previous = ""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        nested = _NESTED_TAG.match(text, i) if in_table and c == "<" else None
        if nested:
            shown = nested_tag_shows(nested.group(1), previous)
            previous = nested.group(1)
            if shown:
                out.append((i, shown))
            i = nested.end()
            continue
        tag = match_tag(text, i) if c == "<" else None
        if c == "\\" and i + 1 < n:
            out.append((i + 1, text[i + 1]))
            i += 2
        elif tag is not None:
            if tag[0] == "img":
                out.append((i, OBJECT))
            i = tag[2]
        elif link and i == link_end:
            match = _LINK_TARGET.match(text, i)
            assert match is not None
            link = ""
            i = match.end()
        elif text.startswith("**", i):
            i += 2
        elif c == "_":
            i += 1
        elif text.startswith("<u>", i):
            i += 3
        elif text.startswith("</u>", i):
            i += 4
        elif text.startswith("<br>", i):
            out.append((i, BREAK))
            i += 4
        elif c == "[" and not link:
            end, target = _find_link_end(text, i + 1)
            if end < 0:
                out.append((i, c))
            else:
                link, link_end = target, end
            i += 1
        else:
            out.append((i, c))
            i += 1
    # normalize_runs trims the block's outer spaces and tabs
    first = 0
    while first < len(out) and out[first][1] in " \t":
        first += 1
    last = len(out)
    while last > first and out[last - 1][1] in " \t":
        last -= 1
    return out[first:last]


def _find_link_end(text: str, start: int) -> tuple[int, str]:
    """Position of the `]` that closes a link's text begun at start, and its target."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            if depth == 0:
                match = _LINK_TARGET.match(text, i)
                if not match:
                    return -1, ""
                return i, match.group(1) if match.group(1) is not None else match.group(2)
            depth -= 1
        i += 1
    return -1, ""


# ---------------------------------------------------------------- blocks

LIST_LINE = re.compile(r"^( *)(-|\d+\.)(?: (.*))?$")
TABLE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def _split_cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    cells, buf, i = [], [], 0
    while i < len(inner):
        if inner[i] == "\\" and i + 1 < len(inner):
            buf.append(inner[i: i + 2])
            i += 2
            continue
        if inner[i] == "|":
            cells.append("".join(buf))
            buf = []
        else:
            buf.append(inner[i])
        i += 1
    cells.append("".join(buf))
    return [c.strip() for c in cells]


def parse(text: str) -> list[Block]:
    """Canonical (or looser) body text to blocks."""
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if LIST_LINE.match(line):
            items, numbers = [], []
            while i < len(lines) and (match := LIST_LINE.match(lines[i])):
                indent, marker, rest = match.groups()
                items.append(ListItem(parse_runs(rest or ""), marker != "-", len(indent) // 2))
                numbers.append(int(marker[:-1]) if marker != "-" else 1)
                i += 1
            blocks.append(ListBlock(_with_starts(items, numbers)))
            continue
        if line.lstrip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append(lines[i])
                i += 1
            blocks.append(_table(rows))
            continue
        paragraph = [line.strip()]
        i += 1
        while i < len(lines) and lines[i].strip() and not LIST_LINE.match(lines[i]) \
                and not lines[i].lstrip().startswith("|"):
            paragraph.append(lines[i].strip())
            i += 1
        runs = parse_runs(" ".join(paragraph))
        if runs:
            blocks.append(Paragraph(runs))
    return blocks


def _with_starts(items: list[ListItem], numbers: list[int]) -> tuple[ListItem, ...]:
    """Items with the start each count is opened with; the numbers after it are counted, so
    looser spellings (`1.` on every line) still read as one count."""
    opens = opens_count(items)
    return tuple(ListItem(item.runs, True, item.level, number) if opening and number != 1 else item
                 for item, number, opening in zip(items, numbers, opens, strict=True))


def begins_list(text: str, offset: int) -> bool:
    """Whether the line of a body's text holding `offset` is a list item that begins a list: the
    line before it is no list item (`parse` ends a list at any other line, a blank one included)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", start)
    if LIST_LINE.match(text[start:end if end >= 0 else len(text)]) is None:
        return False
    if start == 0:
        return True
    return LIST_LINE.match(text[text.rfind("\n", 0, start - 1) + 1:start - 1]) is None


def follows_list(text: str, offset: int) -> bool:
    """Whether the list the line holding `offset` begins comes right after another: the last line
    before it that holds text is a list item too (a blank line between parts two lists)."""
    start = text.rfind("\n", 0, offset) + 1
    while start > 0:
        before = text.rfind("\n", 0, start - 1) + 1
        line = text[before:start - 1]
        if line.strip():
            return LIST_LINE.match(line) is not None
        start = before
    return False


def opening_numbers(text: str) -> dict[int, int]:
    """Where each ordered item that begins a count has its number in a body's text: the offset
    of its marker's first digit -> the number (the list's start, as `parse` reads it)."""
    out: dict[int, int] = {}
    items: list[ListItem] = []
    places: list[tuple[int, int]] = []

    def flush() -> None:
        for (at, number), opening in zip(places, opens_count(items), strict=True):
            if opening:
                out[at] = number
        items.clear()
        places.clear()

    offset = 0
    for line in text.split("\n"):
        match = LIST_LINE.match(line)
        if match:
            indent, marker = match.group(1), match.group(2)
            items.append(ListItem((), marker != "-", len(indent) // 2))
            places.append((offset + len(indent), int(marker[:-1]) if marker != "-" else 0))
        else:
            flush()
        offset += len(line) + 1
    flush()
    return out


def _table(lines: list[str]) -> Table:
    """Pipe-table lines (with their rule) to a Table; no rule at all reads as one header row."""
    rows, merges, nested = [], [], []
    header = -1
    for line in lines:
        if TABLE_RULE.match(line.strip()):
            if header < 0:
                header = len(rows)
            continue
        cells = [_parse_cell(cell) for cell in _split_cells(line)]
        rows.append(tuple(c[0] for c in cells))
        merges.append(tuple(c[1] for c in cells))
        nested.append(tuple(c[2] for c in cells))
    return make_table(rows, 1 if header < 0 else header, merges, nested)


_NESTED_TAG = re.compile(r"<(/?table|tr|td|th)>")


def _parse_cell(raw: str) -> tuple[tuple[Run, ...], str, tuple[Table, ...]]:
    """A cell's text to (runs, merge marker, nested tables)."""
    if raw in (MERGE_LEFT, MERGE_UP):
        return (), raw, ()
    start = _unescaped(raw, "<table>")
    if start < 0:
        return parse_runs(raw), "", ()
    tables: list[Table] = []
    pos = start
    while raw.startswith("<table>", pos):
        table, pos = _parse_nested(raw, pos + len("<table>"))
        tables.append(table)
    # text after the tables (never written so) joins the cell's text rather than being lost
    return parse_runs(raw[:start] + (" " + raw[pos:] if raw[pos:].strip() else "")), "", tuple(tables)


def _unescaped(text: str, needle: str, start: int = 0) -> int:
    """Where needle first stands in text outside a backslash escape (-1 if nowhere)."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(needle, i):
            return i
        i += 1
    return -1


def _parse_nested(raw: str, pos: int) -> tuple[Table, int]:
    """A nested table whose `<table>` ends at pos: the table and where its `</table>` ends."""
    rows: list[list[tuple[tuple[Run, ...], str, tuple[Table, ...]]]] = []
    header_rows: list[bool] = []
    buf: list[str] = []
    inner: list[Table] = []
    cell_open = False
    n = len(raw)

    def end_cell() -> None:
        nonlocal cell_open
        if cell_open:
            runs, merge, _ = _parse_cell("".join(buf))
            rows[-1].append((runs, "" if inner else merge, tuple(inner)))
        buf.clear()
        inner.clear()
        cell_open = False

    while pos < n:
        if raw[pos] == "\\" and pos + 1 < n:
            buf.append(raw[pos:pos + 2])
            pos += 2
            continue
        match = _NESTED_TAG.match(raw, pos)
        if not match:
            buf.append(raw[pos])
            pos += 1
            continue
        tag = match.group(1)
        pos = match.end()
        if tag == "table":
            table, pos = _parse_nested(raw, pos)
            inner.append(table)
        elif tag == "tr":
            end_cell()
            rows.append([])
            header_rows.append(True)
        elif tag in ("td", "th"):
            end_cell()
            if not rows:
                rows.append([])
                header_rows.append(True)
            cell_open = True
            header_rows[-1] = header_rows[-1] and tag == "th"
        else:  # /table
            break
    end_cell()
    header = 0
    while header < len(rows) and header_rows[header] and rows[header]:
        header += 1
    return make_table([tuple(c[0] for c in r) for r in rows], header,
                      [tuple(c[1] for c in r) for r in rows],
                      [tuple(c[2] for c in r) for r in rows]), pos


def parse_nested_table(text: str) -> Table:
    """A table in its nested spelling (`<table>...</table>`, as `write_table(nested=True)`)."""
    if not text.startswith("<table>"):
        raise ValueError("a nested table starts with <table>")
    return _parse_nested(text, len("<table>"))[0]


def write_table(block: Table, nested: bool = False) -> str:
    """A table in canonical text: pipe rows, or the `<table>` spelling inside a cell."""
    width = block.width

    def cell_text(r: int, c: int, cell: tuple[Run, ...]) -> str:
        merge = block.merge_at(r, c)
        if merge:
            return merge
        text = write_runs(cell, in_table=True)
        if text in (MERGE_LEFT, MERGE_UP):
            text = "\\" + text
        return text + "".join(write_table(t, nested=True) for t in block.nested_at(r, c))

    if nested:
        out = ["<table>"]
        for r, row in enumerate(block.rows):
            tag = "<th>" if r < block.header else "<td>"
            out.append("<tr>" + "".join(tag + cell_text(r, c, cell) for c, cell in enumerate(row)))
        return "".join(out) + "</table>"
    rows = ["| " + " | ".join(cell_text(r, c, cell) for c, cell in enumerate(row)) + " |"
            for r, row in enumerate(block.rows)]
    rows.insert(block.header, "| " + " | ".join(["---"] * width) + " |")
    return "\n".join(rows)


def write(blocks: Iterable[Block]) -> str:
    """Blocks to canonical body text."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = write_runs(block.runs)
            if text:
                out.append(text)
        elif isinstance(block, ListBlock):
            lines = []
            for item, number in zip(block.items, item_numbers(block.items), strict=True):
                marker = f"{number}." if item.ordered else "-"
                lines.append("  " * item.level + f"{marker} {write_runs(item.runs)}".rstrip())
            if lines:
                out.append("\n".join(lines))
        elif isinstance(block, Table):
            if not block.rows:
                continue
            out.append(write_table(block))
    return "\n\n".join(out)


def canonical(text: str) -> str:
    """The canonical spelling of a body text."""
    return write(parse(text))


def blocks_plain(blocks: Iterable[Block]) -> list[str]:
    """The plain text of each paragraph, list item and table row, in order."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(runs_plain(block.runs))
        elif isinstance(block, ListBlock):
            out.extend(runs_plain(item.runs) for item in block.items)
        else:
            out.extend(table_plain(block))
    return out


def table_plain(block: Table) -> list[str]:
    """A table's rows as plain lines, cells apart by " | ": a covered cell empty, a nested
    table's rows as lines inside its cell (as `visible_chars` shows them, so the window's
    text map and the comments' anchors agree)."""
    out: list[str] = []
    for line in write_table(block).split("\n"):
        if TABLE_RULE.match(line.strip()):
            continue
        out.append(" | ".join(_cell_plain(cell) for cell in _split_cells(line)))
    return out


def _cell_plain(cell: str) -> str:
    if ("<fn>" in cell or "<en>" in cell) and "<table>" not in cell:  # a note's words stand apart
        return runs_plain(parse_runs(cell))
    return "".join(c for _, c in visible_chars(cell, in_table=True))


def runs_plain(runs: Iterable[Run]) -> str:
    """The words of runs; a note's text stands apart from the word it is attached to."""
    out: list[str] = []
    note = ""
    for run in runs:
        if run.note != note:
            out.append(" ")
        note = run.note
        out.append(run.text)
    return "".join(out)


def plain_text(text: str) -> str:
    """The words of a body without markup, a line per paragraph, item or table row."""
    return "\n".join(blocks_plain(parse(text)))
