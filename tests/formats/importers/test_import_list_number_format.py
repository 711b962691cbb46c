"""A Word list numbered I, II, III (w:numFmt) or "Clause 1." (w:lvlText) is kept as 1., 2., 3.:
named by import and compare, so a change of the list's numbering is never nothing in silence."""

import docx
from docx.oxml import parse_xml

from policyeditor.cli import main
from policyeditor.core.unkept import unkept_sentence
from policyeditor.formats.importers.docx import import_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(path, fmt: str = "decimal", text: str = "%1.", nested: str = ""):
    document = docx.Document()
    document.add_heading("Terms", 1)
    numbering = document.part.numbering_part.element
    second = (f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
              f'<w:lvlText w:val="{nested}"/></w:lvl>') if nested else ""
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        f'{second}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for words, ilvl in (("We may change these terms.", 0), ("We tell you first.", 1 if nested else 0),
                        ("You may leave.", 0)):
        paragraph = document.add_paragraph(words)
        paragraph._p.insert(0, parse_xml(f'<w:pPr {W_NS}><w:numPr><w:ilvl w:val="{ilvl}"/>'
                                         '<w:numId w:val="90"/></w:numPr></w:pPr>'))
    document.save(str(path))
    return path


def _said(tmp_path, capsys, **new) -> str:
    old, changed = _document(tmp_path / "old.docx"), _document(tmp_path / "new.docx", **new)
    out = tmp_path / "redline.txt"
    assert main(["compare", str(old), str(changed), "-o", str(out)]) == 0
    return capsys.readouterr().out + out.read_text(encoding="utf-8")


def test_a_list_numbered_in_roman_instead_is_named_by_compare(tmp_path, capsys):
    said = _said(tmp_path, capsys, fmt="upperRoman")
    assert "1 list numbered I., II., III. (as 1., 2., 3. here) not compared" in said


def test_a_list_numbered_clause_1_instead_is_named_by_compare(tmp_path, capsys):
    said = _said(tmp_path, capsys, text="Clause %1.")
    assert "1 list numbered Clause 1., Clause 2., Clause 3. (as 1., 2., 3. here) not compared" in said


def test_the_import_names_the_numbers_it_keeps_as_1_2_3_and_only_those(tmp_path):
    plain = import_docx(_document(tmp_path / "plain.docx", nested="%2."))
    assert not plain.policy.unkept  # decimal "%1.", and a nested level of no words of its own: kept
    roman = import_docx(_document(tmp_path / "roman.docx", fmt="lowerRoman", text="(%1)"))
    assert roman.policy.unkept == {"list numbered (i), (ii), (iii) (as 1., 2., 3. here)": 1}
    assert any("1 list numbered (i), (ii), (iii) (as 1., 2., 3. here) not imported" in line
               for line in roman.report)
    article = import_docx(_document(tmp_path / "article.docx", nested="Article %1.%2"))
    name = "list numbered Article 1.a, Article 1.b, Article 1.c (as 1., 2., 3. here)"
    assert article.policy.unkept == {name: 1}
    assert unkept_sentence({name: 2}, "compared") == \
        "2 lists numbered Article 1.a, Article 1.b, Article 1.c (as 1., 2., 3. here) not compared"
