"""Builders the importers share: body blocks from a stream of events, and a section tree from headings.

Every importer reads its format into the same two calls: `BodyBuilder` receives
text with its formatting and the start and end of paragraphs, list items and
table cells (so no importer recurses into nested markup), and `Outline` receives
headings with their level and the blocks under them. The bodies leave here as
canonical text written by `body.write`, never as hand-made markup.
"""

from __future__ import annotations

import re

from policyeditor.core import body
from policyeditor.core.body import BREAK, Block, ListBlock, ListItem, Paragraph, Run, Table
from policyeditor.core.dates import lift_dates
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import apply_learned
from policyeditor.core.records import dataclass, field
from policyeditor.formats.importers.result import Note

SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:", "#")  # a link elsewhere is kept as plain text
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_ODD_SPACE = re.compile(r"[\t\r\n\f\v\u00a0]")  # whitespace `collapse` turns into a space


def collapse(text: str) -> str:
    """Whitespace runs (newlines and no-break spaces included) as one space, as a browser shows them."""
    if "  " not in text and not _ODD_SPACE.search(text):
        return text  # most text: nothing to collapse, and a sub builds a new string
    return _SPACES.sub(" ", text)


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
        self._item_runs: list[Run] = []
        self._tables: list[_TableBuild] = []  # open tables, innermost last
        self._cell: list[Run] | None = None
        self._cell_nested: list[Table] = []  # tables nested in the open cell

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

    def line_break(self) -> None:
        if self._runs:
            self._runs[-1] = self._runs[-1].with_text(self._runs[-1].text.rstrip(" "))
        self._runs.append(Run(BREAK))

    def has_text(self) -> bool:
        return any(r.text.strip() for r in self._runs)

    # ------------------------------------------------------------- lines
    def end_line(self) -> None:
        """Close the open line: into the cell, the list item or a new paragraph."""
        runs = _trim_breaks(self._runs)
        self._runs = []
        if not any(r.text.strip() for r in runs):
            return
        if self._cell is not None:
            _join_line(self._cell, runs)
        elif self._lists and self._item_open and self._item_open[-1]:
            _join_line(self._item_runs, runs)
        else:
            self._flush_items()
            self.blocks.append(Paragraph(body.normalize_runs(runs)))

    # ------------------------------------------------------------- lists
    def start_list(self, ordered: bool) -> None:
        self.end_line()
        if self._cell is None:
            self._end_item()
        self._lists.append(ordered)
        self._item_open.append(False)

    def end_list(self) -> None:
        if not self._lists:
            return
        self.end_line()
        self._end_item()
        self._lists.pop()
        self._item_open.pop()
        if not self._lists:
            self._flush_items()

    def start_item(self) -> None:
        if not self._lists:  # a stray <li>: treat as a bulleted list of one
            self.start_list(False)
        self.end_line()
        self._end_item()
        self._item_open[-1] = True

    def end_item(self) -> None:
        self.end_line()
        self._end_item()

    def _end_item(self) -> None:
        if not self._lists or not self._item_open[-1]:
            return
        if self._cell is not None:  # a list inside a table cell: its items are lines of the cell
            _join_line(self._cell, self._item_runs)
        else:
            runs = body.normalize_runs(self._item_runs)
            self._items.append(ListItem(runs, self._lists[-1], len(self._lists) - 1))
        self._item_runs = []
        self._item_open[-1] = False

    def _flush_items(self) -> None:
        if self._items:
            self.blocks.append(ListBlock(tuple(self._items)))
            self._items = []

    def item(self, runs: list[Run], ordered: bool, level: int) -> None:
        """One list item given whole (formats such as DOCX that store lists flat, with a level)."""
        self.end_line()
        if not any(r.text.strip() for r in runs):
            return
        if self._cell is not None:
            _join_line(self._cell, runs)
            return
        self._items.append(ListItem(body.normalize_runs(runs), ordered, level))

    # ------------------------------------------------------------- tables
    # A table open in a cell is nested there: the outer cell's text waits on `_TableBuild.outer`.
    def start_table(self) -> None:
        self.end_line()
        outer = None
        if self._cell is not None:
            outer = (self._cell, self._cell_nested)
        else:
            self._end_item()
            self._flush_items()
        self._tables.append(_TableBuild(outer))
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


