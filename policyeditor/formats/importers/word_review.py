"""A Word document that comes back with its people's work: tracked changes and comments, kept.

`read_reviewed` reads the document twice, with every tracked change rejected
(the original, the text that was sent) and with every change accepted (the
draft), gives the draft's sections the original's ids (the redline aligner pairs
them), and places what people did on the words of those texts:

- each revision (author, date, kind, its words) in the section that holds its
  words: the draft's for insertions, the original's for deletions;
- each comment on exactly its commented words (section, offsets into the
  section body's plain text, the quote), with its replies and done state. A
  comment on words that only the original has is placed there; a comment whose
  range is empty sits on the word at its reference mark.

Where the words landed is found without guessing: the reader notes, per source
paragraph, the offset of every comment range mark and revision MARK in the
paragraph's text (`Marks`), and each source paragraph is found again, in order,
in the imported policy's text (`locate`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policyeditor.core.body import Run, plain_text, runs_plain
from policyeditor.core.errors import ImportError_
from policyeditor.core.model import Policy
from policyeditor.diff.blame import PARAGRAPH_MARK, Attribution
from policyeditor.diff.ids import carry_ids
from policyeditor.diff.word_comments import Thread
from policyeditor.formats.importers.line_shape import split_number
from policyeditor.formats.importers.result import ImportResult, reason
from policyeditor.formats.ooxml.notes import read_notes
from policyeditor.formats.ooxml.review_read import (
    MARK,
    Revision,
    W,
    WordComment,
    accept_all,
    comment_parts,
    read_comments,
    read_revisions,
    reject_all,
)


@dataclass(frozen=True)
class ImportedRevision:
    """A Word revision: kind (see review_read.KIND_NAMES), who, when, its words, and their section.

    `section_id` is the draft's section for words the revision inserted, the
    original's for words it deleted (the two share ids), None for a mark
    without words (a table row, a formatting change). A paragraph mark is placed
    in the text that keeps it; its `text` is the words either side of it, about
    `diff.blame.PARAGRAPH_MARK`.
    """

    kind: str
    author: str
    date: str
    text: str = ""
    section_id: str | None = None
    inserts: bool = True


@dataclass(frozen=True)
class ImportedReply:
    author: str
    initials: str
    date: str
    body: str


@dataclass(frozen=True)
class ImportedComment:
    """A Word comment thread placed on words: `quote == plain_text(body)[start:end]` of its section.

    `on_original` says the words are in the original text only (deleted by a
    tracked change). `start` is None when the comment could not be placed; the
    import report names it.
    """

    author: str
    initials: str
    date: str
    body: str
    done: bool
    replies: tuple[ImportedReply, ...]
    section_id: str | None
    start: int | None
    end: int | None
    quote: str
    on_original: bool = False


@dataclass(frozen=True)
class WordReview:
    """What a Word document's people did: its revisions and comment threads, in document order."""

    revisions: tuple[ImportedRevision, ...]
    comments: tuple[ImportedComment, ...]

    @property
    def authors(self) -> list[str]:
        """Everyone who made a revision, in order of first appearance."""
        return list(dict.fromkeys(r.author for r in self.revisions))

    def summary(self) -> str:
        """'14 tracked changes by 2 people, 5 comments' ('no comments'; without changes, '2 comments');
        comments on no words of the text are not brought in, and said apart ('1 comment on no words')."""
        people = len(self.authors)
        changes = len(self.revisions)
        threads = sum(c.start is not None for c in self.comments)
        astray = len(self.comments) - threads
        parts = [f"{changes} tracked change{'s' if changes != 1 else ''} by {people} "
                 f"{'person' if people == 1 else 'people'}"] if changes else []
        parts.append(f"{threads} comment{'s' if threads != 1 else ''}" if threads else "no comments")
        if astray:
            parts.append(f"{astray} comment{'s' if astray != 1 else ''} on no words of the text, left out")
        return ", ".join(parts)

    def compared(self) -> tuple[Thread, ...]:
        """Each comment thread as a compare of two documents reads it (diff.word_comments)."""
        return tuple((c.author, c.quote, c.body, tuple(r.body for r in c.replies), c.done)
                     for c in self.comments)

    def attributions(self) -> tuple[Attribution, ...]:
        """The revisions' words as blame attributions: who inserted or deleted them, in which section."""
        return tuple(Attribution(r.section_id, "insert" if r.inserts else "delete", r.text, r.author, r.date)
                     for r in self.revisions if r.section_id and r.text.strip())


