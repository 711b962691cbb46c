"""How often compare says nothing changed while the two sources differ (issue 13; target 0).

Over the corpus's pairs (`pairs/NAME/v1.md → v2.md`) and the successive versions of its chains
(`chains/NAME/vN.md → vN+1.md`), the copy in tests/data/corpus; and over pairs of Apache POI
Word files (tests/data/poi-docx/) in which one kind of content was changed: a footnote, an
endnote, a text box, a field's result, a picture, an equation, a Word comment, a page
header. Each pair goes through `app.compare.compare_refs`, as `policyeditor compare` does. A
pair whose compare finds no change but names what it could not compare (`Redline.notes`: a
chart, a page header, a Word comment) is counted apart.

    .venv/bin/python tests/perf/unchanged_pairs.py
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policyeditor.app.compare import compare_refs  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
POI = ROOT / "tests" / "data" / "poi-docx"

# (file, part, old text, new text): one kind of content changed in a real Word file
EDITS = [
    ("footnotes.docx", "word/footnotes.xml", ">snoska<", ">snoska izmenena<", "footnote"),
    ("table_footnotes.docx", "word/footnotes.xml", ">snoska<", ">snoska nova<", "footnote in a table"),
    ("Bug54849.docx", "word/endnotes.xml", "> Endnote <", "> Endnote changed <", "endnote"),
    ("60316.docx", "word/document.xml", ">[Address 1][Address 2][City, ST ZIP Code]<",
     ">[Address 1][City, ST ZIP Code]<", "text box"),
    ("FieldCodes.docx", "word/document.xml", ">ANTONI<", ">NICK<", "field result"),
    ("FldSimple.docx", "word/document.xml", ">FldSimple.docx<", ">Other.docx<", "simple field result"),
    ("comment.docx", "word/comments.xml", ">This is the first line<", ">This is the changed line<",
     "Word comment"),
    ("headerFooter.docx", "word/header2.xml", ">header\u2026<", ">header, changed\u2026<", "page header"),
]


def corpus_pairs() -> list[tuple[Path, Path]]:
    pairs = [(d / "v1.md", d / "v2.md") for d in sorted((CORPUS / "pairs").iterdir())
             if (d / "v1.md").exists() and (d / "v2.md").exists()]
    for chain in sorted((CORPUS / "chains").iterdir()) if (CORPUS / "chains").is_dir() else []:
        versions = sorted(chain.glob("v*.md"), key=lambda p: int(p.stem[1:]))
        pairs += list(zip(versions, versions[1:], strict=False))
    return pairs


def edited(source: Path, out_dir: Path, part: str, old: str, new: str) -> Path:
    out_dir.mkdir(parents=True)
    out = out_dir / source.name  # the same name: an untitled document's title is its name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                text = data.decode("utf-8")
                if old not in text:
                    raise SystemExit(f"{source.name}: {old!r} is not in {part}")
                data = text.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)
    return out


def picture_pair(work: Path) -> tuple[Path, Path]:
    source = POI / "WithGIF.docx"
    out_dir = work / "picture"
    out_dir.mkdir()
    out = out_dir / source.name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        media = sorted(n for n in zin.namelist() if n.startswith("word/media/"))
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data + b"\0" if item.filename == media[0] else data)
    return source, out


def equation_pair(work: Path) -> tuple[Path, Path]:
    import docx
    from docx.oxml import parse_xml

    paths = []
    for side, factor in (("a", ""), ("b", "2")):
        document = docx.Document()
        paragraph = document.add_paragraph("The area is ")
        paragraph._p.append(parse_xml(
            '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
            f'<m:r><m:t>A={factor}π</m:t></m:r><m:sSup><m:e><m:r><m:t>r</m:t></m:r></m:e>'
            '<m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath>'))
        (work / side).mkdir()
        path = work / side / "circle.docx"
        document.save(str(path))
        paths.append(path)
    return paths[0], paths[1]


def main() -> int:
    rows: list[tuple[str, str, Path, Path]] = [("corpus", f"{a.parent.name} {a.stem}→{b.stem}", a, b)
                                               for a, b in corpus_pairs()]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for index, (name, part, old, new, kind) in enumerate(EDITS):
            source = POI / name
            rows.append(("content", f"{kind} ({name})", source,
                         edited(source, work / f"e{index}", part, old, new)))
        rows.append(("content", "picture (WithGIF.docx)", *picture_pair(work)))
        rows.append(("content", "equation (built)", *equation_pair(work)))
        silent: list[str] = []
        named: list[str] = []
        differ = 0
        for group, label, old, new in rows:
            if old.read_bytes() == new.read_bytes():
                continue
            differ += 1
            redline, _, _ = compare_refs(str(old), str(new))
            if not redline.changes:
                (named if redline.notes else silent).append(f"{group}: {label}")
            print(f"{group:8} {label:60} {len(redline.changes):5} changes"
                  + (f"  ({'; '.join(redline.notes)})" if redline.notes else ""))
    print()
    print(f"pairs whose sources differ: {differ} ({sum(1 for r in rows if r[0] == 'corpus')} corpus, "
          f"{sum(1 for r in rows if r[0] == 'content')} content)")
    print(f"compare says nothing changed while the sources differ: {len(silent)} (target 0)")
    for label in silent:
        print(f"  silent: {label}")
    if named:
        print(f"no change found, but what was not compared is named: {len(named)}")
    return 0 if not silent else 1


if __name__ == "__main__":
    sys.exit(main())
