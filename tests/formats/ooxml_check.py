"""Structural checks of a DOCX's tracked changes, as Word enforces them (shared by the redline tests)."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REVISIONS = ("ins", "del", "moveFrom", "moveTo")
RANGES = ("moveFromRangeStart", "moveToRangeStart")


def parts(path: Path) -> dict[str, etree._Element]:
    """Every XML part of the package, parsed (a malformed one raises)."""
    with zipfile.ZipFile(path) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))}


def revision_problems(path: Path) -> list[str]:
    """What Word would object to in the revisions of word/document.xml ([] when nothing)."""
    root = parts(path)["word/document.xml"]
    problems = []
    ids = Counter()
    for kind in REVISIONS + RANGES:
        for el in root.iter(W + kind):
            ids[el.get(W + "id")] += 1
            if not el.get(W + "author") or not (el.get(W + "date") or "").endswith("Z"):
                problems.append(f"{kind} {el.get(W + 'id')} lacks author or a UTC date")
    problems += [f"revision id {i} used {n} times" for i, n in ids.items() if n > 1]
    for bookmark in root.iter(W + "bookmarkStart"):
        if bookmark.get(W + "id") in ids:
            problems.append(f"bookmark id {bookmark.get(W + 'id')} is also a revision id")
    for kind in ("moveFrom", "moveTo"):
        starts = {el.get(W + "id"): el.get(W + "name") for el in root.iter(W + kind + "RangeStart")}
        ends = [el.get(W + "id") for el in root.iter(W + kind + "RangeEnd")]
        if sorted(starts) != sorted(ends):
            problems.append(f"{kind} range starts and ends do not pair")
    from_names = Counter(el.get(W + "name") for el in root.iter(W + "moveFromRangeStart"))
    to_names = Counter(el.get(W + "name") for el in root.iter(W + "moveToRangeStart"))
    if from_names != to_names or any(n > 1 for n in from_names.values()):
        problems.append(f"move names do not pair one to one: {from_names} vs {to_names}")
    for kind in ("moveFrom", "moveTo"):
        runs = [el for el in root.iter(W + kind) if el.getparent().tag != W + "rPr"]
        if runs and not from_names:
            problems.append(f"{kind} runs without move ranges")
        elif runs and any(not _in_range(el, kind) for el in runs):
            problems.append(f"{kind} runs outside their move range")
    for text in root.iter(W + "t"):
        if any(a.tag in (W + "del", W + "moveFrom") for a in text.iterancestors()):
            problems.append("w:t inside a deletion")
    for text in root.iter(W + "delText"):
        if not any(a.tag in (W + "del", W + "moveFrom") for a in text.iterancestors()):
            problems.append("w:delText outside a deletion")
    for code in root.iter(W + "instrText"):
        if any(a.tag in (W + "del", W + "moveFrom") for a in code.iterancestors()):
            problems.append("w:instrText inside a deletion")
    for code in root.iter(W + "delInstrText"):
        if not any(a.tag in (W + "del", W + "moveFrom") for a in code.iterancestors()):
            problems.append("w:delInstrText outside a deletion")
    for rpr in root.iter(W + "rPr"):
        if rpr.getparent().tag != W + "pPr":
            continue
        tags = [c.tag[len(W):] for c in rpr]
        marks = [t for t in tags if t in REVISIONS]
        if tags[:len(marks)] != marks or marks != sorted(marks, key=REVISIONS.index):
            problems.append(f"paragraph mark revisions out of schema order: {tags}")
    return problems


def _in_range(run, kind: str) -> bool:
    """Whether a move's run stands inside a range of its kind: the nearest range mark before it
    (in document order) is a start, not an end."""
    element = run
    while element is not None and element.tag != W + "body":
        for before in element.itersiblings(preceding=True):
            marks = list(before.iter(W + kind + "RangeStart", W + kind + "RangeEnd"))
            if marks:
                return marks[-1].tag == W + kind + "RangeStart"
        element = element.getparent()
    return False


def count(path: Path, kind: str) -> int:
    return sum(1 for _ in parts(path)["word/document.xml"].iter(W + kind))
