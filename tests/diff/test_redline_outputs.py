"""Redline files: JSON schema, HTML structure and escaping, terminal text, suffix choice."""

from __future__ import annotations

import json
import re

import pytest
from redline_helpers import html_words, policy_words

from policyeditor.app.export import write_redline
from policyeditor.core.errors import UnknownFormatError
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.redline.html import render_html
from policyeditor.formats.redline.json import SCHEMA, redline_data
from policyeditor.formats.redline.text import render_text


def _sample():
    old = Policy("Privacy <Policy>", [
        Section("Scope", "We collect some data.\n\nWe keep it **safe** for 30 days.", id="a"),
        Section("Cookies", "We use [cookies](https://x.org/c).", id="b"),
        Section("Gone", "This clause goes.", id="c"),
    ])
    new = Policy("Privacy <Policy>", [
        Section("<script>alert(1)</script>", "Added & new.", id="n"),
        Section("Scope", "We collect certain data.\n\nWe keep it **safe** for 60 days.", id="a"),
        Section("Cookie use", "We use [cookies](https://x.org/c).", id="b"),
    ])
    return old, new, compare(old, new).with_labels("v1 <old>", "v2")


def test_json_file_is_the_standard_librarys_text(tmp_path):
    """render_json writes json.dumps(ensure_ascii=False, indent=1) itself (faster): byte for byte the same."""
    from policyeditor.formats.redline.json import _dumps, render_json

    redline = _sample()[2]
    assert render_json(redline) == json.dumps(redline_data(redline), ensure_ascii=False, indent=1) + "\n"
    odd = {"s": 'q"\\ \n\t\x00\x1f\u2028 é €  \U0001f600', "n": [None, True, False, 0, -7, 10**30],
           "empty": [{}, [], (), ""], "tuple": (1, ("a",)), "float": [1.5, 1e300, -0.0],
           "keys": {1: "int key", "x": {2.5: None}}, "deep": [[{"a": [{"b": {}}]}]]}
    assert _dumps(odd) == json.dumps(odd, ensure_ascii=False, indent=1)


def test_json_schema_round_trip(tmp_path):
    old, new, redline = _sample()
    out = tmp_path / "r.json"
    write_redline(redline, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(redline_data(redline)))
    assert data["schema"] == SCHEMA
    assert data["old"] == {"title": old.title, "label": "v1 <old>"}
    section = data["sections"][1]
    assert {"kind", "old_id", "new_id", "old_number", "new_number", "old_heading", "new_heading",
            "ops"} <= set(section)
    assert section["kind"] == ["edited"] and (section["old_number"], section["new_number"]) == ("1", "2")
    for s in data["sections"]:
        assert "".join(o["text"] for o in s["ops"] if o["op"] in ("equal", "insert", "move_to")) == \
            (new.find(s["new_id"]).body if s["new_id"] else "")
        assert {o["op"] for o in s["ops"]} <= {"equal", "insert", "delete", "move_from", "move_to"}
    assert [c["id"] for c in data["changes"]] == list(range(1, len(data["changes"]) + 1))
    assert data["stats"]["sections"]["deleted"] == 1


