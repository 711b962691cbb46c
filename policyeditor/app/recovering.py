"""The recover job: what can be read of a damaged .policy file, into a new one."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from policyeditor.app.files import write_into_place
from policyeditor.app.jobs import Job, JobError, quiet
from policyeditor.refs import POLICY_SUFFIX

if TYPE_CHECKING:
    from policyeditor.store.recover import RecoveryReport


def recover_copy(damaged: Path, out: Path, job: Job | None = None) -> RecoveryReport:
    """Recover `damaged` (only read) into the new file `out`; the report says what was kept."""
    from policyeditor.store.recover import recover

    job = job or quiet()
    damaged, out = Path(damaged), Path(out)
    if out.suffix.lower() != POLICY_SUFFIX:
        raise JobError(f"{out}: the output must be a {POLICY_SUFFIX} file")
    if out.exists():  # checked here too: the temporary name never exists
        raise JobError(f"{out.name} already exists; choose another name")
    if out.resolve() == damaged.resolve():
        raise JobError("recover into a new file, not over the damaged one")
    job.step(0, 1, f"recovering {damaged.name}")
    reports = []
    write_into_place(out, lambda tmp: reports.append(recover(damaged, tmp)), job)
    job.step(1, 1, f"recovered into {out.name}")
    return dataclasses.replace(reports[0], out=out)  # it was written under the temporary name
