"""Reading what Word's people did to a document: its tracked changes and its comments.

`read_revisions(body)` lists every revision mark of a `w:body` (insertions,
deletions, moves, paragraph marks, table rows and cells, formatting changes),
each with `w:author` and `w:date` as Word wrote them. `read_comments(part)` reads
the comments part and its `commentsExtended` companion: author, initials, date,
text, the comment it answers (`w15:paraIdParent`) and its done state
(`w15:done`).

`accept_all(body)` and `reject_all(body)` turn a body, in place, into the text
Word's "Accept All Changes" and "Reject All Changes" give, so the ordinary DOCX
reader can read either side. Where a revision's words stay visible, a `MARK`
element is left at its start and end, so a reader can tell where the words of
each revision landed; a paragraph mark that stays gets a start `MARK` at the end
of its paragraph. Nothing here runs or fetches anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from policyeditor.formats.ooxml.names import W

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
MARK = "{urn:policyeditor:mark}m"  # our own marker element: attributes "key" and "edge" (start|end)
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

# revision containers whose content is the inserted or deleted words
_INSERTED = {W + "ins", W + "moveTo"}
_DELETED = {W + "del", W + "moveFrom"}
# property changes: the element holds the properties as they were before
_PROPERTY_CHANGES = {W + t for t in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                                     "tcPrChange", "tblGridChange", "tblPrExChange", "numberingChange")}
# range markers of moves and of custom XML revisions: they carry no words
_RANGE_MARKS = {W + t for t in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                                "moveToRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd",
                                "customXmlDelRangeStart", "customXmlDelRangeEnd",
                                "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
                                "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd")}
_WORD_KINDS = ("insertion", "deletion", "move_from", "move_to")  # revisions whose content is words
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                               remove_comments=True, remove_pis=True)

KIND_NAMES = {
    "insertion": "insertion", "deletion": "deletion", "move_from": "moved text (source)",
    "move_to": "moved text (destination)", "paragraph_inserted": "inserted paragraph mark",
    "paragraph_deleted": "deleted paragraph mark", "row_inserted": "inserted table row",
    "row_deleted": "deleted table row", "cell_inserted": "inserted table cell",
    "cell_deleted": "deleted table cell", "formatting": "formatting change",
    "paragraph_formatting": "paragraph formatting change", "other_formatting": "layout change",
}


@dataclass(frozen=True)
class Revision:
    """One revision mark of a Word document.

    `kind` is one of `KIND_NAMES`; `text` is the words it inserted or deleted
    ('' for marks and formatting); `date` is Word's ISO 8601 time, '' when it
    wrote none; `key` names the revision's `MARK`s in an accepted or rejected body.
    """

    key: str
    kind: str
    author: str
    date: str
    text: str = ""

    @property
    def inserts(self) -> bool:
        """Whether its words are in the accepted text (else, if any, in the rejected one)."""
        return self.kind in ("insertion", "move_to", "paragraph_inserted", "row_inserted", "cell_inserted")


@dataclass(frozen=True)
class WordComment:
    """One comment of comments.xml; a reply names the comment it answers in `parent`."""

    id: str
    author: str
    initials: str
    date: str
    text: str          # its paragraphs, one a line
    para_id: str = ""  # w14:paraId of its last paragraph (what commentsExtended refers to)
    parent: str | None = None
    done: bool = False


def parse_part(blob: bytes) -> Any:
    """A part's XML, parsed without entities, network or processing instructions."""
    return etree.fromstring(blob, _SAFE_PARSER)


# ---------------------------------------------------------------- revisions

def _kind(el: Any) -> str | None:
    tag, parent = el.tag, el.getparent()
    parent_tag = parent.tag if parent is not None else ""
    if tag in _PROPERTY_CHANGES:
        return {W + "rPrChange": "formatting",
                W + "pPrChange": "paragraph_formatting"}.get(tag, "other_formatting")
    if tag == W + "cellIns":
        return "cell_inserted"
    if tag == W + "cellDel":
        return "cell_deleted"
    if tag not in _INSERTED and tag not in _DELETED:
        return None
    inserted = tag in _INSERTED
    if parent_tag == W + "trPr":
        return "row_inserted" if inserted else "row_deleted"
    if parent_tag == W + "rPr":
        grand = parent.getparent()
        if grand is not None and grand.tag == W + "pPr":
            return "paragraph_inserted" if inserted else "paragraph_deleted"
        return "formatting"  # a revision mark on a run's own properties (e.g. a math control)
    if tag == W + "moveTo":
        return "move_to"
    if tag == W + "moveFrom":
        return "move_from"
    return "insertion" if inserted else "deletion"


