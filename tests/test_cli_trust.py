"""The signed workflow from the command line (issue 14): each refused step is one sentence, exit 2."""

from __future__ import annotations

import pytest

from policyeditor.cli import main


@pytest.fixture
def team(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    monkeypatch.setenv("POLICYEDITOR_PASSPHRASE", "s3cret pass")
    for name, key in (("Olga Owner", "olga"), ("Ada Author", "ada"), ("Abe Approver", "abe"),
                      ("Mal Mallory", "mal")):
        assert main(["identity", "new", "--name", name, "-o", str(tmp_path / key)]) == 0
    source = tmp_path / "p.md"
    source.write_text("# Privacy\n\n## About\n\nWe collect your data.\n\n## Sharing\n\nWe share it.\n")
    assert main(["import", str(source), "-o", str(tmp_path / "p.policy")]) == 0
    capsys.readouterr()
    return tmp_path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_whole_signed_workflow(team, capsys):
    t, f = team, team / "p.policy"
    assert run(capsys, "roster", "add", f, t / "ada.pub", "--role", "author", "--identity", t / "olga")[0] == 0  # noqa: E501
    assert run(capsys, "roster", "add", f, t / "abe.pub", "--role", "approver", "--identity", t / "olga")[0] == 0  # noqa: E501
    assert run(capsys, "roster", "add", f, t / "ada.pub", "--role", "approver", "--identity", t / "olga")[0] == 0  # noqa: E501
    code, out, _ = run(capsys, "version", f, "--label", "1.0", "--note", "first", "--identity", t / "ada")
    assert code == 0 and "signed by Ada Author (" in out
    assert run(capsys, "submit", f"{f}@1.0", "--identity", t / "ada")[0] == 0
    code, _, err = run(capsys, "approve", f"{f}@1.0", "--identity", t / "ada")
    assert code == 2 and "cannot approve it" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "approve", f"{f}@1.0", "--identity", t / "mal")
    assert code == 2 and "is not on the roster" in err
    code, _, err = run(capsys, "comment", f"{f}@1.0", "--section", "1", "--quote", "collect", "--text",
                       "Why?", "--identity", t / "abe")
    assert code == 0
    code, _, err = run(capsys, "approve", f"{f}@1.0", "--identity", t / "abe")
    assert code == 2 and "open comment" in err
    code, out, _ = run(capsys, "identity", "show", t / "abe.pub")
    assert code == 0 and out.startswith("Abe Approver")


def signed_approval(capsys, t, f):
    """Olga's roster: Ada an author, Abe an approver; 1.0 by Ada, approved by Abe, each signed."""
    run(capsys, "roster", "add", f, t / "ada.pub", "--role", "author", "--identity", t / "olga")
    run(capsys, "roster", "add", f, t / "abe.pub", "--role", "approver", "--identity", t / "olga")
    run(capsys, "version", f, "--label", "1.0", "--identity", t / "ada")
    run(capsys, "submit", f"{f}@1.0", "--identity", t / "ada")
    code, out, err = run(capsys, "approve", f"{f}@1.0", "--identity", t / "abe")
    assert code == 0 and "now approved" in out, err


def test_approved_and_verified_with_trust(team, capsys):
    t, f = team, team / "p.policy"
    signed_approval(capsys, t, f)
    code, out, _ = run(capsys, "info", f, "--verify", "--trust", t / "abe.pub")
    assert code == 0 and "verified" in out
    code, out, _ = run(capsys, "info", f, "--verify", "--trust", t / "mal.pub")
    assert code == 1 and "did not trust" in out


def test_wrong_passphrase_and_roster_by_non_owner_are_one_sentence(team, capsys, monkeypatch):
    t, f = team, team / "p.policy"
    run(capsys, "roster", "add", f, t / "ada.pub", "--role", "author", "--identity", t / "olga")
    code, _, err = run(capsys, "roster", "add", f, t / "mal.pub", "--role", "approver", "--identity", t / "mal")  # noqa: E501
    assert code == 2 and "only the roster's owner" in err
    monkeypatch.setenv("POLICYEDITOR_PASSPHRASE", "wrong")
    code, _, err = run(capsys, "version", f, "--label", "1.0", "--identity", t / "ada")
    assert code == 2 and err.strip() == "policyeditor: wrong passphrase for ada"


