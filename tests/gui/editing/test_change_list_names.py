"""The change list and comment list name an unnumbered or untitled section in words (a probe saw
"Inserted · §: “personal”" for the text before the first heading, and two spaces in a comment's
line whose quote crossed a paragraph)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from policyeditor.diff.redline import compare  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.gui.editing.change_list import describe  # noqa: E402
from policyeditor.gui.review.comments_panel import thread_label  # noqa: E402
from policyeditor.review.anchors import Anchor  # noqa: E402
from policyeditor.review.comments import Comment, Thread  # noqa: E402


def test_a_change_before_the_first_heading_is_placed_by_its_first_words(tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("# Policy\n\nWe collect your data when you visit.\n\n## Scope\n\nThis applies to all.\n")
    new.write_text("# Policy\n\nWe collect your personal data when you visit.\n\n## Scope\n\n"
                   "This applies to everyone.\n")
    redline = compare(import_document(old).policy, import_document(new).policy)
    assert [describe(c, redline) for c in redline.changes] == [
        "Inserted · “We collect your personal data …”: “personal”",
        "Replaced · §1 Scope: “all” → “everyone”"]


def test_a_quote_over_two_paragraphs_is_one_line_with_single_spaces():
    anchor = Anchor("s1", "the end.\n\nThe next", start=0, end=18)
    root = Comment("c1", "Ada", "Why?", "2026-12-08T00:00:00Z", anchor)
    assert thread_label(Thread(root), "3") == "3  “the end. The next” — Ada · Open"
