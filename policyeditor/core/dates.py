"""Date and status lines ("Last Updated: May 22, 2024", "Effective date: 1 July 2025").

Such a line is a property of the policy, printed in its title block, never a
section: a document that opens with "Last Updated" as a heading would otherwise
nest everything under it.
"""

from __future__ import annotations

import re

from policyeditor.core.patterns import later

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from policyeditor.core.model import Policy

_LABELS = (r"last\s+(?:updated|modified|revised|reviewed|changed)|(?:date\s+)?last\s+updated"
           r"|effective(?:\s+(?:date|as\s+of|from|on))?|updated(?:\s+on)?|revised(?:\s+on)?"
           r"|(?:date\s+of\s+)?(?:last\s+)?revision(?:\s+date)?|version\s+date|publication\s+date"
           r"|published(?:\s+on)?|status|version")
_LINE = re.compile(rf"^\s*(?P<label>{_LABELS})\s*(?::|-|–|—)?\s*(?P<value>.+?)\s*$", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = later(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
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
    elif not (_DATE().search(value) or any(m in value.lower() for m in _MONTHS)):
        return None
    return " ".join(label.split()), value


DATES_APART = " \u00b7 "  # between two date lines of a title block written on one line
PREFACE_LINES = 6  # a date line is looked for among the first blocks of the preface only


def lift_dates(policy: Policy) -> list[str]:
    """Make the policy's date and status lines properties of the policy; returns them as typed.

    A heading that is such a line stops being a section: its body joins the section
    before it (or the preface), and its sub-sections move up a level, so it no longer
    swallows the document. Such a line among the first paragraphs of the preface is
    taken out of the text. Either way it shows in the title block of every export.
    """
    from policyeditor.core import body
    from policyeditor.core.body import Paragraph
    from policyeditor.core.model import Section

    lifted: list[str] = []

    def take(text: str) -> bool:
        # a title block may hold several on one line, as a redline's cover writes them
        found = [date_line(part) for part in text.split(DATES_APART)]
        if any(one is None or one[0] in policy.dates for one in found) \
                or len({one[0] for one in found if one}) < len(found):
            return False
        policy.dates.update(one for one in found if one)
        lifted.append(" ".join(text.split()))
        return True

    def lift(sections: list[Section], before: Section | None) -> list[Section]:
        out: list[Section] = []
        for section in sections:
            if section.heading.strip() and take(section.heading):
                host = out[-1] if out else before
                if section.body.strip():
                    if host is None:
                        host = Section("")
                        out.append(host)
                    host.body = body.write(body.parse(host.body) + body.parse(section.body))
                out.extend(lift(section.children, host))
                continue
            section.children = lift(section.children, None)
            out.append(section)
        return out

    if policy.sections and not policy.sections[0].heading.strip():
        preface = policy.sections[0]
        blocks = body.parse(preface.body)
        kept = []
        for index, block in enumerate(blocks):
            if index < PREFACE_LINES and isinstance(block, Paragraph) \
                    and take("".join(r.text for r in block.runs)):
                continue
            kept.append(block)
        if len(kept) != len(blocks):
            preface.body = body.write(kept)
    policy.sections = lift(policy.sections, None)
    if policy.sections and not policy.sections[0].heading.strip() \
            and not policy.sections[0].body.strip() and not policy.sections[0].children:
        policy.sections.pop(0)  # the preface was only the date line
    return lifted


def date_lines(policy: Policy) -> list[str]:
    """The policy's dates as the title block prints them: 'Last Updated: May 22, 2024'."""
    return [f"{label}: {value}" for label, value in policy.dates.items()]


def dates_text(policy: Policy) -> str:
    """The policy's date lines as one line, as a redline compares and tracks them."""
    return DATES_APART.join(date_lines(policy))


def dates_from_text(text: str) -> dict[str, str]:
    """The dates of a `dates_text` line (a redline's dates with some changes accepted)."""
    out: dict[str, str] = {}
    for line in text.split(DATES_APART):
        label, _, value = line.partition(": ")
        if label.strip() and value.strip():
            out[label.strip()] = value.strip()
    return out
