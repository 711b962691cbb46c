"""A Word form checkbox's state is words: "☐ I consent" → "☒ I consent" is a change.

A legacy checkbox (a FORMCHECKBOX field, its state in w:ffData/w:checkBox) has no
text of its own: it was dropped, and ticking it compared as nothing.
"""

import docx
from docx.oxml import parse_xml

from policyeditor.cli import main
from policyeditor.formats.importers.docx import import_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W14_NS = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


def _legacy_box(state: str) -> str:
    """A FORMCHECKBOX field as Word writes it; `state` the w:checkBox's children after w:sizeAuto."""
    return (f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
            f'<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData>'
            '</w:fldChar></w:r>'
            f'<w:r {W_NS}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
            f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>')


def _content_control_box(sign: str, ticked: str) -> str:
    return (f'<w:sdt {W_NS} {W14_NS}><w:sdtPr><w14:checkbox><w14:checked w14:val="{ticked}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
            f'<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr>'
            f'<w:t>{sign}</w:t></w:r></w:sdtContent></w:sdt>')


def _document(path, box_xml: str):
    document = docx.Document()
    document.add_heading("Consent", 1)
    paragraph = document.add_paragraph()
    for element in parse_xml(f'<w:wrap {W_NS} {W14_NS}>{box_xml}</w:wrap>'):
        paragraph._p.append(element)
    paragraph.add_run(" I consent to the processing of my data.")
    document.save(str(path))
    return path


def _compared(tmp_path, old_xml: str, new_xml: str, capsys) -> str:
    old = _document(tmp_path / "old.docx", old_xml)
    new = _document(tmp_path / "new.docx", new_xml)
    out = tmp_path / "redline.txt"
    assert main(["compare", str(old), str(new), "-o", str(out)]) == 0
    return capsys.readouterr().out + out.read_text(encoding="utf-8")


def test_ticking_a_legacy_form_checkbox_is_a_change(tmp_path, capsys):
    said = _compared(tmp_path, _legacy_box('<w:default w:val="0"/>'),
                     _legacy_box('<w:default w:val="0"/><w:checked/>'), capsys)
    assert "1 changes" in said
    assert "[-\u2610-]{+\u2612+}" in said


def test_a_legacy_checkbox_s_state_is_its_sign_and_the_report_names_it(tmp_path):
    cases = {'<w:default w:val="0"/>': "\u2610", '<w:default w:val="1"/>': "\u2612",
             '<w:default w:val="1"/><w:checked w:val="0"/>': "\u2610", "": "\u2610",
             '<w:checked w:val="true"/>': "\u2612"}
    for k, (state, sign) in enumerate(cases.items()):
        result = import_docx(_document(tmp_path / f"box{k}.docx", _legacy_box(state)))
        body = result.policy.sections[0].body
        assert body == f"{sign} I consent to the processing of my data.", (state, body)
        assert "1 form checkbox(es) (as \u2610 or \u2612) kept" in result.report
        assert not any("field(s)" in line for line in result.report)  # a box is no field result


def test_ticking_a_content_control_checkbox_is_a_change(tmp_path, capsys):
    said = _compared(tmp_path, _content_control_box("\u2610", "0"), _content_control_box("\u2612", "1"),
                     capsys)
    assert "1 changes" in said
    assert "[-\u2610-]{+\u2612+}" in said
