"""How a redline DOCX shows its changes: Word's tracked revisions (`TrackedMarks`); the blackline
draws them as coloured runs with the same writer (blackline.BlacklineMarks)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from copy import deepcopy

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree

from policyeditor.formats.ooxml.hyperlinks import track_link_change
from policyeditor.formats.ooxml.paragraph_properties import put_in_place
from policyeditor.formats.ooxml.revisions import Revisions
from policyeditor.formats.redline.walk import Format

# a revision as this module names it: one of Revisions' kinds, or an insertion deleted again
Rev = str | None   # None, "ins", "del", "moveFrom", "moveTo", "ins+del"


class Marks:
    """How a redline writer shows changes; the tracked-changes DOCX and the blackline differ only here."""

    link_fields = False  # a link changed around kept words is a tracked field (`relink`), not a w:hyperlink
    real_fields = False  # a field's result is a real Word field (`docx_fields`); else its words alone
    # a paragraph break one text has inside the other's word is also a ¶ run (a page with no
    # revisions has no paragraph mark to show it on); a tracked mark says it to Word itself
    pilcrows = False
    # such a break rather takes in the rest of the word (walk.unglued), so a reader that parts
    # paragraphs with a space reads accept (reject) as Word does; a printed page keeps its ¶
    unglue = False

    def run(self, run: DocxRun, rev: Rev, move_key: int) -> None:
        """Show one run (already in its paragraph) as `rev`; `move_key` names its move."""

    def credit(self, change: int) -> None:
        """The revisions that follow (a format change on kept words) are change `change`'s."""

    def paragraph(self, paragraph: DocxParagraph, rev: Rev, move_key: int, changed: bool) -> None:
        """Show a paragraph's mark as `rev`; `changed` is true when any of its text changed."""

    def row(self, row, rev: Rev, changed: bool) -> None:
        """Show a whole table row (w:tr) as inserted or deleted; `changed` is true when any of its
        cells' words or formatting changed."""

    def format(self, run: DocxRun, old: Format) -> None:
        """Show a run's formatting as changed from `old` (its words unchanged)."""

    def paragraph_style(self, paragraph: DocxParagraph, old_style_id: str | None) -> None:
        """Show a paragraph's style (a heading's level) as changed from `old_style_id`."""

    def paragraph_kind(self, paragraph: DocxParagraph, old_properties) -> None:
        """Show a paragraph's kind (list item or not, bullets or numbers, list level) as changed
        from `old_properties`, the w:pPr a paragraph of its old kind has."""

    def kind_now(self, paragraph: DocxParagraph, new_properties) -> None:
        """A paragraph written in its old kind is of `new_properties`' kind now (a w:pPr): show
        it so where the marks track kinds; a blackline shows each paragraph as its text has it."""

    def reformatted(self, run: DocxRun) -> None:
        """Show a run as words of a change of formatting alone (Word tracks it: `format`)."""

    def format_note(self, paragraph: DocxParagraph, what: str) -> None:
        """A change of formatting alone ends here in `paragraph`: say what changed ("bold removed")."""

    def old_marker(self, paragraph: DocxParagraph, marker: str) -> None:
        """Show the list marker ("•", "1.") a paragraph whose kind changed had, at its start."""

    def relink(self, run: DocxRun, old_target: str, new_target: str) -> None:
        """Show a run's link as changed from `old_target` to `new_target` ('' for none)."""

    def cell(self, tc, kind: str) -> None:
        """Show a table cell (w:tc) of a kept row as inserted ("ins") or deleted ("del")."""

    def finish(self) -> None:
        """Everything is written: pair up what spans the document (move ranges)."""


