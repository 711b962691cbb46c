"""The DOCX importer on the corpus, on a generated document, and on damaged or hostile files."""

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_UNDERLINE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Paragraph, Table
from policyeditor.core.errors import ImportError_
from policyeditor.formats.importers import docx as docx_import
from policyeditor.formats.importers import import_document
from tests.conftest import CORPUS, DATA
from tests.formats.wordcheck import words_kept

SEED = CORPUS / "seed" / "privacy-policy.txt"
POI = DATA / "poi-docx"
# each corpus .docx was made from the newer version of a Markdown pair
SOURCES = {
    "reddit-privacy-policy.pandoc.docx": "pairs/reddit-privacy-policy/v2.md",
    "snapchat-privacy-policy.pandoc.docx": "pairs/snapchat-privacy-policy/v2.md",
    "twitch-privacy-policy.libreoffice.docx": "pairs/twitch-privacy-policy/v2.md",
}


def outline(policy):
    return [(depth, section.heading) for section, depth in policy.walk()]


@pytest.mark.parametrize("name", ["reddit-privacy-policy.pandoc.docx", "snapchat-privacy-policy.pandoc.docx"])
def test_pandoc_docx_has_the_markdown_sections(name):
    from_docx = import_document(CORPUS / "docx" / name).policy
    from_md = import_document(CORPUS / SOURCES[name]).policy
    assert outline(from_docx) == outline(from_md)
    assert len(outline(from_docx)) >= 11


def test_libreoffice_docx_has_the_markdown_sections():
    from_docx = import_document(CORPUS / "docx" / "twitch-privacy-policy.libreoffice.docx").policy
    from_md = import_document(CORPUS / SOURCES["twitch-privacy-policy.libreoffice.docx"]).policy
    # the HTML page LibreOffice read had two h1 (the logo's text and the title), the Markdown one
    assert outline(from_docx)[:2] == [(1, "twitch"), (1, "Twitch.tv Privacy Notice")]
    assert [(d - 1, h) for d, h in outline(from_docx)[2:]] == [(d, h) for d, h in outline(from_md) if h]
    # the table of contents is a numbered list of links (HYPERLINK fields), not 17 empty sections
    toc = body.parse(from_docx.sections[1].children[0].body)[0]
    assert isinstance(toc, ListBlock) and len(toc.items) == 17
    assert toc.items[0].runs[0].link.startswith("https://www.twitch.tv/en/legal/privacy-notice/#")


def test_pandoc_lists_tables_and_links():
    policy = import_document(CORPUS / "docx" / "reddit-privacy-policy.pandoc.docx").policy
    collect = body.parse(policy.sections[1].body)
    assert sum(isinstance(b, Table) for b in collect) == 5
    use = body.parse(policy.sections[1].children[0].body)
    lists = [b for b in use if isinstance(b, ListBlock)]
    assert lists and lists[0].items[0].runs[0].text.startswith("Provide, maintain, and improve")
    links = {r.link for b in lists for i in b.items for r in i.runs}
    assert "https://www.redditinc.com/policies/user-agreement" in links


def _hyperlink(paragraph, text, url):
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _tracked(paragraph, kind, text):
    wrapper = OxmlElement(f"w:{kind}")
    wrapper.set(qn("w:id"), "1")
    wrapper.set(qn("w:author"), "x")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "del" else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    wrapper.append(run)
    paragraph._p.append(wrapper)


