"""Headings typed as plain, bold or numbered lines are found, in every importer, by one rule."""

import pytest

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Paragraph, Table
from policyeditor.core.numbering import numbers
from policyeditor.formats.importers import import_document
from tests.conftest import CORPUS

PAIRS = CORPUS / "pairs"
REDDIT_PARTS = ["Reddit User Agreement if you live outside the EEA, United Kingdom, or Switzerland, "
                "including if you live in the United States",
                "Reddit User Agreement if you live in the EEA, United Kingdom, or Switzerland"]
REDDIT_FIRST = ["Your Access to the Services", "Privacy", "Your Use of the Services",
                "Your Reddit Account and Account Security", "Your Content"]
PINTEREST_TOPS = ["", "The Service", "Using Pinterest", "Your User Content", "Intellectual Property",
                  "Security", "Third party links, sites, and services", "Termination", "Indemnity",
                  "Disclaimers", "Limitation of Liability", "Arbitration", "Governing law and jurisdiction",
                  "General terms"]
QUORA_TOPS = ["", "Overview", "Information We Collect",
              "How We Use Your Information and Legal Basis for Processing", "How We Share Your Information",
              "How We Secure and Store Your Information", "How We Transfer Your Information",
              "Your Privacy Rights", "Your Choices and Settings", "Children’s Privacy",
              "Additional Information for California Residents", "California Privacy Rights"]


def headings(sections):
    return [s.heading for s in sections]


def paragraphs(policy):
    """Every body paragraph's plain text, in document order."""
    return ["".join(r.text for r in b.runs) for s, _ in policy.walk() for b in body.parse(s.body)
            if isinstance(b, Paragraph)]


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_reddit_terms_bold_numbered_lines_in_two_parts(version):
    result = import_document(PAIRS / "reddit-terms-of-service" / f"{version}.md")
    tops = result.policy.sections
    assert headings(tops) == [""] + REDDIT_PARTS  # v1 marks the parts as H3, v2 only as bold lines
    for part in tops[1:]:
        assert len(part.children) == 18
        assert headings(part.children)[:5] == REDDIT_FIRST  # typed "1." equals the derived 1.1's last part
    assert headings(tops[2].children)[-1] == "Contact Details"
    assert any("36 heading(s) were inferred from numbered lines" in line for line in result.report)


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_pinterest_terms_numbered_lines_with_lettered_sub_clauses(version):
    result = import_document(PAIRS / "pinterest-terms-of-service" / f"{version}.md")
    policy = result.policy
    assert headings(policy.sections) == PINTEREST_TOPS
    assert headings(policy.sections[2].children) == [
        "Who can use Pinterest", "Our license to you", "Commercial use of Pinterest"]
    printed = numbers(policy)
    assert [printed[s.id] for s in policy.sections[2].children] == ["a.", "b.", "c."]  # as typed
    assert headings(policy.sections[13].children)[-1] == "Parties"  # cited in the text as "13(e)"
    assert printed[policy.sections[13].children[-1].id] == "e."
    # the plain-language summaries keep their label as body text
    assert all(s.heading != "More simply put" for s, _ in policy.walk())
    assert paragraphs(policy).count("More simply put") == 18
    assert "More simply put" in body.plain_text(policy.sections[1].body)
    assert any("28 heading(s) were inferred from numbered lines" in line for line in result.report)
    assert any("repeated 18 times, was kept as text" in line for line in result.report)


@pytest.mark.parametrize("version, extra", [("v1", []), ("v2", ["Poe by Quora"])])
def test_quora_plain_title_case_lines(version, extra):
    result = import_document(PAIRS / "quora-privacy-policy" / f"{version}.md")
    tops = headings(result.policy.sections)
    assert tops == QUORA_TOPS + extra + ["Contact Us", "Privacy Policy Updates"]
    # the address under Contact Us is three short lines in a row: text, not headings
    contact = body.plain_text(result.policy.sections[-2].body)
    assert "Attn: Privacy" in contact and "605 Castro Street" in contact
    assert any("inferred from short Title-Case lines" in line for line in result.report)


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_parler_single_item_bold_numbered_lists_are_headings(version):
    result = import_document(PAIRS / "parler-privacy-policy" / f"{version}.md")
    tops = headings(result.policy.sections)
    assert tops[:4] == ["", "Information We Collect", "How We Use the Information We Collect",
                        "How We Share the Information We Collect"]
    assert len(tops) == 21  # v2's "1. Your Rights and Choices" starts a count of one: it stays text
    if version == "v1":  # v1 flattens a table: its three bold column labels in a row stay text
        assert {"Category", "Examples", "Collected"} <= set(paragraphs(result.policy))


