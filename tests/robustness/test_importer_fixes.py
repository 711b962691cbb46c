"""Failures the hostile corpus found in the importers, pinned: each once lost words or misled."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from policyeditor.core.errors import ImportError_, UnknownFormatError
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.markdown import MAX_QUOTES, flatten_deep_nesting
from tests.robustness.checks import policy_text
from tests.robustness.hostile import docx_cases


def _words(text: str, n: int, stem: str) -> list[int]:
    return [i for i in range(n) if not re.search(rf"\b{stem}{i}\b", text)]


@pytest.mark.parametrize("source", [
    "".join("  " * i + f"- item{i}\n" for i in range(300)),             # 300 nested list levels
    "".join("> " * i + f"item{i}\n\n" for i in range(300)),             # 300 nested block quotes
    "".join("> " * i + "  " * i + f"- item{i}\n" for i in range(300)),  # both at once
    "".join("> " * i + "\t" * i + f"- item{i}\n\n" for i in range(300)),
], ids=["lists", "quotes", "quoted-lists", "tabs"])
def test_deep_markdown_nesting_keeps_every_word(source, tmp_path):
    """markdown-it drops whatever lies deeper than its nesting limit; the importer flattens it first."""
    path = tmp_path / "deep.md"
    path.write_text(source, encoding="utf-8")
    started = time.perf_counter()
    text = policy_text(import_document(path).policy)
    assert _words(text, 300, "item") == []
    assert time.perf_counter() - started < 30  # was exponential in a regex once; normally well under 1 s


def test_flattening_leaves_ordinary_markdown_alone():
    ordinary = "# T\n\n> quoted\n> > twice\n\n- a\n  - b\n      code\n"
    assert flatten_deep_nesting(ordinary) == ordinary
    assert flatten_deep_nesting("> " * (MAX_QUOTES + 5) + "x").count(">") == MAX_QUOTES


def test_markdown_links_to_unsafe_targets_keep_only_their_text(tmp_path):
    path = tmp_path / "links.md"
    path.write_text("[js](javascript:alert(1)) [JS](JaVaScRiPt:x) [data](data:text/html,x) "
                    "[vb](vbscript:x) [ok](https://example.com) [mail](mailto:a@example.com) [here](#x)\n",
                    encoding="utf-8")
    result = import_document(path)
    body = result.policy.sections[0].body
    assert body == ("js JS data vb [ok](https://example.com) [mail](mailto:a@example.com) [here](#x)")
    assert any("4 link(s)" in line for line in result.report)


def test_macro_enabled_word_documents_are_refused_in_one_sentence(tmp_path):
    macro = next(case for case in docx_cases("http://127.0.0.1:9/") if case.name == "docm-macro-enabled")
    for name, error in (("m.docm", UnknownFormatError), ("m.dotm", UnknownFormatError),
                        ("m.docx", ImportError_)):
        path = tmp_path / name
        path.write_bytes(macro.data)
        with pytest.raises(error, match=rf"^{re.escape(name)} is a macro-enabled Word document"):
            import_document(path)


def test_a_zip_whose_member_name_is_not_utf8_is_not_a_word_document(tmp_path):
    """Found by fuzzing: zipfile raised UnicodeDecodeError for a flipped bit in a UTF-8-flagged name."""
    from tests.robustness.hostile import baseline_docx

    data = bytearray(baseline_docx())
    directory = data.rfind(b"PK\x01\x02")  # the last central directory entry
    flags = int.from_bytes(data[directory + 8:directory + 10], "little") | 0x800  # names are UTF-8
    data[directory + 8:directory + 10] = flags.to_bytes(2, "little")
    data[directory + 46] = 0xF8  # the first byte of its name: never valid UTF-8
    path = tmp_path / "bad-name.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(ImportError_, match="not a valid zip file"):
        import_document(path)


def test_damaged_docx_messages_are_one_line(tmp_path):
    """Found by fuzzing: lxml's messages hold newlines, which broke the one-line promise."""
    from tests.robustness.hostile import baseline_docx, rezip

    base = baseline_docx()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        xml = archive.read("word/document.xml")
    path = tmp_path / "nul.docx"
    path.write_bytes(rezip(base, replace={"word/document.xml": xml[:-40] + b"\x00" + xml[-40:]}))
    with pytest.raises(ImportError_) as raised:
        import_document(path)
    assert "damaged Word document" in str(raised.value) and "\n" not in str(raised.value)


def test_a_required_attribute_missing_is_a_damaged_document(tmp_path):
    """Found by fuzzing: python-docx's InvalidXmlError (w:pStyle without w:val) escaped as a crash."""
    from tests.robustness.hostile import baseline_docx, rezip

    base = baseline_docx()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        xml = archive.read("word/document.xml")
    assert b'<w:pStyle w:val="' in xml
    path = tmp_path / "no-val.docx"
    broken = xml.replace(b'<w:pStyle w:val="', b'<w:pStyle w:vax="', 1)
    path.write_bytes(rezip(base, replace={"word/document.xml": broken}))
    with pytest.raises(ImportError_, match="is a damaged Word document"):
        import_document(path)