class _TableBuild:
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


# ---------------------------------------------------------------- outline numbers

_OUTLINE_NUMBER = re.compile(
    r"^\s*(?:\((?P<p>[0-9]{1,3}|[A-Za-z]|[ivxlIVXL]{1,6})\)"
    r"|(?P<n>[0-9]{1,3}(?:\.[0-9]{1,3})*)(?:[.)]|(?=\s))"
    r"|(?P<l>[A-Za-z]|[ivxlIVXL]{1,6})[.)])(?=\s|$)\s*")


def split_number(heading: str) -> tuple[str, str]:
    """A heading's leading clause number ('3.', '2.3', '(a)', 'a)') and the rest."""
    match = _OUTLINE_NUMBER.match(heading)
    if not match:
        return "", heading
    return match.group(0).strip(), heading[match.end():]


HEADING_MAX_WORDS = 12
_WORDS = re.compile(r"[^\W_]+")
_CLOSING = (".", ";", ":", ",", "!", "?")  # a line ending so is a sentence or a lead-in, not a heading


def heading_like(line: str) -> bool:
    """Short, with no closing punctuation: reads as a heading rather than a sentence."""
    line = line.strip()
    words = len(_WORDS.findall(line))
    return 0 < words <= HEADING_MAX_WORDS and not line.endswith(_CLOSING)


# ---------------------------------------------------------------- outline


@dataclass
class _Node:
    level: int
    heading: str
    blocks: list[Block] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    source: str = ""  # the heading as the source spelled it, for the report


class Outline:
    """Headings with a level (1 = top) and the blocks under them, made into a section tree.

    Blocks before the first heading go to a first section with an empty heading.
    A heading deeper than the one before it by more than a level (H2 then H4) nests
    under the nearest shallower heading; the shallowest level used becomes the top.
    """

    def __init__(self) -> None:
        self._root = _Node(0, "")
        self._stack: list[_Node] = [self._root]
        self._preface = _Node(1, "")
        self.adopted = 0  # empty headings that took the short line after them
        self._inferred = False  # inference runs once, on the finished tree

    def heading(self, level: int, text: str) -> None:
        text = collapse(text).strip()
        node = _Node(level, text, source=text)
        while len(self._stack) > 1 and self._stack[-1].level >= level:
            self._stack.pop()
        self._stack[-1].children.append(node)
        self._stack.append(node)

    def take_title(self) -> str:
        """When exactly one heading is at level 1, make it the title and return its text ('' otherwise).

        Its body joins the first (untitled) section and its sub-sections move up a level.
        """
        tops = [n for n in self._root.children if n.level == 1]
        if len(tops) != 1 or any(n.level < 1 for n in self._root.children):
            return ""
        node = tops[0]
        index = self._root.children.index(node)
        self._root.children[index:index + 1] = node.children
        self._preface.blocks.extend(node.blocks)
        return node.heading

    def add(self, blocks: list[Block]) -> None:
        if not blocks:
            return
        target = self._stack[-1] if len(self._stack) > 1 else self._preface
        if target is not self._preface and not target.heading and not target.blocks \
                and not target.children and isinstance(blocks[0], Paragraph):
            # an empty heading (a picture or blank line in the source) followed by a short
            # line: that line is what the reader takes for the heading
            line = "".join(r.text for r in blocks[0].runs)
            if line.strip() and heading_like(line):
                target.heading = target.source = collapse(line).strip()
                self.adopted += 1
                blocks = blocks[1:]
        target.blocks.extend(blocks)

    def sections(self, report: list[str]) -> list[Section]:
        """The section tree; empty sections are kept and reported.

        When fewer than `INFER_BELOW` real headings stand below the title, the lines
        that read as headings are made headings first (see `infer_headings`).
        """
        if not self._inferred:
            self._inferred = True
            infer_headings(self._root, self._preface, report)
        if self.adopted:
            report.append(f"{self.adopted} empty heading(s) took the short line that follows them "
                          "as their text")
        tops = list(self._root.children)
        if self._preface.blocks:
            tops.insert(0, self._preface)
        return [_section(node, report) for node in tops]

    def policy(self, title: str, report: list[str]) -> Policy:
        policy = Policy(title=collapse(title).strip(), sections=self.sections(report))
        _strip_derived_numbers(policy, report)
        return policy


