"""A redline as terminal text: `[-deleted-]{+inserted+}`, or colours on a terminal.

Moves are `[<moved away<]` at the source and `{>moved here>}` at the destination
(green when coloured). Each changed section starts with its number and heading;
a run of unchanged sections is summarised in one line. Ignored differences
(see DiffOptions) show the new text only. A body shows its words, never its markup:
a paragraph a line, list items with their markers, table rows as `| a | b |` (a merged
cell as ← or ↑, the cell it joins); a paragraph break one text has where the other runs
on inside a word ends its line with `{+¶+}` (`[-¶-]`); a line break inside a paragraph is a
space, `{+↵+}` (`[-↵-]`) where it was inserted (deleted); a
change of formatting alone is `{~words~}[what changed]`, with the link's old and new
target where its link changed (`[link changed: https://old… → https://new…]`), and a
link's target follows in brackets where linked words came or went (`{+our site+} [https://…]`).
A footnote's (endnote's) words stand where it is referred to, set apart as
`[footnote: For [-seven-]{+ten+} years.]`.
"""

from __future__ import annotations

from pathlib import Path

from policyeditor.core.body import BREAK, MERGE_LEFT, MERGE_UP
from policyeditor.diff.redline import Redline, SectionDiff
from policyeditor.diff.text import Op
from policyeditor.formats.redline.walk import (
    LINE_BREAK_MARK,
    MERGED,
    PILCROW,
    Block,
    Format,
    OpsWalker,
    with_targets,
)

RED, BLUE, GREEN, BOLD, DIM, RESET = "\x1b[31;9m", "\x1b[34;4m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"
MAGENTA = "\x1b[35;4m"

_MARKS = {
    "delete": ("[-", "-]", RED), "insert": ("{+", "+}", BLUE),
    "move_from": ("[<", "<]", GREEN + "\x1b[9m"), "move_to": ("{>", ">}", GREEN + "\x1b[4m"),
}

# a merged cell shows where it joins: the cell on its left, the cell above
_MERGE_ARROWS = {ord(MERGED[MERGE_LEFT]): "\u2190", ord(MERGED[MERGE_UP]): "\u2191"}


def ops_text(ops: tuple[Op, ...], color: bool) -> str:
    """Ops as one string with change marks (or ANSI colours)."""
    out = []
    for op in ops:
        if op.kind == "equal":
            out.append(op.text)
        elif op.ignored:
            if op.kind == "insert":
                out.append(op.text)
        else:
            start, end, ansi = _MARKS[op.kind]
            out.append(f"{ansi}{op.text}{RESET}" if color else f"{start}{op.text}{end}")
    return "".join(out)


class _BodyText(OpsWalker):
    """A body's ops as lines of words with change marks (no markup)."""

    nested_marks = False  # a nested table reads as lines of its cell, as in the window

    def __init__(self, color: bool) -> None:
        super().__init__()
        self.color = color
        self.lines: list[str] = []
        self.line: list[str] = []
        self.kind = ""
        self._note: tuple[int, str] | None = None  # the format change whose note is still to come
        self._old_marker = ""  # the struck marker the next line begins with (see joined_break)
        self._in_note = ""  # the note ("fn", "en") whose words the line is writing

    def open_block(self, block: Block) -> None:
        kind, level, marker = block
        if self.lines and (kind == "p" or kind != self.kind):
            self.lines.append("")
        self.kind = kind
        self.line = ["  " * level + f"{marker} "] if kind == "li" else ["| "] if kind == "tr" else []
        if self._old_marker:
            self.line.append(self._old_marker)
            self._old_marker = ""

    def cell(self) -> None:
        self._end_note()
        self._enter_note("")
        self.line.append(" | ")

    def joined_break(self, op: Op, block: Block) -> bool:
        """A paragraph break one text has inside the other's word, or for its space: a marked ¶
        ends the line (`{+¶+}`), so the break is read as the change it is; a list item run into
        the paragraph before begins its line with its bullet struck (`[-•-]`)."""
        self._end_note()
        self._enter_note("")
        self.line.append(ops_text((Op(op.kind, PILCROW, op.change, op.ignored),), self.color))
        run_in = self.run_in_marker(op, block)
        if run_in:  # a list item run into this paragraph
            self._old_marker = ops_text((Op("delete", run_in, op.change, op.ignored),), self.color) + " "
        return False

    def close_block(self, block: Block) -> None:
        self._end_note()
        self._enter_note("")
        if block[0] == "tr":
            self.line.append(" |")
        self.lines.append("".join(self.line).replace("\n", " "))
        self.line = []

    def text(self, text: str, op: Op, fmt: Format) -> None:
        text = text.translate(_MERGE_ARROWS)
        if fmt[4][0] != self._in_note:
            self._end_note()
            self._enter_note(fmt[4][0])
        if self.formatted is not None:
            change, what, old = self.formatted
            if self._note is not None and self._note[0] != change:
                self._end_note()
            self._note = (change, with_targets(what, old, fmt))
            self.line.append(f"{MAGENTA}{text}{RESET}" if self.color else f"{{~{text}~}}")
            return
        self._end_note()
        if op.kind != "equal" and not op.ignored:
            text = text.replace(BREAK, LINE_BREAK_MARK)  # not a space: the break is the change
        self.line.append(ops_text((Op(op.kind, text, op.change, op.ignored),), self.color))
        if fmt[3] and op.kind != "equal" and not op.ignored:
            self.line.append(f" [{fmt[3]}]")  # a link's target where the link came or went

    def _end_note(self) -> None:
        if self._note is not None:
            self.line.append(f"[{self._note[1]}]")
            self._note = None

    def _enter_note(self, note: str) -> None:
        """The words written next are of `note` ('' none): the open note's bracket closes."""
        if self._in_note:
            self.line.append("]")
        if note:
            self.line.append(f"[{'footnote' if note == 'fn' else 'endnote'}: ")
        self._in_note = note


