"""Pairing the items of two versions: paragraphs of a section, and sections of a policy.

Pairing runs in three passes, each one-to-one:

1. items with equal keys, in order (a longest common subsequence, computed by
   diff-match-patch on one character per key);
2. in each gap between those anchors, items similar enough, in order, chosen to
   maximise the total similarity, so that runs of near-identical boilerplate pair
   with their true counterparts rather than with their neighbours;
3. what is left, across gaps, best match first: these pairs are out of order, i.e. moved.

Sections of two versions of one policy pair by stable id before that; the rest
(and all sections of two unrelated files) pair by heading, then heading and
content similarity. A section pair is *moved* when its parent changed or when it
is not in the longest run of siblings that kept their order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from policyeditor.core.memo import memo
from policyeditor.core.model import Policy, Section
from policyeditor.core.records import dataclass
from policyeditor.diff.dmp import diff_chars
from policyeditor.diff.words import DEFAULT_OPTIONS, DiffOptions, TokenCodec, words

Similarity = Callable[[int, int], float]

PARAGRAPH_THRESHOLD = 0.4   # paragraphs in the same gap pair from this similarity
PARAGRAPH_MOVE = 0.8        # paragraphs far apart pair (as a move) from this one
SECTION_THRESHOLD = 0.5
SECTION_MOVE = 0.6
_DP_CELLS = 40_000          # a gap larger than this is paired inside a diagonal band
_CROSS_CANDIDATES = 250     # leftovers beyond this on a side are not searched for moves


def dice(a: Bag, b: Bag, len_a: int, len_b: int) -> float:
    """Dice coefficient of two bags of words (see `bag_of`): 1.0 equal, 0.0 nothing shared."""
    if not len_a and not len_b:
        return 1.0
    if not len_a or not len_b:
        return 0.0
    if 2 * min(len_a, len_b) / (len_a + len_b) < 0.3:  # cannot be similar: skip the count
        return 0.0
    (words_a, repeats_a), (words_b, repeats_b) = a, b
    common = len(words_a & words_b)
    if repeats_a and repeats_b:
        if len(repeats_a) > len(repeats_b):
            repeats_a, repeats_b = repeats_b, repeats_a
        for w, n in repeats_a.items():
            m = repeats_b.get(w)
            if m:
                common += min(n, m) - 1
    return 2 * common / (len_a + len_b)


# A bag of words as its distinct words (a set, intersected in C) and the counts of the
# words seen more than once (None if there are none).
Bag = tuple[frozenset[str], dict[str, int] | None]


def bag_of(items: Sequence[str]) -> Bag:
    """The bag of a list of words, for `dice`."""
    counts = Counter(items)
    if len(counts) == len(items):
        return frozenset(counts), None
    return frozenset(counts), {w: n for w, n in counts.items() if n > 1}


class Bags:
    """Bags of case-folded words of texts, for `dice` similarity; each made when first needed."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._bags: dict[int, tuple[Bag, int]] = {}

    def bag(self, i: int) -> tuple[Bag, int]:
        found = self._bags.get(i)
        if found is None:
            found = self._bags[i] = _text_bag(self.texts[i])
        return found

    def size(self, i: int) -> int:
        return self.bag(i)[1]

    def similarity(self, i: int, other: Bags, j: int) -> float:
        (a, len_a), (b, len_b) = self.bag(i), other.bag(j)
        return dice(a, b, len_a, len_b)


@memo(budget=1_000_000, weight=4)
def _text_bag(text: str) -> tuple[Bag, int]:
    """A text's bag of case-folded words and their number; kept by text, as typing compares
    the same paragraphs and sections again a keystroke later. Shared: never change it."""
    w = words(text.casefold())
    return bag_of(w), len(w)


@memo(budget=2_000_000)
def _word_count(text: str) -> int:
    return len(words(text))