# ---------------------------------------------------------------- where marks fall in the text

Point = tuple[int, int]  # (source paragraph index, offset into its text)


class Marks:
    """Offsets of comment ranges and revision MARKs in the text of each source paragraph, as read.

    The DOCX reader calls `at` for a mark inside a paragraph (with the length of
    the paragraph text read so far, counted from `base`: where a note read at its
    reference begins), `between` for a mark between paragraphs, and `close` with
    each paragraph's runs once read.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.titles: set[int] = set()
        self.points: dict[tuple[str, str], Point] = {}
        self._open: list[tuple[str, str, int]] = []
        self._pending: list[tuple[str, str]] = []
        self._last_text: int | None = None
        self.base = 0  # where the runs being read begin in their paragraph's text (a note's, apart)

    @staticmethod
    def key(el: Any) -> tuple[str, str]:
        tag = el.tag
        if tag == MARK:
            return "r" + el.get("key", ""), el.get("edge", "start")
        edge = {W + "commentRangeStart": "start", W + "commentRangeEnd": "end",
                W + "commentReference": "ref"}[tag]
        return "c" + (el.get(W + "id") or ""), edge

    def at(self, el: Any, offset: int) -> None:
        self._open.append((*self.key(el), self.base + offset))

    def spaced(self, at: int) -> None:
        """The reader put a space in before offset `at` of the runs being read (a raised word set
        apart from the word before it): the marks from there on move with the text."""
        at += self.base
        self._open = [(key, edge, offset + 1 if offset > at or (offset == at and edge != "end") else offset)
                      for key, edge, offset in self._open]

    def between(self, el: Any) -> None:
        self._place_between(*self.key(el))

    def _place_between(self, key: str, edge: str) -> None:
        if edge == "end" and self._last_text is not None:
            self.points.setdefault((key, edge), (self._last_text, len(self.texts[self._last_text])))
        elif edge != "end":
            self._pending.append((key, edge))

    def close(self, runs: Sequence[Run]) -> None:
        """The paragraph just read, its `runs`: its text as the policy's plain text has it (a note's
        words set apart by a space, `runs_plain`), the offsets of its marks moved with them."""
        gaps: list[int] = []  # where runs_plain puts a space, in the runs' joined text
        at, note = 0, ""
        for run in runs:
            if run.note != note:
                gaps.append(at)
            note = run.note
            at += len(run.text)
        self._open = [(key, edge, offset + bisect.bisect_right(gaps, offset))
                      for key, edge, offset in self._open]
        text = runs_plain(runs)
        index = len(self.texts)
        self.texts.append(text)
        if not text.strip():  # an empty paragraph is not in the policy: its marks stand between
            for key, edge, _ in self._open:
                self._place_between(key, edge)
        else:
            for key, edge in self._pending:
                self.points.setdefault((key, edge), (index, 0))
            self._pending = []
            for key, edge, offset in self._open:
                self.points.setdefault((key, edge), (index, offset))
            self._last_text = index
        self._open = []

    def retitle(self) -> None:
        """The paragraph just closed became the document's title, which no section holds."""
        self.titles.add(len(self.texts) - 1)


@dataclass(frozen=True)
class Place:
    """A point in a policy: a section, its heading or body, and an offset into that part's plain text."""

    section_id: str
    part: str
    offset: int


def _squeeze(text: str) -> tuple[str, list[int], list[int]]:
    """`text` with whitespace runs as one space and no outer spaces; raw→squeezed and squeezed→raw offsets."""
    out: list[str] = []
    raw_to: list[int] = []
    to_raw: list[int] = []
    space = False
    for k, ch in enumerate(text):
        if ch.isspace():
            raw_to.append(len(out))
            space = True
            continue
        if space and out:
            out.append(" ")
            to_raw.append(k - 1)
        space = False
        raw_to.append(len(out))
        out.append(ch)
        to_raw.append(k)
    raw_to.append(len(out))
    to_raw.append(len(text))
    return "".join(out), raw_to, to_raw


