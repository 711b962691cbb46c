"""A table only one text has, between paragraphs or at the end of a section body. Its rows are
tracked as inserted (deleted) rows; Reject All (Accept All) takes them away, and Word and
LibreOffice take the emptied table with them. Our import kept an empty table there, which
parted a list around it in two ('- a\\n\\n- b'), and which had hidden a writer's slip: the
paragraph before such a table had its mark tracked as the table's text's alone, so once the
table went, the paragraph joined what came after it, the next section's heading included."""

from __future__ import annotations

import pytest

from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document
from policyeditor.formats.importers.own_cover import without_cover
from policyeditor.formats.redline.docx import export_redline_docx
from tests.formats.redline.test_docx import exports, office, office_resolved  # noqa: F401
from tests.formats.redline.test_trailing_paragraphs import both_ways, policies

TABLE = "| x | y |\n| --- | --- |\n| 1 | 2 |"
PAIRS = {
    "a table put in a list": ("A.\n\n- a\n- b", f"A.\n\n- a\n\n{TABLE}\n\n- b"),
    "a table after the last paragraph": ("Para.", f"Para.\n\n{TABLE}"),
    "a table between paragraphs": ("One.\n\nTwo.", f"One.\n\n{TABLE}\n\nTwo."),
}
CASES = both_ways(PAIRS)


@pytest.mark.parametrize("name, old, new", CASES, ids=[c[0] for c in CASES])
def test_accept_all_and_reject_all_give_each_texts_paragraphs(name, old, new, tmp_path):
    out = tmp_path / "redline.docx"
    export_redline_docx(compare(*policies(old, new)), out)
    result = import_document(out)
    assert [s.body for s in without_cover(result.original).sections[-2:]] == [old, "Words."]
    assert [s.body for s in without_cover(result.policy).sections[-2:]] == [new, "Words."]


@pytest.mark.parametrize("name, old, new", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["Accept", "Reject"])
def test_libreoffice_accept_all_and_reject_all_give_each_texts_paragraphs(
        name, old, new, command, office, tmp_path):  # noqa: F811
    out, _, _ = exports(*policies(old, new), tmp_path)
    resolved = import_document(office_resolved(office, out, command)).policy
    assert [s.body for s in resolved.sections[-2:]] == [old if command == "Reject" else new, "Words."]
