"""A clean export, imported again untouched, is the policy it came from: compare finds nothing.

A reviewer who opens the DOCX export in Word and changes nothing must not send back dozens
of changes nobody made. Each corpus text is exported, imported again and compared with
itself: its words, formatting (a link's own underline is no underlined words, a header
row's bold is no bold words), links (to its sections, to anchors no section holds, to the
top), untitled sections and tables all read back as they were. The HTML export reads back
the same way (its cover, contents and heading numbers are the export's, not text).
"""

from __future__ import annotations

import docx
import pytest

from policyeditor.core import body
from policyeditor.core.model import Policy, Section, Status
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import export_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.own_cover import without_cover
from policyeditor.formats.redline.docx import export_redline_docx
from tests.conftest import DATA, corpus_files

TEXTS = corpus_files("pairs/*/v*.md", "chains/*/v*.md")
DRAFT = ExportInfo(None, Status.DRAFT)


def round_trip(policy: Policy, tmp_path, kind: str = "docx") -> Policy:
    out = tmp_path / f"export.{kind}"
    if kind == "docx":
        export_docx(policy, out, DRAFT, toc=True)
    else:
        export_html(policy, out, DRAFT)
    back = import_document(out).policy  # its cover and contents left out: metadata, no text
    back.numbering, back.metadata = policy.numbering, policy.metadata  # the policy's, not the text's
    return back


def described(changes) -> str:
    return "\n".join(f"{c.kind} {c.formatting or ''} {c.old_text[:60]!r} -> {c.new_text[:60]!r}"
                     for c in changes[:8])


@pytest.mark.parametrize("source", TEXTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_an_untouched_export_of_a_corpus_text_imports_as_the_same_policy(source, tmp_path):
    policy = import_document(source).policy
    changes = compare(policy, round_trip(policy, tmp_path)).changes
    assert not changes, f"{len(changes)} changes nobody made:\n{described(changes)}"


@pytest.mark.parametrize("name", ["TestDocument", "checkboxes"])
def test_an_untouched_export_of_a_word_document_with_few_headings_gains_none(name, tmp_path):
    # the fault: read back, the export's bold "DRAFT — not approved" line was a new section, and so
    # enough bold lines were found to make the document's own bold line a heading
    policy = import_document(DATA / "poi-docx" / f"{name}.docx").policy
    changes = compare(policy, round_trip(policy, tmp_path)).changes
    assert not changes, f"{len(changes)} changes nobody made:\n{described(changes)}"


@pytest.mark.parametrize("source", TEXTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_an_untouched_html_export_imports_as_the_same_policy_but_for_runs_of_spaces(source, tmp_path):
    """HTML shows a run of spaces as one, as a browser does: that is the only difference."""
    policy = import_document(source).policy
    changes = compare(policy, round_trip(policy, tmp_path, "html")).changes
    other = [c for c in changes if c.old_text.split() != c.new_text.split() or c.formatting]
    assert not other, f"{len(other)} changes nobody made:\n{described(other)}"


def test_the_html_export_s_page_text_reads_back_as_the_policy_s(tmp_path):
    policy = Policy(title="T", sections=[Section("Scope", "All users.")])
    policy.page_text = {"header": "Acme Corp", "footer": "Confidential"}
    result = import_document(_written(policy, tmp_path))
    assert result.policy.page_text == policy.page_text
    assert [(s.heading, s.body) for s in result.policy.sections] == [("Scope", "All users.")]
    # what it left out is said, so a page that only claims to be ours hides nothing in silence
    assert any("read as a policyeditor HTML export" in line for line in result.report)


def _written(policy: Policy, tmp_path):
    out = tmp_path / "export.html"
    export_html(policy, out, DRAFT)
    return out


def test_a_header_row_s_bold_is_its_look_and_its_own_bold_words_stay_bold(tmp_path):
    table = "| **Category** | Purpose |\n| --- | --- |\n| Contact data | Service |"
    policy = Policy(title="T", sections=[Section("Data", table)])
    out = tmp_path / "export.docx"
    export_docx(policy, out, DRAFT, toc=False)
    header = [cell.paragraphs[0] for cell in docx.Document(str(out)).tables[0].rows[0].cells]
    assert [p.style.name for p in header] == ["Table Heading"] * 2  # shown bold, by its style
    back = round_trip(policy, tmp_path)
    row = next(b for b in body.parse(back.sections[0].body) if isinstance(b, body.Table)).rows[0]
    assert [[(r.text, r.bold) for r in cell] for cell in row] == [[("Category", True)], [("Purpose", False)]]


def test_an_untitled_section_stays_untitled_though_a_short_line_follows(tmp_path):
    policy = Policy(title="T", sections=[Section("", "Privacy Policy\n\nWe collect data."),
                                         Section("Scope", "All users.")])
    back = round_trip(policy, tmp_path)
    assert [(s.heading, s.body) for s in back.sections] == [(s.heading, s.body) for s in policy.sections]


def test_a_link_s_underline_is_no_underlined_words_but_its_own_underline_is(tmp_path):
    policy = Policy(title="T", sections=[Section("A", "See [our site](https://example.com) and "
                                                      "[<u>this</u>](https://example.com/u).")])
    back = round_trip(policy, tmp_path)
    assert back.sections[0].body == policy.sections[0].body


# the tracked redline DOCX, sent and returned untouched: Accept All is the new text, Reject All the old
PAIRS = sorted({p.parent for p in corpus_files("pairs/*/v1.md")})


def _sides(pair, tmp_path) -> tuple[Policy, Policy, Policy, Policy]:
    """The pair's old and new policies, and the tracked redline's Reject All and Accept All read back."""
    old, new = (import_document(pair / f"{v}.md").policy for v in ("v1", "v2"))
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(old, new), out)
    result = import_document(out)
    rejected, accepted = result.original, result.policy  # the cover left out by the import
    for read, source in ((rejected, old), (accepted, new)):
        read.numbering, read.metadata = source.numbering, source.metadata
    return old, new, rejected, accepted


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_an_untouched_redline_accepted_reads_as_the_new_text(pair, tmp_path):
    _, new, _, accepted = _sides(pair, tmp_path)
    changes = compare(new, accepted).changes
    assert not changes, f"{len(changes)} changes nobody made:\n{described(changes)}"


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_an_untouched_redline_rejected_reads_as_the_old_text(pair, tmp_path):
    old, _, rejected, _ = _sides(pair, tmp_path)
    changes = compare(old, rejected).changes
    assert not changes, f"{len(changes)} changes nobody made:\n{described(changes)}"


@pytest.mark.parametrize("old, new", [
    ("See the [Your Rights](#your-rights) section.", 'See the "Your Rights" section.'),  # link taken off
    ("You **must** comply.", 'You "must" comply.'),  # bold taken off
    ("See the Your Rights section.", "See the [“Your Rights”](https://example.com/rights) section."),
])
def test_kept_words_re_formatted_beside_changed_words_get_their_old_format_back_on_reject(old, new, tmp_path):
    """The quotes are a change of words, so no change of formatting alone says the words between
    them lost (or gained) their link or bold: the redline tracks it on them all the same."""
    policies = [Policy(title="T", sections=[Section("Scope", text, id="s")]) for text in (old, new)]
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(*policies), out)
    result = import_document(out)
    assert without_cover(result.original).sections[-1].body == old
    assert without_cover(result.policy).sections[-1].body == new