def _words(el: Any, deleted: bool) -> str:
    tags = {W + "delText"} if deleted else {W + "t"}
    parts = []
    for node in el.iter():
        if node.tag in tags or (deleted and node.tag == W + "t"):
            parts.append(node.text or "")
        elif node.tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
    return "".join(parts)


def read_revisions(body: Any, first: int = 0) -> list[Revision]:
    """Every revision mark under `body`, in document order; `key` is its position among them, from `first`
    (a footnote's revisions numbered on from the body's, so every key of a document is its own)."""
    out: list[Revision] = []
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        kind = _kind(el)
        if kind is None:
            continue
        text = _words(el, el.tag in _DELETED) if kind in _WORD_KINDS else ""
        out.append(Revision(str(first + len(out)), kind, el.get(W + "author", "") or "",
                            el.get(W + "date", "") or "", text))
    return out


# ---------------------------------------------------------------- accept and reject

def _mark(key: str, edge: str) -> Any:
    return etree.Element(MARK, key=key, edge=edge)


def _unwrap(el: Any, key: str | None) -> None:
    """Replace `el` by its children (framed by MARKs when `key` is given)."""
    parent = el.getparent()
    index = parent.index(el)
    children = list(el)
    if key is not None:
        children = [_mark(key, "start"), *children, _mark(key, "end")]
    el.tail = None
    parent[index:index + 1] = children


def _remove(el: Any) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _kinds(body: Any, first: int) -> list[tuple[Any, str, str]]:
    """Each revision element with its key (as `read_revisions` numbers them from `first`) and kind."""
    out: list[tuple[Any, str, str]] = []
    for el in body.iter():
        kind = _kind(el) if isinstance(el.tag, str) else None
        if kind is not None:
            out.append((el, str(first + len(out)), kind))
    return out


def _resolve(body: Any, accept: bool, first: int) -> None:
    revisions = _kinds(body, first)  # kinds first: removing an element changes what its parent says
    kept, dropped = (_INSERTED, _DELETED) if accept else (_DELETED, _INSERTED)
    merge: list[Any] = []  # paragraphs whose mark goes: their words join the next paragraph
    rows: list[Any] = []
    cells: list[Any] = []
    for el, key, kind in revisions:
        if kind in ("paragraph_inserted", "paragraph_deleted"):
            if el.tag in dropped:
                merge.append(_ancestor(el, 3))
            else:  # the mark stays: a MARK where it stands, so its revision is placed in the text
                _mark_paragraph_end(_ancestor(el, 3), key)
            _remove(el)
        elif kind in ("row_inserted", "row_deleted"):
            if el.tag in dropped:
                rows.append(_ancestor(el, 2))
            _remove(el)
        elif kind in ("cell_inserted", "cell_deleted"):
            if (kind == "cell_inserted") != accept:
                cells.append(_ancestor(el, 2))
            _remove(el)
        elif el.tag in _PROPERTY_CHANGES:
            if not accept:
                _restore_properties(el)
            _remove(el)
        elif kind == "formatting":  # a mark on a run's rPr
            _remove(el)
    for el, _key, kind in revisions:
        if el.tag in dropped and kind in _WORD_KINDS:
            _remove(el)
    for el, key, kind in revisions:
        if el.tag in kept and kind in _WORD_KINDS and el.getparent() is not None:
            if not accept:
                for node in el.iter(W + "delText", W + "delInstrText"):
                    node.tag = W + ("t" if node.tag == W + "delText" else "instrText")
            _unwrap(el, key)
    for el in list(body.iter(*_RANGE_MARKS)):
        _remove(el)
    for row in rows:
        if row is not None and row.tag == W + "tr":
            table = row.getparent()
            _remove(row)
            if table is not None and table.find(W + "tr") is None:  # every row gone: the table too,
                _remove(table)  # as Word and LibreOffice have it (an empty one parts a list in two)
    for cell in cells:
        if cell is not None and cell.tag == W + "tc":
            _remove(cell)
    for p in merge:
        if p is not None and p.tag == W + "p":
            _join_next(p)


def _mark_paragraph_end(p: Any, key: str) -> None:
    if p is not None and p.tag == W + "p":
        p.append(_mark(key, "start"))


