"""Fuzzing the importers: mutated DOCX, HTML and Markdown give a policy or one clean sentence.

Hypothesis mutates the bytes of seed documents (corpus DOCX, Markdown, and HTML made
from the corpus) by flipping, inserting, deleting and duplicating bytes and by
splicing in tokens of the format's own syntax; for a DOCX it mutates a member of the
zip (document.xml, styles, numbering, relationships, content types) and zips it
again, or the zip's own bytes. The only allowed failure is a PolicyError
(ImportError_, UnknownFormatError) with a one-line message; an import that succeeds
must give canonical bodies and render to HTML.

The default run is a bounded slice (FUZZ_EXAMPLES per format, 100 unless set); a long
run is one command:

    FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest -q tests/robustness/test_fuzz.py
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyeditor.core import body
from policyeditor.core.errors import PolicyError
from policyeditor.core.model import Status
from policyeditor.formats.exporters.html import render_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document
from tests.conftest import corpus_files
from tests.robustness.hostile import DEFAULT_URL, baseline_docx, html_cases, rezip

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
SEED_CHARS = 6_000  # Markdown seeds are cut to this many characters: mutations then land in every part

TOKENS = {
    "xml": [b"<", b">", b"</w:p>", b"<w:p>", b"<w:r><w:t>", b"</w:t></w:r>", b"<w:tbl><w:tr><w:tc>",
            b"</w:tc></w:tr></w:tbl>", b'<w:pStyle w:val="Heading1"/>', b'<w:numPr><w:numId w:val="1"/>',
            b"<w:hyperlink r:id=\"rId999\">", b'<w:outlineLvl w:val="12"/>', b'<w:ilvl w:val="-1"/>',
            b"&amp;", b"&#0;", b"&#xFFFE;", b"&lol;", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"]]>",
            b"<![CDATA[", b"\x00", b"\xff\xfe", b'"', b"w:val=\"\"", b"<w:fldChar w:fldCharType=\"begin\"/>",
            b"<w:ins>", b"<w:del>", b"<w:sdt><w:sdtContent>", b"xmlns:w=\"urn:x\""],
    "html": [b"<", b">", b"<h1>", b"</h2>", b"<ul><li>", b"</li></ol>", b"<table><tr><td>", b"</td>",
             b"<script>", b"</script>", b"<a href='javascript:x'>", b"<b><i><u>", b"&", b"&#0;",
             b"&#x110000;", b"<!--", b"<![CDATA[", b"<?", b"<br/>", b"<h7>", b"\x00", b"\xff"],
    "md": [b"#", b"\n# ", b"\n###### ", b"\n- ", b"\n  1. ", b"> ", b"|", b"\n| a | b |\n|---|---|\n", b"**",
           b"_", b"[", b"](", b")", b"<u>", b"</u>", b"<br>", b"\\", b"`", b"\n```\n", b"\n    ",
           b"<script>", b"&#0;", b"\x00", b"\r", b"\xc3", b"\n===\n", b"\n---\n", b"![x](", b"<"],
}

mutation = st.tuples(st.sampled_from(["flip", "insert", "delete", "duplicate", "token"]),
                     st.floats(0, 1, allow_nan=False), st.binary(min_size=1, max_size=12),
                     st.integers(0, 1_000))


def mutate(data: bytes, mutations: list[tuple[str, float, bytes, int]], tokens: list[bytes]) -> bytes:
    """`data` with each mutation applied at its relative position."""
    buffer = bytearray(data)
    for kind, where, payload, number in mutations:
        at = int(where * len(buffer))
        if kind == "flip" and buffer:
            at = min(at, len(buffer) - 1)
            buffer[at] ^= 1 << (number % 8)
        elif kind == "insert":
            buffer[at:at] = payload
        elif kind == "delete":
            del buffer[at:at + 1 + number % 64]
        elif kind == "duplicate":
            buffer[at:at] = buffer[at:at + 1 + number % 256]
        elif kind == "token":
            buffer[at:at] = tokens[number % len(tokens)]
    return bytes(buffer)


def check_import(path: Path) -> None:
    """Import `path`: a clean, one-line PolicyError, or a policy with canonical bodies that renders."""
    try:
        result = import_document(path)
    except PolicyError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message, message
        return
    for section, _ in result.policy.walk():
        assert "\n" not in section.heading
        body.parse(section.body)
    render_html(result.policy, ExportInfo(None, Status.DRAFT))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _markdown_seeds() -> list[bytes]:
    seeds = []
    for path in corpus_files("pairs/reddit-privacy-policy/v1.md", "pairs/tiktok-terms-of-service/v2.md",
                             "chains/spotify-privacy-policy/v1.md"):
        text = path.read_text(encoding="utf-8")
        seeds.append(text[: text.rfind("\n", 0, SEED_CHARS) + 1].encode("utf-8"))
    return seeds


def _html_seeds() -> list[bytes]:
    from policyeditor.formats.importers import import_document as load

    seeds = []
    for path in corpus_files("pairs/reddit-terms-of-service/v1.md", "pairs/twitch-privacy-policy/v2.md"):
        policy = load(path).policy
        seeds.append(render_html(policy, ExportInfo(None, Status.DRAFT)).encode("utf-8")[:20_000])
    seeds.append(next(c.data for c in html_cases(DEFAULT_URL) if c.name == "html-active-content"))
    return seeds


def _docx_seeds() -> list[bytes]:
    return [baseline_docx()] + [p.read_bytes() for p in corpus_files("docx/*.docx")]


MD_SEEDS = _markdown_seeds()
HTML_SEEDS = _html_seeds()
DOCX_SEEDS = _docx_seeds()
DOCX_PARTS = ["word/document.xml", "word/document.xml", "word/document.xml", "word/styles.xml",
              "word/numbering.xml", "word/_rels/document.xml.rels", "[Content_Types].xml",
              "docProps/core.xml", "word/settings.xml", "_rels/.rels"]


def test_the_seeds_import_cleanly(folder):
    for index, seed in enumerate(MD_SEEDS + HTML_SEEDS):
        path = folder / (f"seed{index}.md" if index < len(MD_SEEDS) else f"seed{index}.html")
        path.write_bytes(seed)
        assert import_document(path).policy.sections
    for index, seed in enumerate(DOCX_SEEDS):
        path = folder / f"seed{index}.docx"
        path.write_bytes(seed)
        assert import_document(path).policy.sections


@FUZZ
@given(seed=st.sampled_from(range(len(MD_SEEDS))), mutations=st.lists(mutation, min_size=1, max_size=10))
def test_fuzzed_markdown(folder, seed, mutations):
    path = folder / "fuzzed.md"
    path.write_bytes(mutate(MD_SEEDS[seed], mutations, TOKENS["md"]))
    check_import(path)


@FUZZ
@given(seed=st.sampled_from(range(len(HTML_SEEDS))), mutations=st.lists(mutation, min_size=1, max_size=10))
def test_fuzzed_html(folder, seed, mutations):
    path = folder / "fuzzed.html"
    path.write_bytes(mutate(HTML_SEEDS[seed], mutations, TOKENS["html"]))
    check_import(path)


@FUZZ
@given(seed=st.sampled_from(range(len(DOCX_SEEDS))), part=st.sampled_from(DOCX_PARTS),
       whole_zip=st.integers(0, 9), mutations=st.lists(mutation, min_size=1, max_size=8))
def test_fuzzed_docx(folder, seed, part, whole_zip, mutations):
    source = DOCX_SEEDS[seed]
    if whole_zip == 0:  # one time in ten, the zip's own bytes
        data = mutate(source, mutations, [b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"\x00" * 4])
    else:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            names = archive.namelist()
            part = part if part in names else "word/document.xml"
            member = archive.read(part)
        data = rezip(source, replace={part: mutate(member, mutations, TOKENS["xml"])})
    path = folder / "fuzzed.docx"
    path.write_bytes(data)
    check_import(path)
