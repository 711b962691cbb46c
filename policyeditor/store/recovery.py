"""The recovery folder: what each window has open, so a crash loses nothing.

(Not `recover.py`, which salvages a damaged .policy file.) Each window keeps
one entry, `<id>.json`: the .policy file it has open (with its draft while the
file refuses it), or, for an imported document that has no .policy file yet,
its draft as last autosaved. A clean close removes the entry; an entry still
there at the next start means the process that wrote it stopped without
closing: its files are reopened and its drafts offered back.

While its window lives, an entry's `<id>.alive` file is locked (an OS lock, as
`lock.py`'s, so it vanishes with the process): a second instance of the
application running at the same time sees the entry is alive and leaves it alone.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Policy
from policyeditor.store.lock import WriteLock

ENTRY_SUFFIX = ".json"
ALIVE_SUFFIX = ".alive"


@dataclass
class Entry:
    """One window's open work: a .policy file (`path`) or an imported document's draft."""

    id: str
    path: str | None = None          # the .policy file open in the window
    source: str = ""                 # what the draft was imported from (a document's path)
    name: str = ""                   # what the window called it
    draft: Policy | None = None      # the draft not in a .policy file (none, or one refusing it)
    report: list[str] = field(default_factory=list)
    saved_at: str = ""               # when the entry was written (ISO 8601, UTC)

    def to_data(self) -> dict:
        return {"id": self.id, "path": self.path, "source": self.source, "name": self.name,
                "draft": self.draft.to_data() if self.draft is not None else None,
                "report": list(self.report), "saved_at": self.saved_at}

    @classmethod
    def from_data(cls, data: dict) -> Entry:
        draft = data.get("draft")
        return cls(id=str(data["id"]), path=data.get("path"), source=str(data.get("source", "")),
                   name=str(data.get("name", "")),
                   draft=Policy.from_data(draft) if draft is not None else None,
                   report=[str(r) for r in data.get("report", [])], saved_at=str(data.get("saved_at", "")))


class Keeper:
    """One window's entry in the folder: written as the window's work changes, removed on a clean close."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.id = uuid.uuid4().hex
        self._alive: WriteLock | None = None

    @property
    def entry_path(self) -> Path:
        return self.folder / (self.id + ENTRY_SUFFIX)

    def write(self, entry: Entry) -> None:
        """Replace the entry (written beside it, renamed into place: never half-written)."""
        entry.id = self.id
        entry.saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._alive is None:
                alive = self.folder / (self.id + ALIVE_SUFFIX)
                alive.touch()
                lock = WriteLock(alive)
                lock.acquire()
                self._alive = lock
            partial = self.folder / f".{self.id}.part"
            partial.write_text(json.dumps(entry.to_data(), ensure_ascii=False), encoding="utf-8")
            os.replace(partial, self.entry_path)
        except OSError as exc:
            raise PolicyFileError(f"the recovery copy cannot be written in {self.folder}: "
                                  f"{exc.strerror or exc}") from exc

    def clear(self) -> None:
        """Nothing of this window needs recovering (closed cleanly, or nothing open)."""
        _remove(self.entry_path)
        if self._alive is not None:
            self._alive.release()
            self._alive = None
            _remove(self.folder / (self.id + ALIVE_SUFFIX))


def orphans(folder: Path) -> list[Entry]:
    """The entries whose writer stopped without closing cleanly, oldest first.

    An entry whose window still lives (its lock held, by this process or another)
    is left alone; one that cannot be read is removed (nothing can be made of it).
    Each stays in the folder until `forget` (once reopened, restored or discarded),
    so a second crash meanwhile still loses nothing.
    """
    folder = Path(folder)
    found: list[Entry] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*" + ENTRY_SUFFIX), key=lambda p: p.stat().st_mtime):
        alive = folder / (path.stem + ALIVE_SUFFIX)
        if alive.exists():
            lock = WriteLock(alive)
            try:
                lock.acquire()
            except PolicyFileError:  # its window is still open
                continue
            lock.release()
        try:
            found.append(Entry.from_data(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError):
            _remove(path)
            _remove(alive)
    return found


def forget(folder: Path, entry: Entry) -> None:
    """Remove an orphaned entry: it was reopened, restored into a new entry, or discarded."""
    folder = Path(folder)
    _remove(folder / (entry.id + ENTRY_SUFFIX))
    _remove(folder / (entry.id + ALIVE_SUFFIX))


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # held open elsewhere (Windows): it goes with its last user
        pass