def _strip_derived_numbers(policy: Policy, report: list[str]) -> None:
    """Learn the policy's own numbering from its typed heading numbers, and its date lines.

    A date or status line ("Last Updated: May 22, 2024") becomes a property of the
    policy (core.dates). A typed number that follows the learned style is absorbed
    ("3. Sharing" becomes "Sharing", printed as "3."), and where markup levels and
    numbers disagree the numbers place the section (core.numbering.learn). Numbers
    that follow no scheme stay in the headings, and their levels print none.
    """
    lifted = lift_dates(policy)
    if lifted:
        report.append(f"{len(lifted)} date or status line(s) became properties of the policy, shown in "
                      f"its title block (such as \"{lifted[0]}\")")
    learned = apply_learned(policy)
    if learned.kept:
        report.append(f"{len(learned.kept)} headings keep their typed numbers as written, which follow "
                      f"no numbering scheme (such as \"{learned.kept[0]}\")")


def _section(top: _Node, report: list[str]) -> Section:
    """Nodes to sections without recursion (a source may nest headings deeply)."""
    root = Section(heading=top.heading, body=body.write(top.blocks))
    work = [(top, root)]
    while work:
        node, section = work.pop()
        if not node.blocks and not node.children and node.source:
            report.append(Note(f"section {node.source} is empty", section.id, where="section"))
        pairs = []
        for child in node.children:
            sub = Section(heading=child.heading, body=body.write(child.blocks))
            section.children.append(sub)
            pairs.append((child, sub))
        work.extend(reversed(pairs))  # popped in document order, so the report reads in order
    return root


# ---------------------------------------------------------------- inferred headings

INFER_BELOW = 3  # a document with fewer real headings than this below its title gets them inferred
REPEATED = 3  # a line seen this often is a recurring label ("More simply put"), not a heading
PART_MAX_WORDS = 30  # a bold line heading a part of a document in parts may be longer than a heading
LABEL_RUN = 3  # this many short lines in a row, with nothing between, are labels (a flattened table)
_SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or per the to via vs with "
                         "within without".split())
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
          "xix": 19, "xx": 20}
_LETTER_LEVEL, _ROMAN_LEVEL = 10, 20  # raw levels below any dotted digit depth; ranked afterwards


@dataclass
class _Line:
    """A block that has the shape of a heading: one short line, standing alone."""

    position: int  # index in its node's blocks
    text: str
    bold: bool
    number: str  # the typed outline number without brackets and dots ('2.3', 'a', 'iv'), or ''


def _line(position: int, block: Block) -> _Line | None:
    """The block as a heading-shaped line, or None.

    A paragraph of one line qualifies, and so does a numbered list of a single bold
    item (a heading typed as "1. **Scope**" in Markdown). A line holding a link is
    navigation, not a heading.
    """
    bold_only = False
    if isinstance(block, Paragraph):
        runs = block.runs
    elif isinstance(block, ListBlock) and len(block.items) == 1 and block.items[0].ordered \
            and block.items[0].level == 0:
        runs, bold_only = block.items[0].runs, True
    else:
        return None
    if any(BREAK in r.text or r.link for r in runs):
        return None
    text = collapse("".join(r.text for r in runs)).strip()
    bold = all(r.bold for r in runs if r.text.strip())
    if bold_only and not bold:
        return None
    typed, rest = split_number(text)
    if not heading_like(rest if typed else text):  # the typed number is not a word of the heading
        return None
    return _Line(position, text, bold, typed.strip("().").lower())


def _title_case(text: str) -> bool:
    """Every word but the small ones capitalised, no digits, no 'Label: value'."""
    if ":" in text or any(c.isdigit() for c in text) or not text[:1].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in _TITLE_WORD.findall(text))


