"""The command line contract: import and info, REF forms, one-line errors."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policyeditor.cli import main
from policyeditor.core.model import Status
from policyeditor.store.policyfile import PolicyFile
from tests.conftest import CORPUS, DATA

SEED = CORPUS / "seed" / "privacy-policy.txt"
PAIR = CORPUS / "pairs" / "reddit-privacy-policy"


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed command, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "policyeditor", *args], capture_output=True, text=True)


@pytest.fixture
def imported(tmp_path) -> Path:
    out = tmp_path / "privacy.policy"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    return out


def test_import_then_info(imported, capsys):
    capsys.readouterr()
    assert main(["info", str(imported), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    headings = [s["heading"] for s in data["sections"]]
    assert "USE OF COOKIES" in headings or "Use of cookies" in [h.capitalize() for h in headings]
    assert data["status"] == "draft" and data["versions"] == []
    assert data["sections"][0]["number"] == "1"
    # each number as the policy prints it: the sample's lettered clauses stand alone
    clauses = [s["number"] for s in data["sections"] if s["depth"] == 2][:4]
    assert clauses == ["(a)", "(b)", "(c)", "(d)"] and data["dates"] == {}


def test_info_names_versions_and_approved(imported, capsys):
    with PolicyFile.open(imported) as pf:
        draft = pf.load_draft()
        pf.save_version(draft, "1.0", author="Ann", note="first")
        pf.set_status("1.0", Status.IN_REVIEW, actor="Ann")
        pf.set_status("1.0", Status.APPROVED, actor="Bob")
        draft.sections[0].heading = "Preface"
        pf.save_version(draft, "1.1", author="Ann", parent="1.0")
    capsys.readouterr()
    assert main(["info", f"{imported}@approved", "--json"]) == 0
    approved = json.loads(capsys.readouterr().out)
    assert approved["label"] == "1.0" and approved["status"] == "approved"
    assert main(["info", f"{imported}@1.1", "--json"]) == 0
    newer = json.loads(capsys.readouterr().out)
    assert newer["sections"][0]["heading"] == "Preface"
    assert [v["label"] for v in newer["versions"]] == ["1.0", "1.1"]
    assert main(["info", str(imported)]) == 0
    text = capsys.readouterr().out
    assert "2 versions" in text and "approved" in text


def test_info_on_a_plain_document(capsys):
    assert main(["info", str(PAIR / "v1.md"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["words"] > 3000 and len(data["sections"]) > 5


@pytest.mark.parametrize("args, reason", [
    (["info", "missing.policy"], "no such file"),
    (["import", "missing.txt", "-o", "x.policy"], "no such file"),
    (["import", str(SEED), "-o", "x.docx"], "must be a .policy file"),
    (["info", str(Path(__file__))], "cannot be imported"),
    (["frobnicate"], "no such file"),
    (["import", ".", "-o", "x.policy"], "is a folder; name a document in it"),
    (["info", "x.policy@"], "no version named after the @"),
    (["info", "x.policy", "--bogus"], "policyeditor: unrecognized arguments: --bogus"),
    (["import", "--bogus"], "policyeditor: import: "),
])
def test_user_mistakes_are_one_line(args, reason, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert reason in result.stderr


def test_unknown_label_and_no_approved(imported):
    for ref, reason in [(f"{imported}@9.9", "no version labelled '9.9'"),
                        (f"{imported}@approved", "has no approved version")]:
        result = run("info", ref)
        assert result.returncode == 2 and reason in result.stderr and "Traceback" not in result.stderr


def test_import_refuses_to_overwrite(imported):
    before = imported.read_bytes()
    result = run("import", str(SEED), "-o", str(imported))
    assert result.returncode == 2 and "already exists" in result.stderr
    assert imported.read_bytes() == before


def test_export_and_compare_never_write_over_what_they_read(tmp_path):
    """`export mine.docx -o mine.docx` replaced the user's Word file, its comments and tracked
    changes with it; a redline written over one of the texts compared did the same."""
    mine = tmp_path / "mine.docx"
    mine.write_bytes((DATA / "poi-docx" / "testComment.docx").read_bytes())
    theirs = tmp_path / "theirs.docx"
    theirs.write_bytes(mine.read_bytes())
    link = tmp_path / "link.docx"
    link.symlink_to(mine)
    before = mine.read_bytes()
    for args, what in [(("export", str(mine), "-o", str(mine)), "exported"),
                       (("export", str(link), "-o", str(tmp_path / "." / "mine.docx")), "exported"),
                       (("compare", str(mine), str(theirs), "-o", str(theirs)), "compared"),
                       (("compare", str(link), str(theirs), "-o", str(mine)), "compared"),
                       (("export", str(mine), "--redline-against", str(theirs), "-o", str(theirs)),
                        "compared")]:
        result = run(*args)
        assert result.returncode == 2, args
        assert result.stderr.strip().endswith(f"is the document being {what}; write it to another name")
    assert mine.read_bytes() == before and theirs.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.docx", "mine.docx", "theirs.docx"]


def test_damaged_policy_is_refused_and_kept(tmp_path):
    bad = tmp_path / "bad.policy"
    bad.write_bytes(b"not a database at all" * 100)
    result = run("info", str(bad))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert bad.read_bytes() == b"not a database at all" * 100


def test_compare_prints_and_writes_every_kind(tmp_path, capsys):
    pair = CORPUS / "pairs" / "snapchat-privacy-policy"
    old, new = pair / "v1.md", pair / "v2.md"
    assert main(["compare", str(old), str(new)]) == 0
    text = capsys.readouterr().out
    assert "[-" in text and "{+" in text
    for suffix in (".html", ".json", ".txt"):
        out = tmp_path / f"redline{suffix}"
        assert main(["compare", str(old), str(new), "-o", str(out)]) == 0
        assert out.stat().st_size > 1000
    data = json.loads((tmp_path / "redline.json").read_text(encoding="utf-8"))
    assert data["schema"].startswith("policyeditor.redline/")
    for name, extra in (("r.docx", ()), ("b.docx", ("--blackline",)), ("r.pdf", ())):
        result = run("compare", str(old), str(new), "-o", str(tmp_path / name), *extra)
        assert result.returncode == 0, result.stderr
    assert b"w:ins " in zipfile.ZipFile(tmp_path / "r.docx").read("word/document.xml")
    assert b"w:ins " not in zipfile.ZipFile(tmp_path / "b.docx").read("word/document.xml")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    result = run("compare", str(old), str(new), "-o", str(tmp_path / "r.html"), "--blackline")
    assert result.returncode == 2 and "--blackline needs a .docx output" in result.stderr


def test_export_redline_against_each_format_with_open_comments(imported, tmp_path):
    from policyeditor.core.body import plain_text
    from policyeditor.review.anchors import make_anchor
    from policyeditor.review.comments import Comments

    with PolicyFile.open(imported) as pf:
        draft = pf.load_draft()
        pf.save_version(draft, "1.0", author="Ann")
        section = next(s for s, _ in draft.walk() if " privacy " in s.body)
        section.body = section.body.replace(" privacy ", " confidentiality ", 1)
        pf.save_draft(draft)
        text = plain_text(section.body)
        at = text.index("confidentiality")
        Comments(pf).comment("Carol", make_anchor(section.id, text, at, at + len("confidentiality")),
                             "Is this the right word?")
    for suffix in (".docx", ".html", ".pdf"):
        out = tmp_path / f"redline{suffix}"
        result = run("export", str(imported), "--redline-against", f"{imported}@1.0", "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 1000
    package = zipfile.ZipFile(tmp_path / "redline.docx")
    assert b"confidentiality" in package.read("word/document.xml")
    assert b"Is this the right word?" in package.read("word/comments.xml")


def test_compare_two_versions_of_a_policy_file(imported, capsys):
    with PolicyFile.open(imported) as pf:
        draft = pf.load_draft()
        pf.save_version(draft, "1.0", author="Ann")
        section = next(s for s, _ in draft.walk() if " privacy " in s.body)
        section.body = section.body.replace(" privacy ", " confidentiality ", 1)
        pf.save_draft(draft)
    capsys.readouterr()
    assert main(["compare", f"{imported}@1.0", str(imported)]) == 0
    out = capsys.readouterr().out
    assert "[-privacy-]{+confidentiality+}" in out


def test_export_each_format_marks_drafts(imported, tmp_path):
    from docx import Document as Docx

    for suffix in (".docx", ".html", ".pdf"):
        out = tmp_path / f"policy{suffix}"
        result = run("export", str(imported), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert "DRAFT" in result.stdout
        assert out.stat().st_size > 1000
    docx = Docx(str(tmp_path / "policy.docx"))
    headers = " ".join(p.text for s in docx.sections for p in s.header.paragraphs)
    assert "DRAFT" in headers
    assert (tmp_path / "policy.pdf").read_bytes().startswith(b"%PDF")
    result = run("export", str(imported), "-o", str(tmp_path / "policy.odt"))
    assert result.returncode == 2 and "use .docx, .html or .pdf" in result.stderr


def test_info_verify_catches_an_edited_approved_version(imported):
    import sqlite3

    from policyeditor.review.workflow import Workflow

    with PolicyFile.open(imported) as pf:
        pf.save_version(pf.load_draft(), "1.0", author="Ann")
        flow = Workflow(pf)
        flow.submit_for_review("1.0", actor="Ann")
        flow.approve("1.0", reviewer="Bob")
    result = run("info", str(imported), "--verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verified" in result.stdout and "sha256" in result.stdout

    with sqlite3.connect(imported) as conn:  # someone edits the file with another SQLite tool
        triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
        for name in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE contents SET body = replace(body, 'privacy', 'secrecy')")
    result = run("info", str(imported), "--verify")
    assert result.returncode == 1
    assert "TAMPERED" in result.stdout and "1.0" in result.stdout


def test_titles_that_are_only_file_names_are_not_a_change(tmp_path, capsys):
    pair = CORPUS / "pairs" / "quora-privacy-policy"  # untitled: titled by the file names v1, v2
    out = tmp_path / "r.json"
    assert main(["compare", str(pair / "v1.md"), str(pair / "v2.md"), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert not [c for c in data["changes"] if c.get("part") == "title"]
    titled = tmp_path / "titled.md"
    titled.write_text("# Quora Privacy\n\n" + (pair / "v2.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["compare", str(pair / "v1.md"), str(titled), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [c for c in data["changes"] if c.get("part") == "title"]


def test_titles_that_are_only_file_names_name_each_side_in_every_redline(tmp_path):
    """Not compared as a change, a file-name title is still each side's own in the headers."""
    (tmp_path / "alpha.md").write_text("## Scope\n\nOne two.\n", encoding="utf-8")
    (tmp_path / "beta.md").write_text("## Scope\n\nOne three.\n", encoding="utf-8")
    old, new = str(tmp_path / "alpha.md"), str(tmp_path / "beta.md")
    for suffix in (".json", ".html", ".docx", ".blackline.docx"):
        assert main(["compare", old, new, "-o", str(tmp_path / f"r{suffix}")]) == 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["old"] == {"title": "alpha", "label": "alpha.md"}
    assert data["new"] == {"title": "beta", "label": "beta.md"}
    assert not [c for c in data["changes"] if c.get("part") == "title"]
    assert "<p>alpha → beta</p>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "r.docx") as docx:
        assert b"<dc:title>beta</dc:title>" in docx.read("docProps/core.xml")
        headers = b"".join(docx.read(name) for name in docx.namelist() if name.startswith("word/header"))
    assert b"<w:t>beta</w:t>" in headers and b"<w:t>alpha</w:t>" not in headers
    with zipfile.ZipFile(tmp_path / "r.blackline.docx") as blackline:
        assert "alpha → beta".encode() in blackline.read("word/document.xml")


