"""Settling a library conflict: the section as both had it, and each side's change as a redline.

A conflict (library/merge3.py) is a section both sides changed: its text, or
where it stands. The dialog shows the base, and the redlines base → mine and
base → theirs in the window's own inline redline display (diff/ computes them),
and lets the user keep mine, take theirs or write the answer. The window
applies the choice to the draft (`settled` signal).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.gui.editing.inline_view import InlineRedlineView
from policyeditor.library.merge3 import (
    EDITED,
    MINE,
    MOVE,
    THEIRS,
    TITLE,
    Conflict,
    Place,
    Side,
    name_of,
    what_clashed,
)


def where(place: Place | None, headings: dict[str, str]) -> str:
    """A place in the outline as a sentence: under which section, after which."""
    if place is None:
        return "Not in the outline."
    parent, previous = place
    under = f"Under “{headings.get(parent, parent)}”" if parent else "At the top level"
    after = f"after “{headings.get(previous, previous)}”" if previous else "first"
    return f"{under}, {after}."


def side_policy(conflict: Conflict, side: str, headings: dict[str, str]) -> Policy:
    """One side of a conflict as a one-section policy (no section: deleted on that side)."""
    text: Side | None = getattr(conflict, side)
    if conflict.kind == MOVE:
        heading = (text or conflict.mine or conflict.theirs or Side("", "")).heading
        body = where((conflict.places or {}).get(side), headings)
        return Policy(title="", sections=[Section(heading=heading, body=body, id=conflict.section_id)])
    if conflict.section_id == TITLE:
        return Policy(title=text.heading if text else "")
    if text is None:
        return Policy(title="")
    return Policy(title="", sections=[Section(heading=text.heading, body=text.body, id=conflict.section_id)])


def describe(conflict: Conflict, draft: Policy) -> str:
    """The conflict's line in the list, as the command line's sync names it: the section by its
    number and heading (or first words) in the draft, and what each side did."""
    name = name_of(conflict, draft)
    return f"{name[:1].upper()}{name[1:]} — {what_clashed(conflict)}"


class ConflictDialog(QDialog):
    """The conflicts of a copy, one at a time: base, mine and theirs, and the choice."""

    settled = Signal(object, str, object)  # Conflict, MINE | THEIRS | EDITED, the edited Side or None

    def __init__(self, conflicts: list[Conflict], draft: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Settle library conflicts")
        self.resize(1100, 640)
        self.conflicts = list(conflicts)
        self.draft = draft
        self.headings = {s.id: s.heading for s, _ in draft.walk()}
        for c in conflicts:
            for side in (c.base, c.mine, c.theirs):
                if side is not None:
                    self.headings.setdefault(c.section_id, side.heading)

        self.list = QListWidget(self, objectName="conflictList")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show)
        self.panes = {}
        grid = QGridLayout()
        for column, (side, title) in enumerate((("base", "Before (as both had it)"),
                                                ("mine", "Mine: the change in this copy"),
                                                ("theirs", "Theirs: the change in the library"))):
            label = QLabel(f"<b>{title}</b>", self)
            pane = InlineRedlineView(self)
            pane.setObjectName(f"conflict{side.capitalize()}")
            self.panes[side] = pane
            grid.addWidget(label, 0, column)
            grid.addWidget(pane, 1, column)
        self.heading_edit = QLineEdit(self, objectName="conflictEditHeading")
        self.body_edit = QPlainTextEdit(self, objectName="conflictEditBody")
        self.body_edit.setPlaceholderText("Write the section as it should read, starting from mine")
        self.body_edit.setMaximumHeight(150)
        self.edit_label = QLabel("<b>Or write the answer</b> (heading, then text):", self)
        self.keep_mine = QPushButton("Keep &Mine", self, objectName="conflictKeepMine")
        self.take_theirs = QPushButton("Take &Theirs", self, objectName="conflictTakeTheirs")
        self.use_edit = QPushButton("Use My &Edit", self, objectName="conflictUseEdit")
        close = QPushButton("Close", self, objectName="conflictClose")
        self.keep_mine.clicked.connect(lambda: self._choose(MINE))
        self.take_theirs.clicked.connect(lambda: self._choose(THEIRS))
        self.use_edit.clicked.connect(lambda: self._choose(EDITED))
        close.clicked.connect(self.reject)

        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(grid, 1)
        column.addWidget(self.edit_label)
        column.addWidget(self.heading_edit)
        column.addWidget(self.body_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        buttons.addWidget(self.use_edit)
        buttons.addStretch(1)
        buttons.addWidget(close)
        column.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([260, 840])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Both this copy and the library changed these since they last agreed. "
                                "The draft keeps yours until you choose.", self))
        layout.addWidget(splitter, 1)
        self._fill()

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self.conflicts:
            item = QListWidgetItem(describe(conflict, self.draft))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, conflict.key)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if self.conflicts else -1)
        self._show(self.list.currentRow())

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, _row: int) -> None:
        conflict = self.current()
        for button in (self.keep_mine, self.take_theirs, self.use_edit):
            button.setEnabled(conflict is not None)
        if conflict is None:
            for pane in self.panes.values():
                pane.show_redline(None)
            return
        base = side_policy(conflict, "base", self.headings)
        self.panes["base"].show_redline(compare(base, base))
        for side in ("mine", "theirs"):
            self.panes[side].show_redline(compare(base, side_policy(conflict, side, self.headings)))
        textual = conflict.kind != MOVE
        for widget in (self.edit_label, self.heading_edit, self.body_edit, self.use_edit):
            widget.setVisible(textual)
        self.body_edit.setVisible(textual and conflict.section_id != TITLE)
        start = conflict.mine or conflict.theirs or conflict.base or Side("", "")
        self.heading_edit.setText(start.heading)
        self.body_edit.setPlainText(start.body)

    def _choose(self, choice: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        edited = None
        if choice == EDITED:
            edited = Side(self.heading_edit.text().strip(), self.body_edit.toPlainText().strip())
        self.settled.emit(conflict, choice, edited)

    def remove(self, conflict: Conflict) -> None:
        """The conflict is settled: take it off the list; close when none is left."""
        self.conflicts = [c for c in self.conflicts if c.key != conflict.key]
        self._fill()
        if not self.conflicts:
            self.accept()
