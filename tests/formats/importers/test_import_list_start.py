"""A numbered list that does not start at 1 (clauses are cited by number) keeps its first number,
and is never renumbered in silence: Markdown's "3.", HTML's <ol start>, and Word's counts
(continued past a paragraph between, or begun by a w:start or w:startOverride)."""

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from policyeditor.core.body import plain_text
from policyeditor.formats.importers import import_document

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _notes(result) -> list[str]:
    return [line for line in result.report if "numbered list" in line]


def _placed_words(result, note) -> str:
    section = next(s for s in result.policy.sections if s.id == note.section_id)
    return plain_text(section.body)[note.start:note.start + note.length]


def _bodies(result) -> dict[str, str]:
    return {s.heading: s.body for s in result.policy.sections}


def test_markdown_list_from_three_keeps_its_numbers(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("# T\n\nIntro.\n\n## Retention\n\n3. one\n4. two\n5. three\n\n"
                    "## Rights\n\n1. first\n2. second\n", encoding="utf-8")
    result = import_document(path)
    assert _notes(result) == []
    assert _bodies(result)["Retention"] == "3. one\n4. two\n5. three"
    assert _bodies(result)["Rights"] == "1. first\n2. second"


def test_markdown_list_continued_after_a_paragraph_keeps_its_number(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("# T\n\n1. one\n2. two\n\nBetween.\n\n3. three\n", encoding="utf-8")
    result = import_document(path)
    assert _notes(result) == []
    assert result.policy.sections[0].body == "1. one\n2. two\n\nBetween.\n\n3. three"


def test_html_ol_start_keeps_its_number(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text('<h1>T</h1><h2>Retention</h2><ol start="3"><li>one</li><li>two</li></ol>'
                    '<p>Between.</p><ol><li>plain</li></ol><p>And.</p><ol start="x"><li>odd</li></ol>',
                    encoding="utf-8")
    result = import_document(path)
    assert _notes(result) == []
    assert _bodies(result)["Retention"] == "3. one\n4. two\n\nBetween.\n\n1. plain\n\nAnd.\n\n1. odd"



@pytest.mark.parametrize(("html", "kept"), [
    ('<ol><li value="7">seven</li><li>eight</li></ol>', "7. seven\n8. eight"),  # the list's start
    # the count jumps in the middle: a list from 7 after a list of one, the next item counting on
    ('<ol><li>one</li><li value="7">seven</li><li>eight</li></ol>', "1. one\n\n7. seven\n8. eight"),
    ('<ol start="3"><li>three</li><li value="3">three again</li></ol>', "3. three\n\n3. three again"),
    # the number it counts anyway, none ("x": counted), and a number as browsers read it (" 9th")
    ('<ol><li>one</li><li value="2">two</li><li value="x">three</li><li value=" 9th">nine</li></ol>',
     "1. one\n2. two\n3. three\n\n9. nine"),
    # a bullet has no number of its own
    ('<ul><li>a</li><li value="7">b</li></ul><ol><li value="4">d</li></ol>', "- a\n- b\n\n4. d"),
    ('<ol><li>one<ol><li>a</li></ol></li><li value="5">five</li></ol>', "1. one\n  1. a\n\n5. five"),
])
def test_html_li_value_keeps_its_number(tmp_path: Path, html: str, kept: str) -> None:
    _html_keeps(tmp_path, html, kept)


def _html_keeps(tmp_path: Path, html: str, kept: str) -> None:
    result = _html_import(tmp_path, html)
    assert _notes(result) == []
    assert _bodies(result)["Retention"] == kept


def _html_import(tmp_path: Path, html: str):
    """A page of a title, a section "Retention" and `html`, imported."""
    path = tmp_path / "p.html"
    path.write_text(f"<h1>T</h1><h2>Retention</h2>{html}", encoding="utf-8")
    return import_document(path)


@pytest.mark.parametrize(("html", "kept"), [
    # a browser counts <ol reversed> down from its number of items (3, 2, 1), or from its start;
    # the body counts up, so each number that goes down begins a list of its own
    ("<ol reversed><li>a</li><li>b</li><li>c</li></ol>", "3. a\n\n2. b\n\n1. c"),
    ('<ol reversed start="9"><li>a</li><li>b</li></ol>', "9. a\n\n8. b"),
    ('<ol reversed><li>a</li><li value="7">b</li><li>c</li></ol>', "3. a\n\n7. b\n\n6. c"),
    # its items are its own: a nested list's, and a list after it, are not counted with them
    ("<ol reversed><li>a<ul><li>x</li><li>y</li></ul></li><li>b</li></ol><ol><li>c</li></ol>",
     "2. a\n  - x\n  - y\n\n1. b\n\n1. c"),
])
def test_html_ol_reversed_keeps_the_numbers_a_browser_shows(tmp_path: Path, html: str, kept: str) -> None:
    _html_keeps(tmp_path, html, kept)


def test_html_ol_reversed_nested_count_the_body_cannot_hold_is_reported(tmp_path: Path) -> None:
    result = _html_import(tmp_path, "<ol><li>one<ol reversed><li>b</li><li>a</li></ol></li></ol>")
    assert _bodies(result)["Retention"] == "1. one\n  2. b\n  3. a"
    notes = _notes(result)
    assert len(notes) == 1 and "item 1 is now numbered 3" in notes[0]
    assert _placed_words(result, notes[0]) == "a"


def test_html_li_value_in_a_nested_list_the_body_cannot_hold_is_reported(tmp_path: Path) -> None:
    result = _html_import(tmp_path, '<ol><li>one<ol><li>a</li><li value="4">d</li><li>e</li></ol></li></ol>')
    assert _bodies(result)["Retention"] == "1. one\n  1. a\n  2. d\n  3. e"
    notes = _notes(result)
    assert len(notes) == 2
    assert "item 4 is now numbered 2" in notes[0] and "item 5 is now numbered 3" in notes[1]
    assert [_placed_words(result, note) for note in notes] == ["d", "e"]


def test_a_negative_start_counts_from_nought_and_reads_back_the_same(tmp_path: Path) -> None:
    """A hostile <ol start="-3"> cannot make a body whose list reads back as paragraphs ("-3. one")."""
    from policyeditor.core.body import parse, write

    path = tmp_path / "p.html"
    path.write_text('<h1>T</h1><h2>Retention</h2><ol start="-3"><li>one</li><li>two</li></ol>',
                    encoding="utf-8")
    body = _bodies(import_document(path))["Retention"]
    assert body == "0. one\n1. two"
    assert write(parse(body)) == body


_ABSTRACT = (f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:multiLevelType w:val="hybridMultilevel"/>'
             '<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1."/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
             '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>')


def _clause(word: str) -> str:  # a sentence: a short numbered line before body text reads as a heading
    return f"Clause {word} applies to every record we keep."


def _word(tmp_path: Path, items: list[tuple], start: int = 1, override: int | None = None,
          override_level: int = 0) -> Path:
    """A document whose paragraphs (text, numId or None[, ilvl]) use a decimal list; numId "91" is
    the list, "92" the same list restarted at `override` (on level `override_level`)."""
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
            f'<w:lvlOverride w:ilvl="{override_level}"><w:startOverride w:val="{override}"/>'
            '</w:lvlOverride></w:num>'))
    document.add_heading("Policy", 0)
    document.add_heading("Retention", 1)
    for text, num_id, *level in items:
        paragraph = document.add_paragraph(_clause(text) if num_id else text)
        if num_id:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W_NS}><w:ilvl w:val="{level[0] if level else 0}"/>'
                f'<w:numId w:val="{num_id}"/></w:numPr>'))
    path = tmp_path / "p.docx"
    document.save(path)
    return path


