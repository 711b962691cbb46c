"""A section body (canonical text) as an HTML fragment: every user text escaped.

Only http, https, mailto and in-page (#) link targets become links; any other
target (javascript:, data:, file:) is dropped and its text kept as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Paragraph, Run, Table

SAFE_SCHEMES = ("http://", "https://", "mailto:", "#")


def safe_href(target: str) -> str | None:
    """The link target if it is safe to put in an href, else None."""
    lowered = target.strip().lower()
    return target.strip() if lowered.startswith(SAFE_SCHEMES) else None


def runs_html(runs: Iterable[Run]) -> str:
    """Runs as inline HTML: <strong>, <em>, <u>, <a>, <br>."""
    out = []
    for run in runs:
        text = escape(run.text).replace(body.BREAK, "<br>")
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


def _list_html(block: ListBlock) -> str:
    """Nested <ul>/<ol> from flat items with levels."""
    out: list[str] = []
    stack: list[str] = []  # open list tags, one per level
    for item in block.items:
        tag = "ol" if item.ordered else "ul"
        level = min(item.level, len(stack))  # a level can only go one deeper at a time
        while len(stack) > level + 1:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == level + 1 and stack[-1] != tag:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == level + 1:
            out.append("</li><li>")
        else:
            out.append(f"<{tag}><li>")
            stack.append(tag)
        out.append(runs_html(item.runs))
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)


def _table_html(block: Table) -> str:
    """Header rows (the source's own, none invented) in <thead> as <th>; merges as colspan/rowspan;
    nested tables inside their cells."""
    rows = []
    for r, row in enumerate(block.rows):
        tag = "th" if r < block.header else "td"
        cells = []
        for c, runs in enumerate(row):
            cols, down = block.spans(r, c)
            if not cols:
                continue
            attrs = (f' colspan="{cols}"' if cols > 1 else "") + (f' rowspan="{down}"' if down > 1 else "")
            inner = "".join(_table_html(t) for t in block.nested_at(r, c))
            cells.append(f"<{tag}{attrs}>{runs_html(runs)}{inner}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head, rest = rows[:block.header], rows[block.header:]
    return ("<table>" + ("<thead>" + "".join(head) + "</thead>" if head else "")
            + "<tbody>" + "".join(rest) + "</tbody></table>")


def blocks_html(blocks: Iterable[body.Block]) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p>{runs_html(block.runs)}</p>")
        elif isinstance(block, ListBlock):
            out.append(_list_html(block))
        elif isinstance(block, Table) and block.rows:
            out.append(_table_html(block))
    return "\n".join(out)


def body_html(text: str) -> str:
    """A canonical body text as an HTML fragment."""
    return blocks_html(body.parse(text))
