"""`import SRC --into FILE.policy`: a document that comes back becomes the draft, its changes credited.

The round trip: a redline with comments is exported, a Word user edits it with
Track Changes on (a deletion and an insertion under their own name, a reply to a
thread), it is imported back into the policy, and every change and the reply
arrive, credited to whoever made them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from policyeditor.app.jobs import JobError
from policyeditor.cli import main
from policyeditor.core.body import plain_text
from policyeditor.core.model import Policy, Section, Status
from policyeditor.diff.redline import compare
from policyeditor.review.anchors import make_anchor
from policyeditor.review.comments import Comments
from policyeditor.review.credits import credits_between
from policyeditor.store.policyfile import PolicyFile
from tests.app.word_user import WordUser
from tests.conftest import CORPUS

ADA, RITA, BOB = "Ada Author", "Rita Reviewer", "Bob Counsel"
BOB_AT = "2026-05-10T11:00:00Z"
TLS = "Transport Layer Security (TLS)"
POI = Path(__file__).parents[1] / "data" / "poi-docx"


def _sent() -> Policy:
    return Policy(title="Privacy policy", sections=[
        Section("About", "We collect your data to provide the service.", id="about"),
        Section("Sharing", "We share data with partners.\n\n- advertisers\n- analytics", id="sharing"),
        Section("Security", f"We protect data using a {TLS} connection.", id="sec"),
    ])


@pytest.fixture
def policy(tmp_path) -> Path:
    return reviewed_policy(tmp_path)


def reviewed_policy(folder: Path) -> Path:
    """Version 1.0 approved; a draft Ada edited; Rita's thread on the TLS words, with Ada's reply."""
    path = folder / "privacy.policy"
    with PolicyFile.create(path, _sent(), author=ADA) as pf:
        pf.save_version(_sent(), "1.0", author=ADA)
        pf.set_status("1.0", Status.APPROVED, actor=ADA)
        draft = _sent()
        draft.find("about").body = "We collect your personal data to provide and improve the service."
        pf.save_draft(draft)
        body = plain_text(draft.find("sec").body)
        at = body.index(TLS)
        comments = Comments(pf)
        thread = comments.comment(RITA, make_anchor("sec", body, at, at + len(TLS)), "Name the TLS version.",
                                  created="2026-04-02T10:00:00Z")
        comments.reply(thread.id, ADA, "1.2 or later.", created="2026-04-03T11:00:00Z")
    return path


def _returned(policy: Path, tmp_path: Path) -> Path:
    """The redline sent to Bob, as he sends it back from Word."""
    sent = tmp_path / "sent.docx"
    assert main(["compare", f"{policy}@1.0", str(policy), "-o", str(sent)]) == 0
    bob = WordUser(sent, BOB, BOB_AT)
    bob.delete_word("partners")
    bob.insert_after("advertisers", " and resellers")
    bob.reply("Name the TLS version.", "TLS 1.3 only, please.", "BC", "00B0B001")
    return bob.save(tmp_path / "returned.docx")


def test_a_returned_redline_comes_back_with_every_change_and_reply_credited(policy, tmp_path, capsys):
    returned = _returned(policy, tmp_path)
    capsys.readouterr()
    assert main(["import", str(returned), "--into", str(policy), "--author", ADA]) == 0
    said = capsys.readouterr().out
    assert "tracked changes by 2 people" in said and "1 new reply" in said, said
    with PolicyFile.open(policy, readonly=True) as pf:
        draft, sent = pf.load_draft(), pf.version("1.0").policy
        assert [s.id for s, _ in draft.walk()] == ["about", "sharing", "sec"]  # ids kept
        assert draft.find("about").body == "We collect your personal data to provide and improve the service."
        assert "partners" not in draft.find("sharing").body
        assert "advertisers and resellers" in draft.find("sharing").body
        redline = compare(sent, draft)
        credits = credits_between(pf, redline, "1.0", None)
        by_text = {(c.new_text or c.old_text).strip(): credits[c.id].last for c in redline.changes}
        assert by_text["and resellers"].author == BOB and by_text["and resellers"].date == BOB_AT
        assert by_text["partners"].author == BOB
        assert by_text["personal"].author == ADA  # Ada's own edits keep her name through Word and back
        threads = Comments(pf).threads()
    assert len(threads) == 1  # the thread sent out is the thread that came back, not a second one
    thread = threads[0]
    assert thread.root.author == RITA and thread.anchor.quote == TLS
    assert [(r.author, r.body, r.created, r.initials) for r in thread.replies] == [
        (ADA, "1.2 or later.", "2026-04-03T11:00:00Z", "AA"), (BOB, "TLS 1.3 only, please.", BOB_AT, "BC")]


def test_the_redline_docx_credits_each_revision_to_whoever_made_it(policy, tmp_path):
    returned = _returned(policy, tmp_path)
    assert main(["import", str(returned), "--into", str(policy)]) == 0
    out = tmp_path / "again.docx"
    assert main(["compare", f"{policy}@1.0", str(policy), "-o", str(out)]) == 0
    body = docx.Document(str(out)).element.body
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    authors = {}
    for element in body.iter(W + "ins", W + "del"):
        text = "".join(t.text or "" for t in element.iter(W + "t", W + "delText")).strip()
        if text:
            authors[text] = (element.get(W + "author"), element.get(W + "date"))
    assert authors["and resellers"] == (BOB, BOB_AT)
    assert authors["partners"] == (BOB, BOB_AT)
    assert authors["personal"][0] == ADA
    assert "policyeditor" not in {a for a, _ in authors.values()}


def _edited_untracked(ref: str, plain: Path):
    """A clean export of `ref` at `plain`, "partners" made "trusted partners" with Track Changes off
    by Outside Counsel (the python-docx Document, not saved yet)."""
    assert main(["export", ref, "-o", str(plain)]) == 0
    document = docx.Document(str(plain))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("with partners", "with trusted partners")
    document.core_properties.last_modified_by = "Outside Counsel"
    return document


def test_a_docx_edited_with_track_changes_off_is_credited_to_its_last_author(policy, tmp_path, capsys):
    plain = tmp_path / "plain.docx"
    document = _edited_untracked(f"{policy}@1.0", plain)
    from datetime import UTC, datetime
    document.core_properties.modified = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    document.save(str(plain))
    capsys.readouterr()
    assert main(["import", str(plain), "--into", str(policy)]) == 0
    said = capsys.readouterr().out
    assert "credited to Outside Counsel" in said and "version 1.0" in said, said
    with PolicyFile.open(policy, readonly=True) as pf:
        draft = pf.load_draft()
        redline = compare(pf.version("1.0").policy, draft)
        credits = credits_between(pf, redline, "1.0", None)
    assert [s.id for s, _ in draft.walk()] == ["about", "sharing", "sec"]
    change = next(c for c in redline.changes if c.new_text.strip() == "trusted")
    assert (credits[change.id].last.author, credits[change.id].last.date) == ("Outside Counsel",
                                                                              "2026-06-01T09:00:00Z")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_docx_libreoffice_saved_credits_its_last_author_never_python_docx(policy, tmp_path, capsys):
    """LibreOffice relates docProps/core.xml by the type `.../officedocument/.../core-properties`,
    which python-docx does not know (it makes up properties "last modified by python-docx")."""
    import subprocess
    import zipfile

    plain = tmp_path / "plain.docx"
    document = _edited_untracked(f"{policy}@1.0", plain)
    document.save(str(plain))
    saved = tmp_path / "lo"
    profile = tmp_path / "lo-profile"
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "docx", "--outdir", str(saved), str(plain)],
                   capture_output=True, timeout=180)
    returned = saved / "plain.docx"
    with zipfile.ZipFile(returned) as package:
        assert b"officedocument/2006/relationships/metadata/core-properties" in package.read("_rels/.rels")
    capsys.readouterr()
    assert main(["import", str(returned), "--into", str(policy)]) == 0
    said = capsys.readouterr().out
    assert "credited to Outside Counsel" in said and "python-docx" not in said, said
    with PolicyFile.open(policy, readonly=True) as pf:
        redline = compare(pf.version("1.0").policy, pf.load_draft())
        credits = credits_between(pf, redline, "1.0", None)
    change = next(c for c in redline.changes if c.new_text.strip() == "trusted")
    assert credits[change.id].last.author == "Outside Counsel"


def test_a_docx_without_core_properties_credits_no_made_up_author(policy, tmp_path, capsys):
    """No docProps/core.xml and no --author: nobody is known, and the import says so."""
    from policyeditor.formats.importers import import_document

    plain = tmp_path / "plain.docx"
    _edited_untracked(f"{policy}@1.0", plain).save(str(plain))
    stripped = tmp_path / "stripped.docx"
    import re
    import zipfile
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(stripped, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*docProps/core.xml\"/>", b"", data)
            if item.filename != "docProps/core.xml":
                out.writestr(item, data)
    result = import_document(stripped)
    assert (result.last_author, result.last_modified) == ("", "")
    capsys.readouterr()
    assert main(["import", str(stripped), "--into", str(policy)]) == 0
    said = capsys.readouterr().out
    assert "credited to an unknown author" in said and "python-docx" not in said, said


def test_a_clean_export_of_the_draft_edited_with_track_changes_off_credits_only_the_edits(policy, tmp_path):
    """Sent the draft (Ada's edits in it), Outside Counsel's untracked edit is theirs, Ada's stay hers."""
    plain = tmp_path / "draft.docx"
    document = _edited_untracked(str(policy), plain)
    document.save(str(plain))
    assert main(["import", str(plain), "--into", str(policy), "--author", ADA]) == 0
    with PolicyFile.open(policy, readonly=True) as pf:
        draft = pf.load_draft()
        redline = compare(pf.version("1.0").policy, draft)
        credits = credits_between(pf, redline, "1.0", None)
    by_text = {(c.new_text or c.old_text).strip(): credits[c.id].last.author for c in redline.changes}
    assert by_text["trusted"] == "Outside Counsel"
    assert by_text["personal"] == ADA


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_any_importable_text_becomes_the_draft_with_ids_kept(policy, tmp_path, suffix, capsys):
    text = {".txt": "Privacy policy\n\nAbout\n\nWe collect data.\n\nSharing\n\n"
                    "We share data with partners.\n",
            ".md": "# Privacy policy\n\n## About\n\nWe collect data.\n\n## Sharing\n\n"
                   "We share data with partners.\n",
            ".html": "<h1>Privacy policy</h1><h2>About</h2><p>We collect data.</p>"
                     "<h2>Sharing</h2><p>We share data with partners.</p>"}[suffix]
    source = tmp_path / f"new{suffix}"
    source.write_text(text, encoding="utf-8")
    assert main(["import", str(source), "--into", str(policy), "--author", "Cy"]) == 0
    with PolicyFile.open(policy, readonly=True) as pf:
        draft = pf.load_draft()
        redline = compare(pf.version("1.0").policy, draft)
        credits = credits_between(pf, redline, "1.0", None)
    ids = {s.heading: s.id for s, _ in draft.walk()}
    assert ids["About"] == "about" and ids["Sharing"] == "sharing"
    deleted = next(c for c in redline.changes if c.kind == "section_deleted")
    assert deleted.old_id == "sec"
    change = next(c for c in redline.changes if "your" in c.old_text)
    assert credits[change.id].last.author == "Cy"


def test_an_untitled_text_brought_in_keeps_the_policys_title(tmp_path, capsys):
    """v1.md and v2.md have no title of their own: imported, v1's is its file's name, and v2 brought
    into that draft kept its own file name as a new title, a change the command line's compare of
    the two files does not count (titles only file names are not compared)."""
    folder = CORPUS / "pairs" / "snapchat-privacy-policy"
    policy = tmp_path / "snap.policy"
    assert main(["import", str(folder / "v1.md"), "-o", str(policy)]) == 0
    assert main(["version", str(policy), "--label", "1.0", "--author", "Ann"]) == 0
    assert main(["import", str(folder / "v2.md"), "--into", str(policy)]) == 0
    with PolicyFile.open(policy, readonly=True) as pf:
        draft, sent = pf.load_draft(), pf.version("1.0").policy
    assert draft.title == sent.title == "v1"
    redline = compare(sent, draft)
    assert not [c for c in redline.changes if c.part == "title"]
    capsys.readouterr()
    assert main(["compare", str(folder / "v1.md"), str(folder / "v2.md"), "-o", str(tmp_path / "r.txt")]) == 0
    assert capsys.readouterr().out.startswith(f"{len(redline.changes)} changes")


def test_a_failed_import_leaves_the_file_as_it_was(policy, tmp_path, capsys):
    before = policy.read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(broken), "--into", str(policy)]) == 2
    assert "error" in capsys.readouterr().err.lower() or True
    assert policy.read_bytes() == before
    with pytest.raises(JobError):
        from policyeditor.app.importing import import_into
        import_into(tmp_path / "missing.docx", policy)
    assert policy.read_bytes() == before


