"""Merging two drafts changed apart, section by section, against the draft they both started from.

For each section (by its stable id) the heading and body are taken whole:
changed on one side only, that side's text wins; changed on both sides to the
same text, fine; changed on both sides differently, a `Conflict` holding the
three texts (base, mine, theirs) for the window's three-way redline, and the
merged draft keeps mine, so nothing typed is lost. A section deleted on one
side and edited on the other is a conflict too, and kept. The title is merged
the same way; metadata key by key (mine wins a clash: it is not text anyone redlines).

The outline: when only one side moved, added or removed sections, its outline
is taken; when both did, theirs is taken and my added sections are put after
the section they followed in mine (or first under the same parent). Sections
only I moved keep their place in theirs: an outline is not a conflict.

No text is diffed here: sections are compared whole (diff/ is the one engine
that diffs, and the window draws the redline of a conflict with it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from policyeditor.core.model import Policy, Section

TITLE = "(title)"  # the section_id of a conflict on the policy's title

Text = tuple[str, str]  # heading, body


@dataclass(frozen=True)
class Side:
    """One side's text of a section, or None's stand-in when the section is absent on that side."""

    heading: str
    body: str


@dataclass(frozen=True)
class Conflict:
    """A section both sides changed differently; None for a side on which it does not exist."""

    section_id: str
    base: Side | None
    mine: Side | None
    theirs: Side | None

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Conflict:
        def side(value: dict[str, str] | None) -> Side | None:
            return None if value is None else Side(value["heading"], value["body"])

        return cls(data["section_id"], side(data["base"]), side(data["mine"]), side(data["theirs"]))


@dataclass(frozen=True)
class Merged:
    policy: Policy
    conflicts: list[Conflict]


Node = list[Any]  # [section_id, [children...]]


def _texts(policy: Policy) -> dict[str, Text]:
    return {s.id: (s.heading, s.body) for s, _ in policy.walk()}


def _outline(sections: list[Section]) -> list[Node]:
    return [[s.id, _outline(s.children)] for s in sections]


def _places(nodes: list[Node], parent: str | None = None) -> dict[str, tuple[str | None, str | None]]:
    """Each id's parent and previous sibling (None at the start)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    previous = None
    for node in nodes:
        found[node[0]] = (parent, previous)
        found.update(_places(node[1], node[0]))
        previous = node[0]
    return found


def _find(nodes: list[Node], section_id: str) -> tuple[list[Node], int] | None:
    for index, node in enumerate(nodes):
        if node[0] == section_id:
            return nodes, index
        found = _find(node[1], section_id)
        if found:
            return found
    return None


def _remove(nodes: list[Node], section_id: str) -> None:
    found = _find(nodes, section_id)
    if found:
        siblings, index = found
        siblings[index : index + 1] = siblings[index][1]  # its children, if any, take its place


def _insert(nodes: list[Node], section_id: str, parent: str | None, previous: str | None) -> None:
    siblings = nodes
    if parent is not None:
        found = _find(nodes, parent)
        if found:
            siblings = found[0][found[1]][1]
    index = 0
    if previous is not None:
        after = next((i for i, node in enumerate(siblings) if node[0] == previous), None)
        index = len(siblings) if after is None else after + 1
    siblings.insert(index, [section_id, []])


def _ids(nodes: list[Node]) -> list[str]:
    return [i for node in nodes for i in [node[0], *_ids(node[1])]]


def _pick(base: Any, mine: Any, theirs: Any) -> tuple[Any, bool]:
    """The merged value of three and whether it is a conflict (then mine)."""
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    return mine, True


def merge(base: Policy, mine: Policy, theirs: Policy) -> Merged:
    """`mine` and `theirs`, both made from `base`, merged; conflicts where both changed a section."""
    b, m, t = _texts(base), _texts(mine), _texts(theirs)
    texts: dict[str, Text] = {}
    conflicts: list[Conflict] = []
    for section_id in dict.fromkeys([*m, *t, *b]):
        value, clash = _pick(b.get(section_id), m.get(section_id), t.get(section_id))
        if clash:
            conflicts.append(
                Conflict(
                    section_id,
                    *(
                        None if x is None else Side(*x)
                        for x in (b.get(section_id), m.get(section_id), t.get(section_id))
                    ),
                )
            )
            if value is None:  # I deleted it, they edited it: keep their text until it is settled
                value = t[section_id]
        if value is not None:
            texts[section_id] = value

    base_tree, my_tree, their_tree = (_outline(p.sections) for p in (base, mine, theirs))
    if my_tree == base_tree:
        tree = their_tree
    elif their_tree == base_tree:
        tree = my_tree
    else:
        tree = their_tree
        mine_places = _places(my_tree)
        for section_id in _ids(my_tree):
            if section_id not in set(_ids(tree)) and section_id in texts:
                _insert(tree, section_id, *mine_places[section_id])
    # sections kept by a conflict but gone from the chosen outline, and ones merged away
    present = set(_ids(tree))
    for section_id in [i for i in texts if i not in present]:
        places = _places(my_tree).get(section_id) or _places(their_tree).get(section_id) or (None, None)
        _insert(tree, section_id, *places)
    for section_id in [i for i in _ids(tree) if i not in texts]:
        _remove(tree, section_id)

    def build(nodes: list[Node]) -> list[Section]:
        return [
            Section(heading=texts[n[0]][0], body=texts[n[0]][1], children=build(n[1]), id=n[0]) for n in nodes
        ]

    title, title_clash = _pick(base.title, mine.title, theirs.title)
    if title_clash:
        conflicts.append(Conflict(TITLE, Side(base.title, ""), Side(mine.title, ""), Side(theirs.title, "")))
    metadata = {}
    for key in dict.fromkeys([*mine.metadata, *theirs.metadata, *base.metadata]):
        value, _ = _pick(base.metadata.get(key), mine.metadata.get(key), theirs.metadata.get(key))
        if value is not None:
            metadata[key] = value
    merged = Policy(title=title, sections=build(tree), metadata=metadata)
    # the numbering style and dates as the title: one side's change is taken (mine wins a clash)
    properties, _ = _pick(base.properties(), mine.properties(), theirs.properties())
    merged.set_properties(properties)
    return Merged(merged, conflicts)
