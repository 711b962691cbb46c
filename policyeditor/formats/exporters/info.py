"""ExportInfo: what an export shows about the version it comes from.

The header, footer, document properties and DRAFT mark of every export read this
one small value, so the draft and a saved version export through the same code.
"""

from __future__ import annotations

from functools import lru_cache

from policyeditor.core.model import Status, Version
from policyeditor.core.records import dataclass


@lru_cache(maxsize=1024)  # a change list writes the same few dates on every row, at every keystroke
def long_date(iso: str) -> str:
    """An ISO 8601 time as legal documents write its date (12 March 2024); '' when empty."""
    from datetime import datetime  # here: a compare to JSON prints no dates, and starts faster

    try:
        when = datetime.fromisoformat(iso[:10])
    except ValueError:
        return iso[:10]
    return f"{when.day} {when:%B %Y}"


def changes_line(old: ExportInfo | None, new: ExportInfo | None, old_name: str = "",
                 new_name: str = "") -> str:
    """A redline's cover line: 'Changes from version 1.0 (approved 3 May 2026) to the draft'.

    A text that is no version is the draft, unless its name says it is a document
    of its own (`old_name`/`new_name`, the redline's labels: 'v2.md'), named so.
    """
    return f"Changes from {_named(old, old_name)} to {_named(new, new_name)}"


# a redline's cover line for each of `Redline.notes` (a page header changed, charts not compared):
# what no tracked change can show is said there; a returned redline's import drops these lines
NOTE_PREFIX = "Note: "


def _named(info: ExportInfo | None, name: str) -> str:
    if info is not None and info.label:
        return info.described
    if name and not name.endswith("(draft)") and name.casefold() not in ("draft", "working draft"):
        return name
    return "the draft"


# how a DOCX export names its policy in its core properties (dc:identifier)
POLICY_ID_PREFIX = "policyeditor-policy:"


@dataclass(frozen=True)
class ExportInfo:
    """The version label, status, author, creation time and content hash of an export.

    `label` is None for the draft. `created` is an ISO 8601 time, `content_hash` the
    SHA-256 an approval signs; both may be empty when unknown.
    """

    label: str | None
    status: Status
    author: str = ""
    created: str = ""
    content_hash: str = ""
    # the .policy file's policy (PolicyFile.policy_id): a DOCX names it, so that a document
    # brought back into another policy is refused (review.word_import.merge_into)
    policy_id: str = ""

    @classmethod
    def from_version(cls, version: Version) -> ExportInfo:
        """The export info of a saved version (its hash computed when the version lacks one)."""
        return cls(
            label=version.label,
            status=version.status,
            author=version.author,
            created=version.created,
            content_hash=version.content_hash or version.policy.content_hash(),
        )

    @property
    def is_draft(self) -> bool:
        """True when the text is not approved: such an export carries a visible DRAFT mark."""
        return not self.status.locked

    @property
    def version_text(self) -> str:
        """"Version 2.1" or "Working draft" for the draft."""
        return f"Version {self.label}" if self.label else "Working draft"

    @property
    def date(self) -> str:
        """The date part of `created` (YYYY-MM-DD), or '' when unknown."""
        return self.created[:10]

    @property
    def long_date(self) -> str:
        """The date as legal documents write it (12 March 2024), or '' when unknown."""
        return long_date(self.created)

    @property
    def described(self) -> str:
        """The text as a reader names it: 'version 1.0 (approved 3 May 2026)', or 'the draft'."""
        if not self.label:
            return "the draft"
        when = f" {self.long_date}" if self.long_date else ""
        return f"version {self.label} ({self.status.title.lower()}{when})"

    @property
    def draft_mark(self) -> str:
        """The words of the DRAFT mark."""
        mark = "DRAFT \u2014 not approved"
        if self.status is not Status.DRAFT:
            mark += f" ({self.status.title.lower()})"
        return mark
