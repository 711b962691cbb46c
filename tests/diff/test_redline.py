"""The Redline object: exactness (hypothesis), kinds of sections, navigation, accept/reject, cache."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redline_helpers import shape

from policyeditor.core import body
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import DiffCache, DiffOptions, apply_ops, compare
from policyeditor.diff.text import new_text, old_text

WORDS = ["we", "collect", "some", "certain", "data", "Data", "your", "consent", "may", "share",
         "“terms”", '"terms"', "—", "-", "30", "days", "(a)", "**bold**", "_it_", "<u>u</u>",
         "[link](https://x.org)", ",", ".", ";"]

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
paragraph = st.one_of(sentence, sentence.map(lambda s: "- " + s), sentence.map(lambda s: "1. " + s))
body_text = st.lists(paragraph, max_size=6).map(lambda ps: body.canonical("\n\n".join(ps)))


@st.composite
def edited(draw, text_strategy):
    """A text and an edit of it: words inserted, deleted, replaced; paragraphs moved."""
    old = draw(text_strategy)
    paragraphs = old.split("\n\n") if old else []
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["word", "insert", "delete", "move"]))
        if action == "insert" or not paragraphs:
            paragraphs.insert(draw(st.integers(0, len(paragraphs))), draw(sentence))
        elif action == "delete":
            paragraphs.pop(draw(st.integers(0, len(paragraphs) - 1)))
        elif action == "move":
            p = paragraphs.pop(draw(st.integers(0, len(paragraphs) - 1)))
            paragraphs.insert(draw(st.integers(0, len(paragraphs))), p)
        else:
            k = draw(st.integers(0, len(paragraphs) - 1))
            words = paragraphs[k].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            paragraphs[k] = " ".join(words)
    return old, body.canonical("\n\n".join(paragraphs))


def _policy(bodies: list[str], headings: list[str] | None = None, title: str = "T") -> Policy:
    headings = headings or [f"Heading {k}" for k in range(len(bodies))]
    pairs = enumerate(zip(headings, bodies, strict=True))
    return Policy(title, [Section(h, b, id=f"s{k}") for k, (h, b) in pairs])


options_strategy = st.builds(DiffOptions, granularity=st.sampled_from(["word", "char"]),
                             ignore_whitespace=st.booleans(), ignore_case=st.booleans(),
                             normalize_quotes=st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=edited(body_text), heading=st.tuples(sentence, sentence), options=options_strategy)
def test_accept_all_is_new_and_reject_all_is_old(pair, heading, options):
    old_body, new_body = pair
    old = _policy([old_body, "fixed text"], [heading[0], "Fixed"], "Old title")
    new = _policy([new_body, "fixed text"], [heading[1], "Fixed"], "New title")
    redline = compare(old, new, options)
    assert shape(redline.accept_all()) == shape(new) and redline.accept_all().title == new.title
    assert shape(redline.reject_all()) == shape(old) and redline.reject_all().title == old.title


@settings(max_examples=150, deadline=None)
@given(pair=edited(body_text), data=st.data())
def test_any_subset_of_changes_applies_exactly_those_ops(pair, data):
    old_body, new_body = pair
    redline = compare(_policy([old_body]), _policy([new_body]))
    ids = [c.id for c in redline.changes]
    accepted = set(data.draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    ops = redline.sections[0].body_ops
    assert old_text(ops) == old_body and new_text(ops) == new_body
    # independently: splice each accepted change's new text over its old span, from the end
    expected = old_body
    body_changes = [c for c in redline.changes if c.part == "body" and c.id in accepted]
    pieces = []
    for change in body_changes:
        if change.kind == "move":
            continue  # a move's two ends are not one span; checked through the ops below
        pieces.append(change)
    if not any(c.kind == "move" for c in body_changes):
        for change in sorted(pieces, key=lambda c: (c.old_start, c.id), reverse=True):
            expected = expected[:change.old_start] + change.new_text + expected[change.old_end:]
        assert redline.apply(accepted).sections[0].body == body.canonical(expected)
    # some changes of a body but not all: the text the ops give, in its canonical spelling
    assert redline.apply(accepted).sections[0].body == body.canonical(apply_ops(ops, accepted))


def test_collect_some_data():
    redline = compare(_policy(["We collect some data."]), _policy(["We collect certain data."]))
    assert len(redline.changes) == 1
    change = redline.changes[0]
    assert (change.kind, change.old_text, change.new_text) == ("replace", "some", "certain")
    assert not change.editorial
    assert [op.kind for op in redline.sections[0].body_ops] == ["equal", "delete", "insert", "equal"]
    assert redline.stats.words_inserted == 1 and redline.stats.words_deleted == 1


def test_renumbering_alone_is_not_an_edit():
    old = _policy(["Body one.", "Body two."], ["One", "Two"])
    new = old.copy()
    new.sections.insert(0, Section("New first", "Fresh text.", id="fresh"))
    redline = compare(old, new)
    kinds = {d.heading: d.kinds for d in redline.sections}
    assert kinds == {"New first": {"added"}, "One": {"unchanged"}, "Two": {"unchanged"}}
    renumbered = [d for d in redline.sections if d.old and d.new]
    assert [(d.old_number, d.new_number) for d in renumbered] == [("1", "2"), ("2", "3")]
    assert [c.kind for c in redline.changes] == ["section_added"]


def test_section_kinds_moved_renamed_edited_deleted():
    a, b, c, d = (Section(h, f"Text of {h}.", id=h) for h in "ABCD")
    old = Policy("T", [a, b, c, d])
    new = old.copy()
    new.sections = [new.sections[0], new.sections[2], new.sections[1]]  # B moved after C; D deleted
    new.sections[1].heading = "C renamed"
    new.sections[0].body = "Text of A, edited."
    redline = compare(old, new)
    kinds = {(dd.old_id or dd.new_id): dd.kinds for dd in redline.sections}
    assert kinds["A"] == {"edited"} and kinds["C"] == {"renamed"}
    assert kinds["D"] == {"deleted"}
    assert sum("moved" in k for k in kinds.values()) == 1   # one move, not "everything moved"
    assert shape(redline.accept_all()) == shape(new)
    assert shape(redline.reject_all()) == shape(old)


def test_moving_into_another_parent_and_partial_accepts():
    child = Section("Child", "child text", id="child")
    old = Policy("T", [Section("P", "p", [child], id="P"), Section("Q", "q", id="Q")])
    new = Policy("T", [Section("P", "p", id="P"),
                       Section("Q", "q", [Section("Child", "child text", id="child")], id="Q"),
                       Section("R", "r", id="R")])
    redline = compare(old, new)
    moved = next(d for d in redline.sections if d.old_id == "child")
    assert "moved" in moved.kinds
    assert shape(redline.accept_all()) == shape(new)
    for change in redline.changes:  # each change alone, and all but it, give a whole policy
        assert redline.accept(change.id).section_count() >= 3
        assert redline.reject(change.id).section_count() >= 3
    assert shape(redline.accept_section("R")) == shape(old) + [(1, "R", "r")]
    assert shape(redline.reject_section("R")) == shape(new)[:-1]


def test_unrelated_files_pair_by_heading_and_content():
    old = Policy("T", [Section("Introduction", "We explain our practices here in detail."),
                       Section("Cookies", "We use cookies to remember your settings.")])
    new = Policy("T", [Section("Intro", "We explain our practices here in detail."),
                       Section("Cookies", "We use cookies to remember your preferences.")])
    redline = compare(old, new)
    assert [sorted(d.kinds) for d in redline.sections] == [["renamed"], ["edited"]]


def test_navigation():
    redline = compare(_policy(["a b c d e f"]), _policy(["a X c d Y f"]))
    first = redline.next_change()
    assert first.id == 1 and redline.next_change(first.id).id == 2
    assert redline.next_change(2) is None and redline.previous_change() .id == 2
    assert redline.previous_change(2).id == 1 and redline.previous_change(1) is None


def test_editorial_changes_are_tagged():
    redline = compare(_policy(["We share data, rarely."]), _policy(["We share Data; rarely."]))
    assert redline.changes and all(c.editorial for c in redline.changes)
    assert redline.stats.substantive == 0


def test_cache_rediffs_only_changed_sections():
    bodies = [f"Section {k} says we keep data for {k} days." for k in range(20)]
    old = _policy(bodies)
    new = _policy(bodies[:5] + ["Section 5 says we keep data for 6 days."] + bodies[6:])
    cache = DiffCache()
    first = compare(old, new, cache=cache)
    assert cache.misses == 20
    edited = new.copy()
    edited.sections[9].body = "Section 9 says we keep data for 90 days."
    again = compare(old, edited, cache=cache)
    assert cache.misses == 21 and cache.hits == 19
    assert compare(old, new, cache=cache).changes == first.changes
    assert shape(again.accept_all()) == shape(edited)


def test_accept_all_keeps_the_new_sides_properties_and_reject_all_the_olds():
    old = Policy(title="Policy", sections=[Section("Scope", "We collect data.", [], "s1")])
    new = Policy(title="Policy", sections=[Section("Scope", "We collect some data.", [], "s1")])
    old.set_properties({"dates": [["Last Updated", "May 1, 2024"]], "page_text": {"footer": "Old"}})
    new.set_properties({"dates": [["Last Updated", "June 2, 2025"]], "page_text": {"footer": "New"}})
    redline = compare(old, new)
    assert redline.accept_all().properties() == new.properties()
    assert redline.reject_all().properties() == old.properties()
