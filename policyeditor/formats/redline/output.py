"""Writing a redline to a file, the kind chosen by the file's suffix: .html, .json, .txt or .docx.

A .docx is the redline with Word's own tracked changes; the static blackline
(coloured runs, no revision marks, a change-summary page first) is asked for with
`style="blackline"` or a name ending in `.blackline.docx`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from policyeditor.core.errors import UnknownFormatError
from policyeditor.diff.redline import Redline
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.redline.html import write_redline_html
from policyeditor.formats.redline.json import write_redline_json
from policyeditor.formats.redline.text import render_text, write_redline_text

__all__ = ["REDLINE_SUFFIXES", "REDLINE_STYLES", "write_redline", "render_text", "is_blackline"]

_WRITERS = {".html": write_redline_html, ".htm": write_redline_html,
            ".json": write_redline_json, ".txt": write_redline_text}
REDLINE_SUFFIXES = (*_WRITERS, ".docx")
REDLINE_STYLES = ("tracked", "blackline")
BLACKLINE_SUFFIX = ".blackline.docx"


def is_blackline(path: Path, style: str = "tracked") -> bool:
    """Whether a .docx redline at `path` is the blackline: by `style` or by its name."""
    return style == "blackline" or Path(path).name.lower().endswith(BLACKLINE_SUFFIX)


def write_redline(redline: Redline, path: Path, *, style: str = "tracked",
                  old_info: ExportInfo | None = None, new_info: ExportInfo | None = None,
                  comments: Sequence = ()) -> None:
    """Write the redline as HTML, JSON, text or DOCX, by `path`'s suffix.

    For .docx, `style` "tracked" (the default) writes Word tracked changes with
    `comments` (`redline_docx.DocxComment`) as Word comments, "blackline" the static
    blackline; a name ending in .blackline.docx also asks for the blackline.
    `old_info` / `new_info` describe the two versions in a DOCX title block.
    Raises UnknownFormatError for any other suffix or style.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if style not in REDLINE_STYLES:
        raise UnknownFormatError(f"a redline style is {' or '.join(REDLINE_STYLES)}, not {style!r}")
    if suffix == ".docx":
        if is_blackline(path, style):
            from policyeditor.formats.redline.blackline import export_blackline_docx

            export_blackline_docx(redline, path, old_info, new_info)
        else:
            from policyeditor.formats.redline.docx import export_redline_docx

            export_redline_docx(redline, path, old_info, new_info, comments=comments)
        return
    writer = _WRITERS.get(suffix)
    if writer is None:
        raise UnknownFormatError(
            f"{path.name}: a redline cannot be written as {suffix or 'a file without suffix'}; "
            "use .html, .docx, .json or .txt")
    writer(redline, path)
