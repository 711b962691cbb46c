"""A regular expression compiled when it is first used, not when its module is imported.

Compiling a pattern takes 20 to 300 µs. A command-line compare imports modules that
hold some sixty and uses about half of them: the rest read input it is not given
(HTML inside Markdown, content tags, colour names). `later(...)` is `re.compile(...)`
made at the first call of the function it returns, and kept.
"""

from __future__ import annotations

import re
from functools import cache, partial

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from collections.abc import Callable


def later(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning `re.compile(pattern, flags)`, compiled on its first call."""
    return cache(partial(re.compile, pattern, flags))
