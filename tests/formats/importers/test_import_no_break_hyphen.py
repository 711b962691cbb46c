"""Word's no-break hyphen (w:noBreakHyphen) is kept as U+2011, not read as a plain "-": a hyphen
made plain (or no-break) is a change a compare shows, editorial, like a quote made typographic."""

from __future__ import annotations

import json

import docx
from docx.oxml import OxmlElement

from policyeditor.cli import main
from policyeditor.formats.importers import import_document


def licence(path, no_break: bool):
    document = docx.Document()
    document.add_heading("Scope", 1)
    p = document.add_paragraph("A non")
    if no_break:
        p.add_run()._r.append(OxmlElement("w:noBreakHyphen"))
    else:
        p.add_run("-")
    p.add_run("exclusive licence.")
    document.save(path)
    return path


def test_a_no_break_hyphen_is_kept_as_typed(tmp_path):
    [section] = import_document(licence(tmp_path / "nb.docx", True)).policy.sections
    assert section.body == "A non\u2011exclusive licence."


def test_a_no_break_hyphen_made_plain_is_an_editorial_change_in_the_redline(tmp_path):
    out = tmp_path / "r.json"
    assert main(["compare", str(licence(tmp_path / "a.docx", True)), str(licence(tmp_path / "b.docx", False)),
                 "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    [change] = data["changes"]
    assert (change["old_text"], change["new_text"], change["editorial"]) == ("\u2011", "-", True)
    assert data["stats"]["substantive"] == 0