def _sequence(lines: list[_Line]) -> dict[int, int]:
    """The numbered lines whose numbers count up in order: position → raw level.

    Digits count 1, 2, 3 (and may start again at 1, as a document in parts does),
    '2.1' opens under '2'; letters a, b, c restart under each number; roman i, ii,
    iii restart under each letter. A line that breaks the count is left as text,
    and so is a count that ends where it starts (a lone "1." is no outline).
    """
    path: list[int] = []  # the last digits accepted, as a dotted path
    letter = roman = 0
    accepted: dict[int, int] = {}
    counts: list[list[int]] = []  # accepted positions, cut where the count starts again at 1
    for line in lines:
        number = line.number
        if not number:
            continue
        if number.replace(".", "").isdigit():
            parts = [int(p) for p in number.split(".")]
            depth = len(parts)
            sibling = len(path) >= depth and parts[:-1] == path[:depth - 1] \
                and parts[-1] == path[depth - 1] + 1
            child = parts == path + [1]
            if sibling or child or parts == [1]:
                if parts == [1] or not counts:
                    counts.append([])
                counts[-1].append(line.position)
                path, letter, roman = parts, 0, 0
                accepted[line.position] = depth
            continue
        as_letter = len(number) == 1 and ord(number) - ord("a") + 1 == letter + 1
        if as_letter:
            letter, roman = letter + 1, 0
            accepted[line.position] = _LETTER_LEVEL
        elif _ROMAN.get(number) == roman + 1:
            roman += 1
            accepted[line.position] = _ROMAN_LEVEL
        else:
            continue
        if counts:
            counts[-1].append(line.position)
    lone = {count[0] for count in counts if len(count) == 1}
    return {p: level for p, level in accepted.items() if p not in lone}


def infer_headings(root: _Node, preface: _Node, report: list[str]) -> None:
    """Make headings of the lines that read as headings, when the source marked up too few.

    Runs only when fewer than `INFER_BELOW` headings stand below the title, and in
    each part of the document that has no sub-headings (the text before the first
    heading, and every heading without children). A line is a heading when it is
    one short line standing alone (at most `HEADING_MAX_WORDS` words, no closing
    punctuation, no link) and either entirely bold, or opens with an outline number
    that continues the count (1, 2, 3; a, b, c under a number; i, ii under a letter).
    Only in a document with neither signal, a Title-Case line followed by body text
    (or by another such heading) is one. Levels follow the numbering style (digits,
    then letters, then roman); bold and Title-Case lines sit one level below the
    title. Not headings: a line repeated `REPEATED` times or more ("More simply put"),
    `LABEL_RUN` or more short lines in a row (a flattened table's labels), list
    items, table cells. At least two headings must be found, or nothing changes.
    """
    real = 0
    work = list(root.children)
    while work:
        node = work.pop()
        real += 1
        work.extend(node.children)
    if real >= INFER_BELOW:
        return
    scopes = [preface] + _leaves(root)
    lines = {id(scope): [c for i, b in enumerate(scope.blocks) if (c := _line(i, b))] for scope in scopes}
    seen: dict[str, int] = {}
    for found in lines.values():
        for line in found:
            seen[line.text.lower()] = seen.get(line.text.lower(), 0) + 1
    repeated = {text for text, n in seen.items() if n >= REPEATED}
    for scope in scopes:
        found = [c for c in lines[id(scope)] if c.text.lower() not in repeated]
        lines[id(scope)] = _without_label_runs(found)
    picks: dict[int, list[tuple[int, int, str]]] = {}  # scope → (position, raw level, kind)
    for scope in scopes:
        found = lines[id(scope)]
        numbered = _sequence(found)
        if len(numbered) < 2:
            numbered = {}
        chosen = [(c.position, numbered[c.position], "numbered lines") if c.position in numbered
                  else (c.position, 0, "bold lines")
                  for c in found if c.position in numbered or c.bold]
        chosen += _part_lines(scope.blocks, found, numbered, chosen)
        chosen.sort()
        if chosen:
            picks[id(scope)] = chosen
    if not picks and real == 0:
        titled = _title_case_headings(preface.blocks, lines[id(preface)])
        if titled:
            picks[id(preface)] = [(p, 0, "short Title-Case lines followed by text") for p in titled]
    if sum(len(p) for p in picks.values()) < 2:
        return
    counts: dict[str, int] = {}
    for scope in scopes:
        if id(scope) not in picks:
            continue
        chosen = picks[id(scope)]
        ranks = sorted({level for _, level, _ in chosen if level})
        headings = [(p, (ranks.index(level) + 1) if level else 1, _plain(scope.blocks[p]))
                    for p, level, _ in chosen]
        for _, _, kind in chosen:
            counts[kind] = counts.get(kind, 0) + 1
        children = _split(scope, headings)
        if scope is preface:
            root.children[0:0] = children
        else:
            scope.children = children
    for kind, n in counts.items():
        report.append(f"{n} heading(s) were inferred from {kind} (the source did not mark them as headings)")
    for text in sorted(repeated):
        report.append(f"\u201c{text}\u201d, repeated {seen[text]} times, was kept as text, not a heading")