def test_html_escapes_user_text_and_forbids_scripts():
    _, _, redline = _sample()
    page = render_html(redline)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Privacy &lt;Policy&gt;" in page and "v1 &lt;old&gt;" in page
    assert re.search(r'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'', page)
    main = page[page.index("<main>"):page.index("</main>")]
    assert "Summary" not in main and "Legend" not in main
    assert '<a href="https://x.org/c">' in main  # body markup rendered, not shown as text
    assert "**" not in main and "](" not in main


def test_html_accept_and_reject_words(tmp_path):
    old, new, redline = _sample()
    out = tmp_path / "r.html"
    write_redline(redline, out)
    assert html_words(out, "accept") == policy_words(new)
    assert html_words(out, "reject") == policy_words(old)


def test_html_moved_paragraph_has_move_class():
    a, b = "Alpha talks about cookies and tracking here.", "Beta talks about keeping your data."
    old = Policy("T", [Section("S", f"{a}\n\n{b}\n\nGamma stays put at the end.", id="s")])
    new = Policy("T", [Section("S", f"{b}\n\nGamma stays put at the end.\n\n{a}", id="s")])
    page = render_html(compare(old, new))
    assert '<del id="c1" class="move"' in page and '<ins class="move"' in page


def test_text_redline():
    _, _, redline = _sample()
    text = render_text(redline, color=False)
    assert "[-some-]{+certain+}" in text and "[-30-]{+60+}" in text
    assert "§ 2 (was 1)  Scope" in text
    coloured = render_text(redline, color=True)
    assert "\x1b[" in coloured and "[-some-]" not in coloured


def test_unchanged_sections_are_summarised():
    sections = [Section(f"H{k}", f"Body {k}.", id=str(k)) for k in range(6)]
    old = Policy("T", sections)
    new = old.copy()
    new.sections[5].body = "Body five."
    text = render_text(compare(old, new), color=False)
    assert "5 unchanged sections (1–5)" in text


@pytest.mark.parametrize("suffix", [".pdf", ".odt", ""])
def test_unsupported_suffixes(tmp_path, suffix):
    _, _, redline = _sample()
    with pytest.raises(UnknownFormatError) as caught:
        write_redline(redline, tmp_path / f"out{suffix}")
    assert "use .html, .docx, .json or .txt" in str(caught.value)


def test_outputs_are_deterministic():
    _, _, first = _sample()
    _, _, second = _sample()
    assert render_html(first) == render_html(second)
    assert redline_data(first) == redline_data(second)


def test_a_moved_section_carries_its_sub_sections(tmp_path):
    """A sub-section that only came along with its moved parent shows at both places too,
    under the parent's move, and the HTML still accepts to the new and rejects to the old."""
    from policyeditor.core.model import Policy, Section
    from policyeditor.diff.redline import compare
    from policyeditor.formats.redline.html import write_redline_html
    from tests.diff.redline_helpers import html_words, policy_words

    others = [Section(name, f"About {name}.", id=name) for name in ("x", "y", "z")]
    data = Section("Data", "We collect some data.", [Section("Cookies", "We use cookies.", id="c")], id="d")
    old = Policy("P", [Section("Intro", "Hello.", id="i"), data, *others])
    moved = Section("Data", "We collect certain data.", [Section("Cookies", "We use cookies.", id="c")],
                    id="d")
    new = Policy("P", [Section("Intro", "Hello.", id="i"), *others, moved])
    redline = compare(old, new)
    moves = [c for c in redline.changes if c.kind == "section_moved"]
    assert [m.old_id for m in moves] == ["d"]
    carried = [(redline.sections[i].old.id, role, m.id if m else None)
               for (i, role), m in zip(redline.slots, redline.slot_moves(), strict=True) if role != "both"]
    assert ("c", "old", moves[0].id) in carried and ("c", "new", moves[0].id) in carried
    out = tmp_path / "moved.html"
    write_redline_html(redline, out)
    assert html_words(out, "accept") == policy_words(new)
    assert html_words(out, "reject") == policy_words(old)


def test_editorial_changes_can_be_hidden_in_the_html():
    """Punctuation-only changes carry class "editorial"; a checkbox outside <main> hides them (CSS only)."""
    from html.parser import HTMLParser

    from policyeditor.core.model import Policy, Section
    from policyeditor.diff.redline import compare
    from policyeditor.formats.redline.html import render_html

    old = Policy("P", [Section("Terms", "We collect some data, and we keep it.", id="t")])
    new = Policy("P", [Section("Terms", "We collect certain data and we keep it.", id="t")])
    redline = compare(old, new)
    assert sorted(c.editorial for c in redline.changes) == [False, True]

    class Marks(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.marked, self.checkbox_in_main = [], [], None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input":
                self.checkbox_in_main = "main" in self.stack and attrs.get("id") == "hide-editorial"
                return
            self.stack.append(tag)
            if tag in ("ins", "del"):
                self.marked.append([tag, "editorial" in (attrs.get("class") or ""), ""])

        def handle_endtag(self, tag):
            if self.stack and self.stack[-1] == tag:
                self.stack.pop()

        def handle_data(self, data):
            if self.stack and self.stack[-1] in ("ins", "del"):
                self.marked[-1][2] += data

    page = render_html(redline)
    marks = Marks()
    marks.feed(page)
    assert marks.checkbox_in_main is False
    assert ["del", True, ","] in marks.marked
    assert ["del", False, "some"] in marks.marked and ["ins", False, "certain"] in marks.marked
    assert "body:has(#hide-editorial:checked) del.editorial{display:none}" in page
    assert "<script" not in page
