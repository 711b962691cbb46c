"""The library jobs: make a library, sync a copy, pull a policy into a new copy, list the policies,
and the copy's unsettled conflicts, listed and settled (keep mine or take theirs) without a window.

Each opens its own connection from a PostgreSQL URL (the password from the
environment, ~/.pgpass or the keyring, never the URL) and closes it; every
failure is a PolicyError of one sentence (LibraryError, PolicyFileError).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from policyeditor.core.errors import LibraryError, PolicyFileError
from policyeditor.library import catalog, merge3, roles, schema
from policyeditor.library.connection import connect, library_errors
from policyeditor.library.sync import Hook, SyncReport, sync
from policyeditor.store import library_copy
from policyeditor.store.policyfile import PolicyFile


def init_library(url: str) -> int:
    """Create or upgrade the library at `url` (run as the database's owner); migrations applied."""
    with connect(url) as conn, library_errors():
        return schema.init_library(conn)


def sync_file(path: Path, url: str, *, actor: str = "", password: str | None = None,
              hook: Hook | None = None) -> SyncReport:
    """Sync the .policy file at `path` with the library at `url`."""
    with PolicyFile.open(Path(path)) as pf, connect(url, password=password) as conn:
        return sync(pf, conn, actor=actor, hook=hook)


def pull(url: str, policy: str, out: Path, *, actor: str = "", password: str | None = None,
         hook: Hook | None = None) -> tuple[catalog.Entry, SyncReport]:
    """Make `out`, a new offline copy of the library policy named by id or title `policy`."""
    out = Path(out)
    with connect(url, password=password) as conn:
        schema.check_version(conn)
        entry = catalog.find(conn, policy)
        pf = library_copy.create_copy(out, entry.id, entry.title, author=actor or conn.info.user)
        try:
            report = sync(pf, conn, actor=actor, hook=hook)
        except BaseException:
            pf.close()
            out.unlink(missing_ok=True)  # a copy that never got its contents is no copy
            raise
        pf.close()
    return entry, report


def list_library(url: str, *, search: str = "", password: str | None = None) -> list[catalog.Entry]:
    """The policies at `url` the user may see."""
    with connect(url, password=password) as conn:
        schema.check_version(conn)
        return catalog.list_policies(conn, search=search)


def set_review(url: str, policy: str, *, due_on: date | None = None, months: int | None = None,
               owner: str | None = None, password: str | None = None) -> catalog.Entry:
    """Change the review date, review cycle or owner of the library policy named by id or title
    `policy`; its entry as the library now lists it."""
    with connect(url, password=password) as conn:
        schema.check_version(conn)
        entry = catalog.find(conn, policy)
        catalog.set_review(conn, entry.id, due_on=due_on, months=months, owner=owner)
        return catalog.find(conn, entry.id)


def share(url: str, policy: str, member: str, role: str | None, *,
          password: str | None = None) -> catalog.Entry:
    """Give the library user `member` the role `role` in the policy named by id or title `policy`
    (None: take it away from them); only its owner may. The policy's entry."""
    with connect(url, password=password) as conn:
        schema.check_version(conn)
        entry = catalog.find(conn, policy)
        if roles.role_in(conn, entry.id) != "owner":
            raise LibraryError(f"only the owner of '{entry.title}' ({entry.owner}) may share it")
        if role is not None:
            roles.share(conn, entry.id, member, role)
        elif not roles.unshare(conn, entry.id, member):
            raise LibraryError(f"'{entry.title}' is not shared with {member}")
        return entry


def due_soon(url: str, *, days: int = catalog.DUE_SOON_DAYS) -> list[catalog.Entry]:
    """The policies at `url` due for review within `days`."""
    with connect(url) as conn:
        schema.check_version(conn)
        return catalog.due(conn, days=days)


def copy_name(entry: catalog.Entry) -> str:
    """The file name of a new offline copy: its title, made safe for any file system, and its id."""
    safe = "".join(c if c.isalnum() or c in " -_" else " " for c in entry.title).split()
    return f"{' '.join(safe)[:60] or 'Policy'} {entry.id[:8]}.policy"


def copy_of(path: Path, policy_id: str) -> bool:
    """Whether `path` is an offline copy of the library policy `policy_id` (a file that opens)."""
    from policyeditor.store import reviews

    if not Path(path).is_file():
        return False
    try:
        with PolicyFile.open(Path(path), readonly=True) as pf:
            return reviews.policy_id(pf) == policy_id
    except Exception:  # unreadable: not a copy to refresh, a new one is made beside it
        return False


def open_copy(url: str, entry: catalog.Entry, folder: Path, known: Path | None = None, *,
              actor: str = "", password: str | None = None,
              hook: Hook | None = None) -> tuple[Path, SyncReport]:
    """Refresh the offline copy `known` of `entry` (sync it), or make one in `folder` (pull); its path."""
    if known is not None and copy_of(known, entry.id):
        return Path(known), sync_file(known, url, actor=actor, password=password, hook=hook)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / copy_name(entry)
    number = 2
    while out.exists():
        if copy_of(out, entry.id):
            return out, sync_file(out, url, actor=actor, password=password, hook=hook)
        out = folder / f"{out.stem.rsplit(' (', 1)[0]} ({number}).policy"
        number += 1
    _, report = pull(url, entry.id, out, actor=actor, password=password, hook=hook)
    return out, report


@dataclass(frozen=True)
class Pending:
    """An unsettled conflict of a copy, as the command line names it."""

    conflict: merge3.Conflict
    number: str  # the section's number in the draft, else in the library's draft ('' for the title)
    name: str  # "§5 USE OF COOKIES"
    what: str  # "deleted here, edited in the library"

    def to_data(self) -> dict[str, str]:
        return {"section_id": self.conflict.section_id, "kind": self.conflict.kind, "number": self.number,
                "name": self.name, "what": self.what}


def pending_conflicts(pf: PolicyFile) -> list[Pending]:
    """The copy's unsettled library conflicts, each named by its number and heading."""
    records = library_copy.conflict_records(pf)
    if not records:
        return []
    sides = [pf.load_draft(), *([base] if (base := library_copy.base_draft(pf)) is not None else [])]
    found = []
    for record in records:
        conflict = merge3.Conflict.from_data(record)
        found.append(Pending(conflict, merge3.number_of(conflict, *sides), merge3.name_of(conflict, *sides),
                             merge3.what_clashed(conflict)))
    return found


def written_answer(path: Path) -> merge3.Side:
    """A conflict's answer written in a text file: its first line the section's heading (a Markdown
    heading's #s left out), the lines after it the section's text, as the window's editor shows it."""
    from policyeditor.core.body import canonical
    from policyeditor.formats.importers.result import read_text

    text, _ = read_text(Path(path))
    heading, _, body = text.strip().partition("\n")
    if not heading.strip():
        raise PolicyFileError(f"{Path(path).name} is empty: write the section's heading on its first line "
                              "and its text below")
    return merge3.Side(heading.strip().lstrip("#").strip(), canonical(body.strip()))


def settle_conflicts(path: Path, section: str, choice: str, *, actor: str = "",
                     edited: merge3.Side | None = None) -> list[Pending]:
    """Settle the copy's conflicts on `section` (its number as listed, "§5" or "5", its id, or
    "title") by `choice` (merge3.MINE, merge3.THEIRS, or merge3.EDITED with the text written as
    `edited`), as the window's Keep Mine, Take Theirs and Use My Edit do: the draft changed by
    `merge3.settle` and the conflict recorded settled; the next sync sends the draft. The
    conflicts settled."""
    wanted = section.strip().removeprefix("§").strip()
    with PolicyFile.open(Path(path)) as pf:
        pending = pending_conflicts(pf)
        chosen = [p for p in pending if wanted and wanted in (
            p.number, p.conflict.section_id, "title" if p.conflict.section_id == merge3.TITLE else None)]
        if not chosen:
            listed = "; ".join(f"{p.name} ({p.what})" for p in pending)
            raise PolicyFileError(f"{Path(path).name} has no conflict on {section}"
                                  + (f"; its conflicts: {listed}" if listed else "; it has none"))
        draft = pf.load_draft()
        for p in chosen:
            draft = merge3.settle(draft, p.conflict, choice, edited)
        for p in chosen:
            library_copy.settle_conflict(pf, p.conflict.section_id, actor=actor, kind=p.conflict.kind,
                                         settled=draft)
    return chosen