def _ancestor(el: Any, levels: int) -> Any:
    """The element `levels` above `el`, or None (a damaged file may hold a mark out of place)."""
    for _ in range(levels):
        if el is None:
            return None
        el = el.getparent()
    return el


def _join_next(p: Any) -> None:
    """A paragraph whose mark is gone: its content opens the next paragraph, which keeps its own properties.

    At the end of a cell or of the body (no paragraph follows) the paragraph stays.
    """
    if p.getparent() is None:
        return
    following = p.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    if following is None or following.tag != W + "p":
        return
    content = [c for c in p if c.tag != W + "pPr"]
    ppr = following.find(W + "pPr")
    at = 1 if ppr is not None else 0
    for offset, child in enumerate(content):
        following.insert(at + offset, child)
    _remove(p)


def _restore_properties(change: Any) -> None:
    """Reject a property change: the properties it holds (as they were) replace the current ones."""
    current = change.getparent()
    old = next(iter(change), None)  # the w:rPr / w:pPr / ... as it was
    keep = {W + "rPr", W + "sectPr", W + "pPrChange", W + "rPrChange", W + "ins", W + "del",
            W + "moveFrom", W + "moveTo"}
    if current.tag == W + "pPr":
        removable = [c for c in current if c.tag not in keep and c is not change]
    else:
        removable = [c for c in current if c is not change and c.tag not in (W + "ins", W + "del")]
    for child in removable:
        current.remove(child)
    if old is not None:
        for child in list(old):
            current.append(child)


def accept_all(body: Any, first: int = 0) -> None:
    """Accept every tracked change under `body`, in place (MARKs frame the inserted words; keys from
    `first`, as `read_revisions` numbers them)."""
    _resolve(body, accept=True, first=first)


def reject_all(body: Any, first: int = 0) -> None:
    """Reject every tracked change under `body`, in place (MARKs frame the deleted words, back again;
    keys from `first`, as `read_revisions` numbers them)."""
    _resolve(body, accept=False, first=first)


def strip_marks(elements: Iterable[Any]) -> None:
    """Take our MARK elements out again."""
    for root in elements:
        for mark in list(root.iter(MARK)):
            _remove(mark)


# ---------------------------------------------------------------- comments

def _text(el: Any) -> str:
    lines = []
    for p in el.iter(W + "p"):
        parts = []
        for node in p.iter(W + "t", W + "tab", W + "br"):
            parts.append(node.text or "" if node.tag == W + "t" else " ")
        lines.append("".join(parts).strip())
    return "\n".join(line for line in lines if line)


def read_comments(comments_xml: bytes | None, extended_xml: bytes | None = None) -> list[WordComment]:
    """The comments of a comments part, with reply links and done states from commentsExtended."""
    if not comments_xml:
        return []
    root = parse_part(comments_xml)
    extended: dict[str, tuple[str | None, bool]] = {}
    if extended_xml:
        for ex in parse_part(extended_xml).iter(W15 + "commentEx"):
            extended[ex.get(W15 + "paraId", "")] = (ex.get(W15 + "paraIdParent"),
                                                   ex.get(W15 + "done", "0") in ("1", "true", "on"))
    found: list[WordComment] = []
    by_para: dict[str, str] = {}
    for el in root.iter(W + "comment"):
        paras = list(el.iter(W + "p"))
        para_id = paras[-1].get(W14 + "paraId", "") if paras else ""
        cid = el.get(W + "id", "")
        by_para[para_id] = cid
        found.append(WordComment(cid, el.get(W + "author", "") or "", el.get(W + "initials", "") or "",
                                 el.get(W + "date", "") or "", _text(el), para_id))
    out = []
    for comment in found:
        parent_para, done = extended.get(comment.para_id, (None, False)) if comment.para_id else (None, False)
        parent = by_para.get(parent_para) if parent_para else None
        out.append(WordComment(comment.id, comment.author, comment.initials, comment.date, comment.text,
                               comment.para_id, parent if parent != comment.id else None, done))
    return out


def comment_parts(document_part: Any) -> tuple[bytes | None, bytes | None]:
    """The comments part and the commentsExtended part of a python-docx document part, as bytes."""
    comments = extended = None
    for rel in document_part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype == COMMENTS_REL:
            comments = rel.target_part.blob
        elif rel.reltype == COMMENTS_EXTENDED_REL:
            extended = rel.target_part.blob
    return comments, extended
