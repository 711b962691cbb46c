"""SQLite's failures told in the package's words: one sentence naming the file.

A file whose header is ours but whose pages or rows SQLite cannot read, or
whose rows contradict each other, is damaged, and the sentence points at
`policyeditor recover`. Integrity errors (a trigger refusing a change) are the
program's bugs, not the file's, and are kept as they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from policyeditor.core.errors import FileInUseError, PolicyFileError
from policyeditor.core.writable import marked_writable


class Inconsistent(sqlite3.DatabaseError):
    """Rows SQLite could read but that contradict each other (a text a version lists is gone)."""


def not_ours(path: Path) -> PolicyFileError:
    return PolicyFileError(f"{path.name} is damaged or not a policy file")


def damaged(path: Path) -> PolicyFileError:
    """A policy file whose header is ours but whose pages SQLite cannot read: point at recovery."""
    return PolicyFileError(f"{path.name} is damaged; try `policyeditor recover {path.name} -o NEW.policy` "
                           "to save what can still be read into a new file")


def read_only_reason(path: Path) -> str:
    """Which refuses the write, the file or its folder (SQLite says only "readonly database")."""
    try:
        if not marked_writable(path.parent):  # no journal can be made beside the file
            return "its folder is read-only"
        if not marked_writable(path):
            return "the file is read-only"
    except OSError:
        pass
    return "the file is read-only here"


@contextmanager
def told(path: Path) -> Iterator[None]:
    """Turn an SQLite failure inside the block into one PolicyFileError about `path`."""
    try:
        yield
    except sqlite3.IntegrityError:
        raise
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):  # only our query budget interrupts (store/defences.py)
            raise PolicyFileError(f"{path.name} is damaged or hostile: one query took longer than any "
                                  "policy file needs and was stopped") from exc
        if "locked" in str(exc) or "busy" in str(exc):
            raise FileInUseError(
                f"{path.name} is in use by another program; try again in a moment") from exc
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise PolicyFileError(f"{path.name} cannot be written: {read_only_reason(path)}") from exc
        if "full" in str(exc) or "disk I/O" in str(exc):
            # the transaction rolled back: the file holds the last save, the draft is in memory
            raise PolicyFileError(
                f"{path.name} cannot be saved: the disk is full or failing; "
                "free some space and save again") from exc
        raise damaged(path) from exc
    except sqlite3.DatabaseError as exc:
        raise damaged(path) from exc
