"""A Word document with its people's work, made into a new policy file.

The first version (1.0) holds the text with every tracked change rejected (what
was there before they edited), the draft the text with every change accepted, so
the redline from that version to the draft shows their changes; the audit log
records each revision with its Word author and date, so blame can credit the
draft's changes to them (`word_attributions`). Word comments become review
threads on their words, with their authors, initials, dates, replies and done
state, stored through `Comments`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from policyeditor.core.body import plain_text
from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Policy, new_id
from policyeditor.diff.blame import PARAGRAPH_MARK, WHOLE_PARTS, Attribution
from policyeditor.diff.ids import carry_ids
from policyeditor.diff.redline import Change, DiffCache, Redline, compare
from policyeditor.formats.importers.own_cover import without_cover
from policyeditor.formats.importers.result import ImportResult
from policyeditor.formats.importers.word_review import (
    ImportedComment,
    ImportedReply,
    ImportedRevision,
    WordReview,
)
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments, CommentState, initials_of
from policyeditor.store.clock import now
from policyeditor.store.policyfile import PolicyFile, VersionInfo

FIRST_LABEL = "1.0"
AUDIT_ACTION = "import.word_review"


def word_date(value: str) -> str | None:
    """Word's w:date as our ISO 8601 UTC form ('2024-05-01T09:30:00Z'); None when absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:  # Word writes local time without a zone in some files: take it as UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_reviewed(out: Path, result: ImportResult, *, author: str = "", source: str = "") -> list[str]:
    """Write a new .policy file from a Word import with a review; returns lines for the import report.

    Refuses (PolicyFileError) to overwrite an existing file; a failure after the
    file was made removes it again, so no half-made policy is left.
    """
    if result.original is None or result.review is None:
        raise PolicyError("this import holds no tracked changes or comments to keep")
    review = result.review
    pf = PolicyFile.create(out, result.original, author=author)
    try:
        if review.revisions:  # with comments only, there is one text: the draft
            pf.save_version(result.original, FIRST_LABEL, author=author,
                            note=f"{source}: the text before its tracked changes (all rejected)".lstrip(": "))
        pf.save_draft(result.policy, editor=author)
        placed = store_comments(Comments(pf), review, result.policy, result.original)
        pf.append_audit(author, AUDIT_ACTION, source, {
            "revisions": [{"kind": r.kind, "author": r.author, "date": r.date, "text": r.text,
                           "section_id": r.section_id, "inserts": r.inserts} for r in review.revisions],
            "comments": placed})
    except BaseException:
        pf.close()
        out.unlink(missing_ok=True)
        raise
    pf.close()
    lines = [f"brought in {review.summary()}"]
    if review.revisions:
        lines.append(f"version {FIRST_LABEL} holds the text with every tracked change rejected, the draft "
                     "with every change accepted")
    return lines


def store_comments(comments: Comments, review: WordReview, draft: Policy, original: Policy,
                   original_label: str = FIRST_LABEL) -> int:
    """Each placed Word comment as a thread on its words (the draft's, or `original_label`'s); how many."""
    return sum(store_thread(comments, thread, draft, original, original_label) is not None
               for thread in review.comments)


def store_thread(comments: Comments, thread: ImportedComment, draft: Policy, original: Policy,
                 original_label: str) -> str | None:
    """One placed Word comment as a thread on its words, with its replies and done state; its id."""
    if thread.start is None or thread.end is None or thread.section_id is None:
        return None
    policy = original if thread.on_original else draft
    section = policy.find(thread.section_id)
    if section is None:
        return None
    anchor = make_anchor(section.id, plain_text(section.body), thread.start, thread.end)
    root = comments.comment(_name(thread), anchor, thread.body or "(empty comment)",
                            version=original_label if thread.on_original else None,
                            initials=thread.initials or initials_of(_name(thread)),
                            created=word_date(thread.date))
    for reply in thread.replies:
        _reply(comments, root.id, reply)
    if thread.done:
        comments.resolve(root.id, _name(thread))
    return root.id


def _reply(comments: Comments, root_id: str, reply: ImportedReply) -> None:
    name = reply.author or "Unknown author"
    comments.reply(root_id, name, reply.body or "(empty reply)", initials=reply.initials or initials_of(name),
                   created=word_date(reply.date))


def _name(thread: ImportedComment) -> str:
    return thread.author or "Unknown author"


