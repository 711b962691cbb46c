"""The inline redline view: one pane, Word style, insertions underlined, deletions struck.

The HTML of each heading and body comes from the redline engine's
`formats.redline.rich_text` (Qt's rich-text flavour of the redline HTML, shared
with the redline PDF), which QTextBrowser draws with `inline_style`: the theme's
redline colours (blue, red, green by default).

Editable as Word's redline is: typing in a section's text edits that section's
draft body (`bodyEdited`, which the window makes the same undoable command the
side-by-side editor's typing is), and the words show as insertions at once: the
view makes the same edit in its own document (typed words marked inserted,
deleted draft words struck, removed when they were inserted), so what it shows
of the draft stays the draft's characters in order until the redline of the
edited draft is in and drawn (a redline the draft has moved on from is not drawn
over that). Struck words are the base's: typing inside them types after them,
and Backspace or Delete over them steps past them (`inline_edit`). A section's
heading is edited the same way (`headingEdited`, the side-by-side heading's
rename); the title is renamed side by side.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from policyeditor.core.draft import DecisionsChanged, Draft, DraftEvent
from policyeditor.diff.redline import Redline
from policyeditor.diff.spans import LINE_SEPARATOR
from policyeditor.formats.redline.rich_text import LEVEL_INDENT, inline_html, inline_style_sheet
from policyeditor.formats.redline.walk import LINE_BREAK_MARK
from policyeditor.gui.editing import inline_edit
from policyeditor.gui.editing.change_bars import BAR_WIDTH, paint_bars, shown_range
from policyeditor.gui.editing.text_map import TextMap, heading_regions, region_map, rendered_ids, section_at
from policyeditor.gui.style.theme import Roles, roles
from policyeditor.pdf.redline import changed_lines

PASS_THROUGH = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
MARGIN = 24  # the document's margin, pixels; the change bars stand in it
MOVING_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home,
               Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
NOT_HERE = "Type in a section's heading or text here; the policy's title is renamed side by side."
ONE_SECTION = "Select words of one heading or one section's text to replace them here."
NOT_YET = "Still comparing; type again in a moment."


def inline_style(colours: Roles) -> str:
    """The redline's style sheet in the theme's colours."""
    tints = (colours.inserted_background, colours.deleted_background, colours.moved_background,
             colours.reformatted_background)
    return inline_style_sheet(colours.inserted.name(), colours.deleted.name(), colours.moved.name(),
                              *(colours.solid(tint) for tint in tints), colours.muted.name(),
                              colours.rule.name())


def inserted_format(base: QTextCharFormat) -> QTextCharFormat:
    """`base` (the format typed into) marked as an insertion, as the redline's style sheet marks one."""
    colours = roles()
    fmt = QTextCharFormat(base)
    fmt.setFontStrikeOut(False)
    fmt.setFontUnderline(True)
    fmt.setForeground(colours.inserted)
    fmt.setBackground(QColor(colours.solid(colours.inserted_background)))
    fmt.clearProperty(QTextCharFormat.Property.FontWordSpacing)
    return fmt


def deleted_format() -> QTextCharFormat:
    colours = roles()
    fmt = QTextCharFormat()
    fmt.setFontStrikeOut(True)
    fmt.setFontUnderline(False)
    fmt.setForeground(colours.deleted)
    fmt.setBackground(QColor(colours.solid(colours.deleted_background)))
    return fmt


def _is_current(redline: Redline, document: Draft) -> bool:
    """Whether `redline` was made from the draft as it is now."""
    shown = [(s.id, s.heading, s.body) for s, _ in document.policy.walk()]
    return shown == [(s.id, s.heading, s.body) for s, _ in redline.new.walk()]


