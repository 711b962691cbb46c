"""What a version label and a person's name may be, and that every command reads `@approved` alike."""

from __future__ import annotations

import json

import pytest

from policyeditor.cli import main
from policyeditor.review.comments import Comments
from policyeditor.store.policyfile import PolicyFile
from policyeditor.store.versions import label_refusal

V1 = "1. SCOPE\n\nWe keep data for seven years.\n"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *argv) -> str:
    """The one line a refused command says; it exits 2."""
    code, _, err = run(capsys, *argv)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err.strip()


@pytest.fixture
def lab(tmp_path, capsys):
    """lab.policy: version 1.0 approved (by Bob), a draft saying "ten" since."""
    (tmp_path / "v1.txt").write_text(V1)
    (tmp_path / "v2.txt").write_text(V1.replace("seven", "ten"))
    f = tmp_path / "lab.policy"
    assert run(capsys, "import", tmp_path / "v1.txt", "-o", f)[0] == 0
    assert run(capsys, "version", f, "--label", "1.0", "--author", "Ada")[0] == 0
    assert run(capsys, "submit", f"{f}@1.0", "--actor", "Ada")[0] == 0
    assert run(capsys, "approve", f"{f}@1.0", "--actor", "Bob")[0] == 0
    assert run(capsys, "import", tmp_path / "v2.txt", "--into", f, "--author", "Ada")[0] == 0
    return f


@pytest.mark.parametrize("label, says", [
    ("approved", "'approved' is a reserved name (FILE.policy@approved means the newest approved version)"),
    (" Approved ", "'Approved' is a reserved name"),
    ("x@y", "'x@y' holds an '@'"),
    ("   ", "a version needs a label"),
    ("a\nb", "one line"),
])
def test_a_label_that_could_not_be_named_back_is_refused(lab, capsys, label, says):
    assert says in refused(capsys, "version", lab, "--label", label, "--author", "Ada")
    with PolicyFile.open(lab, readonly=True) as pf:
        assert [v.label for v in pf.versions()] == ["1.0"]


def test_the_store_and_the_window_share_the_label_rule():
    assert label_refusal("2.1") is None and label_refusal(" 2.1 ") is None
    assert "reserved" in label_refusal("APPROVED")


def test_comment_submit_and_approve_read_at_approved_as_info_and_export_do(lab, capsys):
    """`@approved` named the version labelled "approved" for comment/submit/approve, the newest
    approved one for info/export: now every command reads it as the newest approved version."""
    code, out, _ = run(capsys, "info", f"{lab}@approved", "--json")
    assert code == 0 and json.loads(out)["label"] == "1.0"
    code, out, _ = run(capsys, "info", f"{lab}@APPROVED", "--json")  # reserved in any case, as labels are
    assert code == 0 and json.loads(out)["label"] == "1.0"
    code, out, err = run(capsys, "comment", f"{lab}@approved", "--section", "1.", "--quote", "years",
                         "--text", "which?", "--author", "Rita")
    assert code == 0 and "lab.policy@1.0" in out, err
    with PolicyFile.open(lab, readonly=True) as pf:
        assert [t.root.version for t in Comments(pf).threads()] == ["1.0"]
    assert "version '1.0' is approved" in refused(capsys, "submit", f"{lab}@approved", "--actor", "Ada")
    assert "version '1.0' is approved" in refused(capsys, "approve", f"{lab}@approved", "--actor", "Eve")


def test_at_approved_without_an_approved_version_is_one_line(tmp_path, capsys):
    (tmp_path / "v1.txt").write_text(V1)
    f = tmp_path / "new.policy"
    run(capsys, "import", tmp_path / "v1.txt", "-o", f)
    run(capsys, "version", f, "--label", "1.0", "--author", "Ada")
    for argv in (("submit", f"{f}@approved", "--actor", "Ada"),
                 ("comment", f"{f}@approved", "--section", "1", "--quote", "keep", "--text", "x",
                  "--author", "R")):
        assert "new.policy has no approved version" in refused(capsys, *argv)


@pytest.fixture
def submitted(tmp_path, capsys):
    """sa.policy: version 1.0 by Ada, in review."""
    (tmp_path / "v1.txt").write_text(V1)
    f = tmp_path / "sa.policy"
    run(capsys, "import", tmp_path / "v1.txt", "-o", f)
    assert run(capsys, "version", f, "--label", "1.0", "--author", "Ada")[0] == 0
    assert run(capsys, "submit", f"{f}@1.0", "--actor", "Ada")[0] == 0
    return f


