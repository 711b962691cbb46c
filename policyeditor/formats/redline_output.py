"""Writing a redline to a file, the kind chosen by the file's suffix: .html, .json or .txt."""

from __future__ import annotations

from pathlib import Path

from policyeditor.core.errors import UnknownFormatError
from policyeditor.diff.redline import Redline
from policyeditor.formats.redline_html import write_redline_html
from policyeditor.formats.redline_json import write_redline_json
from policyeditor.formats.redline_text import render_text, write_redline_text

__all__ = ["REDLINE_SUFFIXES", "write_redline", "render_text"]

_WRITERS = {".html": write_redline_html, ".htm": write_redline_html,
            ".json": write_redline_json, ".txt": write_redline_text}
REDLINE_SUFFIXES = tuple(_WRITERS)


def write_redline(redline: Redline, path: Path) -> None:
    """Write the redline as HTML, JSON or text, by `path`'s suffix.

    Raises UnknownFormatError for any other suffix (.docx until the redline DOCX exists).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        raise UnknownFormatError("redline DOCX is not yet supported; use .html, .json or .txt")
    writer = _WRITERS.get(suffix)
    if writer is None:
        raise UnknownFormatError(
            f"{path.name}: a redline cannot be written as {suffix or 'a file without suffix'}; "
            "use .html, .json or .txt")
    writer(redline, path)
