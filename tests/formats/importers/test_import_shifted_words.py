"""Superscript and subscript in Word and Markdown: a policy's text cannot be raised or lowered,
so numbers are written in Unicode superscript or subscript characters ("EUR 10⁶" is never
"EUR 106", "H₂O" never "H2O") and other words stay plain; the report counts both. A Word
footnote's raised reference is still the note, and our own DOCX export reads back as it was."""

from __future__ import annotations

import json

import docx
from docx.enum.style import WD_STYLE_TYPE

from policyeditor.cli import main
from policyeditor.core.body import plain_text
from policyeditor.core.model import Policy, Section, Status
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document

MILLION = "1 superscript number (such as a note's mark) kept in superscript characters (\u00b9)"


def word(path, *paragraphs):
    """A .docx of a "Limits" heading (its title) and paragraphs, each a list of (text, "sup", "sub"
    or "") runs."""
    document = docx.Document()
    document.add_heading("Limits", 1)
    for runs in paragraphs:
        p = document.add_paragraph()
        for text, shift in runs:
            run = p.add_run(text)
            if shift == "sup":
                run.font.superscript = True
            elif shift == "sub":
                run.font.subscript = True
    document.save(path)
    return path


def changes(tmp_path, a, b) -> list:
    out = tmp_path / "out.json"
    assert main(["compare", str(a), str(b), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    return data["changes"]


def body(path) -> str:
    [section] = import_document(path).policy.sections
    return section.body


def test_a_superscript_power_in_word_is_not_the_plain_number(tmp_path):
    power = word(tmp_path / "power.docx", [("Liability is capped at EUR 10", ""), ("6", "sup"), (".", "")])
    plain = word(tmp_path / "plain.docx", [("Liability is capped at EUR 106.", "")])
    result = import_document(power)
    assert result.policy.sections[0].body == "Liability is capped at EUR 10\u2076."
    assert MILLION in result.report
    assert changes(tmp_path, power, plain)
    assert not any("superscript" in line for line in import_document(plain).report)


def test_a_superscript_power_in_markdown_is_not_the_plain_number(tmp_path):
    power = tmp_path / "power.md"
    power.write_text("# Limits\n\nLiability is capped at EUR 10<sup>6</sup>.\n", encoding="utf-8")
    plain = tmp_path / "plain.md"
    plain.write_text("# Limits\n\nLiability is capped at EUR 106.\n", encoding="utf-8")
    result = import_document(power)
    assert result.policy.sections[0].body == "Liability is capped at EUR 10\u2076."
    assert MILLION in result.report
    assert changes(tmp_path, power, plain)


def test_a_subscript_in_word_and_markdown_is_written_lowered(tmp_path):
    water = word(tmp_path / "water.docx", [("H", ""), ("2", "sub"), ("O is water.", "")])
    result = import_document(water)
    assert result.policy.sections[0].body == "H\u2082O is water."
    assert "1 subscript number kept in subscript characters (\u2082)" in result.report
    assert changes(tmp_path, water, word(tmp_path / "h2o.docx", [("H2O is water.", "")]))
    md = tmp_path / "water.md"
    md.write_text("# Limits\n\nH<sub>2</sub>O and CO<sub>2</sub>.\n", encoding="utf-8")
    result = import_document(md)
    assert result.policy.sections[0].body == "H\u2082O and CO\u2082."
    assert "2 subscript numbers kept in subscript characters (\u2082)" in result.report
    page = tmp_path / "water.html"
    page.write_text("<h2>Limits</h2><p>H<sub>2</sub>O</p>", encoding="utf-8")
    assert body(page) == "H\u2082O"


def test_an_ordinal_superscript_stays_plain_and_is_said(tmp_path):
    line = "1 other superscript kept as plain text (a policy cannot raise words)"
    ordinal = word(tmp_path / "ordinal.docx", [("The 1", ""), ("st", "sup"), (" day.", "")])
    result = import_document(ordinal)
    assert result.policy.sections[0].body == "The 1st day."
    assert line in result.report
    md = tmp_path / "ordinal.md"
    md.write_text("# Limits\n\nThe 1<sup>st</sup> day.\n", encoding="utf-8")
    result = import_document(md)
    assert result.policy.sections[0].body == "The 1st day."
    assert line in result.report


def test_a_character_styles_superscript_counts_and_one_split_over_runs_is_one(tmp_path):
    document = docx.Document()
    style = document.styles.add_style("Power", WD_STYLE_TYPE.CHARACTER)
    style.font.superscript = True
    document.add_heading("Limits", 1)
    p = document.add_paragraph("EUR 10")
    p.add_run("6", style="Power")
    p.add_run(" and the 2")
    p.add_run("n").font.superscript = True
    p.add_run("d").font.superscript = True
    document.save(tmp_path / "styled.docx")
    result = import_document(tmp_path / "styled.docx")
    assert result.policy.sections[0].body == "EUR 10\u2076 and the 2nd"
    assert (MILLION + "; 1 other superscript kept as plain text (a policy cannot raise words)") \
        in result.report


def test_a_word_footnote_reference_is_the_note_not_a_superscript(tmp_path):
    """Our export raises each note's reference (w:vertAlign superscript on its w:footnoteReference
    run): read back, it is the note again, with no superscript counted."""
    text = "Capped.<fn>Per claim.</fn> At EUR 10\u2076.<en>Ends.</en>"
    policy = Policy(title="T", sections=[Section("Limits", text)])
    export_docx(policy, tmp_path / "ours.docx", ExportInfo("1.0", Status.APPROVED))
    result = import_document(tmp_path / "ours.docx")
    assert result.policy.sections[0].body == text
    assert not any("superscript" in line for line in result.report)


def test_our_docx_export_of_a_power_reads_back_the_same(tmp_path):
    policy = Policy(title="T", sections=[Section("Limits", "Capped at EUR 10\u2076 and H\u2082O.")])
    export_docx(policy, tmp_path / "ours.docx", ExportInfo("1.0", Status.APPROVED))
    result = import_document(tmp_path / "ours.docx")
    assert [(s.heading, s.body) for s in result.policy.sections] == [
        ("Limits", "Capped at EUR 10\u2076 and H\u2082O.")]


def test_a_raised_letter_after_a_word_in_word_stays_apart_as_in_html(tmp_path):
    """A Word heading "Scope" with a raised "a" read "Scopea": one word the source never had."""
    document = docx.Document()
    document.add_heading("Policy", 0)
    document.add_heading("Scope", 1).add_run("a").font.superscript = True
    p = document.add_paragraph("We collect data")
    p.add_run("a").font.superscript = True
    p.add_run(" on the 1")
    p.add_run("st").font.superscript = True
    p.add_run(" day.")
    document.save(tmp_path / "raised.docx")
    result = import_document(tmp_path / "raised.docx")
    [section] = result.policy.sections
    assert (section.heading, section.body) == ("Scope a", "We collect data a on the 1st day.")
    assert "3 other superscripts kept as plain text (a policy cannot raise words)" in result.report


def test_a_comment_after_a_raised_letter_set_apart_is_still_on_its_words(tmp_path):
    """The space put before the raised "a" moves the marks after it: the comment keeps its words."""
    document = docx.Document()
    document.add_heading("Policy", 0)
    document.add_heading("Scope", 1)
    p = document.add_paragraph("We collect data")
    p.add_run("a").font.superscript = True
    p.add_run(" on ")
    day = p.add_run("the first day")
    p.add_run(".")
    document.add_comment(day, text="Which day?", author="Ann")
    document.save(tmp_path / "commented.docx")
    result = import_document(tmp_path / "commented.docx")
    [comment] = result.review.comments
    [section] = result.policy.sections
    assert section.body == "We collect data a on the first day."
    assert plain_text(section.body)[comment.start:comment.end] == comment.quote == "the first day"
