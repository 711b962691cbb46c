"""Paragraphs that became a section, and a section that became paragraphs: one structure change."""

from __future__ import annotations

import pytest
from redline_helpers import CHAIN

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document

INTRO = "We may share your data with partners we trust."
CONTROLS = ("What is tailored advertising?\n\n- It is when we use what we know to pick the ads you see."
            "\n- You can turn it off in your settings.")


def _shape(policy: Policy) -> list[tuple[str, str, int]]:
    return [(s.heading, s.body, depth) for s, depth in policy.walk()]


def _marked(redline) -> int:
    return redline.stats.words_inserted + redline.stats.words_deleted


def test_a_bold_line_promoted_to_a_heading_marks_no_words():
    old = Policy("P", [Section("Sharing", f"{INTRO}\n\n**Tailored advertising**\n\n{CONTROLS}", id="s")])
    new = Policy("P", [Section("Sharing", INTRO, id="s"), Section("Tailored advertising", CONTROLS, id="t")])
    redline = compare(old, new)
    promoted = [c for c in redline.changes if c.kind == "section_promoted"]
    assert len(promoted) == 1 and promoted[0].old_id == "s" and promoted[0].new_id == "t"
    assert _marked(redline) == 0
    # the bold markers of the line that became the heading go with the structure change
    assert [c.kind for c in redline.changes] == ["section_promoted"]
    assert "promoted" in redline.sections[promoted[0].section].kinds
    assert _shape(redline.accept_all()) == _shape(new)
    assert _shape(redline.reject_all()) == _shape(old)
    # rejecting the one structure change alone gives back the paragraphs
    assert _shape(redline.reject(promoted[0].id)) == _shape(old)


def test_a_section_demoted_to_paragraphs_with_a_word_changed_marks_only_that_word():
    old = Policy("P", [Section("Sharing", INTRO, id="s"), Section("Tailored advertising", CONTROLS, id="t")])
    edited = CONTROLS.replace("turn it off", "switch it off")
    new = Policy("P", [Section("Sharing", f"{INTRO}\n\n**Tailored advertising**\n\n{edited}", id="s")])
    redline = compare(old, new)
    assert [c.kind for c in redline.changes if c.part == "structure"] == ["section_demoted"]
    assert redline.stats.words_deleted == 1 and redline.stats.words_inserted == 1
    assert _shape(redline.accept_all()) == _shape(new)
    assert _shape(redline.reject_all()) == _shape(old)
    # every change alone, accepted or rejected, gives a policy whose words are one side's or a mix
    for change in redline.changes:
        redline.accept(change.id)
        redline.reject(change.id)


def test_unrelated_words_under_a_matching_line_stay_a_deleted_and_an_added_section():
    old = Policy("P", [Section("Sharing", f"{INTRO}\n\n**Tailored advertising**\n\n{CONTROLS}", id="s")])
    new = Policy("P", [Section("Sharing", INTRO, id="s"),
                       Section("Tailored advertising", "Different text about cookies and law.", id="t")])
    kinds = [c.kind for c in compare(old, new).changes if c.part == "structure"]
    assert kinds == ["section_added"]


@pytest.mark.parametrize("step", [(2, 3, "section_demoted"), (3, 4, "section_promoted"),
                                  (5, 6, "section_demoted")])
def test_the_spotify_chain_steps_that_promote_or_demote_a_clause(step):
    a, b, kind = step
    old = import_document(CHAIN[a - 1]).policy
    new = import_document(CHAIN[b - 1]).policy
    redline = compare(old, new)
    assert kind in [c.kind for c in redline.changes]
    assert _shape(redline.accept_all()) == _shape(new)
    assert _shape(redline.reject_all()) == _shape(old)
    # the clause's ~400 words are no longer marked as deleted in one place and inserted in another
    assert _marked(redline) < 650