# Word documents whose notes, fields, pictures and line breaks in bold words an HTML export
# writes its own way: read back as ours, they are the policy again
HTML_WORD = ["footnotes.docx", "endnotes.docx", "table_footnotes.docx", "Bug54849.docx",
             "FieldCodes.docx", "WithGIF.docx", "bug57031.docx"]


@pytest.mark.parametrize("name", HTML_WORD)
def test_an_html_export_of_word_notes_fields_and_pictures_reads_back_as_them(name, tmp_path):
    policy = import_document(DATA / "poi-docx" / name).policy
    back = round_trip(policy, tmp_path, "html")
    changes = [c for c in compare(policy, back).changes
               if c.old_text.split() != c.new_text.split() or c.formatting]
    # an empty field shows no words: the page holds nothing of it (FieldCodes' CREATEDATE)
    changes = [c for c in changes if not (c.kind == "delete" and c.old_text.endswith("></field>"))]
    assert not changes, f"{len(changes)} changes nobody made:\n{described(changes)}"
    assert back.pictures.keys() == policy.pictures.keys()


def test_a_note_s_words_come_back_where_its_number_stood(tmp_path):
    text = "We keep data<fn>For **30** days, see [terms](https://example.com/t).</fn> and logs<en>Two.</en>."
    policy = Policy(title="T", sections=[Section("Scope", text)])
    back = round_trip(policy, tmp_path, "html")
    assert back.sections[0].body == policy.sections[0].body
    assert [s.heading for s in back.sections] == ["Scope"]  # no "Notes" section of their words
    report = import_document(tmp_path / "export.html").report
    assert "1 footnote(s), 1 endnote(s) kept" in report
    assert not any("could run or fetch" in line for line in report)  # its own stylesheet is no loss


def test_a_page_claiming_to_be_ours_with_broken_notes_and_pictures_loses_nothing(tmp_path):
    """A note number whose note the page lacks stays a link; a picture that is no picture is
    an image left out, and said."""
    page = tmp_path / "forged.html"
    page.write_text('<html><head><meta name="generator" content="policyeditor 1"></head><body><main>'
                    '<h1>T</h1><h2>Scope</h2><p>Words<sup class="note-ref"><a href="#fn-9">9</a></sup> and '
                    '<img class="picture" src="data:image/png;base64,%%%"> more.</p>'
                    '<section class="notes fn"><h2>Notes</h2><p class="note" id="fn-1">'
                    '<sup class="note-label">1</sup> Unused.</p></section></main></body></html>',
                    encoding="utf-8")
    result = import_document(page)
    assert result.policy.sections[0].body == "Words[9](#fn-9) and  more."  # the picture's place
    assert result.policy.unkept == {"image": 1} and not result.policy.pictures
    assert any("image" in line for line in result.report)


def test_a_page_claiming_to_be_ours_whose_notes_never_close_keeps_their_words(tmp_path):
    page = tmp_path / "unclosed.html"
    page.write_text('<meta name="generator" content="policyeditor 1"><h1>T</h1><h2>Scope</h2>'
                    '<p>Words<sup class="note-ref"><a href="#fn-1">1</a></sup>.</p>'
                    + '<section class="notes fn"><p class="note" id="fn-1">Note.</p>' * 3, encoding="utf-8")
    policy = import_document(page).policy
    assert policy.sections[0].body == "Words[1](#fn-1).\n\nNote.\n\nNote.\n\nNote."
