"""Sections as the library stores them: an outline of ids (its shape) and texts in document order."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from policyeditor.core.model import Policy, Section


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def tree_of(sections: list[Section]) -> tuple[str, str]:
    """The outline as the .policy file spells it (ids only), and its sha256: the shape's name."""

    def node(section: Section) -> Any:
        return [section.id, [node(c) for c in section.children]] if section.children else section.id

    tree = _compact([node(s) for s in sections])
    return tree, hashlib.sha256(tree.encode("utf-8")).hexdigest()


def build_sections(tree: str, texts: list[tuple[str, str]]) -> list[Section]:
    """The sections a stored outline and its texts in document order make."""
    order = iter(texts)

    def build(nodes: list[Any]) -> list[Section]:
        out = []
        for item in nodes:
            section_id, children = (item, []) if isinstance(item, str) else item
            heading, body = next(order)
            out.append(Section(heading=heading, body=body, children=build(children), id=section_id))
        return out

    return build(json.loads(tree))


def walked(policy: Policy) -> list[Section]:
    return [s for s, _ in policy.walk()]


def with_properties(policy: Policy, properties: str) -> Policy:
    """The policy with its own properties (numbering style, dates), as the library keeps them."""
    policy.set_properties(json.loads(properties))
    return policy
