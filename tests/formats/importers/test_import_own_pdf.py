"""A PDF policyeditor exported reads back as the policy it came from.

What the export added (running header and footer, page numbers, the DRAFT banner, title
block and contents) is left out and counted; headings come from the contents list with their
printed numbers taken off; paragraphs wrapped over lines and pages, list items and bordered
tables (going on over pages) are joined back, so `compare SOURCE SOURCE.pdf` finds nothing.
"""

import json
import re
import shutil
from pathlib import Path

import pytest

from policyeditor.cli import main
from policyeditor.core.numbering import LevelStyle
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.own_numbers import printed_style
from tests.conftest import CORPUS


def _exported(source: Path, tmp_path: Path) -> Path:
    pdf = tmp_path / f"{source.stem}.pdf"
    assert main(["export", str(source), "-o", str(pdf)]) == 0
    return pdf


def _stats(old: Path, new: Path, tmp_path: Path) -> dict:
    out = tmp_path / "redline.json"
    assert main(["compare", str(old), str(new), "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))["stats"]


def test_the_sample_policy_reads_back_as_its_text(tmp_path, capsys):
    # the fault: 106 changes, every wrapped line end a paragraph, the cover and contents sections
    source = tmp_path / "seed.txt"
    shutil.copy(CORPUS / "seed" / "privacy-policy.txt", source)
    pdf = _exported(source, tmp_path)
    assert _stats(source, pdf, tmp_path)["changes"] == 0
    result = import_document(pdf)
    said = next(line for line in result.report if "policyeditor exported" in line)
    # 5 pages: two header lines, the DRAFT mark and "Page N of 5" on each, the banner, title,
    # version line, "Contents" and its 10 entries, and the closing version line
    assert int(re.search(r"(\d+) line\(s\) it added", said).group(1)) == 5 * 4 + 14 + 1
    assert result.policy.title == "PRIVACY POLICY"


@pytest.mark.parametrize("name", ["quora-privacy-policy", "tiktok-terms-of-service",
                                  "twitch-privacy-policy", "pinterest-terms-of-service"])
def test_corpus_policies_read_back_unchanged(name, tmp_path):
    source = tmp_path / f"{name}.md"
    shutil.copy(CORPUS / "pairs" / name / "v1.md", source)
    assert _stats(source, _exported(source, tmp_path), tmp_path)["changes"] == 0


def test_tables_going_on_over_pages_read_back_word_for_word(tmp_path):
    # reddit's five-column tables run over 17 pages, rows cut at the foot of a page; what is left
    # are cells whose line break falls where the next word would not have fitted anyway
    source = tmp_path / "reddit.md"
    shutil.copy(CORPUS / "pairs" / "reddit-privacy-policy" / "v1.md", source)
    stats = _stats(source, _exported(source, tmp_path), tmp_path)
    assert (stats["words_inserted"], stats["words_deleted"], stats["sections"]["unchanged"]) == (0, 0, 10)
    assert stats["changes"] <= 3


def test_formatting_lists_breaks_and_merged_cells_come_back(tmp_path):
    words = "Words that wrap over the lines of a narrow column, "
    rows = "\n".join(f"| Row {i} | {words * (1 + i % 3)}done. | {i} |" for i in range(1, 40))
    (tmp_path / "long.md").write_text(f"""# Table Policy

## Terms

A paragraph with **bold words**, _italic words_, <u>underlined words</u> and a
[link](https://example.com/terms) in it, long enough to wrap onto a second line of the page.

First line<br>second line after a break.

3. Third item, numbered from three.
4. Fourth item
   - a bullet under it
5. Fifth item

| **Kind** | **What** | **Count** |
| --- | --- | --- |
{rows}

### (a) A lettered clause

Its text.
""", encoding="utf-8")  # a header cell prints bold, so it reads back bold
    (tmp_path / "merged.html").write_text(
        "<h1>Merged</h1><h2>Tables</h2><table><tr><th><b>A</b></th><th><b>B</b></th><th><b>C</b></th></tr>"
        "<tr><td colspan=2>Spans two columns</td><td>1</td></tr>"
        "<tr><td rowspan=2>Spans two rows</td><td>first</td><td>2</td></tr>"
        "<tr><td>second</td><td>3</td></tr></table>", encoding="utf-8")
    for source in (tmp_path / "long.md", tmp_path / "merged.html"):
        assert _stats(source, _exported(source, tmp_path), tmp_path)["changes"] == 0, source.name


def test_the_printed_numbers_give_the_style_back():
    style, headings = printed_style([(1, "1 Scope"), (2, "(a) Data"), (2, "(b)"), (1, "2 Use"),
                                     (2, "(a) Ads"), (3, "(i) Kinds")])
    assert style.level(2) == LevelStyle("lower-letter", "(", ")", joined=False)
    assert style.level(1).kind == "decimal" and style.level(3) == LevelStyle("lower-roman", "(", ")", False)
    assert headings == ["Scope", "Data", "", "Use", "Ads", "Kinds"]
    none, words = printed_style([(1, "Introduction"), (1, "Terms")])
    assert none.level(1).kind == "none" and words == ["Introduction", "Terms"]


def test_a_short_versions_closing_line_is_the_exports_even_when_its_hash_wraps(tmp_path):
    # the fault: a two-section version's PDF read back with "Version 1.0 · Approved · SHA-256" and its
    # hash as the policy's last paragraph; the hash had wrapped to a line of its own, so the closing
    # line was not recognised and the signed PDF did not show the version's text
    source = tmp_path / "p.md"
    source.write_text("# Privacy\n\n## About\n\nWe collect your data.\n\n## Sharing\n\nWe share it.\n")
    policy = tmp_path / "p.policy"
    assert main(["import", str(source), "-o", str(policy)]) == 0
    assert main(["version", str(policy), "--label", "1.0", "--author", "Ada Author"]) == 0
    pdf = tmp_path / "v.pdf"
    assert main(["export", f"{policy}@1.0", "-o", str(pdf)]) == 0
    assert _stats(source, pdf, tmp_path)["changes"] == 0
    assert "SHA-256" not in "".join(s.body for s, _ in import_document(pdf).policy.walk())
