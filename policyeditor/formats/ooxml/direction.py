"""Right-to-left paragraphs, runs and tables in a written DOCX, from their words (core.direction).

`mark_directions` runs once a document is written, before it is saved, so every writer
(clean export, tracked redline, blackline) gets the same: a w:p whose words read right to
left gets w:pPr/w:bidi (its w:pPrChange's former properties too, so the direction is no
tracked change); a run of right-to-left words w:rPr/w:rtl, with the complex-script bold and
italic (w:bCs, w:iCs) Word then draws it with; a run holding words of both directions is
cut where they meet (w:rtl must not hold left-to-right letters); a table whose words read
right to left w:bidiVisual (its first column on the right). A paragraph's words are its new
ones (w:t), else (deleted whole) its deleted ones (w:delText). A part with no
right-to-left letter is left as it is.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policyeditor.core.direction import RTL, direction, has_rtl, pieces
from policyeditor.formats.ooxml.paragraph_properties import put_in_place

_P, _R, _TBL = qn("w:p"), qn("w:r"), qn("w:tbl")
_T, _DEL_TEXT, _TAB, _BR, _CR = qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:br"), qn("w:cr")
_RPR, _PPR, _RPR_CHANGE, _PPR_CHANGE = qn("w:rPr"), qn("w:pPr"), qn("w:rPrChange"), qn("w:pPrChange")
_STORIES = ("/word/document.xml", "/word/header", "/word/footer", "/word/footnotes.xml",
            "/word/endnotes.xml", "/word/comments.xml")


def mark_directions(document: Any) -> None:
    """Mark the right-to-left paragraphs, runs and tables of every story of a python-docx Document
    (body, headers, footers, notes, comments)."""
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith(_STORIES) and hasattr(part, "element"):
            mark_story(part.element)


def mark_story(root: Any) -> None:
    """Mark the paragraphs, runs and tables under `root` (a part's element)."""
    if not has_rtl("".join(t.text or "" for t in root.iter(_T, _DEL_TEXT))):
        return
    for tbl in root.iter(_TBL):
        if _words_direction(tbl) == RTL:
            tbl.tblPr.get_or_add_bidiVisual()
    ids = _FreshIds(root)
    for p in list(root.iter(_P)):
        base = _words_direction(p)
        if base == RTL:
            _set_bidi(p)
        for r in [r for r in p.iter(_R) if next(r.iterancestors(_P), None) is p]:
            _mark_run(r, base, ids)


def _words_direction(element: Any) -> str:
    """The direction of an element's new words, else of its deleted ones."""
    return (direction("".join(t.text or "" for t in element.iter(_T)))
            or direction("".join(t.text or "" for t in element.iter(_DEL_TEXT))))


def _set_bidi(p: Any) -> None:
    ppr = p.get_or_add_pPr()
    for properties in (ppr, ppr.find(f"{_PPR_CHANGE}/{_PPR}")):
        if properties is not None and properties.find(qn("w:bidi")) is None:
            put_in_place(properties, OxmlElement("w:bidi"))


class _FreshIds:
    """Revision ids no element of the part has, for the format changes a cut run's pieces copy."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.free: int | None = None

    def take(self) -> str:
        if self.free is None:
            used = [int(v) for v in self.root.xpath("//@w:id") if v.isdigit()]  # python-docx knows w:
            self.free = max(used, default=0) + 1
        self.free += 1
        return str(self.free - 1)


def _mark_run(r: Any, base: str, ids: _FreshIds) -> None:
    """Mark a run right to left where its words are; cut it where their direction changes."""
    content = [child for child in r if child.tag != _RPR]
    text = "".join(_text_of(child) for child in content)
    if not text.strip():  # a field's characters, a note's reference, a picture: no words of their own
        return
    cuts = pieces(text, base)
    plain = all(child.tag in (_T, _DEL_TEXT, _TAB, _CR) or (child.tag == _BR and not child.attrib)
                for child in content)
    if len(cuts) == 1 or not plain:
        if cuts[0][1] if len(cuts) == 1 else direction(text) == RTL:
            _set_rtl(r)
        return
    text_tag = _DEL_TEXT if any(child.tag == _DEL_TEXT for child in content) else _T
    for index, (piece, rtl) in enumerate(cuts):
        new = OxmlElement("w:r")
        if r.find(_RPR) is not None:
            new.append(deepcopy(r.find(_RPR)))
            for change in new.iter(_RPR_CHANGE) if index else ():  # each revision its own id
                change.set(qn("w:id"), ids.take())
        _append_text(new, piece, text_tag)
        if rtl:
            _set_rtl(new)
        r.addprevious(new)
    r.getparent().remove(r)


def _text_of(child: Any) -> str:
    if child.tag in (_T, _DEL_TEXT):
        return child.text or ""
    return {_TAB: "\t", _BR: "\n", _CR: "\n"}.get(child.tag, "")


def _append_text(r: Any, text: str, text_tag: str) -> None:
    """`text` into an empty run as w:t (or w:delText), w:tab and w:br, as `exporters.docx.add_run`."""
    buffer = ""
    for char in text + "\0":
        if char in "\t\n\0":
            if buffer:
                element = OxmlElement("w:t" if text_tag == _T else "w:delText")
                element.text = buffer
                if buffer != buffer.strip():
                    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                r.append(element)
                buffer = ""
            if char != "\0":
                r.append(OxmlElement("w:tab" if char == "\t" else "w:br"))
        else:
            buffer += char


def _set_rtl(r: Any) -> None:
    rpr = r.get_or_add_rPr()
    for properties in (rpr, rpr.find(f"{_RPR_CHANGE}/{_RPR}")):
        if properties is None:
            continue
        properties.get_or_add_rtl()
        # an rtl run is drawn with the complex-script bold and italic: give them the run's own
        for latin, complex_script in (("b", "bCs"), ("i", "iCs")):
            own = getattr(properties, latin)
            if own is not None and getattr(properties, complex_script) is None:
                element = OxmlElement(f"w:{complex_script}")
                element.attrib.update(own.attrib)
                getattr(properties, f"_insert_{complex_script}")(element)