def locate(policy: Policy, marks: Marks) -> dict[tuple[str, str], Place]:
    """Where each noted mark fell in `policy`: the source paragraphs are found again in order."""
    segments: list[tuple[str, str, str]] = []
    for section, _ in policy.walk():
        if section.heading:
            segments.append((section.id, "heading", section.heading))
        segments.append((section.id, "body", plain_text(section.body)))
    starts: list[int] = []
    pieces: list[str] = []
    at = 0
    for _, _, text in segments:
        starts.append(at)
        pieces.append(text)
        at += len(text) + 1
    whole, _, to_raw = _squeeze("\x00".join(pieces))  # \x00: no paragraph matches across parts
    found: dict[int, tuple[int, list[int]]] = {}
    cursor = 0
    for index, text in enumerate(marks.texts):
        if index in marks.titles or not text.strip():
            continue
        squeezed, raw_to, _ = _squeeze(text)
        position = whole.find(squeezed, cursor)
        shift = 0
        if position < 0:  # a heading whose typed number became the derived one
            number, rest = split_number(squeezed)
            if number and rest.strip():
                shift = len(squeezed) - len(rest.lstrip())
                position = whole.find(rest.lstrip(), cursor)
        if position < 0:
            continue
        found[index] = (position - shift, raw_to)
        cursor = position + len(squeezed) - shift
    places: dict[tuple[str, str], Place] = {}
    for key, (index, offset) in marks.points.items():
        if index not in found:
            continue
        position, raw_to = found[index]
        squeezed_at = max(0, min(position + raw_to[min(offset, len(raw_to) - 1)], len(whole)))
        raw = to_raw[squeezed_at]
        k = max(0, bisect.bisect_right(starts, raw) - 1)
        section_id, part, text = segments[k]
        places[key] = Place(section_id, part, max(0, min(raw - starts[k], len(text))))
    return places


# ---------------------------------------------------------------- reading

def has_review(document: Any, path: Path) -> bool:
    """Whether a python-docx Document holds tracked changes or comments."""
    body = document.element.body
    if next(body.iter(W + "ins", W + "del", W + "moveFrom", W + "moveTo", W + "rPrChange", W + "pPrChange",
                      W + "commentRangeStart", W + "commentReference"), None) is not None:
        return True
    for note in read_notes(document.part).values():  # changes made only in a footnote count too
        if next(note.iter(W + "ins", W + "del", W + "moveFrom", W + "moveTo"), None) is not None:
            return True
    return bool(_comments(document, path))


def _comments(document: Any, path: Path) -> list[WordComment]:
    try:
        return read_comments(*comment_parts(document.part))
    except Exception as exc:  # lxml raises several kinds for a broken part; all mean "damaged"
        raise ImportError_(f"{path.name} has a damaged comments part ({reason(exc)})") from None


def read_reviewed(path: Path, document: Any, sent: Any, read_document: Callable[..., Any]) -> ImportResult:
    """Import a Word document with its tracked changes and comments (see the module docstring).

    `document` and `sent` are two readings of the file (one to accept, one to reject
    the changes in), and `read_document` the DOCX importer's reader of a document:
    given, so that this module does not import the importer that calls it.
    """
    revisions = read_revisions(document.element.body)
    comments = _comments(document, path)
    try:
        # footnotes and endnotes hold tracked changes too, credited as the body's: their keys
        # numbered on from the body's; each reading gets its own notes, settled
        document.policy_notes = read_notes(document.part)
        sent.policy_notes = read_notes(sent.part)
        firsts: dict[tuple[str, str], int] = {}
        for name, note in document.policy_notes.items():
            firsts[name] = len(revisions)
            revisions += read_revisions(note, first=len(revisions))
        accept_all(document.element.body)
        reject_all(sent.element.body)
        for name, note in document.policy_notes.items():
            accept_all(note, first=firsts[name])
        for name, note in sent.policy_notes.items():
            reject_all(note, first=firsts.get(name, 0))
    except (KeyError, ValueError, AttributeError, TypeError, IndexError) as exc:  # revisions that do not nest
        raise ImportError_(f"{path.name} is a damaged Word document (its tracked changes do not fit "
                           f"together: {reason(exc)})") from None
    new_marks = Marks()
    draft, report = read_document(document, path, new_marks)
    old_marks = Marks()
    original, _ = read_document(sent, path, old_marks)
    carry_ids(original, draft)
    new_places, old_places = locate(draft, new_marks), locate(original, old_marks)
    placed = tuple(_revision(r, new_places, old_places, draft, original) for r in revisions)
    threads = _threads(comments, draft, original, new_places, old_places)
    review = WordReview(placed, threads)
    names = ", ".join(review.authors)
    report.insert(0, f"{review.summary()}" + (f" (changes by {names})" if names else ""))
    for thread in threads:
        if thread.start is None:
            report.append(f"the comment by {thread.author or 'an unknown author'} "
                          f"(\u201c{_short(thread.body)}\u201d) is on no words of the text; "
                          "it is not imported")
    return ImportResult(draft, report, original=original, review=review)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


