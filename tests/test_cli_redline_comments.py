"""A redline DOCX carries the open comments of both texts: the draft's on its words, and the base
version's on theirs, which in the redline are still there as kept or deleted words."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from policyeditor.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = ("1. SCOPE\n\nWe collect some data about you and keep it for seven years.\n\n"
     "2. SHARING\n\nWe share data with partners and affiliates.\n\n"
     "3. SALES\n\nWe never sell your data.\n")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def reviewed(tmp_path, capsys):
    """c.policy: Rita's two open comments on version 1.0 (one on words the draft deleted, one in a
    section it deleted), one resolved, and Bob's on the draft's new words."""
    (tmp_path / "a.txt").write_text(A)
    b = A.replace("seven years", "ten years").replace("partners and ", "")
    (tmp_path / "b.txt").write_text(b[:b.index("3. SALES")])
    f = tmp_path / "c.policy"
    run(capsys, "import", tmp_path / "a.txt", "-o", f)
    run(capsys, "version", f, "--label", "1.0", "--author", "Ada")
    for section, quote, text in (("2.", "partners and affiliates", "Who are the partners?"),
                                 ("3", "never sell", "Not even to affiliates?"),
                                 ("1", "some data", "Which data?")):
        run(capsys, "comment", f"{f}@1.0", "--section", section, "--quote", quote, "--text", text,
            "--author", "Rita")
    from policyeditor.review.comments import Comments
    from policyeditor.store.policyfile import PolicyFile

    with PolicyFile.open(f) as pf:
        comments = Comments(pf)
        comments.resolve(next(t.id for t in comments.threads() if t.anchor.quote == "some data"), "Ada")
    run(capsys, "import", tmp_path / "b.txt", "--into", f, "--author", "Ada")
    run(capsys, "comment", f, "--section", "1", "--quote", "ten years", "--text", "Ten?", "--author", "Bob")
    return f


def commented(docx) -> dict[str, tuple[str, bool]]:
    """Each Word comment's text → (the words its range covers, deleted ones too; whether its
    reference stands inside a deletion)."""
    with zipfile.ZipFile(docx) as z:
        names = z.namelist()
        assert "word/comments.xml" in names
        comments = etree.fromstring(z.read("word/comments.xml"))
        document = etree.fromstring(z.read("word/document.xml"))
    texts = {c.get(W + "id"): "".join(c.itertext()) for c in comments.iter(W + "comment")}
    open_ids: set[str] = set()
    covered: dict[str, str] = {}
    inside_deletion: dict[str, bool] = {}
    for el in document.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(el.get(W + "id"))
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(el.get(W + "id"))
        elif el.tag in (W + "t", W + "delText"):
            for cid in open_ids:
                covered[cid] = covered.get(cid, "") + (el.text or "")
        elif el.tag == W + "commentReference":
            inside_deletion[el.get(W + "id")] = any(a.tag in (W + "del", W + "moveFrom")
                                                    for a in el.iterancestors())
    return {texts[cid]: (covered.get(cid, ""), inside_deletion[cid]) for cid in texts}


@pytest.mark.parametrize("command", ["export", "compare"])
def test_the_base_versions_open_comments_stand_on_their_words_in_the_redline(reviewed, capsys, command):
    out = reviewed.with_name("r.docx")
    if command == "export":
        run(capsys, "export", reviewed, "-o", out, "--redline-against", f"{reviewed}@1.0")
    else:
        run(capsys, "compare", f"{reviewed}@1.0", reviewed, "-o", out)
    found = commented(out)
    assert found == {
        "Ten?": ("ten years", False),
        # deleted "partners and " and kept "affiliates"; the reference after the deletion, so
        # accepting it keeps the thread
        "Who are the partners?": ("partners and affiliates", False),
        "Not even to affiliates?": ("never sell", False),  # in the section the draft deleted
    }


def test_a_redline_of_a_version_against_itself_holds_its_comments_once(reviewed, capsys):
    out = reviewed.with_name("same.docx")
    run(capsys, "compare", f"{reviewed}@1.0", f"{reviewed}@1.0", "-o", out)
    assert sorted(commented(out)) == ["Not even to affiliates?", "Who are the partners?"]
