"""Markdown footnotes (`text[^1]` … `[^1]: the note`), which CommonMark itself does not know.

Before the text is parsed, each definition is taken out and each reference to it becomes
an inline tag, `<policy-note n="K">`, that the walker (markdown.py) turns into the note's
text at that place, as a footnote of the policy (body.py's `<fn>`). A definition's
continuation lines are indented (four spaces or a tab), as are its later paragraphs, after a
blank line (Pandoc's and PHP Markdown Extra's rule). A reference without a definition stays as
it is written.
"""

from __future__ import annotations

import re

from policyeditor.core.patterns import later

# a definition's continuation lines are indented, blank lines between them (its next paragraphs)
_DEFINITION = later(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]*\n)*(?: {4}|\t).*)*)", re.M)
_REFERENCE = later(r"\[\^([^\]\s]+)\](?!:)")
NOTE_TAG = later(r'<policy-note n="(\d+)">')


def take_notes(text: str) -> tuple[str, list[str]]:
    """The text with definitions removed and references tagged, and the notes' Markdown, in order."""
    if "[^" not in text:  # no note: both patterns start so (scanning the text with them costs more)
        return text, []
    definitions: dict[str, str] = {}

    def definition(match: re.Match[str]) -> str:
        definitions.setdefault(match.group(1), " ".join(match.group(2).split()))
        return ""

    text = _DEFINITION().sub(definition, text)
    if not definitions:
        return text, []
    notes: list[str] = []

    def reference(match: re.Match[str]) -> str:
        note = definitions.get(match.group(1))
        if note is None:
            return match.group(0)
        notes.append(note)
        return f'<policy-note n="{len(notes) - 1}">'

    return _REFERENCE().sub(reference, text), notes
