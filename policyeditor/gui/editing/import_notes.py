"""The import notes dock: every note an import made, each going to and marking its place in the draft.

An importer's report is a list of lines; those about a place are
`formats.importers.result.Note`s, which name a section and a range of its plain
text (where comments are anchored). The dock lists them all, those without a
place too; a click scrolls the side-by-side draft pane to the place and selects
it, and every place is marked in the draft editors on the `notes` layer of
extra selections (a soft amber tint with a wavy underline, apart from the
change colours and the comments' yellow).

A place is found again in the draft as it is now: while its words are where
the import left them they are marked there; edited elsewhere in the section,
they are found by their words; gone, the note says so and marks nothing. The
notes live with the session (an import's `.policy` file does not store them),
so they stay through Save As and go when the document is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextFormat
from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem, QMainWindow, QWidget

from policyeditor.core.body import plain_text
from policyeditor.core.draft import Draft
from policyeditor.core.model import Policy
from policyeditor.core.numbering import numbers
from policyeditor.core.section_names import UNTITLED, section_name
from policyeditor.formats.importers.result import Note
from policyeditor.gui.debounce import Debouncer
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.keep_shown import KeepShown
from policyeditor.gui.editing.selection_layers import selection, set_layer
from policyeditor.gui.editing.text_map import editor_map
from policyeditor.gui.style.theme import roles

NOTE_ROLE = Qt.ItemDataRole.UserRole + 1  # the note's index in the report
LAYER = "notes"
FOLLOW_MS = 300  # after the typing pauses, the notes find their places again


@dataclass(frozen=True)
class Placed:
    """A note's place in the draft as it is now: a section and a plain-text range (None when gone)."""

    section_id: str
    start: int
    end: int
    whole: bool  # the note is about the section itself (e.g. one with no text): mark all of it


def note_format() -> QTextCharFormat:
    """The mark of a place an import note is about: soft amber, a wavy underline, whole lines when empty."""
    dark = roles().dark
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(255, 160, 60, 55 if dark else 60))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor(240, 150, 60) if dark else QColor(214, 110, 0))
    return fmt


def find_place(note: str, imported: Policy, draft: Policy) -> Placed | None:
    """Where `note` points in `draft`, given the policy as imported; None without a place or when gone."""
    if not isinstance(note, Note) or note.section_id is None:
        return None
    now = draft.find(note.section_id)
    if now is None:
        return None
    if note.where == "section":
        return Placed(now.id, 0, len(plain_text(now.body)), True)
    then = imported.find(note.section_id)
    words = plain_text(then.body)[note.start:note.start + note.length] if then is not None else ""
    text = plain_text(now.body)
    if text[note.start:note.start + note.length] == words:
        return Placed(now.id, note.start, note.start + note.length, False)
    at = text.find(words) if words else -1
    return Placed(now.id, at, at + len(words), False) if at >= 0 else None


class NotesPanel(QListWidget):
    """The list of notes; `noteChosen(index)` when one is clicked or activated."""

    noteChosen = Signal(int)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importNotesList")
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSpacing(3)
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    def _chosen(self, item: QListWidgetItem) -> None:
        index = item.data(NOTE_ROLE)
        if index is not None:
            self.noteChosen.emit(int(index))

    def show_notes(self, lines: list[tuple[str, str]]) -> None:
        """Show (where, note) lines; `where` is "" for a note about the whole document."""
        self.clear()
        for index, (where, note) in enumerate(lines):
            item = QListWidgetItem(f"{note}\n    {where}" if where else note, self)
            item.setData(NOTE_ROLE, index)
            item.setToolTip("Click to go to the place in the draft" if where else
                            "About the whole document (no one place in the text)")
            if not where:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)


