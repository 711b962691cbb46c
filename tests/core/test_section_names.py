"""A section named in one line never reads "§" with nothing after it (the change list said "§:")."""

from __future__ import annotations

from policyeditor.core.section_names import section_name


def test_a_numbered_section_is_its_number_and_heading():
    assert section_name("5", "USE OF  COOKIES") == "§5 USE OF COOKIES"


def test_an_unnumbered_section_is_its_heading_alone():
    assert section_name("", "Scope") == "Scope"


def test_an_untitled_section_is_named_by_its_first_words():
    assert section_name("", "", "We **collect** your personal data when you visit") == \
        "“We collect your personal data …”"
    assert section_name("2", "", "Short text") == "§2 “Short text”"


def test_a_section_with_no_words_is_its_number_else_nameless():
    assert section_name("(d)", "", "") == "§(d) (untitled)"
    assert section_name("", "  ", "") == ""
