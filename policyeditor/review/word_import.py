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

from datetime import UTC, datetime
from pathlib import Path

from policyeditor.core.body import plain_text
from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Policy
from policyeditor.diff.blame import Attribution
from policyeditor.formats.importers.result import ImportResult
from policyeditor.formats.importers.word_review import ImportedComment, WordReview
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments, initials_of
from policyeditor.store.policyfile import PolicyFile

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
        pf.save_draft(result.policy)
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


def store_comments(comments: Comments, review: WordReview, draft: Policy, original: Policy) -> int:
    """Each placed Word comment as a thread on its words (the draft's, or version 1.0's); how many."""
    stored = 0
    for thread in review.comments:
        if thread.start is None or thread.end is None or thread.section_id is None:
            continue
        policy = original if thread.on_original else draft
        section = policy.find(thread.section_id)
        if section is None:
            continue
        anchor = make_anchor(section.id, plain_text(section.body), thread.start, thread.end)
        root = comments.comment(_name(thread), anchor, thread.body or "(empty comment)",
                                version=FIRST_LABEL if thread.on_original else None,
                                initials=thread.initials or initials_of(_name(thread)),
                                created=word_date(thread.date))
        for reply in thread.replies:
            name = reply.author or "Unknown author"
            comments.reply(root.id, name, reply.body or "(empty reply)",
                           initials=reply.initials or initials_of(name),
                           created=word_date(reply.date))
        if thread.done:
            comments.resolve(root.id, _name(thread))
        stored += 1
    return stored


def _name(thread: ImportedComment) -> str:
    return thread.author or "Unknown author"


def word_attributions(pf: PolicyFile) -> tuple[Attribution, ...]:
    """The Word revisions an import recorded, as blame attributions for the draft's changes."""
    out: list[Attribution] = []
    for entry in pf.audit_log():
        if entry.action != AUDIT_ACTION:
            continue
        for r in entry.payload.get("revisions", []):
            if r.get("section_id") and (r.get("text") or "").strip():
                out.append(Attribution(r["section_id"], "insert" if r.get("inserts", True) else "delete",
                                       r["text"], r.get("author", ""), word_date(r.get("date", "")) or ""))
    return tuple(out)
