"""Word-level diff of two texts (a heading, or a section's canonical body) into ops.

A body is diffed paragraph by paragraph: its lines (paragraphs, list items, table
rows) pair up first (see align.py), so a change never spans a paragraph
boundary and a paragraph moved inside the section shows as a move. Each pair of
lines is then diffed on tokens with diff-match-patch (no clock cut-off) and its
semantic clean-up, so "collect some data" → "collect certain data" is one word
replaced.

Ops are exact: the texts of the equal, delete and move_from ops concatenate to
the old text, those of the equal, insert and move_to ops to the new text.
Ops of one change share a `change` number (0 for equal ops); the two ends of a
move share one.
"""

from __future__ import annotations

import re

from policyeditor.core.body import opening_numbers
from policyeditor.core.memo import memo
from policyeditor.core.records import dataclass, replace
from policyeditor.diff.align import PARAGRAPH_MOVE, PARAGRAPH_THRESHOLD, Bags, dice, pair_items
from policyeditor.diff.dmp import diff_chars, diff_semantic
from policyeditor.diff.table_kinds import is_row, joined
from policyeditor.diff.words import DEFAULT_OPTIONS, DiffOptions, TokenCodec, shown_words, tokenize

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from typing import Literal

    OpKind = Literal["equal", "insert", "delete", "move_from", "move_to"]

OLD_SIDE = ("equal", "delete", "move_from")
NEW_SIDE = ("equal", "insert", "move_to")


@dataclass(frozen=True)
class Op:
    """A piece of text and what happened to it.

    `change` groups the ops of one change (0 for equal ops). `ignored` marks a
    difference the options say to ignore (case, spacing, quotes): kept, so the
    diff stays exact, but editorial and shown quietly. `formatting` says what a change
    of formatting alone changed ("link added", see diff/formatting.py), on its ops and
    on the equal ops between them.
    """

    kind: OpKind
    text: str
    change: int = 0
    ignored: bool = False
    formatting: str = ""


def old_text(ops: tuple[Op, ...] | list[Op]) -> str:
    return "".join(op.text for op in ops if op.kind in OLD_SIDE)


def new_text(ops: tuple[Op, ...] | list[Op]) -> str:
    return "".join(op.text for op in ops if op.kind in NEW_SIDE)


# A raw op before grouping: (kind, text, unit, move, ignored); unit says which pair of
# lines it came from, move which move it is an end of (-1 for none).
_Raw = tuple[str, str, int, int, bool]


_SENTENCE_ENDS = frozenset(".;:!?")
_LONG = 600  # tokens on both sides from which a pair is first diffed by sentences


_MEMO_CHARS = 4000  # texts up to this long (both sides) keep their token diff (see `_token_ops`)


def _token_ops(old: str, new: str, options: DiffOptions, unit: int) -> list[_Raw]:
    """Token diff of two lines, semantically cleaned up.

    A pure function of the texts, so it is kept (lines by their texts, the sentences of a
    long text by their tokens): typing re-diffs a body of which one line changed, and the
    other lines' diffs, and the whole body's sentences but one, are those of the keystroke
    before.
    """
    raw = _memo_ops(old, new, options) if len(old) + len(new) <= _MEMO_CHARS else \
        _uncached_ops(old, new, options)
    return [(kind, text, unit, move, ignored) for kind, text, _, move, ignored in raw]


@memo(budget=1_000_000, weight=2)
def _memo_ops(old: str, new: str, options: DiffOptions) -> tuple[_Raw, ...]:
    return tuple(_uncached_ops(old, new, options))


def _memo_tokens(a_tokens: list[str], b_tokens: list[str], options: DiffOptions) -> tuple[_Raw, ...]:
    return _memo_token_tuples(tuple(a_tokens), tuple(b_tokens), options)


@memo(budget=1_000_000, weight=2)
def _memo_token_tuples(a_tokens: tuple[str, ...], b_tokens: tuple[str, ...],
                       options: DiffOptions) -> tuple[_Raw, ...]:
    return tuple(_diff_tokens(list(a_tokens), list(b_tokens), options, 0))


def _uncached_ops(old: str, new: str, options: DiffOptions) -> list[_Raw] | tuple[_Raw, ...]:
    """`_token_ops` worked out, its ops of unit 0."""
    # the old (base) side's tokens and sentences are kept: typing changes the new side's
    a_tokens = _long_tokens(old, options.granularity) if len(old) > _MEMO_CHARS else \
        tokenize(old, options.granularity)
    b_tokens = tokenize(new, options.granularity)
    if len(a_tokens) + len(b_tokens) < _LONG:
        return _diff_tokens(list(a_tokens), b_tokens, options, 0)
    # A long paragraph: pair whole sentences first, then diff the tokens of the sentences
    # that differ (as diff_lineMode does with lines). Fast on long clauses, and still
    # deterministic; a change never straddles an unchanged sentence.
    a_sent, a_keys = _sentence_keys(old, options) if len(old) > _MEMO_CHARS else \
        _keyed(_sentences(list(a_tokens)), options)
    b_sent, b_keys = _keyed(_sentences(b_tokens), options)
    codec = TokenCodec()
    a = codec.encode(a_keys)
    b = codec.encode(b_keys)
    out: list[_Raw] = []
    pending_a: list[str] = []
    pending_b: list[str] = []
    i = j = 0
    for op, chars in diff_chars(a, b):
        n = len(chars)
        if op == 0:
            if pending_a or pending_b:
                out.extend(_memo_tokens(pending_a, pending_b, options))
                pending_a, pending_b = [], []
            for x, y in zip(a_sent[i:i + n], b_sent[j:j + n], strict=True):
                out.extend(_memo_tokens(x, y, options) if x != y else
                           [("equal", "".join(x), 0, -1, False)])
            i += n
            j += n
        elif op == -1:
            pending_a += [t for x in a_sent[i:i + n] for t in x]
            i += n
        else:
            pending_b += [t for y in b_sent[j:j + n] for t in y]
            j += n
    if pending_a or pending_b:
        out.extend(_memo_tokens(pending_a, pending_b, options))
    return out