class TrackedMarks(Marks):
    """Word revisions: w:ins, w:del, w:moveFrom/w:moveTo with their ranges, paragraph-mark changes.

    `credits` names who made each change (change id → (author, ISO date)), so each
    revision carries its own w:author and w:date; a change it does not name is the
    `revisions`' default author's.
    """

    link_fields = True
    real_fields = True
    unglue = True

    def __init__(self, revisions: Revisions, track_moves: bool = True,
                 credits: Mapping[int, tuple[str, str]] | None = None) -> None:
        self.revisions = revisions
        self.track_moves = track_moves
        self.credits = credits or {}
        # move key -> side -> elements (run wrappers, then paragraph-mark revisions)
        self._wrappers: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self._marks: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    def _kinds(self, rev: Rev) -> list[str]:
        if rev is None:
            return []
        if not self.track_moves:
            rev = {"moveFrom": "del", "moveTo": "ins"}.get(rev, rev)
        return rev.split("+")

    def _by(self, key: int) -> None:
        self.revisions.by(*self.credits.get(key, ("", "")))

    def credit(self, change: int) -> None:
        if change in self.credits:  # else (a format change no change number names) as the last one
            self._by(change)

    def run(self, run: DocxRun, rev: Rev, move_key: int) -> None:
        element = run._r
        if rev is None:  # no revision: whoever the next one is credited to stays so
            return
        self._by(move_key)
        for kind in reversed(self._kinds(rev)):  # "ins+del": the w:del inside the w:ins
            element = self.revisions.wrap(kind, element)
            if kind in ("moveFrom", "moveTo"):
                self._wrappers[move_key][kind].append(element)

    def paragraph(self, paragraph: DocxParagraph, rev: Rev, move_key: int, changed: bool) -> None:
        kinds = self._kinds(rev)
        if kinds:
            self._by(move_key)
        self.revisions.mark_paragraph(paragraph._p, kinds)
        rpr = paragraph._p.pPr.find(qn("w:rPr")) if kinds else None
        for kind in ("moveFrom", "moveTo"):
            if kind in kinds and rpr is not None:
                self._marks[move_key][kind].append(rpr.find(qn("w:" + kind)))

    def row(self, row, rev: Rev, changed: bool) -> None:
        if rev in ("ins", "del"):
            self.revisions.mark_row(row, rev)

    def format(self, run: DocxRun, old: Format) -> None:
        self.revisions.format_change(run._r, old[0], old[1], old[2])

    def paragraph_style(self, paragraph: DocxParagraph, old_style_id: str | None) -> None:
        self.revisions.paragraph_style_change(paragraph._p, old_style_id)

    def paragraph_kind(self, paragraph: DocxParagraph, old_properties) -> None:
        self.revisions.paragraph_change(paragraph._p, old_properties)

    def kind_now(self, paragraph: DocxParagraph, new_properties) -> None:
        old = paragraph._p.get_or_add_pPr()
        paragraph._p.replace(old, new_properties)
        self.revisions.paragraph_change(paragraph._p, old)

    def relink(self, run: DocxRun, old_target: str, new_target: str) -> None:
        track_link_change(self.revisions, run._r, run._r, old_target, new_target)

    def cell(self, tc, kind: str) -> None:
        self.revisions.mark_cell(tc, kind)

    def finish(self) -> None:
        """Bracket each move's two ends with named ranges; a move with one end only becomes del/ins."""
        order: dict | None = None
        for key in set(self._wrappers) | set(self._marks):
            wrappers, marks = self._wrappers[key], self._marks[key]
            if wrappers["moveFrom"] and wrappers["moveTo"]:
                self._by(key)
                name = self.revisions.move_name()
                if order is None:  # a field's characters are tracked after its words: by document order
                    order = _document_order(wrappers["moveFrom"][0])
                for kind in ("moveFrom", "moveTo"):
                    ends = sorted(wrappers[kind], key=order.__getitem__)
                    self.revisions.move_range(kind, name, ends[0], ends[-1])
                continue
            for kind, plain in (("moveFrom", "del"), ("moveTo", "ins")):
                for element in wrappers[kind] + marks[kind]:
                    element.tag = qn("w:" + plain)
        self._wrappers.clear()
        self._marks.clear()
        self.revisions.by()

    def kinds_at_kept_marks(self, body) -> None:
        """Accept (Reject) joins a paragraph whose mark is deleted (inserted) to the next one, and the
        joined paragraph has the properties of the mark that stays, as Word has it. So where one
        text's paragraph runs over marks the other text alone has, its kind, written on the
        paragraph where its words begin, is also given to the mark where it ends: Accept gives the
        new paragraph back in its kind, Reject the old one in its own."""
        for container in (body, *body.iter(_TC)):
            for side in ("new", "old"):
                begun = None  # the paragraph where the open paragraph of `side` has its first words
                for p in container.iterchildren(_P):
                    if _mark_goes(p, side):
                        begun = begun if begun is not None or not _has_words(p, side) else p
                        continue
                    if begun is not None and not _same_kind(_kind_of(begun, side), _kind_of(p, side)):
                        self._give_kind(p, side, _kind_of(begun, side))
                    begun = None

    def _give_kind(self, paragraph, side: str, ppr) -> None:
        """Make `paragraph`'s kind in one text (`side`) that of the w:pPr `ppr`."""
        current = paragraph.get_or_add_pPr()
        change = current.find(_PPR_CHANGE)
        if side == "old":
            if change is not None:
                current.remove(change)
            self.revisions.paragraph_change(paragraph, ppr)
            return
        former = deepcopy(change[0]) if change is not None else deepcopy(current)
        for child in [c for c in current if c.tag in _KIND_TAGS]:
            current.remove(child)
        for child in (c for c in ppr if c.tag in _KIND_TAGS):
            put_in_place(current, deepcopy(child))
        if change is None:
            self.revisions.paragraph_change(paragraph, former)


