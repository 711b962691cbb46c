"""Model, numbering and the draft document, without Qt."""

from pathlib import Path

import pytest

from policyeditor.core.draft import (
    BodyChanged,
    Draft,
    DraftEvent,
    HeadingChanged,
    SectionInserted,
    SectionMoved,
    SectionRemoved,
)
from policyeditor.core.model import Policy, Section, Status
from policyeditor.core.numbering import numbers


def sample() -> Policy:
    return Policy("Privacy", [
        Section("Intro", "Hello.", id="a"),
        Section("Data", "We collect.", [
            Section("Personal", "Name.",
                    [Section("Deep", "", [Section("Deeper", "", id="e")], id="d")], id="c"),
            Section("Derived", "IP.", id="f"),
        ], id="b"),
    ])


def test_numbers_are_derived_from_the_tree():
    assert numbers(sample()) == {"a": "1", "b": "2", "c": "2.1", "d": "2.1.a", "e": "2.1.a.i", "f": "2.2"}


def test_lettered_numbers_go_past_z():
    clauses = [Section(str(i)) for i in range(28)]
    policy = Policy("x", [Section("1", children=[Section("1.1", children=clauses)])])
    labels = [numbers(policy)[s.id] for s, depth in policy.walk() if depth == 3]
    assert labels[0] == "1.1.a" and labels[25] == "1.1.z" and labels[26] == "1.1.aa"


def test_content_hash_follows_content_not_identity():
    one, two = sample(), sample()
    assert one.content_hash() == two.content_hash()
    two.find("f").body = "IP address."
    assert one.content_hash() != two.content_hash()
    assert Policy.from_data(one.to_data()) == one


def test_status_locks():
    assert [s for s in Status if s.locked] == [Status.APPROVED, Status.PUBLISHED, Status.SUPERSEDED]
    assert Status.IN_REVIEW.title == "In review"


def test_document_changes_emit_events_and_undo_data():
    doc = Draft(sample())
    seen: list[DraftEvent] = []
    before: list[DraftEvent] = []
    doc.subscribe(seen.append)
    doc.subscribe(before.append, before=True)
    assert doc.set_body("f", "IP address.") == "IP."
    assert doc.set_heading("a", "Introduction") == "Intro"
    old_place = doc.move("f", None, 0)
    assert old_place == ("b", 1)
    assert numbers(doc.policy)["f"] == "1"
    parent, index, removed = doc.remove("c")
    assert (parent, index, removed.id) == ("b", 0, "c")
    doc.insert(parent, index, removed)
    assert numbers(doc.policy)["e"] == "3.1.a.i"
    assert seen == [BodyChanged("f"), HeadingChanged("a"), SectionMoved("b", 1, None, 0, "f"),
                    SectionRemoved("b", 0, "c"), SectionInserted("b", 0, "c")]
    assert before == seen  # each told just before it was made, too
    assert doc.revision == 5


def test_document_refuses_impossible_changes():
    doc = Draft(sample())
    with pytest.raises(ValueError):
        doc.move("b", "c", 0)  # into its own child
    with pytest.raises(ValueError):
        doc.insert(None, 0, Section("dup", id="a"))
    with pytest.raises(KeyError):
        doc.set_body("nope", "")


def test_a_section_without_heading_is_not_numbered():
    policy = Policy("x", [Section("", "Preamble.", id="p"), Section("Scope", id="s"),
                          Section("Terms", children=[Section("", id="q"), Section("Use", id="u")], id="t")])
    assert numbers(policy) == {"p": "", "s": "1", "t": "2", "q": "", "u": "2.1"}


def test_a_copy_holds_every_field_and_changes_apart_from_the_original():
    import dataclasses

    from policyeditor.formats.importers.docx import import_docx

    data = Path(__file__).parents[1] / "data" / "poi-docx"
    original = import_docx(data / "VariousPictures.docx").policy
    original.metadata["owner"] = "Legal"
    original.set_properties({"dates": [["Last Updated", "May 1, 2024"]], "page_text": {"footer": "Page"},
                             "unkept": {"chart": 2}, "anchors": {"Intro": original.sections[0].id}})
    copied = original.copy()
    for f in dataclasses.fields(Policy):  # a field added to Policy and not copied fails here
        assert getattr(copied, f.name) == getattr(original, f.name), f.name
    assert copied.content_hash() == original.content_hash() and copied.pictures == original.pictures
    copied.sections[0].body += " Changed."
    copied.sections[0].children.append(Section("New"))
    copied.metadata["owner"] = "Someone else"
    copied.dates["Effective"] = "today"
    copied.pictures.clear()
    assert original.sections[0].body != copied.sections[0].body
    assert not any(s.heading == "New" for s, _ in original.walk())
    assert original.metadata["owner"] == "Legal" and "Effective" not in original.dates and original.pictures
