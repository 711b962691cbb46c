"""Walking a redline's ops as a reader sees them: blocks (paragraph, list item, table row) of pieces.

Ops are over canonical body text, markup included. `visible_map` says, for each
character, what a reader sees there (the character, its format, its block);
`OpsWalker` goes through the ops once, in reading order, and calls its hooks for
each block and each piece (a stretch of one op kind, one change and one format).
The HTML redline, the tracked-changes DOCX and the blackline DOCX all render
from this one walk, so they agree on where every word and paragraph break is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from policyeditor.core.body import MERGE_LEFT, MERGE_UP, Table, begins_list, follows_list, make_table
from policyeditor.core.visible import (  # noqa: F401  (re-exported for the renderers)
    BODY_ROW,
    CELL,
    HEADER_ROW,
    MERGED,
    NESTED,
    NESTED_MARKS,
    NO_EXTRA,
    PARAGRAPH,
    PLAIN,
    TABLE_START,
    Block,
    Entry,
    Extra,
    Format,
    Visible,
    empty_items,
    visible_map,
)
from policyeditor.diff.formatting import format_ids, format_pairs, link_targets
from policyeditor.diff.text import Op, new_text, old_text

# ---------------------------------------------------------------- the walk

PILCROW = "\u00b6"  # the mark of a paragraph break a writer shows in a paragraph (see joined_break)
LINE_BREAK_MARK = "\u21b5"  # ↵: the mark of a line break inserted or deleted inside a paragraph

# which text a line break of an op kind belongs to
BREAK_SIDES = {"equal": frozenset({"old", "new"}), "delete": frozenset({"old"}),
               "move_from": frozenset({"old"}), "insert": frozenset({"new"}),
               "move_to": frozenset({"new"})}


def _changed_kinds(ops: tuple[Op, ...], maps: dict[str, Visible], old_formats: dict[int, tuple[Format, Block]]
                   ) -> dict[tuple[str, int], tuple[Block | None, Block]]:
    """The words deleted or inserted in a line whose kind changed, before the words its kind change
    re-formats ("- first item" → "initial item": "first", "initial"), by (text, position): the
    line's new block for a deleted one (None for an inserted one) and its old block. A block
    opened by such a word is the line in its new kind, its old one beside, as for the kind change."""
    out: dict[tuple[str, int], tuple[Block | None, Block]] = {}
    waiting: list[tuple[str, int]] = []  # the line's changed words so far
    for op, view, k, char, _ in _chars(ops):
        entry = maps[view].get(k)
        if char == "\n":
            waiting = []
        elif entry is None:
            continue
        elif op.kind != "equal" and not op.formatting:
            waiting.append((view, k))
        elif op.formatting and view == "new" and k in old_formats:
            old_block, new_block = old_formats[k][1], entry[2]
            if old_block != new_block:
                out.update((key, (new_block if key[0] == "old" else None, old_block)) for key in waiting)
            waiting = []
        else:
            waiting = []
    return out


def _chars(ops: tuple[Op, ...]) -> Iterator[tuple[Op, str, int, str, int]]:
    """Each character of the ops in walk order: (its op, the text it is read in, its offset there,
    the character, and where the old text stands); an equal op's are read in the new text."""
    pos = {"old": 0, "new": 0}
    for op in ops:
        view = "old" if op.kind in ("delete", "move_from") else "new"
        start = pos[view]
        old_shift = pos["old"] - start if op.kind == "equal" else None
        pos[view] += len(op.text)
        if op.kind == "equal":
            pos["old"] += len(op.text)
        for k, char in enumerate(op.text, start):
            old_at = k if view == "old" else pos["old"] if old_shift is None else k + old_shift
            yield op, view, k, char, old_at


def _replaced_lines(ops: tuple[Op, ...], maps: dict[str, Visible]
                    ) -> dict[tuple[str, int], tuple[Block | None, Block]]:
    """The words of each line the walk writes with deleted and inserted words alone, of another
    kind in each text ("- b" → "A closing"), keyed as `_changed_kinds` keys its words: written in
    the new text's kind with the old one beside, as Word tracks a line retyped in another style,
    so Accept gives the new kind and Reject the old. (Opened by its first, deleted, word, the line
    was the old text's kind in both.) So too the deleted words a line opens with before the words
    both texts have there, where the texts' lines of those words are of other kinds than the
    deleted words' ("- Info\n- Device information" → "  - Info information"): the line's mark
    ends the new text's line of those words on Accept and the old text's on Reject."""
    out: dict[tuple[str, int], tuple[Block | None, Block]] = {}
    line: list[tuple[str, int]] = []
    blocks: dict[str, set[Block]] = {"old": set(), "new": set()}
    shared: tuple[Block, Block | None] | None = None  # the first kept word's blocks: new, old
    lead: list[tuple[str, int]] = []  # the deleted words the line opens with, before a kept word
    opened: Block | None = None  # the block of the line's first word, if deleted

    def end_line() -> None:
        old, new = blocks["old"], blocks["new"]
        if shared is None and len(old) == 1 and len(new) == 1 and old != new \
                and "tr" not in (next(iter(old))[0], next(iter(new))[0]):
            was, now = next(iter(old)), next(iter(new))
            out.update((key, (now if key[0] == "old" else None, was)) for key in line)
        elif shared is not None and opened is not None and shared[1] is not None \
                and opened != shared[0] and "tr" not in (opened[0], *(b[0] for b in shared)):
            out.update((key, shared) for key in lead)

    for op, view, k, char, old_k in _chars(ops):
        if char == "\n":
            if line or shared is not None:
                end_line()
            line, blocks, shared, lead, opened = [], {"old": set(), "new": set()}, None, [], None
            continue
        entry = maps[view].get(k)
        if entry is None:
            continue
        if op.kind == "equal" or op.formatting:
            if shared is None:
                old_entry = maps["old"].get(old_k) if op.kind == "equal" else None
                shared = (entry[2], old_entry[2] if old_entry is not None and not op.formatting else None)
        else:
            line.append((view, k))
            blocks[view].add(entry[2])
            if not line[:-1] and view == "old" and shared is None:
                opened = entry[2]
            if opened is not None and shared is None and view == "old":
                lead.append((view, k))
    end_line()
    return out


