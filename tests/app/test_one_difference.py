"""Pairs of documents that differ in exactly one thing, through `policyeditor compare` and every output.

A compare never says "no changes" when something changed: each difference shows as a change in
the text, JSON, HTML, tracked DOCX and blackline DOCX redlines, or, when a policy cannot hold it
(a Word comment, a page header, an image of a Markdown file, a strike), every one of them names it.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from policyeditor.cli import main
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.own_cover import without_cover

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word(path: Path, *, comment: str = "", header: str = "", runs: str = "<w:r><w:t>Terms apply.</w:t></w:r>",
         tracked: bool = False) -> Path:
    """A small Word document: a title, a heading and one paragraph made of `runs` (raw w:r XML),
    with a Word comment on its words, a page header, or a tracked deletion after it."""
    document = docx.Document()
    document.add_paragraph("Probe Policy", style="Title")
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.add_heading("Scope", 1)
    paragraph = document.add_paragraph()
    for run in parse_xml(f"<w:p {W_NS}>{runs}</w:p>"):
        paragraph._p.append(run)
    if tracked:
        paragraph._p.append(parse_xml(f'<w:del {W_NS} w:id="90" w:author="Ann" w:date="2026-01-05T10:00:00Z">'
                                      "<w:r><w:delText> Gone.</w:delText></w:r></w:del>"))
    if comment:
        document.add_comment(document.add_paragraph().add_run("Commented words."), text=comment, author="Ann")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def written(tmp_path: Path, suffix: str, old_text: str, new_text: str) -> tuple[Path, Path]:
    """Two files of one name (a/p.md, b/p.md), so that no file name reads as a change."""
    paths = []
    for side, text in (("a", old_text), ("b", new_text)):
        path = tmp_path / side / f"p{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def _parts_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return " ".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                        if n.startswith("word/") and n.endswith(".xml"))


def outputs(old: Path, new: Path, tmp_path: Path, capsys, *options: str) -> dict:
    """What `policyeditor compare` shows through each output: the printed redline, the JSON data,
    the HTML, and the text (and XML) of the tracked and blackline DOCX files (every part)."""
    capsys.readouterr()
    assert main(["compare", str(old), str(new), *options]) == 0
    shown = {"text": capsys.readouterr().out}
    for suffix, extra in (("json", ()), ("html", ()), ("docx", ()), ("blackline.docx", ("--blackline",))):
        out = tmp_path / f"redline.{suffix}"
        assert main(["compare", str(old), str(new), "-o", str(out), *options, *extra]) == 0
        if suffix.endswith("docx"):
            shown[f"{suffix}.xml"] = _parts_xml(out)
            shown[suffix] = re.sub(r"<[^>]+>", "", shown[f"{suffix}.xml"])
        else:
            text = out.read_text(encoding="utf-8")
            shown[suffix] = json.loads(text) if suffix == "json" else text
    capsys.readouterr()
    return shown


def assert_named(shown: dict, said: str) -> None:
    """No change, and every output says `said` (the HTML escapes it)."""
    assert shown["json"]["stats"]["changes"] == 0
    assert f"note: {said}" in shown["text"]
    assert said.split(" (the ")[0] in json.dumps(shown["json"], ensure_ascii=False)  # JSON: the fact
    assert said.replace("&", "&amp;") in shown["html"]
    assert f"Note: {said}" in shown["docx"]
    assert f"Note: {said}" in shown["blackline.docx"]


def test_a_word_comment_changed_is_named_by_every_output(tmp_path, capsys):
    old = word(tmp_path / "a" / "p.docx", comment="Check the period.")
    new = word(tmp_path / "b" / "p.docx", comment="Check the retention period.")
    assert_named(outputs(old, new, tmp_path, capsys), "Word comment changed on \u201cCommented words.\u201d: "
                 "\u201cCheck the period.\u201d \u2192 \u201cCheck the retention period.\u201d")


def test_a_word_comment_added_is_named(tmp_path, capsys):
    old = word(tmp_path / "a" / "p.docx")
    new = word(tmp_path / "b" / "p.docx", comment="Why?")
    shown = outputs(old, new, tmp_path, capsys)
    assert "note: Word comment added on \u201cCommented words.\u201d: \u201cWhy?\u201d" in shown["text"]


def test_a_page_header_changed_is_named_in_the_docx_redlines_too(tmp_path, capsys):
    old = word(tmp_path / "a" / "p.docx", header="Acme confidential")
    new = word(tmp_path / "b" / "p.docx", header="Acme public")
    assert_named(outputs(old, new, tmp_path, capsys),
                 "page header changed: \u201cAcme confidential\u201d \u2192 \u201cAcme public\u201d")
    # the note is the cover's, as what it compares: a returned redline's import leaves it out
    returned = without_cover(import_document(tmp_path / "redline.docx").policy)
    assert "Note" not in " ".join(s.heading + s.body for s, _ in returned.walk())


def test_a_tracked_change_the_compare_accepted_is_said(tmp_path, capsys):
    old = word(tmp_path / "a" / "p.docx")
    new = word(tmp_path / "b" / "p.docx", tracked=True)
    assert_named(outputs(old, new, tmp_path, capsys),
                 "the new document (p.docx) holds 1 tracked change, compared as accepted")


@pytest.mark.parametrize("suffix, old_text, new_text", [
    (".md", "# T\n\n## Scope\n\nSee ![logo](logo.png) here.\n",
     "# T\n\n## Scope\n\nSee ![logo](logo-2.png) here.\n"),
    (".html", '<h1>T</h1><h2>Scope</h2><p>See <img src="logo.png" alt="logo"> here.</p>',
     '<h1>T</h1><h2>Scope</h2><p>See <img src="logo-2.png" alt="logo"> here.</p>'),
])
def test_an_image_a_policy_cannot_hold_is_named(suffix, old_text, new_text, tmp_path, capsys):
    old, new = written(tmp_path, suffix, old_text, new_text)
    assert_named(outputs(old, new, tmp_path, capsys),
                 "1 image not compared (the sources held them; a policy cannot)")


def test_struck_through_words_are_named_for_their_strike(tmp_path, capsys):
    old, new = written(tmp_path, ".html", "<h1>T</h1><h2>Scope</h2><p>We will <del>not</del> sell data.</p>",
                       "<h1>T</h1><h2>Scope</h2><p>We will not sell data.</p>")
    assert_named(outputs(old, new, tmp_path, capsys), "1 strikethrough removed on \u201cnot\u201d (under "
                 "\u201cScope\u201d) not compared (the old document held them; a policy cannot)")
    struck = word(tmp_path / "c" / "p.docx", runs="<w:r><w:t xml:space='preserve'>We will </w:t></w:r>"
                  "<w:r><w:rPr><w:strike/></w:rPr><w:t>not</w:t></w:r>"
                  "<w:r><w:t xml:space='preserve'> sell.</w:t></w:r>")
    assert import_document(struck).policy.unkept == {
        "strikethrough on \u201cnot\u201d (under \u201cScope\u201d)": 1}


def test_a_symbol_font_character_is_named(tmp_path):
    symbol = word(tmp_path / "p.docx",
                  runs='<w:r><w:t>Done </w:t><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>')
    assert import_document(symbol).policy.unkept == {"symbol": 1}


def _one_change(shown: dict, editorial: bool) -> None:
    """One change, counted alike by every output, and marked in the text, HTML and DOCX redlines."""
    assert shown["json"]["stats"]["changes"] == 1
    assert shown["json"]["changes"][0]["editorial"] is editorial
    assert re.search(r"^1 changes", shown["text"], re.M) and ("[-" in shown["text"] or "{+" in shown["text"])
    assert "<w:ins " in shown["docx.xml"] or "<w:del " in shown["docx.xml"]
    assert "<td>Changes</td><td>1</td>" in shown["html"] and 'data-change="1"' in shown["html"]
    assert "CountChanges1Substantive" in shown["blackline.docx"]  # the summary table's first row


@pytest.mark.parametrize("suffix, old_text, new_text", [
    (".md", "# T\n\n## Scope\n\nClause 5\u00a0applies.\n", "# T\n\n## Scope\n\nClause 5 applies.\n"),
    (".html", "<h1>T</h1><h2>Scope</h2><p>Clause 5&nbsp;applies.</p>",
     "<h1>T</h1><h2>Scope</h2><p>Clause 5 applies.</p>"),
    (".txt", "T\n\n1. SCOPE\n\nClause 5\u00a0applies to all.\n",
     "T\n\n1. SCOPE\n\nClause 5 applies to all.\n"),
])
def test_a_no_break_space_made_a_space_is_an_editorial_change(suffix, old_text, new_text, tmp_path, capsys):
    old, new = written(tmp_path, suffix, old_text, new_text)
    _one_change(outputs(old, new, tmp_path, capsys), editorial=True)


def test_padding_of_no_break_spaces_is_one_space():
    from policyeditor.formats.importers.line_shape import collapse

    assert collapse("for \u00a0 \u00a0member", keep_nbsp=True) == "for member"
    assert collapse("5\u00a0applies", keep_nbsp=True) == "5\u00a0applies"


@pytest.mark.parametrize("old_runs, new_runs, editorial", [
    ("<w:r><w:t>Name:</w:t><w:tab/><w:t>value</w:t></w:r>",
     "<w:r><w:t xml:space='preserve'>Name: value</w:t></w:r>", True),
    ("<w:r><w:t>Terms apply.</w:t></w:r>",
     "<w:r><w:t>Terms ap</w:t><w:softHyphen/><w:t>ply.</w:t></w:r>", True),
])
def test_a_tab_or_soft_hyphen_in_word_text_is_a_change(old_runs, new_runs, editorial, tmp_path, capsys):
    old, new = word(tmp_path / "a" / "p.docx", runs=old_runs), word(tmp_path / "b" / "p.docx", runs=new_runs)
    _one_change(outputs(old, new, tmp_path, capsys), editorial)


def test_a_fields_instruction_changed_alone_is_a_shown_change_of_format(tmp_path, capsys):
    def field(picture: str) -> str:
        return ('<w:r><w:t xml:space="preserve">Dated </w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> DATE \\@ "{picture}" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1 May 2024</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')

    old = word(tmp_path / "a" / "p.docx", runs=field("d MMMM yyyy"))
    new = word(tmp_path / "b" / "p.docx", runs=field("d MMM yyyy"))
    shown = outputs(old, new, tmp_path, capsys)
    assert shown["json"]["changes"][0]["formatting"] == "field changed"
    assert "[field changed" in shown["text"] and "Formatted: field changed" in shown["html"]
    # the tracked DOCX: the old field deleted (its code w:delInstrText), the new one inserted
    tracked = shown["docx.xml"]
    assert re.search(r'<w:delInstrText[^>]*> DATE \\@ "d MMMM yyyy" </w:delInstrText>', tracked)
    assert re.search(r'<w:instrText[^>]*> DATE \\@ "d MMM yyyy" </w:instrText>', tracked)


def _hyperlink_field(target: str) -> str:
    """Words linked by a Word HYPERLINK field (the importer reads it as the words' link)."""
    return ('<w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{target}" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>our site</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> now.</w:t></w:r>')


def test_a_links_target_changed_alone_says_the_old_and_the_new_target(tmp_path, capsys):
    old = word(tmp_path / "a" / "p.docx", runs=_hyperlink_field("https://old.example.com/privacy"))
    new = word(tmp_path / "b" / "p.docx", runs=_hyperlink_field("https://new.example.com/privacy"))
    shown = outputs(old, new, tmp_path, capsys)
    assert shown["json"]["stats"]["changes"] == 1
    arrow = "https://old.example.com/privacy \u2192 https://new.example.com/privacy"
    assert f"{{~our site~}}[link changed: {arrow}]" in shown["text"]
    assert f'title="Formatted: link changed: {arrow}"' in shown["html"]
    [change] = shown["json"]["changes"]
    assert "https://old.example.com/privacy" in change["old_text"]
    assert "https://new.example.com/privacy" in change["new_text"]


def test_ignored_quotes_are_one_change_each_and_the_text_says_so(tmp_path, capsys):
    old, new = written(tmp_path, ".md", '# T\n\n## Scope\n\nThe word "shall" binds.\n',
                       "# T\n\n## Scope\n\nThe word \u201cshall\u201d binds.\n")
    shown = outputs(old, new, tmp_path, capsys, "--normalize-quotes")
    assert shown["json"]["stats"]["changes"] == 2  # one for each quote, not a deletion and an insertion each
    assert all(c["kind"] == "replace" and c["ignored"] for c in shown["json"]["changes"])
    assert "2 changes (0 substantive, 2 ignored by the options)" in shown["text"]


def test_a_heading_level_changed_is_said_in_the_text_redline(tmp_path, capsys):
    old, new = written(tmp_path, ".md", "# T\n\n## Scope\n\nWords.\n\n## Rights\n\nMore.\n",
                       "# T\n\n## Scope\n\nWords.\n\n### Rights\n\nMore.\n")
    text = outputs(old, new, tmp_path, capsys)["text"]
    assert "§ 1.1 (was 2)  Rights   [moved]   (heading level 1 \u2192 2)" in text


def test_signs_are_substance_and_invisible_characters_editorial():
    from policyeditor.diff.words import is_editorial

    for old, new in (("$100", "\u20ac100"), ("age \u2265 18", "age \u2264 18"), ("A & B", "A / B"),
                     ("10%", "10"), ("\u00a7 5", "\u00b6 5"), ("x > y", "x < y")):
        assert not is_editorial(old, new), (old, new)
    for old, new in (("things", "th\u00adings"), ("Caf\u00e9", "Ca\u200bf\u00e9"), ("1-2", "1\u20132"),
                     ("* item", "- item")):
        assert is_editorial(old, new), (old, new)


def test_a_link_taken_off_as_quotes_went_round_its_words_is_shown_by_every_output(tmp_path, capsys):
    """The quotes are the change of words; every output also shows the kept words between them
    re-formatted (their link gone), not only the quotes."""
    old, new = written(tmp_path, ".md", "# T\n\n## Scope\n\nSee the [Your Rights](#your-rights) section.\n",
                       '# T\n\n## Scope\n\nSee the "Your Rights" section.\n')
    shown = outputs(old, new, tmp_path, capsys)
    [change] = shown["json"]["changes"]
    assert (change["kind"], change["formatting"], change["reformats"]) == ("replace", "", "link removed")
    assert {(op["text"], op["formatting"]) for op in shown["json"]["sections"][0]["ops"]
            if op["op"] == "equal" and op["formatting"]} == {("Your Rights", "link removed")}
    assert '{+"+}{~Your Rights~}[link removed: #your-rights]{+"+}' in shown["text"]
    assert ('<span class="format" data-change="1" title="Formatted: link removed: #your-rights">'
            "Your Rights</span>") in shown["html"]
    # the tracked DOCX: the link's field deleted round the words, their run's format change tracked
    assert re.search(r'<w:delInstrText[^>]*> HYPERLINK \\l "your-rights" </w:delInstrText>.*?'
                     r"<w:r><w:rPr><w:rPrChange [^>]*><w:rPr/></w:rPrChange></w:rPr><w:t>Your Rights</w:t>",
                     shown["docx.xml"])
    assert "Your Rights [Formatted: link removed" in shown["blackline.docx"]
