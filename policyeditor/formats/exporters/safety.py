"""Text that XML (and so DOCX and XHTML-minded parsers) can hold."""

from __future__ import annotations

import re

# XML 1.0 forbids these; lxml refuses them and Word calls a file holding one corrupt
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without the control characters XML 1.0 forbids (tab, newline and CR stay)."""
    return _XML_FORBIDDEN.sub("", text)
