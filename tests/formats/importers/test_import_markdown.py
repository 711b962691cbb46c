"""The Markdown importer on a real pair and on the corpus's awkward constructions."""

import pytest

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Paragraph, Table
from policyeditor.formats.importers import import_document
from tests.conftest import CORPUS

REDDIT = CORPUS / "pairs" / "reddit-privacy-policy" / "v2.md"


@pytest.fixture(scope="module")
def reddit():
    return import_document(REDDIT)


def test_heading_tree_shape(reddit):
    policy = reddit.policy
    assert policy.title == "Reddit Privacy Policy"
    assert [(d, s.heading) for s, d in policy.walk()] == [
        (1, ""),
        (1, "What Information We Collect"),
        (2, "How We Use Information"), (2, "How We Share Information"),
        (2, "How We Protect Your Information"),
        (1, "Your Rights and Choices"),
        (2, "Additional Information for EEA Users"), (2, "International Data Transfers"),
        (2, "Additional Information for California Users"), (2, "Children"),
        (2, "Changes to This Policy"),
        (1, "Contact Us"),
    ]
    # the text before the H1 and under it lands in the first, untitled section
    preface = body.plain_text(policy.sections[0].body)
    assert preface.startswith("We've updated our Privacy Policy.")
    assert "At Reddit, we believe that privacy is a right." in preface


def test_table_with_breaks_and_emphasis_kept(reddit):
    blocks = body.parse(reddit.policy.sections[1].body)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 5
    row = tables[0].rows[2]
    cell = row[1]
    # `_  <br>Account information_` is not emphasis in CommonMark (space after the `_`):
    # the underscores stay as text, the <br> is a line break
    assert "".join(r.text for r in cell) == "_\nAccount information_"
    assert "Information You Provide to Us\nWe collect" in "".join(r.text for r in tables[0].rows[1][1])
    assert any(r.bold and r.text == "Location information" for c in tables[1].rows[4] for r in c)


def test_list_and_link_targets_kept(reddit):
    use = reddit.policy.sections[1].children[0]
    blocks = body.parse(use.body)
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert lists and lists[0].items[0].runs[0].text.startswith("Provide, maintain, and improve")
    links = {r.link for b in lists for item in b.items for r in item.runs if r.link}
    assert "https://www.redditinc.com/policies/user-agreement" in links
    first = body.parse(reddit.policy.sections[0].body)[0]
    assert isinstance(first, Paragraph)
    assert any(r.link == "https://www.redditinc.com/policies/privacy-policy-revision-2021-09-12"
               and r.text == "click here" for r in first.runs)


def test_constructs(tmp_path):
    src = tmp_path / "doc.md"
    src.write_text(
        "Intro with ![logo](http://x/logo.png) picture.\n\n"
        "Only Title\n==========\n\n"
        "## 1. Scope\n\nSee [terms](https://ex.com/a_(b)) and <span>tagged</span> text.\n\n"
        "#### Skipped level\n\n"
        "1. one\n   - nested *it* **bold**\n2. two\n\n"
        "> quoted words\n\n"
        "```\ncode line\n```\n\n"
        "| A | B |\n| --- | --- |\n| x<br>y | **z** |\n\n"
        "Setext two\n----------\n\ntext\n",
        encoding="utf-8")
    result = import_document(src)
    policy = result.policy
    assert policy.title == "Only Title"
    assert [(d, s.heading) for s, d in policy.walk()] == [
        (1, ""), (1, "Scope"), (2, "Skipped level"), (1, "Setext two")]  # typed "1." = derived 1
    scope = policy.sections[1]
    assert scope.body == "See [terms](<https://ex.com/a_(b)>) and tagged text."
    deep = body.parse(scope.children[0].body)
    assert isinstance(deep[0], ListBlock)
    assert [(i.ordered, i.level) for i in deep[0].items] == [(True, 0), (False, 1), (True, 0)]
    assert body.write([deep[0]]).splitlines()[1] == "  - nested _it_ **bold**"
    assert [type(b) for b in deep] == [ListBlock, Paragraph, Paragraph, Table]
    assert "| x<br>y | **z** |" in scope.children[0].body
    assert any("1 image" in line for line in result.report)
    assert any("block quote" in line for line in result.report)
    assert any("code block" in line for line in result.report)


def test_a_footnote_keeps_its_formatting_links_and_later_paragraphs(tmp_path):
    """A note was read as plain words (its bold and its link's target lost, unsaid), and its second
    paragraph, indented after a blank line, became a code block in the text."""
    (tmp_path / "n.md").write_text(
        "# T\n\n## A\n\nText.[^1]\n\n[^1]: See **Section 5** and [the site](https://x.org/a).\n\n"
        "    Second paragraph of the note.\n\nAfter the note.\n", encoding="utf-8")
    result = import_document(tmp_path / "n.md")
    (paragraph, after) = body.parse(result.policy.sections[0].body)
    notes = [r for r in paragraph.runs if r.note == "fn"]
    assert "".join(r.text for r in notes) == "See Section 5 and the site. Second paragraph of the note."
    assert [r.text for r in notes if r.bold] == ["Section 5"]
    assert [(r.text, r.link) for r in notes if r.link] == [("the site", "https://x.org/a")]
    assert body.runs_plain(after.runs) == "After the note."
    assert not any("code block" in str(line) for line in result.report)
