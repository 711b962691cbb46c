"""Two bulleted lists one right after the other go to DOCX as two Word lists (two w:numId) and come
back two: from Markdown (`-` then `*`) and from a Word document's two lists."""

from pathlib import Path

import docx
from docx.oxml.ns import qn

from policyeditor.core.model import Status
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document
from tests.formats.importers.test_import_adjacent_lists import clauses, word_lists

TWO_LISTS = "- We keep mail.\n- We keep calls.\n\n- You may ask.\n- You may object."


def _exported(source: Path, tmp_path: Path) -> Path:
    path = tmp_path / "out.docx"
    export_docx(import_document(source).policy, path, ExportInfo("1", Status.APPROVED))
    return path


def _list_ids(path: Path) -> list[str]:
    """The w:numId each list paragraph (List Bullet…) is numbered with, its own or its style's."""
    document = docx.Document(str(path))
    out = []
    for paragraph in document.paragraphs:
        if not paragraph.style.name.startswith("List"):
            continue
        own = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        style = paragraph.style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        found = own if own is not None else style
        if found is not None:
            out.append(found.get(qn("w:val")))
    return out


def test_markdown_lists_one_after_the_other_are_two_word_lists(tmp_path: Path) -> None:
    source = tmp_path / "p.md"
    source.write_text("# Policy\n\n## Clauses\n\n- We keep mail.\n- We keep calls.\n"
                      "* You may ask.\n* You may object.\n", encoding="utf-8")
    assert clauses(source) == TWO_LISTS
    path = _exported(source, tmp_path)
    ids = _list_ids(path)
    assert len(ids) == 4 and ids[0] == ids[1] != ids[2] == ids[3]
    assert clauses(path) == TWO_LISTS


def test_word_lists_one_after_the_other_come_back_two(tmp_path: Path) -> None:
    source = word_lists(tmp_path, [("We keep mail.", "61", 0), ("We keep calls.", "61", 0),
                                   ("You may ask.", "62", 0), ("You may object.", "62", 0)])
    path = _exported(source, tmp_path)
    assert len(set(_list_ids(path))) == 2
    assert clauses(path) == TWO_LISTS
