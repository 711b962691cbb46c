"""The import jobs: a .txt, .md, .docx, .html or .pdf file into a new .policy file, or into a draft."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from policyeditor.app.files import write_into_place
from policyeditor.app.jobs import Job, JobError, quiet
from policyeditor.core.model import Policy
from policyeditor.core.people import person_name
from policyeditor.refs import POLICY_SUFFIX

if TYPE_CHECKING:
    from policyeditor.store.policyfile import PolicyFile


@dataclass(frozen=True)
class Imported:
    policy: Policy
    report: list[str]
    path: Path
    brought: tuple[str, ...] = ()  # what a reviewed Word document brought in (changes, comments)


def import_to_policy(source: Path, out: Path, author: str = "", job: Job | None = None) -> Imported:
    """Import `source` and create the .policy file `out` (which must not exist yet)."""
    from policyeditor.formats.importers import import_document
    from policyeditor.store.policyfile import PolicyFile

    job = job or quiet()
    source, out, author = Path(source), Path(out), person_name(author)
    if out.suffix.lower() != POLICY_SUFFIX:
        raise JobError(f"{out}: the output must be a {POLICY_SUFFIX} file")
    if out.exists():
        raise JobError(f"{out} already exists; choose another name or remove it first")
    if not source.exists():
        raise JobError(f"{source}: no such file")
    job.step(0, 2, f"reading {source.name}")
    result = import_document(source)
    job.step(1, 2, f"writing {out.name}")
    brought: list[str] = []
    if result.review is not None:  # a Word document with tracked changes or comments
        from policyeditor.review.word_import import create_reviewed

        def write(tmp: Path) -> None:
            brought[:] = create_reviewed(tmp, result, author=author, source=source.name)

        write_into_place(out, write, job)
        result.report[:1] = []  # its summary line: told as what was brought in
    else:
        write_into_place(out, lambda tmp: PolicyFile.create(tmp, result.policy, author=author).close(), job)
    job.step(2, 2, f"imported {source.name}")
    return Imported(result.policy, result.report, out, tuple(brought))


@dataclass(frozen=True)
class ImportedInto:
    """What `import_into` did: the new draft, the one-line summary, and the import's notes."""

    policy: Policy
    summary: str
    report: list[str]
    path: Path
    base: str | None  # the version its changes are tracked against


def import_into(source: Path, target: Path, author: str = "", job: Job | None = None,
                pf: PolicyFile | None = None) -> ImportedInto:
    """Make the draft of the .policy file `target` the text of `source` (any importable document).

    Sections keep their ids (the redline aligner pairs them), so the differences
    show as the draft's tracked changes against the version sent, credited to
    whoever made them (see `review.word_import.merge_into`). `pf`, when given, is
    the file already open (the window's); else the file is opened and closed here.
    One transaction: on any error the file stays as it was.
    """
    from policyeditor.formats.importers import import_document
    from policyeditor.review.word_import import merge_into
    from policyeditor.store.policyfile import PolicyFile

    job = job or quiet()
    source, target, author = Path(source), Path(target), person_name(author)
    if target.suffix.lower() != POLICY_SUFFIX:
        raise JobError(f"{target}: --into takes a {POLICY_SUFFIX} file")
    if pf is None and not target.is_file():
        raise JobError(f"{target}: no such file")
    if not source.is_file():
        raise JobError(f"{source}: no such file")
    if source.suffix.lower() == POLICY_SUFFIX:
        raise JobError(f"{source.name} is a policy file; merge a reviewer's copy with Merge Review instead")
    job.step(0, 2, f"reading {source.name}")
    result = import_document(source)
    job.step(1, 2, f"merging into {target.name}")
    own = pf is None
    pf = pf or PolicyFile.open(target)
    try:
        merged = merge_into(pf, result, author=author, source=source.name)
    finally:
        if own:
            pf.close()
    if result.review is not None:
        result.report[:1] = []  # its summary line: told in the merge's summary
    job.step(2, 2, merged.summary)
    return ImportedInto(merged.draft, merged.summary, result.report, target, merged.base)
