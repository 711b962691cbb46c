"""A version's status against its audited changes: verify's status check, in a module of its own.

The workflow holds every move to it (a status edited with another SQLite tool is not moved
on over), and `review.verify` runs it with the rest; it lives apart because verify reads the
workflow's rules (through signature_checks), and two modules never import each other.
"""

from __future__ import annotations

from policyeditor.core.model import Status
from policyeditor.store.audit import AuditEntry
from policyeditor.store.policyfile import PolicyFile


def status_problems(pf: PolicyFile, entries: list[AuditEntry], only: str | None = None) -> list[str]:
    """Each version's (or version `only`'s) status against the one its last audited status change gave it."""
    audited: dict[str, str] = {}
    for entry in entries:
        if entry.action == "version.saved":
            audited[entry.subject] = entry.payload.get("status", Status.DRAFT.value)
        elif entry.action == "version.status":
            audited[entry.subject] = entry.payload.get("to", "")
    problems = []
    for info in pf.versions():
        if only is not None and info.label != only:
            continue
        said = audited.get(info.label)
        if said != info.status.value:
            problems.append(f"version {info.label} is marked {info.status.title.lower()} but the audit "
                            f"log says {(said or 'nothing').replace('_', ' ')}: its status was edited")
    return problems
