"""The compare view's spans: the redline's own, placed in each editor's document without diffing."""

from pathlib import Path

from PySide6.QtGui import QTextDocument

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.diff.spans import Display, section_spans
from policyeditor.formats.importers import import_document
from policyeditor.gui.editing.highlight import lit_of, placed, shown_blocks
from policyeditor.gui.editing.rich_text import fill_document

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus" / "pairs"


def _lit(old_body, new_body):
    old = Policy("T", [Section("H", old_body, [], "s")])
    new = Policy("T", [Section("H", new_body, [], "s")])
    [spans] = section_spans(compare(old, new))
    old_doc, new_doc = fill_document(QTextDocument(), old_body), fill_document(QTextDocument(), new_body)
    deleted = placed(Display(old_body), shown_blocks(old_doc), spans.old_body)
    inserted = placed(Display(new_body), shown_blocks(new_doc), spans.new_body)
    return lit_of(deleted, inserted), old_doc.toRawText(), new_doc.toRawText()


def test_spans_are_words_at_document_positions(qapp):
    lit, old, new = _lit("We **collect** some data.\n\n- one\n- two",
                         "We **collect** certain data.\n\n- one\n- two\n- three")
    assert [old[s:s + n] for s, n in lit.deleted] == ["some"]
    assert [new[s:s + n] for s, n in lit.inserted] == ["certain", "three"]


def _shown(document_text, span):
    """The characters of a document range given in Qt's positions (UTF-16 units)."""
    start, length = span
    units = document_text.encode("utf-16-le")
    return units[2 * start:2 * (start + length)].decode("utf-16-le")


def test_spans_after_characters_beyond_the_bmp_light_their_own_words(qapp):
    """An emoji is two of Qt's positions: each one shifted every later highlight by one."""
    lit, old, new = _lit("Call us 📞 or 👍🏽 and we answer within seven days.",
                         "Call us 📞 or 👍🏽 and we answer within thirty days.")
    assert [_shown(old, s) for s in lit.deleted] == ["seven"]
    assert [_shown(new, s) for s in lit.inserted] == ["thirty"]


def test_spans_of_editorial_changes_are_tagged_by_the_engine(qapp):
    lit, old, new = _lit("We collect data, and some more.", "We collect data and certain more.")
    assert [old[s:s + n] for s, n in lit.editorial_deleted] == [","]
    shown = lit.shown(hide_editorial=True)
    assert [old[s:s + n] for s, n in shown.deleted] == ["some"]
    assert [new[s:s + n] for s, n in shown.inserted] == ["certain"]


def test_display_blocks_are_the_editor_blocks_on_the_corpus(qapp):
    """Display's mapping matches what fill_document lays out, block for block, on real documents."""
    for path in sorted(CORPUS.glob("*/v2.md"))[:10]:
        for section, _ in import_document(path).policy.walk():
            doc = fill_document(QTextDocument(), section.body)
            blocks = [doc.findBlock(p).text() for p in shown_blocks(doc)]
            assert blocks == Display(section.body).blocks, (path, section.heading)


def test_a_paragraph_break_inside_a_word_lights_the_end_of_its_paragraph(qapp):
    """A break inserted (deleted) where the other text runs on ("Identifiers.Some") shows no
    character: its pane lights the paragraph separator after "Identifiers." instead."""
    glued = "Categories:\n\nIdentifiers.Some items."
    split = "Categories:\n\nIdentifiers.\n\nSome items."
    for old_body, new_body in ((glued, split), (split, glued)):
        lit, old, new = _lit(old_body, new_body)
        text, spans = (new, lit.inserted) if new_body == split else (old, lit.deleted)
        assert lit.changes == 1 and len(spans) == 1
        [(start, length)] = spans
        assert (text[:start].endswith("Identifiers."), length) == (True, 1)
        assert text[start] == "\u2029"  # the paragraph separator: nothing of the text lit
