"""The text of a Word document with every tracked change accepted or rejected, computed apart from
the importer: straight from document.xml with lxml, and as LibreOffice reads it (flat ODF)."""

import re
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def xml_words(path: Path, accept: bool) -> list[str]:
    """Words of the body: the dropped side's revisions removed, paragraphs whose mark goes joined."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"),
                            etree.XMLParser(resolve_entities=False, no_network=True))
    body = root.find(W + "body")
    gone = ("del", "moveFrom") if accept else ("ins", "moveTo")
    for tr in list(body.iter(W + "tr")):
        pr = tr.find(W + "trPr")
        if pr is not None and any(pr.find(W + g) is not None for g in gone):
            tr.getparent().remove(tr)
    out: list[str] = []
    for p in body.iter(W + "p"):
        mark = p.find(f"{W}pPr/{W}rPr")
        joins = mark is not None and any(mark.find(W + g) is not None for g in gone)
        for el in list(p.iter(*(W + g for g in gone))):
            if el.getparent() is not None and el.getparent().tag != W + "rPr":
                el.getparent().remove(el)
        text = "".join(" " if t.tag == W + "tab" else t.text or ""
                       for t in p.iter(W + "t", W + "delText", W + "tab"))
        out.append(text + ("" if joins else "\n"))
    return "".join(out).split()


def office_words(fodt: Path, accept: bool) -> list[str]:
    """Words of LibreOffice's reading (a flat ODF it converted): the other side's changed regions dropped."""
    root = etree.parse(str(fodt), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    t = f"{{{TEXT_NS}}}"
    kinds = {}
    for region in root.iter(t + "changed-region"):
        names = [c.tag.split("}")[1] for c in region]
        kind = next((n for n in names if n in ("insertion", "deletion")), "")
        kinds[region.get(t + "id")] = kind
    drop = "deletion" if accept else "insertion"
    office_text = next(root.iter("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text"))
    out: list[str] = []
    dropping: set[str] = set()

    def walk(el, top: bool) -> None:
        tag = el.tag.split("}")[1] if isinstance(el.tag, str) else ""
        if tag in ("tracked-changes", "sequence-decls", "annotation"):  # annotation: a comment's own text
            return
        if tag == "change-start" and kinds.get(el.get(t + "change-id")) == drop:
            dropping.add(el.get(t + "change-id"))
        elif tag == "change-end":
            dropping.discard(el.get(t + "change-id"))
        elif tag == "change" and kinds.get(el.get(t + "change-id")) == "insertion" and not accept:
            pass
        if not dropping and el.text and tag not in ("change-start", "change-end"):
            out.append(el.text)
        if tag in ("s", "tab", "line-break"):
            out.append(" ")
        for child in el:
            walk(child, False)
            if not dropping and child.tail:
                out.append(child.tail)
        if tag in ("p", "h") and not dropping:
            out.append("\n")

    walk(office_text, True)
    return "".join(out).split()


def to_fodt(office: list[str], path: Path) -> Path:
    subprocess.run([*office, "--convert-to", "fodt", "--outdir", str(path.parent), str(path)],
                   capture_output=True, timeout=180)
    out = path.with_suffix(".fodt")
    assert out.exists(), f"LibreOffice wrote nothing for {path.name}"
    return out


def words_of(policy, with_title: bool) -> list[str]:
    from policyeditor.core.body import plain_text

    words = policy.title.split() if with_title else []
    for section, _ in policy.walk():
        words += section.heading.split() + [w for w in plain_text(section.body).split() if w != "|"]
    return words


WORD_SPLIT = re.compile(r"\s+")


def xml_comment_quotes(path: Path, accept: bool) -> dict[str, str]:
    """Comment id → the words between its commentRangeStart and commentRangeEnd, on one side."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"),
                            etree.XMLParser(resolve_entities=False, no_network=True))
    body = root.find(W + "body")
    gone = ("del", "moveFrom") if accept else ("ins", "moveTo")
    for el in list(body.iter(*(W + g for g in gone))):
        if el.getparent() is not None and el.getparent().tag not in (W + "rPr", W + "trPr"):
            el.getparent().remove(el)
    text: list[str] = []
    starts: dict[str, int] = {}
    quotes: dict[str, str] = {}
    for el in body.iter():
        if el.tag in (W + "t", W + "delText"):
            text.append(el.text or "")
        elif el.tag == W + "p":
            text.append(" ")
        elif el.tag == W + "commentRangeStart":
            starts[el.get(W + "id")] = len("".join(text))
        elif el.tag == W + "commentRangeEnd" and el.get(W + "id") in starts:
            whole = "".join(text)
            quotes[el.get(W + "id")] = " ".join(whole[starts[el.get(W + "id")]:].split())
    return {k: v for k, v in quotes.items() if v}


def xml_authors(path: Path) -> set[str]:
    """Every w:author of a revision in the body."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"),
                            etree.XMLParser(resolve_entities=False, no_network=True))
    return {el.get(W + "author") for el in root.iter() if isinstance(el.tag, str) and el.get(W + "author")
            and not el.tag.endswith(("RangeStart", "RangeEnd"))}
