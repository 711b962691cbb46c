"""Comments in the text panes: the words a selection names, the marks on commented words, a thread's words.

Three kinds of pane show a section's words: the section editors of the
side-by-side view (base left, draft right), and the two rendered views (inline
redline, draft only). Each maps its document positions to the section's plain
text through `text_map`, so a selection becomes a `Target` (what `Comments.comment`
anchors on) and a thread's anchor becomes a range to mark or select.

Which text a pane shows decides which comments belong to it: the draft side
shows the draft (`version` None) or, for a version opened read-only, that
version; the base side shows the version chosen as base (None when the base is
the draft as opened, which no comment can be on).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTextEdit

from policyeditor.core.model import Policy
from policyeditor.gui.editing.compare_view import CompareView
from policyeditor.gui.editing.section_editor import SectionEditor
from policyeditor.gui.editing.selection_layers import comment_format, layer, selection, set_layer
from policyeditor.gui.editing.text_map import (
    TextMap,
    editor_map,
    heading_regions,
    region_map,
    section_at,
)
from policyeditor.review.comments import CommentState, Thread

NO_VERSION = object()  # a pane whose text is no saved version and not the draft: no comments


@dataclass(frozen=True)
class Target:
    """Words chosen to comment on: a section of a version (None: the draft) and plain-text offsets."""

    section_id: str
    version: str | None
    text: str   # the section's plain text
    start: int
    end: int

    @property
    def quote(self) -> str:
        return self.text[self.start:self.end]


@dataclass
class PaneText:
    """What one pane shows: its widget, the policy whose words it holds, and that policy's version."""

    widget: QTextEdit
    policy: Policy | None
    version: object  # str | None, or NO_VERSION


def policy_ids(policy: Policy | None) -> list[str | None]:
    return [section.id for section, _ in policy.walk()] if policy is not None else []


