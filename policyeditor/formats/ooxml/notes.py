"""Footnotes and endnotes: reading word/footnotes.xml and word/endnotes.xml, and writing them.

python-docx has no footnote API, so the parts are read and written as raw OOXML.
A note is a `w:footnote` (or `w:endnote`) with a `w:id`, holding paragraphs; the
body refers to it with a run holding `w:footnoteReference w:id="…"`. The parts'
first two notes are the separators Word draws above the notes (ids -1 and 0 here,
as Word writes them); real notes are numbered from 1.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

KINDS = ("footnote", "endnote")
_RELTYPE = {"footnote": RT.FOOTNOTES, "endnote": RT.ENDNOTES}
_CONTENT_TYPE = {
    "footnote": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "endnote": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
}
_PARTNAME = {"footnote": "/word/footnotes.xml", "endnote": "/word/endnotes.xml"}


def reference(run_element: Any) -> tuple[str, str] | None:
    """(kind, id) when a w:r holds a footnote or endnote reference."""
    for kind in KINDS:
        ref = run_element.find(qn(f"w:{kind}Reference"))
        if ref is not None:
            return kind, ref.get(qn("w:id"), "")
    return None


def read_notes(document_part: Any) -> dict[tuple[str, str], Any]:
    """Every real note of a document, by (kind, id): its w:footnote or w:endnote element.

    The part's XML is parsed by python-docx's parser (entities not resolved, no network).
    A damaged notes part reads as no notes: the body is still worth having.
    """
    notes: dict[tuple[str, str], Any] = {}
    for kind in KINDS:
        for rel in document_part.rels.values():
            if rel.reltype != _RELTYPE[kind] or rel.is_external:
                continue
            part = rel.target_part
            try:
                root = part.element if hasattr(part, "element") else parse_xml(part.blob)
            except Exception:  # lxml's XMLSyntaxError and kin: a broken part holds no notes we can read
                continue
            for note in root.iterchildren(qn(f"w:{kind}")):
                if note.get(qn("w:type")) in (None, "normal"):
                    notes[(kind, note.get(qn("w:id"), ""))] = note
    return notes


class NotesWriter:
    """Adds footnotes and endnotes to a python-docx Document as it is written."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self._roots: dict[str, Any] = {}
        self._next = {"footnote": 1, "endnote": 1}

    def _root(self, kind: str) -> Any:
        if kind not in self._roots:
            main = self.document.part
            existing = [rel.target_part for rel in main.rels.values()
                        if rel.reltype == _RELTYPE[kind] and not rel.is_external]
            if existing and hasattr(existing[0], "element"):
                root = existing[0].element
                for note in root.iterchildren(qn(f"w:{kind}")):
                    if note.get(qn("w:type")) in (None, "normal"):
                        root.remove(note)
            else:
                root = parse_xml(_empty_part(kind))
                part = XmlPart(PackURI(_PARTNAME[kind]), _CONTENT_TYPE[kind], root, main.package)
                main.relate_to(part, _RELTYPE[kind])
            self._roots[kind] = root
        return self._roots[kind]

    def add(self, kind: str, paragraph: Any) -> Any:
        """A new note after the text written so far in `paragraph` (a python-docx Paragraph).

        Returns the note's own python-docx Paragraph, for the caller to write its text into.
        """
        from docx.text.paragraph import Paragraph

        root = self._root(kind)
        note_id = str(self._next[kind])
        self._next[kind] += 1
        note = parse_xml(
            f'<w:{kind} {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:{kind}>')
        root.append(note)
        ref = parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                        f'<w:{kind}Reference w:id="{note_id}"/></w:r>')
        paragraph._p.append(ref)
        return Paragraph(note[0], paragraph._parent)


def _empty_part(kind: str) -> str:
    tag = f"w:{kind}s"
    return (f'<{tag} {nsdecls("w", "r")}>'
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            f'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
            f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
            f'</w:{kind}></{tag}>')
