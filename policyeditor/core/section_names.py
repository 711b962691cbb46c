"""How people name a section in one line: "§5 USE OF COOKIES".

A section with no number is named by its heading alone, and one with no heading by its first
words, so a label never reads "§" or "§:" with nothing after it.
"""

from __future__ import annotations

from functools import lru_cache

from policyeditor.core.body import plain_text

FIRST_WORDS = 5  # an untitled section's first words that name it


UNTITLED = "(untitled)"


@lru_cache(maxsize=4096)  # the change list names every change's section on every redline, as one types
def section_name(number: str, heading: str, body: str = "") -> str:
    """"§5 Heading", "Heading" when unnumbered, "§5 “We collect data …”" when untitled, "§5
    (untitled)" when it has no words either; '' for a section with neither number nor words."""
    heading = " ".join(heading.split())
    words = plain_text(body).split() if not heading else []
    if words:
        heading = f"“{' '.join(words[:FIRST_WORDS])}{' …' if len(words) > FIRST_WORDS else ''}”"
    if not number:
        return heading
    return f"§{number} {heading or UNTITLED}"
