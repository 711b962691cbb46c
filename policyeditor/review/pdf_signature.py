"""A signed PDF of what was approved: a PAdES signature with the approver's Ed25519 key (pyHanko).

The certificate is self-signed over the identity's own key, made with
cryptography: its common name is the identity's name and its serial number
attribute the key's fingerprint, so any PDF reader shows who signed. Whether to
trust it is the reader's choice: `verify_pdf` trusts a signature only when its
key is one of `trusted` (KEY.pub files), and checks with pyHanko's validation
that the signature covers the whole file, unchanged since.

A signature says who signed, not that they approved. A PDF export of a version
states which version it is (formats/exporters/pdf_identity.py); a signed PDF
that states one verifies only when its signer holds a signed approval of exactly
that text in the policy file given (`approved_by`, the check `export --sign`
makes before it signs) and its pages show exactly that version's words
(`shows_version`: its metadata is only a claim), and the verdict names which of
the two it is.
"""

from __future__ import annotations

import datetime
import io
import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Version
from policyeditor.formats.exporters.pdf_identity import StatedVersion, stated_version
from policyeditor.review.identity import Identity, PublicIdentity
from policyeditor.store.policyfile import PolicyFile

FIELD = "PolicyeditorApproval"
LIBRARY_LOGGERS = ("pyhanko", "pyhanko_certvalidator")


class PdfSignatureError(PolicyError):
    """A PDF cannot be signed or its signature read."""


@contextmanager
def _library_quiet() -> Iterator[None]:
    """pyHanko's own log records (a self-signed certificate's "Validation error" with two tracebacks)
    and the DSA deprecation warning cryptography gives when pyHanko imports it kept from the user:
    the verdict we print says what they found. Only those loggers, only while we call the library."""
    from cryptography.utils import CryptographyDeprecationWarning

    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module=r"pyhanko\b")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def certificate(identity: Identity):
    """A self-signed X.509 certificate over the identity's Ed25519 key, naming it and its fingerprint."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, identity.name),
                      x509.NameAttribute(NameOID.SERIAL_NUMBER, identity.public.fingerprint)])
    now = datetime.datetime.now(datetime.UTC)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(identity.private.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .sign(identity.private, None))


def sign_pdf(source: Path, out: Path, identity: Identity, *, reason: str = "") -> None:
    """Write `out`: `source` with a PAdES signature by `identity` (an incremental update)."""
    with _library_quiet():
        _sign_pdf(source, out, identity, reason)


def _sign_pdf(source: Path, out: Path, identity: Identity, reason: str) -> None:
    from asn1crypto import keys as akeys
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    cert = ax509.Certificate.load(certificate(identity).public_bytes(serialization.Encoding.DER))
    key = akeys.PrivateKeyInfo.load(identity.private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=key, cert_registry=None)
    meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES,
                                        reason=reason or None, name=identity.name)
    try:
        data = Path(source).read_bytes()
        signed = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signer)
        Path(out).write_bytes(signed.getvalue())
    except OSError as exc:
        raise PdfSignatureError(f"cannot sign {Path(source).name}: {exc.strerror or exc}") from exc
    except Exception as exc:  # pyHanko's own errors on a PDF it cannot read
        if "filled already" in str(exc):  # our approval field holds a signature
            raise PdfSignatureError(
                f"{Path(source).name} is signed already; sign the PDF as exported, unsigned (a second "
                "signature would change the file the first one covers)") from exc
        raise PdfSignatureError(f"{Path(source).name} cannot be signed: it is not a PDF pyHanko can read") \
            from exc


@dataclass(frozen=True)
class PdfCheck:
    """What `verify_pdf` found: whether all holds, who signed, and one line per finding."""

    ok: bool
    signer: str
    lines: list[str]


def stated(path: Path) -> StatedVersion | None:
    """The policy version the PDF at `path` states it is (its XMP metadata), or None."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    with _library_quiet():
        try:
            return _stated(PdfFileReader(io.BytesIO(Path(path).read_bytes())))
        except OSError as exc:
            raise PdfSignatureError(f"{Path(path).name} cannot be read: {exc.strerror or exc}") from exc
        except Exception:  # not a PDF pyHanko reads: signing it says so
            return None


def _stated(reader) -> StatedVersion | None:  # noqa: ANN001 - pyHanko's PdfFileReader
    try:
        metadata = reader.root.get("/Metadata")
        return stated_version(metadata.get_object().data if metadata is not None else None)
    except Exception:  # a damaged metadata stream states nothing
        return None


