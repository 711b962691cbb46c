"""Where the files in `resources/` are, in a source checkout and in an installed wheel.

The wheel ships the repository's `resources/` folder as `policyeditor/resources/`
(pyproject `force-include`); a source checkout has it at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE / "resources", _PACKAGE.parent / "resources")


def resource_path(*parts: str) -> Path:
    """The path of a resource file, such as `resource_path("templates", "reference.docx")`.

    The installed package is looked in first, then the repository root. When the file is in
    neither, the package path is returned, so the caller's error names where it belongs.
    """
    for root in _CANDIDATES:
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return _CANDIDATES[0].joinpath(*parts)
