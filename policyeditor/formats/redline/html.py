"""A redline as one standalone HTML page: inline CSS, no script, every user text escaped.

The policy text is inside `<main>`: insertions are `<ins>`, deletions `<del>`, the
two ends of a move `<del class="move">` and `<ins class="move">`, so dropping every
`<del>` leaves exactly the new text's words and dropping every `<ins>` exactly the
old text's. Section numbers are structure, not words: they are drawn by CSS from
`data-number` (and `data-old` when renumbered), so renumbering changes no word.
A section moved out of order appears twice: struck at its old place, and at its
new place inside one `<ins class="move">` holding its own edits.

The change summary, legend and navigation are outside `<main>`. Body markup
(bold, italic, underline, links, line breaks, list items, table rows) is rendered
per piece of text, so a change that adds or removes only one marker never leaves
markup characters or broken HTML behind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from pathlib import Path

from policyeditor.core import body
from policyeditor.core.direction import LTR, RTL, shown_direction
from policyeditor.diff.blame import ChangeCredit
from policyeditor.diff.redline import Change, Redline, SectionDiff
from policyeditor.diff.table_kinds import KIND_LABELS
from policyeditor.diff.text import Op
from policyeditor.formats.exporters.body_html import dir_attr, safe_href
from policyeditor.formats.exporters.info import long_date
from policyeditor.formats.redline.colours import RedlineColours, on_white
from policyeditor.formats.redline.walk import (  # noqa: F401  (visible_map and CELL re-exported)
    CELL,
    MERGE_OF,
    MERGED,
    NESTED,
    NESTED_MARKS,
    PARAGRAPH,
    PLAIN,
    TABLE_START,
    Block,
    Format,
    NestedCell,
    NestedTable,
    OpsWalker,
    Visible,
    nested_tables,
    row_grid,
    row_sides,
    table_spans,
    visible_map,
    with_targets,
)

# ---------------------------------------------------------------- ops to HTML


def _format_html(text: str, fmt: Format, changed: bool = False) -> str:
    # An inserted or deleted line break is a space inside the <ins>/<del> (shown as a
    # block with a ↵ mark), not a <br>: a <br> would part words on both sides.
    br = '<span class="br"> </span>' if changed else "<br>"
    html = escape(text, quote=False).replace(body.BREAK, br)
    bold, italic, underline, link, (note, math, field, picture) = fmt
    if picture:
        html = f'<span class="picture" title="picture {picture[:12]}">[picture]</span>'
    if math:
        html = f'<span class="math">{html}</span>'
    if field:
        html = f'<span class="field" title="{escape(field, quote=True)}">{html}</span>'
    if underline:
        html = f"<u>{html}</u>"
    if italic:
        html = f"<em>{html}</em>"
    if bold:
        html = f"<strong>{html}</strong>"
    href = safe_href(link) if link else None
    if href:
        html = f'<a href="{escape(href, quote=True)}">{html}</a>'
    return html


def _in_notes(pieces: list[tuple[str, str]]) -> str:
    """Pieces' HTML, each with the note it is a part of ("fn", "en", '' for none): each note's
    pieces in one <span class="note footnote">, its changes inside, between two empty spans
    that CSS shows as "[footnote: " and "]" (marks, never words: dropping <ins> or <del> keeps
    each text's words; rich_text writes them as marks of its own)."""
    out: list[str] = []
    open_note = ""
    for note, html in pieces:
        if note != open_note:
            if open_note:
                out.append(NOTE_CLOSE + "</span>")
            if note:
                label = "footnote" if note == "fn" else "endnote"
                out.append(f'<span class="note {label}" title="{label}"><span class="note-open" '
                           f'data-note="{label}"></span>')
            open_note = note
        out.append(html)
    if open_note:
        out.append(NOTE_CLOSE + "</span>")
    return "".join(out)


NOTE_CLOSE = '<span class="note-close"></span>'


PILCROW_CLASS = "pilcrow"  # a paragraph break's mark inside a paragraph (see joined_break)
_NO_MERGE_MARKS = {ord(char): None for char in (*MERGED.values(), *NESTED.values())}


def _merge_note(markers: dict[int, tuple[str, Op]]) -> str:
    """What a row whose merges changed did: its new text gained merge markers, lost some, or both."""
    kinds = {op.kind for _, op in markers.values()}
    merged, split = bool(kinds & {"insert", "move_to"}), bool(kinds & {"delete", "move_from"})
    return "Cells merged and split" if merged and split else "Cells merged" if merged else "Cells split"


class _OpsWriter(OpsWalker):
    """Writes ops as HTML blocks of pieces; each piece one wrapper (ins/del/none) and one format.

    A table's rows are gathered and written when it ends: merged cells as colspan/rowspan
    (body.Table.spans, as the clean export), a row whose merges changed as its old row
    deleted and its new row inserted (walk.row_sides), a table nested in a cell as a table
    inside it (walk.nested_tables).
    """

    def __init__(self, anchors: set[int], heading_tag: str | None = None,
                 editorial: frozenset[int] = frozenset(), mirror_rtl_tables: bool = False) -> None:
        super().__init__(plain=heading_tag is not None)
        self.mirror_rtl_tables = mirror_rtl_tables  # for Qt, which lays out all columns left to right
        self.anchors = anchors          # change ids that already have their id= anchor
        self.editorial = editorial      # ids of editorial changes: a reader may hide them
        self.heading_tag = heading_tag  # all ops in one heading element, no blocks
        self.move_class = "move"
        self.out: list[str] = []
        self.block_html: list[tuple[str, str]] = []  # the open block's pieces: (note, HTML)
        self.block_words: list[tuple[str, str]] = []  # and their words (op kind, text), for its direction
        self.block_changed = False
        # the table being gathered: per row, its cells' pieces (text, op, format, formatted),
        # its covered cells (cell -> (marker, op)) and the texts it is in
        self.rows: list[tuple[list[list[tuple]], dict[int, tuple[str, Op]], set[str]]] = []
        self.firsts: list[bool] = []  # per gathered row: is it its text's first row of a table
        self.kind_change = 0  # the change that changed the open block's kind (see `_old_marker`)

    def write(self, ops: tuple[Op, ...], move_class: str = "move") -> str:
        self.move_class = move_class
        self.walk(ops)
        self._end_table()
        if self.heading_tag is not None:  # one line of pieces, no blocks
            self.out.append(_in_notes(self.block_html))
            self.block_html = []
        return "".join(self.out)

    def cell(self) -> None:
        self.rows[-1][0].append([])

    def text(self, text: str, op: Op, fmt: Format) -> None:
        if self.block is not None and self.block[0] == "tr" and not self.plain:
            marker = MERGE_OF.get(text)
            if marker:
                self.rows[-1][1][len(self.rows[-1][0]) - 1] = (marker, op)
            else:
                self.rows[-1][0][-1].append((text, op, fmt, self.formatted))
            return
        html = self._piece_html(text, op, fmt, self.formatted)
        if html:
            self.block_html.append((fmt[4][0], html))  # its note, as docx.py reads it
            if not _apart(fmt):
                self.block_words.append((op.kind, text))

    def _piece_html(self, text: str, op: Op, fmt: Format, formatted) -> str:
        text = text.translate(_NO_MERGE_MARKS)  # a merge mark inside other text shows nothing
        if not text:
            return ""
        if formatted is not None:  # a change of formatting alone: its words once, new format
            change, what, old = formatted
            self.kind_change = change if self.old_block is not None else 0
            attrs = ""
            if change and change not in self.anchors:
                self.anchors.add(change)
                attrs = f' id="c{change}"'
            self.block_changed = True
            return (f'<span class="format"{attrs} data-change="{change}" '
                    f'title="Formatted: {escape(with_targets(what, old, fmt), quote=True)}">'
                    f'{_format_html(text, fmt)}</span>')
        return self._wrapped(_format_html(text, fmt, op.kind != "equal"), op)

    def _wrapped(self, html: str, op: Op, extra: str = "") -> str:
        """`html` inside the op's <ins>/<del> (none for an equal op); `extra`: one more class."""
        wrapper = {"equal": "", "insert": "ins", "delete": "del",
                   "move_from": "del." + self.move_class, "move_to": "ins." + self.move_class}[op.kind]
        if not wrapper:
            return html
        if op.ignored:
            wrapper += ".ignored"
        elif op.change in self.editorial:
            wrapper += ".editorial"
        tag, *classes = wrapper.split(".")
        classes += [extra] if extra else []
        attrs = f' class="{" ".join(classes)}"' if classes else ""
        if op.change not in self.anchors:
            self.anchors.add(op.change)
            attrs = f' id="c{op.change}"' + attrs
        self.block_changed = True
        return f'<{tag}{attrs} data-change="{op.change}">{html}</{tag}>'

    def joined_break(self, op: Op, block: Block) -> bool:
        """A paragraph break one text has inside the other's word: a ¶ inserted (deleted) in the
        open paragraph, the text after it on a line of its own. A <p> of its own would part the
        other text's word when the <ins> (<del>) are dropped; the ¶'s white space does so only
        in this text, as the break does."""
        if block[0] == "tr" or (self.block is not None and self.block[0] == "tr"):
            return False  # a row is a row: tables keep their own breaks
        marker = f'<span class="marker" data-marker="{escape(block[2], quote=True)}"></span>' \
            if block[0] == "li" else ""
        run_in = self.run_in_marker(op, block)
        if run_in:  # a list item run into the paragraph before it: its bullet struck, as a kind change's
            marker += self._old_marker_span(run_in, op.change)
        self.block_html.append(("", self._wrapped(f'<span class="{PILCROW_CLASS}"> </span>', op, "para")
                                + marker))
        return True

    def empty_item(self, op: Op) -> None:
        """An item with no text, inserted or deleted: its paragraph mark (a ¶ by CSS) marked so."""
        if op.kind != "equal":
            self.block_html.append(("", self._wrapped("", op, "para")))

    def open_block(self, block: Block) -> None:
        if block[0] != "tr":
            self._end_table()
        else:
            self.rows.append(([[]], {}, set()))
            self.firsts.append(block[2] == TABLE_START)

    def _end_table(self) -> None:
        gathered, firsts = self.rows, self.firsts
        self.rows, self.firsts = [], []
        for start, end in table_spans(firsts, [sides for _, _, sides in gathered]):
            self._table(gathered[start:end])

    def _table(self, gathered) -> None:
        rows, notes = [], []
        for cells, markers, sides in gathered:
            halves = row_sides(cells, markers, sides)
            rows += halves
            notes += [_merge_note(markers) if len(halves) > 1 else ""] * len(halves)
        width = max(len(cells) for cells, _, _ in rows)
        grid = [row_grid(markers, width) for _, markers, _ in rows]
        shape = body.make_table([((),) * width] * len(rows), 0, grid)
        reads = _pieces_direction(piece for cells, _, _ in rows for cell in cells for piece in cell)
        mirrored = reads == RTL and self.mirror_rtl_tables
        out = [f"<table{dir_attr(reads)}{_RIGHT if mirrored else ''}><tbody>"]
        for r, (cells, markers, sides) in enumerate(rows):
            self.block_changed = sides != {"old", "new"}
            tds = []
            for c, pieces in enumerate(cells):
                cols, down = shape.spans(r, c)
                if not cols and c in markers:
                    continue
                attrs = ((f' colspan="{cols}"' if cols > 1 else "")
                         + (f' rowspan="{down}"' if down > 1 else ""))
                own = _pieces_direction(pieces)
                attrs += dir_attr(own, reads or LTR)
                tds.append(f"<td{attrs}>{self._cell_html(pieces, own or reads or LTR)}</td>")
            if mirrored:
                tds.reverse()
            bar = ' class="chg"' if self.block_changed else ""
            note = f' title="{notes[r]}"' if notes[r] else ""
            out.append(f"<tr{bar}{note}>{''.join(tds)}</tr>")
        out.append("</tbody></table>")
        self.out.append("".join(out))
        self.block_changed = False

    def _cell_html(self, pieces: list[tuple], around: str = LTR) -> str:
        """A cell's pieces, the tables nested in it drawn as tables inside it (as the clean export);
        `around` the cell's direction."""
        if not any(piece[0] in NESTED_MARKS for piece in pieces):
            return _in_notes([(piece[2][4][0], self._piece_html(*piece)) for piece in pieces])
        return self._nested_cell_html(nested_tables(pieces), around)

    def _nested_cell_html(self, cell: NestedCell, around: str = LTR) -> str:
        return (_in_notes([(piece[2][4][0], self._piece_html(*piece)) for piece in cell.pieces])
                + "".join(self._nested_html(table, around) for table in cell.tables))

    def _nested_html(self, table: NestedTable, around: str = LTR) -> str:
        """A nested table: its cells' edits as words, a row with any change barred."""
        rows = []
        shape = table.shape()
        reads = _pieces_direction(piece for row in table.rows for cell in row.cells for piece in cell.pieces)
        mirrored = (reads or around) == RTL and self.mirror_rtl_tables
        for r, row in enumerate(row for row in table.rows if row.cells):
            changed = row.sides() != {"old", "new"} or any(
                piece[1].kind != "equal" for cell in row.cells for piece in cell.pieces)
            bar = ' class="chg"' if changed else ""
            tds = []
            for c, cell in enumerate(row.cells):
                cols, down = shape.spans(r, c)
                if not cols:
                    continue
                attrs = ((f' colspan="{cols}"' if cols > 1 else "")
                         + (f' rowspan="{down}"' if down > 1 else ""))
                own = _pieces_direction(cell.pieces)
                attrs += dir_attr(own, reads or around)
                tds.append(f"<td{attrs}>{self._nested_cell_html(cell, own or reads or around)}</td>")
            if mirrored:
                tds.reverse()
            rows.append(f"<tr{bar}>{''.join(tds)}</tr>")
        return f"<table{dir_attr(reads, around)}{_RIGHT if mirrored else ''}><tbody>" + "".join(rows) \
            + "</tbody></table>"

    def close_block(self, block: Block) -> None:
        kind, level, marker = block
        if kind == "tr":
            self.rows[-1][2].update(self._row_sides)
            return
        bar = ' class="chg"' if self.block_changed else ""
        inner = _in_notes(self.block_html)
        inner = self._old_marker() + inner
        reads = dir_attr(shown_direction(self.block_words))
        if kind == "li":
            cls = f"li l{min(level, 5)}" + (" chg" if self.block_changed else "")
            self.out.append(f'<p class="{cls}" data-marker="{escape(marker, quote=True)}"{reads}>{inner}</p>')
        else:
            self.out.append(f"<p{bar}{reads}>{inner}</p>")
        self.block_html, self.block_changed, self.block_words = [], False, []

    def _old_marker(self) -> str:
        """A list item whose kind changed (`old_block`): its old marker struck after the new one
        (markers are CSS, never words: dropping <ins> or <del> keeps each text's words)."""
        old, change, self.kind_change = self.old_block, self.kind_change, 0
        if old is None or old[0] != "li":
            return ""
        return self._old_marker_span(old[2], change)

    def _old_marker_span(self, marker: str, change: int) -> str:
        quiet = " editorial" if change in self.editorial else ""  # hidden with editorial changes
        return (f'<span class="old-marker{quiet}" data-change="{change}" '
                f'data-marker="{escape(marker, quote=True)}"></span>')

    def heading(self, ops: tuple[Op, ...]) -> str:
        return self.write(ops)


def ops_html(ops: tuple[Op, ...], anchors: set[int] | None = None,
             editorial: frozenset[int] = frozenset(), mirror_rtl_tables: bool = False) -> str:
    """Body ops as HTML blocks with <ins>/<del> (class "editorial" on the editorial changes); a block
    whose words read right to left is `dir="rtl"` (`mirror_rtl_tables`: its table's cells written
    last to first, for Qt's layout)."""
    return _OpsWriter(set() if anchors is None else anchors, editorial=editorial,
                      mirror_rtl_tables=mirror_rtl_tables).write(ops)


def ops_dir(ops: tuple[Op, ...]) -> str:
    """` dir="rtl"` for a heading or title whose ops' words read right to left (core.direction)."""
    return dir_attr(shown_direction((op.kind, op.text) for op in ops))


_RIGHT = ' align="right"'  # a mirrored (Qt's) right-to-left table stands on the right


def _apart(fmt: Format) -> bool:
    """Whether a piece's words stand apart from its block's sentence: a note's, an equation's, a picture."""
    note, math, _field, picture = fmt[4]
    return bool(note or math or picture)


def _pieces_direction(pieces) -> str:
    """The direction of a table's (a cell's) pieces (text, op, format, formatted)."""
    return shown_direction((piece[1].kind, piece[0]) for piece in pieces if not _apart(piece[2]))


def heading_html(ops: tuple[Op, ...], anchors: set[int] | None = None,
                 editorial: frozenset[int] = frozenset()) -> str:
    """Heading or title ops as inline HTML with <ins>/<del>."""
    return _OpsWriter(set() if anchors is None else anchors, heading_tag="h",
                      editorial=editorial).heading(ops)


# ---------------------------------------------------------------- the page

CSS = """
body{font:16px/1.5 Georgia,serif;margin:0;display:flex;color:#222;background:#fff}
header,nav{font:14px/1.4 system-ui,sans-serif}
aside{width:20rem;flex:none;padding:1rem;border-right:1px solid #ccc;height:100vh;overflow:auto;
position:sticky;top:0;box-sizing:border-box}
main{max-width:48rem;padding:1rem 2rem 4rem 3rem}
ins{text-decoration:underline}
del{text-decoration:line-through}
ins.move{text-decoration:underline double}
del.move{text-decoration:line-through double}
ins.move ins,ins.move del{background:none}
ins.ignored,del.ignored{color:inherit;background:none;text-decoration:none}
del.ignored{display:none}
ins.ignored.para::before{content:none}
body:has(#hide-editorial:checked) ins.editorial{color:inherit;background:none;text-decoration:none}
body:has(#hide-editorial:checked) del.editorial{display:none}
body:has(#hide-editorial:checked) ins.editorial.para::before{content:none}
body:has(#hide-editorial:checked) .old-marker.editorial{display:none}
.br{display:block}.br::before{content:"\\21B5"}
.para::before{content:"\\B6"}.pilcrow{display:block;height:.75em}
.marker::before{content:attr(data-marker) " ";color:#555}
.chg{margin-left:-.75rem;padding-left:.6rem}
.li::before{content:attr(data-marker) " ";color:#555}
.old-marker::before{content:attr(data-marker);text-decoration:line-through;margin-right:.3em}
.l1{margin-left:1.5rem}.l2{margin-left:3rem}.l3{margin-left:4.5rem}.l4,.l5{margin-left:6rem}
.li[dir=rtl]{margin-left:0}.l1[dir=rtl]{margin-right:1.5rem}.l2[dir=rtl]{margin-right:3rem}
.l3[dir=rtl]{margin-right:4.5rem}.l4[dir=rtl],.l5[dir=rtl]{margin-right:6rem}
.note{font-size:.85em;color:#444}.note-open::before{content:" [" attr(data-note) ": ";font-style:italic}
.note-close::before{content:"] "}
.num::before{content:attr(data-number) " "}
.num[data-old]::after{content:"(was " attr(data-old) ") ";font-size:.8em;color:#555}
section[data-note]::before{content:attr(data-note);display:block;font:12px system-ui,sans-serif;color:#137a2f}
table{border-collapse:collapse}td{border:1px solid #bbb;padding:.2rem .4rem;vertical-align:top}
.legend span{margin-right:1rem}.stats td{border:none;padding:0 .5rem 0 0}
nav ol{padding-left:1.2rem}
@media print{aside{display:none}}
"""

TINT = 18  # of 255: a change's background, its colour laid thin on the white page


def colour_css(colours: RedlineColours) -> str:
    """The changes' colours (Preferences' redline colours), written before `CSS`, whose later rules
    (ignored and hidden editorial changes) take them away again; the change bar takes the deletion's,
    as the blackline's does."""
    ins, dele, move, form = colours.inserted, colours.deleted, colours.moved, colours.reformatted
    return (f"ins{{color:{ins};background:{on_white(ins, TINT)}}}"
            f"del{{color:{dele};background:{on_white(dele, TINT)}}}"
            f"ins.move,del.move{{color:{move};background:{on_white(move, TINT)}}}"
            f".format{{background:{on_white(form, TINT)};border-bottom:2px dotted {form}}}"
            f".chg{{border-left:3px solid {dele}}}.old-marker::before{{color:{dele}}}")


CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def _number_attrs(d: SectionDiff, role: str) -> str:
    number = d.old_number if role == "old" or d.new is None else d.new_number
    attrs = f'data-number="{escape(number or "", quote=True)}"'
    if role != "old" and d.was_number:
        attrs += f' data-old="{escape(d.was_number, quote=True)}"'
    return attrs


def _section_html(redline: Redline, d: SectionDiff, role: str, anchors: set[int],
                  move: Change | None = None, editorial: frozenset[int] = frozenset()) -> str:
    """One slot of a section; `move` is the change carrying it when it is out of place."""
    depth = (d.old_depth if role == "old" or d.new is None else d.new_depth) or 1
    tag = f"h{min(depth + 1, 6)}"
    moved_source = role == "old" and d.new is not None
    heading_ops, body_ops = d.heading_ops, d.body_ops
    note = ""
    if moved_source:
        assert move is not None, "a section out of place is carried by a move"
        heading_ops = (Op("move_from", d.old.heading, move.id),) if d.old.heading else ()
        body_ops = (Op("move_from", d.old.body, move.id),) if d.old.body else ()
        note = f"moved to {d.new_number}"
    elif d.level_change:  # promoted or demoted where it stands
        note = d.level_change
    elif "moved" in d.kinds:
        note = f"moved from {d.old_number}"
    kinds = " ".join(sorted(d.kinds))
    section_id = f"s{d.index}" if not moved_source else f"s{d.index}-from"
    attrs = f' data-note="{escape(note, quote=True)}"' if note else ""
    level = f' class="format" title="Formatted: {escape(note, quote=True)}"' \
        if note.startswith("heading level") else ""
    html = (f'<section id="{section_id}" class="{kinds}"{attrs}>'
            f'<{tag}{level}{ops_dir(heading_ops)}><span class="num" {_number_attrs(d, role)}></span>'
            f"{heading_html(heading_ops, anchors, editorial)}</{tag}>"
            f"{ops_html(body_ops, anchors, editorial)}</section>")
    if role == "new" and d.old is not None:  # the destination of a move out of order
        assert move is not None, "a section out of place is carried by a move"
        html = f'<ins class="move" data-change="{move.id}">{html}</ins>'
    return html


def _summary(redline: Redline) -> str:
    s = redline.stats
    rows = [("Changes", s.changes), ("Substantive", s.substantive),
            ("Words inserted", s.words_inserted), ("Words deleted", s.words_deleted),
            ("Words moved", s.words_moved)]
    rows += [(f"Sections {kind}", n) for kind, n in s.sections.items() if n]
    table = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in rows)
    left_out = (f'<p class="left-out" role="note">{escape(redline.left_out_note)}</p>'
                if redline.left_out else "")
    if redline.page_text_changed:  # the page header or footer, which the sections do not hold
        left_out += f'<p class="page-text" role="note">{escape(redline.page_text_changed)}</p>'
    left_out += "".join(f'<p class="source-note" role="note">{escape(note)}</p>'
                        for note in redline.source_notes)  # two Word files' comments, say
    return f'<h2>Summary</h2><table class="stats">{table}</table>{left_out}'


