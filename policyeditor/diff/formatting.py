"""Changes that change formatting and no words: a link added or removed, bold, italic, underline.

The diff runs over canonical markup, so `see our fair use` → `see our [fair use](url)`
comes out as the markup `[` and `](url)` inserted, and `**must**` → `must` as one word
deleted and inserted again. A change whose deleted and inserted text show the same
words (as `core.visible` reads them) is a format change: `formatting_of` says what
changed, so the renderers show the words once, with their new format, and Word gets
a w:rPrChange rather than a deletion and an insertion.

A paragraph's kind is its formatting too: `- first item` → `first item` (the bullet taken
off), `1. ` for `- ` (bullets → numbers), two spaces more before the marker (a list level
deeper) change the block `core.visible` gives the same words; the renderers show the words
once in their new kind, Word gets a w:pPrChange with the old paragraph properties.
"""

from __future__ import annotations

from policyeditor.core.body import LIST_LINE, MAY_BE_MARKUP, begins_list, link_targets_in, opening_numbers
from policyeditor.core.visible import CELL, Block, Entry, Format, LazyVisible
from policyeditor.diff.text import OLD_SIDE, Op, new_text, old_text

_ATTRS = ("bold", "italic", "underline")


def formatting_of(ops: tuple[Op, ...] | list[Op]) -> dict[int, str]:
    """For each change in a body's ops (by its `change` number) that changes formatting only,
    what changed: "link added", "bold removed, italic added", ..."""
    return formatting_and_extents(ops)[0]


Extent = tuple[int, int]  # a stretch of the new text: start, end


def formatting_and_extents(ops: tuple[Op, ...] | list[Op], maps: dict[str, LazyVisible] | None = None,
                            ) -> tuple[dict[int, str], dict[int, Extent]]:
    """`formatting_of`, and for a change of markup alone (a link's new target) the stretch of
    the new text (start, end) whose words it re-formats: the link's words before it. `maps`:
    `visible_maps(ops)`, where the caller has them."""
    old, new = old_text(ops), new_text(ops)
    maps = maps or visible_maps(ops)
    starts: list[tuple[int, int]] = []  # per op: where it starts in the old and the new text
    pos_old = pos_new = 0
    spans: dict[int, list[int]] = {}  # change -> [first op index, last op index]
    moved: set[int] = set()
    trailing: set[int] = set()
    counted: dict[int, int] = {}  # change -> its last ignored op: a list number counting on with it
    for index, op in enumerate(ops):
        starts.append((pos_old, pos_new))
        if op.kind in ("equal", "delete", "move_from"):
            pos_old += len(op.text) if op.kind != "move_from" else len(op.text)
        if op.kind in ("equal", "insert", "move_to"):
            pos_new += len(op.text)
        if op.kind == "equal":
            continue
        if op.ignored and op.change in spans:
            counted[op.change] = index
            continue
        if op.kind in ("move_from", "move_to"):
            moved.add(op.change)
        span = spans.get(op.change)
        if span is not None and not op.text.strip("\n") and (span[1] < index - 1 or op.change in trailing):
            trailing.add(op.change)  # the paragraph break a line's marker took along at its end
            continue  # (diff.text._breaks_to_marker): the words before it are the line's, not the change's
        span = spans.setdefault(op.change, [index, index])
        span[1] = index
    out: dict[int, str] = {}
    extents: dict[int, tuple[int, int]] = {}
    openings: dict[str, dict[int, int]] = {}  # read once, when a list's number changed alone
    for change, (first, last) in spans.items():
        if change in moved:
            continue
        found = _pairs(ops, starts, maps, first, last, change)
        if found is None:
            continue
        pairs, blocks = found
        markup_alone = pairs == []
        if markup_alone:  # markup alone, e.g. a link's target: the words either side tell
            pairs = _neighbours(ops, starts, maps, first, last)
            extent = _link_words_before(maps["new"], starts[first][1])
            if extent is None:  # a field's instruction alone: the words of its result, after it
                after = starts[last][1] + (len(ops[last].text) if ops[last].kind == "insert" else 0)
                extent = _field_words_after(maps["new"], after, len(new))
            if extent is not None:
                extents[change] = extent
        line = _line_after(ops, starts, maps, last)
        if line is not None and line[0] != line[1]:  # a marker at the start of the line after it
            blocks.append(line[:2])
            extents[change] = line[2]
        described = ", ".join(part for part in (_describe(pairs), _describe_blocks(blocks)) if part)
        if not described and markup_alone and line is not None and line[0][0] == line[1][0] == "li":
            described = _list_parting(old, new, *line[3])
            if described:
                extents[change] = line[2]
        if not described and blocks and all(_numbered(o) and _numbered(n) for o, n in blocks):
            described = _start_change(starts[first], old, new, openings)
        if described:
            out[change] = described
            if change in counted:  # the items numbered on with it are re-formatted too, the last one's words
                extents[change] = _through(extents.get(change, (starts[first][1],) * 2),
                                           _line_after(ops, starts, maps, counted[change]))
    return out, {c: e for c, e in extents.items() if c in out}


