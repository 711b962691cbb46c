"""Which rows of a list stay where they are when the list takes a new order (no Qt here).

The compare view keeps the rows a structural edit leaves alone (the same widgets)
and moves only the others: the rows that stay are the longest run of kept rows
already in the new order (a longest increasing subsequence of their old
positions), so moving one section moves its rows, not every row it passes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence


def staying(old: Sequence[Hashable], new: Sequence[Hashable]) -> set[Hashable]:
    """The items of `new` also in `old` that keep their place: the most of them already in order."""
    where = {item: k for k, item in enumerate(old)}
    kept = [item for item in new if item in where]
    positions = [where[item] for item in kept]
    # patience sorting: tails[k] is the smallest last position of an increasing run of length k + 1
    tails: list[int] = []
    tail_at: list[int] = []  # index in `kept` of each tail
    before: list[int] = [-1] * len(kept)  # the previous item of the best run ending at each item
    for i, position in enumerate(positions):
        k = bisect_left(tails, position)
        if k == len(tails):
            tails.append(position)
            tail_at.append(i)
        else:
            tails[k] = position
            tail_at[k] = i
        before[i] = tail_at[k - 1] if k else -1
    stay: set[Hashable] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        stay.add(kept[i])
        i = before[i]
    return stay
