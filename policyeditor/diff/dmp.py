"""diff-match-patch with no clock cut-off, run by its C++ port when installed: the same diffs, faster.

The redline diffs words encoded as characters with diff-match-patch and no clock
cut-off, so the same texts give the same diff on any machine. `diff_chars` and
`diff_semantic` give exactly the results of `diff_match_patch` (tests compare them
on random texts and on the corpus), run by fast-diff-match-patch, the C++
implementation of the same library, when that package is installed (it is a
dependency; the plain Python library remains the fallback where its wheel cannot be
installed). `plain_dmp` is the Python library itself, for what only it has (the
fuzzy match, xIndex, Levenshtein): it is imported on first use, because a compare
with the native port needs none of it and it is ~2 ms of every start-up.
"""

from __future__ import annotations

try:
    import fast_diff_match_patch as native
except ImportError:  # the pure-Python path, also tested by switching `use_native` off
    native = None

Diff = tuple[int, str]

use_native: bool = native is not None


def plain_dmp():  # -> diff_match_patch (not imported here: see the module's docstring)
    """A new Python diff_match_patch with no clock cut-off."""
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def diff_chars(text1: str, text2: str) -> list[Diff]:
    """`diff_main(text1, text2, checklines=False)`: the diff of two strings, character by character."""
    if use_native:
        return _native(text1, text2, "No")
    return plain_dmp().diff_main(text1, text2, False)


def diff_semantic(text1: str, text2: str) -> list[Diff]:
    """`diff_chars(text1, text2)` then `diff_cleanupSemantic`, in one native call if possible."""
    if use_native:
        return _native(text1, text2, "Semantic")
    dmp = plain_dmp()
    diffs = dmp.diff_main(text1, text2, False)
    dmp.diff_cleanupSemantic(diffs)
    return diffs


def _native(text1: str, text2: str, cleanup: str) -> list[Diff]:
    diffs = []
    i = j = 0
    for op, n in native.diff(text1, text2, timelimit=0, checklines=False, cleanup=cleanup,
                             counts_only=True):
        if op == "=":
            diffs.append((0, text1[i:i + n]))
            i += n
            j += n
        elif op == "-":
            diffs.append((-1, text1[i:i + n]))
            i += n
        else:
            diffs.append((1, text2[j:j + n]))
            j += n
    return diffs