def credit_line(credit: ChangeCredit | None) -> str:
    """'Bob Counsel · 10 May 2026' (everyone who made a part of it, the latest last); '' when unknown."""
    if credit is None or not credit.credits:
        return ""
    names = list(dict.fromkeys(c.author for c in credit.credits if c.author))
    last = credit.last
    when = long_date(last.date) if last and last.date else ""
    return " \u00b7 ".join(p for p in (", ".join(names), when) if p)


def _navigation(redline: Redline, credits: Mapping[int, ChangeCredit]) -> str:
    sections = [d for d in redline.sections if d.kinds != frozenset({"unchanged"})]
    items = "".join(
        f'<li><a href="#s{d.index}">{escape(d.new_number or d.old_number or "")} '
        f'{escape(d.heading or "(untitled)")}</a> — {escape(", ".join(sorted(d.kinds)))}</li>'
        for d in sections)
    changes = "".join(f'<li><a href="#c{c.id}">{escape(_change_label(c))}</a>{_by(credits.get(c.id))}</li>'
                      for c in redline.changes if not c.ignored)
    return (f"<h2>Changed sections</h2><ol>{items}</ol>"
            f"<h2>Changes</h2><ol>{changes}</ol>")


def _by(credit: ChangeCredit | None) -> str:
    line = credit_line(credit)
    return f' <span class="by">\u2014 {escape(line)}</span>' if line else ""


