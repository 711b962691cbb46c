"""A DOCX that comes back from Word keeps what its people did: tracked changes and comments.

Accept-all and reject-all are checked against the source's own, computed apart from
the importer (from document.xml with lxml, and as LibreOffice reads the file); every
revision author is credited; every comment becomes a thread on its words.
"""

import shutil
from pathlib import Path

import pytest

from policyeditor.cli import main
from policyeditor.core.body import plain_text
from policyeditor.diff.blame import Step, blame
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document
from policyeditor.review.comments import Comments, CommentState
from policyeditor.review.word_import import FIRST_LABEL, word_attributions
from policyeditor.store.policyfile import PolicyFile
from tests.formats.importers.word_made import COMMENTS, TRACKED_CHANGES, make_reviewed_docx
from tests.formats.importers.word_texts import (
    office_words,
    to_fodt,
    words_of,
    xml_authors,
    xml_comment_quotes,
    xml_words,
)

POI = Path(__file__).parents[2] / "data" / "poi-docx"
TRACKED = ["delins.docx", "58067.docx", "Tika-792.docx", "bug56075-changeTracking_on.docx"]
COMMENTED = ["comment.docx", "testComment.docx"]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    return make_reviewed_docx(tmp_path_factory.mktemp("made") / "reviewed.docx")


def _sources(made: Path) -> list[Path]:
    return [POI / name for name in TRACKED + COMMENTED] + [made]


def _words(result, path: Path, side: str) -> list[str]:
    policy = result.policy if side == "accept" or result.original is None else result.original
    return words_of(policy, with_title=policy.title != path.stem)


