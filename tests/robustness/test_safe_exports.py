"""Exports are inert whatever the policy holds: every user text escaped, nothing that runs or fetches.

A policy whose every text (title, headings, bodies, metadata, version label, author)
is markup, script or a hostile link is exported; the HTML must carry a CSP that
forbids scripts, hold no script, handler or javascript: and show the texts as text;
the DOCX must parse and name no external relationship but http(s)/mailto links.
File names made from titles (the window's default export name) are safe on every OS.
"""

from __future__ import annotations

import html
import re
import unicodedata

import pytest

from policyeditor.core.model import Policy, Section, Status
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import export_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.exporters.safety import MAX_CHARS, RESERVED, safe_filename
from tests.robustness.checks import assert_safe_docx, assert_safe_html, parse_docx_parts

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&amp;</title></style>'


def _hostile_policy() -> Policy:
    body = ("Text " + EVIL + "\n\n"
            "[js](javascript:alert%281%29) [file](file:///etc/passwd) [data](data:text/html,x) "
            "[ok](https://example.com/?a=1&b=\"2\") [vb](vbscript:x)\n\n"
            "- item " + EVIL + "\n\n| h " + EVIL.replace("|", "") + " | b |\n|---|---|\n| c | d |")
    return Policy(title="Title " + EVIL,
                  sections=[Section("Heading " + EVIL, body, children=[Section(EVIL, EVIL)])],
                  metadata={"owner": EVIL, EVIL: "value", "department": "Legal \x00\x07 team"})


def _info() -> ExportInfo:
    return ExportInfo(label="1.0" + EVIL, status=Status.DRAFT, author="Ann " + EVIL,
                      created="2024-01-01T00:00:00Z", content_hash="ab" * 32)


def test_html_export_escapes_every_user_text(tmp_path):
    path = tmp_path / "evil.html"
    export_html(_hostile_policy(), path, _info())
    assert_safe_html(path)
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text.lower() and "<img" not in text.lower() and "</title></style>" not in text
    assert text.count(html.escape('<script>alert("x")</script>', quote=True)) >= 4  # title, heading, body...
    assert "file:///etc/passwd" not in re.findall(r'href="([^"]*)"', text)
    assert 'href="https://example.com/?a=1&amp;b=&quot;2&quot;"' in text


def test_docx_export_holds_the_texts_as_text_and_links_only_outward(tmp_path):
    path = tmp_path / "evil.docx"
    export_docx(_hostile_policy(), path, _info())
    assert_safe_docx(path)
    parts = parse_docx_parts(path)
    document = parts["word/document.xml"]
    texts = "".join(document.itertext())
    assert '<script>alert("x")</script>' in texts  # shown as the words they are
    assert document.find(".//{*}script") is None
    targets = [rel.get("Target") for name, root in parts.items() if name.endswith(".rels") for rel in root
               if rel.get("TargetMode") == "External"]
    assert targets == ['https://example.com/?a=1&b="2"'], targets


