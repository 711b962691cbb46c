"""How the compare view marks a change in its editors: the character formats of deleted,
inserted, moved and re-formatted words, a changed heading's bar, and laying spans of them on
an editor."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QTextEdit

from policyeditor.gui.editing.highlight import Span
from policyeditor.gui.editing.selection_layers import selection, set_layer
from policyeditor.gui.style.theme import roles


def _coloured(kind: str) -> QTextCharFormat:
    """A format in the theme's colours for `kind` ("deleted", "inserted", "moved" or "reformatted")."""
    colours = roles()
    fmt = QTextCharFormat()
    fmt.setBackground(getattr(colours, f"{kind}_background"))
    fmt.setForeground(getattr(colours, kind))
    return fmt


def deleted_format() -> QTextCharFormat:
    fmt = _coloured("deleted")
    fmt.setFontStrikeOut(True)
    return fmt


def moved_format(source: bool) -> QTextCharFormat:
    """Moved text: struck at its source, underlined at its destination (as redlines draw it)."""
    fmt = _coloured("moved")
    if source:
        fmt.setFontStrikeOut(True)
    else:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    return fmt


def inserted_format() -> QTextCharFormat:
    fmt = _coloured("inserted")
    fmt.setFontUnderline(True)
    return fmt


def reformatted_format() -> QTextCharFormat:
    """Words a change of formatting alone re-formats (a bullet made a number, bold removed): on
    both sides, as the inline view's `.format` draws them once (formats/redline/rich_text):
    underlined on the reformatted role's tint in the text's own colour (the underline in the
    role's). Neither struck nor in the inserted colour: no word was deleted or typed again."""
    fmt = _coloured("reformatted")
    fmt.clearForeground()
    fmt.setFontUnderline(True)
    fmt.setUnderlineColor(roles().reformatted)
    return fmt


def state_bar(state: str) -> str:
    """A changed draft heading's style sheet: a bar at its left in its state's colour ("" if unchanged).

    A whole frame much like Fusion's: a sheet with only `border-left` leaves Fusion's frame
    and draws no bar. Set on the heading alone (a sheet on the rows' parent would take
    the zoomed font from the editors).
    """
    if not state:
        return ""
    colours = roles()
    return (f"QLineEdit {{ border: 1px solid {colours.rule.name()}; border-left: 4px solid "
            f"{colours.state(state).name()}; border-radius: 2px; padding: 1px 2px; "
            "background: palette(base); } QLineEdit:focus { border-top-color: palette(highlight); "
            "border-right-color: palette(highlight); border-bottom-color: palette(highlight); }")


def light(editor: QTextEdit, spans: tuple[Span, ...], fmt: QTextCharFormat,
          formatted: tuple[Span, ...] = ()) -> None:
    """Lay `spans` on `editor` in `fmt`, those among them in `formatted` re-formatted instead."""
    end = editor.document().characterCount() - 1  # spans of a text typed on since may reach past it
    reformatted, other = set(formatted), reformatted_format() if formatted else fmt
    set_layer(editor, "changes", [selection(editor, min(start, end), min(start + length, end),
                                            other if (start, length) in reformatted else fmt)
                                  for start, length in spans if start < end])
