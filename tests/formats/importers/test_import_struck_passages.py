"""Struck-through words (HTML <s>/<del>/<strike>, Markdown ~~words~~ or <s>, Word w:strike) are
kept plain, and each passage is named by its words and heading, by import, compare and export:
a strike added reads "strikethrough added on “not”", not "1 strikethrough" as though both had it."""

from __future__ import annotations

import docx
import pytest

from policyeditor.cli import main
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.struck import NAMED

NOT = "\u201cnot\u201d (under \u201cScope\u201d)"
LINE = f"1 struck-through passage kept as plain text (a policy cannot strike words through): {NOT}"


def source(path, strike: bool):
    """The same sentence, its "not" struck or not, as `path`'s suffix writes it."""
    if path.suffix == ".docx":
        document = docx.Document()
        for heading, level in (("Terms", 0), ("Scope", 1)):
            document.add_heading(heading, level)
        paragraph = document.add_paragraph()
        for words, struck in (("We will ", False), ("not", strike), (" sell data.", False)):
            paragraph.add_run(words).font.strike = struck
        document.save(path)
        return path
    word = {".html": "<del>not</del>", ".md": "~~not~~"}[path.suffix] if strike else "not"
    text = (f"<h1>Terms</h1><h2>Scope</h2><p>We will {word} sell data.</p>" if path.suffix == ".html"
            else f"# Terms\n\n## Scope\n\nWe will {word} sell data.\n")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".html", ".md", ".docx"])
def test_a_struck_passage_is_named_on_import(tmp_path, suffix):
    result = import_document(source(tmp_path / f"p{suffix}", True))
    assert result.policy.sections[0].body == "We will not sell data."
    assert result.policy.unkept == {f"strikethrough on {NOT}": 1}
    assert LINE in result.report


@pytest.mark.parametrize("suffix", [".html", ".md", ".docx"])
def test_a_strike_added_is_named_by_compare_and_export(tmp_path, capsys, suffix):
    plain, struck = source(tmp_path / f"a{suffix}", False), source(tmp_path / f"b{suffix}", True)
    assert main(["compare", str(plain), str(struck), "-o", str(tmp_path / "r.json")]) == 0
    said = capsys.readouterr().out
    assert said.startswith("0 changes")
    assert f"note: 1 strikethrough added on {NOT} not compared" in said
    assert main(["compare", str(struck), str(plain), "-o", str(tmp_path / "r.txt")]) == 0
    redline = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert f"1 strikethrough removed on {NOT} not compared" in redline
    assert main(["export", str(struck), "-o", str(tmp_path / "out.html")]) == 0
    assert f"1 strikethrough on {NOT} not exported" in capsys.readouterr().out


def test_markdown_inline_html_strikes_and_an_empty_one_strikes_nothing(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# Terms\n\n## Scope\n\nWe will <s>not</s> sell<s></s> data.\n", encoding="utf-8")
    result = import_document(page)
    assert result.policy.unkept == {f"strikethrough on {NOT}": 1}


def test_beyond_the_named_passages_the_rest_are_counted(tmp_path):
    words = " ".join(f"<s>w{k}</s>" for k in range(NAMED + 2))
    page = tmp_path / "p.html"
    page.write_text(f"<h1>T</h1><h2>Scope</h2><p>{words}</p>", encoding="utf-8")
    result = import_document(page)
    assert len(result.policy.unkept) == NAMED + 1 and result.policy.unkept["strikethrough"] == 2
    assert any(line.startswith(f"{NAMED + 2} struck-through passages") and line.endswith(" and 2 more")
               for line in result.report)


@pytest.mark.parametrize("suffix", [".html", ".md", ".docx"])
def test_the_struck_line_is_placed_on_the_first_passage(tmp_path, suffix):
    """The window's import notes go to a note's place: the struck line's is its first passage's words."""
    from policyeditor.core.body import plain_text
    from policyeditor.formats.importers.result import Note

    result = import_document(source(tmp_path / f"p{suffix}", True))
    [line] = [note for note in result.report if note == LINE]
    scope = result.policy.sections[0]
    assert isinstance(line, Note) and line.section_id == scope.id
    assert plain_text(scope.body)[line.start:line.start + line.length] == "not"
    assert line.start == len("We will ")
