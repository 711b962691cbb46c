"""The compare view's spans: word-level, at document positions, and kept in step with typing."""

from policyeditor.gui.editing.compare_view import _remap
from policyeditor.gui.editing.highlight import LitCache, lit_spans


def test_spans_are_words_at_their_offsets():
    old, new = "We collect some data about you.", "We collect certain data about you and others."
    lit = lit_spans(old, new)
    assert [old[s:s + n] for s, n in lit.deleted] == ["some"]
    assert [new[s:s + n] for s, n in lit.inserted] == ["certain", " and others"]
    assert lit_spans(old, old).changes == 0


def test_cache_diffs_a_pair_once():
    cache = LitCache()
    cache.get("a b", "a c")
    cache.get("a b", "a c")
    assert cache.misses == 1


def test_remap_moves_spans_past_an_edit():
    diffed = "one two three four"
    current = "one two XX three four"  # typed "XX " after the diff was started
    spans = ((0, 3), (14, 4))          # "one", "four"
    assert [current[s:s + n] for s, n in _remap(spans, diffed, current)] == ["one", "four"]
    # a span the edit falls inside grows over the typing
    assert [current[s:s + n] for s, n in _remap(((4, 9),), diffed, current)] == ["two XX three"]
    assert _remap(spans, diffed, diffed) == spans


def test_spans_of_editorial_changes_are_tagged_by_the_engines_test():
    old, new = "We collect data, and some more.", "We collect data and certain more."
    lit = lit_spans(old, new)
    assert [old[s:s + n] for s, n in lit.editorial_deleted] == [","]
    assert not lit.editorial_inserted
    shown = lit.shown(hide_editorial=True)
    assert [old[s:s + n] for s, n in shown.deleted] == ["some"]
    assert [new[s:s + n] for s, n in shown.inserted] == ["certain"]
    assert lit.shown(hide_editorial=False) == lit
    case_only = lit_spans("The Data Officer.", "The data officer.")
    assert case_only.changes and case_only.shown(True).changes == 0
