"""diff-match-patch run by its C++ port when installed: the same diffs, several times faster.

The redline diffs words encoded as characters with diff-match-patch and no clock
cut-off. `Dmp` gives exactly the results of `diff_match_patch` (tests compare them
on random texts and on the corpus), but with Diff_Timeout 0 it runs `diff_main`
and the semantic clean-up in fast-diff-match-patch, the C++ implementation of the
same library, when that package is installed (it is a dependency; the plain Python
library remains the fallback where its wheel cannot be installed).
"""

from __future__ import annotations

from diff_match_patch import diff_match_patch

try:
    import fast_diff_match_patch as native
except ImportError:  # the pure-Python path, also tested by switching `use_native` off
    native = None

Diff = tuple[int, str]


class Dmp(diff_match_patch):
    """A diff_match_patch for diffs without a deadline (Diff_Timeout 0), native when it can be."""

    use_native: bool = native is not None

    def diff_main(self, text1: str, text2: str, checklines: bool = True,
                  deadline: float | None = None) -> list[Diff]:
        if self.use_native and not checklines and self.Diff_Timeout <= 0:
            return self._native(text1, text2, "No")
        return super().diff_main(text1, text2, checklines, deadline)

    def diff_semantic(self, text1: str, text2: str) -> list[Diff]:
        """`diff_main(text1, text2, False)` then `diff_cleanupSemantic`, in one native call if possible."""
        if self.use_native and self.Diff_Timeout <= 0:
            return self._native(text1, text2, "Semantic")
        diffs = self.diff_main(text1, text2, False)
        self.diff_cleanupSemantic(diffs)
        return diffs

    @staticmethod
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