def _through(extent: Extent, line: tuple[Block, Block, Extent, tuple[int, int]] | None) -> Extent:
    """`extent` reaching to the end of `line`'s stretch (`_line_after`), when there is one."""
    return extent if line is None else (extent[0], max(extent[1], line[2][1]))


def _link_words_before(new_map, at: int) -> tuple[int, int] | None:
    """The new text's positions of the link's words that end just before `at` (its `](`)."""
    k = at - 1
    while k >= 0 and k not in new_map:
        k -= 1
    if k < 0 or not new_map[k][1][3]:
        return None
    target, end = new_map[k][1][3], k + 1
    start = k
    while k >= 0:
        entry = new_map.get(k)
        if entry is not None:
            if entry[1][3] != target:
                break
            start = k
        k -= 1
    return start, end


def _field_words_after(new_map, at: int, size: int) -> tuple[int, int] | None:
    """The new text's positions of the shown words of the field whose tag ends at `at`."""
    first = new_map.get(at)
    if first is None or not first[1][4][2]:
        return None
    code, end = first[1][4][2], at
    for k in range(at, size):
        entry = new_map.get(k)
        if entry is not None:
            if entry[1][4][2] != code:
                break
            end = k + 1
    return at, end


def _pairs(ops, starts, maps, first: int, last: int, change: int
           ) -> tuple[list[tuple[Format, Format]], list[tuple[Block, Block]]] | None:
    """(old format, new format) of each word character the change spans, and (old block, new
    block) of each where they differ; None when words changed."""
    if _one_sided_with_words(ops, starts, maps, first, last):
        return None  # words only inserted, or only deleted (most changes): no need to map them all
    pairs: list[tuple[Entry, Entry]] = []
    deleted: list[Entry] = []
    inserted: list[Entry] = []
    for index in range(first, last + 1):
        op = ops[index]
        old_at, new_at = starts[index]
        n = len(op.text)
        if op.kind == "equal":
            _settle(deleted, inserted, pairs)
            for old_entry, new_entry in zip(maps["old"].entries(old_at, old_at + n),
                                            maps["new"].entries(new_at, new_at + n), strict=True):
                if old_entry and new_entry and old_entry[0] != CELL:
                    pairs.append((old_entry, new_entry))
        elif op.change != change:
            return None  # another change inside this one's span: not a change of format alone
        elif op.kind == "delete":
            deleted.extend(e for e in maps["old"].entries(old_at, old_at + n) if e is not None)
        else:
            inserted.extend(e for e in maps["new"].entries(new_at, new_at + n) if e is not None)
    if "".join(e[0] for e in deleted) != "".join(e[0] for e in inserted):
        return None
    _settle(deleted, inserted, pairs)
    return [(o[1], n[1]) for o, n in pairs], [(o[2], n[2]) for o, n in pairs if o[2] != n[2]]


