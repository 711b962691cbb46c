"""The draft sections edited since their comments were last placed, and when to place them again.

The file keeps a draft comment's anchor on the draft as last saved; between saves
(and while saves fail) the review part places the threads of the edited sections
on the draft as it is now (`ReviewController.placed`). Words typed in a draft
pane carry the pane's marks with them (a mark is a cursor in its text), and the
one-pane views are marked again when redrawn, so placing waits for the typing to
pause; a body set from elsewhere (Undo, Redo, accepting a change) fills a draft
pane on show anew, collapsing its marks, so it is placed on the next turn of the
event loop, once the pane shows it. Whoever uses the places (a click on a
thread) takes the edited sections first, not waiting.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from policyeditor.core.draft import STRUCTURE, BodyChanged, Draft, DraftEvent
from policyeditor.gui.debounce import Debouncer
from policyeditor.gui.editing.compare_view import CompareView

FOLLOW_MS = 300  # after the typing pauses, the marks are placed on the words again


class EditedSections(QObject):
    """Collects the sections whose text changed, and asks for `work` when they should be placed."""

    def __init__(self, compare: CompareView, work: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.compare = compare
        self._document: Draft | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._edited: set[str] | None = set()  # None: the tree changed shape, any section may have
        self._soon = False  # a pane was filled anew: its marks are due on the next turn, not later
        self._later = Debouncer(FOLLOW_MS, work, self)

    def follow(self, document: Draft | None) -> None:
        """Collect the edits of `document` (None: of nothing) from now on."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.take()
        self._document = document
        if document is not None:
            # before the change: whether the pane is ahead of the draft tells typing from the rest
            self._unsubscribe = document.subscribe(self._about_to, before=True)

    def take(self) -> set[str] | None:
        """The sections edited since the last take (None: maybe any), forgotten from now."""
        edited, self._edited = self._edited, set()
        self._soon = False
        self._later.cancel()
        return edited

    def _about_to(self, event: DraftEvent) -> None:
        if isinstance(event, STRUCTURE):
            self._edited = None
        elif isinstance(event, BodyChanged):
            if self._edited is not None:
                self._edited.add(event.section_id)
            if not self._refills(event.section_id):
                if not self._soon:
                    self._later.trigger()
                return
        else:
            return  # a heading, the title, numbering or decisions: no comment's words move
        self._soon = True
        self._later.soon()

    def _refills(self, section_id: str) -> bool:
        """Whether the section's draft pane is on show and is to be filled with the body about to
        be set: it still holds the body as it is, so the edit was not typed there."""
        row = self.compare.row_of(section_id)
        editor = row.right if row is not None else None
        if editor is None or editor.section_id != section_id or not editor.isVisible():
            return False
        return self._document is not None and editor.body == self._document.section(section_id).body
