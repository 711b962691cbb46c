"""Review comments in a redline DOCX: each a Word comment on exactly its quoted words, replies as
Word replies, a resolved thread marked done (commentsExtended).

A comment on the new text covers its words as kept or inserted; one on the old text (the base
version's, `side="old"`) its words as kept or deleted, the reference to it standing after the
deletion, so accepting the deletion does not take the thread with the words."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from policyeditor.formats.exporters.safety import xml_safe
from policyeditor.formats.ooxml.comments import add_comments_extended

# a run of a section's words: its paragraph (w:p), the run, its text, the texts holding it ("old", "new")
SectionRun = tuple[object, DocxRun, str, frozenset[str]]
# what holds a deleted run's text: Word's revisions (ooxml.revisions) are outside any run
_REVISION_TAGS = frozenset(qn(f"w:{tag}") for tag in ("del", "moveFrom", "ins", "moveTo"))


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

    `section_id` is the section's stable id in the text commented on, the new one or
    (`side="old"`) the old one. The comment's range covers exactly the quoted words;
    when the quote cannot be found in the section, the comment sits on the section heading.
    """

    section_id: str
    quote: str
    author: str
    initials: str
    text: str
    date: str = ""  # when the thread was written (ISO 8601); '' for the time of the export
    replies: tuple[DocxReply, ...] = ()  # written as Word replies (commentsExtended w15:paraIdParent)
    done: bool = False                   # a resolved thread: w15:done
    side: str = "new"                    # the text commented on: "new", or "old" (the base version)


@dataclass
class SectionRuns:
    """Where a redline DOCX wrote each section's words: its runs in document order (keyed by its
    section diff) and its heading paragraph in each text, found by the section's id in that text."""

    runs: dict[int, list[SectionRun]] = field(default_factory=dict)
    keys: dict[tuple[str, str], int] = field(default_factory=dict)  # (side, section id) -> its key
    headings: dict[tuple[str, int], DocxParagraph] = field(default_factory=dict)

    def add(self, key: int, paragraph, run: DocxRun, text: str, sides: frozenset[str]) -> None:  # type: ignore[no-untyped-def]
        self.runs.setdefault(key, []).append((paragraph, run, text, sides))

    def heading(self, key: int, side: str, section_id: str | None, paragraph: DocxParagraph) -> None:
        """Section diff `key` stands in text `side` as section `section_id` (None: not there) under
        `paragraph`."""
        if section_id is not None:
            self.keys[(side, section_id)] = key
            self.headings[(side, key)] = paragraph


def add_comments(document, sections: SectionRuns, comments: Sequence[DocxComment]) -> None:
    """Each comment as a Word comment on the runs holding its quote in its text (or on its section
    heading there)."""
    # `Document.add_comment`, with the comments part found once rather than per comment
    # among all the document's relationships (one per hyperlink target)
    word_comments = None
    threads: list[tuple[object, list[object], bool]] = []  # root, replies, done (comment elements)
    for comment in comments:
        key = sections.keys.get((comment.side, comment.section_id))
        runs = _quote_runs(sections.runs.get(key, []) if key is not None else [], comment.side, comment.quote)
        text = xml_safe(comment.text)
        if not runs:
            heading = sections.headings.get((comment.side, key)) if key is not None else None
            if heading is None or not heading.runs:
                continue
            runs = [r for r in heading.runs if r.text.strip()] or heading.runs
            text = xml_safe(f"On \u201c{comment.quote}\u201d: {comment.text}") if comment.quote else text
        if word_comments is None:
            word_comments = document.comments
        root = _add_comment(word_comments, text, comment.author, comment.initials, comment.date)
        _mark(runs[0], runs[-1], root.comment_id, comment.side)
        answers = []
        for reply in comment.replies:  # Word gives a reply the range of the comment it answers
            added = _add_comment(word_comments, xml_safe(reply.text), reply.author, reply.initials,
                                      reply.date)
            _mark(runs[0], runs[-1], added.comment_id, comment.side)
            answers.append(added._comment_elm)
        threads.append((root._comment_elm, answers, comment.done))
    if any(replies or done for _, replies, done in threads):
        add_comments_extended(document.part, threads)


def _mark(first: DocxRun, last: DocxRun, comment_id: int, side: str) -> None:
    """The comment's range from `first` to `last`; on the old text, its reference after the revision
    the last run stands in (a reference inside a deletion is deleted with it on Accept)."""
    first.mark_comment_range(last, comment_id)
    if side != "old":
        return
    reference = last._r.getnext().getnext()  # python-docx: w:commentRangeEnd, then the reference run
    outer = reference.getparent()
    while outer.tag in _REVISION_TAGS and outer.getparent() is not None:
        outer.addnext(reference)
        outer = reference.getparent()


def _add_comment(word_comments, text: str, author: str, initials: str, date: str):
    added = word_comments.add_comment(text=text, author=xml_safe(author) or "policyeditor",
                                      initials=xml_safe(initials))
    when = _comment_date(date)
    if when is not None:
        added._comment_elm.date = when
    return added


def _quote_runs(entries: list[SectionRun], side: str, quote: str) -> list[DocxRun]:
    """The first and last run of one paragraph of the section's text `side` ("old", "new") that hold
    exactly the quote ([] if none do); the other text's runs between them are in the range too.

    A run that holds more than the quote is split at the quote's first and last
    character, so the comment's range covers the quoted words and nothing else.
    """
    wanted = " ".join(quote.split())
    if not wanted:
        return []
    groups: list[list[int]] = []  # indices into entries of the side's runs, one list per paragraph
    last = None
    for k, (p, _run, _text, sides) in enumerate(entries):
        if side not in sides:
            continue
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
        return [entries[first_k][1], entries[last_k][1]]
    return []


_TEXT_TAGS = (qn("w:t"), qn("w:delText"))


def _split_run(entries: list[SectionRun], index: int, at: int) -> None:
    """Cut a section's `index`-th run in two after `at` characters (a run of one w:t or w:delText only)."""
    p, run, text, sides = entries[index]
    element = run._r
    texts = [c for c in element if c.tag != qn("w:rPr")]
    if not 0 < at < len(text) or len(texts) != 1 or texts[0].tag not in _TEXT_TAGS:
        return  # tabs or breaks inside: the range keeps the whole run
    twin = copy.deepcopy(element)
    element.addnext(twin)
    for el, part in ((texts[0], text[:at]), (next(c for c in twin if c.tag == texts[0].tag), text[at:])):
        el.text = part
        if part != part.strip():
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    entries[index:index + 1] = [(p, run, text[:at], sides), (p, DocxRun(twin, run._parent), text[at:], sides)]


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
