"""Import notes about a place carry it: the section and the range of its plain text."""

import copy
import pickle
from pathlib import Path

from policyeditor.core.body import plain_text
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.result import Note

SAMPLE = Path(__file__).parents[3] / "resources" / "samples" / "privacy-policy.txt"


def test_the_samples_empty_clause_and_cut_off_sentence_name_their_places():
    result = import_document(SAMPLE)
    empty, cut = result.report
    assert empty == "section (d) is empty" and isinstance(empty, Note)
    section = result.policy.find(empty.section_id)
    assert (section.heading, section.body, empty.where) == ("", "", "section")
    parent = next(s for s, _ in result.policy.walk() if section in s.children)
    assert parent.heading == "Information we collect"

    assert cut.startswith("the text ends mid-sentence") and cut.where == "body"
    last = [s for s, _ in result.policy.walk()][-1]
    assert cut.section_id == last.id
    words = plain_text(last.body)[cut.start:cut.start + cut.length]
    assert words.startswith("We work to protect the security") and words.endswith("you input..")


def test_a_note_about_the_whole_document_has_no_place(tmp_path):
    source = tmp_path / "legacy.txt"
    source.write_bytes("TERMS\n\nCaf\xe9 rules\n\nWe serve coffee.\n".encode("cp1252"))
    note = import_document(source).report[0]
    assert "Windows-1252" in note and not isinstance(note, Note)


def test_markdown_empty_sections_are_placed_too(tmp_path):
    source = tmp_path / "p.md"
    source.write_text("# Policy\n\n## Scope\n\nAll of it.\n\n## Retention\n\n## Contact\n\nWrite to us.\n")
    result = import_document(source)
    note = next(n for n in result.report if "is empty" in n)
    assert result.policy.find(note.section_id).heading == "Retention"


def test_a_note_is_a_line_of_text_and_keeps_its_place_when_copied():
    note = Note("section (d) is empty", "abc", 3, 4, "body")
    assert note == "section (d) is empty" and f"{note}" == "section (d) is empty"
    for twin in (copy.copy(note), copy.deepcopy(note), pickle.loads(pickle.dumps(note))):
        assert (twin, twin.section_id, twin.start, twin.length, twin.where) == (note, "abc", 3, 4, "body")