class InlineRedlineView(QTextBrowser):
    """Shows a redline inline, editable over the draft (`set_draft`); `show_section(id)` scrolls
    to a section."""

    bodyEdited = Signal(str, str)  # noqa: N815  section id, canonical body (as the side-by-side editor's)
    headingEdited = Signal(str, str)  # noqa: N815  section id, heading
    message = Signal(str, int)     # why a keystroke did nothing: text, milliseconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineRedlineView")
        self.setOpenLinks(False)  # never follow a link from a document
        self.setUndoRedoEnabled(False)  # the window's undo stack holds the edits
        self.setAcceptDrops(False)  # a dragged file opens in the window; dragged words would move unseen
        self.setTabChangesFocus(True)
        self.document().setDefaultStyleSheet(inline_style(roles()))
        self.document().setDocumentMargin(MARGIN)
        self.redline: Redline | None = None
        self.accepted: frozenset[int] = frozenset()
        self.hide_editorial = False
        self.draft: Draft | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._editing = False  # our own edit is going into the draft
        self._in_step = False  # what is shown of the draft is the draft's characters in order
        self._edit: tuple[str, inline_edit.BodyEdit] | None = None  # the section last typed in
        self.set_draft(None)

    # ------------------------------------------------------------ the draft it edits

    def set_draft(self, draft: Draft | None, *, read_only: bool = True) -> None:
        """Edit `draft` here (None, or `read_only`: show only)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.draft = None if read_only else draft
        self._in_step = False
        self._edit = None
        if self.draft is not None:
            self._unsubscribe = self.draft.subscribe(self._on_change)
        self.setReadOnly(self.draft is None)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextEditorInteraction | Qt.TextInteractionFlag.LinksAccessibleByMouse
            if self.draft is not None else Qt.TextInteractionFlag.TextBrowserInteraction)

    def _on_change(self, event: DraftEvent) -> None:
        if not self._editing and not isinstance(event, DecisionsChanged):
            self._in_step = False  # edited elsewhere (side by side, undo): the next redline shows it

    def set_hide_editorial(self, hide: bool) -> None:
        """Show editorial changes as plain text (`hide`) or marked like others, from the next `show_redline`.

        Not redrawn here: the window redraws this view only while it is on show.
        """
        self.hide_editorial = hide

    def restyle(self) -> None:
        """Take the theme's colours again (after the palette or the redline colours changed)."""
        self.document().setDefaultStyleSheet(inline_style(roles()))
        self.show_redline(self.redline, self.accepted)

    def show_redline(self, redline: Redline | None, accepted: frozenset[int] = frozenset()) -> None:
        """Show `redline`, its `accepted` changes (ids) as plain text; the cursor keeps its place.

        A redline of an older draft is not drawn over the edits made here since (the next one is).
        """
        current = redline is None or self.draft is None or _is_current(redline, self.draft)
        if not current and self._in_step:
            return
        place = self._cursor_place()
        self.redline, self.accepted = redline, accepted
        value = self.verticalScrollBar().value()
        self.setHtml(inline_html(redline, self.hide_editorial, accepted) if redline is not None else "")
        self._in_step = current and redline is not None
        if place is not None and len(place) == 2:
            self._restore_heading_cursor(*place)  # type: ignore[misc]
        elif place is not None:
            self._restore_cursor(*place)  # type: ignore[misc]
        self.verticalScrollBar().setValue(value)

    def show_section(self, section_id: str) -> None:
        self.scrollToAnchor(f"s-{section_id}")

    # ------------------------------------------------------------ where the cursor is

    def _regions(self) -> dict[str, tuple[int, int]]:
        return heading_regions(self.document(), rendered_ids(self.redline))

    def _section_map(self, position: int) -> tuple[str, TextMap] | None:
        """The draft section whose text holds `position`, and the map of its shown draft characters."""
        if self.draft is None:
            return None
        regions = self._regions()
        section_id = section_at(regions, position)
        section = self.draft.policy.find(section_id) if section_id is not None else None
        if section is None:
            return None
        start, end = regions[section.id]
        return section.id, region_map(self.document(), start, end, section.body)

    def _cursor_place(self) -> tuple[str, int, bool, int, str, str] | tuple[str, int] | None:
        """The cursor as (section id, plain offset, after it, blocks away from it (0: in its
        paragraph), white space the draft does not hold before and after it) in a section's text, or
        (section id, characters before it) in its heading, to find it again in the next drawing."""
        if self.draft is None or not self.hasFocus():
            return None
        position = self.textCursor().position()
        heading = self._heading_at(position)
        if heading is not None:
            return heading[0], bisect_left(heading[1], position)
        found = self._section_map(position)
        if found is None:
            return None
        section_id, shown = found
        at = inline_edit.insertion_offset(self.document(), shown, position)
        if at is None:
            return None
        # white space shown between the cursor and the draft characters beside it that the draft
        # does not hold (a cell's or paragraph's first or last, the space after a line break Enter
        # typed in a cell): drawn again with it, before and after the cursor
        document = self.document()
        i = shown.offsets.index(at[0])
        local = inline_edit.past_struck(document, position, +1)
        # in a paragraph of no draft character: how many blocks from the character it names
        away = 0 if at[2] else abs(document.findBlock(local).blockNumber()
                                   - document.findBlock(shown.positions[i]).blockNumber())
        if not at[1]:
            return section_id, at[0], False, away, "", inline_edit.unmapped_between(
                document, shown, local, shown.positions[i])
        before = inline_edit.unmapped_between(document, shown, shown.positions[i] + 1, local)
        following = shown.positions[i + 1] if i + 1 < len(shown.positions) else shown.end
        # after it only up to a draft character in its line: at a line's end it is the drawing's
        ahead = inline_edit.unmapped_between(document, shown, local, following) \
            if following < inline_edit.block_end(document, local) else ""
        return section_id, at[0], True, away, before, ahead

    def _restore_heading_cursor(self, section_id: str, before: int) -> None:
        ids = rendered_ids(self.redline)
        if section_id not in ids:
            return
        wanted, index, block = ids.index(section_id), -1, self.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                if index == wanted:
                    found = self._heading_at(block.position())
                    if found is not None and found[1]:
                        shown = found[1]
                        cursor = self.textCursor()
                        cursor.setPosition(shown[before] if before < len(shown) else shown[-1] + 1)
                        self.setTextCursor(cursor)
                    return
                index += 1
            block = block.next()

    def _restore_cursor(self, section_id: str, offset: int, after: bool, away: int,
                        before: str, ahead: str) -> None:
        regions = self._regions()
        if self.draft is None or section_id not in regions or self.draft.policy.find(section_id) is None:
            return
        start, end = regions[section_id]
        shown = region_map(self.document(), start, end, self.draft.section(section_id).body)
        if offset not in shown.offsets:
            return
        i = shown.offsets.index(offset)
        cursor = self.textCursor()
        position = shown.positions[i] + (1 if after else 0)
        # typed words go after the struck ones they follow (as they are drawn)
        position = inline_edit.past_struck(self.document(), position, +1) if after else position
        if away and QTextCursor(self.document().findBlock(position)).currentTable() is None:
            # in a paragraph of no draft character (Enter just made it), `away` blocks from the character
            position = self._paragraph_beside(shown, shown.positions[i], after=after, steps=away)
        cursor.setPosition(position)
        if before or ahead:
            typed_into = inline_edit.char_format(self.document(), position - 1) if position > 0 \
                else cursor.charFormat()
            cursor.insertText(before + ahead, inserted_format(typed_into))
            cursor.setPosition(position + len(before))
        self.setTextCursor(cursor)

    def _paragraph_beside(self, shown: TextMap, position: int, *, after: bool, steps: int = 1) -> int:
        """Where the cursor goes in the paragraph `steps` after (or before) the one holding the draft
        character at `position`, when it and those between hold no draft character: an empty one
        is made when the drawing has none there (the draft does not hold an empty paragraph)."""
        document = self.document()
        block = document.findBlock(position)
        for step in range(steps):
            other = block.next() if after else block.previous()
            if not (other.isValid() and other.position() < shown.end
                    and other.blockFormat().headingLevel() == 0
                    and ((i := bisect_after(shown, other.position())) is None
                         or shown.positions[i] >= other.position() + other.length())):
                break
            if step == steps - 1:
                return other.position() + other.length() - 1 if self._bare(shown, other) else other.position()
            block = other
        cursor = QTextCursor(document)
        cursor.setPosition(inline_edit.block_end(document, block.position()) if after else block.position())
        cursor.insertText("\n")
        made = cursor.block() if after else cursor.block().previous()
        fmt = made.blockFormat()
        fmt.setLeftMargin(0)  # a paragraph, next to a list item too (Enter on its empty item ended it)
        QTextCursor(made).setBlockFormat(fmt)
        return made.position()

    # ------------------------------------------------------------ typing

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        """The redline, then a change bar left of each changed line it shows (as its PDF has)."""
        super().paintEvent(event)
        top, bottom = shown_range(self, event.rect())
        first = self.cursorForPosition(QPoint(0, event.rect().top())).block()
        paint_bars(self, changed_lines(self.document(), first, bottom), roles().deleted,
                   (MARGIN - BAR_WIDTH) / 2)

    def event(self, event: QEvent) -> bool:
        # the window's undo and redo, not QTextEdit's (which keeps none here)
        if event.type() == QEvent.Type.ShortcutOverride and any(
                event.matches(key) for key in PASS_THROUGH):  # type: ignore[attr-defined]
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if self.draft is None:
            super().keyPressEvent(event)
            return
        if event.key() in MOVING_KEYS or event.matches(QKeySequence.StandardKey.Copy) \
                or event.matches(QKeySequence.StandardKey.SelectAll):
            super().keyPressEvent(event)  # moving and selecting change nothing
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.type_text(QGuiApplication.clipboard().text())
        elif event.matches(QKeySequence.StandardKey.Cut):
            self.copy()
            self.erase(back=True)
        elif event.key() == Qt.Key.Key_Backspace:
            self.erase(back=True)
        elif event.key() == Qt.Key.Key_Delete:
            self.erase(back=False)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Shift+Enter is a line break inside the paragraph (`<br>`), as in Word and side by side
            self.type_text(LINE_SEPARATOR if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else "\n")
        elif event.text() and event.text().isprintable() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                | Qt.KeyboardModifier.MetaModifier):
            self.type_text(event.text())
        else:
            event.ignore()  # nothing else may change what the view shows of the draft

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802
        if self.draft is None:
            super().inputMethodEvent(event)
        elif event.commitString():
            self.type_text(event.commitString())

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt's name)
        if self.draft is not None and source.hasText():
            self.type_text(source.text())

    def _ready(self) -> bool:
        if not self._in_step:
            self.message.emit(NOT_YET, 3000)
        return self._in_step

    def _emit(self, section_id: str, body: str) -> None:
        if self.draft is None or self.draft.section(section_id).body == body:
            return  # a space at a paragraph's end: shown here, held by the draft with what follows it
        self._editing = True
        try:
            self.bodyEdited.emit(section_id, body)
        finally:
            self._editing = False

    def type_text(self, text: str) -> bool:
        """Type `text` at the cursor (in place of the selected draft words); False when it cannot go there."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n")
        if not text or self.draft is None or not self._ready():
            return False
        if self.textCursor().hasSelection() and not self._erase_selection():
            return False
        position = self.textCursor().position()
        heading = self._heading_at(position)
        if heading is not None:
            return self._type_heading(heading, position, text)
        found = self._section_map(position)
        at = inline_edit.insertion_offset(self.document(), found[1], position) if found else None
        if found is None or at is None:
            self.message.emit(NOT_HERE, 4000)
            return False
        section_id, shown = found
        document = self.document()
        block = document.findBlock(position)
        if text == "\n" and self._bare(shown, block) and self._list_item(block):
            return self._end_list(section_id, shown, block)
        edit = self._body_edit(section_id)
        offset, after, in_paragraph = at
        scratch = edit.position(offset)
        if scratch is None:
            return False
        local = inline_edit.past_struck(self.document(), position, +1)
        i = shown.offsets.index(offset)
        # spaces typed here before that the draft does not hold yet (its text ends no paragraph with one)
        if after:  # and those after the cursor in its paragraph (the draft drops them after a line break)
            following = shown.positions[i + 1] if i + 1 < len(shown.positions) else shown.end
            typed = inline_edit.unmapped_between(document, shown, shown.positions[i] + 1, local) + text \
                + inline_edit.unmapped_between(document, shown, local,
                                               min(following, inline_edit.block_end(document, local)))
        else:
            typed = text + inline_edit.unmapped_between(document, shown, local, shown.positions[i])
        at_scratch = scratch + (1 if after else 0)
        paragraph = False  # typed as a plain paragraph of its own
        if not in_paragraph:  # an empty or wholly struck paragraph: the typing is a paragraph there,
            # the draft's empty list item Enter made (the one as many blocks away as the cursor's)
            steps = abs(document.findBlock(local).blockNumber()
                        - document.findBlock(shown.positions[i]).blockNumber())
            empty = edit.empty_beside(scratch, after=after, steps=steps)
            here = document.findBlock(local)
            if empty is not None:
                at_scratch = empty
            elif self._list_item(here) or QTextCursor(here).currentTable() is not None:
                typed = "\n" + typed if after else typed + "\n"
            else:  # a paragraph, next to a list item too (Enter on an empty item ended the list)
                paragraph = True
        body = edit.insert_paragraph(at_scratch, typed, after=after) if paragraph \
            else edit.insert(at_scratch, typed)
        # shown at once: after the struck words the cursor is in, marked inserted
        cursor = self.textCursor()
        cursor.setPosition(local)
        typed_into = inline_edit.char_format(self.document(), local - 1) if local > 0 else cursor.charFormat()
        in_cell = QTextCursor(document.findBlock(local)).currentTable() is not None
        # a paragraph break in a table cell is the cell's line break (`<br>`), drawn in its block
        shown_text = text.replace("\n", LINE_SEPARATOR) if in_cell else text
        first = document.findBlock(local)
        cursor.insertText(shown_text, inserted_format(typed_into))
        if "\n" in shown_text:
            self._mark_items(first, cursor.block())
        self.setTextCursor(cursor)
        self._emit(section_id, body)
        return True

    def _list_item(self, block: QTextBlock) -> bool:
        """Whether `block` is drawn as a list item: its marker written at its start."""
        return inline_edit.item_text_start(self.document(), block) > block.position()

    def _end_list(self, section_id: str, shown: TextMap, block: QTextBlock) -> bool:
        """Enter on an empty list item ends the list there, as in Word and side by side: the item
        is shown as an empty paragraph after the list (between its two parts, in its middle), and
        the draft's empty item goes; the draft holds that paragraph once words are typed in it.
        An empty nested item moves out a level instead, in the draft and as shown."""
        document = self.document()
        i = bisect_after(shown, block.position())
        after = i != 0  # the draft's empty item is found from the draft character before it
        near = (len(shown.positions) if i is None else i) - (1 if after else 0)
        steps = abs(block.blockNumber() - document.findBlock(shown.positions[near]).blockNumber()) \
            if 0 <= near < len(shown.positions) else 1
        edit = self._body_edit(section_id)
        empty = self._empty_block(edit, shown, i, after, steps)
        body = None if empty is None else edit.outdent(empty)
        if body is not None:  # a nested item: out a level, still an item, as Word does
            fmt = block.blockFormat()
            fmt.setLeftMargin(max(fmt.leftMargin() - LEVEL_INDENT, LEVEL_INDENT))
            QTextCursor(block).setBlockFormat(fmt)
            self._emit(section_id, body)
            return True
        body = self._without_empty(edit, shown, i, after, steps)
        cursor = QTextCursor(block)
        cursor.setPosition(inline_edit.block_end(document, block.position()), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()  # its marker (and the mark of a paragraph inserted)
        fmt = block.blockFormat()
        fmt.setLeftMargin(0)
        cursor.setBlockFormat(fmt)
        self.setTextCursor(cursor)
        if body is not None:
            self._emit(section_id, body)
        return True

    def _mark_items(self, first: QTextBlock, last: QTextBlock) -> None:
        """Write the list marker of `first` at the start of each block after it to `last`: in a list
        item, Enter makes new items (as the draft has them), each drawn with its bullet."""
        document = self.document()
        start = inline_edit.item_text_start(document, first)
        if start == first.position():
            return  # no list item
        marker = QTextCursor(document)
        marker.setPosition(first.position())
        marker.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        fragment = marker.selection()
        block = first.next()
        while block.isValid() and block.position() <= last.position():
            QTextCursor(block).insertFragment(fragment)
            block = block.next()

    def erase(self, *, back: bool) -> bool:
        """Backspace (`back`) or Delete: the draft character before or after the cursor, or the selected
        draft words. Struck words are stepped over, not changed; False when nothing was erased."""
        if self.draft is None or not self._ready():
            return False
        if self.textCursor().hasSelection():
            return self._erase_selection()
        document = self.document()
        position = self.textCursor().position()
        stepped = inline_edit.past_struck(document, position, -1 if back else +1)
        if stepped != position:  # a tracked deletion: step over it, as Word does
            cursor = self.textCursor()
            cursor.setPosition(stepped)
            self.setTextCursor(cursor)
            return False
        block = document.findBlock(position)
        heading = self._heading_at(position)
        if heading is not None:
            return self._erase_heading(heading, position - 1 if back else position, back=back)
        edge = block.position() if back else inline_edit.block_end(document, position)
        # after a list item's marker (or a mark alone in its paragraph) is at its start too
        at_edge = position == edge or back and inline_edit.only_marks(document, edge, position)
        if at_edge:
            return self._join(position, back=back)
        target = position - 1 if back else position
        found = self._section_map(target)
        i = inline_edit.index_at(found[1], target) if found else None
        if found is not None and i is None and inline_edit.unmapped_between(
                document, found[1], target, target + 1):  # a space the draft does not hold yet
            cursor = self.textCursor()
            cursor.setPosition(target)
            cursor.deleteChar()
            self.setTextCursor(cursor)
            return True
        if found is None or i is None:
            self.message.emit(NOT_HERE, 4000)
            return False
        section_id, shown = found
        edit = self._body_edit(section_id)
        scratch = edit.position(shown.offsets[i])
        if scratch is None:
            return False
        body = edit.remove(scratch, scratch + 1)
        target -= self._unshow(target, target + 1)
        cursor = self.textCursor()
        cursor.setPosition(target if back else self._after_struck(target))
        self.setTextCursor(cursor)
        self._emit(section_id, body)
        return True

    def _body_edit(self, section_id: str) -> inline_edit.BodyEdit:
        """The section's draft body to edit: the last keystroke's, while it is still the draft's
        and laid out as filled, so a keystroke reads back only the block it edits."""
        body = self.draft.section(section_id).body  # type: ignore[union-attr]
        kept = self._edit
        if kept is None or kept[0] != section_id or not kept[1].fresh or kept[1].body != body:
            kept = self._edit = (section_id, inline_edit.BodyEdit(body))
        return kept[1]

    def _after_struck(self, position: int) -> int:
        return inline_edit.past_struck(self.document(), position, +1)

    def _join(self, position: int, *, back: bool) -> bool:
        """Backspace at a paragraph's start, or Delete at its end: join it with its neighbour.

        A paragraph that shows nothing (Enter just made it) is taken away, with the draft's
        empty list item there if it has one; the white space the draft dropped at the break
        (Enter between two words) comes back between the words joined."""
        document = self.document()
        found = self._section_map(position)
        if found is None:
            self.message.emit(NOT_HERE, 4000)
            return False
        section_id, shown = found
        block = document.findBlock(position)
        if back and inline_edit.item_text_start(document, block) > block.position() \
                and not self._bare(shown, block):
            return self._unlist(section_id, shown, block)
        first, second = (block.previous(), block) if back else (block, block.next())
        if not first.isValid() or not second.isValid() or not inline_edit.same_cell(first, second):
            return False
        # the first draft character after the break, which must start a paragraph of the body too
        i = bisect_after(shown, second.position())
        edit = self._body_edit(section_id)
        bare = next((b for b in (second, first) if self._bare(shown, b)), None)
        if bare is not None:  # a paragraph of nothing: the break goes, and the draft's empty item
            body = self._without_empty(edit, shown, i, bare is second)
            self._take_break(first, second)
            if body is not None:
                self._emit(section_id, body)
            return True
        if i is None or i == 0:
            return False
        scratch = edit.position(shown.offsets[i])
        if scratch is None or scratch == 0 or not edit.starts_block(scratch) \
                or document.findBlock(shown.positions[i - 1]).blockNumber() \
                == document.findBlock(shown.positions[i]).blockNumber():
            return False
        body = edit.remove(scratch - 1, scratch, self._dropped_space(shown, i, first, second))
        self._take_break(first, second)
        self._emit(section_id, body)
        return True

    def _unlist(self, section_id: str, shown: TextMap, block: QTextBlock) -> bool:
        """Backspace at a list item's start: the item becomes a plain paragraph, its text kept, as in
        Word (shown at once without its marker)."""
        i = bisect_after(shown, block.position())
        end = block.position() + block.length() - 1
        if i is None or shown.positions[i] >= end:
            return False
        scratch = self._body_edit(section_id).position(shown.offsets[i])
        body = None if scratch is None else self._body_edit(section_id).unlist(scratch)
        if body is None:
            return False
        cursor = QTextCursor(block)
        text_start = inline_edit.item_text_start(self.document(), block)
        cursor.setPosition(text_start, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        fmt = block.blockFormat()
        fmt.setLeftMargin(0)
        cursor.setBlockFormat(fmt)
        self.setTextCursor(cursor)
        self._emit(section_id, body)
        return True

    def _bare(self, shown: TextMap, block: QTextBlock) -> bool:
        """Whether `block` shows nothing but the list marker the view writes."""
        document = self.document()
        start, end = block.position(), block.position() + block.length() - 1
        if bisect_after(shown, start) is not None and shown.positions[bisect_after(shown, start)] < end:
            return False
        return all(inline_edit.written_marker(document, q) or document.characterAt(q).isspace()
                   for q in range(start, end))

    def _without_empty(self, edit: inline_edit.BodyEdit, shown: TextMap, i: int | None,
                       after: bool, steps: int = 1) -> str | None:
        """The body without its empty block `steps` blocks after the draft character before
        (`after`) or before the one at `i`, None when it has none (an empty paragraph is the
        view's alone: the draft drops it)."""
        empty = self._empty_block(edit, shown, i, after, steps)
        if empty is None:
            return None
        return edit.remove(empty - 1, empty) if after else edit.remove(empty, empty + 1)

    @staticmethod
    def _empty_block(edit: inline_edit.BodyEdit, shown: TextMap, i: int | None, after: bool,
                     steps: int) -> int | None:
        """Where the body's empty block `steps` blocks after the draft character before (`after`)
        or before the one at `i` sits in `edit`'s document, None when it has none."""
        j = (len(shown.offsets) if i is None else i) - 1 if after else i
        if j is None or j < 0 or j >= len(shown.offsets):
            return None
        scratch = edit.position(shown.offsets[j])
        return None if scratch is None else edit.empty_beside(scratch, after=after, steps=steps)

    def _dropped_space(self, shown: TextMap, i: int, first: QTextBlock, second: QTextBlock) -> str:
        """" " when the view shows white space the draft dropped at the break between the draft
        characters `i - 1` and `i` (Enter typed next to a space): joined, the words keep it."""
        document = self.document()
        before, after = shown.positions[i - 1], shown.positions[i]
        plain = shown.plain
        if plain[shown.offsets[i - 1]].isspace() or plain[shown.offsets[i]].isspace():
            return ""
        end = first.position() + first.length() - 1
        if before + 1 < end and inline_edit.index_at(shown, before + 1) is None \
                and document.characterAt(before + 1).isspace():
            return " "
        if second.position() < after and inline_edit.index_at(shown, after - 1) is None \
                and document.characterAt(after - 1).isspace() \
                and not inline_edit.written_marker(document, after - 1):
            return " "
        return ""

    def _take_break(self, first: QTextBlock, second: QTextBlock) -> None:
        """Join the view's blocks `first` and `second`: the break goes, and the list marker the
        view writes at the start of `second`."""
        document = self.document()
        cursor = QTextCursor(document)
        at = first.position() + first.length() - 1
        cursor.setPosition(at)
        cursor.deleteChar()
        while at < inline_edit.block_end(document, at) and inline_edit.written_marker(document, at):
            cursor.deleteChar()
        cursor = self.textCursor()
        cursor.setPosition(at)
        self.setTextCursor(cursor)

    def _erase_selection(self) -> bool:
        """Take the selected draft words out of the draft (struck words stay); False when none are."""
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        heading = self._heading_at(start)
        last = max(start, end - 1)  # the last character selected (a paragraph's end, when triple-clicked)
        if heading is not None or self._heading_at(last) is not None:
            if heading is None or self.document().findBlock(start) != self.document().findBlock(last):
                self.message.emit(ONE_SECTION, 4000)
                return False
            return self._erase_heading(heading, start, back=True, end=end)
        found = self._section_map(start)
        if found is None or (end > start and self._section_map(end - 1) is not None
                             and self._section_map(end - 1)[0] != found[0]):  # type: ignore[index]
            self.message.emit(ONE_SECTION, 4000)
            return False
        section_id, shown = found
        first, last = bisect_after(shown, start), bisect_after(shown, end)
        if first is None or last is None:
            last = len(shown.positions)
        if first is None or first >= last:
            cursor.setPosition(start)
            self.setTextCursor(cursor)
            return False
        edit = self._body_edit(section_id)
        a, b = edit.position(shown.offsets[first]), edit.position(shown.offsets[last - 1])
        if a is None or b is None:
            return False
        body = edit.remove(a, b + 1)
        for i in reversed(range(first, last)):
            gone_before = self._unshow(shown.positions[i], shown.positions[i] + 1)
        cursor.setPosition(min(start, shown.positions[first] - gone_before))
        self.setTextCursor(cursor)
        self._emit(section_id, body)
        return True

    # ------------------------------------------------------------ headings

    def _heading_at(self, position: int) -> tuple[str, list[int]] | None:
        """The draft section whose heading line holds `position`, and the positions of its heading's
        characters there (its number and the struck words left out); None elsewhere, or for the
        title or a moved section's old place."""
        if self.draft is None:
            return None
        block = self.document().findBlock(position)
        if block.blockFormat().headingLevel() == 0:
            return None
        index, other = -1, self.document().begin()
        while other.isValid() and other != block:
            index += other.blockFormat().headingLevel() > 0
            other = other.next()
        ids = rendered_ids(self.redline)
        section_id = ids[index] if 0 <= index < len(ids) else None
        section = self.draft.policy.find(section_id) if section_id is not None else None
        if section is None:
            return None
        kept = inline_edit.kept_positions(self.document(), block)
        # the heading's characters are the line's last unstruck ones (its number comes first)
        heading = section.heading
        shown = kept[len(kept) - len(heading):] if len(heading) <= len(kept) else None
        text = self.document().toPlainText()
        if shown is None or "".join(text[p] for p in shown).replace("\u00a0", " ") != heading:
            return None
        return section.id, shown

    def _type_heading(self, heading: tuple[str, list[int]], position: int, text: str) -> bool:
        if "\n" in text or LINE_SEPARATOR in text:
            self.message.emit("A heading is one line; type its text in the section below it.", 4000)
            return False
        section_id, shown = heading
        local = inline_edit.past_struck(self.document(), position, +1)
        at = bisect_left(shown, local)
        if not shown:  # an empty heading: typed at the line's end
            local = inline_edit.block_end(self.document(), position)
        elif at == 0 and local < shown[0]:
            local = shown[0]  # typed in the number: the heading starts after it
        old = self.draft.section(section_id).heading  # type: ignore[union-attr]
        cursor = self.textCursor()
        cursor.setPosition(local)
        typed_into = inline_edit.char_format(self.document(), local - 1) if local > 0 else cursor.charFormat()
        cursor.insertText(text, inserted_format(typed_into))
        self.setTextCursor(cursor)
        self._emit_heading(section_id, old[:at] + text + old[at:])
        return True

    def _erase_heading(self, heading: tuple[str, list[int]], start: int, *, back: bool,
                       end: int | None = None) -> bool:
        """Take the heading's characters at [start, end) (one, without `end`) out of it."""
        section_id, shown = heading
        end = start + 1 if end is None else end
        chosen = [i for i, p in enumerate(shown) if start <= p < end]
        if not chosen:
            if end == start + 1:
                self.message.emit("The section's number is not its heading's to edit.", 4000)
            return False
        old = self.draft.section(section_id).heading  # type: ignore[union-attr]
        new = "".join(ch for i, ch in enumerate(old) if i not in set(chosen))
        for i in reversed(chosen):
            self._unshow(shown[i], shown[i] + 1)
        cursor = self.textCursor()
        cursor.setPosition(start if back else self._after_struck(start))
        self.setTextCursor(cursor)
        self._emit_heading(section_id, new)
        return True

    def _emit_heading(self, section_id: str, heading: str) -> None:
        self._editing = True
        try:
            self.headingEdited.emit(section_id, heading)
        finally:
            self._editing = False

    def _unshow(self, start: int, end: int) -> int:
        """Show the draft characters at [start, end) as gone: removed when they were typed
        (inserted), struck when they were the base's. Returns how many characters before `start`
        went with them: the ↵ the redline marks an inserted line break with (1), else 0."""
        document = self.document()
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = inline_edit.char_format(document, start)
        if not fmt.fontUnderline() or fmt.anchorHref():  # a link's underline is no insertion's
            cursor.mergeCharFormat(deleted_format())
            return 0
        marked = document.characterAt(start) == LINE_SEPARATOR and start > 0 \
            and document.characterAt(start - 1) == LINE_BREAK_MARK \
            and inline_edit.written_marker(document, start - 1)
        if marked:
            cursor.setPosition(start - 1)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        return int(marked)


def bisect_after(shown: TextMap, position: int) -> int | None:
    """The index of the first shown draft character at or after `position`, None past the last."""
    i = bisect_left(shown.positions, position)
    return i if i < len(shown.positions) else None
