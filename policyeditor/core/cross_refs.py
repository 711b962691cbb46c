"""A link from a policy's words to one of its sections: '#' and a name that places the section.

The name is the section's own ("sec-" and its stable id, the id the HTML export gives its
element) or an anchor of the source ("#OnLevel3", a Word bookmark), which `Policy.anchors`
places in a section. Links keep the source's names, so two imports of one document (whose
sections get new ids) still have the same words and links, and compare finds no change.
Exports resolve both kinds to the section: a bookmark on its heading in DOCX, its element
in HTML, so a cross-reference keeps working when the sections are renumbered or moved.
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


def linked_sections(policy) -> dict[str, str]:
    """Each link target that goes to one of the policy's sections ('#name') → that section's id."""
    ids = {s.id for s, _ in policy.walk()}
    out = {"#" + name: sid for name, sid in policy.anchors.items() if sid in ids}
    out.update((section_link(sid), sid) for sid in ids)
    return out