_NESTED_STARTS = ("<table>", "<tr>", "<td>", "<th>")  # best first: a whole table, a row, a cell


def whole_nested_rows(ops: tuple[Op, ...]) -> tuple[Op, ...]:
    """The ops with each insertion or deletion holding a nested table's tags slid, where the texts
    allow, to start at a whole table, row or cell (`<tr>...`, not `tr>...<`): the diff shares a
    tag's "<" between the texts as readily as a word's letter, and a row drawn as a row needs its
    tags in its own change. Both texts stay as they were."""
    if not any("<table>" in op.text for op in ops):
        return ops
    out = list(ops)
    for k in range(1, len(out) - 1):
        before, op, after = out[k - 1], out[k], out[k + 1]
        if op.kind not in ("insert", "delete") or before.kind != "equal" or after.kind != "equal" \
                or not ("<" in op.text or ">" in op.text) or op.text.startswith(_NESTED_STARTS[:2]):
            continue
        a, text, b = before.text, op.text, after.text
        best = min(((rank, abs(j), j) for j, moved in _slides(a, text, b)
                    for rank, start in enumerate(_NESTED_STARTS) if moved.startswith(start)), default=None)
        if best is None or best[2] == 0:
            continue
        j = best[2]
        if j < 0:
            texts = (a[:j], a[j:] + text[:j], text[j:] + b)
        else:
            texts = (a + text[:j], text[j:] + b[:j], b[j:])
        out[k - 1:k + 2] = [replace(o, text=t) for o, t in zip((before, op, after), texts, strict=True)]
    return tuple(o for o in out if o.text or o.kind != "equal")


def _slides(a: str, text: str, b: str):
    """Each place `text`, changed between the equal `a` and `b`, may stand with both texts as they
    are: (offset, its text there), the offset negative to the left."""
    left = 0
    while left < min(len(a), len(text)) and a[-1 - left] == text[-1 - left]:
        left += 1
    right = 0
    while right < min(len(b), len(text)) and b[right] == text[right]:
        right += 1
    for j in range(-left, right + 1):
        yield j, (a[len(a) + j:] + text[:len(text) + j]) if j < 0 else text[j:] + b[:j]


