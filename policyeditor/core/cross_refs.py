"""A link from a policy's words to one of its sections: `#sec-` and the section's stable id.

The HTML export gives each section element that id and the DOCX exports put a bookmark
named from the same id on its heading, so a cross-reference keeps working when the
sections are renumbered or moved. Importers turn a source's own anchors into these.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def section_anchor(section_id: str) -> str:
    """The id a section's element carries in HTML ("sec-…")."""
    return "sec-" + _UNSAFE.sub("_", section_id)


def section_link(section_id: str) -> str:
    """The link target that goes to the section: "#sec-…"."""
    return "#" + section_anchor(section_id)
