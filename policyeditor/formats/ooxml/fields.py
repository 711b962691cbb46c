"""Fields (w:fldSimple, and w:fldChar begin … separate … end with w:instrText): written back.

A policy keeps a field as its shown result with its instruction (body.py's
`<field code="…">`); the DOCX export writes it as a complex field whose cached
result is that text, so Word shows the same words and can update them.
Reading: `FieldReader` follows a paragraph's runs through a complex field's
begin, code, result and end; `simple_instruction` reads a w:fldSimple.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policyeditor.core.body import Run
from policyeditor.formats.ooxml.bookmarks import link_anchor
from policyeditor.formats.ooxml.names import W

_HYPERLINK = re.compile(r"^\s*HYPERLINK(?=[\s\"])")
# a HYPERLINK field's arguments: a switch (\l, \o…) with or without its argument, a "quoted" or bare word
_ARGUMENT = re.compile(r'\\([A-Za-z])|"((?:[^"\\]|\\.)*)"|(\S+)')
_ESCAPED = re.compile(r"\\(.)")
_FORM_CHECKBOX = re.compile(r"^\s*FORMCHECKBOX\b")
UNCHECKED, CHECKED = "\u2610", "\u2612"  # ☐ ☒: a legacy form checkbox's state, as text
_OFF = ("0", "false", "off")


def char_run(kind: str) -> Any:
    """A run holding one w:fldChar (begin, separate or end)."""
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def code_run(code: str, deleted: bool = False) -> Any:
    """A run holding a field's instruction: w:instrText, or w:delInstrText inside a w:del."""
    run = OxmlElement("w:r")
    instr = OxmlElement("w:delInstrText" if deleted else "w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code.strip()} "
    run.append(instr)
    return run


def opening_runs(code: str) -> list[Any]:
    """A field's begin mark, instruction and separator: the runs before its result."""
    return [char_run("begin"), code_run(code), char_run("separate")]


def begin(paragraph: Any, code: str) -> None:
    """Open a field: its begin mark, instruction and separator; the result runs follow."""
    for run in opening_runs(code):
        paragraph._p.append(run)


def end(paragraph: Any) -> None:
    paragraph._p.append(char_run("end"))


# -- reading


def field_code(instr: str) -> str:
    """An instruction with its spacing made single (as the export writes it back)."""
    return " ".join(instr.split())


def simple_instruction(fld_simple: Any) -> str:
    """The instruction of a w:fldSimple."""
    return field_code(fld_simple.get(W + "instr") or "")


def hyperlink_target(instr: str) -> str | None:
    """A HYPERLINK field's target: its URL, and its \\l bookmark after '#' as a policy's link names it
    (bookmarks.link_anchor); None for any other field. `HYPERLINK \\l "name"` (no URL) is a link
    inside the document, as Word and our redline write one."""
    match = _HYPERLINK.match(instr)
    if not match:
        return None
    url, anchor, switch = "", None, ""
    for found in _ARGUMENT.finditer(instr, match.end()):
        name, quoted, bare = found.groups()
        if name is not None:
            switch = name
            continue
        value = _ESCAPED.sub(r"\1", quoted) if quoted is not None else bare
        if switch == "l":
            anchor = value
        elif not switch and not url:
            url = value
        switch = ""  # a switch takes one argument (\o "tip", \t "frame"): not the URL
    return url + ("#" + link_anchor(anchor) if anchor is not None else "")


def checkbox_state(fld_char: Any) -> bool | None:
    """Whether a legacy form checkbox (w:fldChar/w:ffData/w:checkBox) is ticked: its w:checked,
    else its w:default; None when the field is no checkbox."""
    box = fld_char.find(f"{W}ffData/{W}checkBox")
    if box is None:
        return None
    for name in ("checked", "default"):
        state = box.find(W + name)
        if state is not None:
            return state.get(W + "val", "1").lower() not in _OFF
    return False


class FieldReader:
    """A complex field (w:fldChar begin … separate … end) in one paragraph.

    Its HYPERLINK target applies to the shown runs; any other field's instruction
    marks them (`code`), so the export writes the field again. A field that is
    still open when its paragraph ends (a table of contents spans many) leaves
    its runs unmarked: its result is kept as plain text. A nested field's result
    is part of the outer one's.
    """

    def __init__(self) -> None:
        self.instr: list[str] = []
        self.in_code = False
        self.depth = 0
        self.link = ""
        self.code = ""
        self.shown: list[int] = []  # indexes of the runs shown as the open field's result
        self.count = 0  # fields kept
        self.checked: bool | None = None  # the open field's form checkbox (w:ffData/w:checkBox): ticked?
        self.box = ""  # a form checkbox just closed, as its sign (☐ / ☒); `take_box` takes it

    def feed(self, r: Any) -> bool:
        """Take a run's field characters; True when the run is field code, not shown text."""
        for child in r:
            if child.tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.depth += 1
                    if self.depth == 1:
                        self.in_code, self.instr, self.link, self.code = True, [], "", ""
                        self.shown = []
                        self.checked = checkbox_state(child)
                elif kind == "separate" and self.depth == 1:
                    self.in_code = False
                    instr = field_code("".join(self.instr))
                    link = hyperlink_target(instr)
                    if link is not None:
                        self.link = link
                    elif instr and not self._is_checkbox():  # a box is its sign, not a field's result
                        self.code = instr
                        self.count += 1
                elif kind == "end" and self.depth:
                    self.depth -= 1
                    if self.depth == 0:
                        if self._is_checkbox():
                            self.box = CHECKED if self.checked else UNCHECKED
                        self.in_code, self.link, self.code, self.shown = False, "", "", []
                        self.checked = None
                return True
            if child.tag == W + "instrText" and self.in_code:
                if self.depth == 1:
                    self.instr.append(child.text or "")
                return True
        return self.in_code

    def _is_checkbox(self) -> bool:
        return self.checked is not None and bool(_FORM_CHECKBOX.match("".join(self.instr)))

    def take_box(self) -> str:
        """The sign of the form checkbox the last run closed ('' when none), taken once."""
        box, self.box = self.box, ""
        return box

    def close(self, out: list[Run]) -> None:
        """At the paragraph's end: a field still open keeps its result as plain text."""
        if self.code:
            for index in self.shown:
                if index < len(out) and out[index].field == self.code:
                    out[index] = replace(out[index], field="")
