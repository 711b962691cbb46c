"""The plain-text importer on the seed policy and on awkward encodings."""

from pathlib import Path

import pytest

from policyeditor.core import body
from policyeditor.core.body import ListBlock, Paragraph
from policyeditor.core.errors import ImportError_, UnknownFormatError
from policyeditor.core.numbering import numbers
from policyeditor.formats.importers import IMPORT_SUFFIXES, import_document
from tests.conftest import CORPUS
from tests.formats.wordcheck import words_kept

SEED = CORPUS / "seed" / "privacy-policy.txt"


@pytest.fixture(scope="module")
def seed():
    return import_document(SEED)


def test_seed_title_and_top_headings(seed):
    assert seed.policy.title == "PRIVACY POLICY"
    assert [s.heading for s in seed.policy.sections] == [
        "INTRODUCTION", "Information we collect", "USE OF INFORMATION",
        "DISCLOSURE OF YOUR INFORMATION", "USE OF COOKIES", "HOW WE SECURE YOUR INFORMATION"]


def test_seed_clauses_are_subsections(seed):
    collect = seed.policy.sections[1]
    assert [c.heading for c in collect.children] == [
        "Personal information", "Derivative data", "Financial data.", ""]  # the typed letters absorbed
    printed = numbers(seed.policy)
    assert [printed[c.id] for c in collect.children] == ["(a)", "(b)", "(c)", "(d)"]
    assert collect.children[2].body == "Methods of payment."
    assert collect.children[3].body == "" and not collect.children[3].children
    assert collect.body.startswith("We may collect information about you")


def test_seed_report_names_the_empty_clause_and_the_cut_off_end(seed):
    assert "section (d) is empty" in seed.report
    assert any("ends mid-sentence" in line and "input.." in line for line in seed.report)


def test_seed_bullets_are_a_list_and_brackets_survive(seed):
    blocks = body.parse(seed.policy.sections[2].body)
    assert isinstance(blocks[0], Paragraph) and isinstance(blocks[1], ListBlock)
    assert len(blocks[1].items) == 19 and not blocks[1].items[0].ordered
    assert "[when you register with the Site]" in body.plain_text(seed.policy.sections[1].children[0].body)


def test_seed_keeps_every_word(seed):
    assert words_kept(SEED, seed.policy).share == 100.0


def test_bom_cp1252_and_wrapped_lines(tmp_path):
    src = tmp_path / "legacy.txt"
    src.write_bytes("TERMS\n\nCaf\u00e9 \u201cquoted\u201d text\nwrapped on two lines.\n".encode("cp1252"))
    result = import_document(src)
    assert result.policy.title == "legacy"
    assert result.policy.sections[0].heading == "TERMS"
    assert result.policy.sections[0].body == "Caf\u00e9 \u201cquoted\u201d text wrapped on two lines."
    assert any("cp1252" in line for line in result.report)

    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfHello world.\n")
    result = import_document(bom)
    assert result.policy.sections[0].heading == "" and result.policy.sections[0].body == "Hello world."
    assert result.report == []


def test_text_before_the_first_heading_and_numbered_clauses(tmp_path):
    src = tmp_path / "clauses.txt"
    src.write_text("Preamble text here.\n\nDEFINITIONS\n\n1. Scope\n\nThis applies.\n\n"
                   "1.1 Detail\n\nDeeper.\n\n2. A numbered sentence that is far too long to be "
                   "any kind of heading at all, surely.\n", encoding="utf-8")
    policy = import_document(src).policy
    assert [(s.heading, d) for s, d in policy.walk()] == [
        ("", 1), ("DEFINITIONS", 1), ("Scope", 2), ("Detail", 3)]
    printed = numbers(policy)
    assert [printed[s.id] for s, _ in policy.walk()] == ["", "1", "1.", "1.1"]  # as typed
    assert policy.sections[1].children[0].children[0].body.endswith("surely.")


def test_suffixes_and_errors(tmp_path):
    assert set(IMPORT_SUFFIXES) == {".txt", ".md", ".markdown", ".docx", ".html", ".htm", ".pdf"}
    with pytest.raises(UnknownFormatError, match=r"^x.rtf: .rtf files cannot be imported; use .txt"):
        import_document(Path("x.rtf"))
    with pytest.raises(ImportError_, match="cannot be read"):
        import_document(tmp_path / "missing.txt")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ImportError_, match="not a text file"):
        import_document(binary)


def test_the_source_is_only_read(tmp_path):
    src = tmp_path / "p.txt"
    src.write_bytes(SEED.read_bytes())
    before = (src.read_bytes(), src.stat().st_mtime_ns)
    import_document(src)
    assert (src.read_bytes(), src.stat().st_mtime_ns) == before


def test_an_empty_file_is_reported(tmp_path):
    for name in ("empty.txt", "empty.md", "empty.html"):
        src = tmp_path / name
        src.write_text("\n\n", encoding="utf-8")
        result = import_document(src)
        assert result.policy.sections == []
        assert result.report == [f"{name} holds no text to import"]
