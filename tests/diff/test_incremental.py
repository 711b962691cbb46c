"""Typing re-diffs only what changed, and gives the redline a full compare gives.

A keystroke's compare reuses the section diffs of a `DiffCache` and the diff
functions' memos (line and sentence token diffs, visible maps of lines, word
counts, markup counts). Here each corpus pair's draft is edited as a user types
(words, a new paragraph, a deletion, in its longest section and another), and
after each edit the cached compare must equal a compare made with no cache and
every memo emptied: the same changes, ops, ids and stats.
"""

from __future__ import annotations

import random

import pytest
from redline_helpers import PAIRS, load

from policyeditor.core.memo import forget_all
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import DiffCache, compare


def _snapshot(policy: Policy) -> Policy:
    """New sections over the same strings, as the window hands its worker."""
    def tree(sections: list[Section]) -> list[Section]:
        return [Section(s.heading, s.body, tree(s.children), s.id) for s in sections]

    return Policy(policy.title, tree(policy.sections), dict(policy.metadata))


def _full(old: Policy, new: Policy):
    forget_all()
    return compare(old, new)


def _edits(rng: random.Random, section: Section):
    """Keystroke-sized edits of a body: a word typed at the end, one inside, a paragraph, a deletion."""
    yield section.body + " data"
    at = rng.randrange(len(section.body) + 1)
    yield section.body[:at] + "x" + section.body[at:]
    yield section.body + "\n\nA new paragraph of the draft."
    at = rng.randrange(max(len(section.body) - 4, 1))
    yield section.body[:at] + section.body[at + 4:]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_typing_gives_the_redline_of_a_full_compare(pair):
    old, draft = load(pair / "v1.md"), load(pair / "v2.md")
    rng = random.Random(pair.name)
    cache = DiffCache()
    assert compare(old, draft, cache=cache) == _full(old, draft)
    sections = [s for s, _ in draft.walk() if s.body]
    longest = max(sections, key=lambda s: len(s.body))
    for section in (longest, rng.choice(sections)):
        for edited in _edits(rng, section):
            section.body = edited
            typed = _snapshot(draft)
            incremental = compare(old, typed, cache=cache)
            assert incremental == _full(old, typed), f"{pair.name}: {section.heading}"
    assert cache.hits > cache.misses  # the sections not typed in were not diffed again
