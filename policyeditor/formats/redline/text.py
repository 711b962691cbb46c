"""A redline as terminal text: `[-deleted-]{+inserted+}`, or colours on a terminal.

Moves are `[<moved away<]` at the source and `{>moved here>}` at the destination
(green when coloured). Each changed section starts with its number and heading;
a run of unchanged sections is summarised in one line. Ignored differences
(see DiffOptions) show the new text only. Body text is the canonical markup.
"""

from __future__ import annotations

from pathlib import Path

from policyeditor.diff.redline import Redline, SectionDiff
from policyeditor.diff.text import Op

RED, BLUE, GREEN, BOLD, DIM, RESET = "\x1b[31;9m", "\x1b[34;4m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"

_MARKS = {
    "delete": ("[-", "-]", RED), "insert": ("{+", "+}", BLUE),
    "move_from": ("[<", "<]", GREEN + "\x1b[9m"), "move_to": ("{>", ">}", GREEN + "\x1b[4m"),
}


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


def _header(d: SectionDiff, role: str, color: bool) -> str:
    number = d.old_number if role == "old" or d.new is None else d.new_number
    if role != "old" and d.old and d.new and d.old_number != d.new_number:
        number = f"{d.new_number} (was {d.old_number})"
    kinds = ", ".join(sorted(d.kinds))
    line = f"§ {number}  {ops_text(d.heading_ops, color)}   [{kinds}]"
    return f"{BOLD}{line}{RESET}" if color else line


def render_text(redline: Redline, color: bool = False) -> str:
    """The whole redline as text for a terminal or a .txt file."""
    s = redline.stats
    lines = [f"Redline {redline.old_label} → {redline.new_label}: {ops_text(redline.title_ops, color)}",
             f"{s.changes} changes ({s.substantive} substantive); words +{s.words_inserted} "
             f"-{s.words_deleted} moved {s.words_moved}; sections "
             + ", ".join(f"{k} {n}" for k, n in s.sections.items() if n)]
    if redline.left_out:  # never "0 changes" without saying what could not be compared
        lines.append(f"note: {redline.left_out} (the sources held them; a policy cannot)")
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
        body = ops_text(d.body_ops, color)
        if body:
            lines.append(body)
        lines.append("")
    flush_unchanged()
    return "\n".join(lines).rstrip("\n") + "\n"


def write_redline_text(redline: Redline, path: Path) -> None:
    Path(path).write_text(render_text(redline, color=False), encoding="utf-8")
