"""Merging two drafts changed apart, section by section, against the draft they both started from.

For each section (by its stable id) the heading and body are taken whole:
changed on one side only, that side's text wins; changed on both sides to the
same text, fine; changed on both sides differently, a `Conflict` holding the
three texts (base, mine, theirs) for the window's three-way redline, and the
merged draft keeps mine, so nothing typed is lost. A section deleted on one
side and edited on the other is a conflict too, and the merged draft keeps mine
as well: edited by me, my text; deleted by me, gone (the conflict records where
theirs stood, `places["theirs"]`, so taking theirs puts it back there). The title is merged
the same way; metadata key by key (mine wins a clash: it is not text anyone redlines).

The outline: when only one side moved, added or removed sections, its outline
is taken; when both did, theirs is taken, my added sections are put after the
section they followed in mine (or first under the same parent) and the sections
only I moved go where I put them. A section both sides moved to different places
is a conflict of kind "move" (its `places` say where it was and where each side
put it), and the merged draft keeps it where I put it until it is settled.
A section is moved on a side when its parent changed, or when it left the order
its siblings had in the base (not in their longest run still in that order), so
a neighbour's move or deletion does not count as a move of its own.

No text is diffed here: sections are compared whole (diff/ is the one engine
that diffs, and the window draws the redline of a conflict with it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from policyeditor.core.in_order import longest_in_order
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import numbers
from policyeditor.core.section_names import section_name

TITLE = "(title)"  # the section_id of a conflict on the policy's title
TEXT, MOVE = "text", "move"  # a conflict's kind: both changed its text, or both moved it

Place = tuple[str | None, str | None]  # (parent id, previous sibling id); None: top level, first

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
    kind: str = TEXT
    places: dict[str, Place] | None = None  # a move: "base", "mine", "theirs" -> where it stood

    @property
    def key(self) -> tuple[str, str]:
        """What names a conflict in a copy: a section may have a text and a move conflict at once."""
        return self.section_id, self.kind

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        if self.places is None:
            data.pop("places")
        else:
            data["places"] = {side: list(place) for side, place in self.places.items()}
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Conflict:
        def side(value: dict[str, str] | None) -> Side | None:
            return None if value is None else Side(value["heading"], value["body"])

        places = data.get("places")
        return cls(
            data["section_id"],
            side(data["base"]),
            side(data["mine"]),
            side(data["theirs"]),
            data.get("kind", TEXT),
            None if places is None else {k: (v[0], v[1]) for k, v in places.items()},
        )


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


def _children(nodes: list[Node], parent: str | None = None) -> dict[str | None, list[str]]:
    """Each parent's children in order (None: the top level)."""
    found: dict[str | None, list[str]] = {parent: [n[0] for n in nodes]}
    for node in nodes:
        found.update(_children(node[1], node[0]))
    return found


def _moved(base: list[Node], side: list[Node]) -> set[str]:
    """The sections `side` moved: a new parent, or out of their siblings' order in the base."""
    base_places, side_places = _places(base), _places(side)
    moved = {i for i in side_places if i in base_places and side_places[i][0] != base_places[i][0]}
    base_children = _children(base)
    for parent, kids in _children(side).items():
        old = base_children.get(parent, [])
        rank = {section_id: n for n, section_id in enumerate(old)}
        stayed = [rank[k] for k in kids if k in rank and k not in moved]
        kept = longest_in_order(stayed)
        moved |= {k for k in kids if k in rank and k not in moved and rank[k] not in kept}
    return moved


def _detach(nodes: list[Node], section_id: str) -> Node | None:
    """Take the section out with its children (a move, where `_remove` leaves the children)."""
    found = _find(nodes, section_id)
    if not found:
        return None
    siblings, index = found
    return siblings.pop(index)


def _attach(nodes: list[Node], node: Node, parent: str | None, previous: str | None) -> None:
    _insert(nodes, node[0], parent, previous)
    siblings, index = _find(nodes, node[0]) or (nodes, 0)
    siblings[index] = node


def _move(nodes: list[Node], section_id: str, place: Place) -> None:
    """Put the section (and its children) at `place`, when that place is in the outline."""
    parent, previous = place
    if section_id in (parent, previous) or (parent is not None and parent in _subtree(nodes, section_id)):
        return
    node = _detach(nodes, section_id)
    if node is None:
        return
    present = set(_ids(nodes))
    if parent is not None and parent not in present:
        parent, previous = None, None
    if previous is not None and previous not in present:
        previous = None
    _attach(nodes, node, parent, previous)