class OpsWalker:
    """Walks ops in reading order and calls hooks per block and per piece; subclass to render.

    Hooks: `open_block(block)`, `close_block(block)`, `text(text, op, fmt)` (one piece:
    `op` is an Op whose kind, change and ignored flag the piece shares; its text is the
    whole op's), `cell()` between table cells, and `empty_item(op)` in a list item that
    holds no text (a block with no piece: its bullet is all a reader sees). While
    `close_block` runs, `gap` holds the ops of the line breaks after the block (empty
    after the last block): a paragraph mark whose breaks are all on the new side (see
    BREAK_SIDES) is inserted, all on the old side deleted. A break only one text has,
    between two characters the other text writes together ("identifiers.Some" →
    "identifiers.\n\nSome") or in place of the other's space ("mail. We" → "mail.\n\nWe"),
    first goes to
    `joined_break(op, block)`: a renderer whose blocks part words (HTML) shows it inline
    and keeps the block open; the default ends the block there, as any break.
    A tag of a table nested in a cell is a piece of its own, its text the tag's NESTED mark
    (`nested_tables` reads a cell's pieces back as its text and its tables).
    `plain` treats the ops as one line of text (headings, titles): no blocks, only pieces.
    A change of formatting alone (ops with `formatting`) shows its words once: no deleted
    piece, and while `text` runs `self.formatted` is (change id, what changed, the old
    format) for the words it re-formats (None for every other piece). When such a change
    changed a block's kind (a bullet taken off, bullets made numbers, a list level),
    `self.old_block` is the block it was while that block is open (from `open_block` to
    `close_block`; None for every other block).
    """

    nested_marks = True  # False: a nested table's tags are the lines and spaces they show

    def __init__(self, plain: bool = False) -> None:
        self.plain = plain
        self.block: Block | None = None
        self.gap: list[Op] = []
        self.pending_break = False
        self._piece: tuple | None = None
        self.formatted: tuple[int, str, Format] | None = None
        self.old_block: Block | None = None
        self._piece_op: Op | None = None
        self._piece_chars: list[str] = []
        self._row_sides: set[str] = set()  # the texts the open table row has shown characters of
        self.boundary_sides: frozenset[str] = frozenset()
        self._boundary: frozenset[str] = frozenset()
        self._other_line_done = False  # the text the current op does not advance stands at a line end
        self._glued: Op | None = None  # the op of a pending break the other text has no break for
        self._glued_end = 0  # where that op ends in its text
        self._texts: dict[str, str] = {}
        self._maps: dict[str, Visible] = {}
        # the char being walked: its text, and what its offset there adds to give the old text's
        # (None: not in the old text); its offset
        self._at: tuple[str, int | None] = ("new", None)
        self._at_k = 0
        self._opened_at: tuple[str, int, int | None] = ("new", 0, None)  # the open block's first char
        self._old_pos = 0  # where the old text stands while an inserted op is walked
        self._opened_old = 0  # where the old text stands at the open block's first char

    def walk(self, ops: tuple[Op, ...]) -> None:
        if not self.plain and self.nested_marks:
            ops = whole_nested_rows(ops)
        old, new = old_text(ops), new_text(ops)
        nested = self.nested_marks
        maps = self._maps = {"old": visible_map(old, self.plain, nested),
                             "new": visible_map(new, self.plain, nested)}
        empty = {} if self.plain else {"old": empty_items(old), "new": empty_items(new)}
        texts = self._texts = {"old": old, "new": new}
        pos = {"old": 0, "new": 0}
        old_formats = format_pairs(ops) if any(op.formatting for op in ops) else {}
        change_of = format_ids(ops) if old_formats else []
        kinds = _changed_kinds(ops, maps, old_formats) if old_formats and not self.plain else {}
        if not self.plain and any(op.kind == "delete" for op in ops):
            kinds = {**_replaced_lines(ops, maps), **kinds}
        for index, op in enumerate(ops):
            view = "old" if op.kind in ("delete", "move_from") else "new"
            format_id = change_of[index] if change_of else 0
            start = pos[view]
            end = start + len(op.text)
            if op.kind == "equal":
                pos["old"] += len(op.text)
            pos[view] = end
            source, visible = texts[view], maps[view]
            # an equal character is shown if either side shows it (a space at a cell's
            # edge on one side can be inside the cell on the other)
            other = maps["old"] if op.kind == "equal" else {}
            shift = pos["old"] - end if op.kind == "equal" else 0
            side = "new" if view == "old" else "old"  # the text this op does not advance
            self._at = (view, shift if op.kind == "equal" else None)
            self._old_pos = pos["old"]
            self._other_line_done = op.kind != "equal" and texts[side][pos[side]:pos[side] + 1] in ("", "\n")
            # a break the other text has no break for: inside its word, or where it has a space
            glues = op.kind != "equal" and (_inside_word(texts[side], pos[side]) or _for_a_space(ops, index))
            for k in range(start, end):
                self._at_k = k
                if source[k] == "\n":
                    self.pending_break = True
                    self.gap.append(op)
                    if glues:
                        if self._glued is None:
                            self._glued, self._glued_end = op, end
                    continue
                entry = visible.get(k) or other.get(k + shift)
                if entry is None:
                    item = empty and (empty[view].get(k) or (empty["old"].get(k + shift) if other else None))
                    if item:
                        self._empty_item(item, op)
                    continue
                if other and entry[0] in NESTED_MARKS:
                    entry = self._shared_tag(entry, other.get(k + shift), ops, index)
                if entry[0] == CELL:  # a boundary the two texts may not share (a column came or went)
                    in_new = (visible.get(k) or ("",))[0] == CELL if op.kind == "equal" else False
                    in_old = (other.get(k + shift) or ("",))[0] == CELL if op.kind == "equal" else False
                    self._boundary = (frozenset({"new"} if in_new else set()) | ({"old"} if in_old else set())
                                      if op.kind == "equal" else BREAK_SIDES[op.kind])
                if op.formatting and entry[0] != CELL:
                    if view == "new":  # the words once, in their new format; the old one beside
                        old_format, old_block = old_formats.get(k, entry[1:])
                        self._char(entry, Op("equal", op.text), (format_id, op.formatting, old_format),
                                   old_block)
                    continue
                kind = kinds.get((view, k))
                if kind is not None:  # words changed in a line whose kind changed: shown in its new kind
                    new_block, old_block = kind
                    self._char((entry[0], entry[1], new_block or entry[2]), op, None, old_block)
                    continue
                self._char(entry, op)
        self._close()

    @staticmethod
    def _shared_tag(new: Entry, old: Entry | None, ops: tuple[Op, ...], index: int) -> Entry:
        """A nested table's tag where the texts share its "<" but not the tag (the old text's `<tr>`
        and the new text's `</table>`, say): the tag of the text the next change goes on in, whose
        own tags then follow it in that change (the other text's stand balanced without it)."""
        if old is None or old[0] == new[0] or old[0] not in NESTED_MARKS:
            return new
        following = next((op.kind for op in ops[index + 1:] if op.kind != "equal"), "insert")
        return old if following in ("delete", "move_from") else new

    # ------------------------------------------------------------ hooks

    def open_block(self, block: Block) -> None:
        """A block starts (not called when `plain`)."""

    def close_block(self, block: Block) -> None:
        """A block ends; `self.gap` holds the sides of the line break after it."""

    def text(self, text: str, op: Op, fmt: Format) -> None:
        """A piece of visible text of one op kind, change and format."""

    def cell(self) -> None:
        """A table cell ends and the next begins."""

    def empty_item(self, op: Op) -> None:
        """The open block is a list item that holds no text (`op` holds its marker)."""

    def joined_break(self, op: Op, block: Block) -> bool:
        """A paragraph break inserted (deleted, see `op`) where the other text runs on inside one
        block, before the text of `block`. True: the renderer showed it in the open block, which
        goes on (its pieces of `block` in it); False: the open block ends here as at any break."""
        return False

    def run_in_marker(self, op: Op, block: Block) -> str:
        """While `joined_break` runs: the marker ("•", "3.") the words after a deleted break had as
        a list item of the old text, run now into the paragraph before ('' for any other break)."""
        if op.kind != "delete":
            return ""
        text, at = self._texts["old"], self._glued_end
        entries = self._maps["old"]
        while at < len(text) and text[at] != "\n":
            if at in entries:
                old = entries[at][2]
                return old[2] if old[0] == "li" and old != block else ""
            at += 1
        return ""

    def list_openings(self) -> tuple[Block | None, bool | None, bool | None]:
        """For the open list item: its block in the old text (None: not there, or no list item
        there), and whether it begins a list (`body.begins_list`) in the old text and in the new
        (None: not in that text). Two lists one after the other are two; a blank line put
        between two items splits a list."""
        view, at, old_at = self._opened_at
        old_offset = at if view == "old" else old_at
        old_entry = self._maps["old"].get(old_offset) if old_offset is not None else None
        old_block = old_entry[2] if old_entry is not None and old_entry[2][0] == "li" else None
        return (old_block,
                None if old_offset is None else begins_list(self._texts["old"], old_offset),
                None if view == "old" else begins_list(self._texts["new"], at))

    def list_follows(self) -> tuple[bool | None, bool | None]:
        """For the open list item: whether the list it begins comes right after another list
        (`body.follows_list`) in the old text and in the new (None: not in that text)."""
        view, at, old_at = self._opened_at
        old_offset = at if view == "old" else old_at
        return (None if old_offset is None else follows_list(self._texts["old"], old_offset),
                None if view == "old" else follows_list(self._texts["new"], at))

    def old_line_block(self) -> Block | None:
        """The old text's block in the line where the open block starts (None: the old text's line
        there holds no visible text): what the paragraph is where the texts are read as the old one."""
        text, at, entries = self._texts["old"], self._opened_old, self._maps["old"]
        while at < len(text) and text[at] != "\n":
            if at in entries:
                return entries[at][2]
            at += 1
        return None

    # ------------------------------------------------------------ machinery

    def _char(self, entry: tuple[str, Format, Block], op: Op,
              formatted: tuple[int, str, Format] | None = None, old_block: Block | None = None) -> None:
        char, fmt, block = entry
        sides = BREAK_SIDES[op.kind]
        if not self.plain and self.block is not None and self.block[0] == "tr" and block[0] == "tr" \
                and self._row_sides and sides != {"old", "new"} and not (sides & self._row_sides) \
                and self._other_line_done:
            # a whole row of one text, then one only the other has with no line break between
            # (a row replaced): two rows, one deleted and one inserted, not one row of both
            self.pending_break = True
        if not self.plain and self.block is not None and not self.pending_break \
                and (self.block[0] == "tr") != (block[0] == "tr") and self._piece_op is not None:
            # a paragraph of one text, then a row of the other with no line break between (the
            # body's first paragraph made a table row): two blocks, the paragraph's mark its text's
            self.pending_break = True
            self.gap = [Op(self._piece_op.kind, "", self._piece_op.change)]
        glued, self._glued = self._glued, None
        if not self.plain and self.pending_break and glued is not None and self.block is not None:
            self._flush()
            if self.joined_break(glued, block):
                self.pending_break = False
                self.gap = []
        if not self.plain and (self.pending_break or self.block is None):
            self._open(block, old_block)
        if block[0] == "tr":
            self._row_sides |= sides
        self.pending_break = False
        self.gap = []
        if char == CELL:
            self._flush()
            self.boundary_sides = self._boundary  # the texts the boundary opening the next cell is in
            self.cell()
            return
        key = (op.kind, op.change, op.ignored, fmt, formatted)
        if char in NESTED_MARKS:  # a nested table's tag: a piece of its own
            self._flush()
            self._piece, self._piece_op = key, op
            self._piece_chars.append(char)
            self._flush()
            return
        if key != self._piece:
            self._flush()
            self._piece, self._piece_op = key, op
        self._piece_chars.append(char)

    def _open(self, block: Block, old_block: Block | None = None) -> None:
        """End the open block and open `block` (`old_block`: the kind it was, when that differs)."""
        self._close()
        self.block = block
        (view, shift), k = self._at, self._at_k
        self._opened_at = (view, k, None if shift is None else k + shift)
        self._opened_old = k if view == "old" else k + shift if shift is not None else self._old_pos
        self._row_sides = set()
        self.old_block = old_block if old_block is not None and old_block != block else None
        self.open_block(block)

    def _empty_item(self, block: Block, op: Op) -> None:
        """A list item with no text: a block of its own, as any item's first character opens one."""
        self._glued = None  # the break before it ends the block before, wherever it stands
        self._open(block)
        self.pending_break = False
        self.gap = []
        self.empty_item(op)

    def _flush(self) -> None:
        if self._piece is not None and self._piece_chars:
            assert self._piece_op is not None
            self.formatted = self._piece[4]
            self.text("".join(self._piece_chars), self._piece_op, self._piece[3])
            self.formatted = None
        self._piece, self._piece_op, self._piece_chars = None, None, []

    def _close(self) -> None:
        self._flush()
        if self.block is not None:
            self.close_block(self.block)
            self.block = None
            self.old_block = None