def _part_lines(blocks: list[Block], found: list[_Line], numbered: dict[int, int],
                chosen: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Bold lines that head the parts of a document whose clause count starts again at 1.

    A document in parts ("if you live in the US" … "if you live in the EEA") counts
    1, 2, 3 in each part; the bold line (up to `PART_MAX_WORDS` words) nearest before
    each count's "1" heads that part, and the clauses nest under it. Unless every
    count has such a line, none is taken.
    """
    starts = [c.position for c in found if numbered.get(c.position) == 1 and c.number == "1"]
    if len(starts) < 2:
        return []
    taken = sorted(p for p, _, _ in chosen)
    parts: list[tuple[int, int, str]] = []
    for start in starts:
        before = [p for p in taken if p < start]
        floor = before[-1] if before else -1
        for position in range(start - 1, floor, -1):
            if _part_line(blocks[position]):
                parts.append((position, -1, "bold lines heading the parts of a document"))
                break
        else:
            return []
    return parts


def _part_line(block: Block) -> bool:
    if not isinstance(block, Paragraph) or any(BREAK in r.text or r.link for r in block.runs):
        return False
    text = _plain(block)
    return bool(text) and all(r.bold for r in block.runs if r.text.strip()) \
        and len(_WORDS.findall(text)) <= PART_MAX_WORDS and not text.endswith(_CLOSING)


def _plain(block: Block) -> str:
    """A heading line's text (a one-item list's item text)."""
    runs = block.items[0].runs if isinstance(block, ListBlock) else block.runs  # type: ignore[union-attr]
    return collapse("".join(r.text for r in runs)).strip()


def _leaves(root: _Node) -> list[_Node]:
    """Nodes without children, in document order."""
    out: list[_Node] = []
    work = list(reversed(root.children))
    while work:
        node = work.pop()
        if node.children:
            work.extend(reversed(node.children))
        else:
            out.append(node)
    return out


def _without_label_runs(found: list[_Line]) -> list[_Line]:
    """Drop runs of `LABEL_RUN` or more heading-shaped lines with nothing between them."""
    runs: list[list[_Line]] = []
    for line in found:
        if runs and line.position == runs[-1][-1].position + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    return [line for run in runs if len(run) < LABEL_RUN for line in run]


def _title_case_headings(blocks: list[Block], found: list[_Line]) -> list[int]:
    """Positions of Title-Case lines followed by body text, or by another such heading."""
    shaped = {c.position for c in found}
    title = {c.position for c in found if _title_case(c.text)}
    heads: set[int] = set()
    for position in range(len(blocks) - 1, -1, -1):
        after = position + 1
        if position in title and after < len(blocks) \
                and (after in heads or not _heading_shaped(blocks[after], after in shaped)):
            heads.add(position)
    return sorted(heads)


def _heading_shaped(block: Block, shaped: bool) -> bool:
    """A short line (a candidate or one that failed only on repetition): not body text."""
    if shaped:
        return True
    if isinstance(block, Paragraph):
        text = collapse("".join(r.text for r in block.runs)).strip()
        return heading_like(text)
    return False


def _split(scope: _Node, headings: list[tuple[int, int, str]]) -> list[_Node]:
    """Cut a node's blocks at the heading lines; returns the new sub-tree's top nodes."""
    blocks = scope.blocks
    scope.blocks = blocks[:headings[0][0]]
    holder = _Node(0, "")
    stack: list[_Node] = [holder]
    for k, (position, level, text) in enumerate(headings):
        end = headings[k + 1][0] if k + 1 < len(headings) else len(blocks)
        node = _Node(level, text, list(blocks[position + 1:end]), source=text)
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return holder.children
