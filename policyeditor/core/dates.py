"""Date and status lines ("Last Updated: May 22, 2024", "Effective date: 1 July 2025").

Such a line is a property of the policy, printed in its title block, never a
section: a document that opens with "Last Updated" as a heading would otherwise
nest everything under it.
"""

from __future__ import annotations

import re

_LABELS = (r"last\s+(?:updated|modified|revised|reviewed|changed)|(?:date\s+)?last\s+updated"
           r"|effective(?:\s+(?:date|as\s+of|from|on))?|updated(?:\s+on)?|revised(?:\s+on)?"
           r"|(?:date\s+of\s+)?(?:last\s+)?revision(?:\s+date)?|version\s+date|publication\s+date"
           r"|published(?:\s+on)?|status|version")
_LINE = re.compile(rf"^\s*(?P<label>{_LABELS})\s*(?::|-|–|—)?\s*(?P<value>.+?)\s*$", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
MAX_WORDS = 10  # a status line is short; a sentence that starts "Effective ..." is text


def date_line(text: str) -> tuple[str, str] | None:
    """(label, value) when `text` is a date or status line, else None.

    A date label ("Last Updated") needs a date after it (a year, a month's name or
    d/m/y); "Status" and "Version" need a colon, so "Version history" stays a heading.
    """
    text = " ".join(text.replace("*", " ").split())
    if not text or len(text.split()) > MAX_WORDS:
        return None
    match = _LINE.match(text)
    if not match:
        return None
    label, value = match.group("label"), match.group("value").strip(" .:")
    if not value:
        return None
    if label.lower() in ("status", "version"):
        if text[len(label):].lstrip()[:1] != ":":
            return None
    elif not (_DATE.search(value) or any(m in value.lower() for m in _MONTHS)):
        return None
    return " ".join(label.split()), value
