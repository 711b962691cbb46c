"""Bookmarks and the links that go to them: w:bookmarkStart/w:bookmarkEnd, w:hyperlink w:anchor.

Each exported section heading carries a hidden bookmark named from the section's
stable id; the table of contents and cross-references in the text link to it with
w:hyperlink w:anchor, which Word and LibreOffice follow on a click. On import, the
bookmarks a paragraph holds say which section a link to them goes to.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

BOOKMARK_START = qn("w:bookmarkStart")
MAX_NAME = 40  # Word's limit on a bookmark's name
# marks the header and footer lines an export writes itself (title, version, page numbers), so
# importing the export does not take them for the policy's own page text
OWN_LINE = "_PolicyeditorPage"


SECTION_PREFIX = "_Sec"
TOP = "_top"  # Word's own bookmark for the start of the document: where a policy's link '#' goes
_NAME = re.compile(rf"[A-Za-z_][A-Za-z0-9_]{{0,{MAX_NAME - 1}}}")  # a name Word takes for a bookmark
_OWN_LINK = "sec-"  # a section's own link is '#sec-' and its id (core.cross_refs.section_anchor)


def section_bookmark(section_id: str) -> str:
    """A section's bookmark: hidden (a leading underscore) and at most 40 characters."""
    return SECTION_PREFIX + re.sub(r"[^A-Za-z0-9_]", "_", section_id)[:MAX_NAME - len(SECTION_PREFIX)]


def anchor_bookmark(anchor: str) -> str | None:
    """The bookmark that stands for a policy's link target '#anchor' in DOCX, or None when none can.

    A source's anchor keeps its own name where Word takes it as a bookmark's, a section's own
    link ('sec-' and its id) is that section's bookmark, and '' (the link '#') is Word's `_top`;
    `link_anchor` reads each back as it was, so a document exported and imported keeps its links.
    """
    if not anchor:
        return TOP
    if anchor.startswith(_OWN_LINK):
        return section_bookmark(anchor[len(_OWN_LINK):])
    return anchor if _NAME.fullmatch(anchor) else None


def link_anchor(bookmark: str) -> str:
    """The anchor a policy's link names for a link or bookmark to `bookmark` (see `anchor_bookmark`)."""
    if bookmark == TOP:
        return ""
    if bookmark.startswith(SECTION_PREFIX):
        return _OWN_LINK + bookmark[len(SECTION_PREFIX):]
    return bookmark


class Bookmarks:
    """Hands out bookmark ids, unique in one document (Word wants annotation ids unique)."""

    def __init__(self) -> None:
        self.last_id = 0

    def start(self, p: Any, name: str) -> str:
        """Append a w:bookmarkStart named `name` to the paragraph element; returns its id."""
        self.last_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.last_id))
        start.set(qn("w:name"), name)
        p.append(start)
        return str(self.last_id)

    @staticmethod
    def end(p: Any, bookmark_id: str) -> None:
        """Append the w:bookmarkEnd that closes bookmark `bookmark_id`."""
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), bookmark_id)
        p.append(end)

    def mark(self, p: Any, name: str) -> None:
        """An empty bookmark at the end of the paragraph so far (where a heading's words follow)."""
        self.end(p, self.start(p, name))

    def own_line(self, p: Any) -> None:
        """Mark a header or footer line the export writes itself (each name unique, as Word wants)."""
        self.end(p, self.start(p, f"{OWN_LINE}{self.last_id + 1}"))


def anchor_link(name: str) -> Any:
    """A w:hyperlink to the bookmark `name` in this document (its runs are appended by the caller)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), name)
    link.set(qn("w:history"), "1")
    return link


def is_own_line(p: Any) -> bool:
    """True for a header or footer line an export wrote itself (`Bookmarks.own_line`)."""
    return any(name.startswith(OWN_LINE) for name in names_in(p))


def is_section_anchor(anchor: str) -> bool:
    """Whether `anchor` (from `link_anchor`) is a section's own: its bookmark was an export's."""
    return anchor.startswith(_OWN_LINK)


def anchors_in(element: Any) -> list[str]:
    """The anchors (`link_anchor`) of the bookmarks that start in `element`."""
    return [link_anchor(name) for name in names_in(element)]


def names_in(element: Any) -> list[str]:
    """The names of the bookmarks that start in `element` (a paragraph, or a bookmarkStart itself)."""
    starts = [element] if element.tag == BOOKMARK_START else element.iter(BOOKMARK_START)
    return [name for start in starts if (name := start.get(qn("w:name")))]
