"""Lines that became table rows, and rows that became lines: the same words, another kind of block.

Word tracks a table's structure only as rows (and cells) inserted and deleted: no revision
turns a paragraph into a row, as w:pPrChange makes one a list item. So a redline shows a
paragraph made a table row as what a tracked DOCX can hold and accept or reject exactly: the
paragraph deleted and the row inserted, as a row whose merges changed is drawn (a row is more
than its words: its columns' headings now govern them, so they are read again in place).
`diff.text` pairs a row only with a row, and `joined` makes the deletion and the insertion one
change when they hold the same words in the same format; `kind_labels` names it ("made a table
row", "table row made a paragraph"), on `Change.table` beside "cells merged".
"""

from __future__ import annotations

import re

from policyeditor.core.body import LIST_LINE, TABLE_RULE
from policyeditor.core.records import replace
from policyeditor.core.visible import CELL, MERGED, visible_map

MADE_ROW, MADE_ROWS = "made a table row", "made table rows"
ROW_PARAGRAPH, ROWS_PARAGRAPHS = "table row made a paragraph", "table rows made paragraphs"
ROW_ITEM, ROWS_ITEMS = "table row made a list item", "table rows made list items"
COLUMN_ADDED, COLUMN_REMOVED = "column added", "column removed"
KIND_LABELS = frozenset((MADE_ROW, MADE_ROWS, ROW_PARAGRAPH, ROWS_PARAGRAPHS, ROW_ITEM, ROWS_ITEMS))
_CELL_BAR = re.compile(r"(?<!\\)\|")  # a cell's edge, not a pipe written in its text (\|)
_SPACES = frozenset((" ", "\t", "\n", "\u00a0", CELL, *MERGED.values()))


def is_row(line: str) -> bool:
    """A canonical line that is a table row (or its header rule)."""
    return line.lstrip().startswith("|")


def joined(ops: list) -> list:
    """The ops with each kind change (`kind_labels`) one change, and each table rule line inserted
    or deleted alone one with the row above it: a rule is no words, and as a change of its own
    nothing would show it. Changes numbered again in the order of their first op."""
    into: dict[int, int] = {}
    ops = list(ops)
    for first, last in reversed(_runs(ops)):
        if _label(ops, first, last):
            into.update((op.change, ops[first].change) for op in ops[first:last + 1])
            ops[first:last + 1] = _in_place(ops, first, last)
            if first and ops[first - 1].kind == ops[first].kind == "equal":
                before, equal = ops[first - 1], ops.pop(first)
                ops[first - 1] = replace(before, text=before.text + equal.text)
    for k in range(1, len(ops)):
        op, before = ops[k], ops[k - 1]
        if op.kind in ("insert", "delete") and before.kind == op.kind and op.change != before.change \
                and TABLE_RULE.match(op.text.strip("\n")) and is_row(before.text.rpartition("\n")[2]) \
                and sum(1 for o in ops if o.change == op.change) == 1:
            into[op.change] = into.get(before.change, before.change)
    for change, first in columns(ops).items():
        into.setdefault(change, into.get(first, first))
    for change, first in widths(ops).items():
        into.setdefault(change, into.get(first, first))
    if all(a == b for a, b in into.items()):
        return ops
    out = [replace(op, change=into.get(op.change, op.change)) if op.change else op for op in ops]
    order: dict[int, int] = {}
    for op in out:
        if op.change and op.change not in order:
            order[op.change] = len(order) + 1
    return [replace(op, change=order[op.change]) if op.change else op for op in out]


def columns(ops) -> dict[int, int]:
    """Change -> the first change of its table column, for each column inserted or deleted whole:
    one cell on each line of a table (its rule's too), nothing else on those lines changed. A reader
    sees one column added (removed), and its cells taken back one by one would leave a table whose
    rows have fewer cells than its rule."""
    out: dict[int, int] = {}
    count: dict[int, int] = {}
    for op in ops:
        if op.kind != "equal":
            count[op.change] = count.get(op.change, 0) + 1
    k = 0
    while k < len(ops):
        run = _column_run(ops, k, count)
        if len(run) >= 2:
            out.update((ops[j].change, ops[run[0]].change) for j in run)
            k = run[-1] + 1
        else:
            k += 1
    return out


