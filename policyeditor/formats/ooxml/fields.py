"""Fields (w:fldSimple, and w:fldChar begin … separate … end with w:instrText): written back.

A policy keeps a field as its shown result with its instruction (body.py's
`<field code="…">`); the DOCX export writes it as a complex field whose cached
result is that text, so Word shows the same words and can update them.
Reading is in importers/docx.py's `_Field`, which walks a paragraph's runs.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def field_char(paragraph: Any, kind: str) -> None:
    """A run holding one w:fldChar (begin, separate or end)."""
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    r = paragraph._p.add_r()
    r.append(char)


def instruction(paragraph: Any, code: str) -> None:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code.strip()} "
    paragraph._p.add_r().append(instr)


def begin(paragraph: Any, code: str) -> None:
    """Open a field: its begin mark, instruction and separator; the result runs follow."""
    field_char(paragraph, "begin")
    instruction(paragraph, code)
    field_char(paragraph, "separate")


def end(paragraph: Any) -> None:
    field_char(paragraph, "end")


def simple_instruction(fld_simple: Any) -> str:
    """The instruction of a w:fldSimple."""
    return (fld_simple.get(qn("w:instr")) or "").strip()
