"""Which changes of a body merge or split table cells: a merge marker (`<`, `^`) that came or
went in a row both texts have (a row inserted or deleted whole is a row, not a merge)."""

from __future__ import annotations

from policyeditor.core.visible import MERGED, LazyVisible
from policyeditor.diff.text import OLD_SIDE, Op, new_text, old_text

_MARKS = frozenset(MERGED.values())
MERGED_LABEL, SPLIT_LABEL = "cells merged", "cells split"


def merge_labels(ops: tuple[Op, ...] | list[Op]) -> dict[int, str]:
    """Change id -> "cells merged", "cells split" or both ("cells merged and split")."""
    if not any(op.kind != "equal" and ("<" in op.text or "^" in op.text) for op in ops):
        return {}
    texts = {"old": old_text(ops), "new": new_text(ops)}
    maps = {side: LazyVisible(text) for side, text in texts.items()}
    pos = {"old": 0, "new": 0}
    found: dict[int, set[str]] = {}
    for op in ops:
        if op.kind == "equal":
            pos["old"] += len(op.text)
            pos["new"] += len(op.text)
            continue
        side = "old" if op.kind in OLD_SIDE else "new"
        start = pos[side]
        end = pos[side] = start + len(op.text)
        text = texts[side]
        for k in range(start, end):
            if text[k] not in "<^":
                continue
            entry = maps[side].get(k)
            if entry is None or entry[0] not in _MARKS:
                continue
            line_start = text.rfind("\n", 0, k) + 1
            line_end = text.find("\n", k)
            if start <= line_start and (len(text) if line_end < 0 else line_end) <= end:
                continue  # the whole row came or went
            found.setdefault(op.change, set()).add(MERGED_LABEL if side == "new" else SPLIT_LABEL)
    return {change: "cells merged and split" if len(labels) > 1 else labels.pop()
            for change, labels in found.items()}