@pytest.mark.parametrize("name", TRACKED + COMMENTED + ["made"])
def test_accept_all_and_reject_all_equal_the_sources_own(name, made):
    path = made if name == "made" else POI / name
    result = import_document(path)
    assert _words(result, path, "accept") == xml_words(path, accept=True)
    assert _words(result, path, "reject") == xml_words(path, accept=False)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("lo-profile")
    return [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless"]


# Tika-792 nests a deletion inside a move's destination and an insertion inside its source:
# LibreOffice keeps the nested words where the markup (and Word) drop them, so it is no yardstick there.
@pytest.mark.parametrize("name", ["delins.docx", "58067.docx", "bug56075-changeTracking_on.docx",
                                  "testComment.docx", "made"])
def test_accept_all_and_reject_all_equal_libreoffices(name, made, office, tmp_path):
    path = tmp_path / (made.name if name == "made" else name)
    shutil.copy(made if name == "made" else POI / name, path)
    fodt = to_fodt(office, path)
    result = import_document(path)
    assert _words(result, path, "accept") == office_words(fodt, accept=True)
    assert _words(result, path, "reject") == office_words(fodt, accept=False)


@pytest.mark.parametrize("name", TRACKED[:3] + ["made"])  # bug56075 only switched tracking on
def test_every_revision_author_is_named_with_dates(name, made):
    path = made if name == "made" else POI / name
    review = import_document(path).review
    assert review is not None and review.revisions
    assert set(review.authors) == xml_authors(path)
    assert all(r.kind and r.author for r in review.revisions)


def test_the_made_document_reports_what_it_brought(made):
    result = import_document(made)
    review = result.review
    assert review.summary() == f"{TRACKED_CHANGES} tracked changes by 2 people, 4 comments"
    assert result.report[0].startswith(review.summary())
    kinds = {r.kind for r in review.revisions}
    assert kinds >= {"insertion", "deletion", "move_from", "move_to", "paragraph_inserted",
                     "paragraph_deleted", "row_inserted", "row_deleted", "formatting", "paragraph_formatting"}
    # the original and the draft are one policy's sections: ids shared, the redline exact
    assert [s.id for s, _ in result.original.walk()] == [s.id for s, _ in result.policy.walk()]
    redline = compare(result.original, result.policy)
    assert redline.accept_all().to_data()["sections"] == result.policy.to_data()["sections"]
    table = result.policy.find(result.policy.sections[1].id).body
    assert "Billing" in table and "Marketing" not in table
    assert "Marketing" in result.original.sections[1].body


@pytest.mark.parametrize("name", COMMENTED + ["made"])
def test_every_comment_is_on_exactly_its_words(name, made):
    path = made if name == "made" else POI / name
    result = import_document(path)
    placed = [c for c in result.review.comments if c.start is not None]
    accepted, rejected = xml_comment_quotes(path, accept=True), xml_comment_quotes(path, accept=False)
    expected = list(accepted.values()) + [q for k, q in rejected.items() if k not in accepted]
    for comment in placed:
        policy = result.original if comment.on_original else result.policy
        text = plain_text(policy.find(comment.section_id).body)
        assert text[comment.start:comment.end] == comment.quote
    assert set(expected) <= {c.quote for c in placed}  # every range, exactly its words
    unplaced = [c for c in result.review.comments if c.start is None]
    assert len([line for line in result.report if "is on no words" in line]) == len(unplaced)


def test_import_makes_version_one_of_the_rejected_text_and_threads_of_the_comments(made, tmp_path, capsys):
    out = tmp_path / "reviewed.policy"
    assert main(["import", str(made), "-o", str(out), "--author", "Importer"]) == 0
    printed = capsys.readouterr().out
    assert f"brought in {TRACKED_CHANGES} tracked changes by 2 people, 4 comments" in printed
    result = import_document(made)
    with PolicyFile.open(out, readonly=True) as pf:
        first = pf.version(FIRST_LABEL)
        draft = pf.load_draft()
        assert words_of(first.policy, True) == words_of(result.original, True)
        assert words_of(draft, True) == words_of(result.policy, True)
        threads = Comments(pf).threads()
        # every revision author is credited for the draft's changes (blame with the Word revisions)
        redline = compare(first.policy, draft)
        credits = blame(redline, [Step(first.policy, "Importer", first.created, FIRST_LABEL),
                                  Step(draft, "Importer", "", None, word_attributions(pf))])
        credited = {c.author for credit in credits.values() for c in credit.credits}
        assert {"Ann Reviewer", "Bob Counsel"} <= credited
    roots = {c[0]: c for c in COMMENTS if c[6] is None}
    by_body = {t.root.body: t for t in threads}
    assert set(by_body) == {c[4] for c in roots.values()}
    done = by_body["Is this still true?"]
    assert done.state == CommentState.RESOLVED and done.anchor.quote == "We never sell data."
    assert done.root.author == "Ann Reviewer" and done.root.initials == "AR"
    assert done.root.created == "2026-03-02T09:20:00Z"
    assert [(r.author, r.body, r.created) for r in done.replies] == [
        ("Bob Counsel", "Yes, confirmed with sales.", "2026-03-04T16:45:00Z")]
    on_deleted = by_body["Why drop this?"]
    assert on_deleted.root.version == FIRST_LABEL and on_deleted.anchor.quote == "every purchase"
    assert by_body["Which service?"].anchor.quote == "run the service"
    which = by_body["Which service?"]
    assert which.root.version is None and which.state == CommentState.OPEN


@pytest.mark.parametrize("name", TRACKED + COMMENTED)
def test_poi_files_import_into_a_policy_with_what_they_hold(name, tmp_path, capsys):
    out = tmp_path / "x.policy"
    assert main(["import", str(POI / name), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    result = import_document(POI / name)
    if result.review is None:  # tracking switched on, nothing tracked: an ordinary import
        assert "brought in" not in printed and result.original is None
        return
    assert f"brought in {result.review.summary()}" in printed
    with PolicyFile.open(out, readonly=True) as pf:
        labels = [v.label for v in pf.versions()]
        assert labels == ([FIRST_LABEL] if result.review.revisions else [])
        threads = Comments(pf).threads()
    assert len(threads) == len([c for c in result.review.comments if c.start is not None])
    for thread, comment in zip(threads, [c for c in result.review.comments if c.start is not None],
                               strict=True):
        assert thread.anchor.quote == comment.quote and thread.root.author == comment.author


def test_a_redline_we_send_comes_back_with_its_changes_and_threads(tmp_path):
    """Round trip: our redline DOCX (tracked changes, a thread with a reply, one done) read back in."""
    from policyeditor.formats.redline.docx_comments import DocxComment, DocxReply
    from tests.formats.redline.test_docx import exports, moved_policies

    old, new = moved_policies()
    comments = [DocxComment("rights", "personal data", "Ann Reviewer", "AR", "Why personal?",
                            "2026-03-02T09:15:00Z",
                            (DocxReply("Bob Counsel", "BC", "The law says so.", "2026-03-03T10:00:00Z"),)),
                DocxComment("rights", "at any time", "Cy", "C", "Settled.", "2026-03-04T08:00:00Z", (), True)]
    out, clean_old, clean_new = exports(old, new, tmp_path, comments=comments)
    result = import_document(out)
    def bodies(policy):  # each headed section's words (the redline's cover block is its own)
        return {s.heading: plain_text(s.body).split() for s, _ in policy.walk() if s.heading}

    assert bodies(result.policy) == bodies(import_document(clean_new).policy)
    assert bodies(result.original) == bodies(import_document(clean_old).policy)
    threads = {c.body: c for c in result.review.comments}
    why = threads["Why personal?"]
    assert why.quote == "personal data" and why.author == "Ann Reviewer"
    assert why.date == "2026-03-02T09:15:00Z"
    assert [(r.author, r.body, r.date) for r in why.replies] == [
        ("Bob Counsel", "The law says so.", "2026-03-03T10:00:00Z")]
    assert threads["Settled."].done and threads["Settled."].quote == "at any time"
    assert not why.done


def test_a_comment_on_no_words_is_not_counted_as_brought_in(tmp_path, capsys):
    """comment.docx's one comment is on no words: the summary says so, not "brought in 1 comment"."""
    assert main(["import", str(POI / "comment.docx"), "-o", str(tmp_path / "c.policy")]) == 0
    printed = capsys.readouterr().out
    assert "brought in no comments, 1 comment on no words of the text, left out" in printed
    assert "brought in 1 comment" not in printed


def _with_tracked_note_edits(path: Path, out: Path) -> Path:
    """`path` (a clean export) with Rita's tracked insertion in its footnote and Bob's in its body."""
    import zipfile

    from lxml import etree

    from policyeditor.formats.ooxml.names import W

    def tracked(author: str, text: str):
        ins = etree.Element(W + "ins", {W + "id": str(800 + len(author)), W + "author": author,
                                        W + "date": "2026-12-08T09:00:00Z"})
        t = etree.SubElement(etree.SubElement(ins, W + "r"), W + "t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return ins

    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    for name, author, after, text in (("word/footnotes.xml", "Rita Reviewer", "seven years", " at most"),
                                      ("word/document.xml", "Bob Counsel", "keep data", " safely")):
        root = etree.fromstring(parts[name])
        run = next(t.getparent() for t in root.iter(W + "t") if after in (t.text or ""))
        head, tail = run.find(W + "t").text.split(after, 1)
        run.find(W + "t").text = head + after
        rest = etree.Element(W + "r")
        etree.SubElement(rest, W + "t").text = tail
        run.addnext(tracked(author, text))
        run.getnext().addnext(rest)
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out


def test_a_tracked_change_in_a_footnote_is_credited_to_its_word_author(tmp_path, capsys):
    """A footnote's revisions are read as the body's: placed in their section, credited, counted."""
    import json

    from policyeditor.core.model import Policy, Section

    source = tmp_path / "notes.policy"
    policy = Policy(title="Retention", sections=[
        Section("Keeping", "We keep data<fn>For seven years.</fn> for the service.", id="keep")])
    with PolicyFile.create(source, policy, author="Ada Author") as pf:
        pf.save_version(policy, "1.0", author="Ada Author")
    clean = tmp_path / "clean.docx"
    assert main(["export", f"{source}@1.0", "-o", str(clean)]) == 0
    returned = _with_tracked_note_edits(clean, tmp_path / "returned.docx")
    result = import_document(returned)
    by_author = {r.author: r for r in result.review.revisions}
    assert by_author["Rita Reviewer"].text == " at most" and by_author["Rita Reviewer"].section_id
    assert by_author["Bob Counsel"].section_id == by_author["Rita Reviewer"].section_id
    out = tmp_path / "back.policy"
    capsys.readouterr()
    assert main(["import", str(returned), "-o", str(out), "--author", "Importer"]) == 0
    assert "brought in 2 tracked changes by 2 people" in capsys.readouterr().out
    assert main(["info", str(out), "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)["draft_changes"]
    assert {(c["new_text"].strip(), c["author"]) for c in changes} == {("at most", "Rita Reviewer"),
                                                                      ("safely", "Bob Counsel")}
