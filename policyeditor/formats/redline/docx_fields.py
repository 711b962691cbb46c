"""Fields in the tracked redline DOCX: each a real Word field, as the clean export writes it.

The writer gathers a field's result runs as it writes them (`OpenField`); when the field
ends, its characters (begin, instruction, separate … end, `ooxml.fields`) stand around them
with the revision of the field itself: none for a field both texts have (its result's own
edits tracked inside it), inserted (deleted: its code then w:delInstrText) for a field one
text alone has, moved with its words. A field whose instruction alone changed, or that came
or went around kept words (the compare's "field changed"), is the old field with its words
deleted, then the new one with its words inserted: Accept All leaves the new field, Reject
All the old one, and Word and LibreOffice show the old result struck and the new inserted.
"""

from __future__ import annotations

from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from policyeditor.diff.text import Op
from policyeditor.formats.ooxml.fields import char_run, opening_runs
from policyeditor.formats.redline.docx_marks import Marks, Rev


class OpenField:
    """The field the writer is filling in one paragraph: `code` the new text's instruction, and
    for a field changed `old_code` the old text's ('' where one text has no field there)."""

    def __init__(self, paragraph: DocxParagraph, code: str, old_code: str | None) -> None:
        self.paragraph, self.code, self.old_code = paragraph, code, old_code
        self.ops: list[Op] = []
        self.opening = opening_runs(code) if code else []
        self.old_opening = opening_runs(old_code) if old_code else []
        self.old_end = char_run("end") if old_code else None
        self.last = None  # the last element of its (new) result in the paragraph
        # written now, before its first result run: that run then never joins a w:hyperlink before it
        for element in (*self.old_opening, *([self.old_end] if self.old_end is not None else []),
                        *self.opening):
            paragraph._p.append(element)

    def continues(self, paragraph: DocxParagraph, code: str, old_code: str | None) -> bool:
        return self.paragraph._p is paragraph._p and self.code == code and self.old_code == old_code

    def add(self, run: DocxRun, op: Op) -> None:
        """A run of its result, just written (and tracked) at the paragraph's end."""
        self.ops.append(op)
        self.last = _in_paragraph(run._r, self.paragraph._p)

    def add_old(self, run: DocxRun) -> None:
        """A changed field's words as they were: into the old field, before the new one."""
        anchor = self.old_end if self.old_end is not None else self.opening[0]
        anchor.addprevious(_in_paragraph(run._r, self.paragraph._p))

    def close(self, marks: Marks, rev: Rev, key: int) -> None:
        """End it: its characters written and tracked, `rev` the field's own revision (a field
        changed: the old one's deleted and the new one's inserted, `key` the change's)."""
        end = char_run("end") if self.code else None
        if end is not None:
            (self.last if self.last is not None else self.opening[-1]).addnext(end)
        new_chars = [*self.opening, *([end] if end is not None else [])]
        old_chars = [*self.old_opening, *([self.old_end] if self.old_end is not None else [])]
        if self.old_code is not None:
            self._track(marks, old_chars, "del", key)
            rev = "ins"
        self._track(marks, new_chars, rev, key)

    def _track(self, marks: Marks, elements: list, rev: Rev, key: int) -> None:
        for element in elements:
            marks.run(DocxRun(element, self.paragraph), rev, key)


def _in_paragraph(element, paragraph):
    """The child of `paragraph` holding `element` (a w:hyperlink or revision around a run)."""
    while element.getparent() is not paragraph:
        element = element.getparent()
    return element
