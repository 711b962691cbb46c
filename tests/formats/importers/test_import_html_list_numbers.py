"""An HTML <ol type="a"> (or list-style-type: lower-roman) is kept as 1., 2., 3., as a Word list
numbered so is: named by import, compare and export, so a list's numbering changed is never
"0 changes" in silence."""

from __future__ import annotations

import pytest

from policyeditor.cli import main
from policyeditor.formats.importers import import_document

LETTERS = "list numbered a., b., c. (as 1., 2., 3. here)"


def page(path, ol: str):
    path.write_text(f"<h1>Terms</h1><h2>Changes</h2>{ol}<li>We may change these terms.</li>"
                    "<li>We tell you first.</li></ol>", encoding="utf-8")
    return path


@pytest.mark.parametrize(("ol", "shown"), [
    ('<ol type="a">', "a., b., c."), ('<ol type="I">', "I., II., III."),
    ('<ol style="list-style-type: lower-roman">', "i., ii., iii."),
    ('<ol type="1" style="list-style: upper-alpha inside">', "A., B., C."),
])
def test_a_list_numbered_otherwise_is_named_on_import(tmp_path, ol, shown):
    result = import_document(page(tmp_path / "p.html", ol))
    name = f"list numbered {shown} (as 1., 2., 3. here)"
    assert result.policy.unkept == {name: 1}
    assert f"1 {name} not imported (the policy cannot hold them)" in result.report
    assert result.policy.sections[0].body == "1. We may change these terms.\n2. We tell you first."


@pytest.mark.parametrize("ol", ["<ol>", '<ol type="1">', '<ol type="a" style="list-style-type: decimal">'])
def test_a_list_numbered_1_2_3_is_not_named(tmp_path, ol):
    result = import_document(page(tmp_path / "p.html", ol))
    assert result.policy.unkept == {}
    assert not any("list numbered" in line for line in result.report)


def test_a_list_numbering_changed_is_named_by_compare_and_export(tmp_path, capsys):
    letters, plain = page(tmp_path / "a.html", '<ol type="a">'), page(tmp_path / "b.html", "<ol>")
    assert main(["compare", str(letters), str(plain), "-o", str(tmp_path / "r.txt")]) == 0
    said = capsys.readouterr().out
    assert said.startswith("0 changes")
    assert f"note: 1 {LETTERS} not compared" in said
    assert f"1 {LETTERS} not compared" in (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert main(["export", str(letters), "-o", str(tmp_path / "out.html")]) == 0
    assert f"1 {LETTERS} not exported" in (tmp_path / "out.html").read_text(encoding="utf-8")
