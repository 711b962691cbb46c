"""A footnote's words in the redlines that show them in place: set apart, never run into the body.

The text, HTML and PDF redlines (and the window's inline view) write a note's words where it is
referred to; they ran into the sentence unmarked ("We keep dataFor [-seven-]{+ten+} years. for a
while."), so a change in a footnote read as a change in the body. They now stand between
"[footnote: " and "]": words in the text redline, marks by CSS in the HTML (so Accept and
Reject keep each text's words) and marks of the rich text in the PDF and the window.
"""

from __future__ import annotations

from policyeditor.app.export import write_redline
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.rich_text import LIST_MARKER, inline_html
from policyeditor.formats.redline.text import render_text
from tests.diff.redline_helpers import html_words, policy_words

OLD = Policy("Policy", [Section("Terms", "We keep data<fn>For seven years.</fn> for a while.", id="t")])
NEW = Policy("Policy", [Section("Terms", "We keep data<fn>For ten years.</fn> for a while.", id="t")])


def test_the_text_redline_sets_a_footnote_apart():
    shown = render_text(compare(OLD, NEW))
    assert "We keep data[footnote: For [-seven-]{+ten+} years.] for a while." in shown


def test_the_html_redline_holds_a_note_and_its_changes_in_one_span(tmp_path):
    page = tmp_path / "r.html"
    write_redline(compare(OLD, NEW), page)
    html = page.read_text(encoding="utf-8")
    assert ('data<span class="note footnote" title="footnote"><span class="note-open" data-note="footnote">'
            '</span>For <del id="c1" data-change="1">seven</del><ins data-change="1">ten</ins> years.'
            '<span class="note-close"></span></span> for') in html
    assert ".note-open::before{content:" in html
    assert html_words(page, "accept") == policy_words(NEW) and html_words(page, "reject") == policy_words(OLD)


def test_the_rich_text_writes_the_brackets_as_marks():
    html = inline_html(compare(OLD, NEW))
    assert f'<span style="{LIST_MARKER}"> [footnote: </span>For <del' in html
    assert f'years.<span style="{LIST_MARKER}">] </span></span> for' in html


def test_an_endnote_and_a_footnote_in_a_table_cell():
    old = Policy("P", [Section("Scope", "| x<fn>one</fn> | y<en>a</en> |\n| --- | --- |", id="s")])
    new = Policy("P", [Section("Scope", "| x<fn>two</fn> | y<en>b</en> |\n| --- | --- |", id="s")])
    shown = render_text(compare(old, new))
    assert "| x[footnote: [-one-]{+two+}] | y[endnote: [-a-]{+b+}] |" in shown
