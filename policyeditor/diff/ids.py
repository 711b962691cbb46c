"""Keeping section ids across two texts of one policy that were read separately.

Two imports of one document (a Word file's text before and after its tracked
changes, or a returned copy against the version sent) give every section a new
random id. `carry_ids` gives the sections of the newer text the ids of the
sections the redline aligner pairs them with, so the redline, comments and
history follow them as they follow the sections of one policy file.
"""

from __future__ import annotations

from policyeditor.core.model import Policy
from policyeditor.diff.align import align_sections


def carry_ids(old: Policy, new: Policy) -> dict[str, str]:
    """Give `new`'s sections (in place) the ids of their partners in `old`; returns new's old id → given id.

    A section of `new` with no partner keeps its own id. `new.anchors` follow their sections.
    """
    renamed: dict[str, str] = {}
    taken = {s.id for s, _ in old.walk()}
    for pair, _role in align_sections(old, new):
        if pair.old is not None and pair.new is not None and pair.new.id not in renamed:
            renamed[pair.new.id] = pair.old.id
    for section, _ in new.walk():
        if section.id in renamed:
            section.id = renamed[section.id]
        elif section.id in taken:  # an unpaired section must not share an id with another
            from policyeditor.core.model import new_id

            fresh = new_id()
            renamed[section.id] = fresh
            section.id = fresh
    # the source's anchors placed in a renamed section follow it
    new.anchors = {name: renamed.get(section_id, section_id) for name, section_id in new.anchors.items()}
    return renamed