def word_attributions(pf: PolicyFile, after: str = "", until: str = "") -> tuple[Attribution, ...]:
    """The Word revisions imports recorded, as blame attributions for the draft's changes.

    `after` and `until` (ISO 8601 UTC, '' for no bound) keep those recorded in
    that time (to the second, both ends kept), so a version saved after an import
    is credited with its changes.
    """
    out: list[Attribution] = []
    for entry in pf.audit_log():
        if entry.action != AUDIT_ACTION or (after and entry.time < after) or (until and entry.time > until):
            continue
        for r in entry.payload.get("revisions", []):
            if r.get("section_id") and (r.get("text") or "").strip():
                out.append(Attribution(r["section_id"], "insert" if r.get("inserts", True) else "delete",
                                       r["text"], r.get("author", ""), word_date(r.get("date", "")) or ""))
    return tuple(out)


# ---------------------------------------------------------------- into an existing policy

def sent_version(pf: PolicyFile) -> VersionInfo | None:
    """The version a returned document was made from: the newest approved or published, else the newest.

    It is the version the window compares the draft with by default, so the
    changes brought in show there as the draft's tracked changes.
    """
    return pf.latest_approved() or pf.latest()


@dataclass(frozen=True)
class Merged:
    """What `merge_into` brought into a policy's draft: the draft before and after, and one line about it."""

    before: Policy
    draft: Policy
    summary: str
    base: str | None  # the label of the version the changes are tracked against (None: no version yet)
    lines: tuple[str, ...] = ()


def merge_into(pf: PolicyFile, result: ImportResult, *, author: str = "", source: str = "",
               when: str = "") -> Merged:
    """Make the draft of `pf` the imported text, in one transaction; its changes stay credited.

    Sections are matched with the draft's by the redline aligner, so they keep
    their ids and the redline, comments and history follow them. What made the
    differences is recorded for blame (`word_attributions`): a Word document's
    tracked changes under their Word authors and dates; differences not tracked
    (a document edited with Track Changes off, or a text whose author is not
    known) under the document's last author (docProps/core.xml), else `author`;
    they are its differences from what its reviewer was sent: the version sent
    or the draft before, whichever its text (before its tracked changes) is
    nearer, so the draft's own changes sent in a clean export are not theirs.
    A redline from an older version (its text before its tracked changes is
    that version's) holds tracked changes the version sent already has: its
    differences not tracked are then the draft's changes from the version sent
    or the draft before that none of its revisions holds (a tracked change a
    reviewer rejected, say).
    Word comments become threads on their words, on the draft or, for words
    the changes deleted, on the version sent. The draft's own comments follow
    their words. Any failure leaves the file as it was. A document our export made from another
    policy is refused (PolicyError), before anything is written.
    """
    if result.policy_id and result.policy_id != pf.policy_id():
        raise PolicyError(f"{source or 'the document'} was exported from another policy, not from "
                          f"{pf.path.name}: import it on its own (policyeditor import SOURCE -o NEW.policy)")
    before = pf.load_draft()
    sent = sent_version(pf)
    base = pf.version(sent.label).policy if sent is not None else before
    review: WordReview | None = result.review
    draft = without_cover(result.policy.copy())
    original = without_cover(result.original.copy()) if result.original is not None else None
    if source and draft.title == Path(source).stem:  # no title of its own: its file's name is no new title
        for text in (draft, original):
            if text is not None:
                text.title = before.title
    if original is not None and review is not None:
        renamed = carry_ids(before, original)
        taken = {s.id for s, _ in before.walk()}
        known = {s.id for s, _ in original.walk()}
        for section, _ in draft.walk():  # the draft shares the original's ids: they follow
            if section.id in renamed:
                section.id = renamed[section.id]
            elif section.id in taken and section.id not in known:
                renamed[section.id] = section.id = new_id()
        review = _renamed(review, renamed)
    else:
        carry_ids(before, draft)
    # the text's own properties (numbering style, metadata) are the policy's, not the document's
    draft.numbering, draft.metadata = before.numbering, dict(before.metadata)
    untracked_by = result.last_author or author
    untracked_at = result.last_modified or when or now()
    # what no tracked change names, credited to the document's last author (see the docstring)
    # a Word document's text before its tracked changes is what its reviewer was sent: the version
    # sent or an older one (a redline from it), or the draft (a clean export of it); a plain text is
    # the draft's next
    against = original if original is not None else draft
    cache = DiffCache()  # the same texts are compared up to five times below: their sections once
    if original is not None or result.last_author:
        reference, label = _nearest(pf, against, base, before, sent, cache, redline=original is not None)
    else:
        reference, label = before, None
    if review is not None and sent is not None and label not in (None, sent.label):  # from an older one
        reference, label = _nearest(pf, draft, base, before, sent, cache, redline=False)
        held = _holder(review.revisions)
        differences = [c for c in compare(reference, draft, cache=cache).changes if not held(c)]
    else:  # counted whole: a section added is one of its changes
        differences = list(compare(reference, against, cache=cache).changes)
    compared = f"version {label}" if label is not None else "the draft before"
    untracked = _differences(differences, untracked_by, untracked_at)
    counted = sum(1 for change in differences if not change.ignored)
    revisions = [{"kind": r.kind, "author": r.author, "date": r.date, "text": r.text,
                  "section_id": r.section_id, "inserts": r.inserts}
                 for r in (review.revisions if review else ())]
    with pf.transaction():
        pf.save_draft(draft, editor=author)
        comments = Comments(pf)
        comments.follow_draft(before, draft, actor=author)
        placed = replies = 0
        if review is not None and original is not None:
            placed, replies = _store_threads(comments, review, draft, original, sent.label if sent else None)
        pf.append_audit(author, AUDIT_ACTION, source, {"revisions": revisions + untracked, "comments": placed,
                                                       "replies": replies, "into": True,
                                                       "base": sent.label if sent else None})
    shown = _shown(review, compare(base, draft, cache=cache)) if review is not None else []
    unchanged = not compare(before, draft, cache=cache).changes
    # brought back a second time, the document changes nothing: no untracked change is its
    summary = _merge_summary(shown, review, 0 if unchanged else counted, untracked_by,
                             "the draft before" if unchanged else compared, placed, replies)
    return Merged(before, draft, summary, sent.label if sent else None)


