"""The one export dispatcher, for the command line and the window: every format, clean or redline.

Clean: DOCX, HTML, PDF. Redline: DOCX (Word tracked changes, with comments), the
static blackline DOCX, HTML, JSON, TXT and PDF. A request carries either an
already computed redline or the two texts to compute it from, plus the options
(redline colours, author, comments, table of contents). Every file is written
through `files.write_into_place`, so no half-written file is ever left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from policyeditor.app.files import is_same_file, refuse_folder, write_into_place
from policyeditor.app.jobs import Job, JobError, quiet
from policyeditor.core.errors import UnknownFormatError
from policyeditor.core.model import Status
from policyeditor.core.records import dataclass, field, replace
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.redline.colours import RedlineColours

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    from policyeditor.core.model import Policy
    from policyeditor.diff.blame import ChangeCredit, Step
    from policyeditor.diff.redline import Redline

CLEAN_KINDS = ("docx", "html", "pdf")
REDLINE_KINDS = ("docx", "html", "pdf", "json", "txt")
REDLINE_STYLES = ("tracked", "blackline")
BLACKLINE_SUFFIX = ".blackline.docx"
KINDS = CLEAN_KINDS  # what the window offers


@dataclass(frozen=True)
class ExportRequest:
    """Export `policy` as `kind` to `path`; with a `base` (or a computed `redline`), the redline instead.

    `kind` defaults to the path's suffix. `toc`: a table of contents in a clean
    DOCX. A DOCX redline is Word's tracked changes (`style` "tracked", with
    `comments`, `redline.docx.DocxComment`, as Word comments; a name ending in
    .blackline.docx asks for the blackline too) or the static blackline (`style`
    "blackline"); `colours` mark the blackline's and the redline PDF's changes.
    `author` signs an unsaved draft's revisions when its `info` names nobody.
    """

    kind: str
    policy: Policy | None
    info: ExportInfo | None
    path: Path
    name: str = ""
    base: Policy | None = None
    base_info: ExportInfo | None = None
    base_name: str = ""
    comments: Sequence = ()
    toc: bool = True
    style: str = "tracked"
    colours: RedlineColours = field(default_factory=RedlineColours)
    redline: Redline | None = None
    author: str = ""
    credits: Mapping[int, ChangeCredit] | None = None  # who made each change (diff.blame), by change id
    sources: Sequence[Path] = ()  # the files the export was read from: never written over
    # or the chain of texts to blame the redline through (review.credits.chain), in the job's worker
    steps: Sequence[Step] = ()
    moved: frozenset[str] = frozenset()  # the sections of `policy` its editors moved (diff.redline.compare)

    @property
    def is_redline(self) -> bool:
        return self.base is not None or self.redline is not None


def kind_of(path: Path) -> str:
    """The export kind a file name asks for: its suffix without the dot (.htm is html)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return "html" if suffix == "htm" else suffix


def is_blackline(path: Path, style: str = "tracked") -> bool:
    """Whether a .docx redline at `path` is the blackline: by `style` or by its name."""
    return style == "blackline" or Path(path).name.lower().endswith(BLACKLINE_SUFFIX)


def export(request: ExportRequest, job: Job | None = None) -> Path:
    """Write the export the request asks for; returns its path.

    Steps: check the request, compute the redline when it is not given, write.
    JobError (one sentence) when it cannot be written; Cancelled when `job` is
    cancelled; in both cases the file at `request.path` is as it was.
    """
    job = job or quiet()
    request = _checked(request)
    job.step(0, 3, f"preparing {request.path.name}")
    redline = _redline(request) if request.is_redline else None
    job.step(1, 3, f"writing {request.path.name}")
    if redline is not None:
        write_into_place(request.path, lambda tmp: _write_redline(request, redline, tmp), job)
    else:
        write_into_place(request.path, lambda tmp: _write_clean(request, tmp), job)
    job.step(3, 3, f"wrote {request.path.name}")
    return request.path


def _checked(request: ExportRequest) -> ExportRequest:
    refuse_folder(request.path, "the redline" if request.is_redline else "the export")
    kind = (request.kind or kind_of(request.path)).lower()
    kinds = REDLINE_KINDS if request.is_redline else CLEAN_KINDS
    if kind not in kinds:
        what = "a redline" if request.is_redline else "a policy"
        choices = ", ".join("." + k for k in kinds)
        raise UnknownFormatError(f"{request.path.name}: cannot export {what} to "
                                 f"{kind or 'a file without suffix'}; use {choices}")
    if request.style not in REDLINE_STYLES:
        raise UnknownFormatError(f"a redline style is {' or '.join(REDLINE_STYLES)}, not {request.style!r}")
    if request.is_redline and is_blackline(request.path, request.style) and kind != "docx":
        raise JobError(f"{request.path.name}: a blackline is a .docx file")
    if request.redline is None and request.policy is None:
        raise JobError("there is no text to export")
    if any(is_same_file(request.path, source) for source in request.sources):
        what = "compared" if request.is_redline else "exported"
        raise JobError(f"{request.path.name} is the document being {what}; write it to another name")
    info = request.info or ExportInfo(None, Status.DRAFT)
    if request.author and not info.author:
        info = replace(info, author=request.author)
    return replace(request, kind=kind, info=info)


