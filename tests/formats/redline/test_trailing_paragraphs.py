"""Paragraphs of another kind added at (taken from) the end of a section body: the last of
them holds the body's last mark, the one both texts have, so that mark is tracked as a change of
kind, as Word tracks an item typed after a paragraph. Before, Reject All made the paragraph
before an added list item a list item too ("Para." → "- Para."); a deleted one did the same on
Accept All. pinterest's privacy policy adds nested items after its last bullet, which Reject
All read back one level deeper."""

from __future__ import annotations

import pytest
from docx import Document as Docx

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.own_cover import without_cover
from policyeditor.formats.redline.blackline import export_blackline_docx
from policyeditor.formats.redline.docx import export_redline_docx
from tests.formats.redline.test_docx import exports, office, office_resolved  # noqa: F401

PAIRS = {
    "item after a paragraph": ("Para.", "Para.\n\n- c"),
    "nested items after the last": ("- a\n- b", "- a\n- b more\n  - c\n  - d"),
    "a paragraph after a list": ("- a\n- b", "- a\n- b\n\nAfter the list."),
    "numbered item after bullets": ("- a\n- b", "- a\n- b\n\n1. one"),
    # words added to the paragraph before too: LibreOffice joined it to the next heading when the
    # paragraph kept the body's last mark between two insertions
    "words and an item after a paragraph": ("Para.", "Para. more\n\n- c"),
}


def both_ways(pairs: dict[str, tuple[str, str]], other_way: str = "deleted") -> list[tuple[str, str, str]]:
    """(name, old, new) of each pair, then of each the other way round ("NAME, deleted")."""
    return [*[(name, old, new) for name, (old, new) in pairs.items()],
            *[(f"{name}, {other_way}", new, old) for name, (old, new) in pairs.items()]]


CASES = both_ways(PAIRS)


def policies(old: str, new: str) -> tuple[Policy, Policy]:
    # a section after it: the body's last mark is no document's last
    return tuple(Policy("P", [Section("Scope", text, id="s"), Section("Next", "Words.", id="n")])
                 for text in (old, new))


@pytest.mark.parametrize("name, old, new", CASES, ids=[c[0] for c in CASES])
def test_accept_all_and_reject_all_give_each_texts_kinds(name, old, new, tmp_path):
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(*policies(old, new)), out)
    result = import_document(out)
    assert without_cover(result.original).sections[-2].body == old
    assert without_cover(result.policy).sections[-2].body == new


@pytest.mark.parametrize("name, old, new", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["Accept", "Reject"])
def test_libreoffice_accept_all_and_reject_all_give_each_texts_kinds(name, old, new, command, office,  # noqa: F811
                                                                    tmp_path):
    out, _, _ = exports(*policies(old, new), tmp_path)
    resolved = import_document(office_resolved(office, out, command)).policy
    assert [s.body for s in resolved.sections[-2:]] == [old if command == "Reject" else new, "Words."]


def test_a_blackline_shows_a_deleted_last_item_as_the_item_it_was(tmp_path):
    """A blackline tracks no kinds: each paragraph stands as its text has it."""
    out = tmp_path / "blackline.docx"
    export_blackline_docx(compare(*policies("Para.\n\n- c", "Para.")), out)
    styles = {p.text: p.style.name for p in Docx(str(out)).paragraphs}
    assert (styles["Para."], styles["c"]) == ("Body Text", "List Bullet")


def test_a_paragraph_moved_to_the_end_of_a_section_after_a_list_keeps_each_texts_kinds(tmp_path):
    """The run that ends the body is moved in, not inserted: its last mark is tracked the same way."""
    moved = "A long paragraph that moves from one place to another place in the policy."
    old = Policy("P", [Section("Scope", f"{moved}\n\nWords.\n\n- a\n- b", id="s"),
                       Section("Next", "Words.", id="n")])
    new = Policy("P", [Section("Scope", f"Words.\n\n- a\n- b\n\n{moved}", id="s"),
                       Section("Next", "Words.", id="n")])
    redline = compare(old, new)
    assert any(op.kind == "move_to" for op in redline.sections[0].body_ops)
    out = tmp_path / "redline.docx"
    export_redline_docx(redline, out)
    result = import_document(out)
    assert without_cover(result.original).sections[-2].body == old.sections[0].body
    assert without_cover(result.policy).sections[-2].body == new.sections[0].body