class ImportNotes(QObject):
    """The notes dock of one window: lists the session's import notes, marks and reveals their places."""

    def __init__(self, compare: CompareView, window: QMainWindow, beside: QDockWidget) -> None:
        """The dock goes in `window`'s right-hand area, as a tab beside `beside`."""
        super().__init__(window)
        self.compare = compare
        self.panel = NotesPanel(window)
        self.dock = QDockWidget("Import Notes", window)
        self.dock.setObjectName("notesDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(beside, self.dock)
        self.notes: list[str] = []
        self._imported: Policy | None = None
        self._document: Draft | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._marked: set[str] = set()  # the sections whose draft editor has marks
        self._later = Debouncer(FOLLOW_MS, self.refresh, self)  # the draft changed: places again
        self._keep_shown = KeepShown(compare)
        self.panel.noteChosen.connect(self.reveal)
        compare.rebuilt.connect(self.mark)  # new editors: their marks again

    @property
    def _draft(self) -> Policy | None:
        return self._document.policy if self._document is not None else None

    def set_notes(self, notes: list[str], imported: Policy | None, document: Draft | None) -> None:
        """Show the notes of a newly opened document (`imported`: as read; `document`: its draft)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._later.cancel()
        self.notes, self._imported, self._document = list(notes), imported, document
        if notes and document is not None:  # while its words are typed over, the list and marks follow
            self._unsubscribe = document.subscribe(lambda _event: self._later.trigger())
        self.refresh()
        if notes:
            self.dock.show()
            self.dock.raise_()

    def refresh(self) -> None:
        """The list and the marks again (the draft may have changed)."""
        numbering = numbers(self._draft) if self._draft is not None else {}
        lines = []
        for note in self.notes:
            placed = self.place(note)
            if placed is not None:
                section = self._draft.find(placed.section_id) if self._draft is not None else None
                lines.append((section_name(numbering.get(placed.section_id, ""),
                                           section.heading if section is not None else "",
                                           section.body if section is not None else "")
                              or UNTITLED, note))
            elif isinstance(note, Note) and note.section_id is not None and self._imported is not None \
                    and self._imported.find(note.section_id) is not None:
                lines.append(("", f"{note} (its words are no longer in the draft)"))
            else:
                lines.append(("", note))
        row = self.panel.currentRow()
        self.panel.show_notes(lines)
        self.panel.setCurrentRow(row)
        self.mark()

    def place(self, note: str) -> Placed | None:
        if self._imported is None or self._draft is None:
            return None
        return find_place(note, self._imported, self._draft)

    def mark(self) -> int:
        """Mark every note's place in the draft editors; returns how many marks."""
        wanted: dict[str, list[Placed]] = {}
        for note in self.notes:
            placed = self.place(note)
            if placed is not None:
                wanted.setdefault(placed.section_id, []).append(placed)
        count = 0
        fmt = note_format()
        for row in self.compare.rows:
            editor = row.right
            if editor is None or (editor.section_id not in wanted and editor.section_id not in self._marked):
                continue  # untouched: setting every editor's selections costs seconds on a big policy
            marks = []
            section = self._draft.find(editor.section_id) if self._draft is not None else None
            if section is not None and editor.section_id in wanted:
                text_map = editor_map(editor.document(), section.body)
                for placed in wanted[editor.section_id]:
                    if placed.whole:  # the section itself (one with no text): its line, full width
                        whole = QTextCharFormat(fmt)
                        whole.setProperty(QTextFormat.Property.FullWidthSelection, True)
                        marks.append(selection(editor, 0, 0, whole))
                        continue
                    start, end = text_map.to_document(placed.start, placed.end)
                    if end > start:
                        marks.append(selection(editor, start, end, fmt))
            set_layer(editor, LAYER, marks)
            count += len(marks)
        self._marked = set(wanted)
        return count

    def reveal(self, index: int) -> bool:
        """Scroll the draft pane to note `index`'s place and select it; False when it has none on show."""
        if not 0 <= index < len(self.notes):
            return False
        placed = self.place(self.notes[index])
        if placed is None or self._draft is None:
            return False
        row = self.compare.row_of(placed.section_id)
        if row is None or row.right is None:
            return False
        section = self._draft.find(placed.section_id)
        assert section is not None
        start, end = editor_map(row.right.document(), section.body).to_document(placed.start, placed.end)
        self.compare.select_in(row.right, start, end)
        self._keep_shown.show(row.right, self.panel)  # on show while the rows below settle
        self.mark()
        return True
