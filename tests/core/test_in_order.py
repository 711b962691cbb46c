"""The longest run still in order: what a reordering keeps in place."""

from policyeditor.core.in_order import longest_in_order, staying


def test_the_longest_increasing_run_is_found():
    assert longest_in_order([]) == set()
    assert longest_in_order([3, 0, 1, 4, 2]) in ({0, 1, 4}, {0, 1, 2})
    assert longest_in_order([5, 4, 3]) in ({5}, {4}, {3})


def test_moving_one_item_moves_only_it():
    old = list("abcdef")
    new = ["a", "c", "d", "e", "b", "f", "g"]  # b moved down, g added
    assert staying(old, new) == set("acdef")
