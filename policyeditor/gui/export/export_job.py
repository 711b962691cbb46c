"""One export the window asked for: what to write, and the work that writes it (run in a worker).

The request is made on the UI thread (versions are read from the policy file
there, which is quick); `run_export` then only computes and writes files, so it
runs in `jobs.start` while the dialog shows progress. A failure a person can
cause (a folder that does not exist or cannot be written) comes out as a
PolicyError with one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Policy
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.gui.style.theme import RedlineColours

KINDS = ("docx", "html", "pdf")


@dataclass(frozen=True)
class ExportRequest:
    """Export `policy` as `kind` to `path`; with a `base`, the redline from `base` to `policy` instead.

    `toc`: a table of contents in a clean DOCX. A DOCX redline is Word's tracked changes
    (`style` "tracked", with `comments`, `redline_docx.DocxComment`, as Word comments) or
    the static blackline (`style` "blackline"); `colours` mark the blackline's and the
    redline PDF's changes.
    """

    kind: str
    policy: Policy
    info: ExportInfo
    path: Path
    name: str = ""
    base: Policy | None = None
    base_info: ExportInfo | None = None
    base_name: str = ""
    comments: Sequence = ()
    toc: bool = True
    style: str = "tracked"
    colours: RedlineColours = RedlineColours()

    @property
    def redline(self) -> bool:
        return self.base is not None


def run_export(request: ExportRequest) -> Path:
    """Write the export; returns its path. PolicyError (one sentence) when it cannot be written."""
    path = request.path
    try:
        if request.redline:
            _write_redline(request)
        elif request.kind == "docx":
            from policyeditor.formats.exporters.docx import export_docx

            export_docx(request.policy, path, request.info, toc=request.toc)
        elif request.kind == "html":
            from policyeditor.formats.exporters.html import export_html

            export_html(request.policy, path, request.info)
        elif request.kind == "pdf":
            from policyeditor.gui.pdf_export import export_pdf

            export_pdf(request.policy, path, request.info)
        else:
            raise PolicyError(f"cannot export to {request.kind}; choose DOCX, HTML or PDF")
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise PolicyError(f"cannot write {path.name} in {path.parent}: {reason}") from error
    if not path.is_file() or path.stat().st_size == 0:  # Qt's PDF writer fails without raising
        raise PolicyError(f"cannot write {path.name} in {path.parent}; choose another folder")
    return path


def _write_redline(request: ExportRequest) -> None:
    from policyeditor.diff.redline import compare

    assert request.base is not None
    redline = compare(request.base, request.policy).with_labels(request.base_name, request.name)
    if request.kind == "pdf":
        from policyeditor.gui.redline_pdf import export_redline_pdf

        export_redline_pdf(redline, request.path, request.colours)
        return
    if request.kind == "docx" and request.style == "blackline":
        from policyeditor.formats.redline.blackline import export_blackline_docx

        # called directly: write_redline has no colours to pass on
        export_blackline_docx(redline, request.path, request.base_info, request.info,
                              colors=request.colours.blackline())
        return
    from policyeditor.formats.redline.output import write_redline

    write_redline(redline, request.path, old_info=request.base_info, new_info=request.info,
                  comments=request.comments if request.kind == "docx" else ())
