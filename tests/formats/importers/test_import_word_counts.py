"""A Word list comes in numbered as Word numbers it (clauses are cited by number): a level that
restarts only after a level above it, or never (w:lvlRestart), a list defined through a numbering
style (w:numStyleLink → w:styleLink), and a w:num that overrides a level's format but goes on with
its count (POI's NumberingWOverrides.docx: its paragraphs' words are the labels Word shows, and
LibreOffice shows the same), and where lists restart or jump
(POI's ComplexNumberedLists.docx)."""

from pathlib import Path

import docx
from docx.oxml import parse_xml

from policyeditor.formats.importers import import_document

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
POI = Path(__file__).parents[2] / "data" / "poi-docx"


def _levels(*restarts: str | None) -> str:
    """w:lvl elements, one per level, decimal from 1; `restarts[i]` the w:lvlRestart of level i."""
    return "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                   + (f'<w:lvlRestart w:val="{r}"/>' if r is not None else "")
                   + f'<w:lvlText w:val="%{i + 1}."/></w:lvl>' for i, r in enumerate(restarts))


def _document(tmp_path: Path, numbering: list[str], paragraphs: list[tuple[str, str, int]],
              styles: list[str] = ()) -> Path:
    """A document of a heading and `paragraphs` (words, numId, ilvl; numId "" a plain paragraph),
    with these w:abstractNum and w:num elements (abstract lists first, as the schema orders them)
    and numbering styles."""
    document = docx.Document()
    part = document.part.numbering_part.element
    first_num = part.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for xml in numbering:
        element = parse_xml(xml.replace("<w:abstractNum ", f"<w:abstractNum {W_NS} ", 1)
                            .replace("<w:num ", f"<w:num {W_NS} ", 1))
        if element.tag.endswith("abstractNum") and first_num is not None:
            first_num.addprevious(element)
        else:
            part.append(element)
    for xml in styles:
        document.styles.element.append(parse_xml(xml.replace("<w:style ", f"<w:style {W_NS} ", 1)))
    document.add_heading("Policy", 0)
    document.add_heading("Clauses", 1)
    for words, num_id, level in paragraphs:
        if not num_id:  # a paragraph between
            document.add_paragraph(f"{words} the lists, a paragraph of its own.")
            continue
        paragraph = document.add_paragraph(f"Clause {words} applies to every record we keep.")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    path = tmp_path / "p.docx"
    document.save(path)
    return path


def _numbered(path: Path) -> list[str]:
    """Each list item of section "Clauses": its indent and number, then its words."""
    result = import_document(path)
    assert [line for line in result.report if "numbered list" in line] == []
    body = next(s.body for s in result.policy.sections if s.heading == "Clauses")
    return [line.replace("Clause ", "").replace(" applies to every record we keep.", "")
            .replace(" the lists, a paragraph of its own.", "") for line in body.split("\n") if line.strip()]


NESTED = [("a", "71", 0), ("x", "71", 1), ("p", "71", 2), ("y", "71", 1), ("q", "71", 2), ("b", "71", 0),
          ("z", "71", 1), ("r", "71", 2)]


def test_lvl_restart_counts_as_word_does(tmp_path: Path) -> None:
    """The spec's (ECMA-376 17.9.10) and Word's reading; LibreOffice 7.4 does not read w:lvlRestart."""
    numbering = [
        # the second level never restarts, the third only after an item of the first level
        f'<w:abstractNum w:abstractNumId="70">{_levels(None, "0", "1")}</w:abstractNum>',
        # a w:lvlRestart of a level not above it is read as none: Word's default
        f'<w:abstractNum w:abstractNumId="72">{_levels(None, "2", "3")}</w:abstractNum>',
        '<w:num w:numId="71"><w:abstractNumId w:val="70"/></w:num>',
        '<w:num w:numId="73"><w:abstractNumId w:val="72"/></w:num>']
    path = _document(tmp_path, numbering, [*NESTED, ("Between", "", 0),
                                           *[(words, "73", level) for words, _, level in NESTED]])
    numbered = _numbered(path)
    assert numbered[:8] == ["1. a", "  1. x", "    1. p", "  2. y", "    2. q", "2. b", "  3. z", "    1. r"]
    assert numbered[9:] == ["1. a", "  1. x", "    1. p", "  2. y", "    1. q", "2. b", "  1. z", "    1. r"]


