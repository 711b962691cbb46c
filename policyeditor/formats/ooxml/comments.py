"""Word's threads of comments: replies and done states, in the commentsExtended part.

comments.xml holds each comment flat; Word 2013 and later read which comment
answers which, and which thread is resolved, from `word/commentsExtended.xml`:
one `w15:commentEx` per comment, naming the `w14:paraId` of the comment's last
paragraph, its parent's (`w15:paraIdParent`, for a reply) and `w15:done`.
python-docx writes comments but not this part, so it is built here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMMENTS_EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
COMMENTS_EXTENDED_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"

Thread = tuple[Any, Sequence[Any], bool]  # root w:comment element, its replies' elements, done


def _para_id(comment: Any, number: int) -> str:
    """Give the comment's last paragraph a w14:paraId (8 hex digits, below 0x80000000) and return it."""
    paragraphs = comment.findall(f"{{{W}}}p")
    value = f"{0x10000000 + number:08X}"
    paragraphs[-1].set(f"{{{W14}}}paraId", value)
    return value


def extended_xml(threads: Sequence[Thread]) -> bytes:
    """The commentsExtended part for these threads (ids given to their last paragraphs here)."""
    items: list[str] = []
    number = 0
    for root, replies, done in threads:
        number += 1
        parent = _para_id(root, number)
        items.append(f'<w15:commentEx w15:paraId="{parent}" w15:done="{1 if done else 0}"/>')
        for reply in replies:
            number += 1
            items.append(f'<w15:commentEx w15:paraId="{_para_id(reply, number)}" '
                         f'w15:paraIdParent="{parent}" w15:done="{1 if done else 0}"/>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w15:commentsEx xmlns:w15="{W15}" xmlns:w14="{W14}">{"".join(items)}</w15:commentsEx>'
            ).encode()


def add_comments_extended(document_part: Any, threads: Sequence[Thread]) -> None:
    """Add word/commentsExtended.xml for `threads` to a python-docx document part."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI("/word/commentsExtended.xml"), COMMENTS_EXTENDED_TYPE, extended_xml(threads),
                document_part.package)
    document_part.relate_to(part, COMMENTS_EXTENDED_REL)
