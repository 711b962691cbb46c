"""Policy, Section, Version and Status: the nouns of the product, without Qt or files.

A policy is a tree of sections. Each section has a stable id that survives
renumbering, moving and renaming, so history and comments follow it. Section
numbers are never stored: `numbering.py` derives them from the tree and the
policy's numbering style, which is stored (it is how the policy numbers itself).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from enum import Enum

from policyeditor.core.numbering import DEFAULT_STYLE, NumberingStyle
from policyeditor.core.records import dataclass, field

_hashing = None  # (hashlib, json), imported on the first hash: a compare hashes nothing, and the command
# line starts fast


def _json_sha256(value: object, **options: object) -> str:
    """The SHA-256, in hex, of the UTF-8 of `value`'s JSON (json.dumps, ensure_ascii=False and
    `options`). No import statement per call: the hot paths hash thousands of sections, and PySide6
    hooks every import statement."""
    global _hashing
    if _hashing is None:
        import hashlib
        import json

        _hashing = hashlib, json
    hashlib, json = _hashing
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, **options).encode("utf-8")).hexdigest()


def new_id() -> str:
    """A fresh stable section id (random, so ids from two machines never clash)."""
    return os.urandom(8).hex()


class Status(str, Enum):  # noqa: UP042 (str() of a member stays "Status.DRAFT")
    """Where a version is in its life: Draft → In review → Approved → Published."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"

    @property
    def locked(self) -> bool:
        """Approved and later versions can never change again."""
        return self in (Status.APPROVED, Status.PUBLISHED, Status.SUPERSEDED)

    @property
    def title(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass
class Section:
    """A numbered unit of a policy: heading, body (canonical text, see body.py), children."""

    heading: str
    body: str = ""
    children: list[Section] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def content_hash(self) -> str:
        """SHA-256 of this section's own heading and body (children not included)."""
        return _json_sha256([self.heading, self.body])

    def walk(self, depth: int = 1) -> Iterator[tuple[Section, int]]:
        """This section and its descendants in document order, with their depth (1 = top)."""
        yield self, depth
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass
class Policy:
    """A policy: its title, free metadata (owner, jurisdiction, ...) and section tree.

    `numbering` is how its outline is numbered (see numbering.py); `dates` are its
    date and status lines in the order the source gave them ("Last Updated" →
    "May 22, 2024"), printed in the title block of every export.
    """

    title: str = "Untitled policy"
    sections: list[Section] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    numbering: NumberingStyle = DEFAULT_STYLE
    dates: dict[str, str] = field(default_factory=dict)
    # the pictures its bodies show (`<img src="HASH">`), by SHA-256 of their bytes; not hashed
    # again in content_hash: the bodies name each by its hash, so an approval covers them
    pictures: dict[str, bytes] = field(default_factory=dict)
    # what its source held that a policy cannot ("chart": 2), named by compare and export
    unkept: dict[str, int] = field(default_factory=dict)
    # the running text its source printed above and below its pages ("header", "footer": lines),
    # compared whole and printed in every export's header and footer
    page_text: dict[str, str] = field(default_factory=dict)
    # the source's anchors (a Word bookmark's name) that its links go to → the section holding each
    anchors: dict[str, str] = field(default_factory=dict)

    def walk(self) -> Iterator[tuple[Section, int]]:
        """Every section in document order with its depth (1 = top level)."""
        for section in self.sections:
            yield from section.walk()

    def find(self, section_id: str) -> Section | None:
        for section, _ in self.walk():
            if section.id == section_id:
                return section
        return None

    def locate(self, section_id: str) -> tuple[Section | None, int]:
        """The parent (None for top level) and index of a section; KeyError if absent."""
        def search(parent: Section | None, children: list[Section]) -> tuple[Section | None, int] | None:
            for index, child in enumerate(children):
                if child.id == section_id:
                    return parent, index
                found = search(child, child.children)
                if found:
                    return found
            return None

        found = search(None, self.sections)
        if found is None:
            raise KeyError(section_id)
        return found

    def picture_refs(self) -> list[str]:
        """The hashes of the pictures its bodies show, each once, in document order."""
        from policyeditor.core.body import PICTURE_REF

        seen: dict[str, None] = {}
        for section, _ in self.walk():
            for digest in PICTURE_REF().findall(section.body):
                seen.setdefault(digest, None)
        return list(seen)

    def section_count(self) -> int:
        return sum(1 for _ in self.walk())

    def word_count(self) -> int:
        from policyeditor.core.body import plain_text

        return sum(
            len(section.heading.split()) + len(plain_text(section.body).split())
            for section, _ in self.walk()
        )

    def copy(self) -> Policy:
        """A copy to change apart from this one: new sections and dicts, the texts, picture bytes
        and numbering style shared (immutable). Not deepcopy: that took ~55 ms a 2,000-section
        policy, twice on the UI thread when a file opens."""
        def tree(sections: list[Section]) -> list[Section]:
            return [Section(s.heading, s.body, tree(s.children), s.id) for s in sections]

        return Policy(title=self.title, sections=tree(self.sections), metadata=dict(self.metadata),
                      numbering=self.numbering, dates=dict(self.dates), pictures=dict(self.pictures),
                      unkept=dict(self.unkept), page_text=dict(self.page_text), anchors=dict(self.anchors))

    def to_data(self) -> dict:
        """A plain, JSON-ready form; its canonical JSON is what content_hash hashes."""
        def tree(sections: list[Section]) -> list[dict]:
            return [
                {"id": s.id, "heading": s.heading, "body": s.body, "children": tree(s.children)}
                for s in sections
            ]

        data = {"title": self.title, "metadata": dict(sorted(self.metadata.items())),
                "sections": tree(self.sections)}
        data.update(self.properties())
        return data

    def properties(self) -> dict:
        """Numbering, dates, what was not kept, page text and anchors, only where not the defaults:
        a policy without them hashes as it did before they existed, so older approvals still verify."""
        out: dict = {}
        if not self.numbering.is_default:
            out["numbering"] = self.numbering.to_data()
        if self.dates:
            out["dates"] = [[label, value] for label, value in self.dates.items()]
        if self.unkept:
            out["unkept"] = dict(sorted(self.unkept.items()))
        if self.page_text:
            out["page_text"] = dict(sorted(self.page_text.items()))
        if self.anchors:
            out["anchors"] = dict(sorted(self.anchors.items()))
        return out

    def set_properties(self, data: dict) -> None:
        """The inverse of `properties` (a missing key is the default)."""
        self.numbering = NumberingStyle.from_data(data.get("numbering"))
        self.dates = {str(label): str(value) for label, value in data.get("dates", [])}
        unkept = data.get("unkept", {})
        self.unkept = {str(k): int(v) for k, v in unkept.items()} if isinstance(unkept, dict) else {}
        page_text = data.get("page_text", {})
        self.page_text = {str(k): str(v) for k, v in page_text.items()} if isinstance(page_text, dict) else {}
        anchors = data.get("anchors", {})
        self.anchors = {str(k): str(v) for k, v in anchors.items()} if isinstance(anchors, dict) else {}

    @classmethod
    def from_data(cls, data: dict) -> Policy:
        def tree(items: list[dict]) -> list[Section]:
            return [
                Section(heading=i["heading"], body=i["body"], children=tree(i["children"]), id=i["id"])
                for i in items
            ]

        policy = cls(title=data["title"], sections=tree(data["sections"]),
                     metadata=dict(data.get("metadata", {})))
        policy.set_properties(data)
        return policy

    def content_hash(self) -> str:
        """SHA-256 over title, metadata and every section: what an approval signs."""
        return _json_sha256(self.to_data(), sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Version:
    """An immutable snapshot of the whole policy with its label, author, time and status."""

    label: str
    author: str
    created: str  # ISO 8601, UTC
    note: str
    status: Status
    parent: str | None  # label of the version it was drafted from
    policy: Policy
    content_hash: str = ""
