"""The words a Word document holds (body, footnotes, endnotes, text boxes once), as tests count them.

The idea of the shared corpus tool words_kept.py, made order-free: a note's words come in at
its reference, not where notes.xml keeps them, so the words are compared as a multiset.
Deleted text (w:delText) and field instructions (w:instrText) are not words of the document;
of an mc:AlternateContent only the first branch is read, as Word and the importer do.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WORD = re.compile(r"[^\W_]+")
PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def source_words(path: Path) -> Counter:
    words: Counter = Counter()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part in PARTS:
            if part not in names:
                continue
            root = etree.fromstring(archive.read(part), parser)
            # one branch of each alternative; moved-away text is not the document's (accepted) text
            for gone in list(root.iter(MC + "Fallback", W + "moveFrom")):
                gone.getparent().remove(gone)
            text: list[str] = []  # runs of one word may sit in several w:t: join, then split
            for node in root.iter(W + "t", M + "t", W + "p", W + "tab", W + "br", W + "tc", W + "rt",
                                  W + "rubyBase", W + "footnoteReference", W + "endnoteReference"):
                text.append(node.text or "" if node.tag in (W + "t", M + "t") else " ")
            words.update(WORD.findall("".join(text)))
    return words


def kept_share(source: Counter, kept_text: str) -> tuple[float, list[str]]:
    """The share of the source's words the text holds (each as often), and some that are missing."""
    kept = Counter(WORD.findall(kept_text))
    total = sum(source.values())
    found = sum(min(n, kept[w]) for w, n in source.items())
    missing = [w for w, n in source.items() if kept[w] < n]
    return (found / total if total else 1.0), missing[:8]