def with_targets(what: str, old: Format, new: Format) -> str:
    """What a change of formatting alone did (`what`, the compare's), with the link targets it
    changed: "link changed: https://old.example → https://new.example", "link added: https://…";
    as the text redline's note and the HTML redline's title say it."""
    if old[3] == new[3] or "link" not in what or ":" in what:
        return what
    return f"{what}: {link_targets(old[3], new[3])}"  # the compare names them already, mostly


# ---------------------------------------------------------------- table rows

_TAG_OF = {mark: tag for tag, mark in NESTED.items()}


@dataclass
class NestedCell:
    """A cell of a nested table as the walk gave it: its pieces, its own nested tables, and the op
    of the tag that opened it (None for a table cell the walk's own rows hold)."""

    pieces: list[tuple] = field(default_factory=list)
    tables: list[NestedTable] = field(default_factory=list)
    op: Op | None = None
    merge: str = ""  # covered by the cell on its left ("<") or above ("^"), both texts alike


@dataclass
class NestedRow:
    op: Op                       # its <tr> tag's (or its first cell's, when it had none)
    header: bool = True          # all its cells <th>
    cells: list[NestedCell] = field(default_factory=list)

    def sides(self) -> set[str]:
        """The texts the row is in: those its cells' tags and words are in (a diff may share its
        `<tr>` tag's "<" with another tag of the other text)."""
        out: set[str] = set()
        for cell in self.cells:
            out |= cell_sides(cell)
        return out or set(BREAK_SIDES[self.op.kind])


