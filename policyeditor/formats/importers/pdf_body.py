"""Blocks of a PDF's lines (pdf_paragraphs) as the body's paragraphs and lists.

Items one after another make a list, unless a wider space than between its items
parts them (two lists, as our export sets two lists apart); an item's level is
where its text begins, a step further right (the smallest distance between the
places items begin at) a level deeper.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from policyeditor.core.body import ListBlock, ListItem, Paragraph, opens_count
from policyeditor.formats.importers.pdf_paragraphs import GAP_RATIO, INDENT, Block


def body(found: Sequence[Block]) -> list[Paragraph | ListBlock]:
    """Blocks as the body's paragraphs and lists: items one after another make a list, unless a
    wider space than between its items parts them (two lists)."""
    spacing = Counter(round(b.above * 2) / 2 for a, b in pairwise(found)
                      if a.item and b.item and b.above is not None)
    usual = spacing.most_common(1)[0][0] if spacing else 0.0
    places = _places([b.content_x or 0.0 for b in found if b.item])
    step = min((b - a for a, b in pairwise(places)), default=0.0)
    out: list[Paragraph | ListBlock] = []
    items: list[Block] = []
    for block in found:
        # a wider space before an item parts two lists, unless it closes a nested list above it
        if items and (not block.item or block.above is not None and block.above > usual * GAP_RATIO
                      and (block.content_x or 0.0) >= (items[-1].content_x or 0.0) - INDENT):
            out.append(_list(items, step))
            items = []
        if block.item:
            items.append(block)
        else:
            out.append(Paragraph(block.runs()))
    if items:
        out.append(_list(items, step))
    return out


def _places(xs: list[float]) -> list[float]:
    """Where items' texts begin, near places taken as one."""
    places: list[float] = []
    for x in sorted(xs):
        if not places or x - places[-1] > 3 * INDENT:
            places.append(x)
    return places


def _list(items: list[Block], step: float) -> ListBlock:
    """Items as a list, each one's level by where its text begins: a step (the smallest distance
    between the places items begin at in the document) further right is a level deeper."""
    base = min(b.content_x or 0.0 for b in items)
    made = [ListItem(b.runs(), b.number is not None,
                     round(((b.content_x or 0.0) - base) / step) if step else 0) for b in items]
    opens = opens_count(made)
    return ListBlock(tuple(ListItem(item.runs, item.ordered, item.level, b.number)
                           if opening and b.number not in (None, 1) else item
                           for item, b, opening in zip(made, items, opens, strict=True)))