def test_a_file_in_a_folder_it_may_not_search_is_one_sentence(monkeypatch, capsys):
    from policyeditor import cli

    def refused(ref):
        raise PermissionError(13, "Permission denied", "/locked/in/p.policy")

    monkeypatch.setattr(cli, "cmd_verify", refused)
    assert cli.main(["info", "/locked/in/p.policy", "--verify"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["policyeditor: /locked/in/p.policy: permission denied"]


def test_each_command_parser_built_alone_is_the_whole_parsers():
    """The command line builds only the named command's parser (start-up time, issue 11): each
    gives the same help, usage and defaults as in the parser of every command."""
    from policyeditor.cli import COMMANDS, _command_parser

    def command(parser, name):
        return parser._subparsers._group_actions[0].choices[name]

    whole = _command_parser()
    for name in COMMANDS:
        alone = _command_parser(name)
        assert list(alone._subparsers._group_actions[0].choices) == [name]
        assert command(alone, name).format_help() == command(whole, name).format_help()
        assert command(alone, name).format_usage() == command(whole, name).format_usage()


@pytest.mark.parametrize("argv", [["compare", "a.md", "b.md", "-o", "r.json"],
                                  ["compare", "a.md", "b.md", "--output", "r.html"]])
def test_the_plain_compare_reads_as_argparse_does(argv):
    """`compare OLD NEW -o OUT` is read without argparse (start-up time): the same namespace,
    so an option added to the compare parser and not to the plain reading fails here."""
    from policyeditor.cli import _command_parser, _plain_compare

    assert vars(_plain_compare(argv)) == vars(_command_parser("compare").parse_args(argv))
    assert _plain_compare([*argv, "--char"]) is None and _plain_compare(argv[:3]) is None


@pytest.mark.parametrize("command, collector", [("compare", "0 False True"), ("--version", "0 True False")])
def test_the_program_runs_a_compare_without_the_garbage_collector(tmp_path, command, collector):
    """`policyeditor compare` (cli.program) ends the process with the cyclic collector off and its
    objects frozen (start-up time); any other command, and the window, keep the collector."""
    argv = ([command, str(PAIR / "v1.md"), str(PAIR / "v2.md"), "-o", str(tmp_path / "r.json")]
            if command == "compare" else [command])
    code = ("import gc, sys\nfrom policyeditor.cli import program\n"
            f"sys.argv = ['policyeditor', *{argv!r}]\nstatus = program()\n"
            "print(status, gc.isenabled(), gc.get_freeze_count() > 0)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == collector
    if command == "compare":
        assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["stats"]["changes"] > 0


def test_a_document_compared_with_its_own_export_has_no_changes(tmp_path):
    """The export's cover ('Working draft · Draft', DRAFT — not approved) and contents were read as
    two sections added: a plain import of our own DOCX leaves them out, as `import --into` did."""
    source = CORPUS / "docx" / "reddit-privacy-policy.pandoc.docx"
    out = tmp_path / "exported.docx"
    assert run("export", str(source), "-o", str(out)).returncode == 0
    result = run("compare", str(source), str(out))
    assert result.returncode == 0 and "\n0 changes (0 substantive)" in result.stdout, result.stdout[:500]
