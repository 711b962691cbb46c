"""A file name made from a policy's title, safe on Windows, macOS and Linux alike.

(`formats` has no such helper yet; when one is added there, this one should go.)
"""

from __future__ import annotations

import unicodedata

FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{port}{i}" for port in ("COM", "LPT") for i in range(1, 10))}
MAX_CHARS = 120  # leaves room for a folder path within Windows' 260 characters


def safe_filename(title: str, fallback: str = "policy") -> str:
    """`title` as a file name stem: no path separators, control characters or reserved names.

    Runs of white space become one space; leading and trailing dots and spaces go
    (Windows drops them); a reserved device name (CON, LPT1, ...) gets a leading
    underscore. An empty result gives `fallback`.
    """
    cleaned = "".join(" " if ch in FORBIDDEN or unicodedata.category(ch).startswith("C") else ch
                      for ch in unicodedata.normalize("NFC", title))
    name = " ".join(cleaned.split()).strip(" .")[:MAX_CHARS].strip(" .")
    if name.split(".")[0].strip(" ").upper() in RESERVED:  # Windows trims "CON .txt" to CON
        name = "_" + name
    return name or fallback
