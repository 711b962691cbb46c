"""The cover our own DOCX exports put above the policy: metadata, not text, left out on import.

A clean export states its version and status under the title (and has a table of
contents); a redline says what it compares. Read back (sent out and returned, or
compared with the text it came from), those lines are no part of the policy.
"""

from __future__ import annotations

import re

from policyeditor.core.model import Policy, Section
from policyeditor.formats.exporters.info import NOTE_PREFIX, POLICY_ID_PREFIX

OUR_KEYWORDS = "policy; version "  # how our exports' keywords (docProps/core.xml) begin
# ... and as LibreOffice saves them again: its keywords are a list, written back with spaces
_OUR_KEYWORDS = re.compile(r"^policy;? version ")


def policy_named(identifier: str) -> str:
    """The policy our DOCX export came from, by its dc:identifier (LibreOffice keeps it); '' if none."""
    identifier = identifier.strip()
    return identifier[len(POLICY_ID_PREFIX):] if identifier.startswith(POLICY_ID_PREFIX) else ""


def is_our_export(keywords: str) -> bool:
    """Whether a document whose keywords are `keywords` is one policyeditor exported (and maybe
    LibreOffice saved again: "policy version 2 draft")."""
    return bool(_OUR_KEYWORDS.match(keywords))


# the header and footer lines our DOCX exports write, as the importer reads them (field results left
# out): title and version, the DRAFT mark, a redline's line, the hash and page numbers. A bookmark
# marks each (bookmarks.OWN_LINE); LibreOffice drops it from a line with fields (the page line).
_PAGE_LINE = re.compile(r"^(SHA-256 [0-9a-f]{16}\tPage of|([^\t]*\t)?(Version \S+|Working draft) \u00b7 .+"
                        r"|(Redline|Blackline): changes from .+ to .+|DRAFT \u2014 not approved.*)$")


def is_own_page_line(text: str) -> bool:
    """Whether a header or footer line of a document we exported is one the export wrote itself."""
    return bool(_PAGE_LINE.match(text.strip()))


# the lines our own exports put under the title (redline cover, version line, DRAFT mark): metadata, not text
_COVER = re.compile(r"^(Changes from .+ to .+|(Version \S+|Working draft) \u00b7 .+"
                    r"|\**DRAFT \u2014 not approved.*|" + re.escape(NOTE_PREFIX) + ".+)$")


def is_cover_line(text: str) -> bool:
    """Whether a line is one our exports put under the title (version line, DRAFT mark, redline cover)."""
    return bool(_COVER.match(text.strip()))


def without_cover(policy: Policy) -> Policy:
    """`policy` without the cover lines of a document policyeditor exported (in place; returned).

    A redline or export sent out and returned holds its cover as an untitled first
    section (and a clean export its table of contents); those lines state which
    version it was, and are no text of the policy.
    """
    policy.sections = [s for s in policy.sections if not _is_contents(s)]
    if not policy.sections or policy.sections[0].heading or policy.sections[0].children:
        return policy
    first = policy.sections[0]
    kept = [p for p in first.body.split("\n\n") if not is_cover_line(p)]
    if len(kept) == len(first.body.split("\n\n")):
        return policy
    first.body = "\n\n".join(kept).strip()
    if not first.body:
        policy.sections.pop(0)
    return policy


_TOC_ENTRY = re.compile(r"^\[.*\]\(#sec-[^)]*\)$")


def _is_contents(section: Section) -> bool:
    """The table of contents a clean DOCX export has: each line a link to a section's bookmark."""
    lines = [p.strip() for p in section.body.split("\n\n") if p.strip()]
    return not section.children and bool(lines) and all(_TOC_ENTRY.match(line) for line in lines)