def _nearest(pf: PolicyFile, text: Policy, base: Policy, before: Policy, sent: VersionInfo | None,
             cache: DiffCache, redline: bool) -> tuple[Policy, str | None]:
    """What a returned document's `text` (its words before its tracked changes) was made from, and
    that version's label (None: the draft before): the version sent or the draft before, whichever
    is nearer; for a redline (`redline`) also an older version, the one it compared from.
    """
    candidates: list[tuple[str | None, Callable[[], Policy]]] = [(sent.label if sent else None, lambda: base),
                                                                  (None, lambda: before)]
    if redline and sent is not None:  # newest first
        candidates += [(v.label, partial(_version_text, pf, v.label)) for v in reversed(pf.versions())
                       if v.label != sent.label]
    best: tuple[int, Policy, str | None] | None = None
    for label, load in candidates:
        policy = load()
        count = len(compare(policy, text, cache=cache).changes)
        if best is None or count < best[0]:
            best = (count, policy, label)
        if count == 0:  # its very text: no other is nearer
            break
    assert best is not None
    return best[1], best[2]


def _version_text(pf: PolicyFile, label: str) -> Policy:
    return pf.version(label).policy


def _shown(review: WordReview, redline: Redline) -> list[ImportedRevision]:
    """The revisions that hold the draft's changes against the version it is tracked against
    (`redline`; see `_holds`).

    A returned redline from an older version holds tracked changes that version already
    has: none of them holds a change the draft shows, so none is counted as brought in.
    """
    changes = [_Words.of_change(c) for c in redline.changes if not c.ignored]
    return [r for r in review.revisions if any(_holds(_Words.of_revision(r), c) for c in changes)]


def _holder(revisions: Sequence[ImportedRevision]) -> Callable[[Change], bool]:
    """Whether one of `revisions` holds a change (see `_holds`)."""
    held = [_Words.of_revision(r) for r in revisions]

    def holds(change: Change) -> bool:
        words = _Words.of_change(change)
        return any(_holds(revision, words) for revision in held)

    return holds


@dataclass(frozen=True)
class _Words:
    """What a revision or a change is matched by: its inserted and deleted words, its sections."""

    inserted: frozenset[str]
    deleted: frozenset[str]
    sections: frozenset[str]

    @classmethod
    def of_revision(cls, revision: ImportedRevision) -> _Words:
        # a paragraph mark's text is the words either side of it: none of its own
        words = frozenset(_words(revision.text) if PARAGRAPH_MARK not in revision.text else ())
        return cls(words if revision.inserts else frozenset(), frozenset() if revision.inserts else words,
                   frozenset([revision.section_id] if revision.section_id else ()))

    @classmethod
    def of_change(cls, change: Change) -> _Words:
        return cls(frozenset(_words(change.new_text)), frozenset(_words(change.old_text)),
                   frozenset(i for i in (change.new_id, change.old_id) if i))


