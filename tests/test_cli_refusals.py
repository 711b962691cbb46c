"""What the command line says when the user's folder or file refuses it: one line, exit status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import CORPUS, DATA

PAIR = CORPUS / "pairs" / "reddit-privacy-policy"
ENCRYPTED = DATA / "poi-docx" / "bug53475-password-is-pass.docx"


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed command, as a user runs it (Qt's warnings, if any, land on its stderr)."""
    return subprocess.run([sys.executable, "-m", "policyeditor", *args], capture_output=True, text=True)


@pytest.mark.parametrize(("command", "name"), [("export", "x.pdf"), ("compare", "c.pdf"),
                                               ("import", "q.policy")])
def test_writing_into_a_read_only_folder_is_one_line(read_only, command, name):
    """A PDF printed ~2,800 Qt warnings, then blamed a full disk; a .policy named its hidden .part file."""
    sources = [str(PAIR / "v1.md")] + ([str(PAIR / "v2.md")] if command == "compare" else [])
    result = run(command, *sources, "-o", str(read_only / name))
    assert result.returncode == 2
    told = f"policyeditor: cannot write {name} in {read_only}: permission denied"
    assert result.stderr.splitlines() == [told]
    assert list(read_only.iterdir()) == []


@pytest.mark.parametrize("args", [("import", str(ENCRYPTED), "-o", "{out}"), ("info", str(ENCRYPTED)),
                                  ("compare", str(PAIR / "v1.md"), str(ENCRYPTED))])
def test_a_password_protected_word_file_is_told_as_such(tmp_path, args):
    result = run(*(arg.format(out=tmp_path / "p.policy") for arg in args))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"policyeditor: {ENCRYPTED.name} is password-protected (encrypted); remove the password in Word "
        "and save it again to import it"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "what"), [
    (("compare", str(PAIR / "v1.md"), str(PAIR / "v2.md")), "the redline"),
    (("export", str(PAIR / "v2.md")), "the export"),
    (("export", str(PAIR / "v2.md"), "--redline-against", str(PAIR / "v1.md")), "the redline"),
])
def test_compare_or_export_into_a_folder_says_it_is_a_folder(tmp_path, args, what):
    """`compare a b -o DIR` and `export a -o DIR` said "a file without suffix" of a folder that exists."""
    result = run(*args, "-o", str(tmp_path))
    assert result.returncode == 2
    told = f"policyeditor: {tmp_path}: is a folder; name a file in it to write {what} to"
    assert result.stderr.splitlines() == [told]
    assert list(tmp_path.iterdir()) == []
