"""Copies of the sample privacy policy (resources/samples, the repository's own) to sync."""

from __future__ import annotations

from pathlib import Path

from policyeditor.core.model import Policy
from policyeditor.formats.importers.text import import_text
from policyeditor.store.policyfile import PolicyFile

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "privacy-policy.txt"


def sample_policy() -> Policy:
    return import_text(SAMPLE).policy


def new_copy(path: Path, author: str = "alice") -> Path:
    """A new .policy file of the sample policy with version 1.0 saved."""
    with PolicyFile.create(path, sample_policy(), author=author) as pf:
        pf.save_version(pf.load_draft(), "1.0", author=author)
    return path


def edit_section(path: Path, index: int, text: str) -> str:
    """Append `text` to the body of the `index`-th section of the draft; that section's id."""
    with PolicyFile.open(path) as pf:
        draft = pf.load_draft()
        section = [s for s, _ in draft.walk()][index]
        section.body = (section.body + "\n\n" + text).strip()
        pf.save_draft(draft)
        return section.id


def draft_body(path: Path, section_id: str) -> str:
    with PolicyFile.open(path, readonly=True) as pf:
        found = pf.load_draft().find(section_id)
        assert found is not None
        return found.body



def share(library, path: Path, *members: tuple[str, str]) -> str:  # type: ignore[no-untyped-def]
    """Alice shares the policy of the copy at `path` with each (user, role); the policy id."""
    from policyeditor.library import roles
    from policyeditor.store import reviews

    with PolicyFile.open(path, readonly=True) as pf:
        pid = reviews.policy_id(pf)
    with library.connect("alice") as conn:
        for member, role in members:
            roles.share(conn, pid, member, role)
    return pid


def synced_and_shared(library, path: Path, *members: tuple[str, str]) -> str:  # type: ignore[no-untyped-def]
    """Alice syncs the copy at `path`, then shares it as `share` does; the policy id."""
    from policyeditor.app.library import sync_file

    sync_file(path, library.url("alice"))
    return share(library, path, *members)
