"""How two Word documents' comments differ, in words: a compare of two files never hides it.

A Word comment is no text of the policy (importing makes it a review thread), so
the redline does not track it; but two documents that differ only in a comment
are not the same document, and "no changes" would be false. Each thread is
compared whole (its words, the words it is on, its author, replies and done
state) and a difference is said in one sentence per thread, as the page header's is.
"""

from __future__ import annotations

# (author, quoted words, comment text, the replies' texts, done): a thread as compared
Thread = tuple[str, str, str, tuple[str, ...], bool]

SHOWN = 3  # threads described one by one; more are counted


def comment_changes(old: tuple[Thread, ...], new: tuple[Thread, ...]) -> str:
    """'Word comment changed on “our data”: “Check this.” → “Check this clause.”'; '' when
    the two documents' comments are the same. Threads equal on both sides pair first,
    then threads on the same words (in order); the rest were added or removed."""
    left, right = list(old), list(new)
    for thread in old:
        if thread in right:
            right.remove(thread)
            left.remove(thread)
    said: list[str] = []
    for before in list(left):
        after = next((t for t in right if t[1] == before[1]), None)
        if after is None:
            continue
        left.remove(before)
        right.remove(after)
        said.append(_changed(before, after))
    said += [f"Word comment removed{_on(t)}: {quoted(t[2])}" for t in left]
    said += [f"Word comment added{_on(t)}: {quoted(t[2])}" for t in right]
    if len(said) > SHOWN:
        said = said[:SHOWN] + [f"{len(said) - SHOWN} more Word comments differ"]
    return "; ".join(said)


def _changed(before: Thread, after: Thread) -> str:
    """What changed of one thread on the same words: its text, author, replies, done state."""
    where = _on(after)
    parts = []
    if before[2] != after[2]:
        parts.append(f"Word comment changed{where}: {quoted(before[2])} \u2192 {quoted(after[2])}")
    if before[0] != after[0]:
        parts.append(f"Word comment{where} now by {after[0] or 'no one named'} "
                     f"(was {before[0] or 'no one named'})")
    if before[3] != after[3]:
        added = after[3][len(before[3]):] if after[3][:len(before[3])] == before[3] else ()
        parts.append(f"Word comment{where}: reply added: {quoted(added[0])}" if len(added) == 1
                     else f"Word comment{where}: its replies changed")
    if before[4] != after[4]:
        parts.append(f"Word comment{where} {'marked done' if after[4] else 'reopened'}")
    return "; ".join(parts)


def _on(thread: Thread) -> str:
    """' on “the words”' it is on; '' for a comment on no words (at a place only)."""
    return f" on {quoted(thread[1])}" if thread[1].strip() else ""


def quoted(text: str, limit: int = 80) -> str:
    """Text on one line (its lines joined by " / "), in quotes, shortened for a sentence."""
    line = " / ".join(" ".join(part.split()) for part in text.split("\n"))
    return "\u201c" + (line if len(line) <= limit else line[: limit - 1] + "\u2026") + "\u201d"