@dataclass
class NestedTable:
    op: Op
    rows: list[NestedRow] = field(default_factory=list)

    @property
    def header(self) -> int:
        count = 0
        while count < len(self.rows) and self.rows[count].header and self.rows[count].cells:
            count += 1
        return count

    def shape(self) -> Table:
        """Its rows' width and merges as a `body.Table` of empty cells (for `spans`, `merge_cells`)."""
        rows = [row for row in self.rows if row.cells]
        width = max((len(row.cells) for row in rows), default=0)
        grid = [tuple(cell.merge for cell in row.cells) + ("",) * (width - len(row.cells)) for row in rows]
        return make_table([((),) * width] * len(rows), self.header, grid)


def cell_sides(cell: NestedCell) -> set[str]:
    out = set(BREAK_SIDES[cell.op.kind]) if cell.op is not None else set()
    for piece in cell.pieces:
        out |= BREAK_SIDES[piece[1].kind]
    for table in cell.tables:
        out |= BREAK_SIDES[table.op.kind]
        for row in table.rows:
            out |= row.sides()
    return out


def nested_tables(pieces: list[tuple]) -> NestedCell:
    """A table cell's pieces (text, op, ...) read as its own pieces and the tables nested in it, by
    the NESTED marks among them (the cell of `body.write_table(nested=True)`'s spelling)."""
    cell = NestedCell()
    pos = 0
    while pos < len(pieces):
        # a tag with no table open to take it (a mix of the two texts' tags) shows nothing; the
        # words after it stay the cell's
        pos = _fill_cell(pieces, pos, cell) + 1
    return cell


def _fill_cell(pieces: list[tuple], pos: int, cell: NestedCell) -> int:
    while pos < len(pieces):
        tag = _TAG_OF.get(pieces[pos][0])
        if tag == "table":
            table = NestedTable(pieces[pos][1])
            pos = _fill_table(pieces, pos + 1, table)
            cell.tables.append(table)
            continue
        if tag in (MERGE_LEFT, MERGE_UP):
            if pieces[pos][1].kind == "equal":  # a merge one text alone has: the cell drawn unmerged
                cell.merge = tag
            pos += 1
            continue
        if tag is not None:
            return pos  # the cell ends at its row's or table's next tag
        cell.pieces.append(pieces[pos])
        pos += 1
    return pos