@memo(budget=200_000)
def _long_tokens(text: str, granularity: str) -> tuple[str, ...]:
    """`tokenize` of a long text, kept (see `_sentence_keys`)."""
    return tuple(tokenize(text, granularity))


@memo(budget=200_000)
def _sentence_keys(text: str, options: DiffOptions) -> tuple[list[list[str]], list[str]]:
    """`_keyed(_sentences(...))` of a long old text, kept for the few diffed last: typing diffs
    one long base body against each keystroke's draft. Shared: never change them."""
    return _keyed(_sentences(list(_long_tokens(text, options.granularity))), options)


def _keyed(sentences: list[list[str]], options: DiffOptions) -> tuple[list[list[str]], list[str]]:
    """The sentences, and each one's comparison key."""
    if options.exact:
        return sentences, ["".join(x) for x in sentences]
    return sentences, ["".join(map(options.key, x)) for x in sentences]


def _sentences(tokens: list[str]) -> list[list[str]]:
    """Tokens cut after each sentence end that a space follows."""
    last = len(tokens) - 1
    cuts = [k + 2 for k, before in enumerate(tokens)   # k + 2: just after the space
            if before in _SENTENCE_ENDS and k < last and tokens[k + 1].isspace()]
    pieces = [tokens[start:end] for start, end in zip([0, *cuts], [*cuts, len(tokens)], strict=True)]
    return [piece for piece in pieces if piece]


def _diff_tokens(a_tokens: list[str], b_tokens: list[str], options: DiffOptions, unit: int) -> list[_Raw]:
    """Token diff by diff-match-patch on one character per token, semantically cleaned up."""
    codec = TokenCodec()
    if options.exact:
        a, b = codec.encode(a_tokens), codec.encode(b_tokens)
    else:
        a = codec.encode(map(options.key, a_tokens))
        b = codec.encode(map(options.key, b_tokens))
    runs: list[_Run] = []
    i = j = 0
    for op, chars in diff_semantic(a, b):
        n = len(chars)
        if op == 0:
            runs.append(_Run(True, a_tokens[i:i + n], b_tokens[j:j + n]))
            i, j = i + n, j + n
        else:
            if not runs or runs[-1].equal:
                runs.append(_Run(False, [], []))
            if op == -1:
                runs[-1].old.extend(a_tokens[i:i + n])
                i += n
            else:
                runs[-1].new.extend(b_tokens[j:j + n])
                j += n
    out: list[_Raw] = []
    for run in _whole_units(runs):
        if not run.equal:
            if run.old:
                out.append(("delete", "".join(run.old), unit, -1, False))
            if run.new:
                out.append(("insert", "".join(run.new), unit, -1, False))
        elif run.old == run.new:
            out.append(("equal", "".join(run.old), unit, -1, False))
        else:
            out.extend(_ignored_differences(run.old, run.new, unit))
    return out


@dataclass
class _Run:
    """Tokens of both sides: equal for comparison, or a change (old replaced by new)."""

    equal: bool
    old: list[str]
    new: list[str]


