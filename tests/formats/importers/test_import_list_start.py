"""A numbered list that does not start at 1 (clauses are cited by number) is never renumbered in
silence: Markdown's "3.", HTML's <ol start>, and Word's counts (continued past a paragraph
between, or begun by a w:start or w:startOverride)."""

from pathlib import Path

import docx
from docx.oxml import parse_xml

from policyeditor.core.body import plain_text
from policyeditor.formats.importers import import_document

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _notes(result) -> list[str]:
    return [line for line in result.report if "numbered list" in line]


def _placed_words(result, note) -> str:
    section = next(s for s in result.policy.sections if s.id == note.section_id)
    return plain_text(section.body)[note.start:note.start + note.length]


def test_markdown_list_from_three_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("# T\n\nIntro.\n\n## Retention\n\n3. one\n4. two\n5. three\n\n"
                    "## Rights\n\n1. first\n2. second\n", encoding="utf-8")
    result = import_document(path)
    notes = _notes(result)
    assert len(notes) == 1
    assert "starting at 3" in notes[0] and "Retention" in notes[0]
    assert _placed_words(result, notes[0]) == "one"


def test_markdown_list_continued_after_a_paragraph_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("# T\n\n1. one\n2. two\n\nBetween.\n\n3. three\n", encoding="utf-8")
    notes = _notes(import_document(path))
    assert len(notes) == 1 and "starting at 3" in notes[0]


def test_html_ol_start_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text('<h1>T</h1><h2>Retention</h2><ol start="3"><li>one</li><li>two</li></ol>'
                    '<ol><li>plain</li></ol><ol start="x"><li>odd</li></ol>', encoding="utf-8")
    result = import_document(path)
    notes = _notes(result)
    assert len(notes) == 1 and "starting at 3" in notes[0] and "Retention" in notes[0]
    assert _placed_words(result, notes[0]) == "one"


_ABSTRACT = (f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:multiLevelType w:val="hybridMultilevel"/>'
             '<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1."/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
             '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>')


def _clause(word: str) -> str:  # a sentence: a short numbered line before body text reads as a heading
    return f"Clause {word} applies to every record we keep."


def _word(tmp_path: Path, items: list[tuple[str, str | None]], start: int = 1,
          override: int | None = None) -> Path:
    """A document whose paragraphs (text, numId or None) use a decimal list; numId "91" is the
    list, "92" the same list restarted at `override`."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    abstract = parse_xml(_ABSTRACT.replace("{start}", str(start)))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    if override is not None:
        numbering.append(parse_xml(
            f'<w:num {W_NS} w:numId="92"><w:abstractNumId w:val="90"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override}"/></w:lvlOverride></w:num>'))
    document.add_heading("Policy", 0)
    document.add_heading("Retention", 1)
    for text, num_id in items:
        paragraph = document.add_paragraph(_clause(text) if num_id else text)
        if num_id:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    path = tmp_path / "p.docx"
    document.save(path)
    return path


def test_word_list_continued_past_a_paragraph_is_reported(tmp_path: Path) -> None:
    path = _word(tmp_path, [("one", "91"), ("two", "91"), ("A plain paragraph between.", None),
                            ("three", "91")])
    result = import_document(path)
    notes = _notes(result)
    assert len(notes) == 1 and "starting at 3" in notes[0] and "Retention" in notes[0]
    assert _placed_words(result, notes[0]) == _clause("three")


def test_word_list_with_w_start_is_reported(tmp_path: Path) -> None:
    notes = _notes(import_document(_word(tmp_path, [("five", "91"), ("six", "91")], start=5)))
    assert len(notes) == 1 and "starting at 5" in notes[0]


def test_word_start_override_restarts_the_count(tmp_path: Path) -> None:
    # 91 counts 1, 2; 92 restarts the same abstract list at 1 (no note), then at 7 elsewhere
    path = _word(tmp_path, [("one", "91"), ("two", "91"), ("Between.", None), ("again", "92")],
                 override=1)
    assert _notes(import_document(path)) == []
    path = _word(tmp_path, [("one", "91"), ("Between.", None), ("seven", "92")], override=7)
    notes = _notes(import_document(path))
    assert len(notes) == 1 and "starting at 7" in notes[0]


def test_word_corpus_lists_from_one_are_not_reported() -> None:
    # python-docx's own numbered style starts at 1: a plain numbered list gives no note
    document = docx.Document()
    for text in ("one", "two"):
        document.add_paragraph(text, style="List Number")
    path = Path(__file__).parent / "_tmp_list_number.docx"
    try:
        document.save(path)
        assert _notes(import_document(path)) == []
    finally:
        path.unlink(missing_ok=True)
