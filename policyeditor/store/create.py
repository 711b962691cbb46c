"""Making a new .policy file: built beside its final name, linked into place only when complete.

So no half-made file is ever seen under that name, and an existing file is
never overwritten. `PolicyFile.create` and `recover` both make their files here.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

from policyeditor import __version__
from policyeditor.core.errors import PolicyFileError
from policyeditor.core.writable import create_new
from policyeditor.store import clock, schema
from policyeditor.store.audit import GENESIS
from policyeditor.store.open import connect


def refuse_existing(path: Path) -> None:
    """PolicyFileError when `path` exists: a new file never replaces one."""
    if path.exists():
        raise PolicyFileError(f"{path.name} already exists; choose another name")


def build_new_file(path: Path, fill: Callable[[sqlite3.Connection], None], *, verb: str) -> None:
    """Make a new .policy file at `path`: the schema, then `fill(conn)`, in one transaction.

    The file is built beside its final name and linked into place only when
    complete, so no half-made file is ever seen under that name, and an existing
    file is never overwritten. Failures (a read-only folder, a full disk) raise
    PolicyFileError("cannot <verb> <name>: <reason>") and leave nothing behind.
    """
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        create_new(temp, 0o644)  # for SQLite to fill: a refusal says why (SQLite's does not)
        conn = connect(temp, readonly=False, create=True)
        try:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE")
            schema.migrate(conn, 0)
            fill(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()
        try:
            os.link(temp, path)  # fails if `path` appeared meanwhile: never overwrites
        except FileExistsError:
            raise PolicyFileError(f"{path.name} already exists; choose another name") from None
        except OSError:  # a file system without hard links
            if path.exists():
                raise PolicyFileError(f"{path.name} already exists; choose another name") from None
            os.replace(temp, path)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PolicyFileError(f"cannot {verb} {path.name}: {reason}") from exc
    finally:
        temp.unlink(missing_ok=True)


def new_policy_file(path: Path) -> None:
    """Make an empty .policy file at `path` (the schema, its draft an untitled policy, no history).

    Its meta says which program made it and when, starts the audit chain, and
    gives the policy the id that identifies it across copies, so a review is
    merged only into its own policy.
    """
    if not path.parent.is_dir():
        raise PolicyFileError(f"cannot create {path.name}: folder {path.parent} does not exist")

    def fill(conn: sqlite3.Connection) -> None:
        meta = {"created_with": f"policyeditor {__version__}", "created": clock.now(),
                "audit_head": GENESIS, "policy_id": uuid.uuid4().hex}
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())

    build_new_file(path, fill, verb="create")
