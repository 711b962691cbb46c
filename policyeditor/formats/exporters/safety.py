"""What keeps an export safe: text XML can hold, and file names every system accepts."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 forbids these; lxml refuses them and Word calls a file holding one corrupt
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{port}{i}" for port in ("COM", "LPT") for i in range(1, 10))}
MAX_CHARS = 120  # leaves room for a folder path within Windows' 260 characters


def xml_safe(text: str) -> str:
    """The text without the control characters XML 1.0 forbids (tab, newline and CR stay)."""
    return _XML_FORBIDDEN.sub("", text)


def safe_filename(title: str, fallback: str = "policy") -> str:
    """`title` as a file name stem, safe on Windows, macOS and Linux alike.

    No path separators, control characters or reserved names: runs of white space
    become one space; leading and trailing dots and spaces go (Windows drops them);
    a reserved device name (CON, LPT1, ...) gets a leading underscore. An empty
    result gives `fallback`.
    """
    cleaned = "".join(" " if ch in FORBIDDEN or unicodedata.category(ch).startswith("C") else ch
                      for ch in unicodedata.normalize("NFC", title))
    name = " ".join(cleaned.split()).strip(" .")[:MAX_CHARS].strip(" .")
    if name.split(".")[0].strip(" ").upper() in RESERVED:  # Windows trims "CON .txt" to CON
        name = "_" + name
    return name or fallback
