"""Redlines of corpus Markdown edited at random stay exact, as files: the tracked DOCX accepted
gives the new clean DOCX's words and rejected the old's; the HTML redline with its <del>s
dropped gives the new text's own redline, with its <ins>s dropped the old's.

The corpus pairs (test_docx.py) are real edits; these are the edits no editor made on
purpose: Markdown syntax typed into the middle of clauses (a heading, a bullet, a table
row, a cell bar, emphasis, an escape, a no-break space, a line break), text cut out,
stretches copied elsewhere, words written backwards, each applied to a slice of a real
policy and then again to the edited copy. Each case goes through the Markdown importer,
the compare and the writers, as `policyeditor compare` runs them.

One difference is allowed and checked for what it is: a paragraph break inside a word
("no¶- tify"), which Word and LibreOffice join on Reject All (test_paragraph_breaks.py),
while this reader parts paragraphs with a space. There, the word's two parts read in a row
must spell the word the other side has whole.
"""

from __future__ import annotations

import difflib
import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.importers import import_document
from policyeditor.formats.redline.docx import export_redline_docx
from policyeditor.formats.redline.html import write_redline_html
from tests.diff.redline_helpers import PAIRS, html_words
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, words

EXAMPLES = int(os.environ.get("MUTATED_PAIRS", "12"))
TYPED = ["#", "\n# ", "\n## ", "\n- ", "\n  1. ", "\n1. ", "> ", "|", "\n| a | b |\n|---|---|\n| c | d |\n",
         "**", "_", "[", "](", ")", "<u>", "</u>", "<br>", "\\", "`", "\n    ", "\u00a0", "\t", "\n\n",
         "  \n", "[link](https://example.com/a)", "2.", "(a) ", "\n(i) ", "$", "\u20ac", "\u00e9", "e\u0301"]
SLICE = 2_500  # characters of a policy: edits then land in headings, lists and tables alike


def mutated(text: str, rng: random.Random, edits: int) -> str:
    for _ in range(edits):
        at = rng.randrange(len(text) + 1)
        kind = rng.random()
        if kind < 0.45:
            text = text[:at] + rng.choice(TYPED) + text[at:]
        elif kind < 0.65:
            text = text[:at] + text[at + rng.randrange(1, 40):]
        elif kind < 0.85:
            piece = text[at:at + rng.randrange(1, 300)]
            to = rng.randrange(len(text) + 1)
            text = text[:to] + piece + text[to:]
        else:
            spaced = text.split(" ")
            k = rng.randrange(len(spaced))
            spaced[k] = spaced[k][::-1]
            text = " ".join(spaced)
    return text


def same_but_split_words(got: list[str], want: list[str]) -> list[str]:
    """The stretches where `got` and `want` differ other than by a word parted at a paragraph
    break (its parts in a row spell the word whole)."""
    problems = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, got, want, autojunk=False).get_opcodes():
        if tag != "equal" and "".join(got[i1:i2]) != "".join(want[j1:j2]):
            shown, wanted = " ".join(got[max(0, i1 - 3):i2 + 3]), " ".join(want[max(0, j1 - 3):j2 + 3])
            problems.append(f"{shown!r} ≠ {wanted!r}")
    return problems


SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), pair=st.sampled_from(PAIRS))
def test_randomly_edited_policies_accept_and_reject_exactly(seed, pair, tmp_path_factory):
    rng = random.Random(seed)
    source = (pair / "v1.md").read_text(encoding="utf-8")
    start = rng.randrange(max(1, len(source) - SLICE))
    old_text = mutated(source[start:start + SLICE], rng, rng.randrange(0, 4))
    new_text = mutated(old_text, rng, rng.randrange(1, 12))
    folder = tmp_path_factory.mktemp("mutated")
    policies = []
    for side, text in (("old", old_text), ("new", new_text)):
        (folder / side).mkdir()
        (folder / side / "policy.md").write_text(text, encoding="utf-8")
        policies.append(import_document(folder / side / "policy.md").policy)
    old, new = policies
    redline = compare(old, new).with_labels("v1", "v2")
    tracked = folder / "redline.docx"
    export_redline_docx(redline, tracked, OLD_INFO, NEW_INFO)
    export_docx(old, folder / "old.docx", OLD_INFO, toc=False)
    export_docx(new, folder / "new.docx", NEW_INFO, toc=False)
    write_redline_html(redline, folder / "redline.html")
    for side, policy in (("old", old), ("new", new)):
        write_redline_html(compare(policy, policy), folder / f"{side}.html")

    problems = {
        "DOCX accepted": same_but_split_words(words(tracked, "--accept"), words(folder / "new.docx")),
        "DOCX rejected": same_but_split_words(words(tracked, "--reject"), words(folder / "old.docx")),
        "HTML accepted": same_but_split_words(html_words(folder / "redline.html", "accept"),
                                              html_words(folder / "new.html", "accept")),
        "HTML rejected": same_but_split_words(html_words(folder / "redline.html", "reject"),
                                              html_words(folder / "old.html", "accept")),
    }
    assert {k: v for k, v in problems.items() if v} == {}, (old_text, new_text)
