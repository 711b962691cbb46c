"""diff-match-patch run by its C++ port when installed: the same diffs, several times faster.

The redline diffs words encoded as characters with diff-match-patch and no clock
cut-off. `Dmp` gives exactly the results of `diff_match_patch` (tests compare them
on random texts and on the corpus), but with Diff_Timeout 0 it runs `diff_main`
and the semantic clean-up in fast-diff-match-patch, the C++ implementation of the
same library, when that package is installed. Without it, it runs the Python code
with a leaner Myers bisection: the same paths and splits, offsets instead of
diagonals, reversed copies of the texts for the backward walk, and no clock read
per step.
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

    def diff_bisect(self, text1: str, text2: str, deadline: float) -> list[Diff]:
        # diff_match_patch.diff_bisect, recast for speed; never called with a deadline
        n1, n2 = len(text1), len(text2)
        max_d = (n1 + n2 + 1) // 2
        off = max_d                  # index of diagonal k in v1/v2 is off + k
        v_length = 2 * max_d
        v1 = [-1] * v_length
        v1[off + 1] = 0
        v2 = v1[:]
        delta = n1 - n2
        front = delta % 2 != 0       # an odd total: the forward path meets the reverse one
        rev1, rev2 = text1[::-1], text2[::-1]
        k1start = k1end = k2start = k2end = 0
        for d in range(max_d):
            low, high = off - d, off + d
            # the forward path, one step
            for i in range(low + k1start, high + 1 - k1end, 2):
                if i == low:
                    x = v1[i + 1]
                else:
                    left = v1[i - 1]
                    if i != high:
                        right = v1[i + 1]
                        x = right if left < right else left + 1
                    else:
                        x = left + 1
                y = x - i + off
                while x < n1 and y < n2 and text1[x] == text2[y]:
                    x += 1
                    y += 1
                v1[i] = x
                if x > n1:
                    k1end += 2
                elif y > n2:
                    k1start += 2
                elif front:
                    j = off + delta - (i - off)
                    if 0 <= j < v_length and v2[j] != -1 and x >= n1 - v2[j]:
                        return self.diff_bisectSplit(text1, text2, x, y, deadline)
            # the reverse path, one step
            for i in range(low + k2start, high + 1 - k2end, 2):
                if i == low:
                    x = v2[i + 1]
                else:
                    left = v2[i - 1]
                    if i != high:
                        right = v2[i + 1]
                        x = right if left < right else left + 1
                    else:
                        x = left + 1
                y = x - i + off
                while x < n1 and y < n2 and rev1[x] == rev2[y]:
                    x += 1
                    y += 1
                v2[i] = x
                if x > n1:
                    k2end += 2
                elif y > n2:
                    k2start += 2
                elif not front:
                    j = off + delta - (i - off)
                    if 0 <= j < v_length and v1[j] != -1:
                        x1 = v1[j]
                        if x1 >= n1 - x:
                            return self.diff_bisectSplit(text1, text2, x1, off + x1 - j, deadline)
        # no common character at all
        return [(self.DIFF_DELETE, text1), (self.DIFF_INSERT, text2)]
