"""Editing a redline DOCX as a Word user would, with Track Changes on: raw OOXML, as Word writes it.

`WordUser(path)` opens the package; `insert_after` and `delete_word` add a w:ins or
w:del under the user's name and time, `split_after` and `join_after` an inserted or a
deleted paragraph mark, `reply` answers a comment thread (a w:comment
in comments.xml with its w14:paraId, linked to the thread by commentsExtended's
w15:paraIdParent, and a range beside the thread's, as Word gives a reply), `resolve`
marks a thread done; `save` writes the package back with docProps/core.xml naming
the user as its last author.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DCTERMS = "http://purl.org/dc/terms/"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class WordUser:
    def __init__(self, path: Path, author: str, date: str) -> None:
        self.path, self.author, self.date = Path(path), author, date
        with zipfile.ZipFile(self.path) as z:
            self.parts = {name: z.read(name) for name in z.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.comments = etree.fromstring(self.parts["word/comments.xml"])
        self.extended = etree.fromstring(self.parts["word/commentsExtended.xml"])
        self._id = 900_000

    def _stamp(self, tag: str) -> etree._Element:
        self._id += 1
        element = etree.Element(w(tag))
        element.set(w("id"), str(self._id))
        element.set(w("author"), self.author)
        element.set(w("date"), self.date)
        return element

    def _plain_run_with(self, word: str) -> etree._Element:
        """The first run holding `word` in a w:t that no revision wraps."""
        for t in self.document.iter(w("t")):
            run = t.getparent()
            if word in (t.text or "") and run.getparent().tag == w("p"):
                return run
        raise AssertionError(f"no plain run holds {word!r}")

    def _split(self, run: etree._Element, word: str) -> tuple[etree._Element, etree._Element, etree._Element]:
        """Cut a run into before / `word` / after runs (same formatting), in place."""
        t = run.find(w("t"))
        text = t.text
        i = text.index(word)
        pieces = []
        for piece in (text[:i], word, text[i + len(word):]):
            clone = copy.deepcopy(run)
            ct = clone.find(w("t"))
            ct.text = piece
            ct.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addprevious(clone)
            pieces.append(clone)
        run.getparent().remove(run)
        return pieces[0], pieces[1], pieces[2]

    def delete_word(self, word: str) -> None:
        _, middle, _ = self._split(self._plain_run_with(word), word)
        wrapper = self._stamp("del")
        middle.addprevious(wrapper)
        wrapper.append(middle)
        t = middle.find(w("t"))
        t.tag = w("delText")

    def insert_after(self, word: str, text: str) -> None:
        before, middle, _ = self._split(self._plain_run_with(word), word)
        run = copy.deepcopy(middle)
        run.find(w("t")).text = text
        wrapper = self._stamp("ins")
        wrapper.append(run)
        middle.addnext(wrapper)

    def _mark_paragraph(self, p: etree._Element, kind: str) -> None:
        """The paragraph's own mark tracked as inserted or deleted (w:pPr/w:rPr/w:ins or w:del)."""
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, w("rPr"))
        rpr.append(self._stamp(kind))

    def split_after(self, words: str) -> None:
        """Press Enter after `words`: their paragraph ends there, on an inserted paragraph mark."""
        _, middle, _ = self._split(self._plain_run_with(words), words)
        p = middle.getparent()
        second = etree.Element(w("p"))
        if p.find(w("pPr")) is not None:
            second.append(copy.deepcopy(p.find(w("pPr"))))
        second.extend(list(middle.itersiblings()))
        p.addnext(second)
        self._mark_paragraph(p, "ins")

    def join_after(self, word: str) -> None:
        """Delete the paragraph mark of the paragraph holding `word`: it joins the next one."""
        self._mark_paragraph(self._plain_run_with(word).getparent(), "del")

    def _comment(self, author_text: str) -> etree._Element:
        for comment in self.comments.iter(w("comment")):
            if author_text in "".join(comment.itertext()):
                return comment
        raise AssertionError(f"no comment says {author_text!r}")

    def reply(self, to_text: str, text: str, initials: str, para_id: str) -> None:
        root = self._comment(to_text)
        parent_para = root.findall(w("p"))[-1].get(f"{{{W14}}}paraId")
        cid = str(max(int(c.get(w("id"))) for c in self.comments.iter(w("comment"))) + 1)
        reply = etree.SubElement(self.comments, w("comment"))
        for key, value in (("id", cid), ("author", self.author), ("initials", initials), ("date", self.date)):
            reply.set(w(key), value)
        p = etree.SubElement(reply, w("p"))
        p.set(f"{{{W14}}}paraId", para_id)
        etree.SubElement(etree.SubElement(p, w("r")), w("t")).text = text
        ex = etree.SubElement(self.extended, f"{{{W15}}}commentEx")
        ex.set(f"{{{W15}}}paraId", para_id)
        ex.set(f"{{{W15}}}paraIdParent", parent_para)
        ex.set(f"{{{W15}}}done", "0")
        root_id = root.get(w("id"))  # Word gives the reply the range of the comment it answers
        for kind in ("commentRangeStart", "commentRangeEnd"):
            mark = next(m for m in self.document.iter(w(kind)) if m.get(w("id")) == root_id)
            twin = etree.Element(w(kind))
            twin.set(w("id"), cid)
            mark.addnext(twin)

    def save(self, out: Path) -> Path:
        self.parts["word/document.xml"] = etree.tostring(self.document, xml_declaration=True,
                                                         encoding="UTF-8", standalone=True)
        self.parts["word/comments.xml"] = etree.tostring(self.comments, xml_declaration=True,
                                                         encoding="UTF-8", standalone=True)
        self.parts["word/commentsExtended.xml"] = etree.tostring(self.extended, xml_declaration=True,
                                                                 encoding="UTF-8", standalone=True)
        core = etree.fromstring(self.parts["docProps/core.xml"])
        for tag, value in ((f"{{{CP}}}lastModifiedBy", self.author), (f"{{{DCTERMS}}}modified", self.date)):
            element = core.find(tag)
            if element is None:
                element = etree.SubElement(core, tag)
            element.text = value
        self.parts["docProps/core.xml"] = etree.tostring(core, xml_declaration=True, encoding="UTF-8",
                                                         standalone=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts.items():
                z.writestr(name, data)
        return out
