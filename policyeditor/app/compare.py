"""The compare job: the redline between two REFs (files, versions of a .policy file)."""

from __future__ import annotations

from policyeditor.app.jobs import Job, quiet
from policyeditor.refs import Loaded, comparable, load_ref

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from policyeditor.diff.blame import ChangeCredit
    from policyeditor.diff.redline import DiffOptions, Redline


def compare_refs(old_ref: str, new_ref: str, options: DiffOptions | None = None,
                 job: Job | None = None) -> tuple[Redline, Loaded, Loaded]:
    """Load both texts and compare them; the redline is labelled with their names."""
    from policyeditor.diff.redline import DEFAULT_OPTIONS, compare

    job = job or quiet()
    job.step(0, 3, f"reading {old_ref}")
    old = load_ref(old_ref)
    job.step(1, 3, f"reading {new_ref}")
    new = load_ref(new_ref)
    job.step(2, 3, "comparing")
    pair = comparable(old, new)
    redline = compare(*pair, options or DEFAULT_OPTIONS, moved=new.moved).with_labels(old.name, new.name)
    redline = redline.with_new_title(new.policy.title)  # a file-name title compared as the old's
    redline = redline.with_source_notes(source_notes(old, new))
    job.step(3, 3, f"{len(redline.changes)} changes")
    return redline, old, new


def source_notes(old: Loaded, new: Loaded) -> list[str]:
    """What two imported Word documents hold beside their text that the redline cannot track: their
    comments, when they differ, and the tracked changes the compare took as accepted."""
    if old.review is None and new.review is None:
        return []
    from policyeditor.diff.word_comments import comment_changes

    notes = [comment_changes(*(side.review.compared() if side.review else () for side in (old, new)))]
    for role, side in (("old", old), ("new", new)):
        count = len(side.review.revisions) if side.review else 0
        if count:
            notes.append(f"the {role} document ({side.name}) holds {count} tracked "
                         f"change{'s' if count != 1 else ''}, compared as accepted")
    return notes


def ref_credits(old_ref: str, new_ref: str, redline: Redline, editor: str = "") -> dict[int, ChangeCredit]:
    """Who made each change of a redline between two texts of one .policy file (blame); {} for others.

    The old text must be a version (FILE.policy@LABEL); the new one a later
    version or the draft, whose edits are credited to `editor` (else the file's
    last named actor).
    """
    from policyeditor.core.errors import VersionNotFoundError
    from policyeditor.refs import POLICY_SUFFIX, split_ref, stored_label

    old_path, old_label = split_ref(old_ref)
    new_path, new_label = split_ref(new_ref)
    if (old_label is None or old_path.suffix.lower() != POLICY_SUFFIX
            or old_path.resolve() != new_path.resolve()):
        return {}
    # only now: two documents compare without the store (the command line starts fast)
    from policyeditor.review.credits import credits_between
    from policyeditor.store.policyfile import PolicyFile
    with PolicyFile.open(old_path, readonly=True) as pf:
        labels = {info.label for info in pf.versions()}
        try:  # '@approved' names the newest approved version here as everywhere
            old_label = stored_label(pf, old_label)
            new_label = stored_label(pf, new_label) if new_label is not None else None
        except VersionNotFoundError:
            return {}
        if old_label not in labels or (new_label is not None and new_label not in labels):
            return {}
        return credits_between(pf, redline, old_label, new_label, editor=editor)
