"""Pinning a comment to words of a section, and finding those words again after the text changed.

Anchors are over a section's **plain text** (`core.body.plain_text(section.body)`),
not its canonical body: that is what a reader sees and selects, and making a
word bold or turning a paragraph into a list item does not move the words a
comment is about. `start`/`end` are character offsets into that plain text.

Contract for views: a view whose text is exactly the plain text (a line per
paragraph, list item and table row) uses `start`/`end` as they are; any other
view text (a rendering with different table separators, a redline with deleted
words interleaved) gets its own offsets from `reanchor(anchor, view_text)`,
which finds the quote by its words and context.

Edits are followed through the redline engine (`diff.follow`: its word diff, and
diff-match-patch's fuzzy search), which runs without a time limit, so
re-anchoring is deterministic.
When the quoted words are gone, or changed more than `MAX_CHANGE` of their
characters, `reanchor` returns None: the comment is outdated, and keeps its quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policyeditor.diff.follow import MATCH_MAX_BITS, EditMap, edit_share, find_near, trim_to

CONTEXT = 32  # characters of prefix and suffix kept around the quote
MAX_CHANGE = 0.3  # a quote edited in more than this share of its characters is gone
MATCH_THRESHOLD = 0.35  # dmp match_main: 0 exact only, 1 anything; lower = stricter
MATCH_DISTANCE = 5000  # dmp match_main: how far from the expected place a match may be
MOVED_QUOTE = 20  # a quote this long, found once, is the same words even after a move
MOVED_CONTEXT = 8  # or a shorter one with this many characters of its old context


@dataclass(frozen=True)
class Anchor:
    """A range of words in one section: the quoted words, their context and offsets.

    `start`/`end` index the section's plain text (`text[start:end] == quote`);
    both are None for an outdated anchor, whose quote is kept to show the reader.
    """

    section_id: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None

    @property
    def outdated(self) -> bool:
        """Whether the quoted words could no longer be found."""
        return self.start is None

    def make_outdated(self) -> Anchor:
        """This anchor without a place: the words are gone, the quote is kept."""
        return replace(self, start=None, end=None)


def make_anchor(section_id: str, text: str, start: int, end: int) -> Anchor:
    """The anchor of `text[start:end]`, with up to `CONTEXT` characters of context each side.

    Raises ValueError for an empty or out-of-range selection.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"a comment needs a selection of words, not characters {start} to {end}")
    return Anchor(section_id=section_id, quote=text[start:end],
                  prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT],
                  start=start, end=end)


