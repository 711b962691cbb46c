"""Hidden text (w:vanish on a run): Word does not show it, so it is not imported as visible text.

It was published in every export ("The laws of England apply. Secret clause.");
now it is left out and named: by the import (quoting it), and by compare and
export through policy.unkept ("1 passage of hidden text not compared").
"""

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from policyeditor.cli import main
from policyeditor.formats.importers.docx import import_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(path, hidden: str = "", style_hidden: bool = False):
    document = docx.Document()
    document.add_heading("Law", 1)
    paragraph = document.add_paragraph("The laws of England apply.")
    if hidden:
        run = paragraph.add_run(" " + hidden)
        if style_hidden:
            style = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
            style.font.hidden = True
            run.style = style
        else:
            run.font.hidden = True
    document.save(str(path))
    return path


def test_hidden_words_are_not_imported_and_the_report_quotes_them(tmp_path):
    for k, style_hidden in enumerate((False, True)):
        result = import_docx(_document(tmp_path / f"h{k}.docx", "Secret clause.", style_hidden))
        assert result.policy.sections[0].body == "The laws of England apply."
        assert result.policy.unkept == {"passage of hidden text": 1}
        assert "1 passage of hidden text (Word does not show it) left out: \u201cSecret clause.\u201d" \
            in result.report


def test_hidden_words_added_are_named_by_compare_and_not_published_by_export(tmp_path, capsys):
    old = _document(tmp_path / "old.docx")
    new = _document(tmp_path / "new.docx", "Secret clause.")
    out = tmp_path / "redline.html"
    assert main(["compare", str(old), str(new), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "1 passage of hidden text not compared" in said
    assert "1 passage of hidden text not compared" in out.read_text(encoding="utf-8")
    exported = tmp_path / "export.html"
    assert main(["export", str(new), "-o", str(exported)]) == 0
    html = exported.read_text(encoding="utf-8")
    assert "Secret clause" not in html
    assert "1 passage of hidden text not exported" in html


def test_a_hidden_paragraph_mark_hides_no_words(tmp_path):
    path = _document(tmp_path / "mark.docx")
    document = docx.Document(str(path))
    ppr = parse_xml(f'<w:pPr {W_NS}><w:rPr><w:vanish/></w:rPr></w:pPr>')
    document.paragraphs[-1]._p.insert(0, ppr)
    document.save(str(path))
    result = import_docx(path)
    assert result.policy.sections[0].body == "The laws of England apply."
    assert not result.policy.unkept
