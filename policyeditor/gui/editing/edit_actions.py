"""The window's editing part: structure edits (add, delete, rename, move, indent), formatting
the focused editor, and find and replace.

Every change of the draft is a command from `commands.py`, handed to `push` (the
session's undo stack); the part knows the compare view, the navigator and a way to ask
for the open session, never the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QTextEdit, QTreeView, QWidget

from policyeditor.core.draft import Draft
from policyeditor.core.model import Section
from policyeditor.gui.editing import commands
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.find_replace import FindReplaceDialog, keep_clear, replace_all
from policyeditor.gui.editing.keep_shown import KeepShown
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.models.sections import SectionTreeModel
from policyeditor.gui.session import Session
from policyeditor.gui.window.numbering_dialog import OutlineNumberingDialog


class EditActions(QObject):
    """Structure edits, formatting and find/replace for one window's compare view and navigator."""

    def __init__(self, dialog_parent: QWidget, view: CompareView, navigator: QTreeView,
                 current_session: Callable[[], Session | None], push: Callable[[QUndoCommand], None],
                 find_next_action: QAction) -> None:
        super().__init__(dialog_parent)
        self._parent = dialog_parent
        self._view = view
        self._navigator = navigator
        self._session = current_session
        self._push = push
        self._find_next_action = find_next_action
        self._find_dialog: FindReplaceDialog | None = None
        self._keep_shown = KeepShown(view)
        self._keep_shown.shown.connect(self._found_shown)
        self._found_in: SectionEditor | None = None

    def edit_numbering(self) -> None:
        """Format ▸ Outline Numbering…: edit the policy's numbering style, one undo step."""
        session = self._session()
        if session is None:
            return
        dialog = OutlineNumberingDialog(session.document.policy.numbering, self._parent)
        accepted, style = dialog.exec(), dialog.style()
        dialog.deleteLater()  # Qt frees it, not the garbage collector at some later moment
        if accepted and style != session.document.policy.numbering:
            self._push(commands.SetNumbering(session.document, style))

    def format(self, kind: str, on: bool) -> None:
        editor = self._view.focused_editor()
        if editor is not None:
            editor.toggle_format(kind, on)

    def make_list(self, ordered: bool) -> None:
        editor = self._view.focused_editor()
        if editor is not None:
            editor.make_list(ordered)

    def current_section_id(self) -> str | None:
        """The section being edited (focused editor), else the one selected in the navigator."""
        editor = self._view.focused_editor()
        if editor is not None:
            return editor.section_id
        model = self._navigator.model()
        if isinstance(model, SectionTreeModel):
            section = model.section_at(self._navigator.currentIndex())
            if section is not None:
                return section.id
        return None

    def select_section(self, section_id: str) -> None:
        model = self._navigator.model()
        if isinstance(model, SectionTreeModel) and self._session() and \
                self._session().document.policy.find(section_id) is not None:
            self._navigator.setCurrentIndex(model.index_of(section_id))
        self._view.scroll_to(section_id)

    def add_section(self) -> None:
        if self._session() is not None:
            section = Section(heading="New section")
            self._push(commands.add_after(self._session().document, self.current_section_id(), section))
            self.select_section(section.id)
            self._view.focus_heading(section.id)  # the heading typed next names the new section

    def delete_section(self) -> None:
        current = self.current_section_id()
        if self._session() is not None and current is not None:
            self._push(commands.RemoveSection(self._session().document, current))

    def rename_section(self) -> None:
        current = self.current_section_id()
        row = self._view.row_of(current) if current is not None else None
        if current is not None and row is not None and row.right_heading is not None:
            self._view.scroll_to(current)
            row.right_heading.setFocus()
            row.right_heading.selectAll()

    def _structural(self, make: Callable[[Draft, str], QUndoCommand | None]) -> None:
        """Push the move `make` builds for the current section (if it can move), keeping it selected."""
        current = self.current_section_id()
        if self._session() is None or current is None:
            return
        command = make(self._session().document, current)
        if command is not None:
            self._push(command)
            self.select_section(current)

    def move_section(self, step: int) -> None:
        """Move the current section up (-1) or down (+1) among its siblings."""
        self._structural(lambda document, sid: commands.move_by(document, sid, step))

    def indent_section(self) -> None:
        self._structural(commands.indent)

    def outdent_section(self) -> None:
        self._structural(commands.outdent)

    def move_to(self, section_id: str, parent_id: str | None, index: int) -> None:
        if self._session() is not None:
            self._push(commands.MoveSection(self._session().document, section_id, parent_id, index))
            self.select_section(section_id)

    # ------------------------------------------------------------ find and replace

    def show_find(self) -> FindReplaceDialog:
        if self._find_dialog is None:
            dialog = FindReplaceDialog(self._parent)
            dialog.findNext.connect(self.find_next)
            dialog.replaceOne.connect(self.replace_one)
            dialog.replaceAll.connect(self.replace_all)
            dialog.addAction(self._find_next_action)  # F3 in the dialog too
            self._find_dialog = dialog
        editor = self._view.focused_editor()
        if editor is not None and editor.textCursor().hasSelection():
            self._find_dialog.find_edit.setText(editor.textCursor().selectedText())
        self._find_dialog.show()
        self._find_dialog.raise_()
        self._find_dialog.find_edit.setFocus()
        return self._find_dialog

    def find_next_or_ask(self) -> None:
        if self._find_dialog is None or not self._find_dialog.find_edit.text():
            self.show_find()
        else:
            self.find_next()

    def find_next(self) -> bool:
        dialog = self._find_dialog
        if dialog is None:
            return False
        found = self._view.find_next(dialog.find_edit.text(), dialog.flags, self._found_in)
        self._found_in = found
        dialog.result.setText("" if found else "Not found.")
        if found is not None:
            self._keep_shown.show(found, dialog)  # and the find box off the words (`_found_shown`)
        return found is not None

    def _found_shown(self, editor: QTextEdit) -> None:
        # the found words scrolled on show, or moved there as the rows settled: the find box off them
        dialog = self._find_dialog
        if dialog is not None and editor is self._found_in and dialog.isVisible():
            keep_clear(dialog, self._view, editor)

    def replace_one(self) -> bool:
        """Replace the found text (when still selected) and find the next."""
        dialog, editor = self._find_dialog, self._found_in
        if dialog is None or self._session() is None or self._session().read_only:
            return False
        if editor is not None and editor.textCursor().hasSelection():
            selected = editor.textCursor().selectedText()
            wanted = dialog.find_edit.text()
            same = selected == wanted if dialog.case_box.isChecked() else selected.lower() == wanted.lower()
            if same:
                editor.textCursor().insertText(dialog.replace_edit.text())
        return self.find_next()

    def replace_all(self) -> int:
        """Replace in every heading and body as one undo step; returns how many were replaced."""
        dialog = self._find_dialog
        if dialog is None or self._session() is None or self._session().read_only:
            return 0
        command, count = replace_all(self._session().document, dialog.find_edit.text(),
                                     dialog.replace_edit.text(), match_case=dialog.case_box.isChecked(),
                                     whole_words=dialog.words_box.isChecked())
        if command is not None:
            self._push(command)
        dialog.result.setText(f"Replaced {count} occurrence{'s' if count != 1 else ''}.")
        return count