def test_sign_and_verify_a_pdf(team, capsys):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    with open(team / "p.pdf", "wb") as file:
        writer.write(file)
    code, out, err = run(capsys, "sign-pdf", team / "p.pdf", "-o", team / "s.pdf", "--identity", team / "abe")
    assert code == 0, err
    code, out, _ = run(capsys, "verify-pdf", team / "s.pdf", "--trust", team / "abe.pub")
    assert code == 0 and "signed by Abe Approver (" in out
    code, out, _ = run(capsys, "verify-pdf", team / "s.pdf", "--trust", team / "mal.pub")
    assert code == 1 and "did not trust" in out
    # signed again: said so (it was "not a PDF pyHanko can read"), nothing written
    code, _, err = run(capsys, "sign-pdf", team / "s.pdf", "-o", team / "s2.pdf", "--identity", team / "abe")
    assert code == 2 and "s.pdf is signed already" in err and err.count("\n") == 1
    assert not (team / "s2.pdf").exists()


def test_export_an_approved_version_to_a_signed_pdf(team, capsys):
    t, f = team, team / "p.policy"
    run(capsys, "roster", "add", f, t / "ada.pub", "--role", "author", "--identity", t / "olga")
    run(capsys, "roster", "add", f, t / "abe.pub", "--role", "approver", "--identity", t / "olga")
    run(capsys, "version", f, "--label", "1.0", "--identity", t / "ada")
    code, _, err = run(capsys, "export", f"{f}@1.0", "-o", t / "draft.pdf", "--sign", t / "abe")
    assert code == 2 and "only an approved or published version" in err and err.count("\n") == 1
    run(capsys, "submit", f"{f}@1.0", "--identity", t / "ada")
    assert run(capsys, "approve", f"{f}@1.0", "--identity", t / "abe")[0] == 0
    code, _, err = run(capsys, "export", f"{f}@1.0", "-o", t / "mal.pdf", "--sign", t / "mal")
    assert code == 2 and "has no signed approval of version 1.0" in err
    code, _, err = run(capsys, "export", f"{f}@1.0", "-o", t / "s.docx", "--sign", t / "abe")
    assert code == 2 and "name a .pdf output" in err
    code, out, err = run(capsys, "export", f"{f}@1.0", "-o", t / "signed.pdf", "--sign", t / "abe")
    assert code == 0 and "signed by Abe Approver (" in out, err
    code, out, _ = run(capsys, "verify-pdf", t / "signed.pdf", "--trust", t / "abe.pub", "--policy", f)
    assert code == 0 and "signed by Abe Approver (" in out and "who approved version 1.0" in out
    code, out, _ = run(capsys, "verify-pdf", t / "signed.pdf", "--trust", t / "abe.pub")  # who approved?
    assert code == 1 and "is not checked: give its policy file" in out
    assert sorted(p.name for p in t.iterdir() if p.suffix == ".pdf") == ["signed.pdf"]  # no leftovers
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(t / "signed.pdf").pages)
    assert "We collect your data." in " ".join(text.split())


def test_signing_and_verifying_a_pdf_say_only_our_lines_on_stderr(team, capsys):
    """pyHanko's "Validation error ... self-signed" log with two tracebacks (a PDF signed by a key not
    trusted), and cryptography's DSA deprecation warning on importing pyHanko, reached stderr."""
    import os
    import subprocess
    import sys

    t, f = team, team / "p.policy"
    run(capsys, "version", f, "--label", "1.0", "--author", "Ada Author")
    run(capsys, "submit", f"{f}@1.0", "--actor", "Ada Author")
    assert run(capsys, "approve", f"{f}@1.0", "--identity", t / "abe")[0] == 0
    run(capsys, "export", f"{f}@1.0", "-o", t / "plain.pdf")

    def command(*argv):
        env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
        return subprocess.run([sys.executable, "-m", "policyeditor", *map(str, argv)], capture_output=True,
                              text=True, env=env)

    done = command("export", f"{f}@1.0", "-o", t / "s.pdf", "--sign", t / "abe")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    done = command("sign-pdf", t / "plain.pdf", "-o", t / "s2.pdf", "--identity", t / "mal")  # refused
    assert done.returncode == 2 and done.stderr.startswith("policyeditor: plain.pdf is version 1.0 of a")
    assert done.stderr.count("\n") == 1, done.stderr
    done = command("verify-pdf", t / "s.pdf", "--trust", t / "mal.pub")
    assert done.returncode == 1 and "whose key you did not trust" in done.stdout
    assert done.stderr == "", done.stderr
    done = command("verify-pdf", t / "s.pdf", "--trust", t / "abe.pub", "--policy", f)
    assert done.returncode == 0 and done.stderr == "", done.stderr


