"""Which characters of a pane to light: the redline's own spans, placed in a section editor's document.

Nothing here diffs. The spans come from the one redline (`diff.spans`), over
each section's canonical text; `diff.spans.Display` says in which shown block
(paragraph, list item, table cell) and where in it each canonical offset shows,
and `placed` turns that into document positions of an editor's QTextDocument,
whose non-empty blocks are the shown blocks in order (an empty paragraph the
writer made has no canonical text; an empty list item or table cell has).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QTextCursor, QTextDocument

from policyeditor.diff.spans import Display
from policyeditor.diff.spans import Lit as TextLit
from policyeditor.gui.editing.utf16 import utf16_offset

Span = tuple[int, int]  # (start, length) in a document or a heading


@dataclass(frozen=True)
class Lit:
    """The spans to light: deleted in the old text, inserted in the new.

    `editorial_deleted` and `editorial_inserted` are the spans among those whose
    change is editorial (only punctuation, case, whitespace, quotes or numbering);
    `formatted_deleted` and `formatted_inserted` those whose change is of formatting
    alone (drawn re-formatted, not deleted and inserted).
    """

    deleted: tuple[Span, ...] = ()
    inserted: tuple[Span, ...] = ()
    editorial_deleted: tuple[Span, ...] = ()
    editorial_inserted: tuple[Span, ...] = ()
    formatted_deleted: tuple[Span, ...] = ()
    formatted_inserted: tuple[Span, ...] = ()

    @property
    def changes(self) -> int:
        return len(self.deleted) + len(self.inserted)

    @property
    def has_editorial(self) -> bool:
        return bool(self.editorial_deleted or self.editorial_inserted)

    def shown(self, hide_editorial: bool) -> Lit:
        """The spans to draw: all of them, or (`hide_editorial`) only the substantive ones."""
        if not hide_editorial or not self.has_editorial:
            return self
        quiet_deleted, quiet_inserted = set(self.editorial_deleted), set(self.editorial_inserted)
        return Lit(tuple(s for s in self.deleted if s not in quiet_deleted),
                   tuple(s for s in self.inserted if s not in quiet_inserted),
                   formatted_deleted=tuple(s for s in self.formatted_deleted if s not in quiet_deleted),
                   formatted_inserted=tuple(s for s in self.formatted_inserted if s not in quiet_inserted))


def lit_of(deleted: Sequence[tuple[Span, bool]], inserted: Sequence[tuple[Span, bool]],
           formatted_deleted: Sequence[tuple[Span, bool]] = (),
           formatted_inserted: Sequence[tuple[Span, bool]] = ()) -> Lit:
    """A Lit of (span, editorial) pairs on each side; `formatted_*` are the pieces, among them,
    of changes of formatting alone."""
    return Lit(tuple(s for s, _ in deleted), tuple(s for s, _ in inserted),
               tuple(s for s, e in deleted if e), tuple(s for s, e in inserted if e),
               tuple(s for s, _ in formatted_deleted), tuple(s for s, _ in formatted_inserted))


def heading_spans(spans: tuple[TextLit, ...]) -> list[tuple[Span, bool]]:
    """A heading's spans: it is shown as written, so offsets are its own."""
    return [((s.start, s.end - s.start), s.editorial) for s in spans if s.end > s.start]


def shown_blocks(document: QTextDocument) -> list[int]:
    """The position of each block of `document` that holds canonical text, in order."""
    out = []
    block = document.begin()
    while block.isValid():
        if block.length() > 1 or block.textList() is not None \
                or QTextCursor(block).currentTable() is not None:
            out.append(block.position())
        block = block.next()
    return out


def placed(display: Display, blocks: list[int], spans: tuple[TextLit, ...]) -> list[tuple[Span, bool]]:
    """Each span's shown pieces as (document start, length), with whether it is editorial.

    None of a span that covers only markup shows; one of paragraph breaks alone
    lights the end of the paragraph it ends (its paragraph separator, which Qt draws
    as a box after the last word); a display whose blocks the document does not have
    (it is being edited) places nothing there.
    """
    out: list[tuple[Span, bool]] = []
    for span in spans:
        pieces = display.span(span.start, span.end)
        end_of = None if pieces else display.paragraph_end(span.start, span.end)
        if end_of is not None:
            pieces = [(end_of[0], end_of[1], end_of[1] + 1)]
        for block, start, end in pieces:
            if block < len(blocks):
                text = display.blocks[block] if block < len(display.blocks) else ""
                first = utf16_offset(text, start)
                out.append(((blocks[block] + first, utf16_offset(text, end) - first), span.editorial))
    return out


def change_extent(display: Display, blocks: list[int], spans: tuple[TextLit, ...],
                  change: int) -> Span | None:
    """(document start, length) from the first to the last piece one change lights: of the
    spans that show words when it has any (the words a list item's new kind re-formats, not
    the paragraph end its break lights), else all of them; None when it lights nothing."""
    own = tuple(s for s in spans if s.change == change)
    worded = tuple(s for s in own if display.span(s.start, s.end))
    pieces = [span for span, _ in placed(display, blocks, worded or own)]
    if not pieces:
        return None
    start = min(s for s, _ in pieces)
    return start, max(s + n for s, n in pieces) - start
