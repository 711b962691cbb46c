"""A footnote or endnote on a heading is kept, at the start of its section's text, and named.

A section's heading is plain text, so a note on it cannot stay there: Markdown's
import dropped it without a word (and a compare of two versions differing only in
that note said "0 changes"), and Word's ran the note's words into the heading. Every
importer now puts the note before the first word of the section's text (a paragraph
of its own when the section has none) and says so in one report line.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from policyeditor.core.model import Policy, Section, Status
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import render_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document
from policyeditor.formats.ooxml.notes import NotesWriter
from policyeditor.formats.redline.text import render_text

KEPT = "1 footnote on a heading kept at the start of its section's text"
INFO = ExportInfo("1.0", Status.APPROVED)


def sections(policy: Policy) -> list[tuple[str, str]]:
    return [(s.heading, s.body) for s, _ in policy.walk()]


def markdown(path: Path, note: str) -> Path:
    path.write_text(f"# T\n\n## Scope[^1]\n\nText.\n\n[^1]: {note}\n", encoding="utf-8")
    return path


def word(path: Path, note: str, kind: str = "footnote") -> Path:
    """A .docx whose Heading 2 "Scope" holds a footnote (or endnote) reading `note`."""
    document = docx.Document()
    document.add_heading("T", 1)
    heading = document.add_heading("Scope", 2)
    NotesWriter(document).add(kind, heading).add_run(note)
    document.add_paragraph("Text.")
    document.save(str(path))
    return path


def html_page(path: Path, note: str) -> Path:
    """A page our HTML export wrote, its note's raised number moved from the body into the heading."""
    page = render_html(Policy(title="T", sections=[Section("Scope", f"Text<fn>{note}</fn>.")]), INFO)
    ref = '<sup class="note-ref"><a href="#fn-1" id="fn-1-ref">1</a></sup>'
    assert page.count(ref) == 1 and page.count(" Scope</h2>") == 1
    path.write_text(page.replace(ref, "").replace(" Scope</h2>", f" Scope{ref}</h2>"), encoding="utf-8")
    return path


def test_a_markdown_heading_note_opens_its_sections_text(tmp_path):
    result = import_document(markdown(tmp_path / "h.md", "A note."))
    assert sections(result.policy) == [("Scope", "<fn>A note.</fn>Text.")]
    assert KEPT in result.report


def test_a_heading_note_of_a_section_without_text_is_a_paragraph_of_its_own(tmp_path):
    source = tmp_path / "h.md"
    source.write_text("# T\n\n## Scope[^1]\n\n## Next\n\n- item\n\n[^1]: A note.\n", encoding="utf-8")
    result = import_document(source)
    assert sections(result.policy) == [("Scope", "<fn>A note.</fn>"), ("Next", "- item")]
    assert KEPT in result.report and not any("is empty" in line for line in result.report)


@pytest.mark.parametrize(("suffix", "make"), [(".md", markdown), (".docx", word), (".html", html_page)],
                         ids=["markdown", "docx", "html"])
def test_versions_differing_only_in_a_heading_notes_words_compare_as_one_change(tmp_path, suffix, make):
    old = import_document(make(tmp_path / f"v1{suffix}", "A note.")).policy
    new = import_document(make(tmp_path / f"v2{suffix}", "A new note.")).policy
    redline = compare(old, new)
    assert redline.stats.changes == 1
    assert "[footnote: A {+new +}note.]Text" in render_text(redline)


def test_a_word_heading_note_is_not_run_into_the_heading(tmp_path):
    result = import_document(word(tmp_path / "h.docx", "A note."))
    assert sections(result.policy) == [("Scope", "<fn>A note.</fn>Text.")]
    assert KEPT in result.report
    endnote = import_document(word(tmp_path / "e.docx", "An endnote.", kind="endnote"))
    assert sections(endnote.policy) == [("Scope", "<en>An endnote.</en>Text.")]
    assert "1 endnote on a heading kept at the start of its section's text" in endnote.report


def test_notes_on_a_word_title_and_heading_are_kept_and_counted_in_one_line(tmp_path):
    document = docx.Document()
    notes = NotesWriter(document)
    notes.add("footnote", document.add_heading("Title", 0)).add_run("On the title.")
    document.add_paragraph("Intro.")
    heading = document.add_heading("Scope", 1)
    notes.add("footnote", heading).add_run("One.")
    notes.add("endnote", heading).add_run("Two.")
    document.add_paragraph("Item", style="List Bullet")
    document.save(str(tmp_path / "t.docx"))
    result = import_document(tmp_path / "t.docx")
    assert result.policy.title == "Title"
    assert sections(result.policy) == [("", "<fn>On the title.</fn>Intro."),
                                       ("Scope", "<fn>One.</fn> <en>Two.</en>\n\n- Item")]
    assert "2 footnotes and 1 endnote on headings kept at the start of their sections' text" in result.report


def test_a_heading_note_on_a_page_our_html_export_wrote(tmp_path):
    result = import_document(html_page(tmp_path / "h.html", "A note."))
    assert sections(result.policy) == [("Scope", "<fn>A note.</fn>Text.")]
    assert KEPT in result.report


def test_the_docx_export_writes_a_kept_heading_note_as_a_real_footnote(tmp_path):
    policy = import_document(markdown(tmp_path / "h.md", "A note.")).policy
    out = tmp_path / "out.docx"
    export_docx(policy, out, INFO, toc=False)
    with zipfile.ZipFile(out) as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    assert "A note." in notes
    scope = next(p for p in docx.Document(str(out)).paragraphs if p.text.endswith("Scope"))
    assert "footnoteReference" not in scope._p.xml
    assert any("footnoteReference" in p._p.xml and p.text == "Text."
               for p in docx.Document(str(out)).paragraphs)


def test_a_line_holding_a_note_is_never_an_inferred_heading(tmp_path):
    source = tmp_path / "plain.md"  # no headings: Title-Case lines followed by text would be inferred
    source.write_text("Our Scope[^1]\n\nWe keep data.\n\nYour Rights\n\nYou may ask.\n\n"
                      "[^1]: See Annex\n", encoding="utf-8")
    policy = import_document(source).policy
    assert all("Annex" not in s.heading for s, _ in policy.walk())
    assert "Our Scope<fn>See Annex</fn>" in "\n".join(s.body for s, _ in policy.walk())