def widths(ops) -> dict[int, int]:
    """Change -> the change its table's empty cells go with: for each table, each change that adds or
    removes only empty cells (or the rule's) of a row joins the table's first change that adds or
    removes cells with words in them (else its first change of empty cells). A table's rows are one
    width (`core.body.make_table` pads the short ones), so an empty cell added at a row's end and
    taken back alone is padded in again: the change could never leave the redline (the window's
    Reject Change on it changed nothing, and the next compare listed it again)."""
    delta: dict[tuple[int, int], int] = {}   # (table, change) -> cells it adds (removes: < 0)
    blank: set[int] = set()      # changes of empty cells (or the rule's)
    filled: set[int] = set()     # changes of cells with words
    block, line = 0, {"old": "", "new": ""}
    for op in ops:
        sides = ("old", "new") if op.kind == "equal" else ("new",) if op.kind in ("insert", "move_to") \
            else ("old",)
        if op.kind in ("insert", "delete") and "\n" not in op.text and "|" in op.text \
                and is_row(line[sides[0]] or op.text):
            cells = len(_CELL_BAR.findall(op.text))
            (filled if _CELL_BAR.sub("", op.text).strip(" -:") else blank).add(op.change)
            key = (block, op.change)
            delta[key] = delta.get(key, 0) + (cells if op.kind == "insert" else -cells)
        if op.kind == "equal" and "\n\n" in op.text:  # a table is one block: no blank line inside
            block += 1
        for side in sides:
            line[side] = (line[side] + op.text).rpartition("\n")[2]
    with_words: dict[int, int] = {}
    first: dict[int, int] = {}
    for (table, change), cells in delta.items():
        if cells:
            first.setdefault(table, change)
            if change in filled:
                with_words.setdefault(table, change)
    out: dict[int, int] = {}
    for (table, change), cells in delta.items():
        to = with_words.get(table, first.get(table))
        if cells and change in blank - filled and to is not None and to != change:
            out[change] = to
    return out


def _is_cell(op, count: dict[int, int]) -> bool:
    return op.kind in ("insert", "delete") and count.get(op.change) == 1 and not op.ignored \
        and not op.formatting and "|" in op.text and "\n" not in op.text


def _column_run(ops, k: int, count: dict[int, int]) -> list[int]:
    """The ops (indexes) of a whole column changed, its first cell's at `k`; [] if none starts there."""
    if not _is_cell(ops[k], count):
        return []
    before = ops[k - 1].text if k else ""
    if k and (ops[k - 1].kind != "equal" or "\n" not in before and k > 1):
        return []
    head, _, line = before.rpartition("\n")
    if not is_row(line) or is_row(head.rpartition("\n")[2]) and "\n" in before:
        return []  # not the table's first line (or no row)
    run = [k]
    while run[-1] + 2 < len(ops):
        between, cell = ops[run[-1] + 1], ops[run[-1] + 2]
        if between.kind != "equal" or between.text.count("\n") != 1 or not is_row(
                between.text.partition("\n")[2]) or not _is_cell(cell, count) or cell.kind != ops[k].kind:
            break
        run.append(run[-1] + 2)
    last = run[-1]
    if last + 1 < len(ops):
        after = ops[last + 1]
        if after.kind != "equal":
            return []
        _, newline, next_lines = after.text.partition("\n")
        if not newline and last + 2 < len(ops) or newline and is_row(next_lines.partition("\n")[0]):
            return []  # its line changed after the cell, or the table goes on below without it
    return run


def _in_place(ops: list, first: int, last: int) -> list:
    """A kind change's ops as a redline draws them in place, each text as it was: the line breaks
    both texts have before its lines equal (the paragraph before keeps its mark: its break is
    no change's), and its rows first when they go on the table before it (a row added under a
    table's last row, its words a paragraph after the table before)."""
    run = ops[first:last + 1]
    before = ops[first - 1].text.rpartition("\n")[2] if first else ""
    for kind in ("insert", "delete"):
        side = [op for op in run if op.kind == kind]
        if is_row(before) and side[0].text.startswith("\n") and is_row(side[0].text[1:]):
            run = side + [op for op in run if op.kind != kind]
            break
    heads = [next(k for k, op in enumerate(run) if op.kind == kind) for kind in ("delete", "insert")]
    shared = min(len(run[k].text) - len(run[k].text.lstrip("\n")) for k in heads)
    if not shared:
        return run
    equal = replace(run[0], kind="equal", text="\n" * shared, change=0)
    run = [replace(op, text=op.text[shared:]) if k in heads else op for k, op in enumerate(run)]
    return [equal, *(op for op in run if op.text)]