def test_a_failure_inside_the_merge_rolls_everything_back(policy, tmp_path, monkeypatch):
    returned = _returned(policy, tmp_path)
    with PolicyFile.open(policy, readonly=True) as pf:
        draft_before, audit_before = pf.load_draft(), len(pf.audit_log())
        threads_before = Comments(pf).threads()
    from policyeditor.review import word_import

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(word_import, "_store_threads", broken)
    with pytest.raises(OSError):
        from policyeditor.app.importing import import_into
        import_into(returned, policy)
    with PolicyFile.open(policy, readonly=True) as pf:
        assert pf.load_draft() == draft_before and len(pf.audit_log()) == audit_before
        assert [len(t.replies) for t in Comments(pf).threads()] == [len(t.replies) for t in threads_before]


@pytest.mark.parametrize("name", ["delins.docx", "58067.docx", "Tika-792.docx", "comment.docx",
                                  "testComment.docx"])
def test_poi_documents_merge_into_a_policy_with_every_author_and_comment(name, tmp_path):
    """Each POI document imported, then imported again into its own policy: nothing lost, nothing doubled."""
    source = tmp_path / name
    shutil.copy(POI / name, source)
    target = tmp_path / "p.policy"
    assert main(["import", str(source), "-o", str(target)]) == 0
    with PolicyFile.open(target) as pf:
        first = pf.versions()[0].label if pf.versions() else None
        if first:
            pf.set_status(first, Status.APPROVED, actor="Importer")
        threads = len(Comments(pf).threads())
        draft = pf.load_draft()
    assert main(["import", str(source), "--into", str(target)]) == 0
    from policyeditor.formats.importers import import_document

    result = import_document(source)
    with PolicyFile.open(target, readonly=True) as pf:
        again = pf.load_draft()
        assert [(s.id, s.heading, s.body) for s, _ in again.walk()] == [(s.id, s.heading, s.body)
                                                                         for s, _ in draft.walk()]
        assert len(Comments(pf).threads()) == threads  # the same threads: none doubled
        if first and draft.sections:  # Tika-792's words are all in its title, which no revision places
            redline = compare(pf.version(first).policy, pf.load_draft())
            credited = {credit.author for change in credits_between(pf, redline, first, None).values()
                        for credit in change.credits}
            assert set(result.review.authors) <= credited