def _numbers(result) -> list[str]:
    lines = [line.strip() for line in _bodies(result)["Retention"].split("\n")]
    return [line.split(" ")[0] for line in lines if line[:1].isdigit()]


def test_word_list_continued_past_a_paragraph_keeps_its_number(tmp_path: Path) -> None:
    path = _word(tmp_path, [("one", "91"), ("two", "91"), ("A plain paragraph between.", None),
                            ("three", "91")])
    result = import_document(path)
    assert _notes(result) == []
    assert _numbers(result) == ["1.", "2.", "3."]


def test_word_list_with_w_start_keeps_its_number(tmp_path: Path) -> None:
    result = import_document(_word(tmp_path, [("five", "91"), ("six", "91")], start=5))
    assert _notes(result) == [] and _numbers(result) == ["5.", "6."]


def test_word_start_override_restarts_the_count(tmp_path: Path) -> None:
    # 91 counts 1, 2; 92 restarts the same abstract list at 1, then at 7 elsewhere
    path = _word(tmp_path, [("one", "91"), ("two", "91"), ("Between.", None), ("again", "92")],
                 override=1)
    assert _numbers(import_document(path)) == ["1.", "2.", "1."]
    path = _word(tmp_path, [("one", "91"), ("Between.", None), ("seven", "92")], override=7)
    result = import_document(path)
    assert _notes(result) == [] and _numbers(result) == ["1.", "7."]


