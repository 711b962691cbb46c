"""Reading other files into policies: `import_document` picks the importer by the file's suffix.

Each importer only reads its source, never runs or fetches anything it names, and
returns an `ImportResult`: the policy and a report of what could not be mapped.
A file of another kind raises UnknownFormatError; a damaged one ImportError_.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policyeditor.core.errors import ImportError_, UnknownFormatError
from policyeditor.formats.importers.result import ImportResult, macro_refusal

IMPORT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".docx", ".html", ".htm", ".pdf")
MACRO_SUFFIXES = (".docm", ".dotm")  # refused, not read: a policy has no use for macros

__all__ = ["IMPORT_SUFFIXES", "ImportResult", "import_document"]


def _importer(suffix: str) -> Callable[[Path], ImportResult] | None:
    # imported on demand: a text import need not load lxml or python-docx
    if suffix == ".txt":
        from policyeditor.formats.importers.text import import_text
        return import_text
    if suffix in (".md", ".markdown"):
        from policyeditor.formats.importers.markdown import import_markdown
        return import_markdown
    if suffix in (".html", ".htm"):
        from policyeditor.formats.importers.html import import_html
        return import_html
    if suffix == ".docx":
        from policyeditor.formats.importers.docx import import_docx
        return import_docx
    if suffix == ".pdf":
        from policyeditor.formats.importers.pdf import import_pdf
        return import_pdf
    return None


def import_document(path: Path) -> ImportResult:
    """Import a .txt, .md/.markdown, .docx, .html/.htm or .pdf file as a policy.

    The source file is only read. Raises UnknownFormatError for another suffix and
    ImportError_ (one sentence) for a file that is damaged or cannot be read.
    """
    path = Path(path)
    if path.is_dir():
        raise ImportError_(f"{path}: is a folder; name a document in it to import")
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise UnknownFormatError(macro_refusal(path.name))
    importer = _importer(path.suffix.lower())
    if importer is None:
        raise UnknownFormatError(
            f"{path.name}: {path.suffix or 'these'} files cannot be imported; "
            "use .txt, .md, .docx, .html or .pdf")
    result = importer(path)
    if not result.policy.sections:
        title = result.policy.title
        result.report.append(f"{path.name} holds only its title (\u201c{title}\u201d), no text"
                             if title and title != path.stem else f"{path.name} holds no text to import")
    return result
