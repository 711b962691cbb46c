"""core.patterns.later: a regular expression compiled at its first use, once."""

from __future__ import annotations

import re

import pytest

from policyeditor.core.patterns import later


def test_a_pattern_is_compiled_when_first_used_and_kept():
    broken = later("(")  # not compiled yet: no error until it is used
    with pytest.raises(re.error):
        broken()
    words = later(r"a+", re.I)
    assert words() is words()
    assert words().findall("xAAxa") == ["AA", "a"]
