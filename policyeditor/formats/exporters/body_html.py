"""A section body (canonical text) as an HTML fragment: every user text escaped.

Only outward http and https, plain mailto and in-page (#) link targets become
links (safety.safe_link); any other target (javascript:, data:, file:, a
loopback address, mailto with attach=) is dropped and its text kept as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from html import escape

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Paragraph, Run, Table
from policyeditor.core.direction import LTR, RTL, runs_direction
from policyeditor.formats.exporters.safety import safe_link


def dir_attr(own: str, around: str = LTR) -> str:
    """` dir="rtl"` (or ltr) on an element whose words read otherwise than what holds it (`around`,
    the page's left to right by default); '' when they read the same way or have no direction."""
    return f' dir="{own}"' if own and own != around else ""


def safe_href(target: str) -> str | None:
    """The link target if it is safe to put in an href, else None (see safety.safe_link)."""
    return safe_link(target, fragments=True)


class Content:
    """What a whole document's bodies share: note numbers and the notes' text, its pictures.

    A footnote prints as a raised number linking to its text in the notes at the end
    of the document (footnotes 1, 2, 3…; endnotes i, ii, iii…, as Word numbers them);
    a picture as an <img> with its bytes inline (a data: URI, the only kind the export's
    Content-Security-Policy lets in). `mirror_rtl_tables` writes a right-to-left table's cells
    last to first, for Qt's layout, which puts every table's first column on the left.
    """

    def __init__(self, pictures: dict[str, bytes] | None = None, mirror_rtl_tables: bool = False) -> None:
        self.pictures = pictures or {}
        self.mirror_rtl_tables = mirror_rtl_tables
        self.notes: dict[str, list[tuple[str, str]]] = {"fn": [], "en": []}  # (label, html)

    def note(self, kind: str, html: str) -> str:
        number = len(self.notes[kind]) + 1
        label = str(number) if kind == "fn" else _roman(number)
        self.notes[kind].append((label, html))
        anchor = f"{kind}-{number}"
        return (f'<sup class="note-ref"><a href="#{anchor}" id="{anchor}-ref">{label}</a></sup>')

    def notes_html(self) -> str:
        """The notes section (empty when the document has none)."""
        out = []
        for kind, title in (("fn", "Notes"), ("en", "Endnotes")):
            if not self.notes[kind]:
                continue
            # paragraphs, not a list: the PDF's Qt text engine would print a list number beside the label
            items = "".join(f'<p class="note" id="{kind}-{n}"><sup class="note-label">{label}</sup> '
                            f'{html} <a href="#{kind}-{n}-ref" class="note-back">\u21a9</a></p>'
                            for n, (label, html) in enumerate(self.notes[kind], 1))
            out.append(f'<section class="notes {kind}"><h2>{title}</h2>{items}</section>')
        return "\n".join(out)

    def picture(self, digest: str) -> str:
        from base64 import b64encode

        from policyeditor.formats.exporters.docx_content import picture_kind

        data = self.pictures.get(digest)
        if data is None:
            return '<span class="picture missing">[picture missing]</span>'
        ext, content_type = picture_kind(data)
        if ext not in ("png", "jpeg", "gif", "bmp"):  # what a browser shows
            return f'<span class="picture" title="sha256 {digest}">[picture ({ext})]</span>'
        source = f"data:{content_type};base64,{b64encode(data).decode()}"
        return f'<img class="picture" alt="picture" src="{source}">'


def _roman(number: int) -> str:
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def runs_html(runs: Iterable[Run], content: Content | None = None) -> str:
    """Runs as inline HTML: <strong>, <em>, <u>, <a>, <br>; notes, equations, fields, pictures.

    Without a `content` a note prints in place in brackets and a picture as its place.
    """
    runs = tuple(runs)
    out = []
    index = 0
    while index < len(runs):
        run = runs[index]
        if run.note:
            end = index + 1
            while end < len(runs) and runs[end].note == run.note:
                end += 1
            inner = runs_html(tuple(replace(r, note="") for r in runs[index:end]), content)
            if content is not None:
                out.append(content.note(run.note, inner))
            else:
                out.append(f'<span class="note">[{inner}]</span>')
            index = end
            continue
        index += 1
        if run.picture:
            out.append(content.picture(run.picture) if content is not None
                       else '<span class="picture">[picture]</span>')
            continue
        text = escape(run.text).replace(body.BREAK, "<br>")
        if run.math:
            text = f'<span class="math">{text}</span>'
        if run.field:
            text = f'<span class="field" data-field="{escape(run.field, quote=True)}">{text}</span>'
        if run.underline:
            text = f"<u>{text}</u>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        href = safe_href(run.link) if run.link else None
        if href:
            text = f'<a href="{escape(href, quote=True)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _list_html(block: ListBlock, content: Content | None = None) -> str:
    """Nested <ul>/<ol> from flat items with levels; an <ol> a list starts other than at 1 has its start,
    and an item the <ol> would count other than the body numbers it its own `value` (a list whose
    first item is nested: its items are written a level up, as HTML nests a level at a time). A list
    whose words read right to left is `dir="rtl"`, an item that reads otherwise its own `dir`."""
    out: list[str] = []
    stack: list[str] = []  # open list tags, one per level
    counts: list[int] = []  # per open list: the number its next item shows
    reads: list[tuple[str, str]] = []  # per open list: its direction, and its open item's
    whole = runs_direction(run for item in block.items for run in item.runs)
    for item, number in zip(block.items, body.item_numbers(block.items), strict=True):
        tag = "ol" if item.ordered else "ul"
        level = min(item.level, len(stack))  # a level can only go one deeper at a time
        while len(stack) > level + 1:
            out.append(f"</li></{stack.pop()}>")
            counts.pop()
            reads.pop()
        if len(stack) == level + 1 and stack[-1] != tag:
            out.append(f"</li></{stack.pop()}>")
            counts.pop()
            reads.pop()
        own = runs_direction(item.runs)
        if len(stack) == level + 1:
            value = f' value="{number}"' if item.ordered and counts[-1] != number else ""
            out.append(f"</li><li{value}{dir_attr(own, reads[-1][0])}>")
            reads[-1] = (reads[-1][0], own or reads[-1][0])
        else:
            start = f' start="{number}"' if item.ordered and number != 1 else ""
            outer = reads[-1][1] if reads else LTR
            out.append(f"<{tag}{start}{dir_attr(whole, outer)}><li{dir_attr(own, whole or outer)}>")
            stack.append(tag)
            counts.append(number)
            reads.append((whole or outer, own or whole or outer))
        counts[-1] = number + 1
        out.append(runs_html(item.runs, content))
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)


