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
