"""Every corpus pair and every step of the Spotify chain: exact redlines, in the object and in HTML."""

from __future__ import annotations

import json

import pytest
from redline_helpers import CHAIN, PAIRS, html_words, load, policy_words, shape

from policyeditor.app.export import write_redline
from policyeditor.diff.redline import compare
from policyeditor.diff.text import new_text, old_text

STEPS = [pytest.param(d / "v1.md", d / "v2.md", id=d.name) for d in PAIRS] + [
    pytest.param(a, b, id=f"chain-{a.stem}-{b.stem}") for a, b in zip(CHAIN, CHAIN[1:], strict=False)]


@pytest.mark.parametrize("old_path,new_path", STEPS)
def test_corpus_redline_is_exact(old_path, new_path, tmp_path):
    old, new = load(old_path), load(new_path)
    redline = compare(old, new)
    accepted, rejected = redline.accept_all(), redline.reject_all()
    assert shape(accepted) == shape(new) and accepted.title == new.title
    assert shape(rejected) == shape(old) and rejected.title == old.title
    for d in redline.sections:
        if d.old and d.new:
            assert old_text(d.body_ops) == d.old.body and new_text(d.body_ops) == d.new.body
    page = tmp_path / "redline.html"
    write_redline(redline, page)
    assert html_words(page, "accept") == policy_words(new)
    assert html_words(page, "reject") == policy_words(old)
    data = json.loads(_json(redline, tmp_path))
    assert data["stats"]["changes"] == len(redline.changes)


def _json(redline, tmp_path):
    out = tmp_path / "redline.json"
    write_redline(redline, out)
    return out.read_text(encoding="utf-8")


def test_chain_versions_pair_by_heading_and_show_word_changes():
    redline = compare(load(CHAIN[0]), load(CHAIN[1]))
    kinds = [d.kinds for d in redline.sections]
    assert sum(k == {"unchanged"} for k in kinds) >= 1
    # most changes are a few words, not whole paragraphs rewritten
    short = [c for c in redline.changes if len((c.old_text + c.new_text).split()) <= 12]
    assert len(short) >= len(redline.changes) / 2
