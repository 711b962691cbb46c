"""Links to a source's own anchors made links to the sections that hold them.

A Word cross-reference links to a bookmark (w:hyperlink w:anchor); once imported,
the bookmark is gone but the section it sat in is known, so the link becomes that
section's link (core.cross_refs), which every export writes as a working link.
"""

from __future__ import annotations

from policyeditor.core.body import Block, ListBlock, ListItem, Paragraph, Run, Table


def relink(blocks: list[Block], links: dict[str, str]) -> list[Block]:
    """The blocks with every run linked to a key of `links` linked to its value instead."""
    if not links:
        return blocks
    return [_block(b, links) for b in blocks]


def _runs(runs: tuple[Run, ...], links: dict[str, str]) -> tuple[Run, ...]:
    if not any(r.link in links for r in runs):
        return runs
    return tuple(Run(r.text, r.bold, r.italic, r.underline, links[r.link], r.note, r.math, r.field, r.picture)
                 if r.link in links else r for r in runs)


def _block(block: Block, links: dict[str, str]) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(_runs(block.runs, links))
    if isinstance(block, ListBlock):
        return ListBlock(tuple(ListItem(_runs(i.runs, links), i.ordered, i.level) for i in block.items))
    if isinstance(block, Table):
        return _table(block, links)
    return block


def _table(table: Table, links: dict[str, str]) -> Table:
    rows = [tuple(_runs(cell, links) for cell in row) for row in table.rows]
    nested = [tuple(tuple(_table(t, links) for t in cell) for cell in row) for row in table.nested]
    return Table(tuple(rows), table.header, table.merges, tuple(nested))
