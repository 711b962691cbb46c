"""A change of formatting alone is a format change, not the words deleted and inserted again:
DOCX w:rPrChange, HTML span.format, the change list's "Formatted: link added", and a text
redline that prints words (never Markdown) with a link's target where it changed.
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from policyeditor.core.model import Policy, Section
from policyeditor.diff.formatting import LONG_URL, formatting_of, short_url, with_link_targets
from policyeditor.diff.redline import compare
from policyeditor.diff.text import Op
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.importers import import_document
from policyeditor.formats.redline.docx import export_redline_docx
from policyeditor.formats.redline.html import render_html
from policyeditor.formats.redline.json import render_json
from policyeditor.formats.redline.text import render_text
from tests.conftest import CORPUS
from tests.diff.redline_helpers import html_words, policy_words
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, office, office_words, words  # noqa: F401

OLD = ("See our fair use article for more.\n\n"
       "We **must** keep your data.\n\n"
       "Read [the terms](https://example.com/old) first.\n\n"
       "Contact [our team](mailto:team@example.com) today.\n\n"
       "Keep _all_ records.\n\n"
       "Some words change here.")
NEW = ("See our [fair use](https://example.com/fair-use) article for more.\n\n"
       "We must keep your data.\n\n"
       "Read [the terms](https://example.com/new) first.\n\n"
       "Contact our team today.\n\n"
       "Keep **all** records.\n\n"
       "Some words differ here.")
EXPECTED = ["link added", "bold removed", "link changed", "link removed", "bold added, italic removed"]


def policies() -> tuple[Policy, Policy]:
    return (Policy("Terms", [Section("Use", OLD, id="use")]),
            Policy("Terms", [Section("Use", NEW, id="use")]))


def test_each_change_of_formatting_alone_is_named():
    redline = compare(*policies())
    assert [c.formatting for c in redline.changes] == EXPECTED + [""]  # the last changes words
    assert redline.stats.words_inserted == redline.stats.words_deleted == 1  # "change" → "differ"


def test_a_changed_word_is_no_format_change():
    ops = (Op("equal", "We "), Op("delete", "**must**", 1), Op("insert", "**shall**", 1), Op("equal", "."))
    assert formatting_of(ops) == {}


def test_docx_redline_tracks_formatting_not_words(tmp_path):
    old, new = policies()
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert xml.count("<w:rPrChange") >= 5
    deleted = re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", xml[xml.index("See our"):])
    assert deleted == ["change"]  # "fair use", "must", "all"... are never deleted and inserted again
    assert "<w:b/></w:rPr></w:rPrChange>" in xml  # "must" was bold before
    clean_old, clean_new = tmp_path / "old.docx", tmp_path / "new.docx"
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)


def test_libreoffice_accept_and_reject_keep_the_words(office, tmp_path):  # noqa: F811
    old, new = policies()
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    clean_old, clean_new = tmp_path / "old.docx", tmp_path / "new.docx"
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)


def test_html_redline_shows_format_changes_in_their_own_style(tmp_path):
    old, new = policies()
    page = render_html(compare(old, new))
    assert page.split("<main")[1].count('<span class="format"') == 5  # the legend shows one before
    assert 'title="Formatted: link added: https://example.com/fair-use"' in page and ".format{" in page
    # a link pointed elsewhere: its old target and its new, as the text redline says them
    assert 'title="Formatted: link changed: https://example.com/old \u2192 https://example.com/new"' in page
    assert "<del" not in page.split("Some words")[0].split("<main")[1]  # no word deleted before it
    out = tmp_path / "redline.html"
    out.write_text(page, encoding="utf-8")
    assert html_words(out, "accept") == policy_words(new)
    assert html_words(out, "reject") == policy_words(old)


def test_text_redline_prints_words_and_changed_link_targets():
    text = render_text(compare(*policies()))
    assert "{~fair use~}[link added: https://example.com/fair-use]" in text
    assert "{~must~}[bold removed]" in text
    assert "{~the terms~}[link changed: https://example.com/old \u2192 https://example.com/new]" in text
    assert "{~our team~}[link removed: mailto:team@example.com]" in text
    assert "[-change-]{+differ+}" in text
    body = text.split("[edited]", 1)[1]
    assert not re.search(r"\*\*|\]\(|(?<![\[{])_\w|\\", body), body  # no Markdown syntax


def test_json_carries_the_formatting():
    data = json.loads(render_json(compare(*policies())))
    assert [c["formatting"] for c in data["changes"]][:5] == EXPECTED
    relinked = data["changes"][2]  # its words kept, its old and new target said
    assert "https://example.com/old" in relinked["old_text"]
    assert "https://example.com/new" in relinked["new_text"]


def test_corpus_links_and_bold_are_format_changes():
    """Real pairs: links retargeted, added and removed, bold taken off, are format changes."""
    found: dict[str, int] = {}
    for name in ("spotify-privacy-policy", "tiktok-privacy-policy", "reddit-terms-of-service"):
        old, new = (import_document(CORPUS / "pairs" / name / f"{v}.md").policy for v in ("v1", "v2"))
        for change in compare(old, new).changes:
            if change.formatting:
                found[change.formatting] = found.get(change.formatting, 0) + 1
    assert found.get("link added", 0) >= 3 and found.get("link removed", 0) >= 1
    assert found.get("bold removed", 0) >= 10 and found.get("link changed", 0) >= 50


@pytest.mark.parametrize("old, new", [("A **b** c", "A **b c**"),
                                      ("x a\\_b y", "x [a\\_b](https://q.org/a_b) y")])
def test_single_format_changes_accept_and_reject_exactly(old, new):
    redline = compare(Policy("P", [Section("T", old, id="t")]), Policy("P", [Section("T", new, id="t")]))
    [change] = redline.changes
    assert change.formatting
    assert redline.accept(change.id).sections[0].body == new
    assert redline.reject(change.id).sections[0].body == old


def test_change_list_says_formatted():
    pytest.importorskip("PySide6")
    from policyeditor.gui.editing.change_list import describe

    redline = compare(*policies())
    assert describe(redline.changes[0], redline) == \
        "Formatted: link added: https://example.com/fair-use · §1 Use"


def test_the_change_list_names_a_changed_links_old_and_new_targets():
    """The same words, another destination: both targets shown, not only "link changed"."""
    pytest.importorskip("PySide6")
    from policyeditor.gui.editing.change_list import describe

    old = Policy("P", [Section("Cookies", "Read our [Cookie Policy](https://example.com/cookies) now.",
                               id="c")])
    new = Policy("P", [Section("Cookies", "Read our [Cookie Policy](https://evil.example.net/tracking) now.",
                               id="c")])
    redline = compare(old, new)
    [change] = redline.changes
    assert describe(change, redline) == ("Formatted: link changed: https://example.com/cookies"
                                         " \u2192 https://evil.example.net/tracking · §1 Cookies")


def test_a_long_link_target_is_shortened_its_host_kept():
    url = "https://tracking.evil.example.net/" + "a" * 80 + "/end-of-path?q=1"
    shown = short_url(url)
    assert len(shown) <= LONG_URL + 1 and shown.startswith("https://tracking.evil.example.net/")
    assert shown.endswith("?q=1") and "\u2026" in shown
    assert short_url("https://example.com/cookies") == "https://example.com/cookies"
    assert with_link_targets("link removed", "[x](https://a.example/b)", "x") == \
        "link removed: https://a.example/b"
    # a target the body writes in angle brackets (a space or a parenthesis in it) is named too
    assert with_link_targets("link changed", "](<https://x.org/a b>)", "](<https://x.org/c (d)>)") == \
        "link changed: https://x.org/a b \u2192 https://x.org/c (d)"


def promoted() -> tuple[Policy, Policy]:
    old = Policy("P", [Section("Scope", "Who it covers.", [Section("Staff", "All staff.", id="b")], id="a"),
                       Section("Rules", "The rules.", id="c")])
    new = Policy("P", [Section("Scope", "Who it covers.", id="a"), Section("Staff", "All staff.", id="b"),
                       Section("Rules", "The rules.", id="c")])
    return old, new


def test_a_heading_level_changed_in_place_is_a_format_change(tmp_path):
    old, new = promoted()
    redline = compare(old, new)
    [change] = redline.changes
    assert change.formatting == "heading level 2 → 1"
    out = tmp_path / "redline.docx"
    export_redline_docx(redline, out, OLD_INFO, NEW_INFO)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert re.search(r'<w:pStyle w:val="Heading1"/><w:pPrChange [^>]*><w:pPr><w:pStyle w:val="Heading2"/>'
                     r"</w:pPr></w:pPrChange></w:pPr>", xml)
    assert "<w:del " not in xml[xml.index("Who it covers"):] and "<w:moveFrom" not in xml
    page = render_html(redline)
    assert 'class="format" title="Formatted: heading level 2 → 1"' in page


def field_links(xml: str, mode: str) -> list[str]:
    """The HYPERLINK targets left in a document body once every change is accepted or rejected."""
    gone, kept = ("del", "ins") if mode == "accept" else ("ins", "del")
    xml = re.sub(rf"<w:{gone} [^>]*>.*?</w:{gone}>", "", xml, flags=re.DOTALL)
    if mode == "reject":
        xml = xml.replace("w:delInstrText", "w:instrText")
    return re.findall(r'<w:instrText[^>]*> HYPERLINK (?:\\l )?"([^"]*)" </w:instrText>', xml)


def test_docx_links_changed_around_kept_words_are_tracked_fields(tmp_path):
    old, new = policies()
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    xml = xml[xml.index("See our"):]
    assert field_links(xml, "accept") == ["https://example.com/fair-use", "https://example.com/new"]
    assert field_links(xml, "reject") == ["https://example.com/old", "mailto:team@example.com"]
