"""Headers and footers: the text a Word document prints above and below its pages.

A policy keeps it as its page text ("header", "footer"), compared and exported with
it. The lines an export of ours wrote itself are left out (bookmarks.OWN_LINE).
Only the headers Word shows count: the default one of each section, the first
page's when w:titlePg is set, the even pages' when the settings ask for them.
Field results (page numbers, dates) are what the page showed when it was saved, not
text, and pictures in a header cannot be kept: both are counted, to be named.
"""

from __future__ import annotations

from typing import Any

from policyeditor.formats.ooxml.bookmarks import is_own_line
from policyeditor.formats.ooxml.names import W

KINDS = ("header", "footer")
# the python-docx section attributes of each kind, in the order their text is kept
_SHOWN = {"header": ("header", "first_page_header", "even_page_header"),
          "footer": ("footer", "first_page_footer", "even_page_footer")}
_PICTURES = (W + "drawing", W + "pict", W + "object")


def page_text(document: Any) -> tuple[dict[str, str], dict[str, int]]:
    """The header and footer text a document shows ({'header': …, 'footer': …}, only those with
    words; each distinct part's lines once), and what was left out of it by name."""
    try:
        even = bool(document.settings.odd_and_even_pages_header_footer)
    except Exception:  # no readable settings part: Word shows no even-page headers then
        even = False
    text: dict[str, str] = {}
    unkept: dict[str, int] = {}
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
                for line in _lines(part.element, kind, unkept):
                    if line not in lines:
                        lines.append(line)
        if lines:
            text[kind] = "\n".join(lines)
    return text, unkept


def _part(header: Any) -> Any:
    """The header's own part, or None where it takes the previous section's (or has none)."""
    if header.is_linked_to_previous:
        return None
    return header.part


def _lines(root: Any, kind: str, unkept: dict[str, int]) -> list[str]:
    """Each paragraph's shown text (table cells' too), without field results; pictures counted."""
    lines = []
    for p in root.iter(W + "p"):
        if is_own_line(p):  # our export's title, version and page line: not the policy's
            continue
        text: list[str] = []
        depth = 0  # inside a complex field's result (between its separate and end)
        for el in p.iter():
            tag = el.tag
            if tag == W + "fldChar":
                state = el.get(W + "fldCharType")
                if state == "separate":
                    depth += 1
                    _count(unkept, f"{kind} field")
                elif state == "end" and depth:
                    depth -= 1
            elif tag == W + "fldSimple":
                _count(unkept, f"{kind} field")
            elif depth or _in_simple_field(el, p):
                continue
            elif tag == W + "t":
                text.append(el.text or "")
            elif tag in (W + "tab", W + "ptab") and el.getparent().tag == W + "r":  # not a tab stop
                text.append("\t")
            elif tag in (W + "br", W + "cr"):
                text.append(" ")
            elif tag in _PICTURES:
                _count(unkept, f"{kind} picture")
        # a tab stands between a header's left, centre and right parts; other spacing is layout
        line = "\t".join(words for part in "".join(text).split("\t") if (words := " ".join(part.split())))
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
