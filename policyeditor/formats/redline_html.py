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
from html import escape
from pathlib import Path

from policyeditor.core import body
from policyeditor.diff.redline import Change, Redline, SectionDiff
from policyeditor.diff.text import OLD_SIDE, Op, new_text, old_text
from policyeditor.formats.body_html import safe_href

CELL = "\x1f"  # a table cell boundary in a visible map
_LINK_TARGET = re.compile(r"\]\((?:<([^<>\n]*)>|([^\s()<>]*))\)")
_LIST_LINE = re.compile(r"^( *)(-|\d+\.)(?: (.*))?$")
_TABLE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")

Format = tuple[bool, bool, bool, str]       # bold, italic, underline, link
Block = tuple[str, int, str]                # kind (p, li, tr), list level, list marker
Visible = dict[int, tuple[str, Format, Block]]

PLAIN: Format = (False, False, False, "")
PARAGRAPH: Block = ("p", 0, "")


# ---------------------------------------------------------------- what a reader sees


def visible_map(text: str, plain: bool = False) -> Visible:
    """For each character of a canonical body that a reader sees: (char, format, block).

    Markup characters are absent; a `<br>` is "\\n" at its `<`; an inner table pipe
    is CELL. The visible text of each line is what `body.parse` reads from it.
    `plain` treats every character as text (headings, titles).
    """
    out: Visible = {}
    if plain:
        for k, c in enumerate(text):
            out[k] = (c, PLAIN, PARAGRAPH)
        return out
    start = 0
    for line in text.split("\n"):
        _line(line, start, out)
        start += len(line) + 1
    return out


