"""Write a python-docx document to a file: the one way every DOCX export saves."""

from __future__ import annotations

import io
from pathlib import Path

from docx.document import Document


def save(document: Document, path: Path | str) -> None:
    """Save `document` as `path`, through memory.

    python-docx writes its zip straight to the file and, when a write fails (a full disk),
    leaves the zip open: collected later, it fails again and prints a traceback after the
    command's one-line message. Built in memory, the file is written in one go, and a
    failure is one OSError for the caller (which removes its part file).
    """
    buffer = io.BytesIO()
    document.save(buffer)
    Path(path).write_bytes(buffer.getvalue())