# -- a signed PDF of a version is an approval only when its signer approved that version ------------
# The tester's walk: `export p.policy@1.0 --sign mal` was refused, but exporting the PDF plain and
# `sign-pdf` with Mallory's key worked, and `verify-pdf --trust mal.pub abe.pub` said "verified, signed
# by Mallory; unchanged since", the words an approver's signed PDF gets. A PDF export of a version
# states which it is (its XMP metadata); sign-pdf holds it to export --sign's gate, verify-pdf says
# whether the signer approved it (with its policy file) and never verifies a signature alone on it.


@pytest.fixture
def approved(team, capsys):
    """team's p.policy with version 1.0 approved by Abe with his key, and exported plain."""
    f = team / "p.policy"
    run(capsys, "version", f, "--label", "1.0", "--author", "Ada Author")
    run(capsys, "submit", f"{f}@1.0", "--actor", "Ada Author")
    assert run(capsys, "approve", f"{f}@1.0", "--identity", team / "abe")[0] == 0
    assert run(capsys, "export", f"{f}@1.0", "-o", team / "plain.pdf")[0] == 0
    return team


def test_a_pdf_export_of_a_version_states_which_it_is(approved):
    from policyeditor.review.pdf_signature import stated
    from policyeditor.store.policyfile import PolicyFile

    version = stated(approved / "plain.pdf")
    assert version is not None and version.label == "1.0" and version.status == "approved"
    with PolicyFile.open(approved / "p.policy", readonly=True) as pf:
        assert version.content_hash == pf.version("1.0").policy.content_hash()


def test_sign_pdf_holds_a_version_to_the_gate_of_export_sign(approved, capsys):
    t, f = approved, approved / "p.policy"
    code, _, err = run(capsys, "sign-pdf", t / "plain.pdf", "-o", t / "s.pdf", "--identity", t / "mal")
    assert code == 2 and "plain.pdf is version 1.0 of a policy: only one of its approvers signs it" in err
    code, _, err = run(capsys, "sign-pdf", t / "plain.pdf", "-o", t / "s.pdf", "--identity", t / "mal",
                       "--policy", f)
    assert code == 2 and "Mal Mallory (" in err and "may not sign plain.pdf (version 1.0)" in err
    assert "no signed approval of version 1.0" in err and err.count("\n") == 1
    assert not (t / "s.pdf").exists()
    code, out, err = run(capsys, "sign-pdf", t / "plain.pdf", "-o", t / "a.pdf", "--identity", t / "abe",
                         "--policy", f)
    assert code == 0 and "as its approver Abe Approver (" in out, err


def test_verify_pdf_tells_an_approval_from_a_signature(approved, capsys):
    t, f = approved, approved / "p.policy"
    assert run(capsys, "export", f"{f}@1.0", "-o", t / "abe.pdf", "--sign", t / "abe")[0] == 0
    # Mallory signs the export with a tool of her own (the bare PAdES signer, no gate)
    from policyeditor.review.identity import load_identity
    from policyeditor.review.pdf_signature import sign_pdf

    mallory = load_identity(t / "mal", "s3cret pass")
    sign_pdf(t / "plain.pdf", t / "mal.pdf", mallory, reason="approved version 1.0")
    both = ("--trust", t / "mal.pub", t / "abe.pub")
    code, out, _ = run(capsys, "verify-pdf", t / "mal.pdf", *both, "--policy", f)
    assert code == 1 and "NOT VERIFIED" in out and "signed by Mal Mallory (" in out
    assert "NOT an approval: p.policy holds no signed approval of version 1.0 by this key" in out
    code, approver, _ = run(capsys, "verify-pdf", t / "abe.pdf", *both, "--policy", f)
    assert code == 0 and "who approved version 1.0 (sha256 " in approver and "in p.policy" in approver
    # without the policy file neither is said to be approved, and neither verifies
    code, out, _ = run(capsys, "verify-pdf", t / "mal.pdf", *both)
    assert code == 1 and "whether Mal Mallory approved it is not checked" in out
    code, out, _ = run(capsys, "verify-pdf", t / "abe.pdf", *both)
    assert code == 1 and "whether Abe Approver approved it is not checked" in out
    assert "who approved" not in out