def _one_sided_with_words(ops, starts, maps, first: int, last: int) -> bool:
    """The span only inserts (or only deletes), and something it inserts (deletes) is seen:
    then the two sides cannot spell the same words, whatever `_pairs` would gather."""
    kinds = {ops[index].kind for index in range(first, last + 1)} - {"equal"}
    if kinds == {"insert"}:
        side, at = maps["new"], 1
    elif kinds == {"delete"}:
        side, at = maps["old"], 0
    else:
        return False
    for index in range(first, last + 1):
        op = ops[index]
        if op.kind != "equal":
            start = starts[index][at]
            if side.any_in(start, start + len(op.text)):
                return True
    return False


def _neighbours(ops, starts, maps, first: int, last: int) -> list[tuple[Format, Format]]:
    """(old, new) formats of the word characters just before and just after ops[first..last]."""
    pairs: list[tuple[Format, Format]] = []
    for index, step in ((first - 1, -1), (last + 1, 1)):
        if not 0 <= index < len(ops) or ops[index].kind != "equal":
            continue
        old_at, new_at = starts[index]
        offsets = range(len(ops[index].text))
        for k in (reversed(offsets) if step < 0 else offsets):
            old_entry, new_entry = maps["old"].get(old_at + k), maps["new"].get(new_at + k)
            if old_entry and new_entry and old_entry[0] not in (CELL, " "):
                pairs.append((old_entry[1], new_entry[1]))
                break
    return pairs


def _settle(deleted: list, inserted: list, pairs: list) -> None:
    """Pair the deleted and inserted word characters gathered so far (they spell the same words)."""
    if [e[0] for e in deleted] == [e[0] for e in inserted]:
        pairs.extend(zip(deleted, inserted, strict=True))
        deleted.clear()
        inserted.clear()


def _line_after(ops, starts, maps, last: int) -> tuple[Block, Block, Extent, tuple[int, int]] | None:
    """The old and new block of the first word character both texts share after ops[last] on its
    line (a line's kind is the marker before its words; the words between may have changed too:
    "- first item" → "initial item"), the stretch of the new text from there to the end of
    that equal op's line, and where that character is in the old and the new text; None when no
    shared word comes before a line break."""
    for index in range(last + 1, len(ops)):
        op = ops[index]
        if op.kind != "equal":
            if "\n" in op.text:
                return None
            continue
        old_at, new_at = starts[index]
        text = op.text
        for k, char in enumerate(text):
            if char == "\n":
                return None
            old_entry, new_entry = maps["old"].get(old_at + k), maps["new"].get(new_at + k)
            if old_entry and new_entry and old_entry[0] != CELL:
                end = text.find("\n", k)
                return (old_entry[2], new_entry[2], (new_at, new_at + (len(text) if end < 0 else end)),
                        (old_at + k, new_at + k))
    return None


_BULLET = "\u2022"  # a bulleted item's marker in a block (a numbered one's is its number)


def _numbered(block: Block) -> bool:
    return block[0] == "li" and block[2] != _BULLET


def _list_parting(old: str, new: str, old_at: int, new_at: int) -> str:
    """"list split in two" when the line at `new_at` begins a list of its own that the line at
    `old_at` went on (a blank line put between two items), "lists joined" the other way; ''
    when both or neither begin one, or when the line before is no list item in one text (an item
    before it made a paragraph: the list begins anew there, and that change says so)."""
    was, now = begins_list(old, old_at), begins_list(new, new_at)
    if was == now or not (_item_before(old, old_at) and _item_before(new, new_at)):
        return ""
    return "list split in two" if now else "lists joined"


def _item_before(text: str, at: int) -> bool:
    """Whether the last line with text before the line holding `at` is a list item."""
    lines = text[:text.rfind("\n", 0, at) + 1].split("\n")
    last = next((line for line in reversed(lines) if line.strip()), "")
    return LIST_LINE.match(last) is not None