def body_text(ops: tuple[Op, ...], color: bool) -> str:
    """A body's ops as words with change marks, a block a line."""
    walker = _BodyText(color)
    walker.walk(ops)
    return "\n".join(walker.lines)


def _header(d: SectionDiff, role: str, color: bool) -> str:
    number = d.old_number if role == "old" or d.new is None else d.new_number
    if role != "old" and d.was_number:
        number = f"{d.new_number} (was {d.was_number})"
    kinds = ", ".join(sorted(d.kinds))
    level = f"   ({d.level_change})" if d.level_change and role != "old" else ""
    line = f"§ {number}  {ops_text(d.heading_ops, color)}   [{kinds}]{level}"
    return f"{BOLD}{line}{RESET}" if color else line


def render_text(redline: Redline, color: bool = False) -> str:
    """The whole redline as text for a terminal or a .txt file."""
    s = redline.stats
    ignored = sum(1 for c in redline.changes if c.ignored)  # kept, so the redline stays exact; not shown
    lines = [f"Redline {redline.old_label} → {redline.new_label}: {ops_text(redline.title_ops, color)}",
             f"{s.changes} changes ({s.substantive} substantive"
             + (f", {ignored} ignored by the options" if ignored else "") + f"); words +{s.words_inserted} "
             f"-{s.words_deleted} moved {s.words_moved}; sections "
             + ", ".join(f"{k} {n}" for k, n in s.sections.items() if n)]
    if redline.dates_ops:
        lines.insert(1, f"Dates: {ops_text(redline.dates_ops, color)}")
    lines += [f"note: {note}" for note in redline.notes]  # never "0 changes" in silence
    lines.append("")
    unchanged: list[str] = []

    def flush_unchanged() -> None:
        if unchanged:
            span = unchanged[0] if len(unchanged) == 1 else f"{unchanged[0]}–{unchanged[-1]}"
            note = f"… {len(unchanged)} unchanged section{'s' if len(unchanged) > 1 else ''} ({span})"
            lines.extend([f"{DIM}{note}{RESET}" if color else note, ""])
            unchanged.clear()

    for index, role in redline.slots:
        d = redline.sections[index]
        if d.kinds == frozenset({"unchanged"}):
            unchanged.append(d.new_number or "")
            continue
        flush_unchanged()
        if role == "old" and d.new is not None:
            note = f"§ {d.old_number}  {d.old.heading}   [moved to {d.new_number}]"
            lines.extend([f"{GREEN}{note}{RESET}" if color else f"[<{note}<]", ""])
            continue
        lines.append(_header(d, role, color))
        body = body_text(d.body_ops, color)
        if body:
            lines.append(body)
        lines.append("")
    flush_unchanged()
    return "\n".join(lines).rstrip("\n") + "\n"


def write_redline_text(redline: Redline, path: Path) -> None:
    Path(path).write_text(render_text(redline, color=False), encoding="utf-8")
