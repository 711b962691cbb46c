"""A text's direction from its first strong character (Unicode's rules P2 and P3)."""

from policyeditor.core.body import Run
from policyeditor.core.direction import LTR, RTL, direction, has_rtl, pieces, runs_direction, shown_direction

HEBREW = "המדיניות הזו חלה על כל המשתמשים, לפי סעיף 5."


def test_the_first_strong_character_decides():
    assert direction(HEBREW) == RTL
    assert direction("السياسة تنطبق على الجميع.") == RTL  # Arabic letters are AL
    assert direction("5. " + HEBREW) == RTL  # digits and punctuation are neither
    assert direction("Google LLC אוספת מידע") == LTR
    assert direction("Privacy") == LTR
    assert direction("Ünïcode") == LTR
    assert direction("5.") == direction("") == direction("«»") == ""


def test_an_isolate_is_passed_over():
    assert direction("\u2066Google\u2069 אוספת מידע") == RTL  # LRI … PDI
    assert direction("\u2067שלום\u2069 world") == LTR


def test_a_right_to_left_mark_makes_a_text_right_to_left():
    assert direction("\u200fGoogle LLC") == RTL


def test_runs_direction_passes_over_notes_equations_and_pictures():
    runs = (Run("See", note="fn"), Run("x=1", math=True), Run("\ufffc", picture="0" * 64), Run(" שלום"))
    assert runs_direction(runs) == RTL
    assert runs_direction((Run("שלום", bold=True), Run(" world"))) == RTL


def test_a_redline_block_reads_as_its_new_words_else_its_old():
    assert shown_direction([("delete", "Old words"), ("insert", "מילים חדשות")]) == RTL
    assert shown_direction([("delete", "מילים"), ("equal", " 5. "), ("insert", "New")]) == LTR
    assert shown_direction([("delete", "מילים ישנות")]) == RTL
    assert shown_direction([("equal", "5.")]) == ""


def test_pieces_part_a_text_where_its_direction_changes():
    assert pieces("לפי Google Inc. סעיף 5.", RTL) == [
        ("לפי ", True), ("Google Inc", False), (". סעיף 5.", True)]
    assert pieces("see חוק הגנת, section 5", LTR) == [
        ("see ", False), ("חוק הגנת", True), (", section 5", False)]
    assert pieces(HEBREW, RTL) == [(HEBREW, True)]
    assert pieces("5.", RTL) == [("5.", True)]
    assert pieces("5.", LTR) == [("5.", False)]
    assert pieces("Privacy policy", RTL) == [("Privacy policy", False)]
    assert "".join(piece for piece, _ in pieces("a ב c ד", LTR)) == "a ב c ד"


def test_the_weak_chars_a_piece_opens_or_ends_with_go_with_the_base():
    assert pieces("a name: חברת הדוגמה.", LTR) == [("a name: ", False), ("חברת הדוגמה", True), (".", False)]
    assert pieces("(Google) אוספת", RTL) == [("(", True), ("Google", False), (") אוספת", True)]


def test_has_rtl():
    assert has_rtl("Hello שלום") and has_rtl("مرحبا")
    assert not has_rtl("Hello «world» — ünïcode 5.")
