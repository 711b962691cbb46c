"""A <sup> in an ordinary page: a policy's text cannot be raised, so numbers are written in
superscript characters and other words stay plain, never run into the heading's word; the
report counts both."""

from __future__ import annotations

from policyeditor.formats.importers import import_document


def imported(tmp_path, page: str):
    source = tmp_path / "page.html"
    source.write_text(page, encoding="utf-8")
    return import_document(source)


def test_a_note_mark_in_a_heading_is_raised_not_run_into_its_word(tmp_path):
    result = imported(tmp_path, "<h2>Scope<sup>1</sup></h2><p>Text.</p><p><sup>1</sup> A note.</p>")
    [section] = result.policy.sections
    assert section.heading == "Scope\u00b9"
    assert section.body == "Text.\n\n\u00b9 A note."  # the note's own mark too: nothing dropped
    assert "2 superscript numbers (such as a note's mark) kept in superscript characters (\u00b9)" \
        in result.report


def test_a_superscript_of_words_stays_plain_and_apart_in_a_heading(tmp_path):
    result = imported(tmp_path, "<h2>Scope<sup>a</sup></h2><p>One.</p><h2>The 1<sup>st</sup> part</h2>"
                                "<p>Area 5 m<sup>2</sup>, see<sup><a href=\"#n\">3, 4</a></sup>.</p>")
    assert [s.heading for s in result.policy.sections] == ["Scope a", "The 1st part"]
    assert result.policy.sections[1].body == "Area 5 m\u00b2, see[\u00b3, \u2074](#n)."
    assert ("2 superscript numbers (such as a note's mark) kept in superscript characters (\u00b9); "
            "2 other superscripts kept as plain text (a policy cannot raise words)") in result.report


def test_a_page_without_superscripts_reports_none(tmp_path):
    result = imported(tmp_path, "<h2>Scope</h2><p>Text.</p>")
    assert not any("superscript" in line for line in result.report)