def test_word_list_restarted_right_after_another_is_a_list_of_its_own(tmp_path: Path) -> None:
    # 1, 2, then straight on a list restarted at 5: two lists in the body, the second from 5
    path = _word(tmp_path, [("one", "91"), ("two", "91"), ("five", "92")], override=5)
    result = import_document(path)
    assert _notes(result) == [] and _numbers(result) == ["1.", "2.", "5."]
    assert f"2. {_clause('two')}\n\n5. {_clause('five')}" in _bodies(result)["Retention"]


def test_word_nested_number_the_body_cannot_hold_is_reported(tmp_path: Path) -> None:
    # a nested count 1, then a nested item of a list restarted at 5 on that level: the body counts 2
    path = _word(tmp_path, [("one", "91"), ("sub", "91", 1), ("five", "92", 1)], override=5,
                 override_level=1)
    result = import_document(path)
    notes = _notes(result)
    assert len(notes) == 1 and "item 5 is now numbered 2" in notes[0] and "Retention" in notes[0]
    assert _placed_words(result, notes[0]) == _clause("five")


def test_word_list_from_one_gives_no_note() -> None:
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


def test_plain_text_list_keeps_its_numbers_and_reports_a_nested_jump(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("Policy\n\nIntro text here.\n\n3. We keep records.\n4. We delete them.\n\n"
                    "More text here.\n\n1. We ask.\n2. We answer.\n7. We close.\n\n"
                    "And then.\n\n1. We look.\n  1. At mail.\n  4. At calls.\n", encoding="utf-8")
    result = import_document(path)
    body = result.policy.sections[0].body
    assert "3. We keep records.\n4. We delete them." in body
    assert "1. We ask.\n2. We answer.\n\n7. We close." in body  # a list from 7 after a list of two
    assert "1. We look.\n  1. At mail.\n  2. At calls." in body
    notes = _notes(result)
    assert len(notes) == 1 and "item 4 is now numbered 2" in notes[0]
    assert _placed_words(result, notes[0]) == "At calls."


def test_plain_text_bullets_right_after_numbers_are_a_list_of_their_own(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("Policy\n\nIntro text here.\n\n1. We ask.\n2. We answer.\n- a bullet\n- another\n",
                    encoding="utf-8")
    body = import_document(path).policy.sections[0].body
    assert "1. We ask.\n2. We answer.\n\n- a bullet\n- another" in body


def test_plain_text_list_begun_nested_parts_only_where_its_first_level_jumps(tmp_path: Path) -> None:
    """Its first first-level item begins that level's count in the same list (4.), the jump after
    it a list of its own (7.)."""
    path = tmp_path / "p.txt"
    path.write_text("Policy\n\nIntro text here.\n\n  2. We ask.\n4. We answer.\n7. We close.\n",
                    encoding="utf-8")
    result = import_document(path)
    assert _notes(result) == []
    assert result.policy.sections[0].body.endswith(
        "Intro text here.\n\n  2. We ask.\n4. We answer.\n\n7. We close.")
