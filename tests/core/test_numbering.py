"""The policy's own numbering: styles, printed numbers, and learning them from typed numbers."""

from hypothesis import given
from hypothesis import strategies as st

from policyeditor.core.dates import date_line
from policyeditor.core.model import Policy, Section
from policyeditor.core.numbering import (
    DEFAULT_STYLE,
    LevelStyle,
    NumberingStyle,
    apply_learned,
    learn,
    numbers,
    typed_number,
)


def _tree() -> Policy:
    return Policy("x", [
        Section("", "Preamble.", id="p"),
        Section("Scope", id="a", children=[Section("Who", id="a1"), Section("What", id="a2")]),
        Section("Terms", id="b", children=[
            Section("Use", id="b1", children=[Section("Fair", id="b1a"), Section("Unfair", id="b1b")])]),
    ])


def test_the_default_style_prints_what_policyeditor_always_printed():
    assert numbers(_tree()) == {"p": "", "a": "1", "a1": "1.1", "a2": "1.2", "b": "2", "b1": "2.1",
                                "b1a": "2.1.a", "b1b": "2.1.b"}
    assert DEFAULT_STYLE.is_default and not Policy().properties()


def test_punctuation_joined_and_standalone_levels():
    policy = _tree()
    policy.numbering = NumberingStyle((LevelStyle("decimal", after="."),
                                       LevelStyle("lower-letter", "(", ")", joined=True),
                                       LevelStyle("lower-roman", "(", ")", joined=False)))
    got = numbers(policy)
    assert (got["a"], got["a2"], got["b1"], got["b1b"]) == ("1.", "1(b)", "2(a)", "(ii)")
    policy.numbering = policy.numbering.with_level(2, LevelStyle("upper-roman", after=".", joined=False))
    assert numbers(policy)["a2"] == "II."


def test_an_unnumbered_level_prints_nothing_and_passes_its_parents_number_down():
    policy = _tree()
    policy.numbering = NumberingStyle((LevelStyle("none"), LevelStyle("decimal")))
    got = numbers(policy)
    assert got["a"] == "" and got["a2"] == "2" and got["b1"] == "1"


def test_a_later_section_without_heading_keeps_its_place_in_the_count():
    policy = Policy("x", [Section("A", id="a"), Section("", id="gap"), Section("C", id="c")])
    assert numbers(policy) == {"a": "1", "gap": "2", "c": "3"}


def test_typed_numbers_are_parsed():
    assert typed_number("1.Introduction").rest == "Introduction"
    three = typed_number("3.2.1. LinkedIn Learning for Library")
    assert three.parts == ("3", "2", "1") and three.after == "." and three.rest.startswith("LinkedIn")
    assert typed_number("(iv) Remedies").parts == ("iv",)
    assert typed_number("A. Notifications").parts == ("A",)
    assert typed_number("(d)").rest == ""
    for words in ("2024 Annual Report", "Introduction", "A day in the life", "Ivy League"):
        assert typed_number(words) is None, words


def test_learning_absorbs_numbers_that_follow_the_style():
    learned = learn([(1, "1.Introduction"), (1, "2. Scope"), (2, "2.1 Staff"), (2, "2.2 Visitors"),
                     (1, "3. Terms")])
    assert learned.headings == ["Introduction", "Scope", "Staff", "Visitors", "Terms"]
    assert learned.depths == [1, 1, 2, 2, 1]
    assert learned.style.level(1) == LevelStyle("decimal", "", ".", True)
    assert learned.style.level(2) == LevelStyle("decimal", "", "", True)


def test_levels_follow_the_numbers_where_the_markup_disagrees():
    learned = learn([(1, "1. A"), (1, "2. B"), (1, "3. Services"), (2, "3.1 Library"), (2, "3.2 Learning"),
                     (2, "3.2.1. LinkedIn Learning for Library")])
    assert learned.depths[-1] == 3 and learned.headings[-1] == "LinkedIn Learning for Library"
    policy = Policy("x", [Section(h, id=str(i)) for i, h in enumerate(["1. A", "2. B", "3. Services"])])
    policy.sections[2].children = [Section("3.1 Library", id="l"), Section("3.2 Learning", id="m"),
                                   Section("3.2.1. LinkedIn Learning for Library", id="n")]
    apply_learned(policy)
    assert policy.find("m").children[0].id == "n"
    assert numbers(policy)["n"] == "3.2.1."


