"""Kept words whose format a change of words changed: the quotes put round a link's words as the
link was taken off. The compare tags those equal words with what changed, so every view shows
them re-formatted, and names it on the change (`Change.reformats`)."""

import pytest

from policyeditor.core.model import Policy, Section
from policyeditor.diff.formatting import format_ids
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document
from tests.diff.redline_helpers import CORPUS


def redline(old: str, new: str):
    return compare(*[Policy("P", [Section("Scope", text, id="s")]) for text in (old, new)])


def tagged(result) -> list[tuple[str, str]]:
    return [(op.text, op.formatting) for d in result.sections for op in d.body_ops
            if op.kind == "equal" and op.formatting]


@pytest.mark.parametrize("old, new, words, said", [
    ("See the [Your Rights](#your-rights) section.", 'See the "Your Rights" section.',
     [("Your Rights", "link removed")], "link removed"),
    ("See the Your Rights section.", "See the [\u201cYour Rights\u201d](https://example.com/r) section.",
     [("Your Rights", "link added")], "link added"),
    ("Read <u>the rules</u> now.", 'Read "the rules" now.', [("the rules", "underline removed")],
     "underline removed"),
])
def test_kept_words_a_change_of_words_re_formatted_are_tagged_and_named(old, new, words, said):
    result = redline(old, new)
    assert tagged(result) == words
    assert [c.reformats for c in result.changes if c.reformats] == [said]
    assert all(not c.formatting for c in result.changes)  # they are changes of words
    # each tagged stretch belongs to a change, so a view lights it with that change
    ops = result.sections[0].body_ops
    ids = format_ids(ops)
    assert all(ids[k] for k, op in enumerate(ops) if op.kind == "equal" and op.formatting)
    # rejecting every change gives the old text back, accepting the new: the words are kept
    assert result.reject_all().sections[0].body == old
    assert result.accept_all().sections[0].body == new


@pytest.mark.parametrize("old, new", [
    ("We keep **all** data.", "We keep **all** records."),  # a change of words beside bold words
    ("See [our site](https://x.org) now.", "See [our site](https://x.org) today."),
    ("We keep **all** data.", "We keep all data."),  # a change of formatting alone says it itself
])
def test_words_whose_format_stayed_are_not_tagged(old, new):
    result = redline(old, new)
    assert all(not c.reformats for c in result.changes)
    assert all(not op.formatting for d in result.sections for op in d.body_ops
               if op.kind == "equal" and op.formatting != "bold removed")


def test_a_links_target_changed_with_words_moved_out_of_it_tags_the_links_words():
    """reddit's terms: `[Privacy Policy.](old)` → `[Privacy Policy](new).`: the change of
    formatting alone is said of the full stop; the link's words changed target too."""
    v1 = import_document(CORPUS / "pairs" / "reddit-terms-of-service" / "v1.md").policy
    v2 = import_document(CORPUS / "pairs" / "reddit-terms-of-service" / "v2.md").policy
    result = compare(v1, v2)
    assert ("Privacy Policy", "link changed") in tagged(result)
    assert sum(1 for c in result.changes if c.reformats) == 1


def test_kept_words_belong_to_the_change_on_their_line():
    """Before them on their line, else after them there: not a change a paragraph away."""
    from policyeditor.diff.text import Op

    ops = (Op("delete", "old", 1), Op("insert", "new", 1), Op("equal", " words.\n\nSee "),
           Op("equal", "Your Rights", 0, False, "link removed"), Op("delete", "](#x)", 2),
           Op("equal", " now."))
    assert format_ids(ops)[3] == 2
    ops = (Op("equal", "See "), Op("delete", "[", 3), Op("equal", "Your Rights", 0, False, "link removed"),
           Op("delete", "](#x)", 4))
    assert format_ids(ops)[2] == 3
