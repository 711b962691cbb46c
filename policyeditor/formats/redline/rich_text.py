"""The redline as Qt rich text: what the inline view shows and the redline PDF prints.

Built from `formats.redline.html` pieces (`heading_html`, `ops_html`). Qt's rich
text has no CSS generated content, so list markers (a `data-marker` attribute
there) are written into the text here. Qt-free: plain strings.
"""

from __future__ import annotations

import re
from html import escape

from policyeditor.core.direction import direction
from policyeditor.diff.redline import Redline
from policyeditor.formats.exporters.body_html import dir_attr
from policyeditor.formats.redline.html import NOTE_CLOSE, heading_html, ops_dir, ops_html
from policyeditor.formats.redline.walk import LINE_BREAK_MARK


def inline_style_sheet(inserted: str, deleted: str, moved: str, inserted_bg: str, deleted_bg: str,
                       moved_bg: str, reformatted_bg: str, muted: str, rule: str) -> str:
    """The redline's style sheet, every colour "#rrggbb" (Qt's rich text has no rgba())."""
    return f"""
ins {{ color: {inserted}; text-decoration: underline; background-color: {inserted_bg}; }}
del {{ color: {deleted}; text-decoration: line-through; background-color: {deleted_bg}; }}
ins.move, del.move {{ color: {moved}; background-color: {moved_bg}; }}
.format {{ text-decoration: underline; background-color: {reformatted_bg}; }}
.old-marker {{ color: {deleted}; text-decoration: line-through; }}
h1 {{ font-size: 20pt; }}
h2, h3, h4, h5, h6 {{ margin-top: 14px; margin-bottom: 4px; }}
span.num {{ color: {muted}; font-weight: normal; }}
p.note {{ color: {moved}; font-size: small; margin: 0; }}
span.note {{ color: {muted}; }}
td {{ border: 1px solid {rule}; padding: 3px; }}
"""


_LIST_ITEM = re.compile(r'<p class="li l(\d+)([^"]*)" data-marker="([^"]*)"( dir="(\w+)")?>')


# List markers are written in this style: Qt keeps the property on every character of the
# span (an anchor name it keeps on the first only) and draws nothing differently for it, so
# the window's text map knows them for ours and not the body's (gui/editing/text_map.py).
LIST_MARKER = "word-spacing: 0px"
LEVEL_INDENT = 20  # px: a list item's left margin a level


_OLD_MARKER = re.compile(r'<span class="old-marker( editorial)?" data-change="\d+" '
                         r'data-marker="([^"]*)"></span>')


def _markers(html: str) -> str:
    """List markers written into the text, styled `LIST_MARKER`; the old marker of an item whose
    kind changed (html `_old_marker`) struck after it: struck, it is no list marker of the item
    and no word of the body (text_map and the inline editing step past it as past deleted words);
    none when its change is shown quiet (accepted, or an editorial change hidden)."""
    def item(m: re.Match[str]) -> str:  # a right-to-left item's indent is on its right
        side, indent = "right" if m[5] == "rtl" else "left", (int(m[1]) + 1) * LEVEL_INDENT
        return (f'<p class="li l{m[1]}{m[2]}"{m[4] or ""} style="margin-{side}: {indent}px">'
                f'<span style="{LIST_MARKER}">{m[3]}&nbsp;</span>')
    html = _LIST_ITEM.sub(item, html)
    return _OLD_MARKER.sub(lambda m: "" if m[1] else f'<span class="old-marker">{m[2]}&nbsp;</span>', html)


_PILCROW = re.compile(r'<span class="pilcrow"> </span>(</(?:ins|del)>)?'
                      r'(?:<span class="marker" data-marker="([^"]*)"></span>)?')


def _pilcrows(html: str) -> str:
    """A paragraph break drawn inside a paragraph (html.joined_break) as a ¶ and a line break, then
    the list marker of the text after it, in the `LIST_MARKER` style: marks, not the body's text.
    One shown as plain text (accepted, see `_quiet`) is the line break alone."""
    def mark(m: re.Match[str]) -> str:
        marker = f'<span style="{LIST_MARKER}">{m[2]}&nbsp;</span>' if m[2] else ""
        if not m[1]:
            return f"<br>{marker}"
        return f'<span style="{LIST_MARKER}">\u00b6<br></span>{m[1]}{marker}'
    return _PILCROW.sub(mark, html)


_LINE_BREAK = '<span class="br"> </span>'


def _line_breaks(html: str) -> str:
    """An inserted or deleted line break (html `_format_html`, a block with a ↵ mark by CSS there)
    as a ↵ in the `LIST_MARKER` style, a mark, then the line break itself, which is the body's."""
    return html.replace(_LINE_BREAK, f'<span style="{LIST_MARKER}">{LINE_BREAK_MARK}</span><br>')


