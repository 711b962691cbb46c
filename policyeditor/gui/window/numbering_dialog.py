"""Format ▸ Outline Numbering…: the policy's numbering style, level by level, with a preview.

The dialog edits a copy of the policy's `NumberingStyle`; the window applies it as
one undo step (`commands.SetNumbering`), so the style stays the one source of
truth that the window, the exports and `info` print from.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from policyeditor.core.numbering import LevelStyle, NumberingStyle

LEVELS = 6  # levels shown; deeper ones keep their style
KIND_NAMES = (("decimal", "1, 2, 3"), ("lower-letter", "a, b, c"), ("upper-letter", "A, B, C"),
              ("lower-roman", "i, ii, iii"), ("upper-roman", "I, II, III"), ("none", "(none)"))
PUNCTUATION = (("", ""), ("", "."), ("", ")"), ("(", ")"))  # 1  1.  1)  (1)


def punctuation_key(before: str, after: str) -> str:
    """A punctuation choice as a combo box's item data ('(|)')."""
    return f"{before}|{after}"


class OutlineNumberingDialog(QDialog):
    """One row a level: what it counts in, its punctuation, whether it joins its parents' numbers."""

    def __init__(self, style: NumberingStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Outline Numbering")
        self.setObjectName("outlineNumberingDialog")
        self._base = style
        grid = QGridLayout()
        for column, text in enumerate(("Level", "Numbers", "Punctuation", "Joins parents", "Looks like")):
            grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        self.kinds: list[QComboBox] = []
        self.punctuation: list[QComboBox] = []
        self.joined: list[QCheckBox] = []
        self.previews: list[QLabel] = []
        for depth in range(1, LEVELS + 1):
            level = style.level(depth)
            kind = QComboBox(objectName=f"kind{depth}")
            for value, text in KIND_NAMES:
                kind.addItem(text, value)
            kind.setCurrentIndex([v for v, _ in KIND_NAMES].index(level.kind))
            marks = QComboBox(objectName=f"punctuation{depth}")
            for before, after in PUNCTUATION:
                marks.addItem(f"{before}1{after}", punctuation_key(before, after))
            if (level.before, level.after) not in PUNCTUATION:
                marks.addItem(f"{level.before}1{level.after}", punctuation_key(level.before, level.after))
            marks.setCurrentIndex(marks.findData(punctuation_key(level.before, level.after)))
            joined = QCheckBox(objectName=f"joined{depth}")
            joined.setChecked(level.joined)
            joined.setEnabled(depth > 1)
            preview = QLabel(objectName=f"preview{depth}")
            for column, widget in enumerate((QLabel(str(depth)), kind, marks, joined, preview)):
                grid.addWidget(widget, depth, column)
            kind.currentIndexChanged.connect(self._update)
            marks.currentIndexChanged.connect(self._update)
            joined.toggled.connect(self._update)
            self.kinds.append(kind)
            self.punctuation.append(marks)
            self.joined.append(joined)
            self.previews.append(preview)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self._update()

    def style(self) -> NumberingStyle:
        """The style as edited (levels below those shown keep the policy's)."""
        style = self._base
        for depth in range(1, LEVELS + 1):
            before, after = self.punctuation[depth - 1].currentData().split("|")
            level = LevelStyle(self.kinds[depth - 1].currentData(), before, after,
                               self.joined[depth - 1].isChecked())
            style = style.with_level(depth, level)
        return style

    def _update(self) -> None:
        style = self.style()
        for depth, preview in enumerate(self.previews, start=1):
            preview.setText(style.describe(depth))