def _redline(request: ExportRequest) -> Redline:
    if request.redline is not None:
        return request.redline
    from policyeditor.diff.redline import compare

    assert request.base is not None and request.policy is not None
    return compare(request.base, request.policy, moved=request.moved).with_labels(request.base_name,
                                                                                request.name)


def _write_clean(request: ExportRequest, path: Path) -> None:
    if request.kind == "docx":
        from policyeditor.formats.exporters.docx import export_docx

        export_docx(request.policy, path, request.info, toc=request.toc)
    elif request.kind == "html":
        from policyeditor.formats.exporters.html import export_html

        export_html(request.policy, path, request.info)
    else:
        from policyeditor.pdf.policy import export_pdf  # Qt lays out the pages

        export_pdf(request.policy, path, request.info)


def _write_redline(request: ExportRequest, redline: Redline, path: Path) -> None:
    if request.kind == "pdf":
        from policyeditor.pdf.redline import export_redline_pdf  # Qt lays out the pages

        export_redline_pdf(redline, path, request.colours)
        return
    style = "blackline" if is_blackline(request.path, request.style) else "tracked"
    credits = request.credits
    if credits is None and len(request.steps) >= 2:
        from policyeditor.diff.blame import blame

        credits = blame(redline, request.steps)
    write_redline(redline, path, style=style, old_info=request.base_info, new_info=request.info,
                  comments=request.comments if request.kind == "docx" else (), colours=request.colours,
                  credits=credits)


def write_redline(redline: Redline, path: Path, *, style: str = "tracked",
                  old_info: ExportInfo | None = None, new_info: ExportInfo | None = None,
                  comments: Sequence = (), colours: RedlineColours | None = None,
                  credits: Mapping[int, ChangeCredit] | None = None) -> None:
    """Write the redline as HTML, JSON, text or DOCX, by `path`'s suffix (straight to `path`).

    For .docx, `style` "tracked" (the default) writes Word tracked changes with
    `comments` as Word comments, "blackline" the static blackline in `colours`; a
    name ending in .blackline.docx also asks for the blackline. `old_info` /
    `new_info` describe the two versions in a DOCX title block. `credits` (change
    id → `diff.blame.ChangeCredit`) names who made each change: each DOCX
    revision's w:author and w:date, the HTML and JSON redline's credits. Raises
    UnknownFormatError for any other suffix or style. `export` is the safe way in:
    this writes in place.
    """
    path = Path(path)
    kind = kind_of(path)
    if style not in REDLINE_STYLES:
        raise UnknownFormatError(f"a redline style is {' or '.join(REDLINE_STYLES)}, not {style!r}")
    if kind == "docx":
        if is_blackline(path, style):
            from policyeditor.formats.redline.blackline import export_blackline_docx

            export_blackline_docx(redline, path, old_info, new_info,
                                  **({"colors": colours.blackline()} if colours else {}))
        else:
            from policyeditor.formats.redline.docx import export_redline_docx

            export_redline_docx(redline, path, old_info, new_info, comments=comments,
                                credits=stamps(credits))
    elif kind == "html":
        from policyeditor.formats.exporters.info import changes_line
        from policyeditor.formats.redline.html import write_redline_html

        heading = changes_line(old_info, new_info, redline.old_label, redline.new_label) \
            if old_info is not None or new_info is not None else ""
        write_redline_html(redline, path, credits=credits, heading=heading, colours=colours)
    elif kind == "json":
        from policyeditor.formats.redline.json import write_redline_json

        write_redline_json(redline, path, credits=credits)
    elif kind == "txt":
        from policyeditor.formats.redline.text import write_redline_text

        write_redline_text(redline, path)
    else:
        raise UnknownFormatError(
            f"{path.name}: a redline cannot be written as {path.suffix or 'a file without suffix'}; "
            "use .html, .docx, .json or .txt")


def stamps(credits: Mapping[int, ChangeCredit] | None) -> dict[int, tuple[str, str]]:
    """Change id → (author, date) of whoever made it last: what a Word revision carries."""
    out: dict[int, tuple[str, str]] = {}
    for change_id, credit in (credits or {}).items():
        if credit.last is not None and credit.last.author:
            out[change_id] = (credit.last.author, credit.last.date)
    return out
