"""Following a range of text through an edit, and finding a quote again: what comment anchors need.

The redline engine owns every diff, so `review.anchors` asks here instead of
running diff-match-patch itself. Everything runs without a clock cut-off, so the
same texts give the same answer on any machine.

- `EditMap(old, new)`: the engine's word diff of two bodies (`text.diff_body`,
  lines paired first, so it stays fast on a whole document), and where an
  offset of the old text lands in the new one.
- `edit_share(old, new)`: the share of `old`'s characters edited to make `new`.
- `find_near(text, pattern, expected, ...)`: diff-match-patch's fuzzy
  `match_main` (a Bitap search near an expected place).
- `trim_to(quote, text, start, end)`: a candidate span trimmed so it starts and
  ends where the quote's first and last kept characters do.
"""

from __future__ import annotations

from policyeditor.diff.dmp import diff_chars, diff_semantic, plain_dmp
from policyeditor.diff.table_kinds import kind_labels
from policyeditor.diff.text import diff_body

_KINDS = {"equal": 0, "delete": -1, "move_from": -1, "insert": 1, "move_to": 1}
MATCH_MAX_BITS = plain_dmp().Match_MaxBits  # the longest pattern `find_near` can look for


class EditMap:
    """Where offsets of an old body land in a new one, through the engine's exact word diff.

    A moved line counts as deleted and inserted (its words land at the edge of
    the deletion); callers look for moved words themselves. A paragraph made a table row (and
    back, `table_kinds`) keeps its words: they are followed into their new block.
    """

    def __init__(self, old: str, new: str) -> None:
        self._dmp = plain_dmp()
        ops = diff_body(old, new)
        kinds = kind_labels(ops)
        self._diffs: list[tuple[int, str]] = []
        for k, op in enumerate(ops):
            if op.change not in kinds:
                self._diffs.append((_KINDS[op.kind], op.text))
            elif k + 1 == len(ops) or ops[k + 1].change != op.change:  # a kind change's last op
                # its words are the same in their new block: offsets follow them there
                run = [o for o in ops if o.change == op.change]
                deleted, inserted = ("".join(o.text for o in run if o.kind == kind)
                                     for kind in ("delete", "insert"))
                self._diffs += diff_chars(deleted, inserted)

    def position(self, offset: int) -> int:
        """The new text's offset for the old text's `offset` (diff-match-patch's xIndex)."""
        return self._dmp.diff_xIndex(self._diffs, offset)


def edit_share(old: str, new: str) -> float:
    """The share of `old`'s characters that were edited to make `new` (Levenshtein / len)."""
    if old == new:
        return 0.0
    return plain_dmp().diff_levenshtein(diff_chars(old, new)) / max(1, len(old))


def find_near(text: str, pattern: str, expected: int, threshold: float, distance: int) -> int:
    """The best fuzzy match of `pattern` (at most MATCH_MAX_BITS long) near `expected`, or -1.

    `threshold`: 0 finds exact matches only, 1 anything; `distance`: how far from
    `expected` a match may be before it counts as no match.
    """
    dmp = plain_dmp()
    dmp.Match_Threshold = threshold
    dmp.Match_Distance = distance
    return dmp.match_main(text, pattern, expected)


def trim_to(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """`text[start:end]` less what was inserted before the quote's first and after its last character."""
    diffs = diff_semantic(quote, text[start:end])
    lead = diffs[0][1] if diffs and diffs[0][0] == 1 else ""
    trail = diffs[-1][1] if len(diffs) > 1 and diffs[-1][0] == 1 else ""
    return start + len(lead), end - len(trail)

