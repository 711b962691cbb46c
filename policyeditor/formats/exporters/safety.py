"""What keeps an export safe: text XML can hold, and file names every system accepts."""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from urllib.parse import parse_qsl, urlsplit

# XML 1.0 forbids these; lxml refuses them and Word calls a file holding one corrupt
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

FORBIDDEN = set('<>:"/\\|?*')
# Windows' device names, whatever the extension: COM0-9 and LPT0-9 (the superscript digits
# too, which Windows reads as 1-3), and the console's CONIN$ and CONOUT$
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            *(f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789\u00b9\u00b2\u00b3")}
MAX_BYTES = 120  # of UTF-8: room for a folder within Windows' 260 and under every file system's 255 bytes
MAX_CHARS = MAX_BYTES  # (a stem never has more characters than bytes)


def xml_safe(text: str) -> str:
    """The text without the control characters XML 1.0 forbids (tab, newline and CR stay)."""
    return _XML_FORBIDDEN.sub("", text)


PROPERTY_CHARS = 255  # a DOCX core property (title, author, subject...) holds at most this many


def property_text(text: str) -> str:
    """`text` as a DOCX core property: XML-safe and, when longer than Word allows, cut with an ellipsis.

    The whole title is still the document's first line; the property is what a file
    manager shows.
    """
    text = xml_safe(text)
    return text if len(text) <= PROPERTY_CHARS else text[:PROPERTY_CHARS - 1].rstrip() + "\u2026"


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character or before a combining mark."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    cut = encoded[:limit].decode("utf-8", errors="ignore")
    while cut and (unicodedata.combining(text[len(cut)]) or text[len(cut)] in "\u200d\ufe0f"):
        cut = cut[:-1]  # the next character belongs with the last kept one: drop both
    return cut


def safe_filename(title: str, fallback: str = "policy") -> str:
    """`title` as a file name stem, safe on Windows, macOS and Linux alike.

    No path separators, control characters or reserved names: runs of white space
    become one space; leading and trailing dots and spaces go (Windows drops them);
    a reserved device name (CON, LPT1, ...) gets a leading underscore. An empty
    result gives `fallback`.
    """
    cleaned = "".join(" " if ch in FORBIDDEN or unicodedata.category(ch).startswith("C") else ch
                      for ch in unicodedata.normalize("NFC", title))
    name = _cut(" ".join(cleaned.split()).strip(" ."), MAX_BYTES).strip(" .")
    if name.split(".")[0].strip(" ").upper() in RESERVED:  # Windows trims "CON .txt" to CON
        name = "_" + name
    return name or fallback


# -- links --------------------------------------------------------------------------------

MAILTO_FIELDS = {"subject", "body", "cc", "bcc", "to"}  # a plain mailto: no attach=, no other header
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def safe_link(target: str, *, fragments: bool = False) -> str | None:
    """The link target if an export may keep it, else None (the words stay, the link goes).

    Kept: outward http and https links, plain mailto links and, with `fragments`,
    in-page `#` targets. Dropped: every other scheme (file:, javascript:, data:,
    ...), a mailto that asks the reader's mail program to attach a file or set
    another header, and links to this machine or its link-local network
    (localhost, 127.0.0.0/8, ::1, 0.0.0.0, 169.254.0.0/16, also spelt as one number),
    which a reader's click would aim at services only they can reach.
    """
    target = xml_safe(target or "").strip()
    lowered = target.lower()
    if fragments and lowered.startswith("#"):
        return target
    if lowered.startswith("mailto:"):
        return target if _plain_mailto(target) else None
    if not lowered.startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(target).hostname
    except ValueError:  # e.g. an unclosed [ in the host
        return None
    return target if host and not _this_machine(host) else None


def _plain_mailto(target: str) -> bool:
    _, _, query = target.partition("?")
    try:
        fields = parse_qsl(query, keep_blank_values=True)
    except ValueError:
        return False
    return all(key.lower() in MAILTO_FIELDS for key, _ in fields) and "\\" not in target


def _this_machine(host: str) -> bool:
    host = host.rstrip(".").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if not re.fullmatch(r"[0-9a-fx.]+", host) or not re.match(r"[0-9]", host):
            return False
        try:  # 2130706433, 0x7f.1, 127.1: forms browsers also read as IPv4
            address = ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified or address.is_link_local
