"""Two Word lists one right after the other stay two lists in the body (a blank line between them),
as Markdown's `-` then `*` does: bulleted lists of two w:num, or of one abstract list made distinct
by a w:startOverride, with no paragraph between. Lists of one abstract list that Word counts as one
(no override) stay one."""

from pathlib import Path

import docx
from docx.oxml import parse_xml

from policyeditor.formats.importers import import_document

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _bullets(abstract_id: str) -> str:
    return (f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="hybridMultilevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>'
            '</w:abstractNum>')


NUMS = [  # 61 and 62: lists of abstract lists of their own; 63 of 61's made distinct; 64 of 61's as is
    '<w:num w:numId="61"><w:abstractNumId w:val="60"/></w:num>',
    '<w:num w:numId="62"><w:abstractNumId w:val="70"/></w:num>',
    '<w:num w:numId="63"><w:abstractNumId w:val="60"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
    '<w:num w:numId="64"><w:abstractNumId w:val="60"/></w:num>',
]


def word_lists(tmp_path: Path, paragraphs: list[tuple[str, str, int]]) -> Path:
    """A document with a heading "Clauses" then `paragraphs` (words, numId, ilvl; numId "": a
    plain paragraph), its lists of the bulleted abstract lists 60 and 70 (see NUMS)."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for abstract_id in ("60", "70"):
        abstract = parse_xml(_bullets(abstract_id))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    for xml in NUMS:
        numbering.append(parse_xml(xml.replace("<w:num ", f"<w:num {W_NS} ", 1)))
    document.add_heading("Policy", 0)
    document.add_heading("Clauses", 1)
    for words, num_id, level in paragraphs:
        paragraph = document.add_paragraph(words)
        if num_id:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    path = tmp_path / "lists.docx"
    document.save(path)
    return path


def clauses(path: Path) -> str:
    return next(s.body for s in import_document(path).policy.sections if s.heading == "Clauses")


def test_two_bulleted_lists_of_two_w_num_are_two_lists(tmp_path: Path) -> None:
    path = word_lists(tmp_path, [("We keep mail.", "61", 0), ("We keep calls.", "61", 0),
                                 ("You may ask.", "62", 0), ("You may object.", "62", 0)])
    assert clauses(path) == "- We keep mail.\n- We keep calls.\n\n- You may ask.\n- You may object."


def test_one_abstract_list_made_distinct_is_a_list_of_its_own(tmp_path: Path) -> None:
    path = word_lists(tmp_path, [("We keep mail.", "61", 0), ("You may ask.", "63", 0)])
    assert clauses(path) == "- We keep mail.\n\n- You may ask."
    # 64 shares 61's abstract list and count (no override): one list, as Word shows it
    path = word_lists(tmp_path, [("We keep mail.", "61", 0), ("We keep calls.", "64", 0)])
    assert clauses(path) == "- We keep mail.\n- We keep calls."


def test_a_nested_item_of_another_list_does_not_part_its_list(tmp_path: Path) -> None:
    path = word_lists(tmp_path, [("We keep mail.", "61", 0), ("for a year", "62", 1),
                                 ("We keep calls.", "61", 0), ("You may ask.", "62", 0)])
    assert clauses(path) == "- We keep mail.\n  - for a year\n- We keep calls.\n\n- You may ask."