def _table_html(block: Table, content: Content | None = None, around: str = LTR) -> str:
    """Header rows (the source's own, none invented) in <thead> as <th>; merges as colspan/rowspan;
    nested tables inside their cells. A table whose words read right to left is `dir="rtl"` (its
    first column on the right), a cell that reads otherwise has its own `dir`."""
    reads = runs_direction(run for row in block.rows for runs in row for run in runs)
    table_dir = reads or around
    mirrored = table_dir == RTL and content is not None and content.mirror_rtl_tables
    rows = []
    for r, row in enumerate(block.rows):
        tag = "th" if r < block.header else "td"
        cells = []
        for c, runs in enumerate(row):
            cols, down = block.spans(r, c)
            if not cols:
                continue
            own = runs_direction(runs)
            attrs = (f' colspan="{cols}"' if cols > 1 else "") + (f' rowspan="{down}"' if down > 1 else "")
            attrs += dir_attr(own, table_dir)
            inner = "".join(_table_html(t, content, own or table_dir) for t in block.nested_at(r, c))
            cells.append(f"<{tag}{attrs}>{runs_html(runs, content)}{inner}</{tag}>")
        if mirrored:
            cells.reverse()
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head, rest = rows[:block.header], rows[block.header:]
    attrs = dir_attr(reads, around) + (' align="right"' if mirrored else "")  # Qt's table, on the right
    return (f"<table{attrs}>" + ("<thead>" + "".join(head) + "</thead>" if head else "")
            + "<tbody>" + "".join(rest) + "</tbody></table>")


def blocks_html(blocks: Iterable[body.Block], content: Content | None = None) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p{dir_attr(runs_direction(block.runs))}>{runs_html(block.runs, content)}</p>")
        elif isinstance(block, ListBlock):
            out.append(_list_html(block, content))
        elif isinstance(block, Table) and block.rows:
            out.append(_table_html(block, content))
    return "\n".join(out)


def body_html(text: str, content: Content | None = None) -> str:
    """A canonical body text as an HTML fragment (notes numbered in `content`, when given)."""
    return blocks_html(body.parse(text), content)
