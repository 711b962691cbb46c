"""A document read back to canonical text, reading again only the blocks edited since the last read.

Reading a block's runs asks Qt for a dozen properties of each fragment (formats,
notes, equations, fields, pictures); over every block of a long section that was
most of what a keystroke cost the UI thread. The reader keeps each block's runs
by block number and forgets those the document's `contentsChange` touches (all of
them when blocks were added or removed, as numbers then shift), so a keystroke
reads one block. `body()` equals `rich_text.document_body(document)`.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextDocument

from policyeditor.core.body import Block, Run
from policyeditor.gui.editing.rich_text import block_runs, document_blocks, document_body


class BlockReader:
    """Reads `document` back to canonical text, keeping the runs of blocks not edited since."""

    def __init__(self, document: QTextDocument) -> None:
        self._document = document
        self._runs: dict[int, tuple[Run, ...]] = {}
        self._blocks = document.blockCount()
        document.documentLayout()  # Qt reports `contentsChange` only for a document with a layout
        document.contentsChange.connect(self._changed)

    def forget(self) -> None:
        """Read every block again next time (the document was filled anew)."""
        self._runs.clear()
        self._blocks = self._document.blockCount()

    def body(self) -> str:
        return document_body(self._document, self._block_runs)

    def blocks(self) -> list[Block]:
        """The document as canonical body blocks (`rich_text.document_blocks`)."""
        return document_blocks(self._document, self._block_runs)

    def _block_runs(self, block: QTextBlock) -> tuple[Run, ...]:
        number = block.blockNumber()
        runs = self._runs.get(number)
        if runs is None:
            runs = self._runs[number] = block_runs(block)
        return runs

    def _changed(self, position: int, removed: int, added: int) -> None:
        document = self._document
        if document.blockCount() != self._blocks:  # blocks came or went: the numbers after them moved
            self.forget()
            return
        first = document.findBlock(position).blockNumber()
        last = document.findBlock(position + added).blockNumber()
        if first < 0 or last < 0:  # past the end (a change reported larger than the document)
            self._runs.clear()
            return
        for number in range(first, last + 1):
            self._runs.pop(number, None)
