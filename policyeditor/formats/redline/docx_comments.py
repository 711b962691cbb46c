"""Review comments in a redline DOCX: each a Word comment on exactly its quoted words, replies as
Word replies, a resolved thread marked done (commentsExtended)."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from policyeditor.formats.exporters.safety import xml_safe
from policyeditor.formats.ooxml.comments import add_comments_extended

# a run of a section's new text: its paragraph (w:p), the run, its text
NewRun = tuple[object, DocxRun, str]


@dataclass(frozen=True)
class DocxReply:
    """A reply in a comment thread, as Word shows it under the comment it answers."""

    author: str
    initials: str
    text: str
    date: str = ""


@dataclass(frozen=True)
class DocxComment:
    """An open review comment to write into a redline: `text` on the words `quote` of a section.

    `section_id` is the section's stable id in the new version. The comment's range
    covers exactly the quoted words; when the quote cannot be found in the section,
    the comment sits on the section heading.
    """

    section_id: str
    quote: str
    author: str
    initials: str
    text: str
    date: str = ""  # when the thread was written (ISO 8601); '' for the time of the export
    replies: tuple[DocxReply, ...] = ()  # written as Word replies (commentsExtended w15:paraIdParent)
    done: bool = False                   # a resolved thread: w15:done


def add_comments(document, headings: dict[str, DocxParagraph], new_runs: dict[str, list[NewRun]],
                 comments: Sequence[DocxComment]) -> None:
    """Each comment as a Word comment on the runs holding its quote (or on its section heading).

    `headings` are the sections' heading paragraphs by id, `new_runs` their new text's runs.
    """
    # `Document.add_comment`, with the comments part found once rather than per comment
    # among all the document's relationships (one per hyperlink target)
    word_comments = None
    threads: list[tuple[object, list[object], bool]] = []  # root, replies, done (comment elements)
    for comment in comments:
        runs = _quote_runs(new_runs, comment.section_id, comment.quote)
        text = xml_safe(comment.text)
        if not runs:
            heading = headings.get(comment.section_id)
            if heading is None or not heading.runs:
                continue
            runs = [r for r in heading.runs if r.text.strip()] or heading.runs
            text = xml_safe(f"On \u201c{comment.quote}\u201d: {comment.text}") if comment.quote else text
        if word_comments is None:
            word_comments = document.comments
        root = _add_comment(word_comments, text, comment.author, comment.initials, comment.date)
        runs[0].mark_comment_range(runs[-1], root.comment_id)
        answers = []
        for reply in comment.replies:  # Word gives a reply the range of the comment it answers
            added = _add_comment(word_comments, xml_safe(reply.text), reply.author, reply.initials,
                                      reply.date)
            runs[0].mark_comment_range(runs[-1], added.comment_id)
            answers.append(added._comment_elm)
        threads.append((root._comment_elm, answers, comment.done))
    if any(replies or done for _, replies, done in threads):
        add_comments_extended(document.part, threads)


def _add_comment(word_comments, text: str, author: str, initials: str, date: str):
    added = word_comments.add_comment(text=text, author=xml_safe(author) or "policyeditor",
                                      initials=xml_safe(initials))
    when = _comment_date(date)
    if when is not None:
        added._comment_elm.date = when
    return added


def _quote_runs(new_runs: dict[str, list[NewRun]], section_id: str, quote: str) -> list[DocxRun]:
    """The runs of one paragraph of the section's new text that hold exactly the quote ([] if none do).

    A run that holds more than the quote is split at the quote's first and last
    character, so the comment's range covers the quoted words and nothing else.
    """
    wanted = " ".join(quote.split())
    if not wanted:
        return []
    entries = new_runs.get(section_id, [])
    groups: list[list[int]] = []  # indices into entries, one list per paragraph
    last = None
    for k, (p, _run, _text) in enumerate(entries):
        if p is not last:
            groups.append([])
            last = p
        groups[-1].append(k)
    for group in groups:
        spans, text = [], ""
        for k in group:
            piece = entries[k][2]
            spans.append((len(text), len(text) + len(piece), k))
            text += piece
        flat = re.sub(r"\s", " ", text)
        at = " ".join(flat.split()).find(wanted)
        if at < 0:
            continue
        start = _unsquash(flat, at)
        end = _unsquash(flat, at + len(wanted) - 1) + 1
        chosen = [(a, b, k) for a, b, k in spans if a < end and b > start]
        first_a, _, first_k = chosen[0]
        last_a, last_b, last_k = chosen[-1]
        if last_b > end:
            _split_run(entries, last_k, end - last_a)
        if first_a < start:
            _split_run(entries, first_k, start - first_a)
            first_k += 1
            last_k += 1
        return [entries[k][1] for k in range(first_k, last_k + 1)]
    return []


def _split_run(entries: list[NewRun], index: int, at: int) -> None:
    """Cut a section's `index`-th new-text run in two after `at` characters (a run of one w:t only)."""
    p, run, text = entries[index]
    element = run._r
    texts = [c for c in element if c.tag != qn("w:rPr")]
    if not 0 < at < len(text) or len(texts) != 1 or texts[0].tag != qn("w:t"):
        return  # tabs or breaks inside: the range keeps the whole run
    twin = copy.deepcopy(element)
    element.addnext(twin)
    for el, part in ((texts[0], text[:at]), (next(c for c in twin if c.tag == qn("w:t")), text[at:])):
        el.text = part
        if part != part.strip():
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    entries[index:index + 1] = [(p, run, text[:at]), (p, DocxRun(twin, run._parent), text[at:])]


def _comment_date(value: str) -> datetime | None:
    """A comment's ISO 8601 time as a datetime (UTC when it names no zone); None if absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _unsquash(text: str, index: int) -> int:
    """The index in `text` of character `index` of its whitespace-squashed form."""
    squashed = 0
    k = len(text) - len(text.lstrip())
    previous_space = False
    while k < len(text):
        space = text[k] == " "
        if not (space and previous_space):
            if squashed == index:
                return k
            squashed += 1
        previous_space = space
        k += 1
    return len(text)
