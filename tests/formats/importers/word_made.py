"""A Word document as two reviewers leave it: tracked changes of every kind and threaded comments.

Built from python-docx's own template with raw WordprocessingML, as Word writes it:
insertions and deletions by two authors, a move, an inserted paragraph mark, an
inserted and a deleted table row, formatting changes, and comments (one with a
reply marked done, one on deleted words only, one without a range).
"""

import io
import zipfile
from pathlib import Path

import docx

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"')
ANN = 'w:author="Ann Reviewer" w:date="2026-03-02T09:15:00Z"'
BOB = 'w:author="Bob Counsel" w:date="2026-03-04T16:40:00Z"'


def _p(inner: str, style: str = "", ppr: str = "") -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{inner}</w:p>"


def _r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _dr(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


def _cell(text: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{_p(_r(text))}</w:tc>'


def _tracked_cell(kind: str, rid: int, author: str, text: str) -> str:
    run = _r(text) if kind == "ins" else _dr(text)
    quote = chr(34)
    return f'<w:tc>{_p(f"<w:{kind} w:id={quote}{rid}{quote} {author}>{run}</w:{kind}>")}</w:tc>'


def _table() -> str:
    return ('<w:tbl><w:tblPr><w:tblW w:w="4000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/>'
            '<w:gridCol w:w="2000"/></w:tblGrid>'
            f'<w:tr>{_cell("Purpose")}{_cell("Data")}</w:tr>'
            f'<w:tr><w:trPr><w:ins w:id="19" {ANN}/></w:trPr>'
            + _tracked_cell("ins", 20, ANN, "Billing") + _tracked_cell("ins", 21, ANN, "Card number")
            + '</w:tr>'
            f'<w:tr><w:trPr><w:del w:id="22" {BOB}/></w:trPr>'
            + _tracked_cell("del", 23, BOB, "Marketing") + _tracked_cell("del", 24, BOB, "Browsing history")
            + '</w:tr></w:tbl>')


BODY = "".join([
    _p(_r("Acme Privacy Policy"), "Title"),
    _p(_r("Data we collect"), "Heading1"),
    _p(_r("We collect ") + f'<w:ins w:id="1" {ANN}>{_r("your name and ")}</w:ins>' + _r("e-mail address")
       + f'<w:del w:id="2" {BOB}>{_dr(" and phone number")}</w:del>' + _r(".")),
    _p('<w:commentRangeStart w:id="11"/>' + _r("We never sell data.") + '<w:commentRangeEnd w:id="11"/>'
       + '<w:r><w:commentReference w:id="11"/></w:r>'),
    _p(f'<w:moveFromRangeStart w:id="3" {BOB} w:name="move1"/><w:moveFrom w:id="4" {BOB}>'
       + _dr("Data stays in the EU.") + '</w:moveFrom><w:moveFromRangeEnd w:id="3"/>',
       ppr=f'<w:rPr><w:del w:id="5" {BOB}/></w:rPr>'),
    _p(_r("We keep records of ") + '<w:commentRangeStart w:id="12"/>'
       + f'<w:del w:id="6" {ANN}>{_dr("every purchase")}</w:del>' + '<w:commentRangeEnd w:id="12"/>'
       + '<w:r><w:commentReference w:id="12"/></w:r>'
       + f'<w:ins w:id="7" {ANN}>{_r("what the law requires")}</w:ins>' + _r(".")),
    _p(_r("How we use it"), "Heading1"),
    _p(_r("We use data to ") + '<w:commentRangeStart w:id="13"/>' + _r("run the service")
       + '<w:commentRangeEnd w:id="13"/><w:r><w:commentReference w:id="13"/></w:r>'
       + '<w:commentRangeStart w:id="14"/><w:commentRangeEnd w:id="14"/>'
       + '<w:r><w:commentReference w:id="14"/></w:r>'
       + _r(" and to ", ) + f'<w:r><w:rPr><w:b/><w:rPrChange w:id="8" {BOB}><w:rPr/></w:rPrChange></w:rPr>'
       '<w:t>improve</w:t></w:r>' + _r(" it."),
       ppr=f'<w:jc w:val="both"/><w:pPrChange w:id="9" {ANN}><w:pPr/></w:pPrChange>'),
    _p(f'<w:moveToRangeStart w:id="15" {BOB} w:name="move1"/><w:moveTo w:id="16" {BOB}>'
       + _r("Data stays in the EU.") + '</w:moveTo><w:moveToRangeEnd w:id="15"/>'),
    _p(_r("First half") + f'<w:ins w:id="17" {ANN}>{_r(" of a sentence")}</w:ins>',
       ppr=f'<w:rPr><w:ins w:id="18" {ANN}/></w:rPr>'),
    _p(_r("and its second half.")),
    _table(),
    _p(_r("Write to us.")),
])

COMMENTS = [  # id, author, initials, date, text, paraId, parent paraId, done
    ("11", "Ann Reviewer", "AR", "2026-03-02T09:20:00Z", "Is this still true?", "10000001", None, True),
    ("21", "Bob Counsel", "BC", "2026-03-04T16:45:00Z", "Yes, confirmed with sales.", "10000002", "10000001",
     False),
    ("12", "Bob Counsel", "BC", "2026-03-04T16:50:00Z", "Why drop this?", "10000003", None, False),
    ("13", "Ann Reviewer", "AR", "2026-03-02T09:30:00Z", "Which service?", "10000004", None, False),
    ("14", "Bob Counsel", "BC", "2026-03-04T17:00:00Z", "See clause 4.", "10000005", None, False),
]
TRACKED_CHANGES = 17  # every revision mark in BODY (w:ins, w:del, moves, marks, rows, property changes)


def _comments_xml() -> str:
    items = "".join(
        f'<w:comment w:id="{cid}" w:author="{a}" w:initials="{i}" w:date="{d}">'
        f'<w:p w14:paraId="{para}"><w:r><w:t>{t}</w:t></w:r></w:p></w:comment>'
        for cid, a, i, d, t, para, _, _ in COMMENTS)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {NS}>{items}</w:comments>'


def _extended_xml() -> str:
    items = "".join(
        f'<w15:commentEx w15:paraId="{para}"' + (f' w15:paraIdParent="{parent}"' if parent else "")
        + f' w15:done="{1 if done else 0}"/>'
        for *_, para, parent, done in COMMENTS)
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    return f'{head}<w15:commentsEx {NS}>{items}</w15:commentsEx>'


def _body_with_reply_ranges() -> str:
    # Word gives a reply the range of the comment it answers
    return BODY.replace('<w:commentRangeStart w:id="11"/>', '<w:commentRangeStart w:id="11"/>'
                        '<w:commentRangeStart w:id="21"/>').replace(
        '<w:commentRangeEnd w:id="11"/>', '<w:commentRangeEnd w:id="11"/><w:commentRangeEnd w:id="21"/>')


def make_reviewed_docx(path: Path) -> Path:
    """Write the reviewed document to `path`."""
    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    document = source.read("word/document.xml").decode("utf-8")
    start, end = document.index("<w:body>") + len("<w:body>"), document.index("<w:sectPr")
    document = document[:start] + _body_with_reply_ranges() + document[end:]
    document = document.replace("<w:document ", f'<w:document xmlns:w15="{NS.split(chr(34))[5]}" ', 1) \
        if "xmlns:w15" not in document else document
    rels = source.read("word/_rels/document.xml.rels").decode("utf-8").replace(
        "</Relationships>",
        '<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'comments" Target="comments.xml"/><Relationship Id="rIdC2" Type="http://schemas.microsoft.com/office/'
        '2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>')
    types = source.read("[Content_Types].xml").decode("utf-8").replace(
        "</Types>",
        '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = document.encode("utf-8")
            elif item.filename == "word/_rels/document.xml.rels":
                data = rels.encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = types.encode("utf-8")
            out.writestr(item, data)
        out.writestr("word/comments.xml", _comments_xml())
        out.writestr("word/commentsExtended.xml", _extended_xml())
    return path
