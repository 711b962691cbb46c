"""The one place a job writes a file: beside it under a temporary name, renamed into place on success.

So a reader never sees a half-written export, and a cancel, an error or a full
disk leaves the file that was there (or none) exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from policyeditor.app.jobs import Job, JobError
from policyeditor.core.errors import PolicyError
from policyeditor.core.writable import create_new


def temporary_beside(path: Path) -> Path:
    """A name in `path`'s folder that nothing uses, hidden, keeping the suffix (writers pick by it)."""
    return path.with_name(f".{path.stem}.{os.urandom(4).hex()}.part{path.suffix}")


def refuse_folder(path: Path, what: str) -> None:
    """A folder named where a file is to be written: said so (as import says it of a folder to
    read), not read as a file without a suffix."""
    if Path(path).is_dir():
        raise JobError(f"{path}: is a folder; name a file in it to write {what} to")


def write_into_place(path: Path, write: Callable[[Path], None], job: Job) -> Path:
    """Run `write(temporary)`, then rename the temporary file to `path`; returns `path`.

    Any failure removes the temporary file. An OSError (a folder that is missing or
    not writable, a full disk) becomes a JobError of one sentence; a writer that
    makes no file or an empty one (Qt's PDF writer fails without raising) too.
    """
    path = Path(path)
    if not path.parent.is_dir():  # told plainly, before a writer words it its own way
        raise JobError(f"cannot write {path.name} in {path.parent}: that folder does not exist")
    temporary = temporary_beside(path)
    try:
        job.check()
        create_new(temporary, 0o600)  # the refusal told before a writer words it its own way
        temporary.unlink()  # writers make their own file (a .policy file refuses to replace one)
        write(temporary)
        job.check()
        if not temporary.is_file() or temporary.stat().st_size == 0:
            raise JobError(f"cannot write {path.name} in {path.parent}; choose another folder")
        _readable_as_usual(temporary)
        os.replace(temporary, path)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise JobError(f"cannot write {path.name} in {path.parent}: {reason}") from None
    except PolicyError as error:  # a writer names the file it was given: the user knows it by its own
        if temporary.name not in str(error):
            raise
        raise type(error)(str(error).replace(temporary.name, path.name)) from None
    finally:
        temporary.unlink(missing_ok=True)  # gone already after the rename
    return path


def is_same_file(path: Path, other: Path) -> bool:
    """Whether two paths name one file (a link or another spelling of the path counts)."""
    try:
        return os.path.samefile(path, other)
    except OSError:  # one of them does not exist (yet): the same file only by its spelling
        return os.path.abspath(path) == os.path.abspath(other)


def _readable_as_usual(temporary: Path) -> None:
    # a writer may have made it private (mkstemp does); give it the mode a new file gets
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
