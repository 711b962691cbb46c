"""Extra selections in named layers, so change highlights and comment highlights share a pane.

`QTextEdit.setExtraSelections` replaces every extra selection at once; the
compare view's change colours and the review's comment marks are computed
apart and at different times, so each sets its own layer and the pane shows
them all, comments last (their soft background over the change colours, whose
text colour and strike or underline stay); the import notes' marks lie between.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from policyeditor.gui.style.theme import roles

ORDER = ("changes", "notes", "comments", "found")
_LAYERS = "_selection_layers"


def set_layer(editor: QTextEdit, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
    """Replace the layer `name` of `editor`'s extra selections and show every layer."""
    layers: dict[str, list[QTextEdit.ExtraSelection]] = editor.__dict__.setdefault(_LAYERS, {})
    layers[name] = list(selections)
    shown: list[QTextEdit.ExtraSelection] = []
    for layer in sorted(layers, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)):
        shown.extend(layers[layer])
    editor.setExtraSelections(shown)


def layer(editor: QTextEdit, name: str) -> list[QTextEdit.ExtraSelection]:
    """The extra selections of one layer (empty when never set)."""
    return list(editor.__dict__.get(_LAYERS, {}).get(name, []))


def selection(editor: QTextEdit, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    """An extra selection of the document range [start, end) drawn with `fmt`."""
    chosen = QTextEdit.ExtraSelection()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    chosen.cursor = cursor  # type: ignore[attr-defined]
    chosen.format = fmt  # type: ignore[attr-defined]
    return chosen


def comment_format(current: bool = False) -> QTextCharFormat:
    """The mark of commented words: a soft yellow background (stronger for the chosen thread).

    Translucent, so the change colours' text under it stays; the theme's `comment` roles.
    """
    colours = roles()
    fmt = QTextCharFormat()
    fmt.setBackground(colours.comment_current if current else colours.comment)
    return fmt
