"""Failures the hostile corpus found in the importers, pinned: each once lost words or misled."""

from __future__ import annotations

import re
import time

import pytest

from policyeditor.core.errors import ImportError_, UnknownFormatError
from policyeditor.formats import import_document
from policyeditor.formats.markdown import MAX_QUOTES, flatten_deep_nesting
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