_EMPTY_ITEM = re.compile(r'<(ins|del)\b([^>]*\bclass="[^"]*\bpara\b[^"]*"[^>]*)></\1>')


def _empty_items(html: str) -> str:
    """The paragraph mark of a list item inserted or deleted with no text (html `empty_item`, a ¶ by
    CSS there) as a ¶ in the `LIST_MARKER` style: a mark after its bullet, not the body's text."""
    mark = f'<span style="{LIST_MARKER}">\u00b6</span>'
    return _EMPTY_ITEM.sub(lambda m: f"<{m[1]}{m[2]}>{mark}</{m[1]}>", html)


_NOTE_OPEN = re.compile(r'<span class="note-open" data-note="([^"]*)"></span>')


def _notes(html: str) -> str:
    """A footnote's (endnote's) words set apart by "[footnote: " and "]" (html `_in_notes`, by
    CSS there) in the `LIST_MARKER` style: marks, not the body's text."""
    html = _NOTE_OPEN.sub(lambda m: f'<span style="{LIST_MARKER}"> [{m[1]}: </span>', html)
    return html.replace(NOTE_CLOSE, f'<span style="{LIST_MARKER}">] </span>')


# An editorial (or ignored) change as `redline_html` marks it; <ins>/<del> do not nest.
_QUIET_CHANGE = re.compile(r'<(ins|del)\b[^>]*\bclass="[^"]*\b(?:editorial|ignored)\b[^"]*"[^>]*>(.*?)</\1>',
                           re.DOTALL)


def _quiet(html: str) -> str:
    """Editorial changes as plain text: insertions unmarked, deletions left out.

    What the HTML redline's "hide editorial changes" box does with CSS, which Qt's
    rich text cannot (it has no `display: none`).
    """
    return _QUIET_CHANGE.sub(lambda m: m[2] if m[1] == "ins" else "", html)


def inline_html(redline: Redline, hide_editorial: bool = False,
                accepted: frozenset[int] = frozenset(), mirror_rtl_tables: bool = False) -> str:
    """The whole redline as Qt rich text, an anchor `s-<id>` before each section.

    `hide_editorial` shows editorial changes as plain text (see `_quiet`). A block whose words
    read right to left is `dir="rtl"`; `mirror_rtl_tables` writes the cells of such a table last
    to first, as Qt lays out every table's columns left to right (for print: the inline view's
    text map reads cells in their order).
    """
    quiet = frozenset(c.id for c in redline.changes if c.editorial) if hide_editorial else frozenset()
    quiet |= accepted  # an accepted change reads as text, as after Word's Accept
    html = _inline_html(redline, quiet, mirror_rtl_tables)
    return _notes(_empty_items(_line_breaks(_pilcrows(_quiet(html) if quiet else html))))


def _inline_html(redline: Redline, editorial: frozenset[int], mirror_rtl_tables: bool = False) -> str:
    parts = [f"<h1{ops_dir(redline.title_ops)}>{heading_html(redline.title_ops, editorial=editorial)}</h1>"]
    if redline.dates_ops:
        parts.append(f'<p class="dates"{ops_dir(redline.dates_ops)}>'
                     f'{heading_html(redline.dates_ops, editorial=editorial)}</p>')
    for index, role in redline.slots:
        d = redline.sections[index]
        moved_source = role == "old" and d.new is not None
        number = d.old_number if role == "old" or d.new is None else d.new_number
        depth = (d.old_depth if role == "old" or d.new is None else d.new_depth) or 1
        tag = f"h{min(depth + 1, 6)}"
        anchor = (d.old_id if role == "old" else d.new_id) or ""
        parts.append(f'<a name="s-{escape(anchor, quote=True)}"></a>')
        if moved_source:
            parts.append(f'<{tag}{dir_attr(direction(d.old.heading))}>'  # type: ignore[union-attr]
                         f'<span class="num">{escape(number or "")}</span>&nbsp; '
                         f'<del class="move">{escape(d.old.heading)}</del></{tag}>'  # type: ignore[union-attr]
                         f'<p class="note">moved to {escape(d.new_number or "")}</p>')
            continue
        parts.append(f'<{tag}{ops_dir(d.heading_ops)}><span class="num">{escape(number or "")}</span>&nbsp; '
                     f"{heading_html(d.heading_ops, editorial=editorial)}</{tag}>")
        if "moved" in d.kinds:
            parts.append(f'<p class="note">moved from {escape(d.old_number or "")}</p>')
        parts.append(_markers(ops_html(d.body_ops, editorial=editorial, mirror_rtl_tables=mirror_rtl_tables)))
    return "\n".join(parts)