def test_document_with_real_headings_is_unchanged(tmp_path):
    src = tmp_path / "real.md"
    src.write_text("# Title\n\n## One\n\n**Bold label**\n\nText follows here.\n\n## Two\n\n"
                   "**Another label**\n\nMore text.\n\n## Three\n\n1\\. Typed number\n\nEnd text.\n",
                   encoding="utf-8")
    policy = import_document(src).policy
    assert [(d, s.heading) for s, d in policy.walk()] == [(1, "One"), (1, "Two"), (1, "Three")]


NEGATIVES = ("Intro text for the policy, which is a full sentence.\n\n"
             "**Scope**\n\nThis policy covers everything we do.\n\n"
             "- **Short bold**\n- **Another bold**\n\n"
             "1. one\n2. two\n\n"
             "| **Head** | B |\n| --- | --- |\n| **Cell** | x |\n\n"
             "**Contact**\n\nWrite to us at any time.\n\n"
             "Thanks for reading\n")


def test_lists_tables_and_a_final_short_line_are_not_headings(tmp_path):
    src = tmp_path / "neg.md"
    src.write_text(NEGATIVES, encoding="utf-8")
    result = import_document(src)
    policy = result.policy
    assert headings(policy.sections) == ["", "Scope", "Contact"]
    scope = body.parse(policy.sections[1].body)
    assert [type(b) for b in scope] == [Paragraph, ListBlock, ListBlock, Table]
    assert [len(b.items) for b in scope if isinstance(b, ListBlock)] == [2, 2]
    assert body.plain_text(policy.sections[2].body).endswith("Thanks for reading")
    assert any("2 heading(s) were inferred from bold lines" in line for line in result.report)


def test_a_single_bold_line_is_not_enough(tmp_path):
    src = tmp_path / "one.md"
    src.write_text("First paragraph, a sentence.\n\n**Only bold**\n\nText after it.\n", encoding="utf-8")
    policy = import_document(src).policy
    assert headings(policy.sections) == [""]


def test_numbers_must_count_up(tmp_path):
    src = tmp_path / "count.md"
    src.write_text("Preface sentence here.\n\n1\\. Alpha\n\nText a.\n\n2\\. Beta\n\nText b.\n\n"
                   "7\\. Out of order\n\nText c.\n\na. Sub one\n\nText d.\n\nc. Skipped letter\n\nText e.\n\n"
                   "1\\. Lone restart\n\nText f.\n",
                   encoding="utf-8")
    result = import_document(src)
    policy = result.policy
    assert [(d, s.heading) for s, d in policy.walk()] == [(1, ""), (1, "Alpha"), (1, "Beta"),
                                                         (2, "Sub one")]
    assert numbers(policy)[policy.sections[2].children[0].id] == "a."
    beta = body.plain_text(policy.sections[2].body)
    assert "7. Out of order" in beta
    sub = body.plain_text(policy.sections[2].children[0].body)
    assert "c. Skipped letter" in sub and "1. Lone restart" in sub  # a count of one is no outline


def test_repeated_line_is_not_a_heading(tmp_path):
    src = tmp_path / "rep.md"
    parts = [f"**Part {n}**\n\nBody of part {n}.\n\n**In short**\n\nSummary {n}.\n\n" for n in
             ("One", "Two", "Three")]
    src.write_text("".join(parts), encoding="utf-8")
    policy = import_document(src).policy
    assert headings(policy.sections) == ["Part One", "Part Two", "Part Three"]
    assert body.plain_text(policy.sections[0].body) == "Body of part One.\nIn short\nSummary One."


def test_html_bold_paragraphs_become_headings(tmp_path):
    src = tmp_path / "bold.html"
    src.write_text("<html><head><title>Terms</title></head><body>"
                   "<p>Welcome to the terms, please read them.</p>"
                   "<p><b>1. Accounts</b></p><p>You keep your account safe.</p>"
                   "<p><strong>2. Payments</strong></p><p>You pay on time.</p>"
                   "<ul><li><b>Short</b></li><li><b>Bold</b></li></ul></body></html>",
                   encoding="utf-8")
    policy = import_document(src).policy
    assert policy.title == "Terms"
    assert headings(policy.sections) == ["", "Accounts", "Payments"]
    assert isinstance(body.parse(policy.sections[2].body)[-1], ListBlock)


def test_docx_bold_paragraphs_become_headings(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("These terms apply to everyone who uses the service.")
    for heading, text in (("Your Account", "Keep it safe."), ("Your Content", "You own it."),
                          ("Termination", "Either of us may end this.")):
        document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(text)
    src = tmp_path / "bold.docx"
    document.save(str(src))
    result = import_document(src)
    assert headings(result.policy.sections) == ["", "Your Account", "Your Content", "Termination"]
    assert result.policy.sections[3].body == "Either of us may end this."
    assert any("3 heading(s) were inferred from bold lines" in line for line in result.report)