def equal_runs(old_keys: Sequence[str], new_keys: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) of equal keys in order: a longest common subsequence."""
    codec = TokenCodec()
    a, b = codec.encode(old_keys), codec.encode(new_keys)
    pairs = []
    i = j = 0
    for op, chars in diff_chars(a, b):
        n = len(chars)
        if op == 0:
            pairs.extend((i + k, j + k) for k in range(n))
            i += n
            j += n
        elif op == -1:
            i += n
        else:
            j += n
    return pairs


def _best_in_order(old: Sequence[int], new: Sequence[int], similar: Similarity,
                   threshold: float) -> list[tuple[int, int]]:
    """Order-keeping pairs of a gap with the largest total similarity (dynamic programming)."""
    m, n = len(old), len(new)
    band = None if m * n <= _DP_CELLS else max(8, _DP_CELLS // max(m, n))
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    sims: dict[tuple[int, int], float] = {}
    for x in range(1, m + 1):
        row, prev = score[x], score[x - 1]
        centre = x * n / m
        for y in range(1, n + 1):
            best = max(prev[y], row[y - 1])
            if band is None or abs(y - centre) <= band:
                s = similar(old[x - 1], new[y - 1])
                if s >= threshold:
                    sims[x, y] = s
                    best = max(best, prev[y - 1] + s)
            row[y] = best
    pairs = []
    x, y = m, n
    while x and y:
        s = sims.get((x, y))
        if s is not None and score[x][y] == score[x - 1][y - 1] + s:
            pairs.append((old[x - 1], new[y - 1]))
            x -= 1
            y -= 1
        elif score[x][y] == score[x - 1][y]:
            x -= 1
        else:
            y -= 1
    pairs.reverse()
    return pairs


def pair_items(old_keys: Sequence[str], new_keys: Sequence[str], similar: Similarity,
               threshold: float, move_threshold: float
               ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pair two sequences one-to-one: (pairs in order, pairs out of order = moved).

    `similar(i, j)` scores old item i against new item j from 0 to 1.
    """
    anchors = equal_runs(old_keys, new_keys)
    in_order: list[tuple[int, int]] = []
    i = j = 0
    for ai, aj in anchors + [(len(old_keys), len(new_keys))]:
        if ai > i and aj > j:
            in_order.extend(_best_in_order(range(i, ai), range(j, aj), similar, threshold))
        if ai < len(old_keys):
            in_order.append((ai, aj))
        i, j = ai + 1, aj + 1
    used_old = {p[0] for p in in_order}
    used_new = {p[1] for p in in_order}
    left_old = [x for x in range(len(old_keys)) if x not in used_old][:_CROSS_CANDIDATES]
    left_new = [y for y in range(len(new_keys)) if y not in used_new][:_CROSS_CANDIDATES]
    candidates = []
    for x in left_old:
        for y in left_new:
            s = similar(x, y)
            if s >= move_threshold:
                candidates.append((-s, x, y))
    candidates.sort()
    moved = []
    for _, x, y in candidates:
        if x not in used_old and y not in used_new:
            moved.append((x, y))
            used_old.add(x)
            used_new.add(y)
    in_order.sort()
    moved.sort()
    return in_order, moved


def longest_increasing(values: Sequence[int], weights: Sequence[int] | None = None) -> set[int]:
    """Positions of one heaviest strictly increasing subsequence of distinct values.

    Without weights every item weighs 1 (a longest run). The values are distinct
    (positions in the other text), so a Fenwick tree over them finds the best run
    ending below each value in O(log n): O(n log n) in all.
    """
    if weights is None:
        weights = [1] * len(values)
    rank = {v: k + 1 for k, v in enumerate(sorted(values))}
    size = len(values)
    tree_best = [0] * (size + 1)   # Fenwick tree of (best weight, position) for prefix maxima
    tree_at = [-1] * (size + 1)
    back = [-1] * size
    total = [0] * size
    for pos, value in enumerate(values):
        r = rank[value] - 1
        best, at = 0, -1
        while r > 0:   # the heaviest run ending at a smaller value
            if tree_best[r] > best:
                best, at = tree_best[r], tree_at[r]
            r -= r & -r
        total[pos], back[pos] = best + weights[pos], at
        r = rank[value]
        while r <= size:
            if total[pos] > tree_best[r]:
                tree_best[r], tree_at[r] = total[pos], pos
            r += r & -r
    keep: set[int] = set()
    pos = max(range(size), key=lambda k: (total[k], -k)) if size else -1
    while pos >= 0:
        keep.add(pos)
        pos = back[pos]
    return keep


