"""Every corpus document imports with its own numbering: never two numbers on a heading."""

from __future__ import annotations

import pytest

from policyeditor.core import body
from policyeditor.core.body import Paragraph
from policyeditor.core.numbering import numbers, typed_number
from policyeditor.formats.importers import import_document
from tests.conftest import CORPUS, corpus_files

DOCUMENTS = corpus_files("pairs/*/v*.md", "chains/*/v*.md", "docx/*.docx", "seed/*.txt")


@pytest.mark.parametrize("path", DOCUMENTS, ids=[f"{p.parent.name}/{p.name}" for p in DOCUMENTS])
def test_no_section_prints_two_numbers_and_no_heading_is_a_paragraph(path):
    policy = import_document(path).policy
    printed = numbers(policy)
    headings = set()
    for section, _ in policy.walk():
        assert not (printed[section.id] and typed_number(section.heading)), \
            f"{printed[section.id]}  {section.heading}"
        headings.add(section.heading)
    for section, _ in policy.walk():  # a heading's words are not left behind as a paragraph of its own
        if not section.heading:
            continue  # a preface may hold the source's own contents list
        for block in body.parse(section.body):
            if isinstance(block, Paragraph) and not any(r.link for r in block.runs):  # not a contents entry
                line = "".join(r.text for r in block.runs).strip()
                typed = typed_number(line)
                assert not (typed and typed.rest and typed.rest in headings and len(line) < 80), line


def test_the_seed_clauses_are_a_to_d():
    policy = import_document(CORPUS / "seed" / "privacy-policy.txt").policy
    collect = policy.sections[1]
    printed = numbers(policy)
    assert [printed[c.id] for c in collect.children] == ["(a)", "(b)", "(c)", "(d)"]
    assert [c.heading for c in collect.children] == ["Personal information", "Derivative data",
                                                      "Financial data.", ""]


def test_a_last_updated_heading_is_a_property_not_a_section(tmp_path):
    src = tmp_path / "notice.md"
    src.write_text("# Privacy Notice\n\n## Last Updated: May 22, 2024\n\nThis notice explains.\n\n"
                   "### 1. Who we are\n\nUs.\n\n### 2. What we collect\n\nData.\n\n"
                   "### 3. UPDATES TO THIS PRIVACY NOTICE\n\nWe may update it.\n\n"
                   "#### 3.1 How we tell you\n\nBy email.\n\n#### 3.1.1. Email\n\nSent.\n", encoding="utf-8")
    result = import_document(src)
    policy = result.policy
    assert policy.title == "Privacy Notice" and policy.dates == {"Last Updated": "May 22, 2024"}
    printed = numbers(policy)
    assert [(printed[s.id], s.heading, d) for s, d in policy.walk()] == [
        ("", "", 1), ("1.", "Who we are", 1), ("2.", "What we collect", 1),
        ("3.", "UPDATES TO THIS PRIVACY NOTICE", 1), ("3.1", "How we tell you", 2), ("3.1.1.", "Email", 3)]
    assert policy.sections[0].body == "This notice explains."
    assert any("date or status line" in line for line in result.report)
