"""Headings inferred from lines that read as headings, when a source marked up too few (`infer_headings`)."""

from __future__ import annotations

from policyeditor.core.body import BREAK, Block, ListBlock, Paragraph
from policyeditor.core.patterns import later
from policyeditor.core.records import dataclass
from policyeditor.formats.importers.line_shape import CLOSING, WORDS, collapse, heading_like, split_number
from policyeditor.formats.importers.outline_tree import Node

INFER_BELOW = 3  # a document with fewer real headings than this below its title gets them inferred
REPEATED = 3  # a line seen this often is a recurring label ("More simply put"), not a heading
PART_MAX_WORDS = 30  # a bold line heading a part of a document in parts may be longer than a heading
LABEL_RUN = 3  # this many short lines in a row, with nothing between, are labels (a flattened table)
_SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or per the to via vs with "
                         "within without".split())
_TITLE_WORD = later(r"[^\W\d_][\w'’-]*")
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
    navigation, not a heading; one holding a note stays text (a heading cannot hold the note).
    """
    bold_only = False
    if isinstance(block, Paragraph):
        runs = block.runs
    elif isinstance(block, ListBlock) and len(block.items) == 1 and block.items[0].ordered \
            and block.items[0].level == 0:
        runs, bold_only = block.items[0].runs, True
    else:
        return None
    if any(BREAK in r.text or r.link or r.note for r in runs):
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
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in _TITLE_WORD().findall(text))


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


def infer_headings(root: Node, preface: Node, report: list[str]) -> None:
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
    if not isinstance(block, Paragraph) or any(BREAK in r.text or r.link or r.note for r in block.runs):
        return False
    text = _plain(block)
    return bool(text) and all(r.bold for r in block.runs if r.text.strip()) \
        and len(WORDS.findall(text)) <= PART_MAX_WORDS and not text.endswith(CLOSING)


def _plain(block: Block) -> str:
    """A heading line's text (a one-item list's item text)."""
    runs = block.items[0].runs if isinstance(block, ListBlock) else block.runs  # type: ignore[union-attr]
    return collapse("".join(r.text for r in runs)).strip()


def _leaves(root: Node) -> list[Node]:
    """Nodes without children, in document order."""
    out: list[Node] = []
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


def _split(scope: Node, headings: list[tuple[int, int, str]]) -> list[Node]:
    """Cut a node's blocks at the heading lines; returns the new sub-tree's top nodes."""
    blocks = scope.blocks
    scope.blocks = blocks[:headings[0][0]]
    holder = Node(0, "")
    stack: list[Node] = [holder]
    for k, (position, level, text) in enumerate(headings):
        end = headings[k + 1][0] if k + 1 < len(headings) else len(blocks)
        node = Node(level, text, list(blocks[position + 1:end]), source=text)
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return holder.children
