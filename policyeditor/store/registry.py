"""One open per file per process: the files this process has open, by inode.

On POSIX, closing any descriptor of a file drops every record lock the process
holds on it, SQLite's included ("How To Corrupt An SQLite Database File",
section 2.2). SQLite itself copes with several of its own connections to one
file; what it cannot see is a descriptor we open and close ourselves: reading
the header, taking the write lock. So the first open of a file makes one
`Claim` holding a descriptor for the file's whole stay in this process; later
opens of the same file (same device and inode, under any name) reuse it: the
header is read through it and the write lock is taken on it (`flock`, which is
per descriptor and independent of SQLite's record locks). The descriptor is
closed only when the last PolicyFile on the file has closed its connection.

A second open for writing while one is open for writing is refused
(FileInUseError, as another program's would be); the caller opens read-only.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from policyeditor.core.errors import FileInUseError, PolicyFileError
from policyeditor.store.lock import WriteLock

try:
    import fcntl
except ImportError:  # Windows: no record locks to lose; the side-file lock of lock.py is used
    fcntl = None  # type: ignore[assignment]

_LOCK = threading.Lock()


@dataclass
class _Entry:
    fd: int | None
    users: int = 0
    writer: bool = False
    side_lock: WriteLock | None = None  # Windows


_OPEN: dict[tuple[int, int], _Entry] = {}


class Claim:
    """One PolicyFile's share of the process's hold on a file."""

    def __init__(self, key: tuple[int, int], entry: _Entry, path: Path, writer: bool, first: bool) -> None:
        self.key, self.entry, self.path, self.writer, self.first = key, entry, path, writer, first
        self.released = False

    def header(self, size: int = 100) -> bytes:
        """The first `size` bytes of the file, read through the shared descriptor."""
        if self.entry.fd is None:
            with open(self.path, "rb") as file:
                return file.read(size)
        return os.pread(self.entry.fd, size, 0)

    def release(self) -> None:
        """Give this share up (after its connection is closed); the last one closes the descriptor."""
        with _LOCK:
            if self.released:
                return
            self.released = True
            entry = self.entry
            if self.writer:
                entry.writer = False
                if entry.side_lock is not None:
                    entry.side_lock.release()
                    entry.side_lock = None
                elif entry.fd is not None:
                    fcntl.flock(entry.fd, fcntl.LOCK_UN)
            entry.users -= 1
            if entry.users == 0:
                _OPEN.pop(self.key, None)
                if entry.fd is not None:
                    os.close(entry.fd)


def claim(path: Path, *, writer: bool) -> Claim:
    """Join or start this process's hold on `path`; with `writer`, take the write lock too."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise PolicyFileError(f"{path.name} cannot be read: {exc.strerror or exc}") from exc
    key = (stat.st_dev, stat.st_ino)
    with _LOCK:
        entry = _OPEN.get(key)
        first = entry is None
        if entry is None:
            fd = None
            if fcntl is not None:
                try:
                    fd = os.open(path, os.O_RDONLY)
                except OSError as exc:
                    raise PolicyFileError(f"{path.name} cannot be read: {exc.strerror or exc}") from exc
            entry = _Entry(fd)
        if writer:
            _lock_for_writing(entry, path)
        entry.users += 1
        _OPEN[key] = entry
        return Claim(key, entry, path, writer, first)


def _lock_for_writing(entry: _Entry, path: Path) -> None:
    in_use = FileInUseError(f"{path.name} is in use by another program; open it read-only")
    if entry.writer:
        raise in_use
    try:
        if entry.fd is not None:
            fcntl.flock(entry.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            entry.side_lock = WriteLock(path)
            entry.side_lock.acquire()
    except BlockingIOError:
        if entry.users == 0 and entry.fd is not None:
            os.close(entry.fd)  # nothing of ours is open on the file: closing loses no lock
        raise in_use from None
    except PolicyFileError:
        entry.side_lock = None
        raise
    entry.writer = True


def open_count(path: Path) -> int:
    """How many PolicyFiles of this process have `path` open (for tests and diagnostics)."""
    try:
        stat = os.stat(path)
    except OSError:
        return 0
    entry = _OPEN.get((stat.st_dev, stat.st_ino))
    return entry.users if entry else 0