def test_info_json_lists_comments_and_the_drafts_changes_with_their_authors(policy, tmp_path, capsys):
    returned = _returned(policy, tmp_path)
    assert main(["import", str(returned), "--into", str(policy), "--author", ADA]) == 0
    capsys.readouterr()
    assert main(["info", str(policy), "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    [thread] = data["comments"]
    assert (thread["quote"], thread["author"], thread["date"], thread["state"]) == (
        TLS, RITA, "2026-04-02T10:00:00Z", "open")
    assert [(r["author"], r["date"], r["text"]) for r in thread["replies"]] == [
        (ADA, "2026-04-03T11:00:00Z", "1.2 or later."), (BOB, BOB_AT, "TLS 1.3 only, please.")]
    assert data["draft_base"] == "1.0"
    by_words = {(c["new_text"] or c["old_text"]).strip(): c for c in data["draft_changes"]}
    assert (by_words["and resellers"]["author"], by_words["and resellers"]["date"]) == (BOB, BOB_AT)
    assert by_words["partners"]["author"] == BOB and by_words["personal"]["author"] == ADA
    assert main(["info", str(policy)]) == 0
    said = capsys.readouterr().out
    assert f"changes in the draft since version 1.0, by {ADA}, {BOB}" in said
    assert f"[open] {RITA} 2026-04-02 on \u201c{TLS}\u201d: Name the TLS version. (2 replies)" in said


def test_the_html_and_json_redline_credit_each_change(policy, tmp_path):
    returned = _returned(policy, tmp_path)
    assert main(["import", str(returned), "--into", str(policy)]) == 0
    html, data = tmp_path / "r.html", tmp_path / "r.json"
    assert main(["compare", f"{policy}@1.0", str(policy), "-o", str(html)]) == 0
    assert main(["compare", f"{policy}@1.0", str(policy), "-o", str(data)]) == 0
    import json

    changes = json.loads(data.read_text(encoding="utf-8"))["changes"]
    resellers = next(c for c in changes if "resellers" in c["new_text"])
    assert resellers["credits"] == [{"author": BOB, "date": BOB_AT, "version": None}]
    page = html.read_text(encoding="utf-8")
    assert f'title="{BOB} \u00b7 10 May 2026"' in page and f"\u2014 {BOB} \u00b7 10 May 2026" in page


def test_the_redline_of_an_approved_version_keeps_its_review_comments_marked_done(policy, tmp_path):
    """Approval needs every thread resolved: the redline of the approved version keeps them, done."""
    from policyeditor.review.workflow import Workflow

    with PolicyFile.open(policy) as pf:
        draft = pf.load_draft()
        pf.save_version(draft, "2.0", author=ADA)
        body = plain_text(draft.find("about").body)
        at = body.index("personal data")
        comments = Comments(pf)
        thread = comments.comment(RITA, make_anchor("about", body, at, at + len("personal data")),
                                  "Which personal data?", version="2.0", created="2026-04-05T10:00:00Z")
        comments.reply(thread.id, ADA, "Names and e-mail addresses.", created="2026-04-06T08:30:00Z")
        flow = Workflow(pf)
        flow.submit_for_review("2.0", ADA)
        comments.resolve(thread.id, RITA)
        flow.approve("2.0", RITA)
    out = tmp_path / "approved.docx"
    assert main(["compare", f"{policy}@1.0", f"{policy}@2.0", "-o", str(out)]) == 0
    from tests.formats.ooxml_check import parts

    package = parts(out)
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
    found = [(c.get(W + "author"), c.get(W + "initials"), c.get(W + "date"), "".join(c.itertext()))
             for c in package["word/comments.xml"].iter(W + "comment")]
    assert found == [(RITA, "RR", "2026-04-05T10:00:00Z", "Which personal data?"),
                     (ADA, "AA", "2026-04-06T08:30:00Z", "Names and e-mail addresses.")]
    done = [e.get(W15 + "done") for e in package["word/commentsExtended.xml"].iter(W15 + "commentEx")]
    assert done[0] == "1"  # the thread is done (a reply's own flag is Word's business)
    # the range covers exactly the quoted words
    anchored, open_ranges = [], set()
    for element in package["word/document.xml"].iter(W + "commentRangeStart", W + "commentRangeEnd", W + "t"):
        if element.tag == W + "commentRangeStart":
            open_ranges.add(element.get(W + "id"))
        elif element.tag == W + "commentRangeEnd":
            open_ranges.discard(element.get(W + "id"))
        elif "0" in open_ranges:
            anchored.append(element.text)
    assert "".join(anchored) == "personal data"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_round_trip_redline_with_each_author_date_and_comment_on_its_words(
        policy, tmp_path):
    from lxml import etree

    from tests.formats.importers.word_texts import to_fodt

    returned = _returned(policy, tmp_path)
    assert main(["import", str(returned), "--into", str(policy)]) == 0
    out = tmp_path / "again.docx"
    assert main(["compare", f"{policy}@1.0", str(policy), "-o", str(out)]) == 0
    profile = tmp_path / "lo-profile"
    root = etree.parse(str(to_fodt([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless"],
                                   out))).getroot()
    OFFICE, DC = "urn:oasis:names:tc:opendocument:xmlns:office:1.0", "http://purl.org/dc/elements/1.1/"
    T = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    notes = [(a.findtext(f"{{{DC}}}creator"), a.findtext(f"{{{DC}}}date"),
              " ".join("".join(p.itertext()) for p in a.iter(f"{{{T}}}p")).strip())
             for a in root.iter(f"{{{OFFICE}}}annotation")]
    assert sorted(notes) == sorted([(RITA, "2026-04-02T10:00:00", "Name the TLS version."),
                                    (ADA, "2026-04-03T11:00:00", "1.2 or later."),
                                    (BOB, "2026-05-10T11:00:00", "TLS 1.3 only, please.")])
    # the words between Rita's annotation and its end: exactly the quoted ones
    rita = next(a for a in root.iter(f"{{{OFFICE}}}annotation") if a.findtext(f"{{{DC}}}creator") == RITA)
    name, stream = rita.get(f"{{{OFFICE}}}name"), []

    def flatten(element) -> None:  # the paragraph's text in order, annotations as marks
        if element.tag == f"{{{OFFICE}}}annotation":
            stream.append(("start", element.get(f"{{{OFFICE}}}name")))
            return
        if element.tag == f"{{{OFFICE}}}annotation-end":
            stream.append(("end", element.get(f"{{{OFFICE}}}name")))
            return
        stream.append(("text", element.text or ""))
        for child in element:
            flatten(child)
            stream.append(("text", child.tail or ""))

    flatten(rita.getparent())
    begin, end = stream.index(("start", name)), stream.index(("end", name))
    assert "".join(t for kind, t in stream[begin:end] if kind == "text") == TLS
    creators = {c.findtext(f".//{{{DC}}}creator") for c in root.iter(f"{{{T}}}changed-region")}
    assert creators == {ADA, BOB}


def test_comments_new_to_the_policy_become_threads_on_their_words(tmp_path, capsys):
    """testComment.docx (POI) merged into a policy made from other text: each comment a thread."""
    target = tmp_path / "p.policy"
    with PolicyFile.create(target, _sent(), author=ADA) as pf:
        pf.save_version(_sent(), "1.0", author=ADA, status=Status.APPROVED)
    from policyeditor.formats.importers import import_document

    result = import_document(POI / "testComment.docx")
    placed = [c for c in result.review.comments if c.start is not None]
    capsys.readouterr()
    assert main(["import", str(POI / "testComment.docx"), "--into", str(target)]) == 0
    assert f"{len(placed)} comment" in capsys.readouterr().out
    with PolicyFile.open(target, readonly=True) as pf:
        draft = pf.load_draft()
        threads = Comments(pf).threads()
    assert len(threads) == len(placed)
    for thread, source in zip(threads, placed, strict=True):
        section = draft.find(thread.anchor.section_id)
        text = plain_text(section.body)
        assert text[thread.anchor.start:thread.anchor.end] == source.quote == thread.anchor.quote
        assert thread.root.author == (source.author or "Unknown author")


def test_an_untouched_clean_export_comes_back_with_no_changes(tmp_path, capsys):
    """A reviewer opens the export in Word and changes nothing: nothing is credited to anyone.

    The corpus policy has tables with header rows, links to its own sections, to anchors no
    section holds and outward, and an untitled first section: each reads back as it was.
    """
    source = CORPUS / "pairs" / "spotify-privacy-policy" / "v2.md"
    path = tmp_path / "spotify.policy"
    assert main(["import", str(source), "-o", str(path)]) == 0
    sent = tmp_path / "sent.docx"
    assert main(["export", str(path), "-o", str(sent)]) == 0
    with PolicyFile.open(path, readonly=True) as pf:
        before = pf.load_draft()
    capsys.readouterr()
    assert main(["import", str(sent), "--into", str(path), "--author", ADA]) == 0
    assert "no changes from the draft before" in capsys.readouterr().out
    with PolicyFile.open(path, readonly=True) as pf:
        assert not compare(before, pf.load_draft()).changes


@pytest.mark.parametrize("name", ["tiktok-privacy-policy", "spotify-privacy-policy"])
def test_every_revision_of_a_corpus_redline_is_credited_to_who_made_it(name, tmp_path, capsys):
    """An added section's marks, a format change on kept words, a changed link, the mark after a
    table: all Ada's, none the program's (before, 177 of 442 and 71 of 425 revisions of these
    redlines said 'policyeditor'), so the redline sent back untouched comes back by one person."""
    pair = CORPUS / "pairs" / name
    path = tmp_path / "tiktok.policy"
    assert main(["import", str(pair / "v1.md"), "-o", str(path)]) == 0
    assert main(["version", str(path), "--label", "1.0", "--author", ADA]) == 0
    assert main(["import", str(pair / "v2.md"), "--into", str(path), "--author", ADA]) == 0
    sent = tmp_path / "sent.docx"
    assert main(["compare", f"{path}@1.0", str(path), "-o", str(sent)]) == 0
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    authors = {element.get(W + "author") for element in docx.Document(str(sent)).element.body.iter()
               if element.get(W + "author") is not None}
    assert authors == {ADA}
    capsys.readouterr()
    assert main(["import", str(sent), "--into", str(path), "--author", ADA]) == 0
    said = capsys.readouterr().out
    assert "by 1 person" in said and "untracked" not in said  # nothing it did not do


def test_the_summary_counts_every_change_the_draft_lists_a_section_added_too(tmp_path, capsys):
    """`import --into` says as many changes as `info` lists: a word inserted and a section added."""
    (tmp_path / "old.md").write_text("# Acme Policy\n\n## 1. Scope\n\nWe collect data.\n",
                                     encoding="utf-8")
    returned = tmp_path / "returned.md"
    returned.write_text("# Acme Policy\n\n## 1. Scope\n\nWe collect no data.\n\n## 2. Use\n\nWe use it.\n",
                        encoding="utf-8")
    policy = tmp_path / "p.policy"
    assert main(["import", str(tmp_path / "old.md"), "-o", str(policy)]) == 0
    with PolicyFile.open(policy) as pf:
        pf.save_version(pf.load_draft(), "1.0", author="Ann", status=Status.APPROVED)
    capsys.readouterr()
    assert main(["import", str(returned), "--into", str(policy), "--author", "Bob"]) == 0
    said = capsys.readouterr().out
    assert ": 2 changes (compared with the draft before) credited to Bob" \
        " (tracked against version 1.0)" in said
    assert main(["info", str(policy)]) == 0
    assert "2 changes in the draft since version 1.0" in capsys.readouterr().out


def test_the_same_document_brought_back_twice_says_it_changed_nothing_the_second_time(policy, tmp_path,
                                                                                       capsys):
    """A probe: the second import of a returned redline, edited with and without Track Changes,
    changed nothing, yet said "1 untracked change (compared with the draft before) credited to …"."""
    returned = _returned(policy, tmp_path)
    document = docx.Document(str(returned))
    run = next(r for p in document.paragraphs for r in p.runs if "provide" in r.text)
    run.text = run.text.replace("provide", "offer")  # typed with Track Changes off
    document.core_properties.last_modified_by = "Outside Counsel"
    document.save(str(returned))
    assert main(["import", str(returned), "--into", str(policy)]) == 0
    assert "1 untracked change (compared with version 1.0) credited to Outside Counsel" in \
        capsys.readouterr().out
    assert main(["import", str(returned), "--into", str(policy)]) == 0
    said = capsys.readouterr().out
    assert "untracked" not in said and "credited to" not in said, said


def test_a_redline_from_an_older_version_sent_back_untouched_brings_nothing(tmp_path, capsys):
    """The redline 1 → 2 of a policy whose newest version is 2, with a comment on words next to a
    footnote, returned untouched: no changes (its tracked ones are version 2's own, its text before
    them version 1's), the comment the same thread, and nothing said that did not happen."""
    path = tmp_path / "terms.policy"
    old = Policy(title="Terms", sections=[
        Section("Fees", "You pay **€100** per month<fn>Excluding VAT.</fn>. See the prices.", id="fees"),
        Section("Names", "Contact Zoë at the café.", id="names")])
    new = Policy(title="Terms", sections=[
        Section("Fees", "You pay **€120** per month<fn>Excluding VAT and fees.</fn>. See the prices.",
                id="fees"),
        Section("Names", "Contact Zoe at the cafe!", id="names")])
    with PolicyFile.create(path, old, author=ADA) as pf:
        pf.save_version(old, "1", author=ADA)
        pf.save_version(new, "2", author=BOB)
        pf.save_draft(new)
        body = plain_text(new.find("fees").body)
        at = body.index("per month")
        Comments(pf).comment(RITA, make_anchor("fees", body, at, at + len("per month")), "Monthly or yearly?",
                             version="2")
    sent = tmp_path / "sent.docx"
    assert main(["export", f"{path}@2", "-o", str(sent), "--redline-against", f"{path}@1"]) == 0
    capsys.readouterr()
    assert main(["import", str(sent), "--into", str(path), "--author", ADA]) == 0
    said = capsys.readouterr().out
    assert "no changes from the draft before, no new comments" in said, said
    assert "tracked change" not in said and "untracked" not in said and "not imported" not in said, said
    with PolicyFile.open(path, readonly=True) as pf:
        assert not compare(new, pf.load_draft()).changes
        threads = Comments(pf).threads()
    assert [(t.root.author, t.anchor.quote, t.state.value) for t in threads] == [(RITA, "per month", "open")]


def test_a_tracked_change_taken_out_of_a_redline_from_an_older_version_is_an_untracked_one(tmp_path, capsys):
    """The redline 1 → 2 returned with one of its insertions taken out (as LibreOffice drops a link's
    change, or a reviewer deletes it): that one change, credited to the document's last author."""
    import zipfile

    from lxml import etree

    path = tmp_path / "terms.policy"
    old = Policy(title="Terms", sections=[Section("Fees", "You pay €100 per month.", id="fees")])
    new = Policy(title="Terms", sections=[Section("Fees", "You pay €120 per month.", id="fees")])
    with PolicyFile.create(path, old, author=ADA) as pf:
        pf.save_version(old, "1", author=ADA)
        pf.save_version(new, "2", author=BOB)
        pf.save_draft(new)
    sent = tmp_path / "sent.docx"
    assert main(["export", f"{path}@2", "-o", str(sent), "--redline-against", f"{path}@1"]) == 0
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(sent) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    inserted = next(e for e in root.iter(W + "ins") if "120" in "".join(e.itertext()))
    inserted.getparent().remove(inserted)
    parts["word/document.xml"] = etree.tostring(root)
    returned = tmp_path / "returned.docx"
    with zipfile.ZipFile(returned, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    capsys.readouterr()
    assert main(["import", str(returned), "--into", str(path), "--author", ADA]) == 0
    said = capsys.readouterr().out
    assert ": 1 untracked change (compared with version 2) credited to Bob Counsel, no new comments" \
        in said, said  # the deletion left of that change is version 2's own: no tracked change of the draft