# ---------------------------------------------------------------- sections


@dataclass(frozen=True)
class SectionPair:
    """One row of a section alignment: old and/or new section, and whether it moved.

    `moved` is the kind (another parent, or out of order among its siblings);
    `in_place` says whether the pair keeps its place in whole-document order, so a
    redline can show it once; a pair not in place is shown at both places.
    """

    old: Section | None
    new: Section | None
    old_index: int | None   # position in old document order (walk)
    new_index: int | None
    moved: bool = False
    in_place: bool = True


def _heading_key(heading: str, options: DiffOptions) -> str:
    return " ".join(options.normalize(heading).casefold().split())


def align_sections(old: Policy, new: Policy, options: DiffOptions = DEFAULT_OPTIONS,
                   moved: frozenset[str] = frozenset()) -> list[tuple[SectionPair, str]]:
    """Pair the sections of two policies, as slots in reading order.

    A slot is (pair, role): role "both" shows a pair in place, "old" an old section
    where it stood (deleted, or the source of a move out of order), "new" a new
    section where it stands (added, or the destination of that move). Every old
    section is in exactly one "old" or "both" slot in old order, every new one in
    one "new" or "both" slot in new order.

    Which sections moved is the smallest change in words that explains the new
    order: of two sections that swapped places, the shorter one moved. `moved`
    names sections known to have moved (the draft records what its author
    moved), so the move is credited to them whatever their size.
    """
    old_walk = [s for s, _ in old.walk()]
    new_walk = [s for s, _ in new.walk()]
    new_pos = {s.id: k for k, s in enumerate(new_walk)}
    partner_new: dict[int, int] = {}
    for i, section in enumerate(old_walk):
        j = new_pos.get(section.id)
        if j is not None:
            partner_new[i] = j
    taken_new = set(partner_new.values())
    rest_old = [i for i in range(len(old_walk)) if i not in partner_new]
    rest_new = [j for j in range(len(new_walk)) if j not in taken_new]
    if rest_old and rest_new:
        _pair_by_content(old_walk, new_walk, rest_old, rest_new, partner_new, options)
    return _rows(old, new, old_walk, new_walk, partner_new, moved)


def _pair_by_content(old_walk: list[Section], new_walk: list[Section], rest_old: list[int],
                     rest_new: list[int], partner_new: dict[int, int], options: DiffOptions) -> None:
    old_heads = Bags([old_walk[i].heading for i in rest_old])
    new_heads = Bags([new_walk[j].heading for j in rest_new])
    old_bodies = Bags([old_walk[i].body for i in rest_old])
    new_bodies = Bags([new_walk[j].body for j in rest_new])

    def similar(x: int, y: int) -> float:
        head = old_heads.similarity(x, new_heads, y)
        if not old_bodies.size(x) and not new_bodies.size(y):
            return head
        return 0.3 * head + 0.7 * old_bodies.similarity(x, new_bodies, y)

    in_order, moved = pair_items(
        [_heading_key(old_walk[i].heading, options) for i in rest_old],
        [_heading_key(new_walk[j].heading, options) for j in rest_new],
        similar, SECTION_THRESHOLD, SECTION_MOVE)
    for x, y in in_order + moved:
        partner_new[rest_old[x]] = rest_new[y]