def _fill_table(pieces: list[tuple], pos: int, table: NestedTable) -> int:
    while pos < len(pieces):
        tag = _TAG_OF.get(pieces[pos][0])
        op = pieces[pos][1]
        if tag == "/table":
            return pos + 1
        if tag == "tr":
            table.rows.append(NestedRow(op))
            pos += 1
            continue
        if not table.rows:
            table.rows.append(NestedRow(op))
        row = table.rows[-1]
        cell = NestedCell(op=op if tag in ("td", "th") else None)
        row.header = row.header and tag == "th"
        row.cells.append(cell)
        # text before any cell tag (never written so) is a cell's rather than lost
        pos = _fill_cell(pieces, pos + 1 if tag in ("td", "th") else pos, cell)
    return pos


MERGE_OF = {char: marker for marker, char in MERGED.items()}  # a merged cell's visible mark -> marker
_SIDE_KINDS = {"old": ("equal", "delete", "move_from"), "new": ("equal", "insert", "move_to")}


def merge_changed(markers: dict[int, tuple[str, Op]], sides: set[str]) -> bool:
    """Whether a row both texts have merges its cells differently in each (a marker came or went)."""
    return sides >= {"old", "new"} and any(op.kind != "equal" for _, op in markers.values())


def row_sides(cells: list[list[tuple]], markers: dict[int, tuple[str, Op]],
              sides: set[str]) -> list[tuple[list[list[tuple]], dict[int, tuple[str, Op]], set[str]]]:
    """A gathered table row as the rows a redline draws: itself, or, when its merges changed
    (`merge_changed`), its old row deleted and its new row inserted, each with its own merges
    (Word tracks no merge or split that both it and LibreOffice read; a row they both do).

    `cells` are lists of pieces whose second item is their Op; `markers` the cells covered
    (merge marker, its op). A split row's kept words are the merge change's deletion and insertion.
    The row that continues a merge from above (a `^` marker it alone has) comes first.
    """
    if not merge_changed(markers, sides):
        kept = {c: m for c, m in markers.items() if BREAK_SIDES[m[1].kind] & sides}
        return [(cells, kept, sides)]
    change = next(op.change for _, op in markers.values() if op.kind != "equal")
    out = []
    for side, kind in (("old", "delete"), ("new", "insert")):
        kinds = _SIDE_KINDS[side]
        half = [[(p[0], Op(kind, p[1].text, change) if p[1].kind == "equal" else p[1], *p[2:])
                 for p in cell if p[1].kind in kinds] for cell in cells]
        out.append((half, {c: m for c, m in markers.items() if m[1].kind in kinds}, {side}))
    if any(m[0] == MERGE_UP and m[1].kind == "insert" for m in markers.values()):
        out.reverse()
    return out


def row_grid(markers: dict[int, tuple[str, Op]], width: int) -> tuple[str, ...]:
    """A row's merge markers, one per column ('' for a cell of its own), for `body.make_table`."""
    return tuple(markers[c][0] if c in markers else "" for c in range(width))


def table_spans(firsts: list[bool], sides: list[set[str]]) -> list[tuple[int, int]]:
    """Where consecutive gathered rows part into tables: (start, end) of each. A new table starts at
    a row that is its text's first table row when a row before it is in that text too (two tables
    a blank line apart in that text; the other text may hold one table there)."""
    out, start = [], 0
    for index in range(1, len(firsts) + 1):
        if index < len(firsts):
            side = "new" if "new" in sides[index] else "old"
            if not firsts[index] or not any(side in sides[k] for k in range(start, index)):
                continue
        out.append((start, index))
        start = index
    return out


def _for_a_space(ops: tuple[Op, ...], index: int) -> bool:
    """Whether ops[index], a break of one text, replaces spaces of the other with no break of its
    own ("mail. We" against "mail." / "We", a paragraph split or joined where a space was): the
    other text's op of the same change beside it is spaces and tabs alone."""
    op = ops[index]
    for near in (index - 1, index + 1):
        if 0 <= near < len(ops):
            other = ops[near]
            if other.change == op.change and op.kind in _OTHER and other.kind == _OTHER[op.kind][0]:
                return bool(other.text) and not other.text.strip(" \t")
    return False


def _inside_word(text: str, at: int) -> bool:
    """Whether a break at `at` of the other text would fall between two of its non-space characters."""
    return 0 < at < len(text) and not text[at - 1].isspace() and not text[at].isspace()


# ---------------------------------------------------------------- a break inside a word, for a DOCX

# a break's kind -> the other text's op kind and side
_OTHER = {"insert": ("delete", "old"), "delete": ("insert", "new")}


