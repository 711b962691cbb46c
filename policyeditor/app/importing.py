"""The import job: a .txt, .md, .docx or .html file into a new .policy file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policyeditor.app.files import write_into_place
from policyeditor.app.jobs import Job, JobError, quiet
from policyeditor.core.model import Policy
from policyeditor.refs import POLICY_SUFFIX


@dataclass(frozen=True)
class Imported:
    policy: Policy
    report: list[str]
    path: Path


def import_to_policy(source: Path, out: Path, author: str = "", job: Job | None = None) -> Imported:
    """Import `source` and create the .policy file `out` (which must not exist yet)."""
    from policyeditor.formats.importers import import_document
    from policyeditor.store.policyfile import PolicyFile

    job = job or quiet()
    source, out = Path(source), Path(out)
    if out.suffix.lower() != POLICY_SUFFIX:
        raise JobError(f"{out}: the output must be a {POLICY_SUFFIX} file")
    if out.exists():
        raise JobError(f"{out} already exists; choose another name or remove it first")
    if not source.exists():
        raise JobError(f"{source}: no such file")
    job.step(0, 2, f"reading {source.name}")
    result = import_document(source)
    job.step(1, 2, f"writing {out.name}")
    write_into_place(out, lambda tmp: PolicyFile.create(tmp, result.policy, author=author).close(), job)
    job.step(2, 2, f"imported {source.name}")
    return Imported(result.policy, result.report, out)