def test_a_pdf_that_states_no_version_is_signed_and_said_to_be_no_approval(approved, capsys):
    from pypdf import PdfWriter

    t = approved
    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    with open(t / "any.pdf", "wb") as file:
        writer.write(file)
    code, out, err = run(capsys, "sign-pdf", t / "any.pdf", "-o", t / "s.pdf", "--identity", t / "mal")
    assert code == 0 and "a signature, not an approval" in out, err
    code, out, _ = run(capsys, "verify-pdf", t / "s.pdf", "--trust", t / "mal.pub")
    assert code == 0 and "signed by Mal Mallory (" in out and "a signature, not an approval" in out
    code, _, err = run(capsys, "sign-pdf", t / "any.pdf", "-o", t / "s2.pdf", "--identity", t / "mal",
                       "--policy", t / "p.policy")
    assert code == 2 and "any.pdf states no policy version" in err


# -- a PDF's metadata names a version, but its pages are what is signed --------------------------
# `sign-pdf --policy` believed the version the metadata named: a PDF of other words, given version
# 1.0's metadata, was signed by its approver, and `verify-pdf --policy` then called it his approval.

def _doctored(approved, capsys):
    """plain.pdf's text with one word changed ("share" → "sell"), stating version 1.0 as plain.pdf does."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    t = approved
    (t / "sell.md").write_text("# Privacy\n\n## About\n\nWe collect your data.\n\n"
                               "## Sharing\n\nWe sell it.\n")
    assert run(capsys, "export", t / "sell.md", "-o", t / "sell.pdf")[0] == 0
    writer = PdfWriter(clone_from=PdfReader(t / "sell.pdf"))
    metadata = PdfReader(t / "plain.pdf").trailer["/Root"]["/Metadata"].get_object()
    writer._root_object[NameObject("/Metadata")] = writer._add_object(metadata.clone(writer))
    with open(t / "doctored.pdf", "wb") as file:
        writer.write(file)
    return t / "doctored.pdf"


def test_sign_pdf_signs_only_pages_that_show_the_approved_words(approved, capsys):
    from policyeditor.review.pdf_signature import stated

    t, f = approved, approved / "p.policy"
    doctored = _doctored(approved, capsys)
    assert stated(doctored) == stated(t / "plain.pdf")  # the claim is the same
    code, out, err = run(capsys, "sign-pdf", doctored, "-o", t / "s.pdf", "--identity", t / "abe",
                         "--policy", f)
    assert code == 2 and not (t / "s.pdf").exists(), out
    assert "doctored.pdf does not show the text of version 1.0: after “…Privacy About We collect your " \
           "data. Sharing We” it reads “sell it.” where the version reads “share it.”" in err
    assert "export p.policy@1.0 --sign KEY" in err and err.count("\n") == 1
    code, out, err = run(capsys, "sign-pdf", t / "plain.pdf", "-o", t / "s.pdf", "--identity", t / "abe",
                         "--policy", f)
    assert code == 0 and "as its approver Abe Approver (" in out, err


def test_verify_pdf_holds_a_signed_pdf_to_the_approved_words(approved, capsys):
    from policyeditor.review.identity import load_identity
    from policyeditor.review.pdf_signature import sign_pdf

    t, f = approved, approved / "p.policy"
    doctored = _doctored(approved, capsys)
    abe = load_identity(t / "abe", "s3cret pass")
    sign_pdf(doctored, t / "signed.pdf", abe, reason="approved version 1.0")  # the bare signer, no gate
    code, out, _ = run(capsys, "verify-pdf", t / "signed.pdf", "--trust", t / "abe.pub", "--policy", f)
    assert code == 1 and "NOT VERIFIED" in out
    assert "NOT an approval: signed.pdf does not show the text of version 1.0: after “…" in out
    assert "it reads “sell it.” where the version reads “share it.”" in out


def test_a_signed_pdf_of_a_version_with_a_footnote_verifies(team, capsys):
    # the fault: our reader takes a note back as its number and the notes gathered at the end, where
    # the version holds the note's words at its place, so a genuine PDF with a note was "NOT an approval"
    t = team
    (t / "n.md").write_text("# Privacy\n\n## About\n\nWe collect your data.[^1]\n\n## Sharing\n\n"
                            "We share it.\n\n[^1]: Only what the law allows.\n", encoding="utf-8")
    f = t / "n.policy"
    assert run(capsys, "import", t / "n.md", "-o", f)[0] == 0
    run(capsys, "version", f, "--label", "1.0", "--author", "Ada Author")
    run(capsys, "submit", f"{f}@1.0", "--actor", "Ada Author")
    assert run(capsys, "approve", f"{f}@1.0", "--identity", t / "abe")[0] == 0
    assert run(capsys, "export", f"{f}@1.0", "-o", t / "signed.pdf", "--sign", t / "abe")[0] == 0
    code, out, _ = run(capsys, "verify-pdf", t / "signed.pdf", "--trust", t / "abe.pub", "--policy", f)
    assert code == 0 and "who approved version 1.0" in out, out
    assert run(capsys, "export", f"{f}@1.0", "-o", t / "plain.pdf")[0] == 0
    code, out, err = run(capsys, "sign-pdf", t / "plain.pdf", "-o", t / "s.pdf", "--identity", t / "abe",
                         "--policy", f)
    assert code == 0 and "as its approver Abe Approver (" in out, err


def test_an_approver_removed_from_the_roster_can_no_longer_approve(team, capsys):
    """`roster remove` had no command: review/roster.py's remove action was called by nothing."""
    t, f = team, team / "p.policy"
    signed_approval(capsys, t, f)
    code, _, err = run(capsys, "roster", "remove", f, "Abe Approver", "--identity", t / "mal")
    assert code == 2 and "only the roster's owner" in err
    code, out, err = run(capsys, "roster", "remove", f, "abe approver", "--identity", t / "olga")
    assert code == 0 and out.startswith("Abe Approver (") and "is no longer an approver of p.policy" in out
    code, _, err = run(capsys, "roster", "remove", f, t / "abe.pub", "--identity", t / "olga")
    assert code == 2 and "is not on the roster of p.policy" in err and len(err.strip().splitlines()) == 1
    run(capsys, "version", f, "--label", "2.0", "--identity", t / "ada")
    run(capsys, "submit", f"{f}@2.0", "--identity", t / "ada")
    code, _, err = run(capsys, "approve", f"{f}@2.0", "--identity", t / "abe")
    assert code == 2 and "is not on the roster" in err
    # what they approved while on the roster stands
    code, out, _ = run(capsys, "info", f, "--verify", "--trust", t / "abe.pub")
    assert code == 0 and "verified" in out, out