def _titled(html: str, credits: Mapping[int, ChangeCredit]) -> str:
    """Each change's <ins>/<del> titled with who made it (a reader sees it on hover)."""
    def title(match: re.Match[str]) -> str:
        line = credit_line(credits.get(int(match.group(1))))
        return match.group(0) + (f' title="{escape(line, quote=True)}"' if line else "")

    # every data-change attribute is ours: user text is escaped, so it holds no '"'
    return re.sub(r'data-change="(\d+)"', title, html) if credits else html


def _change_label(change: Change) -> str:
    text = (change.new_text or change.old_text).replace("\n", " ").strip()
    if change.table in KIND_LABELS:  # its words, once: what changed is the kind of their block
        text = " ".join(body.plain_text(change.new_text).split())
    text = text if len(text) <= 60 else text[:57] + "…"
    tag = "" if not change.editorial else " (editorial)"
    return f"{change.table or change.kind.replace('_', ' ')}{tag}: {text}"


# a reader hides punctuation, case, spacing and quote changes with CSS alone (the CSP allows no script)
HIDE_EDITORIAL = ('<p class="filter"><label><input type="checkbox" id="hide-editorial"> '
                  'Hide editorial changes (punctuation, case, spacing, quotes)</label></p>')

LEGEND = ('<h2>Legend</h2><p class="legend"><span><ins>inserted</ins></span><span><del>deleted</del></span>'
          '<span><ins class="move">moved here</ins></span><span><del class="move">moved away</del></span>'
          '<span><ins class="para"></ins> paragraph break inserted</span>'
          '<span class="format">reformatted</span>'
          '<span class="chg">changed line</span></p>')


