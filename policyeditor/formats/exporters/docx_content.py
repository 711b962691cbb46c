"""The content Word documents hold, written into the clean DOCX: notes, equations, fields, pictures.

`write_runs` takes a paragraph's runs when any of them is a footnote or endnote
(a real Word note, numbered by Word), an equation (an m:oMath of its linear text),
a field's result (a complex field with its instruction, the result cached) or a
picture (inline, at most the text width); plain stretches go back to the writer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from docx.shared import Emu

from policyeditor.core import body
from policyeditor.formats.exporters.safety import xml_safe
from policyeditor.formats.ooxml import fields, math
from policyeditor.formats.ooxml.notes import NotesWriter

PlainWriter = Callable[[Any, tuple[body.Run, ...]], None]


def special(run: body.Run) -> bool:
    return bool(run.note or run.math or run.field or run.picture)


class ContentWriter:
    """One per export: the notes parts and the pictures the policy carries."""

    def __init__(self, document: Any, pictures: dict[str, bytes], text_width: int) -> None:
        self.document = document
        self.pictures = pictures
        self.text_width = text_width
        self.notes = NotesWriter(document)
        self.missing_pictures = 0

    def write_runs(self, paragraph: Any, runs: tuple[body.Run, ...], plain: PlainWriter) -> None:
        index = 0
        while index < len(runs):
            run = runs[index]
            end = index + 1
            if run.note:
                while end < len(runs) and runs[end].note == run.note:
                    end += 1
                kind = "footnote" if run.note == "fn" else "endnote"
                note_paragraph = self.notes.add(kind, paragraph)
                inner = tuple(replace(r, note="") for r in runs[index:end])
                self.write_runs(note_paragraph, inner, plain)
            elif run.field:
                while end < len(runs) and runs[end].field == run.field and not runs[end].note:
                    end += 1
                fields.begin(paragraph, run.field)
                self.write_runs(paragraph, tuple(replace(r, field="") for r in runs[index:end]), plain)
                fields.end(paragraph)
            elif run.math:
                while end < len(runs) and runs[end].math and not special(replace(runs[end], math=False)):
                    end += 1
                paragraph._p.append(math.omath(xml_safe("".join(r.text for r in runs[index:end]).strip())))
            elif run.picture:
                self.picture(paragraph, run.picture)
            else:
                while end < len(runs) and not special(runs[end]):
                    end += 1
                plain(paragraph, runs[index:end])
            index = end

    def picture(self, paragraph: Any, digest: str) -> None:
        data = self.pictures.get(digest)
        if data is None:
            self.missing_pictures += 1
            paragraph.add_run(f"[picture {digest[:12]} missing]")
            return
        add_picture(self.document, paragraph.add_run(), data, self.text_width)


def add_picture(document: Any, run: Any, data: bytes, text_width: int) -> None:
    """The picture `data` drawn in `run`, no wider than the text."""
    try:
        shape = run.add_picture(io.BytesIO(data))
    except Exception:  # python-docx reads PNG, JPEG, GIF, BMP, TIFF; WMF, EMF, PICT go in as they are
        _raw_picture(document, run, data)
        return
    if shape.width and shape.width > text_width:
        shape.height = Emu(int(shape.height * text_width / shape.width))
        shape.width = Emu(text_width)


def _raw_picture(document: Any, run: Any, data: bytes) -> None:
    """A picture python-docx cannot measure: its own part, shown 2 inches wide and 1.5 high."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.oxml.shape import CT_Inline
    from docx.parts.image import ImagePart
    from docx.shared import Inches

    ext, content_type = picture_kind(data)
    part = document.part
    partname = part.package.next_partname(f"/word/media/image%d.{ext}")
    image = ImagePart(PackURI(partname), content_type, data)
    rid = part.relate_to(image, RT.IMAGE)
    shape_id = part.next_id
    inline = CT_Inline.new_pic_inline(shape_id, rid, f"image.{ext}", Inches(2), Inches(1.5))
    drawing = run._r.add_drawing(inline)
    del drawing


def picture_kind(data: bytes) -> tuple[str, str]:
    """(extension, content type) of picture bytes, by their first bytes."""
    if data.startswith(b"\x89PNG"):
        return "png", "image/png"
    if data.startswith(b"\xff\xd8"):
        return "jpeg", "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif", "image/gif"
    if data.startswith(b"BM"):
        return "bmp", "image/bmp"
    if data.startswith((b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")):
        return "wmf", "image/x-wmf"
    if data[40:44] == b" EMF":
        return "emf", "image/x-emf"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff", "image/tiff"
    return "pict", "image/pict"
