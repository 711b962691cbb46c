"""The caches a typing session fills keep within a budget of characters, not a count of entries.

Each keystroke makes a new version of the edited section (and of its edited line):
the redline's `DiffCache`, the `DisplayCache`s and `spans.line_blocks` keep one
entry per version. Bounded by a count, a long session in a long section kept
thousands of copies of it; bounded by characters, they stop growing at their budget.
"""

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import DiffCache, compare
from policyeditor.diff.spans import DisplayCache, line_blocks, line_words

BODY = "We keep the account data of each user for two years. " * 100  # 5,400 characters


def _typed(k: int) -> str:
    """The body after `k` keystrokes typed at its end."""
    return BODY + "more words " * (k // 11) + "more words "[:k % 11]


def test_the_diff_cache_of_a_long_typing_session_stops_at_its_budget():
    old = Policy("T", [Section("Data", BODY, id="data")])
    cache = DiffCache(budget=60_000)
    held: list[int] = []
    for k in range(1, 120):
        compare(old, Policy("T", [Section("Data", _typed(k), id="data")]), cache=cache)
        held.append(len(cache))
    pair = len(BODY) + len(_typed(119)) + 2 * len("Data")
    assert max(held) <= 60_000 // (2 * len(BODY)) < 119  # a count of 4,096 would have kept every one
    assert held[-1] == held[-40] and held[-1] >= 60_000 // pair  # full, and no longer growing
    assert cache._parts.held <= 60_000
    # what the cache still holds it gives back without diffing again
    misses = cache.misses
    compare(old, Policy("T", [Section("Data", _typed(119), id="data")]), cache=cache)
    assert cache.misses == misses and cache.hits > 0


def test_display_caches_and_the_line_caches_stop_at_their_budgets():
    displays = DisplayCache(budget=50_000)
    for k in range(1, 100):
        displays.get(_typed(k))
    assert 50_000 // len(_typed(99)) <= len(displays) <= 50_000 // len(BODY)
    assert displays.get(_typed(99)).body == _typed(99)

    line_blocks.cache_clear()
    line_words.cache_clear()
    # one paragraph of 21,600 characters with markup (a plain one is counted without line_blocks),
    # typed at 60 times
    line = "**" + BODY * 4 + "**"
    for k in range(1, 60):
        line_words(line + "x" * k)
    # the module's budget of a million characters holds 46 versions of it, not the 59 typed
    assert line_blocks.held <= 1_000_000 and line_words.held <= 1_000_000
    assert len(line_blocks) == len(line_words) == 1_000_000 // (len(line) + 60)
