"""What keeps its order when a list takes a new one: a longest increasing run (no Qt here).

Used wherever a reordering should move as little as it can: a three-way merge
names as moved only the sections out of their siblings' longest run still in the
base's order (library/merge3.py), and the compare view keeps the widgets of the
rows a structural edit leaves in order, moving only the others (gui/editing).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence


def longest_in_order(values: Sequence[int]) -> set[int]:
    """The values of a longest increasing run (not necessarily contiguous) of distinct `values`,
    in O(n log n) (patience sorting)."""
    tails: list[int] = []    # tails[k]: the smallest last value of an increasing run of length k + 1
    tail_at: list[int] = []  # the index in `values` of each tail
    before = [-1] * len(values)  # the previous index of the best run ending at each index
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k] = value
            tail_at[k] = i
        before[i] = tail_at[k - 1] if k else -1
    kept: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        kept.add(values[i])
        i = before[i]
    return kept


def staying(old: Sequence[Hashable], new: Sequence[Hashable]) -> set[Hashable]:
    """The items of `new` also in `old` that keep their place: the most of them already in order."""
    where = {item: k for k, item in enumerate(old)}
    positions = [where[item] for item in new if item in where]
    kept = longest_in_order(positions)
    return {item for item in new if item in where and where[item] in kept}
