"""Word's tracked-change XML (w:ins, w:del, w:moveFrom, w:moveTo and their marks), in one place.

python-docx has no API for revisions, so this module builds the raw OOXML the way
python-docx's `oxml/` layer builds everything else, and `Revisions` is the small
friendly API over it. The rules Word enforces, and this module keeps:

- every revision carries `w:id`, `w:author` and `w:date` (ISO 8601, UTC, ``Z``), and
  the ids are unique across the document: one `Revisions` per document hands them out;
- deleted text is `w:delText`, never `w:t`, inside `w:del` or `w:moveFrom`, and a deleted
  field's code `w:delInstrText`, never `w:instrText`;
- a paragraph whose mark is inserted or deleted says so in `w:pPr/w:rPr`, as the
  first children of that `w:rPr` and in the order ins, del, moveFrom, moveTo;
- a move is a `w:moveFromRangeStart`/`End` pair and a `w:moveToRangeStart`/`End`
  pair; the two starts share one `w:name`, each start and its end one `w:id`.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy
from datetime import UTC, datetime

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

RUN_KINDS = ("ins", "del", "moveFrom", "moveTo")
DELETING = ("del", "moveFrom")   # their runs hold w:delText
_MARK_ORDER = {qn("w:" + kind): k for k, kind in enumerate(RUN_KINDS)}
_AFTER_PPR_RPR = {qn("w:sectPr"), qn("w:pPrChange")}


def revision_date(created: str = "") -> str:
    """`created` (any ISO 8601 time) as Word writes revision dates, e.g. 2024-03-12T10:00:00Z.

    Now, when `created` is empty or unreadable; a time without zone is taken as UTC.
    """
    try:
        when = datetime.fromisoformat(created.replace("Z", "+00:00")) if created else None
    except ValueError:
        when = None
    if when is None:
        when = datetime.now(UTC)
    elif when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


class Revisions:
    """Makes the tracked-change elements of one document, by one author at one time.

    Ids count up from `first_id`; pick it above any other w:id the document holds
    (bookmarks, comments), since Word wants annotation ids unique in the document.
    """

    def __init__(self, author: str, date: str, first_id: int = 1) -> None:
        self.author = self.default_author = author or "policyeditor"
        self.date = self.default_date = date
        self._next = first_id
        self._moves = 0

    def by(self, author: str = "", date: str = "") -> None:
        """Stamp the revisions made from now on with `author` at `date` (each '' for the default)."""
        self.author = author or self.default_author
        self.date = revision_date(date) if date else self.default_date

    def next_id(self) -> int:
        self._next += 1
        return self._next - 1

    def stamped(self, tag: str) -> BaseOxmlElement:
        """A new revision element (w:ins, w:del, ...) with the next id, the author and the date."""
        return self._stamped(tag)

    def _stamped(self, tag: str) -> BaseOxmlElement:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id()))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        return element

    # ------------------------------------------------------------ runs

    def wrap(self, kind: str, run: BaseOxmlElement) -> BaseOxmlElement:
        """Put `run` (a w:r already in its paragraph) inside a new w:ins/w:del/w:moveFrom/w:moveTo.

        The wrapper takes the run's place; a deleting kind turns its w:t into w:delText.
        Returns the wrapper.
        """
        if kind not in RUN_KINDS:
            raise ValueError(f"not a run revision: {kind}")
        wrapper = self._stamped("w:" + kind)
        run.addprevious(wrapper)
        wrapper.append(run)
        if kind in DELETING:
            _as_deleted(run)
        return wrapper

    def format_change(self, run: BaseOxmlElement, bold: bool, italic: bool, underline: bool) -> None:
        """Track a w:r's formatting as changed: a w:rPrChange holding what it was before
        (bold, italic, underline), so reject-all gives the old formatting back."""
        rpr = run.get_or_add_rPr()
        change = self._stamped("w:rPrChange")
        old = OxmlElement("w:rPr")
        for tag, on in (("w:b", bold), ("w:i", italic), ("w:u", underline)):
            if on:
                element = OxmlElement(tag)
                if tag == "w:u":
                    element.set(qn("w:val"), "single")
                old.append(element)
        change.append(old)
        rpr.append(change)  # w:rPrChange is the last child of w:rPr

    def paragraph_style_change(self, paragraph: BaseOxmlElement, old_style_id: str | None) -> None:
        """Track a w:p's paragraph style as changed (a heading's level): a w:pPrChange holding
        the style it had, so reject-all gives it back. Call once the paragraph is written."""
        old = OxmlElement("w:pPr")
        if old_style_id:
            style = OxmlElement("w:pStyle")
            style.set(qn("w:val"), old_style_id)
            old.append(style)
        self.paragraph_change(paragraph, old)

    def paragraph_change(self, paragraph: BaseOxmlElement, old: BaseOxmlElement) -> None:
        """Track a w:p's paragraph properties as changed from `old` (a w:pPr: the style, list
        numbering and indents it had, each `CT_PPrBase`'s; no w:rPr, w:sectPr or w:pPrChange), so
        reject-all gives them back and accept-all keeps the paragraph's own. Call once the
        paragraph is written."""
        ppr = paragraph.get_or_add_pPr()
        change = self._stamped("w:pPrChange")
        former = OxmlElement("w:pPr")
        for child in old:
            if child.tag not in (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange")):
                former.append(deepcopy(child))
        change.append(former)
        ppr.append(change)  # w:pPrChange is the last child of w:pPr

    # ------------------------------------------------------------ paragraph marks and rows

    def mark_paragraph(self, paragraph: BaseOxmlElement, kinds: Iterable[str]) -> None:
        """Mark a w:p's paragraph mark as inserted, deleted, moved from or moved to.

        `kinds` may hold two (ins and del: a mark inserted and deleted again, as inside
        a moved section). Accepting a deleted mark, or rejecting an inserted one, joins
        the paragraph to the next one, so a paragraph whose text and mark are both
        inserted disappears entirely on reject.
        """
        kinds = [k for k in RUN_KINDS if k in set(kinds)]
        if not kinds:
            return
        ppr = paragraph.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            later = [child for child in ppr if child.tag in _AFTER_PPR_RPR]
            if later:
                later[0].addprevious(rpr)
            else:
                ppr.append(rpr)
        for kind in reversed(kinds):  # revision marks come first in w:rPr, in schema order
            existing = [c for c in rpr if c.tag in _MARK_ORDER]
            if any(c.tag == qn("w:" + kind) for c in existing):
                continue
            rpr.insert(0, self._stamped("w:" + kind))
        rpr[:] = sorted(rpr, key=lambda c: _MARK_ORDER.get(c.tag, len(RUN_KINDS)))

    def mark_row(self, row: BaseOxmlElement, kind: str) -> None:
        """Mark a table row (w:tr) inserted ("ins") or deleted ("del")."""
        if kind not in ("ins", "del"):
            raise ValueError(f"a table row is inserted or deleted, not {kind}")
        trpr = row.get_or_add_trPr()
        trpr.append(self._stamped("w:" + kind))  # ins/del follow every other w:trPr child

    def mark_cell(self, tc: BaseOxmlElement, kind: str) -> None:
        """Mark a table cell (w:tc) inserted (w:cellIns) or deleted (w:cellDel): a column that
        came or went in a row both texts have."""
        if kind not in ("ins", "del"):
            raise ValueError(f"a table cell is inserted or deleted, not {kind}")
        tc_pr = tc.get_or_add_tcPr()
        mark = self._stamped("w:cellIns" if kind == "ins" else "w:cellDel")
        # CT_TcPr: ... w:hideMark, w:headers, w:cellIns/w:cellDel/w:cellMerge, w:tcPrChange
        change = tc_pr.find(qn("w:tcPrChange"))
        if change is not None:
            change.addprevious(mark)
        else:
            tc_pr.append(mark)

    # ------------------------------------------------------------ moves

    def move_name(self) -> str:
        """A fresh w:name that pairs one move's source range with its destination range."""
        self._moves += 1
        return f"move{self._moves}"

    def move_range(self, kind: str, name: str, first: BaseOxmlElement, last: BaseOxmlElement) -> None:
        """Bracket the elements from `first` to `last` (document order) with a move range.

        `kind` is "moveFrom" or "moveTo"; the start goes right before `first`, the end
        right after `last`, so a range may span paragraphs.
        """
        if kind not in ("moveFrom", "moveTo"):
            raise ValueError(f"not a move: {kind}")
        start = self._stamped(f"w:{kind}RangeStart")
        start.set(qn("w:name"), name)
        end = OxmlElement(f"w:{kind}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        first.addprevious(start)
        last.addnext(end)


_DELETED = {qn("w:t"): "w:delText", qn("w:instrText"): "w:delInstrText"}


def _as_deleted(run: BaseOxmlElement) -> None:
    """A deleted run's text as w:delText and its field code as w:delInstrText, as Word wants them."""
    for text in [child for child in run if child.tag in _DELETED]:
        deleted = OxmlElement(_DELETED[text.tag])
        deleted.set(qn("xml:space"), "preserve")
        deleted.text = text.text
        text.addprevious(deleted)
        run.remove(text)
