"""The clean HTML export of a policy version: one standalone, semantic HTML5 document.

`<header>` with title, version and status (and a DRAFT banner when the version is not
approved), `<nav>` with a table of contents linking to one anchor per section (the stable
section id), the policy text in `<main>` as nested `<section>`s whose headings carry their
number in `<span class="num">`, and a `<footer>` with the content hash. The stylesheet
(`resources/templates/export.css`, print rules included) is inlined, and a
Content-Security-Policy forbids scripts and every fetch, so the file shows the same
anywhere, offline. Every user text is escaped; only http, https, mailto and # targets
become links.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from policyeditor import __version__
from policyeditor.core import cross_refs
from policyeditor.core.dates import date_lines
from policyeditor.core.direction import LTR, direction
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import numbers
from policyeditor.core.unkept import unkept_sentence
from policyeditor.formats.exporters.body_html import Content, body_html, dir_attr
from policyeditor.formats.exporters.info import POLICY_ID_PREFIX, ExportInfo
from policyeditor.formats.exporters.safety import xml_safe
from policyeditor.resources import resource_path

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def section_anchor(section: Section) -> str:
    """The `id` of a section's element: its stable id, so links survive renumbering."""
    return cross_refs.section_anchor(section.id)


def _page_text(policy: Policy, kind: str) -> list[str]:
    """The source's running header or footer lines (tabs parted its left, centre and right)."""
    lines = [" \u00b7 ".join(line.split("\t")) for line in policy.page_text.get(kind, "").split("\n")]
    return [f'<p class="page-text page-{kind}"{dir_attr(direction(line))}>{_text(line)}</p>'
            for line in lines if line.strip()]


def stylesheet() -> str:
    """The export stylesheet (`resources/templates/export.css`)."""
    return resource_path("templates", "export.css").read_text(encoding="utf-8")


def _text(value: str) -> str:
    return escape(xml_safe(value), quote=True)


def render_html(policy: Policy, info: ExportInfo, *, mirror_rtl_tables: bool = False) -> str:
    """One standalone HTML5 document of the policy, every user text escaped; a block whose words
    read right to left is `dir="rtl"` (`mirror_rtl_tables`: see `Content`)."""
    numbered = numbers(policy)
    meta_line = " \u00b7 ".join(p for p in (info.version_text, info.status.title, info.long_date) if p)
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="policyeditor {escape(__version__)}">',
        f'<meta name="policy-version" content="{_text(info.label or "draft")}">',
        f'<meta name="policy-status" content="{escape(info.status.value)}">',
    ]
    if info.content_hash:
        head.append(f'<meta name="policy-content-hash" content="sha256:{_text(info.content_hash)}">')
    if info.author:
        head.append(f'<meta name="author" content="{_text(info.author)}">')
    if info.created:
        head.append(f'<meta name="dcterms.created" content="{_text(info.created)}">')
    if info.policy_id:  # as a DOCX's dc:identifier: a page brought back into another policy is refused
        head.append(f'<meta name="dcterms.identifier" content="{_text(POLICY_ID_PREFIX + info.policy_id)}">')
    head += [
        f"<title>{_text(policy.title)} \u2014 {_text(info.version_text)}</title>",
        f"<style>\n{stylesheet()}</style>",
        "</head>",
        "<body>",
        '<header class="title-block">',
    ]
    if info.is_draft:
        head.append(f'<p class="draft-banner" role="note">{_text(info.draft_mark)}</p>')
    head += [
        f'<h1 class="doc-title"{dir_attr(direction(policy.title))}>{_text(policy.title)}</h1>',
        f'<p class="doc-meta">{_text(meta_line)}</p>',
        *_page_text(policy, "header"),
        "</header>",
    ]
    parts = head
    contents = _toc(policy.sections, numbered)
    if "<a " in contents:  # some section has a heading or number to list
        parts += ['<nav class="toc" aria-labelledby="toc-title">',
                  '<h2 id="toc-title">Contents</h2>', contents, "</nav>"]
    parts.append("<main>")
    for line in date_lines(policy):  # the policy's own dates, first words of its text
        parts.append(f'<p class="doc-dates"{dir_attr(direction(line))}>{_text(line)}</p>')
    content = Content(policy.pictures, mirror_rtl_tables)
    anchors: dict[str, list[str]] = {}  # a section's id -> the source's anchors placed in it
    for name, section_id in sorted(policy.anchors.items()):
        anchors.setdefault(section_id, []).append(name)
    parts += [_section(section, numbered, 1, content, anchors) for section in policy.sections]
    if content.notes_html():
        parts.append(xml_safe(content.notes_html()))
    if policy.unkept:
        parts.append(f'<p class="unkept" role="note">{_text(unkept_sentence(policy.unkept, "exported"))} '
                     "(the source held them; the policy cannot)</p>")
    parts.append("</main>")
    footer = [info.version_text, info.status.title]
    if info.content_hash:
        footer.append(f"SHA-256 {info.content_hash}")
    parts += [f'<footer class="doc-footer">{"".join(_page_text(policy, "footer"))}'
              f'<p>{_text(" · ".join(footer))}</p></footer>',
              "</body>", "</html>", ""]
    return "\n".join(parts)


def _toc(sections: list[Section], numbered: dict[str, str], around: str = LTR) -> str:
    """The contents as nested lists of links; an untitled, unnumbered section has no entry of its own.
    An entry whose heading reads otherwise than the list around it (`around`) has its own `dir`."""
    items = []
    for section in sections:
        own = direction(section.heading)
        children = _toc(section.children, numbered, own or around) if section.children else ""
        if not section.heading.strip() and not numbered[section.id]:
            if children:
                items.append(f"<li>{children}</li>")
            continue
        link = (f'<a href="#{section_anchor(section)}"><span class="num">{_text(numbered[section.id])}'
                f"</span> {_text(section.heading)}</a>")
        items.append(f"<li{dir_attr(own, around)}>{link}{children}</li>")
    return "<ol>" + "".join(items) + "</ol>"


def _section(section: Section, numbered: dict[str, str], depth: int, content: Content,
             anchors: dict[str, list[str]]) -> str:
    level = min(depth + 1, 6)  # the title is the page's h1
    parts = [
        f'<section id="{section_anchor(section)}">',
        # the source's anchors here, so its cross-references ("#OnLevel3") land on this section
        *(f'<span id="{_text(name)}"></span>' for name in anchors.get(section.id, ())),
        f'<h{level}{dir_attr(direction(section.heading))}>'
        f'<span class="num">{_text(numbered[section.id])}</span> '
        f"{_text(section.heading)}</h{level}>",
    ]
    if section.body:
        parts.append(xml_safe(body_html(section.body, content)))
    parts += [_section(child, numbered, depth + 1, content, anchors) for child in section.children]
    parts.append("</section>")
    return "\n".join(parts)


def export_html(policy: Policy, path: Path, info: ExportInfo) -> None:
    """Write `render_html` of the policy to `path` (UTF-8)."""
    Path(path).write_text(render_html(policy, info), encoding="utf-8", newline="\n")
