"""PAdES signatures on a PDF (issue 14): who signed, and that not one byte changed since."""

from __future__ import annotations

import pytest
from pypdf import PdfWriter
from trust_helpers import make

from policyeditor.review.pdf_signature import sign_pdf, verify_pdf


@pytest.fixture
def pdf(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    path = tmp_path / "policy.pdf"
    with open(path, "wb") as file:
        writer.write(file)
    return path


def test_a_signed_pdf_names_its_signer_and_a_changed_byte_is_caught(pdf, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    abe, mal = make(tmp_path, "Abe Approver"), make(tmp_path, "Mal Mallory")
    out = tmp_path / "signed.pdf"
    sign_pdf(pdf, out, abe, reason="approved 1.0")
    check = verify_pdf(out, [abe.public])
    assert check.ok and check.signer == "Abe Approver", check.lines
    assert not verify_pdf(out, [mal.public]).ok
    data = bytearray(out.read_bytes())
    at = data.index(b"/MediaBox") + 12  # a byte inside the signed range
    data[at] = ord("9") if data[at] != ord("9") else ord("8")
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    result = verify_pdf(changed, [abe.public])
    assert not result.ok and any("changed" in line for line in result.lines), result.lines
    assert not verify_pdf(pdf, [abe.public]).ok  # not signed at all


def _version_pdf(path, info):
    """A PDF stating the version `info` names, as the PDF export writes it (XMP), without Qt."""
    from pypdf.generic import ContentStream, NameObject

    from policyeditor.formats.exporters.pdf_identity import xmp

    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    stream = ContentStream(None, None)
    stream.set_data(xmp("Privacy policy", info))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    with open(path, "wb") as file:
        writer.write(file)
    return path


def test_a_signed_pdf_of_a_version_is_an_approval_only_by_its_approver(tmp_path, monkeypatch):
    from policyeditor.formats.exporters.info import ExportInfo
    from policyeditor.review.pdf_signature import stated
    from policyeditor.review.workflow import Workflow
    from policyeditor.store.policyfile import PolicyFile
    from tests.review.conftest import small_policy

    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    abe, mal = make(tmp_path, "Abe Approver"), make(tmp_path, "Mal Mallory")
    with PolicyFile.create(tmp_path / "p.policy", small_policy(), author="Ada Author") as pf:
        pf.save_version(small_policy(), "1.0", author="Ada Author")
        flow = Workflow(pf)
        flow.submit_for_review("1.0", "Ada Author")
        flow.approve("1.0", "", identity=abe)
        version = pf.version("1.0")
    pdf = _version_pdf(tmp_path / "v.pdf", ExportInfo.from_version(version))
    assert stated(pdf).content_hash == version.content_hash
    sign_pdf(pdf, tmp_path / "mal.pdf", mal, reason="approved version 1.0")
    sign_pdf(pdf, tmp_path / "abe.pdf", abe)
    with PolicyFile.open(tmp_path / "p.policy", readonly=True) as pf:
        by_mal = verify_pdf(tmp_path / "mal.pdf", [mal.public, abe.public], pf)
        by_abe = verify_pdf(tmp_path / "abe.pdf", [mal.public, abe.public], pf)
    assert not by_mal.ok and "NOT an approval" in by_mal.lines[0], by_mal.lines
    # Abe approved version 1.0, but this blank page only claims to be it: its pages are not the text
    assert not by_abe.ok and "NOT an approval: abe.pdf does not show the text of version 1.0: its pages " \
        "show none of the version's text" in by_abe.lines[0], by_abe.lines
    unchecked = verify_pdf(tmp_path / "abe.pdf", [abe.public])  # no policy file: who approved is unknown
    assert not unchecked.ok and "is not checked" in unchecked.lines[0]


def test_metadata_that_is_not_ours_states_no_version():
    from policyeditor.formats.exporters.pdf_identity import stated_version

    assert stated_version(None) is None
    assert stated_version(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>") is None
    assert stated_version(b"<<not xml") is None
    entity = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
              b'<r xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
              b'xmlns:pe="urn:policyeditor:export:1" pe:label="&e;" pe:contentHash="ab"/></r>')
    found = stated_version(entity)
    assert found is None or "root:" not in found.label
