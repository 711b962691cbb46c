"""The shape an import gives a document: where its title comes from, headings in scripts without
capital letters, lines laid out with tabs, and what a file holding only a title is told."""

from __future__ import annotations

import docx
import pytest

from policyeditor.core import body
from policyeditor.core.body import Paragraph, Table
from policyeditor.formats.importers import import_document

OPENING = "This agreement is made between Acme and the User."


def _lone_heading(tmp_path, suffix):
    if suffix == ".docx":
        document = docx.Document()
        document.add_paragraph(OPENING)
        document.add_heading("Definitions", 1)
        document.add_paragraph("Service means the Acme website.")
        document.save(tmp_path / "onehead.docx")
    else:
        (tmp_path / f"onehead{suffix}").write_text(
            {".md": f"{OPENING}\n\n# Definitions\n\nService means the Acme website.\n",
             ".html": f"<p>{OPENING}</p><h1>Definitions</h1><p>Service means the Acme website.</p>"}[suffix],
            encoding="utf-8")
    return import_document(tmp_path / f"onehead{suffix}").policy


@pytest.mark.parametrize("suffix", [".docx", ".md", ".html"])
def test_a_lone_heading_after_text_is_a_section_not_the_title(tmp_path, suffix):
    """As the title it printed above the text that comes before it in the document."""
    policy = _lone_heading(tmp_path, suffix)
    assert policy.title == "onehead"
    assert [s.heading for s in policy.sections] == ["", "Definitions"]
    assert policy.sections[0].body == OPENING
    assert policy.sections[1].body == "Service means the Acme website."


def test_a_lone_heading_first_is_still_the_title(tmp_path):
    (tmp_path / "t.md").write_text("Last updated: May 1, 2024\n\n# Privacy Policy\n\nWe collect.\n\n"
                                   "## Scope\n\nAll.\n", encoding="utf-8")
    policy = import_document(tmp_path / "t.md").policy
    assert policy.title == "Privacy Policy"  # a date line before it is the policy's date, not text
    assert [s.heading for s in policy.sections] == ["", "Scope"]


def test_a_heading_with_sections_under_it_heads_the_document_after_a_notice(tmp_path):
    (tmp_path / "n.md").write_text("We have updated this policy.\n\n# Privacy Policy\n\nIntro.\n\n"
                                   "## Scope\n\nAll.\n", encoding="utf-8")
    policy = import_document(tmp_path / "n.md").policy
    assert policy.title == "Privacy Policy"


@pytest.mark.parametrize(("text", "headings"), [
    ("1. כללי\n\nמדיניות זו חלה על כל המשתמשים.\n\nאנו אוספים מידע אישי.\n\n2. שיתוף מידע\n\n"
     "איננו מוכרים את המידע שלך.\n", ["כללי", "שיתוף מידע"]),
    ("1. 总则\n\n本隐私政策适用于所有用户。\n\n我们收集个人信息。\n\n2. 信息共享\n\n我们不出售您的信息。\n",
     ["总则", "信息共享"]),
    ("1. عام\n\nتنطبق هذه السياسة على جميع المستخدمين.\n\nهل نبيع بياناتك؟\n\n2. المشاركة\n\n"
     "لا نبيع بياناتك.\n",
     ["عام", "المشاركة"]),
    ("1. सामान्य\n\nयह नीति सभी उपयोगकर्ताओं पर लागू होती है।\n\n2. साझा करना\n\nहम डेटा नहीं बेचते।\n",
     ["सामान्य", "साझा करना"]),
    ("1. GENERAL\n\nThis policy applies to all users.\n\nWe collect data.\n\n2. Sharing\n\n"
     "We sell nothing.\n",
     ["GENERAL", "Sharing"]),
])
def test_sentences_of_scripts_without_capitals_stay_text(tmp_path, text, headings):
    """A short line with no lower-case letters read as an ALL-CAPS heading: Hebrew, Arabic and
    Chinese have none, so each of their sentences became a section."""
    (tmp_path / "p.txt").write_text(text, encoding="utf-8")
    policy = import_document(tmp_path / "p.txt").policy
    assert [s.heading for s in policy.sections] == headings
    assert all(s.body and not s.children for s in policy.sections)


def test_a_short_heading_without_capitals_is_still_a_heading(tmp_path):
    (tmp_path / "p.txt").write_text("כללי\n\nמדיניות זו חלה על כל המשתמשים.\n\nשיתוף מידע\n\n"
                                    "איננו מוכרים את המידע שלך.\n", encoding="utf-8")
    assert [s.heading for s in import_document(tmp_path / "p.txt").policy.sections] == ["כללי", "שיתוף מידע"]


def test_lines_apart_by_tabs_are_a_table_and_other_tabbed_lines_keep_their_ends(tmp_path):
    (tmp_path / "fees.txt").write_text("1. FEES\n\nItem\tPrice\tDue\nSetup\t\t$500\t30 days\n\n"
                                       "Pay to\tAcme Ltd\nor to its agent.\n", encoding="utf-8")
    result = import_document(tmp_path / "fees.txt")
    table, paragraph = body.parse(result.policy.sections[0].body)
    assert isinstance(table, Table) and table.header == 0
    assert [[body.runs_plain(cell) for cell in row] for row in table.rows] == [
        ["Item", "Price", "Due"], ["Setup", "$500", "30 days"]]
    assert isinstance(paragraph, Paragraph)
    assert body.runs_plain(paragraph.runs) == "Pay to Acme Ltd\nor to its agent."
    assert not any("mid-sentence" in str(line) for line in result.report)


def test_a_file_of_only_a_title_says_so(tmp_path):
    (tmp_path / "head.md").write_text("# Only a heading\n", encoding="utf-8")
    result = import_document(tmp_path / "head.md")
    assert result.policy.title == "Only a heading" and not result.policy.sections
    assert result.report[-1] == "head.md holds only its title (\u201cOnly a heading\u201d), no text"


def test_a_heading_with_sections_under_it_after_paragraphs_of_text_is_a_section(tmp_path):
    # the fault: a contract's three clauses, then its only Heading 1 "List of abbreviations" with two
    # parts: the heading became the title, printed above the clauses, and its parts the top level
    (tmp_path / "c.md").write_text(
        "".join(f"Contract clause {n}: the supplier shall deliver the goods on time.\n\n" for n in (1, 2, 3))
        + "# List of abbreviations\n\nKSOB means integrated security systems.\n\n"
        "## Quality requirements\n\nQuality text.\n\n## Annexes\n\nAnnex list.\n", encoding="utf-8")
    policy = import_document(tmp_path / "c.md").policy
    assert policy.title == "c"
    assert [(s.heading, [c.heading for c in s.children]) for s in policy.sections] == [
        ("", []), ("List of abbreviations", ["Quality requirements", "Annexes"])]
    assert policy.sections[1].body == "KSOB means integrated security systems."