def trailing_paragraphs(ops: tuple[Op, ...]) -> tuple[str, Block, Block] | None:
    """When the body's ops end with a run of one text's alone (inserted or moved in, or deleted or
    moved away) that breaks into paragraphs of its own, the last of another kind than the other
    text's last paragraph ("Para." + "\n\n- c" inserted: a list item where the old text ends with
    a paragraph): "insert" (the new text's) or "delete" (the old text's), and the blocks of the
    old and the new text's last paragraph; else None.

    A tracked DOCX gives the body's last mark to the run's last paragraph, as Word does to the
    paragraph typed after another: it is the mark both texts end with, so it is tracked as a
    change of kind (see `_Body._last_mark_kinds` in formats.redline.docx)."""
    k = len(ops)
    while k > 0 and ops[k - 1].kind != "equal":
        k -= 1
    run = ops[k:]
    # the body's last paragraph, from the last break on, is one text's (the other text's
    # paragraphs before it may end the run too: items deleted, then a paragraph moved in)
    last = max((i for i, op in enumerate(run) if "\n" in op.text), default=-1)
    sides = {BREAK_SIDES[op.kind] for op in run[last:]}  # (paragraphs moved in or away are one text's too)
    if last < 0 or k == 0 or any(op.ignored for op in run) \
            or len(sides) != 1 or len(next(iter(sides))) != 1:
        return None
    old, new = (text.rsplit("\n", 1)[-1] for text in (old_text(ops), new_text(ops)))
    if old.lstrip().startswith("|") or new.lstrip().startswith("|"):
        return None  # (tables: rows are tracked as rows)
    blocks = [{entry[2] for entry in visible_map(line).values()} for line in (old, new)]
    if len(blocks[0]) != 1 or len(blocks[1]) != 1 or blocks[0] == blocks[1]:
        return None
    return "insert" if "new" in BREAK_SIDES[run[last].kind] else "delete", blocks[0].pop(), blocks[1].pop()


def unglued(ops: tuple[Op, ...]) -> tuple[Op, ...]:
    """The ops with each paragraph break one text has inside a word the other writes whole
    ("identifiers.Some" → "identifiers." / "Some items") taking in the rest of that word.

    For a tracked DOCX: a reader that parts paragraphs with a space (text extractors) would
    split the word on reject (accept). The fragment after the break, up to the other text's
    next space, is written in the other text's kind at the end of the paragraph before the
    break and as the break's text at the start of the one after ("identifiers.[-Some-]¶" then
    "{+Some+} items"), all of the break's change: Word joins the paragraphs and restores the
    fragment; a space-parting reader reads the word whole in the first paragraph. Old and new
    text are unchanged. The diff, and every renderer with a ¶ to show, keep the break alone.
    """
    if not any(op.kind in _OTHER and "\n" in op.text for op in ops):
        return ops
    texts = {"old": old_text(ops), "new": new_text(ops)}
    pos = {"old": 0, "new": 0}  # where `out` has got to in each text (it keeps both texts)
    out: list[Op] = []
    items = list(ops)
    k = 0
    while k < len(items):
        op = items[k]
        k += 1
        other = _OTHER[op.kind][1] if op.kind in _OTHER else ""
        written = [op]
        if other and "\n" in op.text and _inside_word(texts[other], pos[other]):
            before, after, k = _take_fragment(op, items, k)
            written = [*before, op, *after]
        for piece in written:
            for side in BREAK_SIDES[piece.kind]:
                pos[side] += len(piece.text)
        out += written
    return tuple(out)


def replaced_paragraphs(ops: tuple[Op, ...]) -> tuple[Op, ...]:
    """The ops with each run of whole paragraphs of the old text replaced by whole paragraphs of
    the new ("Intro.\\n\\n- a\\n- b" → "Intro. Added.\\n\\nA closing paragraph.") written as
    the old text's paragraphs but its last, then the new one's but its last, then the last of
    each sharing the mark that ends the run: "Intro.{+ Added.+}¶ [-a-]¶ [-b-]{+A closing
    paragraph.+}¶".

    For a tracked DOCX: the diff may share a break between the two texts there (the old text's
    between two items, the new one's before its paragraph), and Word gives a paragraph joined by
    a rejected (accepted) mark the kind of the paragraph whose mark is kept: a kept paragraph
    came back a list item ("- Intro. Added."). Written so, each deleted paragraph has a deleted
    mark and each inserted one an inserted mark, and the two last paragraphs are one that keeps
    the run's last mark and tracks its change of kind (`_replaced_lines`). The texts and the
    changes' numbers stay as they were."""
    out: list[Op] = []
    ends = {"old": "", "new": ""}  # the last character of each text before ops[k]
    k = 0
    while k < len(ops):
        end = k
        while end < len(ops) and (ops[end].kind in ("delete", "insert")
                                  or (ops[end].kind == "equal" and not ops[end].text.strip("\n"))):
            end += 1
        kept = end == k  # kept words: as they are
        end += kept
        before = dict(ends)
        for op in ops[k:end]:
            for side in BREAK_SIDES[op.kind]:
                ends[side] = op.text[-1:] or ends[side]
        run = ops[k:end]
        if not kept and (end == len(ops) or ops[end].text.startswith("\n") or set(ends.values()) == {"\n"}):
            out += _replaced(before, run)  # whole paragraphs end the run (with their breaks)
        else:
            out += run
        k = end
    return tuple(out)


