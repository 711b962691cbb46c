"""Section bodies parsed once: the blocks and plain text of each body text, remembered.

Filling a pane (`rich_text.fill_document`) and mapping comments onto it
(`review_panes`) both parse the body; on a large policy that parsing, not Qt,
was most of the time the window took to open. Bodies are immutable strings, so
the results are kept by text (least recently used go first) and can be
computed ahead in a worker (`warm`), leaving the UI thread only the Qt work.
Kept within a budget of characters (`core.memo`), not a count of bodies: each
keystroke's version of the edited body is a new text. Thread-safe: at worst two
threads parse the same body once each.
"""

from __future__ import annotations

from policyeditor.core import body as canon
from policyeditor.core.body import Block
from policyeditor.core.memo import memo
from policyeditor.core.model import Policy

CACHED_CHARACTERS = 6_000_000  # both panes of a 300,000-word policy; about 7 bytes a character (42 MB)


@memo(budget=CACHED_CHARACTERS)
def blocks(text: str) -> tuple[Block, ...]:
    """`core.body.parse(text)`, remembered; the blocks are shared: read them, never change them."""
    return tuple(canon.parse(text))


@memo(budget=CACHED_CHARACTERS)
def plain(text: str) -> str:
    """`core.body.plain_text(text)`, remembered."""
    return "\n".join(canon.blocks_plain(blocks(text)))


def warm(*policies: Policy | None) -> None:
    """Parse every body of the policies now (in a worker), so the panes find them parsed."""
    for policy in policies:
        if policy is not None:
            for section, _ in policy.walk():
                plain(section.body)