@pytest.mark.parametrize("actor", [" Ada", "ada", "ADA  ", "\tAda"])
def test_a_space_or_a_capital_does_not_let_the_author_approve_her_own_version(submitted, capsys, actor):
    says = refused(capsys, "approve", f"{submitted}@1.0", "--actor", actor)
    assert "Ada wrote version '1.0' and cannot approve it" in says


def test_an_empty_name_is_refused_by_every_step(submitted, capsys):
    assert "say who saves version '1.1'" in refused(capsys, "version", submitted, "--label", "1.1",
                                                      "--author", " ")
    run(capsys, "version", submitted, "--label", "1.1", "--author", "Ada")
    assert "say who submits version '1.1'" in refused(capsys, "submit", f"{submitted}@1.1", "--actor", "")
    assert "say who approves version '1.0'" in refused(capsys, "approve", f"{submitted}@1.0", "--actor", "  ")
    assert "say who comments" in refused(capsys, "comment", submitted, "--section", "1", "--quote", "keep",
                                         "--text", "x", "--author", "")


def test_names_are_recorded_trimmed_with_one_space_between_words(submitted, capsys):
    assert run(capsys, "version", submitted, "--label", "1.1", "--author", "  Ada   Lovelace ")[0] == 0
    code, _, err = run(capsys, "approve", f"{submitted}@1.0", "--actor", " Bob  Counsel ")
    assert code == 0, err
    from policyeditor.review.workflow import Workflow

    with PolicyFile.open(submitted, readonly=True) as pf:
        assert pf.version("1.1").author == "Ada Lovelace"
        assert Workflow(pf).approvals("1.0")[0].reviewer == "Bob Counsel"
        assert {e.actor for e in pf.audit_log()} == {"", "Ada", "Ada Lovelace", "Bob Counsel"}


def test_only_the_author_edits_her_comment_whatever_the_case(submitted):
    from policyeditor.core.errors import WorkflowError
    from policyeditor.review.anchors import make_anchor

    with PolicyFile.open(submitted) as pf:
        comments = Comments(pf)
        section = pf.load_draft().sections[0]
        made = comments.comment(" Rita ", make_anchor(section.id, "We keep", 0, 7), "Why?")
        assert made.author == "Rita"
        assert comments.edit(made.id, "rita", "Why so?").body == "Why so?"
        with pytest.raises(WorkflowError, match="only Rita can edit"):
            comments.edit(made.id, "Ada", "Mine now")


def test_an_empty_quote_is_one_line_and_a_number_may_leave_out_its_dot(submitted, capsys):
    assert "--quote needs the words" in refused(capsys, "comment", submitted, "--section", "1.",
                                                "--quote", "", "--text", "x", "--author", "Rita")
    code, out, err = run(capsys, "comment", submitted, "--section", "1", "--quote", "years", "--text", "x",
                         "--author", "Rita")
    assert code == 0 and "on section 1. of" in out, err
    says = refused(capsys, "comment", submitted, "--section", "7", "--quote", "years", "--text", "x",
                   "--author", "Rita")
    assert says == "policyeditor: sa.policy has no section 7; its sections are 1."


def test_a_comment_is_anchored_on_the_words_a_reader_sees(tmp_path, capsys):
    """The command found the quote in the section's markup (**bold**), so the anchor's offsets and
    context were the markup's, not the plain text's every view anchors on."""
    (tmp_path / "p.md").write_text("# P\n\n## Scope\n\nWe **keep** data for seven years.\n")
    f = tmp_path / "p.policy"
    run(capsys, "import", tmp_path / "p.md", "-o", f)
    code, _, err = run(capsys, "comment", f, "--section", "1", "--quote", "data for", "--text", "x",
                       "--author", "Rita")
    assert code == 0, err
    with PolicyFile.open(f, readonly=True) as pf:
        anchor = Comments(pf).threads()[0].anchor
    assert (anchor.start, anchor.end, anchor.prefix) == (8, 16, "We keep ")


def test_an_identity_is_named_as_a_name_without_a_key_is_recorded(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    monkeypatch.setenv("POLICYEDITOR_PASSPHRASE", "secret")
    run(capsys, "identity", "new", "--name", "  Ada   Lovelace ", "-o", tmp_path / "ada")
    code, out, _ = run(capsys, "identity", "show", tmp_path / "ada.pub")
    assert code == 0 and out.splitlines()[0] == "Ada Lovelace"
