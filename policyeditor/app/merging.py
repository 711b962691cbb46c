"""The merge job: a reviewer's copy of a .policy file, merged back into the original."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from policyeditor.app.jobs import Job, JobError, quiet

if TYPE_CHECKING:
    from policyeditor.review.merge import MergeReport
    from policyeditor.store.policyfile import PolicyFile


def merge_copy(pf: PolicyFile, copy_path: Path, actor: str, job: Job | None = None) -> MergeReport:
    """Merge the reviewer's copy at `copy_path` into the open `pf` (one transaction in the file)."""
    from policyeditor.review.merge import merge_review

    job = job or quiet()
    copy_path = Path(copy_path)
    if not copy_path.is_file():
        raise JobError(f"{copy_path}: no such file")
    job.step(0, 1, f"merging {copy_path.name}")
    report = merge_review(pf, copy_path, actor=actor)
    job.step(1, 1, f"merged {copy_path.name}")
    return report