def _start_change(at: tuple[int, int], old: str, new: str, openings: dict[str, dict[int, int]]) -> str:
    """"numbering starts at 3" when the change's line begins a count in both texts at another
    number (a list's own first number changed); '' when the number only counts (an item came or
    went before it)."""
    if not openings:
        openings["old"], openings["new"] = opening_numbers(old), opening_numbers(new)
    numbers = []
    for text, pos, side in ((old, at[0], "old"), (new, at[1], "new")):
        line = text.rfind("\n", 0, pos) + 1
        marker = line + len(text[line:]) - len(text[line:].lstrip(" "))
        numbers.append(openings[side].get(marker))
    was, now = numbers
    if was is None or now is None or was == now:
        return ""
    return f"numbering starts at {now}"


def _describe_blocks(blocks: list[tuple[Block, Block]]) -> str:
    """What changed of the paragraphs' kinds, in plain words, each said once."""
    parts: list[str] = []
    for old, new in blocks:
        for part in _block_change(old, new):
            if part not in parts:
                parts.append(part)
    return ", ".join(parts)


def _block_change(old: Block, new: Block) -> list[str]:
    (old_kind, old_level, old_marker), (new_kind, new_level, new_marker) = old, new
    was_bullet, is_bullet = old_marker == _BULLET, new_marker == _BULLET
    if old_kind == new_kind == "li":
        out = []
        if was_bullet != is_bullet:
            out.append("numbers \u2192 bullets" if is_bullet else "bullets \u2192 numbers")
        if old_level != new_level:
            out.append(f"list level {old_level + 1} \u2192 {new_level + 1}")
        return out  # a number alone changed (an item came or went before it): no kind changed
    if old_kind == "li" and new_kind == "p":
        return ["bullet removed" if was_bullet else "numbering removed"]
    if old_kind == "p" and new_kind == "li":
        return ["made a list item" if is_bullet else "made a numbered item"]
    return []


def kind_change(old: Block, new: Block) -> str:
    """What changed between two blocks of the same words ("bullet removed", "list level 1 → 2");
    '' when they are of one kind (a list's number counting on alone is no kind change)."""
    return ", ".join(_block_change(old, new))


def format_change(old: Format, new: Format) -> str:
    """What changed between two formats of the same words ("link removed"); '' when nothing shown."""
    return _describe([(old, new)])


def _describe(pairs: list[tuple[Format, Format]]) -> str:
    parts: list[str] = []
    for k, name in enumerate(_ATTRS):
        gained = any(n[k] and not o[k] for o, n in pairs)
        lost = any(o[k] and not n[k] for o, n in pairs)
        if gained or lost:
            parts.append(f"{name} {'changed' if gained and lost else 'added' if gained else 'removed'}")
    if any(o[4][2] != n[4][2] for o, n in pairs):  # the same shown words, another field instruction
        parts.append("field changed")
    links = [(o[3], n[3]) for o, n in pairs if o[3] != n[3]]
    if links:
        if all(not o for o, _ in links):
            parts.insert(0, "link added")
        elif all(not n for _, n in links):
            parts.insert(0, "link removed")
        else:
            parts.insert(0, "link changed")
    return ", ".join(parts)


LONG_URL = 60  # a link target longer than this is shortened in a description, its host kept


def short_url(url: str) -> str:
    """`url` as a description shows it: whole up to `LONG_URL` characters, else its scheme and
    host whole and the rest cut in the middle ("https://example.com/a/…/end")."""
    if len(url) <= LONG_URL:
        return url
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    host, slash, path = rest.partition("/")
    head = f"{scheme}{sep}{host}{slash}"
    room = max(LONG_URL - len(head) - 1, 12)
    if len(path) <= room:
        return head + path
    return f"{head}{path[:room // 2]}\u2026{path[len(path) - (room - room // 2):]}"


def link_targets(old: str, new: str) -> str:
    """A link's targets as a change describes them: "old → new", or the one there is."""
    if old and new:
        return f"{short_url(old)} \u2192 {short_url(new)}"
    return short_url(new or old)