def _line(line: str, base: int, out: Visible) -> None:
    if not line.strip():
        return
    match = _LIST_LINE.match(line)
    if match:
        if match.group(3) is not None:
            block = ("li", len(match.group(1)) // 2, "•" if match.group(2) == "-" else match.group(2))
            _inline(match.group(3), base + match.start(3), block, out)
        return
    if line.lstrip().startswith("|"):
        if not _TABLE_RULE.match(line.strip()):
            _table_row(line, base, out)
        return
    stripped = line.strip()
    _inline(stripped, base + line.index(stripped[0]), PARAGRAPH, out)


def _table_row(line: str, base: int, out: Visible) -> None:
    """Cells as body._split_cells cuts them; inner pipes become CELL."""
    lo, hi = len(line) - len(line.lstrip()), len(line.rstrip())
    if line[lo] == "|":
        lo += 1
    if hi > lo and line[hi - 1] == "|" and line[hi - 2:hi] != "\\|":
        hi -= 1
    block: Block = ("tr", 0, "")
    cell_start = k = lo
    while k <= hi:
        if k == hi or line[k] == "|":
            cell = line[cell_start:k]
            if cell.strip():
                offset = cell_start + (len(cell) - len(cell.lstrip()))
                _inline(cell.strip(), base + offset, block, out)
            if k < hi:
                out[base + k] = (CELL, PLAIN, block)
            cell_start = k + 1
            k += 1
        elif line[k] == "\\" and k + 1 < hi:
            k += 2
        else:
            k += 1


def _inline(text: str, base: int, block: Block, out: Visible) -> None:
    """body.parse_runs, recording where each visible character stands in the source."""
    bold = italic = underline = False
    link = ""
    link_end = -1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        fmt = (bold, italic, underline, link)
        if c == "\\" and i + 1 < n:
            out[base + i + 1] = (text[i + 1], fmt, block)
            i += 2
            continue
        if link and i == link_end:
            match = _LINK_TARGET.match(text, i)
            link = ""
            i = match.end() if match else i + 1
            continue
        if text.startswith("**", i):
            bold = not bold
            i += 2
        elif c == "_":
            italic = not italic
            i += 1
        elif text.startswith("<u>", i):
            underline = True
            i += 3
        elif text.startswith("</u>", i):
            underline = False
            i += 4
        elif text.startswith("<br>", i):
            out[base + i] = (body.BREAK, fmt, block)
            i += 4
        elif c == "[" and not link:
            end, target = body._find_link_end(text, i + 1)
            if end < 0:
                out[base + i] = (c, fmt, block)
            else:
                link, link_end = target, end
            i += 1
        else:
            out[base + i] = (c, fmt, block)
            i += 1


# ---------------------------------------------------------------- ops to HTML


def _format_html(text: str, fmt: Format, changed: bool = False) -> str:
    # An inserted or deleted line break is a space inside the <ins>/<del> (shown as a
    # block with a ↵ mark), not a <br>: a <br> would part words on both sides.
    br = '<span class="br"> </span>' if changed else "<br>"
    html = escape(text, quote=False).replace(body.BREAK, br)
    bold, italic, underline, link = fmt
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


class _OpsWriter:
    """Writes ops as blocks of pieces; each piece one wrapper (ins/del/none) and one format."""

    def __init__(self, anchors: set[int], heading_tag: str | None = None) -> None:
        self.anchors = anchors          # change ids that already have their id= anchor
        self.heading_tag = heading_tag  # all ops in one heading element, no blocks
        self.out: list[str] = []
        self.block: Block | None = None
        self.block_html: list[str] = []
        self.block_changed = False
        self.in_table = False
        self.piece: tuple[str, int, Format] | None = None
        self.piece_chars: list[str] = []
        self.pending_break = False

    def write(self, ops: tuple[Op, ...], move_class: str = "move") -> str:
        old, new = old_text(ops), new_text(ops)
        plain = self.heading_tag is not None
        maps = {"old": visible_map(old, plain), "new": visible_map(new, plain)}
        texts = {"old": old, "new": new}
        pos = {"old": 0, "new": 0}
        for op in ops:
            view = "old" if op.kind in OLD_SIDE and op.kind != "equal" else "new"
            start = pos[view]
            end = start + len(op.text)
            if op.kind == "equal":
                pos["old"] += len(op.text)
            pos[view] = end
            wrapper = {"equal": "", "insert": "ins", "delete": "del",
                       "move_from": "del." + move_class, "move_to": "ins." + move_class}[op.kind]
            if op.ignored:
                wrapper += ".ignored"
            source, visible = texts[view], maps[view]
            # an equal character is shown if either side shows it (a space at a cell's
            # edge on one side can be inside the cell on the other)
            other = maps["old"] if op.kind == "equal" else {}
            shift = pos["old"] - end if op.kind == "equal" else 0
            for k in range(start, end):
                if source[k] == "\n":
                    self.pending_break = True
                    continue
                entry = visible.get(k) or other.get(k + shift)
                if entry is not None:
                    self._char(entry, wrapper, op.change)
        self._close_block()
        if self.in_table:
            self.out.append("</tbody></table>")
            self.in_table = False
        return "".join(self.out)

    def _char(self, entry: tuple[str, Format, Block], wrapper: str, change: int) -> None:
        char, fmt, block = entry
        if self.heading_tag is None and (self.pending_break or self.block is None):
            self._close_block()
            self._open_block(block)
        self.pending_break = False
        if char == CELL:
            self._flush()
            self.block_html.append("</td><td>")
            return
        key = (wrapper, change, fmt)
        if key != self.piece:
            self._flush()
            self.piece = key
        self.piece_chars.append(char)

    def _flush(self) -> None:
        if self.piece is None or not self.piece_chars:
            self.piece = None
            return
        wrapper, change, fmt = self.piece
        html = _format_html("".join(self.piece_chars), fmt, bool(wrapper))
        if wrapper:
            tag, *classes = wrapper.split(".")
            attrs = f' class="{" ".join(classes)}"' if classes else ""
            if change not in self.anchors:
                self.anchors.add(change)
                attrs = f' id="c{change}"' + attrs
            html = f'<{tag}{attrs} data-change="{change}">{html}</{tag}>'
            self.block_changed = True
        (self.block_html if self.heading_tag is None else self.out).append(html)
        self.piece = None
        self.piece_chars = []

    def _open_block(self, block: Block) -> None:
        self.block = block
        if block[0] == "tr" and not self.in_table:
            self.out.append("<table><tbody>")
            self.in_table = True
        elif block[0] != "tr" and self.in_table:
            self.out.append("</tbody></table>")
            self.in_table = False

    def _close_block(self) -> None:
        self._flush()
        if self.block is None:
            return
        kind, level, marker = self.block
        bar = ' class="chg"' if self.block_changed else ""
        inner = "".join(self.block_html)
        if kind == "tr":
            self.out.append(f"<tr{bar}><td>{inner}</td></tr>")
        elif kind == "li":
            cls = f"li l{min(level, 5)}" + (" chg" if self.block_changed else "")
            self.out.append(f'<p class="{cls}" data-marker="{escape(marker, quote=True)}">{inner}</p>')
        else:
            self.out.append(f"<p{bar}>{inner}</p>")
        self.block, self.block_html, self.block_changed = None, [], False

    def heading(self, ops: tuple[Op, ...]) -> str:
        self.write(ops)
        self._flush()
        return "".join(self.out)


def ops_html(ops: tuple[Op, ...], anchors: set[int] | None = None) -> str:
    """Body ops as HTML blocks with <ins>/<del>."""
    return _OpsWriter(set() if anchors is None else anchors).write(ops)


def heading_html(ops: tuple[Op, ...], anchors: set[int] | None = None) -> str:
    """Heading or title ops as inline HTML with <ins>/<del>."""
    return _OpsWriter(set() if anchors is None else anchors, heading_tag="h").heading(ops)


# ---------------------------------------------------------------- the page

CSS = """
body{font:16px/1.5 Georgia,serif;margin:0;display:flex;color:#222;background:#fff}
header,nav{font:14px/1.4 system-ui,sans-serif}
aside{width:20rem;flex:none;padding:1rem;border-right:1px solid #ccc;height:100vh;overflow:auto;
position:sticky;top:0;box-sizing:border-box}
main{max-width:48rem;padding:1rem 2rem 4rem 3rem}
ins{color:#1a4fd6;text-decoration:underline;background:#eef3ff}
del{color:#c0262d;text-decoration:line-through;background:#fff0f0}
ins.move{color:#137a2f;text-decoration:underline double;background:#effaf1}
del.move{color:#137a2f;text-decoration:line-through double;background:#effaf1}
ins.move ins,ins.move del{background:none}
ins.ignored,del.ignored{color:inherit;background:none;text-decoration:none}
del.ignored{display:none}
.br{display:block}.br::before{content:"\\21B5"}
.chg{border-left:3px solid #c0262d;margin-left:-.75rem;padding-left:.6rem}
.li::before{content:attr(data-marker) " ";color:#555}
.l1{margin-left:1.5rem}.l2{margin-left:3rem}.l3{margin-left:4.5rem}.l4,.l5{margin-left:6rem}
.num::before{content:attr(data-number) " "}
.num[data-old]::after{content:"(was " attr(data-old) ") ";font-size:.8em;color:#555}
section[data-note]::before{content:attr(data-note);display:block;font:12px system-ui,sans-serif;color:#137a2f}
table{border-collapse:collapse}td{border:1px solid #bbb;padding:.2rem .4rem;vertical-align:top}
.legend span{margin-right:1rem}.stats td{border:none;padding:0 .5rem 0 0}
nav ol{padding-left:1.2rem}
@media print{aside{display:none}}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def _number_attrs(d: SectionDiff, role: str) -> str:
    number = d.old_number if role == "old" or d.new is None else d.new_number
    attrs = f'data-number="{escape(number or "", quote=True)}"'
    if role != "old" and d.old is not None and d.new is not None and d.old_number != d.new_number:
        attrs += f' data-old="{escape(d.old_number or "", quote=True)}"'
    return attrs


def _section_html(redline: Redline, d: SectionDiff, role: str, anchors: set[int]) -> str:
    depth = (d.old_depth if role == "old" or d.new is None else d.new_depth) or 1
    tag = f"h{min(depth + 1, 6)}"
    moved_source = role == "old" and d.new is not None
    heading_ops, body_ops = d.heading_ops, d.body_ops
    note = ""
    if moved_source:
        move = next(c for c in redline.changes if c.section == d.index and c.part == "structure")
        heading_ops = (Op("move_from", d.old.heading, move.id),) if d.old.heading else ()
        body_ops = (Op("move_from", d.old.body, move.id),) if d.old.body else ()
        note = f"moved to {d.new_number}"
    elif "moved" in d.kinds:
        note = f"moved from {d.old_number}"
    kinds = " ".join(sorted(d.kinds))
    section_id = f"s{d.index}" if not moved_source else f"s{d.index}-from"
    attrs = f' data-note="{escape(note, quote=True)}"' if note else ""
    html = (f'<section id="{section_id}" class="{kinds}"{attrs}>'
            f'<{tag}><span class="num" {_number_attrs(d, role)}></span>'
            f"{heading_html(heading_ops, anchors)}</{tag}>"
            f"{ops_html(body_ops, anchors)}</section>")
    if role == "new" and d.old is not None:  # the destination of a move out of order
        move = next(c for c in redline.changes if c.section == d.index and c.part == "structure")
        html = f'<ins class="move" data-change="{move.id}">{html}</ins>'
    return html


def _summary(redline: Redline) -> str:
    s = redline.stats
    rows = [("Changes", s.changes), ("Substantive", s.substantive),
            ("Words inserted", s.words_inserted), ("Words deleted", s.words_deleted),
            ("Words moved", s.words_moved)]
    rows += [(f"Sections {kind}", n) for kind, n in s.sections.items() if n]
    table = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in rows)
    return f'<h2>Summary</h2><table class="stats">{table}</table>'


def _navigation(redline: Redline) -> str:
    sections = [d for d in redline.sections if d.kinds != frozenset({"unchanged"})]
    items = "".join(
        f'<li><a href="#s{d.index}">{escape(d.new_number or d.old_number or "")} '
        f'{escape(d.heading or "(untitled)")}</a> — {escape(", ".join(sorted(d.kinds)))}</li>'
        for d in sections)
    changes = "".join(f'<li><a href="#c{c.id}">{escape(_change_label(c))}</a></li>'
                      for c in redline.changes if not c.ignored)
    return (f"<h2>Changed sections</h2><ol>{items}</ol>"
            f"<h2>Changes</h2><ol>{changes}</ol>")


def _change_label(change: Change) -> str:
    text = (change.new_text or change.old_text).replace("\n", " ").strip()
    text = text if len(text) <= 60 else text[:57] + "…"
    tag = "" if not change.editorial else " (editorial)"
    return f"{change.kind.replace('_', ' ')}{tag}: {text}"


LEGEND = ('<h2>Legend</h2><p class="legend"><span><ins>inserted</ins></span><span><del>deleted</del></span>'
          '<span><ins class="move">moved here</ins></span><span><del class="move">moved away</del></span>'
          '<span class="chg">changed line</span></p>')


def render_html(redline: Redline) -> str:
    """The redline as a standalone HTML page."""
    anchors: set[int] = set()
    parts = [f"<h1>{heading_html(redline.title_ops, anchors)}</h1>"]
    for index, role in redline.slots:
        parts.append(_section_html(redline, redline.sections[index], role, anchors))
    title = f"Redline: {redline.old_label} → {redline.new_label}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<aside><header><p><strong>{escape(title)}</strong></p>"
        f"<p>{escape(redline.old.title)} → {escape(redline.new.title)}</p></header>"
        f"{_summary(redline)}{LEGEND}<nav>{_navigation(redline)}</nav></aside>"
        f"<main>\n{''.join(parts)}\n</main></body></html>\n")


def write_redline_html(redline: Redline, path: Path) -> None:
    Path(path).write_text(render_html(redline), encoding="utf-8")