def _rows(old: Policy, new: Policy, old_walk: list[Section], new_walk: list[Section],
          partner_new: dict[int, int], known_moves: frozenset[str]) -> list[tuple[SectionPair, str]]:
    partner_old = {j: i for i, j in partner_new.items()}
    old_parent = _parents(old)
    new_parent = _parents(new)
    old_index = {s.id: k for k, s in enumerate(old_walk)}
    new_index = {s.id: k for k, s in enumerate(new_walk)}

    # a section its author moved and then put back (moved again, or the move undone) is in place
    known_moves = frozenset(k for k in known_moves if not _back_in_place(
        k, new_index, partner_new, partner_old, old_walk, new_walk, old_parent, new_parent, old_index))
    # in place: in the heaviest run (in words) of pairs in order in the whole document,
    # leaving out the sections known to have moved and what they carried along
    carried = {s.id for known in known_moves if (top := new.find(known)) is not None for s, _ in top.walk()}
    ordered = [i for i in sorted(partner_new) if new_walk[partner_new[i]].id not in carried]
    keep = longest_increasing([partner_new[i] for i in ordered],
                              [_weight(new_walk[partner_new[i]]) for i in ordered])
    in_place = {ordered[k] for k in keep}

    # moved: another parent, or out of order among its siblings. Siblings of which some
    # are in place: the others moved (so a section shown at two places is always one
    # that moved, or one carried along by a moved ancestor); siblings of which none is
    # in place (the children of a moved section) move only when out of order among them.
    moved: set[int] = set()  # old positions
    groups: dict[int | None, list[int]] = {}
    for i, j in partner_new.items():
        op, np_ = old_parent[old_walk[i].id], new_parent[new_walk[j].id]
        op_i = old_index[op] if op else None
        np_j = new_index[np_] if np_ else None
        same_parent = (op_i is None and np_j is None) or (
            op_i is not None and partner_new.get(op_i) == np_j and np_j is not None)
        if not same_parent:
            moved.add(i)
        else:
            groups.setdefault(np_j, []).append(i)
    for members in groups.values():
        members.sort()
        if any(i in in_place for i in members):
            moved.update(i for i in members if i not in in_place)
        else:
            kept = longest_increasing([partner_new[i] for i in members],
                                      [_weight(new_walk[partner_new[i]]) for i in members])
            moved.update(i for k, i in enumerate(members) if k not in kept)

    out_of_place = {x: SectionPair(old_walk[x], new_walk[y], x, y, x in moved, False)
                    for x, y in partner_new.items() if x not in in_place}
    slots: list[tuple[SectionPair, str]] = []
    i = j = 0
    anchors = [(x, partner_new[x]) for x in ordered if x in in_place]
    for ai, aj in anchors + [(len(old_walk), len(new_walk))]:
        for x in range(i, ai):
            if x in out_of_place:
                slots.append((out_of_place[x], "old"))
            else:
                slots.append((SectionPair(old_walk[x], None, x, None), "old"))
        for y in range(j, aj):
            if y in partner_old:
                slots.append((out_of_place[partner_old[y]], "new"))
            else:
                slots.append((SectionPair(None, new_walk[y], None, y), "new"))
        if ai < len(old_walk):
            slots.append((SectionPair(old_walk[ai], new_walk[aj], ai, aj, ai in moved, True), "both"))
        i, j = ai + 1, aj + 1
    return slots


def _back_in_place(section_id: str, new_index: dict[str, int], partner_new: dict[int, int],
                   partner_old: dict[int, int], old_walk: list[Section], new_walk: list[Section],
                   old_parent: dict[str, str | None], new_parent: dict[str, str | None],
                   old_index: dict[str, int]) -> bool:
    """Whether a section recorded as moved stands where it stood: under the same parent, and in
    the same order against every other section both texts hold."""
    j = new_index.get(section_id)
    i = partner_old.get(j) if j is not None else None
    if i is None:
        return False
    op, np_ = old_parent[old_walk[i].id], new_parent[new_walk[j].id]
    if (op is None) != (np_ is None) or (op is not None and partner_new.get(old_index[op]) != new_index[np_]):
        return False
    return all((x < i) == (y < j) for x, y in partner_new.items() if x != i)


def _weight(section: Section) -> int:
    """What keeping a section in place saves: its words, and one for the section itself."""
    return 1 + _word_count(section.heading) + _word_count(section.body)


def _parents(policy: Policy) -> dict[str, str | None]:
    parent: dict[str, str | None] = {}

    def visit(sections: list[Section], owner: str | None) -> None:
        for s in sections:
            parent[s.id] = owner
            visit(s.children, s.id)

    visit(policy.sections, None)
    return parent