def with_link_targets(formatting: str, old_markup: str, new_markup: str) -> str:
    """A change's `formatting` ("link changed") naming the targets its markup holds (a
    Change's old_text and new_text): "link changed: https://old… → https://new…"."""
    if "link" not in formatting or ":" in formatting:
        return formatting
    olds, news = link_targets_in(old_markup), link_targets_in(new_markup)
    old, new = (olds[0] if len(set(olds)) == 1 else ""), (news[0] if len(set(news)) == 1 else "")
    if old == new or (olds and not old) or (news and not new):
        return formatting  # none, or several: the words say which
    first, _, rest = formatting.partition(", ")
    return f"{first}: {link_targets(old, new)}" + (f", {rest}" if rest else "")


def format_pairs(ops: tuple[Op, ...] | list[Op]) -> dict[int, tuple[Format, Block]]:
    """For each new-text position inside a format change, the format its word had in the old
    text and the block (paragraph, list item, its level and marker) it stood in."""
    old, new = old_text(ops), new_text(ops)
    maps = {"old": LazyVisible(old), "new": LazyVisible(new)}
    out: dict[int, tuple[Format, Block]] = {}
    pos_old = pos_new = 0
    queue: list[tuple[Format, Block]] = []
    for op in ops:
        if op.kind == "equal":
            if op.formatting:
                for k in range(len(op.text)):
                    old_entry = maps["old"].get(pos_old + k)
                    if old_entry is not None and maps["new"].get(pos_new + k) is not None:
                        out[pos_new + k] = old_entry[1:]
            pos_old += len(op.text)
            pos_new += len(op.text)
        elif op.kind in ("delete", "move_from"):
            if op.formatting:
                queue.extend(e[1:] for k in range(len(op.text))
                             if (e := maps["old"].get(pos_old + k)) is not None)
            pos_old += len(op.text)
        else:
            if op.formatting:
                for k in range(len(op.text)):
                    if maps["new"].get(pos_new + k) is not None and queue:
                        out[pos_new + k] = queue.pop(0)
            pos_new += len(op.text)
    return out


def format_ids(ops: tuple[Op, ...] | list[Op]) -> list[int]:
    """Per op, the format change it belongs to: its own, or for an equal op carrying one's
    `formatting`, that of the nearest such op (equal ops have no change number). Kept words
    re-formatted by a change of words (`reformatted_kept_words`) belong to the change beside
    them on their line (`_owner`)."""
    ids = [op.change if op.formatting else 0 for op in ops]
    for order in (range(len(ops)), range(len(ops) - 1, -1, -1)):
        last = 0
        for k in order:
            if not ops[k].formatting:
                last = 0
            elif ids[k]:
                last = ids[k]
            elif last:
                ids[k] = last
    # words a kind change re-formats after words that changed on its line ("- first item" →
    # "initial item": " item"): its marker's, the line's first formatted op
    last = 0
    for k, op in enumerate(ops):
        if op.kind == "equal" and not op.formatting:
            last = 0
        elif op.formatting and ids[k]:
            last = ids[k]
        elif op.formatting and last:
            ids[k] = last
        if "\n" in op.text:
            last = 0
    for k, op in enumerate(ops):
        if op.formatting and not ids[k]:
            ids[k] = _owner(ops, k)
    return ids


def _owner(ops: tuple[Op, ...] | list[Op], k: int) -> int:
    """The change kept words at `k` belong to: the nearest before them on their line, else after
    them there, else the nearest before or after anywhere."""
    found: dict[bool, list[int]] = {True: [], False: []}  # on their line?
    for step in (-1, 1):
        j, same_line = k + step, True
        while 0 <= j < len(ops) and ops[j].kind == "equal":
            same_line = same_line and "\n" not in ops[j].text
            j += step
        if 0 <= j < len(ops):
            found[same_line].append(ops[j].change)
    return (found[True] or found[False] or [0])[0]


def visible_maps(ops: tuple[Op, ...] | list[Op]) -> dict[str, LazyVisible]:
    """What a reader sees of the ops' old and of their new text, mapped a line at a time."""
    return {"old": LazyVisible(old_text(ops)), "new": LazyVisible(new_text(ops))}