class ReviewPanes:
    """Finds selections in, marks comments on, and reveals threads in the window's text panes."""

    def __init__(self, compare: CompareView, rendered: list[tuple[QTextEdit, object]]) -> None:
        """`rendered`: each rendered view with a function giving its heading ids (see `rendered_ids`)."""
        self.compare = compare
        self.rendered = rendered
        self.draft_version: object = NO_VERSION
        self.base_version: object = NO_VERSION

    # ------------------------------------------------------------ maps

    def _editor_side(self, editor: SectionEditor) -> tuple[Policy | None, object]:
        if editor.objectName() == "baseEditor":
            return self.compare.base, self.base_version
        document = self.compare.document
        return (document.policy if document else None), self.draft_version

    def _editor_map(self, editor: SectionEditor) -> tuple[TextMap, object] | None:
        policy, version = self._editor_side(editor)
        section = policy.find(editor.section_id) if policy is not None else None
        if section is None:
            return None
        return editor_map(editor.document(), section.body), version

    def _rendered_maps(self, view: QTextEdit, ids_of) -> dict[str, TextMap]:  # type: ignore[no-untyped-def]
        document = self.compare.document
        if document is None:
            return {}
        maps = {}
        for section_id, (start, end) in heading_regions(view.document(), ids_of()).items():
            section = document.policy.find(section_id)
            if section is not None:
                maps[section_id] = region_map(view.document(), start, end, section.body)
        return maps

    # ------------------------------------------------------------ selections

    def target(self, widget: QTextEdit | None) -> Target | str:
        """The words selected in `widget` as a Target, or why there is nothing to comment on."""
        if widget is None or not widget.textCursor().hasSelection():
            return "Select the words to comment on first."
        cursor = widget.textCursor()
        if isinstance(widget, SectionEditor):
            mapped = self._editor_map(widget)
            if mapped is None:
                return "These words are in no section of a saved text."
            text_map, version = mapped
            section_id = widget.section_id
        else:
            ids_of = next((ids for view, ids in self.rendered if view is widget), None)
            if ids_of is None:
                return "Select words in the text to comment on them."
            maps = self._rendered_maps(widget, ids_of)
            regions = {sid: (m.positions[0] if m.positions else m.end, m.end) for sid, m in maps.items()}
            found = section_at(regions, cursor.selectionStart())
            if found is None:
                return "Select words of one section's text (not its heading) to comment on."
            section_id, text_map, version = found, maps[found], self.draft_version
        if version is NO_VERSION:
            return ("This pane shows the draft as it was opened, not a saved version: "
                    "comment on the draft or choose a version to compare with.")
        start, end = text_map.to_plain(cursor.selectionStart(), cursor.selectionEnd())
        while start < end and text_map.plain[start].isspace():
            start += 1
        while end > start and text_map.plain[end - 1].isspace():
            end -= 1
        if start >= end:
            return "Select words of one section's text (not its heading) to comment on."
        return Target(section_id, version, text_map.plain, start, end)  # type: ignore[arg-type]

    # ------------------------------------------------------------ marks

    def mark(self, threads: list[Thread], current: str | None = None) -> int:
        """Mark the words of every open thread (and of the `current` one, even resolved) in every
        pane showing its text; returns how many marks."""
        threads = [t for t in threads if t.state == CommentState.OPEN or t.id == current]
        commented = {t.anchor.section_id for t in threads}
        count = 0
        for editor in self.compare.editors():
            if editor.section_id not in commented:  # mapping every pane's text costs seconds on big policies
                if layer(editor, "comments"):
                    self._mark(editor, [], current)
                continue
            mapped = self._editor_map(editor)
            wanted = [t for t in threads if mapped is not None and t.root.version == mapped[1]
                      and t.anchor.section_id == editor.section_id and not t.outdated]
            count += self._mark(editor, [(mapped[0], t) for t in wanted] if mapped else [], current)
        for view, ids_of in self.rendered:
            maps = self._rendered_maps(view, ids_of) if view.isVisible() else {}
            wanted = [(maps[t.anchor.section_id], t) for t in threads
                      if t.root.version == self.draft_version and t.anchor.section_id in maps
                      and not t.outdated]
            count += self._mark(view, wanted, current)
        return count

    @staticmethod
    def _mark(widget: QTextEdit, placed: list[tuple[TextMap, Thread]], current: str | None) -> int:
        marks = []
        for text_map, thread in placed:
            start, end = text_map.to_document(thread.anchor.start or 0, thread.anchor.end or 0)
            if end > start:
                marks.append(selection(widget, start, end, comment_format(thread.id == current)))
        set_layer(widget, "comments", marks)
        return len(marks)

    # ------------------------------------------------------------ revealing

    def reveal(self, thread: Thread, rendered: QTextEdit | None = None) -> QTextEdit | None:
        """Scroll to and select the thread's words: in `rendered` when given and showing them,
        else in the side-by-side pane showing its version. Returns the pane, or None."""
        if thread.outdated:
            return None
        if rendered is not None:
            ids_of = next((ids for view, ids in self.rendered if view is rendered), None)
            maps = self._rendered_maps(rendered, ids_of) if ids_of is not None else {}
            text_map = maps.get(thread.anchor.section_id)
            if text_map is not None and thread.root.version == self.draft_version:
                start, end = text_map.to_document(thread.anchor.start or 0, thread.anchor.end or 0)
                cursor = rendered.textCursor()
                cursor.setPosition(start)
                cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
                rendered.setTextCursor(cursor)
                rendered.ensureCursorVisible()
                return rendered
        for editor in self.compare.editors():
            if editor.section_id != thread.anchor.section_id:
                continue
            mapped = self._editor_map(editor)
            if mapped is None or mapped[1] != thread.root.version:
                continue
            start, end = mapped[0].to_document(thread.anchor.start or 0, thread.anchor.end or 0)
            self.compare.select_in(editor, start, end)
            return editor
        return None