def test_roster_remove_takes_one_role_and_names_whom_it_cannot(team, capsys):
    t, f = team, team / "p.policy"
    run(capsys, "roster", "add", f, t / "ada.pub", "--role", "author", "--identity", t / "olga")
    run(capsys, "roster", "add", f, t / "ada.pub", "--role", "approver", "--identity", t / "olga")
    code, out, _ = run(capsys, "roster", "remove", f, t / "ada.pub", "--role", "approver", "--identity", t / "olga")  # noqa: E501
    assert code == 0 and "is no longer an approver of p.policy" in out
    code, _, err = run(capsys, "roster", "remove", f, "Ada Author", "--role", "approver", "--identity", t / "olga")  # noqa: E501
    assert code == 2 and "is not an approver of p.policy" in err
    for who, says in (("Nobody Here", "no one on the roster is named 'Nobody Here'"),
                      ("Olga Owner", "owns the roster of p.policy and cannot be removed"),
                      (t / "olga.pub", "owns the roster of p.policy and cannot be removed")):
        code, _, err = run(capsys, "roster", "remove", f, who, "--identity", t / "olga")
        assert code == 2 and says in err and len(err.strip().splitlines()) == 1, err
    code, out, _ = run(capsys, "roster", "remove", f, "Ada Author", "--identity", t / "olga")
    assert code == 0 and "is no longer an author of p.policy" in out