def _subtree(nodes: list[Node], section_id: str) -> set[str]:
    found = _find(nodes, section_id)
    return set(_ids(found[0][found[1]][1])) if found else set()


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
            # I deleted it, they edited it: it stays deleted here (mine), and where theirs stood
            # is kept so that taking theirs puts it back in its place
            deleted = value is None and section_id in t
            conflicts.append(
                Conflict(
                    section_id,
                    *(
                        None if x is None else Side(*x)
                        for x in (b.get(section_id), m.get(section_id), t.get(section_id))
                    ),
                    places={"theirs": _places(_outline(theirs.sections))[section_id]} if deleted else None,
                )
            )
        if value is not None:
            texts[section_id] = value

    base_tree, my_tree, their_tree = (_outline(p.sections) for p in (base, mine, theirs))
    if my_tree == base_tree:
        tree = their_tree
    elif their_tree == base_tree:
        tree = my_tree
    else:
        tree = their_tree
        mine_places, their_places, base_places = _places(my_tree), _places(their_tree), _places(base_tree)
        for section_id in _ids(my_tree):
            if section_id not in set(_ids(tree)) and section_id in texts:
                _insert(tree, section_id, *mine_places[section_id])
        moved_mine, moved_theirs = _moved(base_tree, my_tree), _moved(base_tree, their_tree)
        for section_id in [i for i in _ids(my_tree) if i in moved_mine]:
            if section_id in moved_theirs and mine_places[section_id] != their_places[section_id]:
                conflicts.append(
                    Conflict(
                        section_id,
                        *(None if x is None else Side(*x) for x in (
                            b.get(section_id), m.get(section_id), t.get(section_id))),
                        kind=MOVE,
                        places={"base": base_places[section_id], "mine": mine_places[section_id],
                                "theirs": their_places[section_id]},
                    )
                )
            if section_id not in moved_theirs or mine_places[section_id] != their_places[section_id]:
                _move(tree, section_id, mine_places[section_id])  # mine, until a conflict is settled
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


def number_of(conflict: Conflict, *policies: Policy) -> str:
    """The conflict's section number in the first of `policies` that has the section ('' if none)."""
    for policy in policies:
        if conflict.section_id != TITLE and policy.find(conflict.section_id) is not None:
            return numbers(policy).get(conflict.section_id, "")
    return ""


def name_of(conflict: Conflict, *policies: Policy) -> str:
    """The conflict's section as people name it: "§5 USE OF COOKIES" (its number in the first of
    `policies` that has it: the draft, then the library's), "the title", an untitled section by its
    first words ("“We collect data when …”"), or its id at worst."""
    if conflict.section_id == TITLE:
        return "the title"
    side = conflict.mine or conflict.theirs or conflict.base
    heading, body = (side.heading, side.body) if side else ("", "")
    return section_name(number_of(conflict, *policies), heading, body) or f"section {conflict.section_id}"


def what_clashed(conflict: Conflict) -> str:
    """What each side did, in a few words."""
    if conflict.kind == MOVE:
        return "moved differently on both sides"
    if conflict.mine is None:
        return "deleted here, edited in the library"
    if conflict.theirs is None:
        return "edited here, deleted in the library"
    return "changed on both sides"


MINE, THEIRS, EDITED = "mine", "theirs", "edited"


def settle(draft: Policy, conflict: Conflict, choice: str, edited: Side | None = None) -> Policy:
    """The draft with `conflict` settled: kept as mine, taken as theirs, or as `edited` (text only).

    The draft holds mine while a conflict is open (see `merge`), so "mine"
    changes nothing but the record; the draft is changed in place and returned.
    """
    if choice not in (MINE, THEIRS, EDITED):
        raise ValueError(f"unknown choice {choice!r}")
    if choice == MINE:
        return draft
    if conflict.section_id == TITLE:
        side = conflict.theirs if choice == THEIRS else edited
        draft.title = side.heading if side else draft.title
        return draft
    if conflict.kind == MOVE:
        if choice == THEIRS and conflict.places:
            tree = _outline(draft.sections)
            _move(tree, conflict.section_id, conflict.places["theirs"])
            texts = {s.id: s for s, _ in draft.walk()}

            def build(nodes: list[Node]) -> list[Section]:
                return [_with_children(texts[n[0]], build(n[1])) for n in nodes]

            draft.sections = build(tree)
        return draft
    side = conflict.theirs if choice == THEIRS else edited
    section = draft.find(conflict.section_id)
    if side is None:  # theirs deleted it: so be it
        if section is not None:
            _drop(draft.sections, conflict.section_id)
        return draft
    if section is None:  # I deleted it and take theirs back: where it stood in theirs, when known
        tree = _outline(draft.sections)
        parent, previous = (conflict.places or {}).get("theirs") or (None, None)
        present = set(_ids(tree))
        if parent is not None and parent not in present:
            parent, previous = None, None
        if previous is not None and previous not in present:
            previous = None
        _insert(tree, conflict.section_id, parent, previous)
        texts = {s.id: s for s, _ in draft.walk()}
        texts[conflict.section_id] = Section(heading=side.heading, body=side.body, id=conflict.section_id)

        def rebuild(nodes: list[Node]) -> list[Section]:
            return [_with_children(texts[n[0]], rebuild(n[1])) for n in nodes]

        draft.sections = rebuild(tree)
    else:
        section.heading, section.body = side.heading, side.body
    return draft


def _with_children(section: Section, children: list[Section]) -> Section:
    section.children = children
    return section


def _drop(sections: list[Section], section_id: str) -> bool:
    for index, section in enumerate(sections):
        if section.id == section_id:
            sections[index : index + 1] = section.children
            return True
        if _drop(section.children, section_id):
            return True
    return False
