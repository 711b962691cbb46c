"""A link put on, taken off or pointed elsewhere while its words stay: Word's HYPERLINK field.

A w:hyperlink cannot be tracked, so a link that changed around unchanged words is
written as the field Word itself records when someone adds a link with tracking on:
the field's characters (begin, instruction, separate, end) inserted around the words
for the new link, deleted around them for the old one. Accept-all keeps the new link,
reject-all the old one; the words are never deleted and inserted again.
"""

from __future__ import annotations

from docx.oxml.xmlchemy import BaseOxmlElement

from policyeditor.formats.ooxml.fields import char_run, code_run
from policyeditor.formats.ooxml.revisions import Revisions


def instruction(target: str) -> str:
    """The HYPERLINK field code for a target: a URL, or `#bookmark` as a link inside the document."""
    if target.startswith("#"):
        return f' HYPERLINK \\l "{_quoted(target[1:])}" '
    return f' HYPERLINK "{_quoted(target)}" '


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def track_link_change(revisions: Revisions, first: BaseOxmlElement, last: BaseOxmlElement,
                      old_target: str, new_target: str) -> None:
    """Around the runs first..last (in one paragraph), the old link's field deleted and the new
    one's inserted: `old_target` or `new_target` '' when there was or is no link."""
    for target, kind in ((old_target, "del"), (new_target, "ins")):
        if not target:
            continue
        opening = revisions.stamped("w:" + kind)
        for element in (char_run("begin"), code_run(instruction(target), kind == "del"),
                        char_run("separate")):
            opening.append(element)
        closing = revisions.stamped("w:" + kind)
        closing.append(char_run("end"))
        first.addprevious(opening)  # the new link's field opens inside the old one's
        last.addnext(closing)
