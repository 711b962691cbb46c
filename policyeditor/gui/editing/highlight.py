"""Which characters of two section texts to light: the word diff behind the compare view's colours.

The compare view diffs the raw text of each pane's QTextDocument (see
`rich_text`), so a span's offsets are document positions and need no mapping.
Tokens and the private-use encoding come from the redline engine's
`diff.words`; diff-match-patch runs without a time limit, so results do not
depend on the machine. Each run of lit spans between unchanged words is tagged
editorial or not by the engine's own test (`diff.words.is_editorial`), so the
view can leave punctuation, case and spacing changes unlit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from policyeditor.diff.align import new_dmp
from policyeditor.diff.words import TokenCodec, is_editorial, tokenize

Span = tuple[int, int]  # (start, length) in a text


@dataclass(frozen=True)
class Lit:
    """The spans to light: deleted in the old text, inserted in the new.

    `editorial_deleted` and `editorial_inserted` are the spans among those whose
    change is editorial (only punctuation, case, whitespace, quotes or numbering).
    """

    deleted: tuple[Span, ...] = ()
    inserted: tuple[Span, ...] = ()
    editorial_deleted: tuple[Span, ...] = ()
    editorial_inserted: tuple[Span, ...] = ()

    @property
    def changes(self) -> int:
        return len(self.deleted) + len(self.inserted)

    @property
    def has_editorial(self) -> bool:
        return bool(self.editorial_deleted or self.editorial_inserted)

    def shown(self, hide_editorial: bool) -> Lit:
        """The spans to draw: all of them, or (`hide_editorial`) only the substantive ones."""
        if not hide_editorial or not self.has_editorial:
            return self
        quiet_deleted, quiet_inserted = set(self.editorial_deleted), set(self.editorial_inserted)
        return Lit(tuple(s for s in self.deleted if s not in quiet_deleted),
                   tuple(s for s in self.inserted if s not in quiet_inserted))


def lit_spans(old: str, new: str) -> Lit:
    """Word-level deleted and inserted spans between two texts, semantically cleaned up."""
    if old == new:
        return Lit()
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    codec = TokenCodec()
    a, b = codec.encode(old_tokens), codec.encode(new_tokens)
    dmp = new_dmp()
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    deleted: list[Span] = []
    inserted: list[Span] = []
    editorial_deleted: list[Span] = []
    editorial_inserted: list[Span] = []
    run: tuple[list[Span], list[Span]] = ([], [])  # the spans since the last unchanged words

    def end_run() -> None:
        run_deleted, run_inserted = run
        deleted_text = "".join(old[s:s + n] for s, n in run_deleted)
        inserted_text = "".join(new[s:s + n] for s, n in run_inserted)
        if (run_deleted or run_inserted) and is_editorial(deleted_text, inserted_text):
            editorial_deleted.extend(run_deleted)
            editorial_inserted.extend(run_inserted)
        run_deleted.clear()
        run_inserted.clear()

    i = j = 0  # token indices
    pos_old = pos_new = 0  # character offsets
    for op, chars in diffs:
        n = len(chars)
        if op == 0:
            end_run()
            pos_old += sum(len(t) for t in old_tokens[i:i + n])
            pos_new += sum(len(t) for t in new_tokens[j:j + n])
            i += n
            j += n
        elif op < 0:
            length = sum(len(t) for t in old_tokens[i:i + n])
            deleted.append((pos_old, length))
            run[0].append((pos_old, length))
            pos_old += length
            i += n
        else:
            length = sum(len(t) for t in new_tokens[j:j + n])
            inserted.append((pos_new, length))
            run[1].append((pos_new, length))
            pos_new += length
            j += n
    end_run()
    return Lit(tuple(deleted), tuple(inserted), tuple(editorial_deleted), tuple(editorial_inserted))


class LitCache:
    """Remembers `lit_spans` by its two texts, so only sections that changed are diffed again.

    Bounded (least recently used goes first) and safe to use from worker threads.
    """

    def __init__(self, size: int = 2000) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str], Lit] = OrderedDict()
        self._lock = threading.Lock()
        self.misses = 0

    def get(self, old: str, new: str) -> Lit:
        key = (old, new)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        lit = lit_spans(old, new)
        with self._lock:
            self.misses += 1
            self._items[key] = lit
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return lit