@pytest.fixture
def generated(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Generated Policy", style="Title")
    doc.add_paragraph("Before any heading.")
    doc.add_heading("Scope", level=1)
    p = doc.add_paragraph("Plain, ")
    p.add_run("bold").bold = True
    p.add_run(", ")
    p.add_run("italic").italic = True
    p.add_run(", ")
    p.add_run("under").underline = WD_UNDERLINE.SINGLE
    p.add_run(" and ")
    _hyperlink(p, "a link", "https://example.com/terms")
    p.add_run(" and ")
    _hyperlink(p, "a script", "javascript:alert(1)")
    p.add_run(".")
    strong = doc.add_paragraph("Styled ")
    strong.add_run("strong").style = "Strong"
    doc.add_heading("Skipped", level=3)
    doc.add_paragraph("first bullet", style="List Bullet")
    doc.add_paragraph("second bullet", style="List Bullet")
    doc.add_paragraph("numbered one", style="List Number")
    table = doc.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Head A", (0, 1): "Head B", (1, 0): "cell a", (1, 1): "cell b"}.items():
        table.cell(row, col).text = text
    table.cell(1, 1).add_paragraph("second line")
    doc.add_heading("Changes", level=1)
    tracked = doc.add_paragraph("Kept ")
    _tracked(tracked, "ins", "inserted ")
    _tracked(tracked, "del", "DELETED ")
    tracked.add_run("end.")
    path = tmp_path / "generated.docx"
    doc.save(path)
    return import_document(path)


def test_generated_document_keeps_formatting(generated):
    policy = generated.policy
    assert policy.title == "Generated Policy"
    assert outline(policy) == [(1, ""), (1, "Scope"), (2, "Skipped"), (1, "Changes")]
    assert policy.sections[0].body == "Before any heading."
    scope = policy.sections[1]
    assert scope.body == ("Plain, **bold**, _italic_, <u>under</u> and [a link](https://example.com/terms) "
                          "and a script.\n\nStyled **strong**")
    blocks = body.parse(scope.children[0].body)
    assert [type(b) for b in blocks] == [ListBlock, ListBlock, Table]  # bullets, then a numbered list
    assert [[(i.ordered, "".join(r.text for r in i.runs)) for i in b.items] for b in blocks[:2]] == [
        [(False, "first bullet"), (False, "second bullet")], [(True, "numbered one")]]
    assert scope.children[0].body.endswith("| cell a | cell b<br>second line |")
    assert policy.sections[2].body == "Kept inserted end."
    report = "\n".join(generated.report)
    assert report.startswith("2 tracked changes by 1 person, no comments")  # kept, not silently accepted
    assert "1 link(s)" in report


def test_seed_as_docx(tmp_path):
    from_text = import_document(SEED).policy
    doc = docx.Document()
    doc.add_paragraph(from_text.title, style="Title")
    for section, depth in from_text.walk():
        doc.add_heading(section.heading, level=depth)
        for block in body.parse(section.body):
            if isinstance(block, ListBlock):
                for item in block.items:
                    doc.add_paragraph("".join(r.text for r in item.runs), style="List Bullet")
            elif isinstance(block, Paragraph):
                doc.add_paragraph("".join(r.text for r in block.runs))
    path = tmp_path / "privacy-policy.docx"
    doc.save(path)
    from_docx = import_document(path).policy
    assert from_docx.title == "PRIVACY POLICY"
    assert [(s.heading, d, s.body) for s, d in from_docx.walk()] == \
        [(s.heading, d, s.body) for s, d in from_text.walk()]
    assert words_kept(path, from_docx).share == 100.0


def test_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("just text", encoding="utf-8")
    message = r"^fake.docx is not a Word document \(it is not a valid zip file\)$"
    with pytest.raises(ImportError_, match=message):
        import_document(path)


def test_password_protected_docx_says_so():
    """Word keeps an encrypted .docx in an OLE2 compound file: it was called "not a valid zip file"."""
    path = POI / "bug53475-password-is-pass.docx"
    message = (r"^bug53475-password-is-pass.docx is password-protected \(encrypted\); remove the password "
               r"in Word and save it again to import it$")
    with pytest.raises(ImportError_, match=message):
        import_document(path)


def test_word_97_document_named_docx_says_so(tmp_path):
    path = tmp_path / "old.docx"  # an OLE2 compound file without an EncryptedPackage stream
    path.write_bytes(docx_import.OLE2_SIGNATURE + bytes(504) + "WordDocument".encode("utf-16-le"))
    with pytest.raises(ImportError_, match=r"^old.docx is an older Office file .*save it as .docx in Word"):
        import_document(path)


def test_truncated_docx(tmp_path):
    data = (CORPUS / "docx" / "reddit-privacy-policy.pandoc.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportError_, match="cut.docx is not a Word document"):
        import_document(path)


def test_zip_without_document(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportError_, match="no word/document.xml"):
        import_document(path)


def test_damaged_document_xml(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(CORPUS / "docx" / "reddit-privacy-policy.pandoc.docx") as source, \
            zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item, data[:500] if item.filename == "word/document.xml" else data)
    with pytest.raises(ImportError_, match="broken.docx is a damaged Word document"):
        import_document(path)


def _bomb(path, size):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/padding.xml", b"\0" * size)
    path.write_bytes(buffer.getvalue())


def test_zip_bomb_by_ratio(tmp_path):
    path = tmp_path / "bomb.docx"
    _bomb(path, 8 * 1024 * 1024)  # 8 MB of zeros deflate about 1000 to 1
    with pytest.raises(ImportError_, match="compressed more than 100 to 1"):
        import_document(path)


def test_zip_bomb_by_total_size(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_import, "MAX_UNCOMPRESSED", 1000)  # the real limit is 200 MB
    path = tmp_path / "big.docx"
    _bomb(path, 2000)
    with pytest.raises(ImportError_, match="would unpack to more than"):
        import_document(path)