def test_lettered_clauses_of_mixed_punctuation_become_one_style():
    learned = learn([(1, "INTRODUCTION"), (1, "Information we collect"), (2, "a) Personal information"),
                     (2, "(b) Derivative data"), (2, "(c) Financial data."), (2, "(d)"), (1, "USE")])
    assert learned.headings[2:6] == ["Personal information", "Derivative data", "Financial data.", ""]
    assert learned.style.level(2) == LevelStyle("lower-letter", "(", ")", False)
    assert learned.style.level(1) == DEFAULT_STYLE.level(1)


def test_letter_under_number_and_roman_under_letter():
    learned = learn([(1, "1. Terms"), (2, "A. Notifications"), (2, "B. Notices"),
                     (3, "(i) First"), (3, "(ii) Second"), (1, "2. More"), (2, "A. Again")])
    assert learned.headings == ["Terms", "Notifications", "Notices", "First", "Second", "More", "Again"]
    assert learned.style.level(2).kind == "upper-letter" and learned.style.level(3).kind == "lower-roman"
    # 'i' after 'h' is a letter
    hs = [(1, f"({c}) x") for c in "abcdefghij"]
    assert learn(hs).style.level(1).kind == "lower-letter"


def test_numbers_that_follow_no_scheme_are_kept_and_nothing_is_printed_beside_them():
    entries = [(1, "Overview"), (1, "1. Basics"), (1, "2. Data"), (1, "FAQ"), (1, "1. Shop"), (1, "2. Other")]
    learned = learn(entries)
    assert learned.headings == [h for _, h in entries] and not learned.absorbed
    policy = Policy("x", [Section(h, id=str(i)) for i, (_, h) in enumerate(entries)])
    apply_learned(policy)
    got = numbers(policy)
    assert all(got[s.id] == "" for s in policy.sections)


def test_without_typed_numbers_the_default_stays():
    learned = learn([(1, "Scope"), (2, "Staff"), (1, "Terms")])
    assert learned.style == DEFAULT_STYLE and learned.depths == [1, 2, 1]


@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from(
    ["1. A", "2. B", "2.1 C", "a) D", "(b) E", "(i) F", "Plain", "3.2.1. G", "A. H", "(d)", ""])),
    max_size=25))
def test_never_two_numbers_on_one_heading(entries):
    policy = Policy("x", [])
    # nest by the given depths, as an importer would
    flat = [Section(h, id=str(i)) for i, (_, h) in enumerate(entries)]
    roots, stack = [], []
    for (depth, _), section in zip(entries, flat, strict=True):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(section)
        stack.append((depth, section))
    policy.sections = roots
    apply_learned(policy)
    printed = numbers(policy)
    for section, _ in policy.walk():
        assert not (printed[section.id] and typed_number(section.heading)), (section.heading, printed)
    assert sorted(s.id for s, _ in policy.walk()) == sorted(s.id for s in flat)


def test_style_and_dates_round_trip_through_data_and_change_the_hash():
    policy = _tree()
    before = policy.content_hash()
    policy.numbering = NumberingStyle((LevelStyle("upper-roman", after="."),))
    policy.dates = {"Last Updated": "May 22, 2024"}
    again = Policy.from_data(policy.to_data())
    assert again.numbering == policy.numbering and again.dates == policy.dates
    assert policy.content_hash() != before and again.content_hash() == policy.content_hash()


def test_date_lines():
    assert date_line("Last Updated: May 22, 2024") == ("Last Updated", "May 22, 2024")
    assert date_line("Effective date: 1 July 2025") == ("Effective date", "1 July 2025")
    assert date_line("**Effective:** 01/02/2023") == ("Effective", "01/02/2023")
    assert date_line("Status: Approved") == ("Status", "Approved")
    for text in ("Updates to this policy", "Version history", "Effective communication with users",
                 "Last updated on the website whenever we like to change things around here and there"):
        assert date_line(text) is None, text


def test_a_date_heading_becomes_a_property_and_stops_swallowing_the_document():
    from policyeditor.core.dates import lift_dates

    policy = Policy("Privacy Notice", [
        Section("", "Welcome.\n\nEffective date: 1 July 2025", id="pre"),
        Section("Last Updated: May 22, 2024", "Read this.", id="lu", children=[
            Section("1. Scope", "Who.", id="s"), Section("2. Updates", "When.", id="u")]),
    ])
    lifted = lift_dates(policy)
    assert lifted == ["Effective date: 1 July 2025", "Last Updated: May 22, 2024"]
    assert policy.dates == {"Effective date": "1 July 2025", "Last Updated": "May 22, 2024"}
    assert [s.id for s in policy.sections] == ["pre", "s", "u"]
    assert policy.find("pre").body == "Welcome.\n\nRead this."
    apply_learned(policy)
    assert numbers(policy)["u"] == "2." and policy.find("u").heading == "Updates"
