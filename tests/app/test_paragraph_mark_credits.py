"""A change made of a Word paragraph mark (Enter pressed, or two paragraphs joined) is its Word author's.

A tracked paragraph mark has no words of its own, so its changes were credited to
nobody (JSON credits author '', the tracked DOCX 'policyeditor', both dated today):
in 58067.docx the paragraph Henning Femmer split, in Tika-792.docx the paragraph
"Author" emptied.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from policyeditor.cli import main
from policyeditor.core.model import Policy, Section, Status
from policyeditor.diff.redline import compare
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments
from policyeditor.review.credits import credits_between
from policyeditor.store.policyfile import PolicyFile
from tests.app.word_user import WordUser

POI = Path(__file__).parents[1] / "data" / "poi-docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HENNING = {("Henning Femmer", "2015-06-19T16:58:00Z"), ("Henning Femmer", "2015-06-19T17:00:00Z")}
ADA, BOB, BOB_AT = "Ada Author", "Bob Counsel", "2026-05-10T11:00:00Z"


def _redlines(source: Path, folder: Path) -> tuple[dict, docx.Document]:
    """The JSON and the tracked DOCX redline of an imported Word document's tracked changes."""
    policy = folder / "tracked.policy"
    assert main(["import", str(source), "-o", str(policy)]) == 0
    outs = folder / "redline.json", folder / "redline.docx"
    for out in outs:
        assert main(["compare", f"{policy}@1.0", str(policy), "-o", str(out)]) == 0
    return json.loads(outs[0].read_text()), docx.Document(str(outs[1]))


def _revision_credits(document: docx.Document) -> set[tuple[str | None, str | None]]:
    return {(e.get(W + "author"), e.get(W + "date")) for e in document.element.body.iter()
            if e.get(W + "author") is not None}


def test_58067s_split_paragraph_is_henning_femmers_in_json_and_docx(tmp_path, capsys):
    redline, tracked = _redlines(POI / "58067.docx", tmp_path)
    credits = {(c["old_text"], c["new_text"]): [(k["author"], k["date"]) for k in c["credits"]]
               for c in redline["changes"]}
    assert credits[("", "\n\n5")] == [("Henning Femmer", "2015-06-19T17:00:00Z")]
    assert credits[("5This", "This")] == [("Henning Femmer", "2015-06-19T17:00:00Z")]
    assert {credit for each in credits.values() for credit in each} <= HENNING
    assert _revision_credits(tracked) <= HENNING


def test_tika_792s_emptied_paragraph_is_its_authors(tmp_path, capsys):
    redline, tracked = _redlines(POI / "Tika-792.docx", tmp_path)
    assert [[k["author"] for k in c["credits"]] for c in redline["changes"]] == [["Author"]]
    assert {author for author, _ in _revision_credits(tracked)} == {"Author"}


def _two_paragraphs() -> Policy:
    return Policy(title="Privacy policy", sections=[
        Section("About", "We collect your data to provide the service. We keep it safe.", id="about"),
        Section("Sharing", "We share data with partners.\n\nPartners sign our terms.", id="sharing"),
    ])


@pytest.fixture
def returned(tmp_path) -> Path:
    """A policy whose redline Bob returns with one paragraph split and two joined (with a space)."""
    path = tmp_path / "privacy.policy"
    with PolicyFile.create(path, _two_paragraphs(), author=ADA) as pf:
        pf.save_version(_two_paragraphs(), "1.0", author=ADA)
        pf.set_status("1.0", Status.APPROVED, actor=ADA)
        pf.save_draft(_two_paragraphs())
        comments = Comments(pf)  # a thread with a reply: the redline has the parts Word users edit
        thread = comments.comment(ADA, make_anchor("about", _two_paragraphs().find("about").body, 3, 10),
                                  "Which data?", created="2026-04-02T10:00:00Z")
        comments.reply(thread.id, ADA, "Names.", created="2026-04-03T10:00:00Z")
    sent = tmp_path / "sent.docx"
    assert main(["compare", f"{path}@1.0", str(path), "-o", str(sent)]) == 0
    bob = WordUser(sent, BOB, BOB_AT)
    bob.split_after("the service. ")
    bob.join_after("with partners.")
    bob.insert_after("with partners.", " ")
    assert main(["import", str(bob.save(tmp_path / "returned.docx")), "--into", str(path),
                 "--author", ADA]) == 0
    return path


def test_paragraphs_split_and_joined_in_word_are_credited_to_who_did_it(returned, capsys):
    with PolicyFile.open(returned, readonly=True) as pf:
        draft, sent = pf.load_draft(), pf.version("1.0").policy
        assert draft.find("about").body == "We collect your data to provide the service.\n\nWe keep it safe."
        assert draft.find("sharing").body == "We share data with partners. Partners sign our terms."
        redline = compare(sent, draft)
        credits = credits_between(pf, redline, "1.0", None)
    assert len(redline.changes) == 2
    assert {(c.last.author, c.last.date) for c in credits.values()} == {(BOB, BOB_AT)}
    again = returned.parent / "again.docx"
    assert main(["compare", f"{returned}@1.0", str(returned), "-o", str(again)]) == 0
    assert {author for author, _ in _revision_credits(docx.Document(str(again)))} == {BOB}
