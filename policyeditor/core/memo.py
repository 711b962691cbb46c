"""A pure function of texts, remembered for the texts seen last, within a budget of characters.

Typing compares the same paragraphs, sentences and lines again a keystroke later,
so the diff keeps what it worked out for them. `functools.lru_cache` bounds the
number of entries, not their size: each keystroke's draft body is a new text, and
a few thousand kept copies of a long one would hold hundreds of megabytes. A
`TextMemo` counts the characters of the texts it is keyed by and forgets the
least recently used past its budget. Thread-safe (compares run in workers): entries
are added and forgotten under a lock; at worst two threads work out the same value.
"""

from __future__ import annotations

import weakref
from _thread import allocate_lock  # threading's Lock, without importing threading at start-up
from collections import OrderedDict

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from collections.abc import Callable, Hashable
    from typing import Any, TypeVar

    T = TypeVar("T")


class TextMemo:  # generic in T (the value) to the type checker only
    """`function(*args)` remembered by its arguments; an entry costs the characters of its str (or
    tuple of str) arguments, times `weight` (what the value holds per character), and the least
    recently used entries past `budget` are forgotten. `forget_all` empties it, unless it is
    not `shared` (a cache one object holds, such as a window's `DiffCache`, is its owner's)."""

    def __init__(self, function: Callable[..., T], budget: int, weight: int = 1, *,
                 shared: bool = True) -> None:
        self._function = function
        self._budget = budget
        self._weight = weight
        self._items: OrderedDict[Hashable, tuple[T, int]] = OrderedDict()
        self._size = 0
        self._lock = allocate_lock()
        if shared:
            _every.add(self)

    def __call__(self, *args: Any) -> T:
        found = self._items.get(args)  # a hit takes no lock: one call on the dict each, atomic
        if found is not None:
            try:
                self._items.move_to_end(args)
            except KeyError:  # forgotten by another thread meanwhile: the value stands
                pass
            return found[0]
        value = self._function(*args)
        cost = self._weight * sum(map(_chars, args)) + 1
        if cost > self._budget:
            return value  # larger than all it may hold: worked out each time
        with self._lock:
            if args not in self._items:
                self._items[args] = (value, cost)
                self._size += cost
                while self._size > self._budget:
                    _, (_, dropped) = self._items.popitem(last=False)
                    self._size -= dropped
        return value

    def cache_clear(self) -> None:
        """Forget everything (as `functools.lru_cache` names it)."""
        with self._lock:
            self._items.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def held(self) -> int:
        """What its entries cost together (characters times `weight`), never past its budget."""
        return self._size


_every: weakref.WeakSet[TextMemo] = weakref.WeakSet()


def forget_all() -> None:
    """Empty every memo: a benchmark's cold figure, or a test's reference compare, starts afresh."""
    for remembered in list(_every):
        remembered.cache_clear()


def _chars(arg: object) -> int:
    """The characters of a str argument, or of the strs of a tuple one (tokens)."""
    if isinstance(arg, str):
        return len(arg)
    if isinstance(arg, tuple):
        try:  # a tuple of tokens, all str: joined in C, where a generator takes a call per token
            return len("".join(arg))
        except TypeError:
            return sum(len(x) for x in arg if isinstance(x, str))
    return 0


def memo(budget: int, weight: int = 1) -> Callable[[Callable[..., T]], TextMemo[T]]:
    """`TextMemo` as a decorator."""
    def wrap(function: Callable[..., T]) -> TextMemo[T]:
        return TextMemo(function, budget, weight)

    return wrap
