"""A section body (canonical text) as an HTML fragment: every user text escaped.

Only outward http and https, plain mailto and in-page (#) link targets become
links (safety.safe_link); any other target (javascript:, data:, file:, a
loopback address, mailto with attach=) is dropped and its text kept as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Paragraph, Run, Table
from policyeditor.formats.exporters.safety import safe_link


def safe_href(target: str) -> str | None:
    """The link target if it is safe to put in an href, else None (see safety.safe_link)."""
    return safe_link(target, fragments=True)


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
    rows = []
    for index, row in enumerate(block.rows):
        cell = "th" if index == 0 else "td"
        rows.append("<tr>" + "".join(f"<{cell}>{runs_html(c)}</{cell}>" for c in row) + "</tr>")
    head, rest = rows[:1], rows[1:]
    return ("<table><thead>" + "".join(head) + "</thead><tbody>" + "".join(rest)
            + "</tbody></table>")


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
