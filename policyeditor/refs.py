"""REF: how the command line and the window name a policy text.

`FILE.policy` (the draft), `FILE.policy@LABEL` (a version), `FILE.policy@approved`
(the newest approved or published version), or a plain `.txt/.md/.docx/.html/.pdf`
file, which is imported on the fly.
"""

from __future__ import annotations

from pathlib import Path

from policyeditor.core.errors import PolicyFileError, VersionNotFoundError
from policyeditor.core.model import Policy, Status, Version
from policyeditor.core.records import dataclass, field

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from typing import Any

POLICY_SUFFIX = ".policy"


@dataclass
class Loaded:
    """A policy text named by a REF, and where it came from."""

    policy: Policy
    name: str                     # what to call it in messages and titles
    version: Version | None = None  # None for a draft or an imported file
    report: list[str] = field(default_factory=list)  # what an import could not map
    title_from_file: bool = False  # an imported document with no title of its own: named by its file
    review: Any = None  # an imported Word document's tracked changes and comments (a word_review.WordReview)
    moved: frozenset[str] = frozenset()  # a draft's sections its editors moved (credited with the move)
    policy_id: str = ""  # a .policy file's policy (PolicyFile.policy_id): its DOCX exports name it

    @property
    def status(self) -> Status:
        return self.version.status if self.version else Status.DRAFT

    @property
    def label(self) -> str | None:
        return self.version.label if self.version else None


def split_ref(ref: str) -> tuple[Path, str | None]:
    """`a.policy@2.1` → (a.policy, '2.1'); anything else → (path, None)."""
    head, sep, label = ref.rpartition("@")
    if sep and head.lower().endswith(POLICY_SUFFIX):
        if not label:
            raise VersionNotFoundError(f"{ref}: no version named after the @ (FILE.policy@LABEL)")
        return Path(head), label
    return Path(ref), None


def stored_label(pf, label: str) -> str:  # type: ignore[no-untyped-def]
    """The label of the version `@label` names in the open policy file `pf`: every command's one reading.

    `approved` (in any case) is the newest approved or published version (VersionNotFoundError when
    there is none; no version may be labelled so, store.versions.label_refusal); any
    other label is its own (pf.version says when no version has it).
    """
    from policyeditor.store.versions import LATEST_APPROVED

    if label.casefold() != LATEST_APPROVED:  # as label_refusal reserves it: in any case
        return label
    info = pf.latest_approved()
    if info is None:
        raise VersionNotFoundError(f"{pf.path.name} has no approved version")
    return info.label


def load_ref(ref: str) -> Loaded:
    """Load the policy text a REF names; PolicyError subclasses for a user's mistake."""
    path, label = split_ref(ref)
    if not path.exists():
        raise PolicyFileError(f"{path}: no such file")
    if path.suffix.lower() != POLICY_SUFFIX:
        from policyeditor.formats.importers import import_document  # no store for a plain file

        result = import_document(path)
        return Loaded(result.policy, path.name, report=result.report,
                      title_from_file=result.policy.title == path.stem, review=result.review)
    from policyeditor.store.policyfile import PolicyFile

    with PolicyFile.open(path, readonly=True) as pf:
        if label is None:
            return Loaded(pf.load_draft(), f"{path.name} (draft)", moved=frozenset(pf.load_tracking()[0]),
                          policy_id=pf.policy_id())
        label = stored_label(pf, label)
        version = pf.version(label)
        if version.status.locked:
            from policyeditor.review.verify import standing_problems  # only for an approved version

            if problems := standing_problems(pf, label):
                raise PolicyFileError(
                    f"{path.name}@{label} is marked {version.status.title.lower()}, but the file does not "
                    f"show it so: {problems[0]} (policyeditor info {path.name} --verify)")
        return Loaded(version.policy, f"{path.name}@{label}", version=version, policy_id=pf.policy_id())


def comparable(old: Loaded, new: Loaded) -> tuple[Policy, Policy]:
    """The two policies to redline: titles that are only file names are not compared.

    Two untitled documents (v1.md, v2.md) take their titles from their file names;
    a compare tool does not report a file's name as a change of its text.
    """
    if old.title_from_file and new.title_from_file:
        same_title = new.policy.copy()
        same_title.title = old.policy.title
        return old.policy, same_title
    return old.policy, new.policy