LINKED = [
    # the numbering style's own list: its levels, from 3, and w:styleLink naming the style
    '<w:abstractNum w:abstractNumId="80"><w:styleLink w:val="LegalList"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '</w:abstractNum>',
    # a list defined through the style: no levels of its own
    '<w:abstractNum w:abstractNumId="82"><w:numStyleLink w:val="LegalList"/></w:abstractNum>',
    '<w:num w:numId="81"><w:abstractNumId w:val="80"/></w:num>',
    '<w:num w:numId="83"><w:abstractNumId w:val="82"/></w:num>',
]
LEGAL_STYLE = ('<w:style w:type="numbering" w:styleId="LegalList"><w:name w:val="Legal List"/>'
               '<w:pPr><w:numPr><w:numId w:val="81"/></w:numPr></w:pPr></w:style>')


LOOP_STYLE = ('<w:style w:type="numbering" w:styleId="Loop"><w:name w:val="Loop"/>'
              '<w:pPr><w:numPr><w:numId w:val="85"/></w:numPr></w:pPr></w:style>')
LOOPED = ['<w:abstractNum w:abstractNumId="84"><w:numStyleLink w:val="Loop"/></w:abstractNum>',
          '<w:num w:numId="85"><w:abstractNumId w:val="84"/></w:num>']


def test_a_list_defined_through_a_numbering_style_is_the_styles_list(tmp_path: Path) -> None:
    """Numbered as the style numbers (it read as bullets: its abstract list has no levels), and
    counted with the style's own list, as LibreOffice shows it (3., 4., 5.). A damaged style that
    links back to itself defines no level: no number, as Word shows none."""
    path = _document(tmp_path, LINKED + LOOPED,
                     [("three", "83", 0), ("four", "83", 0), ("five", "81", 0), ("Between", "", 0),
                      ("one", "85", 0)], [LEGAL_STYLE, LOOP_STYLE])
    assert _numbered(path) == ["3. three", "4. four", "5. five", "Between", "- one"]


def test_word_overrides_format_of_a_level_and_goes_on_counting() -> None:
    """POI's NumberingWOverrides.docx: list 19 shows 1; list 22, of the same abstract list with every
    level's format overridden (upper letters) and no w:startOverride, goes on with B, C; list 23, of
    another, A, B; list 19 again 4. Each paragraph's words are the label it shows."""
    result = import_document(POI / "NumberingWOverrides.docx")
    assert [line for line in result.report if "numbered list" in line] == []
    body = result.policy.sections[0].body
    assert body.endswith("1. 1\n2. B\n3. C\n\n1. A\n2. B\n\n4. 4")


def test_word_lists_restarted_and_jumping_keep_words_numbers() -> None:
    """POI's ComplexNumberedLists.docx, whose words say each number (LibreOffice shows the same): a
    list restarted at 1 right after 4, and a new list from 10 right after it, are lists of their own
    in the body (they came in as one list counted 5 to 9, and five notes)."""
    result = import_document(POI / "ComplexNumberedLists.docx")
    assert [line for line in result.report if "numbered list" in line] == []
    lines = [line.strip() for line in result.policy.sections[0].body.split("\n")]
    assert [line.split(" ")[0] for line in lines if line[:1].isdigit()] == [
        "1.", "2.", "1.", "2.", "3.", "3.", "4.", "1.", "2.", "3.", "10.", "11.", "12.", "13."]
    assert "4. Entry #4\n\n1. Restarted to 1 from 5" in result.policy.sections[0].body