def _holds(revision: _Words, change: _Words) -> bool:
    """Whether a revision holds a change: words of it on the same side, or, for a revision without
    words placed in a section (a paragraph mark), a change without words in that section. A mark
    placed nowhere (a table row, formatting) holds none."""
    if revision.inserted or revision.deleted:
        return bool(revision.inserted & change.inserted or revision.deleted & change.deleted)
    return bool(revision.sections & change.sections) and not (change.inserted or change.deleted)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in plain_text(text).split()}


def _store_threads(comments: Comments, review: WordReview, draft: Policy, original: Policy,
                   base_label: str | None) -> tuple[int, int]:
    """The Word threads as new threads, or as new replies to one the policy has; (threads, replies).

    A comment the policy sent out in its redline comes back as a Word comment with
    the same author and text: it is that thread, not a new one, and only the
    replies it gained (and its done state) are brought in.
    """
    known = {(t.root.author, _same(t.root.body)): t for t in comments.threads()}
    threads = replies = 0
    for thread in review.comments:
        if thread.on_original and base_label is None:  # no version to hold words only the original has
            continue
        existing = known.get((_name(thread), _same(thread.body)))
        if existing is None:
            threads += store_thread(comments, thread, draft, original, base_label or FIRST_LABEL) is not None
            continue
        have = {(c.author, _same(c.body)) for c in existing.comments}
        for reply in thread.replies:
            if ((reply.author or "Unknown author"), _same(reply.body)) not in have:
                _reply(comments, existing.id, reply)
                replies += 1
        if thread.done and existing.state == CommentState.OPEN:
            comments.resolve(existing.id, _name(thread))
    return threads, replies


def _same(text: str) -> str:
    """A comment's text as compared with a Word comment's: whitespace collapsed."""
    return " ".join((text or "").split())


def _renamed(review: WordReview, renamed: dict[str, str]) -> WordReview:
    def rid(section_id: str | None) -> str | None:
        return renamed.get(section_id, section_id) if section_id else section_id

    return WordReview(tuple(replace(r, section_id=rid(r.section_id)) for r in review.revisions),
                      tuple(replace(c, section_id=rid(c.section_id)) for c in review.comments))


def _differences(changes: Sequence[Change], author: str, date: str) -> list[dict]:
    """A redline's word changes, as revisions by `author` at `date` (for blame)."""
    out: list[dict] = []
    for change in changes:
        if change.part not in ("heading", "body", *WHOLE_PARTS):
            continue
        whole = WHOLE_PARTS.get(change.part)
        if change.new_text.strip() and (new_id := whole or change.new_id):
            out.append({"kind": "ins", "author": author, "date": date, "text": change.new_text,
                        "section_id": new_id, "inserts": True, "tracked": False, "change": change.id})
        if change.old_text.strip() and (old_id := whole or change.old_id):
            out.append({"kind": "del", "author": author, "date": date, "text": change.old_text,
                        "section_id": old_id, "inserts": False, "tracked": False, "change": change.id})
    return out


def _merge_summary(shown: Sequence[ImportedRevision], review: WordReview | None, untracked: int, by: str,
                   against: str, threads: int = 0, replies: int = 0) -> str:
    """'14 tracked changes by 2 people, 5 comments' (the `shown` revisions, those of the draft's
    changes against the version it is tracked against; the comments new to the policy, and new
    replies); for the `untracked` changes of the redline from `against` (every change it lists, a
    section added too), who they are credited to; neither, 'no changes from `against`'."""
    parts: list[str] = []
    if shown:
        people = len({r.author for r in shown})
        n = len(shown)
        parts.append(f"{n} tracked change{'s' if n != 1 else ''} by {people} "
                     f"{'person' if people == 1 else 'people'}")
    if untracked:
        n = untracked
        kind = "untracked change" if review is not None or against != "the draft before" else "change"
        parts.append(f"{n} {kind}{'s' if n != 1 else ''} (compared with {against}) "
                     f"credited to {by or 'an unknown author'}")
    if not parts:
        parts.append(f"no changes from {against}")
    if review is not None:
        parts.append(f"{threads} comment{'s' if threads != 1 else ''}" if threads else "no new comments")
        if replies:
            parts.append(f"{replies} new repl{'ies' if replies != 1 else 'y'}")
    return ", ".join(parts)
