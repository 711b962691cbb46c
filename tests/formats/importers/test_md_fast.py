"""md_fast (the Markdown import without markdown-it) gives what markdown-it gives, or declines.

Every Markdown file in tests/data is imported both ways and must give the same
document, word for word; random Markdown made of the constructs policies use
(and some they misuse) must give the same tokens.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from policyeditor.formats.importers import markdown, md_fast
from policyeditor.formats.importers.md_notes import take_notes
from policyeditor.formats.importers.result import read_text

DATA = Path(__file__).resolve().parents[2] / "data"
MARKDOWN_FILES = sorted(DATA.rglob("*.md"))


def _without_ids(data: dict) -> dict:
    def tree(sections: list[dict]) -> list[dict]:
        return [{k: (tree(v) if k == "children" else v) for k, v in s.items() if k != "id"} for s in sections]

    return {**data, "sections": tree(data["sections"])}


def _imported(path: Path) -> tuple[dict, list[str]]:
    result = markdown.import_markdown(path)
    return _without_ids(result.policy.to_data()), result.report


def _walked(tokens) -> list[tuple]:  # type: ignore[no-untyped-def]
    """What the importer reads of a token stream."""
    out: list[tuple] = []
    for t in tokens:
        out.append((t.type, t.tag if t.type.startswith("heading") else "",
                    t.content if t.type in ("text", "html_inline", "code_inline", "code_block", "fence",
                                            "html_block") else "",
                    t.attrs.get("href", "") if t.type == "link_open" else ""))
        if t.type == "inline":
            out.append(tuple(_walked(t.children or [])))
    return out


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_a_markdown_file_imports_the_same_without_markdown_it(path, monkeypatch):
    fast = _imported(path)
    monkeypatch.setattr(md_fast, "tokens", lambda text: None)
    assert fast == _imported(path)


def test_the_corpus_imports_without_markdown_it():
    corpus = [p for p in MARKDOWN_FILES if "corpus" in p.parts and p.name != "README.md"]
    declined = [p for p in corpus if md_fast.tokens(take_notes(read_text(p)[0])[0]) is None]
    assert len(corpus) >= 30
    assert not declined


def test_what_md_fast_does_not_port_is_left_to_markdown_it():
    for text in ("- an item\n\n  > a quote in it", "> a quote\nread on lazily", "```\ncode\n```", "    code",
                 "<div>html</div>", "[a]: http://x.y\n\n[a]",
                 "&amp; an entity", "<http://auto.link>", "a\ttab", "*\n\nan empty item",
                 "> " * 30 + "quotes deeper than markdown-it reads", "[" * 60 + "labels in labels](u)"):
        assert md_fast.tokens(text) is None, text
        assert markdown.parse_markdown(text)  # markdown-it reads it instead


PIECES = ["word", "Word", "two words", " ", "  ", "*", "**", "_", "__", "***", "[", "]", "(", ")",
          "](http://a.com/x)", "](#frag)", "](<x>)", "![", "\\", "\\*", "\\_", "\\[", "<br>", "<u>", "</u>",
          "<b>", '<span a="1">', "|", " | ", ":", "-", "!", ".", ",", "'", '"', "é", "—", "1.", "\n", "\n",
          "\n\n", "# ", "## ", "* ", "- ", "+ ", "1. ", "2) ", "    ", "---", "===", "| --- | --- |",
          "\n| a | b |\n| --- | --- |\n| c | d |\n", "\n    * nested", "\n  continued", "&", "a_b_c",
          "x*y*z", '"title"', " 'x'", "https://b.org/a%20b?c=d&e=f", "http://x.com/é", "> ", "\n> ",
          "\n>", "\n> > ", "\n\n> quoted\n> lines\n\n"]


def test_random_markdown_tokenizes_as_markdown_it_does():
    rng = random.Random(11)
    compared = 0
    for _ in range(600):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
        fast = md_fast.tokens(text)
        if fast is None:
            continue
        compared += 1
        assert _walked(fast) == _walked(markdown.parse_markdown_fully(text)), repr(text)
    assert compared > 200