HOSTILE_TITLES = [
    "../../etc/passwd", "..\\..\\Windows\\System32\\drivers", "..", ".", "...", "",
    "CON", "con", "NUL.txt", "lpt1", "COM9 policy", "a/b\\c:d*e?f\"g<h>i|j",
    "tab\tnew\nline\rnul\x00bell\x07esc\x1b", "\u202eRTL override\u202c", "zero\u200bwidth",
    "x" * 300, "  spaced   out  . ", "trailing dots...", "emoji \U0001F468\u200d\U0001F469",
    "e\u0301t\u00e9", "policy.policy", "/absolute/path",
    "CON .txt",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_file_names_from_titles_are_safe(title):
    name = safe_filename(title) + ".docx"
    stem = name[: -len(".docx")]
    assert stem and len(stem) <= MAX_CHARS
    assert not set(name) & set('<>:"/\\|?*')
    assert all(ch.isprintable() and ch not in "\u200b\u202e\u202c" for ch in name)
    assert stem not in (".", "..") and not stem.startswith((" ", ".")) and not stem.endswith((" ", "."))
    assert stem.split(".")[0].strip(" ").upper() not in RESERVED


DROPPED_LINKS = ["mailto:ann@example.com?attach=/etc/passwd",
                 "mailto:ann@example.com?Attachment=~/.ssh/id_rsa",
                 "http://127.0.0.1:8080/admin", "http://localhost/x", "http://[::1]/x", "https://2130706433/",
                 "http://169.254.169.254/latest/meta-data/", "http://printer.localhost/", "file:///etc/passwd"]
KEPT_LINKS = ["https://example.com/terms", "mailto:dpo@example.com", "mailto:dpo@example.com?subject=Data"]


def _linked_policy(links) -> Policy:
    body = " ".join(f"[link {i}]({target})" for i, target in enumerate(links))
    return Policy(title="Links", sections=[Section("Links", body, id="links")])


def _targets(path):
    if path.suffix == ".html":
        return set(html.unescape(t) for t in re.findall(r'href="([^"#][^"]*)"', path.read_text("utf-8")))
    return {rel.get("Target") for name, root in parse_docx_parts(path).items() if name.endswith(".rels")
            for rel in root if rel.get("TargetMode") == "External"}


def _export(kind, path):
    from policyeditor.diff.redline import compare
    from policyeditor.formats.redline.blackline import export_blackline_docx
    from policyeditor.formats.redline.docx import export_redline_docx
    from policyeditor.formats.redline.html import write_redline_html

    new = _linked_policy(DROPPED_LINKS + KEPT_LINKS)
    if kind == "html":
        export_html(new, path, _info())
    elif kind == "docx":
        export_docx(new, path, _info())
    else:
        redline = compare(_linked_policy(["https://example.org/"]), new)
        {"redline html": write_redline_html, "redline docx": export_redline_docx,
         "blackline docx": export_blackline_docx}[kind](redline, path)


@pytest.mark.parametrize("kind", ["html", "docx", "redline html", "redline docx", "blackline docx"])
def test_every_exporter_drops_attach_mailtos_and_links_to_this_machine(tmp_path, kind):
    path = tmp_path / ("out.html" if "html" in kind else "out.docx")
    _export(kind, path)
    targets = _targets(path)
    assert set(KEPT_LINKS) <= targets, targets
    assert not targets & set(DROPPED_LINKS), targets & set(DROPPED_LINKS)


@pytest.mark.parametrize("title", ["隐私政策与数据保护说明" * 30, "a" + "é" * 200,
                                   "x" + "e\u0302\u0323" * 100, "a" + "\U0001F468" * 40])
def test_file_names_are_cut_to_120_bytes_of_utf8_on_a_character(title):
    stem = safe_filename(title)
    assert 100 < len(stem.encode("utf-8")) <= 120
    assert unicodedata.normalize("NFC", title).startswith(stem)
    assert not unicodedata.combining(unicodedata.normalize("NFC", title)[len(stem)])  # no mark left behind


@pytest.mark.parametrize("title", ["COM0", "lpt0", "CONIN$", "conout$", "COM0.txt", "LPT\u00b9"])
def test_the_reserved_names_windows_has_are_all_avoided(title):
    assert safe_filename(title).startswith("_")


@pytest.mark.parametrize("length", [255, 256, 299, 5000])
def test_a_long_title_label_and_author_export_to_docx(tmp_path, length):
    """Word's core properties hold 255 characters: a 299-character title crashed the export."""
    path = tmp_path / "long.docx"
    policy = Policy(title="T" * length, sections=[Section("A", "Body.", id="a")])
    export_docx(policy, path, ExportInfo(label="1." * length, status=Status.DRAFT, author="A" * length,
                                         created="2024-01-01T00:00:00Z", content_hash="ab" * 32))
    core = parse_docx_parts(path)["docProps/core.xml"]
    title = core.find("{http://purl.org/dc/elements/1.1/}title").text
    assert len(title) <= 255 and title.startswith("T" * 200)
    assert "T" * length in "".join(parse_docx_parts(path)["word/document.xml"].itertext())