def _placed(anchor: Anchor, text: str, start: int, end: int) -> Anchor:
    """`anchor` moved to `text[start:end]`, its quote and context taken from there."""
    return make_anchor(anchor.section_id, text, start, end)


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> int:
    """How many characters of the stored prefix and suffix still surround `text[start:end]`."""
    score = 0
    before = text[:start]
    for a, b in zip(reversed(anchor.prefix), reversed(before), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(anchor.suffix, text[end:], strict=False):
        if a != b:
            break
        score += 1
    return score


def _exact(anchor: Anchor, text: str) -> Anchor | None:
    """The occurrence of the quote best surrounded by its old context (then nearest its old place)."""
    hits = []
    at = text.find(anchor.quote)
    while at != -1:
        hits.append(at)
        at = text.find(anchor.quote, at + 1)
    if not hits:
        return None
    expected = anchor.start or 0
    n = len(anchor.quote)
    best = max(hits, key=lambda h: (_context_score(anchor, text, h, h + n), -abs(h - expected)))
    return _placed(anchor, text, best, best + n)


_WORD = re.compile(r"[^\W_]+")


def _fuzzy(anchor: Anchor, text: str) -> Anchor | None:
    """The place of a quote whose words were edited a little, or None.

    Like dmp's patch_apply: match_main works on at most Match_MaxBits characters,
    so a long quote is located by its head and its tail, and the span between
    them must differ from the quote by at most `MAX_CHANGE`.
    """
    quote = anchor.quote
    bits = MATCH_MAX_BITS
    expected = min(max(0, anchor.start or 0), len(text))
    head = quote[:bits]
    start = find_near(text, head, expected, MATCH_THRESHOLD, MATCH_DISTANCE)
    if start == -1:
        return None
    if len(quote) > bits:
        tail = quote[-bits:]
        tail_at = find_near(text, tail, start + len(quote) - bits, MATCH_THRESHOLD, MATCH_DISTANCE)
        if tail_at == -1 or tail_at < start:
            return None
        end = tail_at + bits
    else:  # room for inserted characters; `_snap` trims what is not the quote's
        end = start + len(quote) + int(len(quote) * MAX_CHANGE) + 1
    end = min(end, len(text))
    start, end = trim_to(quote, text, start, end)
    if start >= end or edit_share(quote, text[start:end]) > MAX_CHANGE:
        return None
    # Found by likeness alone, the span must also keep most of the quote's words: few
    # changed letters can still be a different clause ("Zanzibar collect" → "and collect").
    words = set(_WORD.findall(quote))
    if words and len(words & set(_WORD.findall(text[start:end]))) < (1 - MAX_CHANGE) * len(words):
        return None
    if _inside_a_word(quote[:1], text, start) or _inside_a_word(quote[-1:], text, end):
        return None  # "r your we collect" in "your your we collect": a quote of whole words is whole words
    return _placed(anchor, text, start, end)


def _inside_a_word(edge: str, text: str, at: int) -> bool:
    """Does `at` fall between two letters of one word in `text`, where the quote's `edge` is a letter?"""
    return (0 < at < len(text) and _WORD.match(edge) is not None and _WORD.match(text[at - 1]) is not None
            and _WORD.match(text[at]) is not None)


def _mapped(anchor: Anchor, new_text: str, edit: EditMap) -> Anchor | None:
    """Follow the anchor through the diff of the text it was made on and the new text."""
    assert anchor.start is not None and anchor.end is not None
    start = edit.position(anchor.start)
    # The end maps as the position after the last quoted character, so an insertion
    # right after the quote does not join it.
    end = edit.position(anchor.end - 1) + 1
    if not 0 <= start < end <= len(new_text):
        return None
    if new_text[start:end] != anchor.quote:
        # Text inserted at the quote's edge that repeats its words lets the diff
        # place the edge on either copy: the intact quote nearest the mapped place wins.
        n = len(anchor.quote)
        at = new_text.find(anchor.quote, max(0, start - n), end + n)
        nearest = None
        while at != -1:
            if nearest is None or abs(at - start) < abs(nearest - start):
                nearest = at
            at = new_text.find(anchor.quote, at + 1, end + n)
        if nearest is not None:
            return _placed(anchor, new_text, nearest, nearest + n)
    if edit_share(anchor.quote, new_text[start:end]) > MAX_CHANGE:
        return None
    return _placed(anchor, new_text, start, end)


def _telling(anchor: Anchor, text: str) -> Anchor | None:
    """The quote found again with no edit to follow it: only a telling occurrence counts.

    So a comment on a deleted "personal data" does not jump to another
    "personal data": a long quote found once, or an occurrence with
    `MOVED_CONTEXT` characters of its old context. The rule for words the
    diff saw deleted and written elsewhere (a move), and for an outdated
    anchor whose words may come back.
    """
    found = _exact(anchor, text)
    if found is None or found.start is None:
        return None
    n = len(anchor.quote)
    if len(anchor.quote) >= MOVED_QUOTE and text.count(anchor.quote) == 1:
        return found
    if _context_score(anchor, text, found.start, found.start + n) >= MOVED_CONTEXT:
        return found
    return None


def reanchor_all(anchors: list[Anchor], new_text: str,
                 old_text: str | None = None) -> list[Anchor | None]:
    """Each anchor's words in `new_text`, or None where they are gone (the comment is outdated).

    With `old_text`, the text the anchors were made on, offsets follow the exact
    diff of the two texts (computed once for all anchors), so repeated words
    elsewhere cannot capture an anchor; words the diff sees deleted count only
    if they were moved (see `_telling`). An anchor already outdated comes back
    by the same rule only, where its words reappear with enough of their context.
    Without `old_text`, or for an anchor not made on it, the quote is searched:
    exactly, the occurrence keeping most of its old context winning; then
    approximately, with dmp's match_main near the old offset.
    """
    edit: EditMap | None = None
    out: list[Anchor | None] = []
    for anchor in anchors:
        made_on_old = (old_text is not None and anchor.start is not None
                       and old_text[anchor.start:anchor.end] == anchor.quote)
        if made_on_old and old_text == new_text:
            out.append(anchor)
        elif made_on_old:
            if edit is None:
                edit = EditMap(old_text, new_text)  # the engine's exact word diff, lines paired first
            out.append(_mapped(anchor, new_text, edit) or _telling(anchor, new_text))
        elif anchor.outdated and anchor.quote:
            out.append(_telling(anchor, new_text))  # its words back, not another "personal data"
        elif anchor.quote:
            out.append(_exact(anchor, new_text) or _fuzzy(anchor, new_text))
        else:
            out.append(None)
    return out


def reanchor(anchor: Anchor, new_text: str, old_text: str | None = None) -> Anchor | None:
    """The anchor's words in `new_text`, or None when they are gone; see `reanchor_all`."""
    return reanchor_all([anchor], new_text, old_text)[0]
