"""The compare job: the redline between two REFs (files, versions of a .policy file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyeditor.app.jobs import Job, quiet
from policyeditor.refs import Loaded, comparable, load_ref

if TYPE_CHECKING:
    from policyeditor.diff.redline import DiffOptions, Redline


def compare_refs(old_ref: str, new_ref: str, options: DiffOptions | None = None,
                 job: Job | None = None) -> tuple[Redline, Loaded, Loaded]:
    """Load both texts and compare them; the redline is labelled with their names."""
    from policyeditor.diff.redline import compare

    job = job or quiet()
    job.step(0, 3, f"reading {old_ref}")
    old = load_ref(old_ref)
    job.step(1, 3, f"reading {new_ref}")
    new = load_ref(new_ref)
    job.step(2, 3, "comparing")
    pair = comparable(old, new)
    redline = (compare(*pair, options) if options else compare(*pair)).with_labels(old.name, new.name)
    job.step(3, 3, f"{len(redline.changes)} changes")
    return redline, old, new
