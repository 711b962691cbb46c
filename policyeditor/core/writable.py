"""Where we may write: the one rule for a folder or file the user marked read-only.

The write bits count even for an administrator, who could write anyway: a file or
folder someone marked read-only is one they meant to keep as it is.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def marked_writable(path: Path) -> bool:
    """Whether we may write `path`: permitted, and not marked read-only by its owner."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def create_new(path: Path, mode: int) -> None:
    """Make `path` empty where nothing is, or raise the OSError that says why it cannot be.

    Writers refused tell it their own way, or not at all (SQLite's "unable to open database
    file"; Qt's PDF writer a warning for every stroke it then paints), so a file is made
    here first. A folder marked read-only refuses it, as `marked_writable` has it.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
    if not marked_writable(path.parent):
        path.unlink()
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path.parent))
