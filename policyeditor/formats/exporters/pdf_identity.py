"""Which version a PDF export is: its label, status and content hash, in the PDF's XMP metadata.

The PDF export of a version writes them (pdf/policy.py), so a PDF signed
afterwards can be held to the approval it claims: `verify-pdf` asks whether its
signer holds a signed approval of exactly this version, and `sign-pdf` says when
it signs a version without one (review/pdf_signature.py, app/trust.py). The
metadata is part of the file a signature covers, so a signed PDF cannot be made
to state another version without the signature failing. A PDF without it (the
draft, a redline, a file from elsewhere) states no version.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from policyeditor.formats.exporters.info import ExportInfo

NAMESPACE = "urn:policyeditor:export:1"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
MAX_XMP = 64 * 1024  # a policyeditor XMP packet is a few hundred bytes; a larger one is not ours


@dataclass(frozen=True)
class StatedVersion:
    """The version a PDF says it is."""

    label: str
    status: str
    content_hash: str


def xmp(title: str, info: ExportInfo) -> bytes | None:
    """The XMP packet of a PDF export: the version `info` names, and the policy it is of (a PDF
    brought back into another policy is refused, as a DOCX is); None when it names neither."""
    version = info.label is not None and bool(info.content_hash)
    if not version and not info.policy_id:
        return None
    stated = (f" pe:label={quoteattr(info.label or '')} pe:status={quoteattr(info.status.value)}"
              f" pe:contentHash={quoteattr(info.content_hash)}") if version else ""
    if info.policy_id:
        stated += f" pe:policy={quoteattr(info.policy_id)}"
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{_RDF}">'
        f'<rdf:Description rdf:about="" xmlns:dc="{_DC}" xmlns:pe="{NAMESPACE}"{stated}>'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="r"?>'
    ).encode()


def stated_version(packet: bytes | None) -> StatedVersion | None:
    """The version an XMP packet (a PDF's /Metadata) states, or None when it states none or cannot
    be read (parsed without entities or network: the packet comes from any PDF)."""
    for element in _descriptions(packet):
        label = element.get(f"{{{NAMESPACE}}}label")
        content_hash = element.get(f"{{{NAMESPACE}}}contentHash")
        if label and content_hash:
            return StatedVersion(label, element.get(f"{{{NAMESPACE}}}status") or "", content_hash)
    return None


def stated_policy(packet: bytes | None) -> str:
    """The policy an XMP packet says its PDF was exported from (`PolicyFile.policy_id`), else ''."""
    for element in _descriptions(packet):
        if policy := element.get(f"{{{NAMESPACE}}}policy"):
            return policy
    return ""


def _descriptions(packet: bytes | None) -> list:
    from policyeditor.formats.ooxml.review_read import parse_part

    if not packet or len(packet) > MAX_XMP:
        return []
    try:
        root = parse_part(packet)
    except Exception:  # lxml's XMLSyntaxError and kin: nothing stated
        return []
    return list(root.iter(f"{{{_RDF}}}Description"))
