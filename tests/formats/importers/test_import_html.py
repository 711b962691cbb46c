"""The HTML importer keeps words and structure and nothing that could run or fetch."""

import html

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Table
from policyeditor.core.numbering import numbers
from policyeditor.formats.importers import import_document
from tests.conftest import CORPUS
from tests.formats.wordcheck import words_kept

SEED = CORPUS / "seed" / "privacy-policy.txt"

HOSTILE = """<!doctype html><html><head><title>Hostile</title>
<style>@import url("http://evil.example/x.css"); p { color: red }</style>
<script>document.write("SCRIPTWORD")</script>
<link rel="stylesheet" href="http://evil.example/y.css"></head>
<body onload="steal()">
<h1>Policy</h1>
<p onclick="steal()">Keep <b>bold</b>, <em>italic</em>, <u>under</u>, a
<a href="javascript:alert('JSWORD')">bad link</a>, a <a href="https://ok.example/p">good link</a>,
<a href="data:text/html,x">data link</a> and <a href="mailto:dpo@example.com">mail</a>.</p>
<iframe src="http://evil.example/frame">IFRAMEWORD</iframe>
<form action="http://evil.example/post"><input name="a" value="INPUTWORD">FORMWORD</form>
<img src="http://evil.example/pixel.png" alt="ALTWORD">
<object data="x.swf">OBJECTWORD</object><embed src="x.swf">
<template><p>TEMPLATEWORD</p></template><noscript>NOSCRIPTWORD</noscript>
<svg><text>SVGWORD</text></svg>
<h2>Rights</h2><p>Words &amp; entities&nbsp;&copy; stay.</p>
</body></html>"""


def test_hostile_sample_keeps_none_of_the_hostile_parts(tmp_path):
    src = tmp_path / "hostile.html"
    src.write_text(HOSTILE, encoding="utf-8")
    result = import_document(src)
    policy = result.policy
    text = policy.title + "\n" + "\n".join(s.heading + "\n" + s.body for s, _ in policy.walk())
    for word in ("SCRIPTWORD", "JSWORD", "IFRAMEWORD", "INPUTWORD", "FORMWORD", "ALTWORD", "OBJECTWORD",
                 "TEMPLATEWORD", "NOSCRIPTWORD", "SVGWORD", "evil", "javascript", "data:", "steal",
                 "@import", "onclick", "color"):
        assert word not in text, word
    assert policy.title == "Policy"
    assert [s.heading for s, _ in policy.walk()] == ["", "Rights"]
    assert policy.sections[0].body == (
        "Keep **bold**, _italic_, <u>under</u>, a bad link, a [good link](https://ok.example/p), "
        "data link and [mail](mailto:dpo@example.com).")
    assert policy.sections[1].body == "Words & entities\u00a0\u00a9 stay."  # &nbsp; stays a no-break space
    report = "\n".join(result.report)
    assert "2 link(s)" in report and "1 image(s)" in report
    for tag in ("script", "style", "iframe", "form", "object", "embed", "template", "noscript"):
        assert tag in report


def test_ten_thousand_nested_divs(tmp_path):
    src = tmp_path / "deep.html"
    src.write_text("<h1>Deep</h1>" + "<div>" * 10_000 + "bottom words" + "</div>" * 10_000
                   + "<h2>After</h2><p>end</p>", encoding="utf-8")
    policy = import_document(src).policy
    assert policy.title == "Deep"
    assert [(s.heading, s.body) for s, _ in policy.walk()] == [("", "bottom words"), ("After", "end")]


def test_lists_tables_and_skipped_levels(tmp_path):
    src = tmp_path / "doc.htm"
    src.write_text("<h2>A</h2><ol><li>one<ul><li>sub <i>it</i></li></ul></li><li>two</ol>"
                   "<h4>A deep</h4><table><tr><th>H1</th><th>H2</th></tr>"
                   "<tr><td><p>p1</p><p>p2</p></td><td>x<br>y</td></tr></table>"
                   "<h3>B</h3><p>unclosed <b>bold<p>next</p>", encoding="utf-8")
    policy = import_document(src).policy
    assert policy.title == "doc"
    assert [(s.heading, d) for s, d in policy.walk()] == [("A", 1), ("A deep", 2), ("B", 2)]
    items = body.parse(policy.sections[0].body)[0]
    assert isinstance(items, ListBlock)
    assert [(i.ordered, i.level) for i in items.items] == [(True, 0), (False, 1), (True, 0)]
    table = body.parse(policy.sections[0].children[0].body)[0]
    assert isinstance(table, Table)
    assert policy.sections[0].children[0].body.splitlines()[2] == "| p1<br>p2 | x<br>y |"
    assert body.canonical(policy.sections[0].children[1].body) == policy.sections[0].children[1].body


def seed_as_html() -> str:
    """The seed written by hand as HTML: h1 title, h2 headings, h3 clauses, ul lists, p paragraphs."""
    policy = import_document(SEED).policy
    out = [f"<html><body><h1>{html.escape(policy.title, quote=False)}</h1>"]
    printed = numbers(policy)  # typed into the headings, as a hand-written page would
    for section, depth in policy.walk():
        heading = f"{printed[section.id]} {section.heading}".strip()
        out.append(f"<h{depth + 1}>{html.escape(heading, quote=False)}</h{depth + 1}>")
        for block in body.parse(section.body):
            if isinstance(block, ListBlock):
                items = (html.escape("".join(r.text for r in i.runs), quote=False) for i in block.items)
                out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            else:
                out.append(f"<p>{html.escape(''.join(r.text for r in block.runs), quote=False)}</p>")
    return "\n".join(out) + "</body></html>"


def test_seed_as_html(tmp_path):
    src = tmp_path / "privacy-policy.html"
    src.write_text(seed_as_html(), encoding="utf-8")
    from_html = import_document(src).policy
    from_text = import_document(SEED).policy
    assert from_html.title == "PRIVACY POLICY"
    assert [(s.heading, d, s.body) for s, d in from_html.walk()] == \
        [(s.heading, d, s.body) for s, d in from_text.walk()]
    assert words_kept(SEED, from_html).share == 100.0
    assert words_kept(src, from_html).share == 100.0