def reformatted_kept_words(ops: tuple[Op, ...] | list[Op], maps: dict[str, LazyVisible] | None = None,
                           ) -> tuple[list[Op], dict[int, str]]:
    """The ops with each stretch of equal words whose format the texts differ in, though no
    change of formatting alone says so, tagged with what changed as its `formatting`; and per
    change (`format_ids`) what it did to such words. That is a change of words whose markup
    re-formats the words between its parts: quotes put round a link's words as the link was
    taken off (`[Your Rights](#x)` → `"Your Rights"`), bold taken off as quotes went round.
    `maps`: `visible_maps(ops)`, where the caller has them.

    Only the lines where some change inserted or deleted markup are read: elsewhere equal words
    keep their format."""
    old, new = old_text(ops), new_text(ops)
    texts = {"old": old, "new": new}
    touched: dict[str, list[tuple[int, int]]] = {"old": [], "new": []}  # lines where markup changed
    starts: list[tuple[int, int]] = []
    pos = {"old": 0, "new": 0}
    for op in ops:
        starts.append((pos["old"], pos["new"]))
        if op.kind == "equal":
            pos["old"] += len(op.text)
            pos["new"] += len(op.text)
            continue
        side = "old" if op.kind in OLD_SIDE else "new"
        start, end = pos[side], pos[side] + len(op.text)
        pos[side] = end
        text = texts[side]
        line_start = text.rfind("\n", 0, start) + 1
        # markup inserted or deleted: a markup character, or any inside a link's target
        in_target = text.rfind("](", line_start, start) > text.rfind(")", line_start, start)
        markup = op.text.replace("<br>", "")  # (a line break re-formats nothing; a link's end is `](`)
        if in_target or "]" in markup or MAY_BE_MARKUP.search(markup):
            line_end = text.find("\n", end)
            touched[side].append((line_start, len(text) if line_end < 0 else line_end))
    if not touched["old"] and not touched["new"]:
        return list(ops), {}
    maps = maps or visible_maps(ops)
    out: list[Op] = []
    tagged: list[int] = []  # where in `out` the stretches this tagged are
    for op, (at_old, at_new) in zip(ops, starts, strict=True):
        kept = op.kind == "equal" and not op.formatting
        stretches = _touched(touched, at_old, at_new, len(op.text)) if kept else []
        tags = [""] * len(op.text) if stretches else []
        for a, b in stretches:
            olds = maps["old"].entries(at_old + a, at_old + b)
            news = maps["new"].entries(at_new + a, at_new + b)
            tags[a:b] = [format_change(o[1], n[1]) if o is not None and n is not None and o[1] != n[1]
                         and n[0] != CELL else "" for o, n in zip(olds, news, strict=True)]
        if not any(tags):
            out.append(op)
            continue
        cut = 0
        for k in range(1, len(tags) + 1):
            if k == len(tags) or tags[k] != tags[cut]:
                if tags[cut]:
                    tagged.append(len(out))
                out.append(Op("equal", op.text[cut:k], 0, op.ignored, tags[cut]))
                cut = k
    if not tagged:
        return out, {}
    ids = format_ids(out)
    said: dict[int, list[str]] = {}
    for index in tagged:
        for part in out[index].formatting.split(", "):
            if part not in said.setdefault(ids[index], []):
                said[ids[index]].append(part)
    return out, {change: ", ".join(parts) for change, parts in said.items()}


def _touched(touched: dict[str, list[tuple[int, int]]], at_old: int, at_new: int,
             size: int) -> list[tuple[int, int]]:
    """The stretches of an equal op (offsets in it) on the lines where markup changed."""
    cuts = sorted((max(start - at, 0), min(end - at, size))
                  for side, at in (("old", at_old), ("new", at_new)) for start, end in touched[side]
                  if start < at + size and at <= end)
    merged: list[tuple[int, int]] = []
    for a, b in cuts:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        elif a < b:
            merged.append((a, b))
    return merged
