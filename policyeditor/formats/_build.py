"""Builders the importers share: body blocks from a stream of events, and a section tree from headings.

Every importer reads its format into the same two calls: `BodyBuilder` receives
text with its formatting and the start and end of paragraphs, list items and
table cells (so no importer recurses into nested markup), and `Outline` receives
headings with their level and the blocks under them. The bodies leave here as
canonical text written by `body.write`, never as hand-made markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policyeditor.core import body
from policyeditor.core.body import BREAK, Block, ListBlock, ListItem, Paragraph, Run, Table
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import numbers

SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:", "#")  # a link elsewhere is kept as plain text
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def collapse(text: str) -> str:
    """Whitespace runs (newlines and no-break spaces included) as one space, as a browser shows them."""
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
        self._tables: list[list[list[tuple[Run, ...]]]] = []  # open tables: rows of cells
        self._cell: list[Run] | None = None
        self._cell_stack: list[list[Run] | None] = []

    # ------------------------------------------------------------- inline
    def text(self, text: str, bold: bool = False, italic: bool = False, underline: bool = False,
             link: str = "") -> None:
        """Append text to the open line (a '\\n' in text is a line break)."""
        if self._runs and self._runs[-1].text.endswith(BREAK):
            text = text.lstrip(" ")  # spaces that open a line after a break are markup, not words
        if text:
            self._runs.append(Run(text, bold, italic, underline, link))

    def line_break(self) -> None:
        if self._runs:
            last = self._runs[-1]
            self._runs[-1] = Run(last.text.rstrip(" "), last.bold, last.italic, last.underline, last.link)
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
    def start_table(self) -> None:
        self.end_line()
        if self._cell is not None:  # a table in a cell: its cells become lines of the outer cell
            self._tables.append([])
            self._cell_stack.append(self._cell)
            return
        self._end_item()
        self._flush_items()
        self._tables.append([])
        self._cell_stack.append(None)

    def start_row(self) -> None:
        self.end_cell()
        if self._tables:
            self._tables[-1].append([])

    def start_cell(self) -> None:
        self.end_cell()
        if not self._tables:
            self.start_table()
        if not self._tables[-1]:
            self._tables[-1].append([])
        self._cell = []

    def end_cell(self) -> None:
        if self._cell is None:
            return
        self.end_line()
        outer = self._cell_stack[-1] if self._cell_stack else None
        cell = body.normalize_runs(self._cell)
        if outer is not None:
            _join_line(outer, list(cell))
            self._cell = outer
            return
        self._tables[-1][-1].append(cell)
        self._cell = None

    def end_table(self) -> None:
        if not self._tables:
            return
        self.end_cell()
        rows = [tuple(r) for r in self._tables.pop() if r]
        outer = self._cell_stack.pop()
        if outer is not None:
            self._cell = outer
            return
        self._cell = None
        if rows:
            width = max(len(r) for r in rows)
            self.blocks.append(Table(tuple(r + ((),) * (width - len(r)) for r in rows)))

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


def _heading_like(line: str) -> bool:
    """Short, with no closing punctuation: reads as a heading rather than a sentence."""
    line = line.strip()
    words = len(_WORDS.findall(line))
    return 0 < words <= HEADING_MAX_WORDS and not line.endswith((".", ";", ":", ",", "!", "?"))


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
            if line.strip() and _heading_like(line):
                target.heading = target.source = collapse(line).strip()
                self.adopted += 1
                blocks = blocks[1:]
        target.blocks.extend(blocks)

    def sections(self, report: list[str]) -> list[Section]:
        """The section tree; empty sections are kept and reported."""
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
    """Drop a heading's typed number where it is the number the policy derives for it.

    Numbers are structure, derived from the tree: "3. Sharing" in third place shows
    as "3  Sharing", so nothing is lost and nothing is numbered twice. A typed number
    that differs from the derived one ("A.", or "7." after a skipped clause) is a word
    of the source and stays in the heading; the report says how many stayed.
    """
    derived = numbers(policy)
    kept: list[str] = []
    for section, _ in policy.walk():
        typed, rest = split_number(section.heading)
        if not typed or not rest.strip():
            continue
        plain = typed.strip("().").lower()
        number = derived[section.id].lower()
        if plain == number or ("." not in plain and plain == number.rsplit(".", 1)[-1]):
            section.heading = rest.strip()
        else:
            kept.append(section.heading)
    if kept:
        report.append(f"{len(kept)} headings keep typed numbers that differ from the derived outline "
                      f"(such as \"{kept[0]}\")")


def _section(top: _Node, report: list[str]) -> Section:
    """Nodes to sections without recursion (a source may nest headings deeply)."""
    root = Section(heading=top.heading, body=body.write(top.blocks))
    work = [(top, root)]
    while work:
        node, section = work.pop()
        if not node.blocks and not node.children and node.source:
            report.append(f"section {node.source} is empty")
        pairs = []
        for child in node.children:
            sub = Section(heading=child.heading, body=body.write(child.blocks))
            section.children.append(sub)
            pairs.append((child, sub))
        work.extend(reversed(pairs))  # popped in document order, so the report reads in order
    return root