_P, _TC, _R, _PPR, _RPR, _PPR_CHANGE = (qn("w:p"), qn("w:tc"), qn("w:r"), qn("w:pPr"), qn("w:rPr"),
                                        qn("w:pPrChange"))
# the revisions one text does not have: its marks go, its runs are not its words
_NOT_IN = {"new": (qn("w:del"), qn("w:moveFrom")), "old": (qn("w:ins"), qn("w:moveTo"))}
# what a paragraph's kind is written with (RedlineDocxWriter.former_properties), in schema order
_KIND_TAGS = (qn("w:pStyle"), qn("w:numPr"), qn("w:ind"))


def _mark_goes(p, side: str) -> bool:
    """Does `side`'s text lack the paragraph mark of the w:p `p`?"""
    rpr = p.find(f"{_PPR}/{_RPR}")
    return rpr is not None and any(rpr.find(tag) is not None for tag in _NOT_IN[side])


def _has_words(p, side: str) -> bool:
    """Does `side`'s text have any of the w:p `p`'s runs?"""
    for run in p.iter(_R):
        wrapper = run.getparent()
        while wrapper is not p and wrapper.tag not in _NOT_IN[side]:
            wrapper = wrapper.getparent()
        if wrapper is p and any(child.tag != _RPR for child in run):
            return True
    return False


def _kind_of(p, side: str):
    """The w:pPr `p` has in `side`'s text: its former properties there when they are tracked."""
    ppr = p.find(_PPR)
    change = ppr.find(_PPR_CHANGE) if ppr is not None else None
    return change[0] if side == "old" and change is not None else ppr


def _same_kind(ppr, other) -> bool:
    """Do two w:pPr (None: none) give a paragraph the same kind?"""
    def kind(element) -> list[bytes]:
        return [] if element is None else [etree.tostring(c) for c in element if c.tag in _KIND_TAGS]
    return kind(ppr) == kind(other)


def _document_order(element) -> dict:
    """Each element of `element`'s document by its place in document order."""
    return {e: k for k, e in enumerate(element.getroottree().getroot().iter())}

