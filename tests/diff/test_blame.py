"""Blame: every change of a redline credited to whoever made it, traced through the versions between."""

from pathlib import Path

import pytest

from policyeditor.core.body import plain_text
from policyeditor.core.model import Policy, Section
from policyeditor.diff.blame import Attribution, Step, blame
from policyeditor.diff.ids import carry_ids
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document

CHAIN = Path(__file__).parents[1] / "data" / "corpus" / "chains" / "spotify-privacy-policy"


def _policy(*bodies: str) -> Policy:
    return Policy("Privacy", [Section(f"Part {k}", body, id=f"s{k}") for k, body in enumerate(bodies)])


def _authors(credit) -> list[str]:
    return [c.author for c in credit.credits]


def test_each_change_is_credited_to_the_version_that_made_it():
    v1 = _policy("We collect some data.", "We keep it for a year.", "Write to us.")
    v2 = _policy("We collect some data.", "We keep it for a year.", "Write to us by post.")  # Bo inserts
    v3 = _policy("We collect some data.", "We keep it for a month.", "Write to us by post.")  # Cy replaces
    draft = _policy("We collect data.", "We keep it for a month.", "Write to us by post.")  # Dee deletes
    steps = [Step(v1, "Ada", "2026-01-01", "1.0"), Step(v2, "Bo", "2026-02-01", "1.1"),
             Step(v3, "Cy", "2026-03-01", "1.2"), Step(draft, "Dee", "2026-04-01", None)]
    redline = compare(v1, draft)
    credits = blame(redline, steps)
    by_text = {(c.old_text.strip(), c.new_text.strip()): credits[c.id] for c in redline.changes}
    assert _authors(by_text[("", "by post")]) == ["Bo"]
    assert _authors(by_text[("year", "month")]) == ["Cy"]
    assert _authors(by_text[("some", "")]) == ["Dee"]
    assert by_text[("some", "")].last.label is None  # the draft
    assert by_text[("year", "month")].last.date == "2026-03-01"
    assert by_text[("year", "month")].last.label == "1.2"


def test_a_change_made_by_two_people_names_both_in_order():
    v1 = _policy("We collect data.")
    v2 = _policy("We collect personal data.")
    v3 = _policy("We collect personal and usage data.")
    redline = compare(v1, v3)
    credits = blame(redline, [Step(v1, "Ada", "2026-01-01"), Step(v2, "Bo", "2026-02-01"),
                              Step(v3, "Cy", "2026-03-01")])
    (change,) = redline.changes
    assert _authors(credits[change.id]) == ["Bo", "Cy"]
    assert credits[change.id].last.author == "Cy"


def test_added_and_deleted_sections_are_credited():
    v1 = Policy("P", [Section("Intro", "Hello.", id="a"), Section("Old", "Gone soon.", id="b")])
    v2 = Policy("P", [Section("Intro", "Hello.", id="a")])
    v3 = Policy("P", [Section("Intro", "Hello.", id="a"), Section("New", "Fresh text.", id="c")])
    redline = compare(v1, v3)
    credits = blame(redline, [Step(v1, "Ada", "1"), Step(v2, "Bo", "2"), Step(v3, "Cy", "3")])
    kinds = {c.kind: credits[c.id].last.author for c in redline.changes if c.part == "structure"}
    assert kinds == {"section_deleted": "Bo", "section_added": "Cy"}


def test_attributions_credit_words_to_their_own_authors():
    v1 = _policy("We collect some data.")
    draft = _policy("We collect all data. We never sell it.")
    steps = [Step(v1, "Ada", "1"), Step(draft, "importer", "2", None, (
        Attribution("s0", "insert", "We never sell it.", "Word Reviewer", "2026-05-01T10:00:00Z"),
        Attribution("s0", "delete", "some", "Counsel", "2026-05-02T10:00:00Z")))]
    redline = compare(v1, draft)
    credits = blame(redline, steps)
    authors = {a for c in redline.changes for a in _authors(credits[c.id])}
    assert "Word Reviewer" in authors and "Counsel" in authors


def test_a_change_of_no_words_is_credited_by_its_own_record():
    """A mark changed holds no word to match by: the record of exactly that text credits it."""
    v1 = _policy("See clause 4 - and 5.")
    draft = _policy("See clause 4 \u00a7 and 5.")
    steps = [Step(v1, "Ada", "1"), Step(draft, "Rita", "2", None, (
        Attribution("s0", "insert", "\u00a7", "Word Reviewer", "2026-05-01T10:00:00Z"),
        Attribution("s0", "delete", "-", "Word Reviewer", "2026-05-01T10:00:00Z")))]
    redline = compare(v1, draft)
    credits = blame(redline, steps)
    assert [_authors(credits[c.id]) for c in redline.changes] == [["Word Reviewer"]]


def test_fewer_than_two_steps_is_refused():
    with pytest.raises(ValueError):
        blame(compare(_policy("a"), _policy("b")), [Step(_policy("a"), "Ada", "1")])


@pytest.fixture(scope="module")
def spotify_chain():
    policies = []
    for k in range(1, 8):
        policy = import_document(CHAIN / f"v{k}.md").policy
        if policies:
            carry_ids(policies[-1], policy)  # one policy's versions share section ids
        policies.append(policy)
    return policies


def test_spotify_chain_every_change_credited_to_a_version_that_made_it(spotify_chain):
    steps = [Step(p, f"Author {k}", f"2025-{k:02d}-01", f"{k}.0") for k, p in enumerate(spotify_chain, 1)]
    redline = compare(spotify_chain[0], spotify_chain[-1])
    credits = blame(redline, steps)
    assert len(redline.changes) > 100
    assert all(credits[c.id].credits for c in redline.changes)
    assert len({credits[c.id].last.author for c in redline.changes}) >= 5
    # soundness: a change credited to one version only is there, whole, in that version's text
    # (inserted words) or in the text before it (deleted words), and that version's own redline
    # changed those words in that section
    step_redlines = [compare(a, b) for a, b in zip(spotify_chain, spotify_chain[1:], strict=False)]
    checked = 0
    for change in redline.changes:
        if len(credits[change.id].credits) != 1 or change.part != "body" or change.kind == "replace":
            continue
        k = int(credits[change.id].last.label.split(".")[0])
        inserted = change.kind in ("insert", "move")
        text = (change.new_text if inserted else change.old_text).strip()
        if len(text) < 20:
            continue
        version = spotify_chain[k - 1 if inserted else k - 2]
        holder = version.find(change.new_id if inserted else change.old_id)
        words = set(plain_text(text).split())
        assert holder is not None, (k, text)
        if inserted:  # written whole by that version (no later version touched them)
            # a change joined to keep its markup whole is several runs: each is in that text
            runs = [op.text.strip() for op in redline.sections[change.section].body_ops
                    if op.change == change.id and op.kind in ("insert", "move_to")]
            assert all(run in holder.body for run in runs), (k, text)
        else:  # still there just before it (words written in between may stand among them)
            assert words <= set(plain_text(holder.body).split()) or text in holder.body, (k, text)
        step = step_redlines[k - 2]
        # (a structure change that moved paragraphs into or out of the section counts: moved
        # words are credited to who moved them, as a moved paragraph's are)
        assert any(words & set(plain_text(c.new_text if inserted else c.old_text).split())
                   or c.kind in ("section_promoted", "section_demoted")
                   for c in step.changes if (c.new_id if inserted else c.old_id) == holder.id), (k, text)
        checked += 1
    assert checked >= 10
