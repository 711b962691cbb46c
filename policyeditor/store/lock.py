"""The "in use" lock: one process at a time may have a .policy file open for writing.

An OS advisory lock, so it vanishes with the process that held it (a crash
leaves no stale lock behind). On POSIX it is `flock` on the .policy file
itself, which leaves the folder untouched; `flock` locks are independent of the
POSIX record locks SQLite takes, so the two do not interfere. On Windows
`msvcrt.locking` is mandatory and would block SQLite's own reads of the file,
so it locks a side file `<name>.lock` instead.

Constraint (POSIX): closing any descriptor of a file drops the SQLite record
locks this process holds on it, so the lock is released only after the
connection that uses the file is closed.
"""

from __future__ import annotations

import os
from pathlib import Path

from policyeditor.core.errors import FileInUseError, PolicyFileError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class WriteLock:
    """An exclusive, non-blocking lock that marks `path` as open for writing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._side_file: Path | None = None

    def acquire(self) -> None:
        """Take the lock, or raise FileInUseError when another program holds it."""
        in_use = FileInUseError(f"{self.path.name} is in use by another program; open it read-only")
        try:
            if fcntl is not None:
                self._fd = os.open(self.path, os.O_RDONLY)
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    self._close()
                    raise in_use from None
            else:
                self._side_file = self.path.with_name(self.path.name + ".lock")
                self._fd = os.open(self._side_file, os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    msvcrt.locking(self._fd, msvcrt.LK_NBLCK, 1)
                except OSError:
                    self._close()
                    raise in_use from None
        except OSError as exc:
            raise PolicyFileError(f"{self.path.name} cannot be locked for writing: {exc.strerror}") from exc

    def release(self) -> None:
        """Give the lock up; harmless when not held."""
        if self._fd is None:
            return
        if fcntl is None:
            try:
                os.lseek(self._fd, 0, os.SEEK_SET)
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
        self._close()
        if self._side_file is not None:
            try:
                self._side_file.unlink()
            except OSError:  # another process took it over meanwhile, or it is gone
                pass

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