def approved_by(pf: PolicyFile, version: StatedVersion, key_b64: str) -> tuple[str | None, str]:
    """Whether the key holds a signed approval of the version a PDF states, in the policy file `pf`:
    (the version's label in the file, None when it does not; why not, one sentence, or '').

    The version is the one whose recomputed text hash is the stated one, under the stated label (or
    the form a library sync renamed it to, `signing.names`); the approval is one `Workflow.approvers`
    counts, in a file whose record verifies (`review.verify`)."""
    from policyeditor.review import signing
    from policyeditor.review.verify import verify
    from policyeditor.review.workflow import Workflow

    found = verify(pf)
    if found:
        return None, f"{pf.path.name} does not verify ({found[0]}), so it shows no approval"
    labels = [info.label for info in pf.versions() if info.content_hash == version.content_hash
              and signing.names(version.label, info.label, info.content_hash)]
    if not labels:
        return None, f"{pf.path.name} has no version {version.label} of this text"
    for label in labels:
        if key_b64 in Workflow(pf).approvers(label):
            return label, ""
    return None, f"{pf.path.name} holds no signed approval of version {version.label} by this key"


Render = Callable[[Version], Path]  # a version's PDF made now (app/trust.py, through app/export)


def shows_version(path: Path, pf: PolicyFile, label: str, render: Render | None = None) -> str:
    """'' when the PDF at `path` shows exactly the words of version `label` of `pf`; else why not,
    one sentence: its metadata names the version, but only its pages show what was signed. With
    `render`, the pages are held to the version's own PDF made now (`pdf_text.pdf_differs`)."""
    from policyeditor.review.pdf_text import pdf_differs

    version = pf.version(label)
    differs = pdf_differs(path, version.policy, render(version) if render is not None else None)
    if differs is None:
        return ""
    return f"{Path(path).name} does not show the text of version {label}: {differs}"


def verify_pdf(path: Path, trusted: Iterable[PublicIdentity], policy: PolicyFile | None = None,
               render: Render | None = None) -> PdfCheck:
    """Check every signature of the PDF at `path`: intact, whole file, by a trusted key; and, when
    the PDF states a policy version, by one of its approvers in `policy` (None: cannot be told, so
    not verified)."""
    with _library_quiet():
        return _verify_pdf(path, trusted, policy, render)


def _verify_pdf(path: Path, trusted: Iterable[PublicIdentity], policy: PolicyFile | None,
                render: Render | None) -> PdfCheck:
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    trusted_keys = {t.key: t for t in trusted}
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
        reader = PdfFileReader(io.BytesIO(data))
        signatures = reader.embedded_signatures
    except OSError as exc:
        raise PdfSignatureError(f"{name} cannot be read: {exc.strerror or exc}") from exc
    except Exception:
        return PdfCheck(False, "", [f"{name} is damaged or was changed: it cannot be read as a PDF"])
    if not signatures:
        return PdfCheck(False, "", [f"{name} is not signed"])
    version = _stated(reader)
    lines, ok, who = [], True, ""
    for sig in signatures:
        cert: ax509.Certificate = sig.signer_cert
        raw = bytes(cert.public_key["public_key"])
        who = cert.subject.native.get("common_name", "?")
        known = trusted_keys.get(raw)
        try:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=[cert] if known else []))
            intact, valid = status.intact, status.valid
            whole = status.coverage.name == "ENTIRE_FILE"
        except Exception:
            intact = valid = whole = False
        if not (intact and valid):
            ok = False
            lines.append(f"the signature by {who} does not match the file: it was changed after signing")
        elif not whole:
            ok = False
            lines.append(f"the file was changed after {who} signed it (content was added)")
        if known is None:
            ok = False
            lines.append(f"signed by {who}, whose key you did not trust")
        elif intact and valid and whole:
            line, approved = _approval_line(known, version, policy, Path(path), render)
            ok = ok and approved
            lines.append(line)
    return PdfCheck(ok, who, lines)


def _approval_line(signer: PublicIdentity, version: StatedVersion | None,
                   policy: PolicyFile | None, path: Path, render: Render | None) -> tuple[str, bool]:
    """What a sound signature by a trusted key shows: signed only, or by an approver of the version
    the PDF states, whose pages show that version's words; and whether that verifies."""
    who = signer.display()
    if version is None:
        return f"signed by {who}; unchanged since (the PDF states no policy version: a signature, " \
               "not an approval)", True
    what = f"version {version.label} (sha256 {version.content_hash[:16]})"
    if policy is None:
        return (f"signed by {who}; unchanged since; the PDF is {what} of a policy, and whether {signer.name} "
                "approved it is not checked: give its policy file (--policy FILE.policy)"), False
    label, why = approved_by(policy, version, signer.key_b64)
    if label is None:
        return f"signed by {who}; unchanged since; NOT an approval: {why}", False
    why = shows_version(path, policy, label, render)
    if why:
        return f"signed by {who}; unchanged since; NOT an approval: {why}", False
    return f"signed by {who}, who approved {what} in {policy.path.name} with a signed approval; " \
           "unchanged since", True