def kind_labels(ops) -> dict[int, str]:
    """Change -> what a change of whole lines did to their kind, when its deleted lines and its
    inserted lines show the same words in the same format and one side's are table rows:
    "made a table row" ("made table rows"), "table row made a paragraph" ("... a list item")."""
    if not any(op.kind != "equal" and "|" in op.text for op in ops):
        return {}
    out: dict[int, str] = _column_labels(ops)
    for first, last in _runs(ops):
        if len({op.change for op in ops[first:last + 1]}) == 1:
            label = _label(ops, first, last)
            if label:
                out[ops[first].change] = label
    return out


def _column_labels(ops) -> dict[int, str]:
    """Change -> "column added" ("column removed") for a column `joined` made one change: its cells,
    one a line, the rule's among them."""
    cells: dict[int, list] = {}
    for op in ops:
        if op.kind != "equal":
            cells.setdefault(op.change, []).append(op)
    out = {}
    for change, found in cells.items():
        if len(found) >= 2 and len({op.kind for op in found}) == 1 and found[0].kind in ("insert", "delete") \
                and all("|" in op.text and "\n" not in op.text for op in found) \
                and any(TABLE_RULE.match("|" + op.text.strip()) for op in found):
            out[change] = COLUMN_ADDED if found[0].kind == "insert" else COLUMN_REMOVED
    return out


def _runs(ops) -> list[tuple[int, int]]:
    """(first, last) of each run of changed ops between equal ones."""
    out, first = [], None
    for k, op in enumerate(ops):
        if op.kind == "equal":
            if first is not None:
                out.append((first, k - 1))
            first = None
        elif first is None:
            first = k
    if first is not None:
        out.append((first, len(ops) - 1))
    return out


def _label(ops, first: int, last: int) -> str:
    run = ops[first:last + 1]
    if any(op.kind not in ("delete", "insert") or op.ignored or op.formatting for op in run):
        return ""
    # whole lines: each side's text starts and ends at a line break (or the body's start, end)
    for kind in ("delete", "insert"):
        side = [op.text for op in run if op.kind == kind]
        if not side:
            return ""
        if first > 0 and not ops[first - 1].text.endswith("\n") and not side[0].startswith("\n"):
            return ""
        if last + 1 < len(ops) and not ops[last + 1].text.startswith("\n") \
                and not side[-1].endswith("\n"):
            return ""
    sides = {kind: "".join(op.text for op in run if op.kind == kind).strip("\n")
             for kind in ("delete", "insert")}
    lines = {kind: [line for line in text.split("\n") if line.strip()] for kind, text in sides.items()}
    rows = {kind: [is_row(line) for line in found] for kind, found in lines.items()}
    made = all(rows["insert"]) and not any(rows["delete"])
    if not made and not (all(rows["delete"]) and not any(rows["insert"])):
        return ""
    words = _words(sides["delete"])
    if not words or words != _words(sides["insert"]):
        return ""
    rows_side = lines["insert" if made else "delete"]
    one = sum(1 for line in rows_side if not TABLE_RULE.match(line.strip())) == 1
    if made:
        return MADE_ROW if one else MADE_ROWS
    if all(LIST_LINE.match(line) for line in lines["insert"]):
        return ROW_ITEM if one else ROWS_ITEMS
    return ROW_PARAGRAPH if one else ROWS_PARAGRAPHS


def _words(text: str) -> list[tuple]:
    """The words a reader sees in whole lines of canonical text, each its (character, format)
    pairs: lines, cells and spaces all part words alike."""
    words: list[tuple] = []
    word: list[tuple] = []
    shown = [entry for line in text.split("\n") for entry in (*_shown(line), ("\n", None, None))]
    for char, fmt, _block in shown:
        if char in _SPACES:
            if word:
                words.append(tuple(word))
                word = []
        else:
            word.append((char, fmt))
    if word:
        words.append(tuple(word))
    return words


def _shown(line: str) -> list:
    """A line's visible characters, in order (a line alone: its words and formats are its own)."""
    return [entry for _, entry in sorted(visible_map(line).items())]
