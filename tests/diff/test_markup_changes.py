"""A change accepted or rejected alone keeps the body's markup whole (no lone ** or [ left)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from policyeditor.core import body
from policyeditor.core.body import Paragraph, Run
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare

CASES = [
    ("We collect some data and keep it.", "We collect **certain data** and _keep_ it."),
    ("See our site.", "See [our site](https://x.org)."),
    ("A **b** c", "A **b c**"),
    ("x a\\_b y", "x [a\\_b](https://q.org/a_b) y"),
    ("Plain <u>under</u> text.", "Plain under **text**."),
]


def whole(text: str) -> bool:
    """Markup balanced: the canonical spelling differs at most in spaces (a run's trailing
    space left at the end of a paragraph is trimmed there; a lone ** would move)."""
    return body.canonical(text).replace(" ", "") == text.replace(" ", "")


def single_change_results(old_body: str, new_body: str) -> list[str]:
    old = Policy("P", [Section("T", old_body, id="t")])
    new = Policy("P", [Section("T", new_body, id="t")])
    redline = compare(old, new)
    return [result.sections[0].body for change in redline.changes
            for result in (redline.accept(change.id), redline.reject(change.id))]


def test_formatting_changes_come_whole():
    for old, new in CASES:
        assert body.canonical(old) == old and body.canonical(new) == new
        for result in single_change_results(old, new):
            assert whole(result), (old, new, result)


def test_bold_kept_before_a_link_made_bold_is_spelled_canonically():
    """Found by the property test below: rejecting the deletion of "**we **" (or accepting the
    bold added inside the link alone) joined two bold runs as `**we **[**…**](…)`; a single
    change's result is now in the canonical spelling, the one the draft side would have."""
    old, new = "**we **[_<u>we</u>_](https://x.org/a_b)", "[**_<u>we</u>_**](https://x.org/a_b)"
    results = single_change_results(old, new)
    assert len(results) == 4
    for result in results:
        assert body.canonical(result) == result, result
    assert "**we [_<u>we</u>_**](https://x.org/a_b)" in results


_words = st.lists(st.sampled_from(["we", "collect", "some", "data", "keep", "it", "site", "our"]),
                  min_size=1, max_size=4).map(" ".join)
_run = st.builds(Run, _words.map(lambda w: w + " "), st.booleans(), st.booleans(), st.booleans(),
                 st.sampled_from(["", "", "https://x.org/a_b"]))
_paragraph = st.lists(_run, min_size=1, max_size=5).map(lambda runs: body.write([Paragraph(tuple(runs))]))


@settings(max_examples=400, deadline=None)
@given(_paragraph, _paragraph)
def test_any_single_change_keeps_markup_whole(old, new):
    for result in single_change_results(old, new):
        assert whole(result), result