_PARAGRAPH_MARKS = ("paragraph_inserted", "paragraph_deleted")


def _revision(revision: Revision, new: dict[tuple[str, str], Place], old: dict[tuple[str, str], Place],
              draft: Policy, original: Policy) -> ImportedRevision:
    places = new if revision.inserts else old
    start = places.get(("r" + revision.key, "start"))
    text = revision.text
    if start is not None and revision.kind in _PARAGRAPH_MARKS:
        text = _around_mark(draft if revision.inserts else original, start)
    return ImportedRevision(revision.kind, revision.author, revision.date, text,
                            start.section_id if start else None, revision.inserts)


def _around_mark(policy: Policy, place: Place) -> str:
    """A paragraph mark as blame matches it: the words either side, about `PARAGRAPH_MARK`."""
    section = policy.find(place.section_id)
    assert section is not None
    text = section.heading if place.part == "heading" else plain_text(section.body)
    before = text[:place.offset].rsplit(None, 1)[-1:]
    after = text[place.offset:].split(None, 1)[:1]
    return "".join(before) + PARAGRAPH_MARK + "".join(after)


def _span(policy: Policy, places: dict[tuple[str, str], Place], cid: str) -> tuple[str, int, int, str] | None:
    """(section id, start, end, quote) of a comment's range over a section body's plain text."""
    start, end = places.get((cid, "start")), places.get((cid, "end"))
    if start is None or start.part != "body":
        return None
    section = policy.find(start.section_id)
    assert section is not None
    text = plain_text(section.body)
    stop = end.offset if end is not None and (end.section_id, end.part) == (start.section_id, "body") \
        else len(text)
    a, b = start.offset, max(start.offset, stop)
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (section.id, a, b, text[a:b]) if b > a else None


def _at_reference(policy: Policy, places: dict[tuple[str, str], Place], cid: str
                  ) -> tuple[str, int, int, str] | None:
    """A comment without a range: the word just before its reference mark (or just after it)."""
    ref = places.get((cid, "ref"))
    if ref is None or ref.part != "body":
        return None
    section = policy.find(ref.section_id)
    assert section is not None
    text = plain_text(section.body)
    b = ref.offset
    while b > 0 and text[b - 1].isspace():
        b -= 1
    a = b
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    if a == b:  # nothing before it: the word after
        a = ref.offset
        while a < len(text) and text[a].isspace():
            a += 1
        b = a
        while b < len(text) and not text[b].isspace():
            b += 1
    return (section.id, a, b, text[a:b]) if b > a else None


def _threads(comments: list[WordComment], draft: Policy, original: Policy,
             new: dict[tuple[str, str], Place], old: dict[tuple[str, str], Place]
             ) -> tuple[ImportedComment, ...]:
    by_id = {c.id: c for c in comments}

    def root_of(comment: WordComment) -> WordComment:
        seen = {comment.id}
        while comment.parent and comment.parent in by_id and comment.parent not in seen:
            comment = by_id[comment.parent]
            seen.add(comment.id)
        return comment

    replies: dict[str, list[ImportedReply]] = {}
    for comment in comments:
        root = root_of(comment)
        if root.id != comment.id:
            replies.setdefault(root.id, []).append(
                ImportedReply(comment.author, comment.initials, comment.date, comment.text))
    out: list[ImportedComment] = []
    for comment in comments:
        if root_of(comment).id != comment.id:
            continue
        cid = "c" + comment.id
        on_original = False
        span = _span(draft, new, cid)
        if span is None:
            span = _span(original, old, cid)
            on_original = span is not None
        if span is None:
            span = _at_reference(draft, new, cid)
        section_id, start, end, quote = span if span else (None, None, None, "")
        out.append(ImportedComment(comment.author, comment.initials, comment.date, comment.text, comment.done,
                                   tuple(replies.get(comment.id, ())), section_id, start, end, quote,
                                   on_original))
    return tuple(out)
