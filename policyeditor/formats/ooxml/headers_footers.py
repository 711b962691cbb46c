"""Headers and footers: the text a Word document prints above and below its pages.

A policy keeps it as its page text ("header", "footer"), compared and exported with
it. The lines an export of ours wrote itself are left out (bookmarks.OWN_LINE; where
LibreOffice dropped that bookmark, those the caller's `own` knows by their words).
Only the headers Word shows count: the default one of each section, the first
page's when w:titlePg is set, the even pages' when the settings ask for them.
Field results (page numbers, dates) are what the page showed when it was saved, not
text, and pictures in a header cannot be kept: both are counted, to be named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policyeditor.formats.ooxml.bookmarks import is_own_line
from policyeditor.formats.ooxml.names import W

KINDS = ("header", "footer")
# the python-docx section attributes of each kind, in the order their text is kept
_SHOWN = {"header": ("header", "first_page_header", "even_page_header"),
          "footer": ("footer", "first_page_footer", "even_page_footer")}
_PICTURES = (W + "drawing", W + "pict", W + "object")


def page_text(document: Any, own: Callable[[str], bool] | None = None
              ) -> tuple[dict[str, str], dict[str, int], int]:
    """The header and footer text a document shows ({'header': …, 'footer': …}, only those with
    words; each distinct part's lines once), what was left out of it by name, and how many lines
    `own` (given for a document we exported) said our export wrote, left out with their fields."""
    try:
        even = bool(document.settings.odd_and_even_pages_header_footer)
    except Exception:  # no readable settings part: Word shows no even-page headers then
        even = False
    text: dict[str, str] = {}
    unkept: dict[str, int] = {}
    dropped = [0]
    for kind in KINDS:
        seen: set[int] = set()
        lines: list[str] = []
        for section in document.sections:
            shown = [_SHOWN[kind][0]]
            if section.different_first_page_header_footer:
                shown.append(_SHOWN[kind][1])
            if even:
                shown.append(_SHOWN[kind][2])
            for name in shown:
                part = _part(getattr(section, name))
                if part is None or id(part) in seen:
                    continue
                seen.add(id(part))
                for line in _lines(part.element, kind, unkept, own, dropped):
                    if line not in lines:
                        lines.append(line)
        if lines:
            text[kind] = "\n".join(lines)
    return text, unkept, dropped[0]


def _part(header: Any) -> Any:
    """The header's own part, or None where it takes the previous section's (or has none)."""
    if header.is_linked_to_previous:
        return None
    return header.part


def _lines(root: Any, kind: str, unkept: dict[str, int], own: Callable[[str], bool] | None = None,
           dropped: list[int] | None = None) -> list[str]:
    """Each paragraph's shown text (table cells' too), without field results; pictures counted.
    A line `own` says our export wrote is left out, its fields and pictures uncounted (`dropped`)."""
    lines = []
    for p in root.iter(W + "p"):
        if is_own_line(p):  # our export's title, version and page line: not the policy's
            continue
        counted: dict[str, int] = {}
        text: list[str] = []
        depth = 0  # inside a complex field's result (between its separate and end)
        for el in p.iter():
            tag = el.tag
            if tag == W + "fldChar":
                state = el.get(W + "fldCharType")
                if state == "separate":
                    depth += 1
                    _count(counted, f"{kind} field")
                elif state == "end" and depth:
                    depth -= 1
            elif tag == W + "fldSimple":
                _count(counted, f"{kind} field")
            elif depth or _in_simple_field(el, p):
                continue
            elif tag == W + "t":
                text.append(el.text or "")
            elif tag in (W + "tab", W + "ptab") and el.getparent().tag == W + "r":  # not a tab stop
                text.append("\t")
            elif tag in (W + "br", W + "cr"):
                text.append(" ")
            elif tag in _PICTURES:
                _count(counted, f"{kind} picture")
        # a tab stands between a header's left, centre and right parts; other spacing is layout
        line = "\t".join(words for part in "".join(text).split("\t") if (words := " ".join(part.split())))
        if line and own is not None and own(line):
            if dropped is not None:
                dropped[0] += 1
            continue
        for name, count in counted.items():
            unkept[name] = unkept.get(name, 0) + count
        if line:
            lines.append(line)
    return lines


def _in_simple_field(el: Any, p: Any) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not p:
        if parent.tag == W + "fldSimple":
            return True
        parent = parent.getparent()
    return False


def _count(unkept: dict[str, int], name: str) -> None:
    unkept[name] = unkept.get(name, 0) + 1
