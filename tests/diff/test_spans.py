"""diff.spans: what a view lights comes from the redline's own ops, placed without diffing."""

from pathlib import Path

from policyeditor.core.body import ListBlock, Paragraph, Table, canonical, parse, parse_runs, visible_chars
from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.diff.spans import Display, line_blocks, line_words, section_spans
from policyeditor.formats.importers import import_document

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "pairs"


def _policy(body: str, heading: str = "Scope") -> Policy:
    return Policy(title="T", sections=[Section(heading, body, [], "s1")])


def test_spans_are_the_redlines_own_changes_over_canonical_text():
    old = _policy("We collect **some** data.\n\n- one\n- two", "Scope")
    new = _policy("We collect **certain** data.\n\n- one\n- two\n- three", "Scope of use")
    redline = compare(old, new)
    [spans] = section_spans(redline)
    body_old, body_new = old.sections[0].body, new.sections[0].body
    assert [body_old[s.start:s.end] for s in spans.old_body] == ["some"]
    assert [body_new[s.start:s.end] for s in spans.new_body] == ["certain", "\n- three"]
    assert [new.sections[0].heading[s.start:s.end] for s in spans.new_heading] == [" of use"]
    ids = {c.id for c in redline.changes}
    assert spans.change_ids == ids
    first = redline.changes[0].id
    assert first not in spans.without({first}).change_ids


def test_editorial_spans_are_tagged():
    redline = compare(_policy("Data is kept, for a year."), _policy("Data is kept for a year."))
    [spans] = section_spans(redline)
    assert spans.old_body and all(s.editorial for s in spans.old_body)


def test_the_words_a_change_of_formatting_alone_reformats_are_lit_on_both_sides():
    """A list marker or a link's brackets show nothing in a pane: the words they re-format are lit
    too, on each side, with their change's id (bullets → numbers, a bullet taken off, a link added)."""
    old_body = "Kept:\n\n- account data\n- support messages\n\nSee our fair use."
    new_body = "Kept:\n\n1. account data\n\nsupport messages\n\nSee our [fair use](https://x.example)."
    redline = compare(_policy(old_body), _policy(new_body))
    [spans] = section_spans(redline)
    by_change = {c.id: c.formatting for c in redline.changes}
    assert sorted(by_change.values()) == ["bullet removed", "bullets \u2192 numbers", "link added"]
    for body, side in ((old_body, spans.old_body), (new_body, spans.new_body)):
        words = {(by_change[s.change], body[s.start:s.end]) for s in side if s.kind == "equal"}
        assert words == {("bullets \u2192 numbers", "account data"), ("bullet removed", "support messages"),
                         ("link added", "fair use")}
    assert not spans.without(set(by_change)).old_body


def test_the_spans_of_a_change_of_formatting_alone_say_so_and_a_change_of_words_beside_it_does_not():
    """A view draws them re-formatted, not deleted and typed again: bold removed ("**all**" → "all")
    is a delete and an insert of the same words; "messages" → "chats" is a change of words."""
    old_body = "We delete **all** the rest.\n\n- support messages"
    new_body = "We delete all the rest.\n\nsupport chats"
    [spans] = section_spans(compare(_policy(old_body), _policy(new_body)))
    for body, side in ((old_body, spans.old_body), (new_body, spans.new_body)):
        shown = {body[s.start:s.end]: s.formatted for s in side if body[s.start:s.end].strip("- *")}
        assert shown == {"**all**" if side is spans.old_body else "all": True, "support ": True,
                         "messages" if side is spans.old_body else "chats": False}


def test_display_maps_markup_to_shown_blocks():
    body = ("We **keep** [logs](https://x.example) a\\_b.\n\n- one<br>two\n  - deeper\n\n"
            "| a | b \\| c |\n| --- | --- |\n| d |  |")
    display = Display(body)
    assert display.blocks == ["We keep logs a_b.", "one\u2028two", "deeper", "a", "b | c", "d", ""]
    assert display.at(body.index("keep")) == (0, 3)
    assert display.at(body.index("**keep")) == (0, 3)   # a marker has no width
    assert display.at(body.index("two")) == (1, 4)
    assert display.span(body.index("keep"), body.index("keep") + 4) == [(0, 3, 7)]
    assert display.span(body.index("- one"), body.index("deeper") + 6) == [(1, 0, 7), (2, 0, 6)]


def _bodies():
    for path in sorted(CORPUS.glob("*/v*.md"))[:12]:
        for section, _ in import_document(path).policy.walk():
            yield section.body


def test_visible_chars_are_the_text_parse_runs_keeps():
    for body in _bodies():
        for line in body.split("\n"):
            assert "".join(c for _, c in visible_chars(line)) == "".join(r.text for r in parse_runs(line))


def test_line_words_counts_what_the_line_shows_with_or_without_markup():
    lines = [line for body in _bodies() for line in body.split("\n")]
    lines += ["plain words here", "  - an item\tof four ", "12. numbered item", "-", "1.", "   ",
              "\u00a0spaced\u2003words\u00a0", "a | b", "**bold** and _it_", "a \\* b", "[l](x) y"]
    for line in lines:
        assert line_words(line) == len(" | ".join(part.plain for part in line_blocks(line)).split()), line


def test_display_blocks_are_the_parsed_blocks():
    for body in _bodies():
        assert canonical(body) == body
        expected = []
        for block in parse(body):
            if isinstance(block, Paragraph):
                expected.append("".join(r.text for r in block.runs))
            elif isinstance(block, ListBlock):
                expected.extend("".join(r.text for r in item.runs) for item in block.items)
            elif isinstance(block, Table):
                expected.extend("".join(r.text for r in cell) for row in block.rows for cell in row)
        assert Display(body).blocks == [text.replace("\n", "\u2028") for text in expected]


def test_display_plain_text_is_the_anchors_plain_text_and_each_shown_character_lands_on_its_own():
    from policyeditor.core.body import plain_text
    bodies = [*_bodies(), "A | b\n\n| x | y |\n| --- | --- |\n| <br> | \\| z |\n\n- \n- item<br>two"]
    for body in bodies:
        display = Display(body)
        assert display.plain == plain_text(body)
        for (block, offset), at in zip(display.places, display.plain_offsets, strict=True):
            shown = display.blocks[block][offset]
            # a line break shows as U+2028 (a U+2028 the text holds shows as itself)
            assert display.plain[at] == shown or (shown == "\u2028" and display.plain[at] == "\n")
