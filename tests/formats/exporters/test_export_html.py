"""The HTML export parsed back with html.parser: structure, table of contents, escaping, CSP, DRAFT."""

from __future__ import annotations

from html.parser import HTMLParser

from policyeditor.core.model import Policy, Section, Status
from policyeditor.formats.exporters.html import export_html, render_html
from policyeditor.formats.exporters.info import ExportInfo
from tests.formats.export_sample import approved_info, draft_info, feature_policy


class Tree(HTMLParser):
    """Start tags with their attributes and open-element path, and the text under each path."""

    VOID = {"meta", "br", "link", "img", "hr", "input"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path: list[str] = []
        self.tags: list[tuple[str, dict, tuple[str, ...]]] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.path)))
        if tag not in self.VOID:
            self.path.append(tag)

    def handle_endtag(self, tag):
        assert self.path and self.path[-1] == tag, f"</{tag}> closes {self.path[-1:]} (badly nested)"
        self.path.pop()

    def handle_data(self, data):
        self.texts.append((tuple(self.path), data))

    def find(self, tag: str, **attrs) -> list[tuple[dict, tuple[str, ...]]]:
        return [(a, p) for t, a, p in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def text_under(self, tag: str) -> str:
        return "".join(text for path, text in self.texts if tag in path)


def test_document_is_well_nested_html5_with_semantic_parts():
    html = render_html(feature_policy(), approved_info())
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    tree = Tree(html)
    assert tree.path == []
    for tag in ("header", "nav", "main", "footer"):
        assert len(tree.find(tag)) == 1
    assert tree.find("h1", **{"class": "doc-title"})[0][1] == ("html", "body", "header")
    assert "Privacy Policy of Example Ltd" in tree.text_under("header")
    assert "Version 2.1 \u00b7 Approved \u00b7 12 March 2024" in tree.text_under("header")


def test_sections_nest_with_numbered_headings():
    tree = Tree(render_html(feature_policy(), approved_info()))
    headings = [(t, p.count("section")) for t, _, p in tree.tags
                if t in ("h2", "h3", "h4", "h5") and "main" in p]
    assert headings == [("h2", 1), ("h3", 2), ("h4", 3), ("h5", 4), ("h3", 2), ("h2", 1), ("h2", 1)]
    numbers = [text for path, text in tree.texts if path[-1:] == ("span",) and "main" in path]
    assert numbers == ["1", "1.1", "1.1.a", "1.1.a.i", "1.2", "2", "3"]
    assert all(a.get("class") == "num" for a, p in tree.find("span") if "main" in p and p[-1].startswith("h"))


def test_toc_links_match_section_ids():
    policy = feature_policy()
    tree = Tree(render_html(policy, approved_info()))
    ids = [a["id"] for a, p in tree.find("section")]
    assert ids == [f"sec-{section.id}" for section, _ in policy.walk()]
    links = [a["href"] for a, p in tree.find("a") if "nav" in p]
    assert links == [f"#{i}" for i in ids]
    assert "1.1.a.i Postal address" in tree.text_under("nav")


def test_body_formatting_lists_tables_links():
    tree = Tree(render_html(feature_policy(), approved_info()))
    main_tags = [t for t, _, p in tree.tags if "main" in p]
    for tag in ("p", "strong", "em", "u", "ul", "ol", "li", "table", "thead", "th", "td", "br"):
        assert tag in main_tags
    hrefs = [a["href"] for a, p in tree.find("a") if "main" in p]
    assert hrefs == ["https://example.com/privacy", "mailto:dpo@example.com"]
    assert "never this" in tree.text_under("main")  # javascript: target dropped, words kept
    nested = [p for a, p in tree.find("ul") if "main" in p]
    assert max(path.count("ul") for path in nested) == 3  # fourth-level bullet list
    assert [text for path, text in tree.texts if path[-1:] == ("th",)] == ["Category", "Purpose", "Retention"]
    assert "forbiddencontrolcharacter" in tree.text_under("main")


def test_metadata_csp_and_print_css():
    html = render_html(feature_policy(), approved_info())
    tree = Tree(html)
    metas = {a.get("name") or a.get("http-equiv"): a.get("content") for a, _ in tree.find("meta")}
    assert metas["generator"].startswith("policyeditor ")
    assert metas["policy-version"] == "2.1"
    assert metas["policy-status"] == "approved"
    assert metas["policy-content-hash"] == "sha256:" + "ab" * 32
    assert metas["author"] == "Jane Counsel"
    csp = metas["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # scripts fall under 'none'
    assert not tree.find("script") and not tree.find("link") and not tree.find("img")
    assert "@media print" in html and "page-break-after: avoid" in html


def test_every_user_text_is_escaped():
    evil = "<script>alert(1)</script>"
    policy = Policy(title=f"{evil} & \"quoted\"", sections=[
        Section(f"Heading {evil}",
                f"Body {evil} and [link](<javascript:alert(1)>)\n\n| a | {evil} |\n| --- | --- |\n| x | y |"),
    ])
    info = ExportInfo(label=f"1 {evil}", status=Status.APPROVED, author=f"Eve {evil}\" onload=\"x",
                      created="2024-01-01", content_hash="h\"><script>")
    html = render_html(policy, info)
    tree = Tree(html)
    assert not tree.find("script")
    assert all("onload" not in attrs for _, attrs, _ in tree.tags)
    assert "javascript:" not in " ".join(a.get("href", "") for a, _ in tree.find("a"))
    assert f"Heading {evil}" in tree.text_under("main")
    assert f"Body {evil}" in tree.text_under("main")
    assert tree.text_under("title").startswith(f"{evil} & \"quoted\"")
    metas = {a.get("name"): a.get("content") for a, _ in tree.find("meta")}
    assert metas["author"] == f"Eve {evil}\" onload=\"x"


def test_draft_banner_only_when_not_approved(tmp_path):
    draft = Tree(render_html(feature_policy(), draft_info()))
    banner = draft.find("p", **{"class": "draft-banner"})
    assert banner and banner[0][1] == ("html", "body", "header")
    assert "DRAFT \u2014 not approved" in draft.text_under("header")
    assert "Working draft" in draft.text_under("header")
    assert {a.get("name"): a.get("content") for a, _ in draft.find("meta")}["policy-version"] == "draft"

    approved = Tree(render_html(feature_policy(), approved_info()))
    assert not approved.find("p", **{"class": "draft-banner"})
    assert "DRAFT" not in approved.text_under("body")
    review = render_html(feature_policy(), ExportInfo("3", Status.IN_REVIEW))
    assert "DRAFT \u2014 not approved (in review)" in review


def test_export_html_writes_utf8_file(tmp_path):
    path = tmp_path / "p.html"
    policy = Policy(title="Politique de confidentialit\u00e9",
                    sections=[Section("Donn\u00e9es", "Caf\u00e9 \u2014 \u00e9t\u00e9")])
    export_html(policy, path, ExportInfo(None, Status.DRAFT))
    text = path.read_text(encoding="utf-8")
    assert "Caf\u00e9 \u2014 \u00e9t\u00e9" in text and "<main>" in text


def test_empty_policy_has_no_toc():
    tree = Tree(render_html(Policy(title="Empty"), ExportInfo(None, Status.DRAFT)))
    assert not tree.find("nav") and len(tree.find("main")) == 1