_OPENERS = {"(": ")", "\u201c": "\u201d", "\u00ab": "\u00bb"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_NUMBER_GLUE = frozenset(".,")
_CURRENCY = frozenset("$€£¥")
_REACH = 12  # tokens a change may take from its neighbours to keep a unit whole
_BRACKETS = frozenset([*_OPENERS, *_CLOSERS, '"'])  # the tokens `_unbalanced` counts


def _unbalanced(tokens: list[str]) -> tuple[bool, bool]:
    """(an opener left open, a closer with no opener) among a change's tokens."""
    if _BRACKETS.isdisjoint(tokens):  # most changes hold none: looked for in C
        return False, False
    depth: dict[str, int] = {}
    stray = False
    quotes = 0
    for token in tokens:
        if token in _OPENERS:
            depth[token] = depth.get(token, 0) + 1
        elif token in _CLOSERS:
            opener = _CLOSERS[token]
            if depth.get(opener):
                depth[opener] -= 1
            else:
                stray = True
        elif token == '"':
            quotes += 1
    return any(depth.values()) or quotes % 2 == 1, stray


def _numeric(token: str) -> bool:
    return token[:1].isdigit()


def _needs_next(run: _Run, after: _Run) -> bool:
    """Whether the change must take the first token of the equal run after it."""
    if not after.old or "\n" in after.old[0]:
        return False
    open_old, _ = _unbalanced(run.old)
    open_new, _ = _unbalanced(run.new)
    if open_old or open_new:
        return True
    first = after.old[0]
    lasts = [side[-1] for side in (run.old, run.new) if side]
    if _numeric(first):
        return any(_numeric(t) or t in _NUMBER_GLUE or t in _CURRENCY for t in lasts)
    return any(_numeric(t) for t in lasts) and (first == "%" or (
        first in _NUMBER_GLUE and len(after.old) > 1 and _numeric(after.old[1])))


def _needs_previous(run: _Run, before: _Run) -> bool:
    """Whether the change must take the last token of the equal run before it."""
    if not before.old or "\n" in before.old[-1]:
        return False
    _, stray_old = _unbalanced(run.old)
    _, stray_new = _unbalanced(run.new)
    if stray_old or stray_new:
        return True
    last = before.old[-1]
    firsts = [side[0] for side in (run.old, run.new) if side]
    if _numeric(last):
        return any(_numeric(t) or t in _NUMBER_GLUE for t in firsts)
    return any(_numeric(t) for t in firsts) and (last in _CURRENCY or (
        last in _NUMBER_GLUE and len(before.old) > 1 and _numeric(before.old[-2])))


def _widen(run: _Run, equal: _Run, forward: bool) -> None:
    """Move tokens from an equal run into the change while it needs them; undo if that is not enough."""
    needs = _needs_next if forward else _needs_previous
    open_side = 0 if forward else 1  # an opener left open looks ahead; a stray closer looks back
    was_open = any(_unbalanced(side)[open_side] for side in (run.old, run.new))
    saved = None
    for _ in range(_REACH):
        if not needs(run, equal):
            break
        if saved is None:  # copied once it takes a token: most changes need none
            saved = (list(run.old), list(run.new), list(equal.old), list(equal.new))
        if forward:
            run.old.append(equal.old.pop(0))
            run.new.append(equal.new.pop(0))
        else:
            run.old.insert(0, equal.old.pop())
            run.new.insert(0, equal.new.pop())
    if saved is not None and was_open and any(_unbalanced(side)[open_side] for side in (run.old, run.new)):
        run.old, run.new, equal.old, equal.new = saved  # nothing near balances it: leave it as diffed


def _whole_units(runs: list[_Run]) -> list[_Run]:
    """Widen each change so it never splits a bracket, a quote or a number from its words.

    "Secure Sockets Layer (SSL)" → "Transport Layer Security (TLS)" diffs with the
    closing ")" unchanged, so accepting the change alone would leave "(SSL" open.
    A change takes tokens from the equal runs beside it (both sides, as spelled)
    until its brackets and quotes balance and a number is whole, within a line.
    """
    for k, run in enumerate(runs):
        if run.equal:
            continue
        if k + 1 < len(runs) and runs[k + 1].equal:
            _widen(run, runs[k + 1], forward=True)
        if k and runs[k - 1].equal:
            _widen(run, runs[k - 1], forward=False)
    return [run for run in runs if run.old or run.new]


def _ignored_differences(olds: list[str], news: list[str], unit: int) -> list[_Raw]:
    """Tokens equal for comparison but spelled differently: equal runs and ignored changes."""
    out: list[_Raw] = []
    k = 0
    while k < len(olds):
        same = olds[k] == news[k]
        end = k
        while end < len(olds) and (olds[end] == news[end]) == same:
            end += 1
        if same:
            out.append(("equal", "".join(olds[k:end]), unit, -1, False))
        else:
            out.append(("delete", "".join(olds[k:end]), unit, -1, True))
            out.append(("insert", "".join(news[k:end]), unit, -1, True))
        k = end
    return out


def split_units(text: str) -> list[str]:
    """A body's lines, each with the newlines before it: "a\\n\\nb" → ["a", "\\n\\nb"]."""
    lines = text.split("\n")
    units = [lines[0]] if lines[0] else []
    newlines = 0
    for line in lines[1:]:
        newlines += 1
        if line:
            units.append("\n" * newlines + line)
            newlines = 0
    if newlines:
        units.append("\n" * newlines)
    return units


def _line(unit: str) -> str:
    return unit.lstrip("\n")


def _unmarked(line: str) -> str:
    """A line without the list marker it opens with, if any."""
    marker = _LIST_MARKER.match(line)
    return line[marker.end():] if marker else line


def diff_text(old: str, new: str, options: DiffOptions = DEFAULT_OPTIONS) -> tuple[Op, ...]:
    """Ops turning one line of text (a heading, a title) into another."""
    if old == new:
        return (Op("equal", old),) if old else ()
    return _group(_token_ops(old, new, options, 0))


def diff_body(old: str, new: str, options: DiffOptions = DEFAULT_OPTIONS) -> tuple[Op, ...]:
    """Ops turning one canonical body into another, paragraph by paragraph."""
    if old == new:
        return (Op("equal", old),) if old else ()
    old_units, new_units = split_units(old), split_units(new)
    old_lines = [options.normalize(_line(u)) for u in old_units]
    new_lines = [options.normalize(_line(u)) for u in new_units]
    # an item's words, not its marker: "2. keep …" is not like "2. sell …" for its number
    old_bag = Bags([_unmarked(line) for line in old_lines]).bag
    new_bag = Bags([_unmarked(line) for line in new_lines]).bag
    old_rows, new_rows = [is_row(_line(u)) for u in old_units], [is_row(_line(u)) for u in new_units]

    def similar(i: int, j: int) -> float:
        if old_lines[i] == new_lines[j]:
            return 1.0
        if old_rows[i] != new_rows[j]:
            return 0.0  # a row and a paragraph are never one line edited (diff.table_kinds)
        (a, len_a), (b, len_b) = old_bag(i), new_bag(j)
        return dice(a, b, len_a, len_b)

    in_order, moved = pair_items(old_lines, new_lines, similar, PARAGRAPH_THRESHOLD, PARAGRAPH_MOVE)
    move_of_old = {i: k for k, (i, _) in enumerate(moved)}
    move_of_new = {j: k for k, (_, j) in enumerate(moved)}
    raw: list[_Raw] = []
    i = j = 0
    edited = {k: _edited_move(old_units[x], new_units[y], options, k) for k, (x, y) in enumerate(moved)
              if old_units[x] != new_units[y]}
    for ai, aj in in_order + [(len(old_units), len(new_units))]:
        for x in range(i, ai):
            if x in move_of_old:
                k = move_of_old[x]
                raw.extend(edited[k][0] if k in edited else [("move_from", old_units[x], -1, k, False)])
            else:
                raw.append(("delete", old_units[x], -1 - len(raw), -1, False))
        for y in range(j, aj):
            if y in move_of_new:
                k = move_of_new[y]
                raw.extend(edited[k][1] if k in edited else [("move_to", new_units[y], -1, k, False)])
            else:
                raw.append(("insert", new_units[y], -1 - len(raw), -1, False))
        if ai < len(old_units):
            a, b = old_units[ai], new_units[aj]
            if a == b:
                raw.append(("equal", a, ai, -1, False))
            else:
                raw.extend(_token_ops(a, b, options, ai))
        i, j = ai + 1, aj + 1
    lined = _group(raw)
    if _has_table(old) or _has_table(new):
        lined = tuple(joined(list(lined)))
    if not any(unit < 0 and kind in ("delete", "insert") for kind, _, unit, _, _ in raw) \
            or _has_table(old) or _has_table(new):  # table rows stay rows: redlines track them whole
        return lined
    # Whole lines were deleted or inserted: the two bodies may hold the same words cut
    # into other lines (list items run into one paragraph, a paragraph split in two).
    # A token diff of the whole bodies then marks only the words that changed; take it
    # when it marks clearly fewer words than the line-paired diff.
    # A paragraph break it inserts (deletes) inside a word of the other text ("identifiers.Some"
    # → "identifiers.\n\nSome") is a change of its own, which every redline writer shows
    # (formats/redline/walk.py: `joined_break`).
    flowing = _group(_token_ops(old, new, options, 0))
    if _marked_words(flowing) * _FLOW_GAIN < _marked_words(lined):
        return flowing
    return lined


_FLOW_GAIN = 1.2  # the line-paired diff stays unless the flowing one marks this much less


def _has_table(text: str) -> bool:
    return text.startswith("|") or "\n|" in text


def _marked_words(ops: tuple[Op, ...]) -> int:
    return sum(_word_count(op.text) for op in ops if op.kind != "equal" and not op.ignored)


@memo(budget=500_000)
def _word_count(text: str) -> int:
    return len(shown_words(text))  # kept: a keystroke's flowing diff holds the texts of the one before


def _edited_move(old: str, new: str, options: DiffOptions, move: int) -> tuple[list[_Raw], list[_Raw]]:
    """A paragraph moved and edited, as its source's ops and its destination's, one change (`move`).

    The words it kept move (move_from there, move_to here); the words taken out are deleted at
    the source, the words put in inserted at the destination, so every redline shows the edit
    ("never share your password~~ with anyone~~" moved), not only a moved paragraph whose two
    texts differ. Differences the options ignore move with the words.
    """
    source: list[_Raw] = []
    destination: list[_Raw] = []
    for kind, text, _, _, ignored in _token_ops(old.lstrip("\n"), new.lstrip("\n"), options, 0):
        if kind in ("equal", "delete"):  # an ignored difference's old spelling moves from here
            source.append(("move_from" if kind == "equal" or ignored else "delete", text, -1, move, False))
        if kind in ("equal", "insert"):  # and its new spelling moves to there
            destination.append(("move_to" if kind == "equal" or ignored else "insert", text, -1, move, False))
    # the paragraph breaks before each side's text move with it
    source.insert(0, ("move_from", old[:len(old) - len(old.lstrip("\n"))], -1, move, False))
    destination.insert(0, ("move_to", new[:len(new) - len(new.lstrip("\n"))], -1, move, False))
    return [r for r in source if r[1]], [r for r in destination if r[1]]


def _group(raw: list[_Raw]) -> tuple[Op, ...]:
    """Number the changes: neighbouring ops of one pair of lines are one change.

    A change made only of newlines (a paragraph break that went with a deleted or
    inserted paragraph) joins the change next to it, and so do a deleted and an
    inserted paragraph with no break between them (the body's first), so accepting
    one without the other never glues two paragraphs together.
    """
    ops: list[Op] = []
    move_change: dict[int, int] = {}
    count = 0
    prev: _Raw | None = None
    prev_change = 0
    for item in _merge_equal(_breaks_after_paragraphs(_merge_equal(_breaks_kept(_merge_equal(raw))))):
        kind, text, unit, move, ignored = item
        if kind == "equal":
            ops.append(Op("equal", text))
            prev, prev_change = None, 0
            continue
        if move >= 0:
            if move not in move_change:
                if prev is not None and not prev[4] and _only_newlines(prev[1]):
                    move_change[move] = prev_change
                else:
                    count += 1
                    move_change[move] = count
            change = move_change[move]
        elif prev is not None and not ignored and not prev[4] and (
                prev[2] == unit or _only_newlines(text) or _only_newlines(prev[1])
                # the first paragraph replaced whole: no break between the two to part them
                or not (prev[1].endswith("\n") or text.startswith("\n"))):
            change = prev_change
        elif prev is not None and ignored and prev[4] and prev[0] == "delete" and kind == "insert":
            change = prev_change  # an ignored difference's two spellings are one change, as any replacement
        else:
            count += 1
            change = count
        ops.append(Op(kind, text, change, ignored))  # type: ignore[arg-type]
        prev, prev_change = item, change
    return _counts_with_cause(_balanced(_with_line_marker(_breaks_to_marker(_marker_apart(ops)))))


_LIST_MARKER = re.compile(r" *(?:-|\d+\.) ")  # a list item's marker at its line's start
_WORD_CHAR = re.compile(r"\w")


def _marker_apart(ops: list[Op]) -> list[Op]:
    """A change at a line's start that changes the line's kind (its list marker: a bullet taken
    off, bullets made numbers, a level) and its first words too ("- first item" → "initial item")
    parts in two: the marker a change of its own, which diff.formatting names as the kind change
    it is, and the words. As one change every redline drew the words in the old kind and no
    kind change. The line must go on with words both texts share (what the kind change is
    shown on); both texts stay as they were."""
    out: list[Op] = []
    fresh = max((op.change for op in ops), default=0)
    k = 0
    while k < len(ops):
        at_start = k == 0 or (ops[k - 1].kind == "equal" and ops[k - 1].text.endswith("\n"))
        end = _line_head(ops, k) if at_start else None
        parts = _head_apart(ops[k:end], fresh + 1) if end is not None else None
        if parts is None:
            out.append(ops[k])
            k += 1
            continue
        fresh += 1
        for op in parts:
            if op.kind == "equal" and out and out[-1].kind == "equal":
                op = Op("equal", out.pop().text + op.text)  # noqa: PLW2901
            out.append(op)
        k = end  # type: ignore[assignment]
        if out[-1].kind == "equal":  # the line's shared words join the equal text before them
            out.append(Op("equal", out.pop().text + ops[k].text))
            k += 1
    if fresh == max((op.change for op in ops), default=0):
        return ops
    return _numbered_in_order(out)


def _line_head(ops: list[Op], start: int) -> int | None:
    """Where the ops of a line starting at ops[start] with a change reach the first equal op
    holding a word (the line's shared words), None when a line break, a move or an ignored
    difference comes first."""
    if start >= len(ops) or ops[start].kind == "equal":
        return None
    for k in range(start, len(ops)):
        op = ops[k]
        if op.kind == "equal" and _WORD_CHAR.search(op.text.partition("\n")[0]):
            return k
        if "\n" in op.text or op.ignored or op.kind in ("move_from", "move_to"):
            return None
    return None


def _head_apart(head: list[Op], marker_change: int) -> list[Op] | None:
    """A line's head (its ops before its first shared word) as its marker's change (numbered
    `marker_change`) and the rest's, when the marker changed the line's kind and words changed
    too; None otherwise."""
    old = "".join(op.text for op in head if op.kind in ("equal", "delete"))
    new = "".join(op.text for op in head if op.kind in ("equal", "insert"))
    (old_kind, old_marker), (new_kind, new_marker) = _line_kind(old), _line_kind(new)
    old_rest, new_rest = old[len(old_marker):], new[len(new_marker):]
    if old_kind == new_kind or old_rest == new_rest:
        return None  # no kind changed, or the marker is all that changed (a change of its own)
    change = next(op.change for op in head if op.kind != "equal")
    markers = (("delete", old_marker), ("insert", new_marker))
    out = [Op(kind, text, marker_change) for kind, text in markers if text]
    lead = 0  # markup and spaces both rests start (end) with stay equal
    while lead < min(len(old_rest), len(new_rest)) and old_rest[lead] == new_rest[lead] \
            and not old_rest[lead].isalnum():
        lead += 1
    tail = 0
    while tail < min(len(old_rest), len(new_rest)) - lead and old_rest[-1 - tail] == new_rest[-1 - tail] \
            and not old_rest[-1 - tail].isalnum():
        tail += 1
    pieces = [("equal", old_rest[:lead]), ("delete", old_rest[lead:len(old_rest) - tail]),
              ("insert", new_rest[lead:len(new_rest) - tail]), ("equal", old_rest[len(old_rest) - tail:])]
    return out + [Op(kind, text, 0 if kind == "equal" else change) for kind, text in pieces if text]


def _line_kind(head: str) -> tuple[tuple, str]:
    """A line's kind by its head (a paragraph; a list item's level and bullet or number) and its marker."""
    match = _LIST_MARKER.match(head)
    if match is None:
        return ("p",), ""
    marker = match.group()
    return ("li", (len(marker) - len(marker.lstrip(" "))) // 2, marker.strip() == "-"), marker


def _breaks_to_marker(ops: list[Op]) -> list[Op]:
    """The paragraph break that changed at the end of a line whose list marker is a change of its
    own ("- first item\\n" → "first thing\\n\\n") goes with that change, wherever the diff put it
    (with the words before it, say): the break is the bullet's, taken off with it. Left with the
    words, accepting the kind change alone would glue a paragraph to the list item after it."""
    markers: set[int] | None = None  # the changes of list markers alone, found when first asked
    out = ops
    start = 0  # the op the line starts with; -1: it starts inside one
    for k, op in enumerate(ops):
        if k > start >= 0 and op.kind in ("delete", "insert") and not op.ignored and _only_newlines(op.text) \
                and ops[start].kind in ("delete", "insert") and ops[start].change != op.change:
            if markers is None:
                markers = _marker_changes(ops)
            head = ops[start].change
            if head in markers:
                out = out if out is not ops else list(ops)
                end = k
                while end < len(ops) and ops[end].change == op.change and _only_newlines(ops[end].text):
                    out[end] = replace(ops[end], change=head)
                    end += 1
        if "\n" in op.text:
            start = k + 1 if op.text.endswith("\n") else -1
    return out


def _marker_changes(ops: list[Op]) -> set[int]:
    """The changes whose ops, paragraph breaks aside, are list markers and nothing else."""
    out: dict[int, bool] = {}
    for op in ops:
        if op.kind != "equal" and not _only_newlines(op.text):
            out[op.change] = out.get(op.change, True) and op.kind in ("delete", "insert") \
                and _LIST_MARKER.fullmatch(op.text) is not None
    return {change for change, only in out.items() if only}


_NUMBER = re.compile(r"( *)\d+\. ")  # a numbered item's marker, its indent apart


def _counts_with_cause(ops: tuple[Op, ...]) -> tuple[Op, ...]:
    """A list number that only counts on ("3." → "2." after the item above it went) is no change
    of its own: it goes with the change above it in its list that made it count so (an item
    deleted or added, a list's first number changed), as ignored ops. The numbers are structure,
    as section numbers are: deleting one clause of thirty is one change, not thirty, and accepting
    or rejecting it renumbers the list with it."""
    if not any(op.kind in ("delete", "insert") and _NUMBER.fullmatch(op.text) for op in ops):
        return ops  # most bodies: no number changed alone
    openings = {"old": opening_numbers(old_text(ops)), "new": opening_numbers(new_text(ops))}
    counted: dict[int, bool] = {}  # change -> its ops are all numbers that begin no count
    pos = {"old": 0, "new": 0}
    for op in ops:
        side = "old" if op.kind in ("delete", "move_from") else "new"
        if op.kind != "equal":
            number = _NUMBER.fullmatch(op.text) if op.kind in ("delete", "insert") else None
            counts_on = number is not None and pos[side] + len(number.group(1)) not in openings[side]
            counted[op.change] = counted.get(op.change, True) and counts_on
        for moved in ("old", "new") if op.kind == "equal" else (side,):
            pos[moved] += len(op.text)
    into: dict[int, int] = {}
    cause = 0  # the change above in the list being walked (0: none)
    for op in ops:
        if op.kind == "equal":
            if "\n\n" in op.text:
                cause = 0  # a blank line: the list (or paragraph) ended
        elif counted.get(op.change) and cause and cause != op.change:
            into[op.change] = cause
        elif not counted.get(op.change):
            cause = op.change
    if not into:
        return ops
    return tuple(_numbered_in_order([Op(op.kind, op.text, into[op.change], True) if op.change in into else op
                                     for op in ops]))


def _numbered_in_order(ops: list[Op]) -> list[Op]:
    """The changes numbered again 1, 2, … in the order of their first op, as `_group` does (some
    were parted in two, or went into others)."""
    order: dict[int, int] = {}
    for op in ops:
        if op.change and op.change not in order:
            order[op.change] = len(order) + 1
    return [replace(op, change=order[op.change]) if op.change else op for op in ops]


def _with_line_marker(ops: list[Op]) -> list[Op]:
    """A paragraph break that changed alone ("\\n" → "\\n\\n") joins the change at the start of the
    line it ends: "- first item\\n- second" → "first item\\n\\n- second" is the bullet taken off the
    first item, which takes the break between the two items with it. As two changes, accepting
    one alone would leave a paragraph glued to a list item."""
    into: dict[int, int] = {}
    worded: set[int] | None = None  # the changes holding more than breaks, found when first asked
    for k, op in enumerate(ops):
        if k < 2 or op.kind not in ("delete", "insert") or op.ignored or not _only_newlines(op.text) \
                or ops[k - 1].kind != "equal" or "\n" in ops[k - 1].text:
            continue
        if worded is None:
            worded = {o.change for o in ops if o.kind != "equal"
                      and not (o.kind in ("delete", "insert") and _only_newlines(o.text))}
        if op.change in worded:
            continue  # a change of words too: it stands as diffed
        first = k - 2  # the change before, on the same line: its first op
        marker = ops[first]
        if marker.kind not in ("delete", "insert") or marker.ignored:
            continue
        while first and ops[first - 1].kind != "equal" and ops[first - 1].change == marker.change:
            first -= 1
        if first and not ops[first - 1].text.endswith("\n") and not ops[first].text.startswith("\n"):
            continue  # not at the line's start: no marker of the line's kind
        into[op.change] = into.get(marker.change, marker.change)
    if not into:
        return ops
    return [Op(op.kind, op.text, into[op.change], op.ignored) if op.change in into else op for op in ops]


_ESCAPED = re.compile(r"\\.")
_LINK_TARGET = re.compile(r"\]\((?:<[^<>\n]*>|[^\s()<>]*)\)")


_FIELD_OPEN = re.compile(r'<field code="(?:[^"\\\n]|\\.)*">')


@memo(budget=500_000)
def _markup(text: str) -> tuple[int, ...]:
    """Markers a piece of canonical text opens: bold and italic toggles; underline, link, note,
    equation and field depth."""
    text = _LINK_TARGET.sub("]", _ESCAPED.sub("", text))  # a URL's "_" is no italic marker
    fields = len(_FIELD_OPEN.findall(text)) - text.count("</field>")
    text = _FIELD_OPEN.sub("", text)
    bold = text.count("**")
    text = text.replace("**", "")
    return (bold, text.count("_"), text.count("<u>") - text.count("</u>"),
            text.count("[") - text.count("]"),
            text.count("<fn>") + text.count("<en>") - text.count("</fn>") - text.count("</en>"),
            text.count("<math>") - text.count("</math>"), fields)


def _balanced(ops: list[Op]) -> tuple[Op, ...]:
    """Join neighbouring changes of one line until accepting or rejecting each alone keeps markup whole.

    "some" → "**certain data**" diffs as two changes ("**certain" and the closing
    "**"); accepting one would leave a lone marker that bolds the rest of the
    line. A change whose markers do not balance (inserted minus deleted) takes
    the next change of the same line into it, until they do.
    """
    merged: dict[int, int] = {}
    group = 0  # the change being balanced, 0 when none is open
    owed: tuple[int, ...] = (0,) * 7
    for op in ops:
        if op.kind == "equal":
            if "\n" in op.text:
                group = 0  # markup never spans lines: a later change stands alone
            continue
        if op.ignored or op.kind in ("move_from", "move_to"):
            group = 0
            continue
        if group and op.change != group and op.change not in merged and _open(owed):
            merged[op.change] = group
        elif op.change != group and merged.get(op.change) != group:
            group, owed = op.change, (0,) * 7
        markers = _markup(op.text)
        if any(markers):  # most ops hold no markup: nothing owed changes
            sign = 1 if op.kind == "insert" else -1
            owed = tuple(o + sign * m for o, m in zip(owed, markers, strict=True))  # type: ignore[assignment]
    if not merged:
        return tuple(ops)
    return tuple(op if op.change not in merged else Op(op.kind, op.text, merged[op.change], op.ignored)
                 for op in ops)


def _open(owed: tuple[int, ...]) -> bool:
    bold, italic, *depths = owed
    return bool(bold % 2 or italic % 2 or any(depths))


def _breaks_kept(raw: list[_Raw]) -> list[_Raw]:
    """Paragraph breaks both texts have at a change's edge are equal, not deleted and inserted
    again, in each run of deletions and insertions (`_shared_breaks`)."""
    out: list[_Raw] = []
    k = 0
    while k < len(raw):
        end = k
        while end < len(raw) and raw[end][0] in ("delete", "insert") and raw[end][3] < 0 and not raw[end][4]:
            end += 1
        if end == k:
            out.append(raw[k])
            k += 1
        else:
            out += _shared_breaks(raw[k:end])
            k = end
    return out


def _shared_breaks(run: list[_Raw]) -> list[_Raw]:
    """One run of deletions and insertions with the breaks both texts have at its edge made equal.

    Where one side is paragraph breaks that begin (end) the other ("\\n\\n" → "\\n\\n- item\\n"),
    those breaks are equal and the rest inserted (deleted): a list item put before the first of a
    list is an item of its own, not a break taken and given back. Where a paragraph is replaced
    by another after the same break ("\\n\\nold" → "\\n\\nnew"), the break is equal: left in the
    change, the paragraph before ends with a deleted mark and the replaced one with an inserted
    one, so Accept All joins the paragraph before to the next and gives it the replaced one's
    kind (a list item's). Table rows are left as they are there: a row made a paragraph is one
    change (diff.table_kinds)."""
    old = "".join(item[1] for item in run if item[0] == "delete")
    new = "".join(item[1] for item in run if item[0] == "insert")
    shorter, longer, kind = (old, new, "insert") if len(old) <= len(new) else (new, old, "delete")
    unit = run[0][2]
    # (words besides: breaks alone that changed are a list marker's, diff.formatting's kind change)
    if shorter and _only_newlines(shorter) and _WORD_CHAR.search(longer):
        if longer.startswith(shorter):
            return [("equal", shorter, unit, -1, False), (kind, longer[len(shorter):], unit, -1, False)]
        if longer.endswith(shorter):
            return [(kind, longer[:-len(shorter)], unit, -1, False), ("equal", shorter, unit, -1, False)]
    out: list[_Raw] = []
    k = 0
    while k < len(run):
        item = run[k]
        after = run[k + 1] if k + 1 < len(run) else None
        if after is not None and item[0] != after[0] and not _has_table(item[1]) and not _has_table(after[1]):
            shared = min(len(item[1]) - len(item[1].lstrip("\n")), len(after[1]) - len(after[1].lstrip("\n")))
            if shared and item[1][shared:] and after[1][shared:]:
                out += [("equal", "\n" * shared, item[2], -1, False),
                        (item[0], item[1][shared:], *item[2:]), (after[0], after[1][shared:], *after[2:])]
                k += 2
                continue
        out.append(item)
        k += 1
    return out


def _breaks_after_paragraphs(raw: list[_Raw]) -> list[_Raw]:
    """Whole paragraphs deleted (inserted) with the break before each ("A" "\\n\\nX" "\\n- Y" "\\n\\nB")
    take the break after each instead ("A\\n\\n" "X\\n" "- Y\\n\\n" "B"): the same texts, but each
    paragraph ends with its own mark. Left before them, the paragraph before ends with a deleted
    mark, and accepting the deletion joins it to the last deleted paragraph, in that one's kind:
    moved where the two are of different kinds (a paragraph, then deleted list items)."""
    out = list(raw)
    k = 0
    while k < len(out):
        kind = out[k][0]
        end = k
        while end < len(out) and out[end][0] == kind and kind in ("delete", "insert") \
                and out[end][3] < 0 and not out[end][4]:
            end += 1
        if end == k:
            k += 1
            continue
        heads = [len(item[1]) - len(item[1].lstrip("\n")) for item in out[k:end]]
        lead = "\n" * heads[0]
        if heads[0] and k > 0 and end < len(out) and out[end][0] == "equal" \
                and out[end][1].startswith(lead) \
                and all(item[1][head:] for item, head in zip(out[k:end], heads, strict=True)) \
                and _kinds_differ(out, k, end, kind):
            # (only where the kinds differ: elsewhere either place gives the same text and kinds)
            tails = [item[1][:head] for item, head in zip(out[k + 1:end], heads[1:], strict=True)] + [lead]
            after = out[end]
            out[end] = ("equal", after[1][len(lead):], *after[2:])
            out[k:end] = [(item[0], item[1][head:] + tail, *item[2:])
                          for item, head, tail in zip(out[k:end], heads, tails, strict=True)]
            if out[k - 1][0] == "equal":
                out[k - 1] = ("equal", out[k - 1][1] + lead, *out[k - 1][2:])
            else:  # after the other text's change ("tools to:" → "tools to make sure …")
                out.insert(k, ("equal", lead, after[2], -1, False))
                end += 1
        k = end
    return out


def _kinds_differ(raw: list[_Raw], k: int, end: int, kind: str) -> bool:
    """Whether the last paragraph of the run `raw[k:end]` (deleted or inserted) is of another kind
    than the line before the run, in its own text or in the other one: that line ends with the
    run's last mark in the other text ("- c" "\n- U" "\n- D" → "  - c" "\n- D")."""
    last = _line_kind("".join(item[1] for item in raw[k:end]).rsplit("\n", 1)[-1])[0]
    other = "insert" if kind == "delete" else "delete"
    return any(_line_kind(_line_before(raw, k, text))[0] != last for text in (kind, other))


def _line_before(raw: list[_Raw], k: int, kind: str) -> str:
    """The line of the text of ops of `kind` (and equal ones) that the ops before `k` end in."""
    parts: list[str] = []
    for item in reversed(raw[:k]):
        if item[0] in ("equal", kind):
            parts.append(item[1])
            if "\n" in item[1]:
                break
    return "".join(reversed(parts)).rsplit("\n", 1)[-1]


def _merge_equal(raw: list[_Raw]) -> list[_Raw]:
    """Join neighbouring equal ops; drop empty ones."""
    out: list[_Raw] = []
    for item in raw:
        if not item[1]:
            continue
        if item[0] == "equal" and out and out[-1][0] == "equal":
            last = out[-1]
            out[-1] = ("equal", last[1] + item[1], last[2], -1, False)
        else:
            out.append(item)
    return out


def _only_newlines(text: str) -> bool:
    return bool(text) and not text.strip("\n")
