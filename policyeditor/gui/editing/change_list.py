"""The change list panel: every change still to review, in reading order; choosing one goes to it.

Above the list, a toggle hides editorial changes (the window's View ▸ Hide
Editorial Changes action): the window then lists only substantive ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from policyeditor.core.body import plain_text
from policyeditor.core.section_names import UNTITLED, section_name
from policyeditor.diff.blame import ChangeCredit, Credit
from policyeditor.diff.formatting import format_ids, with_link_targets
from policyeditor.diff.redline import Change, Redline
from policyeditor.diff.table_kinds import COLUMN_ADDED, COLUMN_REMOVED, KIND_LABELS
from policyeditor.formats.redline.html import credit_line

CHANGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_NAMES = {"insert": "Inserted", "delete": "Deleted", "replace": "Replaced", "move": "Moved",
              "section_added": "Section added", "section_deleted": "Section deleted",
              "section_moved": "Section moved", "section_promoted": "Paragraphs became a section",
              "section_demoted": "Section became paragraphs"}
EXCERPT = 60


def describe(change: Change, redline: Redline) -> str:
    """One line for a change: kind, where, and the words."""
    where = "Dates" if change.part == "dates" else "Title"
    if change.section is not None:
        diff = redline.sections[change.section]
        section = diff.new or diff.old
        where = section_name(diff.new_number or diff.old_number or "", diff.heading,
                             section.body if section else "") or UNTITLED
    reformats = change.reformats
    if reformats and change.section is not None:  # say on which kept words
        ops = redline.sections[change.section].body_ops
        kept = [op.text for op, owner in zip(ops, format_ids(ops), strict=True)
                if op.kind == "equal" and op.formatting and owner == change.id]
        reformats = f"{reformats} on “{_cut(' '.join(plain_text(' '.join(kept)).split()))}”"
    # a link's targets named, so a new destination of the same words shows
    formatting = with_link_targets(change.formatting, change.old_text, change.new_text)
    return _describe(change.kind, change.part, change.old_text, change.new_text, where, formatting,
                     change.table, reformats)


@lru_cache(maxsize=4096)
def _describe(kind_name: str, part: str, old_text: str, new_text: str, where: str,
              formatting: str = "", table: str = "", reformats: str = "") -> str:
    # cached: while someone types, all but one or two of hundreds of changes stay the same
    old = " ".join(plain_text(old_text).split())
    new = " ".join(plain_text(new_text).split())
    if kind_name == "replace" and not (old and new):  # one side is markup alone: what a reader sees
        kind_name = "insert" if new else "delete"
    kind = KIND_NAMES.get(kind_name, kind_name.replace("_", " ").capitalize())
    if formatting:  # the words stayed; say what happened to them, not "replaced"
        return f"Formatted: {formatting} · {where}"
    if part == "heading":
        kind += " in heading"
    if table in (COLUMN_ADDED, COLUMN_REMOVED):  # its cells, one a row; the header rule is no word
        cells = [cell.strip() for cell in (new or old).split("|")]
        shown = " / ".join(cell for cell in cells if cell and not set(cell) <= set(":-"))
        return f"{table.capitalize()}: {_cut(shown)} · {where}"
    if table in KIND_LABELS:  # the same words, deleted in one kind of block and inserted in another
        return f"{table[0].upper()}{table[1:]} · {where}: “{_cut(new)}”"
    if table:  # a merge marker is no word: say what it did, and the words that came or went
        words = " ".join(w for w in (old + " " + new).split() if w not in ("<", "^", "|"))
        return f"{table.capitalize()} · {where}" + (f": “{_cut(words)}”" if words else "")
    if kind_name == "replace":
        words = f"“{_cut(old)}” → “{_cut(new)}”"
    elif part == "structure":
        words = ""
    else:
        words = f"“{_cut(new or old)}”"
    # quotes put round a link's words as it was taken off: the words between kept, yet re-formatted
    also = f" · {reformats}" if reformats else ""
    return f"{kind} · {where}" + (f": {words}" if words else "") + also


def _by(credit: ChangeCredit | None) -> str:
    return _credited(credit.credits) if credit is not None else ""


@lru_cache(maxsize=1024)
def _credited(credits: tuple[Credit, ...]) -> str:
    # by the credits alone: a list of hundreds of changes by one or two people names each once
    line = credit_line(ChangeCredit(0, credits))
    return f" \u00b7 {line}" if line else ""


def _cut(text: str) -> str:
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


class ChangeList(QListWidget):
    changeChosen = Signal(int)  # noqa: N815  change id in the current redline

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeList")
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.currentItemChanged.connect(self._on_current)
        self._filling = False
        self._lines: list[tuple[int, str]] = []  # (change id, text) of each row on show
        # what the compare says beside its changes (a footer that differs, charts not compared):
        # shown above the list, so "0 changes" is never all it says (see `changes_panel`)
        self.notes = QLabel(objectName="compareNotes")
        self.notes.setWordWrap(True)
        self.notes.setContentsMargins(4, 2, 4, 4)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.hide()

    def show_changes(self, changes: list[Change], redline: Redline | None,
                     credits: Mapping[int, ChangeCredit] | None = None) -> None:
        """List `changes`, keeping the current row where it was (the next change after an accept).

        `credits` (diff.blame, by change id) add who made each change and when: "· Bob Counsel · 10 May 2026".
        """
        notes = "\n".join(f"Note: {note[0].upper()}{note[1:]}" for note in redline.notes) if redline else ""
        if notes != self.notes.text():
            self.notes.setText(notes)
            self.notes.setVisible(bool(notes))
        row = self.currentRow()
        self._filling = True
        credits = credits or {}
        lines = [(c.id, describe(c, redline) + _by(credits.get(c.id))) for c in changes] \
            if redline is not None else []
        # update in place, and only the rows that differ from those on show: a keystroke
        # changes one or two of hundreds, and asking Qt about each row stalled typing
        shown = self._lines if len(self._lines) == self.count() else []  # rows made or taken elsewhere
        for index, line in enumerate(lines):
            if index < len(shown) and shown[index] == line:
                continue
            change_id, text = line
            item = self.item(index)
            if item is None:
                item = QListWidgetItem()
                self.addItem(item)
            if index >= len(shown) or shown[index][1] != text:
                item.setText(text)
                item.setToolTip(text)
            item.setData(CHANGE_ID_ROLE, change_id)
        while self.count() > len(lines):
            self.takeItem(self.count() - 1)
        self._lines = lines
        if row >= 0 and self.count():
            self.setCurrentRow(min(row, self.count() - 1))
        self._filling = False

    def current_change_id(self) -> int | None:
        item = self.currentItem()
        return item.data(CHANGE_ID_ROLE) if item is not None else None

    def step(self, by: int) -> None:
        """Go to the next (+1) or previous (-1) change, from none to the first or last."""
        if not self.count():
            return
        row = self.currentRow()
        if row < 0:
            row = 0 if by > 0 else self.count() - 1
        else:
            row = max(0, min(self.count() - 1, row + by))
        if row == self.currentRow():
            self._on_current(self.currentItem(), None)
        self.setCurrentRow(row)

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and not self._filling:
            self.changeChosen.emit(item.data(CHANGE_ID_ROLE))


def changes_panel(change_list: ChangeList, hide_editorial: QAction, parent: QWidget | None = None) -> QWidget:
    """The change list under a toggle button for `hide_editorial` (checked with the action)."""
    panel = QWidget(parent)
    panel.setObjectName("changesPanel")
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    toggle = QToolButton(panel)
    toggle.setObjectName("hideEditorialToggle")
    toggle.setDefaultAction(hide_editorial)  # checkable: follows and sets the action
    toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    layout.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
    layout.addWidget(change_list.notes)
    layout.addWidget(change_list, 1)
    return panel