def render_html(redline: Redline, credits: Mapping[int, ChangeCredit] | None = None,
                heading: str = "", colours: RedlineColours | None = None) -> str:
    """The redline as a standalone HTML page; `credits` name who made each change (diff.blame).

    `heading` says what is compared in the reader's words ("Changes from version 1.0
    (approved 3 May 2026) to the draft"); by default the two texts' labels. `colours`
    (default: the standard ones) mark the changes.
    """
    credits = credits or {}
    anchors: set[int] = set()
    editorial = frozenset(c.id for c in redline.changes if c.editorial and not c.ignored)
    parts = [f"<h1{ops_dir(redline.title_ops)}>{heading_html(redline.title_ops, anchors, editorial)}</h1>"]
    if redline.dates_ops:
        parts.append(f'<p class="dates"{ops_dir(redline.dates_ops)}>'
                     f'{heading_html(redline.dates_ops, anchors, editorial)}</p>')
    for (index, role), move in zip(redline.slots, redline.slot_moves(), strict=True):
        parts.append(_section_html(redline, redline.sections[index], role, anchors, move, editorial))
    title = f"Redline: {heading[0].lower()}{heading[1:]}" if heading else \
        f"Redline: {redline.old_label} → {redline.new_label}"
    style = colour_css(colours or RedlineColours()) + CSS
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{escape(title)}</title><style>{style}</style></head><body>"
        f"<aside><header><p><strong>{escape(title)}</strong></p>"
        f"<p>{escape(redline.old.title)} → {escape(redline.new.title)}</p></header>"
        f"{_summary(redline)}{LEGEND}{HIDE_EDITORIAL}<nav>{_navigation(redline, credits)}</nav></aside>"
        f"<main>\n{_titled(''.join(parts), credits)}\n</main></body></html>\n")


def write_redline_html(redline: Redline, path: Path, credits: Mapping[int, ChangeCredit] | None = None,
                       heading: str = "", colours: RedlineColours | None = None) -> None:
    Path(path).write_text(render_html(redline, credits, heading, colours), encoding="utf-8")