def _replaced(ends: dict[str, str], run: tuple[Op, ...]) -> tuple[Op, ...]:
    """`run`, ops of changes and breaks after ops whose texts end with the characters `ends`,
    written as `replaced_paragraphs` has it from the first place both texts have a paragraph
    break at (as it was where it has none, holds a table row, or replaces no more than a line)."""
    if not any(op.kind == "delete" for op in run) or not any(op.kind == "insert" for op in run) \
            or any(op.ignored or op.formatting for op in run):
        return run
    # per op: the first character of each text from there on ('' at the end)
    firsts = [{"old": "", "new": ""}]
    for op in reversed(run):
        firsts.append({side: op.text[:1] if side in BREAK_SIDES[op.kind] and op.text else first
                       for side, first in firsts[-1].items()})
    firsts.reverse()
    ends = dict(ends)
    for start, op in enumerate(run):
        if all(ends[side] in ("", "\n") or firsts[start][side] == "\n" for side in ends):
            break
        for side in BREAK_SIDES[op.kind]:
            ends[side] = op.text[-1:] or ends[side]
    else:
        return run
    rest = run[start:]
    texts = (old_text(rest), new_text(rest))
    if any(line.lstrip().startswith("|") for text in texts for line in text.split("\n")) \
            or not any("\n" in text.strip("\n") for text in texts):
        return run  # (tables: rows are tracked as rows; one line each: a line replaced, as it is)
    sides = {"old": _one_text(rest, "delete"), "new": _one_text(rest, "insert")}
    leads = {side: _take_lead(pieces) for side, pieces in sides.items()}
    shared = min(leads.values(), key=len)
    out = list(run[:start])
    if shared:
        out.append(Op("equal", shared))
    for side, kind in (("old", "delete"), ("new", "insert")):
        extra = leads[side][len(shared):]
        if extra:
            out.append(Op(kind, extra, sides[side][0].change if sides[side] else 0))
    (old_before, old_last), (new_before, new_last) = (_split_last(sides[side]) for side in ("old", "new"))
    return (*out, *old_before, *new_before, *old_last, *new_last)


def _split_last(pieces: list[Op]) -> tuple[list[Op], list[Op]]:
    """One text's ops cut after their last break: the paragraphs before the last, and the last."""
    for index in range(len(pieces) - 1, -1, -1):
        op = pieces[index]
        at = op.text.rfind("\n")
        if at >= 0:
            head, tail = op.text[:at + 1], op.text[at + 1:]
            return ([*pieces[:index], Op(op.kind, head, op.change)],
                    [Op(op.kind, tail, op.change), *pieces[index + 1:]] if tail else pieces[index + 1:])
    return [], pieces


def _one_text(ops: tuple[Op, ...], kind: str) -> list[Op]:
    """One text's ops of a run of changes (`kind` and the breaks both texts have), the breaks made
    that text's too, of the change before them (after, for the first)."""
    out: list[Op] = []
    for op in ops:
        if op.kind == kind:
            out.append(op)
        elif op.kind == "equal":
            out.append(Op(kind, op.text, out[-1].change if out else 0))
    first = next((op.change for op in out if op.change), 0)  # breaks at the start: the change after them
    return [op if op.change else Op(kind, op.text, first) for op in out]


def _take_lead(pieces: list[Op]) -> str:
    """Take the breaks `pieces` begin with off them (emptied pieces dropped); the breaks."""
    lead = ""
    while pieces and not pieces[0].text.strip("\n"):
        lead += pieces.pop(0).text
    if pieces:
        first = pieces[0]
        stripped = first.text.lstrip("\n")
        lead += first.text[:len(first.text) - len(stripped)]
        pieces[0] = Op(first.kind, stripped, first.change)
    return lead


def _take_fragment(brk: Op, items: list[Op], k: int) -> tuple[list[Op], list[Op], int]:
    """The ops to write before and after break `brk` (from `items[k:]` on, the other text's word
    continuing after it), and where the untouched ops resume. `items[k]` may be cut in two."""
    other_kind, _ = _OTHER[brk.kind]
    before: list[Op] = []
    after: list[Op] = []
    while k < len(items):
        op = items[k]
        if op.formatting or op.kind not in ("equal", other_kind, brk.kind) \
                or (op.kind == brk.kind and "\n" in op.text):
            break
        if op.kind == brk.kind:  # words of the break's own text only: they stay after it
            after.append(op)
            k += 1
            continue
        fragment = _FRAGMENT.match(op.text).group()  # type: ignore[union-attr]
        if fragment:
            if op.kind == "equal":
                before.append(Op(other_kind, fragment, brk.change, brk.ignored))
                after.append(Op(brk.kind, fragment, brk.change, brk.ignored))
            else:
                before.append(Op(op.kind, fragment, op.change, op.ignored))
        if fragment != op.text:
            items[k] = Op(op.kind, op.text[len(fragment):], op.change, op.ignored)
            break
        k += 1
    return before, after, k


_FRAGMENT = re.compile(r"[^\s<|]*")  # up to the next space (not into a content tag or a table cell)
