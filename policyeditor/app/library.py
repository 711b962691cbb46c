"""The library jobs: make a library, sync a copy, pull a policy into a new copy, list the policies.

Each opens its own connection from a PostgreSQL URL (the password from the
environment, ~/.pgpass or the keyring, never the URL) and closes it; every
failure is a PolicyError of one sentence (LibraryError, PolicyFileError).
"""

from __future__ import annotations

from pathlib import Path

from policyeditor.library import catalog, schema
from policyeditor.library.connection import connect, library_errors
from policyeditor.library.sync import SyncReport, sync
from policyeditor.store import library_copy
from policyeditor.store.policyfile import PolicyFile


def init_library(url: str) -> int:
    """Create or upgrade the library at `url` (run as the database's owner); migrations applied."""
    with connect(url) as conn, library_errors():
        return schema.init_library(conn)


def sync_file(path: Path, url: str, *, actor: str = "") -> SyncReport:
    """Sync the .policy file at `path` with the library at `url`."""
    with PolicyFile.open(Path(path)) as pf, connect(url) as conn:
        return sync(pf, conn, actor=actor)


def pull(url: str, policy: str, out: Path, *, actor: str = "") -> tuple[catalog.Entry, SyncReport]:
    """Make `out`, a new offline copy of the library policy named by id or title `policy`."""
    out = Path(out)
    with connect(url) as conn:
        schema.check_version(conn)
        entry = catalog.find(conn, policy)
        pf = library_copy.create_copy(out, entry.id, entry.title, author=actor or conn.info.user)
        try:
            report = sync(pf, conn, actor=actor)
        except BaseException:
            pf.close()
            out.unlink(missing_ok=True)  # a copy that never got its contents is no copy
            raise
        pf.close()
    return entry, report


def list_library(url: str, *, search: str = "") -> list[catalog.Entry]:
    """The policies at `url` the user may see."""
    with connect(url) as conn:
        schema.check_version(conn)
        return catalog.list_policies(conn, search=search)


def due_soon(url: str, *, days: int = catalog.DUE_SOON_DAYS) -> list[catalog.Entry]:
    """The policies at `url` due for review within `days`."""
    with connect(url) as conn:
        schema.check_version(conn)
        return catalog.due(conn, days=days)
