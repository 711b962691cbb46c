"""Fields in the tracked redline DOCX: real Word fields, as the clean export writes them.

A field both texts have is the same field (begin, instruction, separate, result, end); one
inserted has its characters in w:ins, one deleted in w:del with its code w:delInstrText; one
whose instruction alone changed (or that came or went around kept words) is the old field
deleted and the new one inserted. Accept All and Reject All give each text's fields, read from
the XML as Word resolves it and, where LibreOffice is installed, by LibreOffice itself.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from policyeditor.core.model import Policy, Section
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.importers.docx import import_docx
from policyeditor.formats.redline.docx import export_redline_docx
from tests.formats.ooxml_check import W, revision_problems
from tests.formats.redline.test_docx import NEW_INFO, OLD_INFO, office, office_words, words  # noqa: F401
from tests.formats.test_content_kinds import POI, edited

_GONE = {"accept": ("del", "moveFrom"), "reject": ("ins", "moveTo")}


def fields_of(path: Path, mode: str | None = None) -> list[tuple[str, str]]:
    """The fields of a DOCX's body as (instruction, shown words), after Accept All ("accept") or
    Reject All ("reject") as Word resolves them: the runs of the other side's revisions gone."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(W + "body")
    for tag in _GONE.get(mode or "", ()):
        for element in list(body.iter(W + tag)):
            if element.getparent().tag not in (W + "rPr", W + "pPr"):  # a paragraph mark's: not runs
                element.getparent().remove(element)
    out: list[tuple[str, str]] = []
    stack: list[list[str]] = []  # per open field: its code, its result, "code" or "result"
    for element in body.iter(W + "fldChar", W + "instrText", W + "delInstrText", W + "t", W + "delText"):
        if element.tag == W + "fldChar":
            kind = element.get(W + "fldCharType")
            if kind == "begin":
                stack.append(["", "", "code"])
            elif kind == "separate" and stack:
                stack[-1][2] = "result"
            elif kind == "end" and stack:
                code, result, _ = stack.pop()
                out.append((" ".join(code.split()), result))
        elif stack and (stack[-1][2] == "code") == (element.tag in (W + "instrText", W + "delInstrText")):
            stack[-1][0 if stack[-1][2] == "code" else 1] += element.text or ""
    assert not stack, f"a field left open in {path.name}"
    return out


def policy(text: str) -> Policy:
    return Policy("Terms", [Section("Dates", text, id="d")])


def field(code: str, shown: str) -> str:
    return f'<field code="{code}">{shown}</field>'


OLD_DATE, NEW_DATE = 'DATE \\\\@ \\"d MMMM yyyy\\"', 'DATE \\\\@ \\"yyyy\\"'
CASES = {
    "field inserted": ("Dated here.", f"Dated {field('DATE', '1 May 2024')} here."),
    "field deleted": (f"Dated {field('DATE', '1 May 2024')} here.", "Dated here."),
    "instruction changed": (f"Dated {field(OLD_DATE, '1 May 2024')} here.",
                            f"Dated {field(NEW_DATE, '1 May 2024')} here."),
    "result changed": (f"Dated {field('DATE', '1 May 2024')} here.",
                       f"Dated {field('DATE', '2 June 2024')} here."),
    "field put around kept words": ("Dated 1 May 2024 here.", f"Dated {field('DATE', '1 May 2024')} here."),
    "field taken off kept words": (f"Dated {field('DATE', '1 May 2024')} here.", "Dated 1 May 2024 here."),
    "field in a moved paragraph": (
        f"{field('DATE', '1 May 2024')} is the date.\n\nA second paragraph about something else entirely.",
        f"A second paragraph about something else entirely.\n\n{field('DATE', '1 May 2024')} is the date."),
}


def exports(old: Policy, new: Policy, folder: Path) -> tuple[Path, Path, Path]:
    out, clean_old, clean_new = folder / "redline.docx", folder / "old.docx", folder / "new.docx"
    export_redline_docx(compare(old, new), out, OLD_INFO, NEW_INFO)
    export_docx(old, clean_old, OLD_INFO, toc=False)
    export_docx(new, clean_new, NEW_INFO, toc=False)
    return out, clean_old, clean_new


def assert_fields_exact(out: Path, clean_old: Path, clean_new: Path) -> None:
    assert fields_of(out, "accept") == fields_of(clean_new)
    assert fields_of(out, "reject") == fields_of(clean_old)
    assert words(out, "--accept") == words(clean_new)
    assert words(out, "--reject") == words(clean_old)
    assert revision_problems(out) == []


_REVISIONS = {W + kind for kind in ("ins", "del", "moveFrom", "moveTo")}


def _revision_of(element) -> str:
    return next((a.tag[len(W):] for a in element.iterancestors() if a.tag in _REVISIONS), "")


def test_a_field_both_texts_have_is_the_clean_exports_field(tmp_path):
    text = f"Dated {field('DATE', '1 May 2024')} here."
    out, clean_old, clean_new = exports(policy(text), policy(text.replace("here.", "here, now.")), tmp_path)
    assert fields_of(out) == fields_of(clean_new) == [("DATE", "1 May 2024")]
    with zipfile.ZipFile(out) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    assert {_revision_of(c) for c in root.iter(W + "fldChar", W + "instrText")} == {""}
    assert_fields_exact(out, clean_old, clean_new)


@pytest.mark.parametrize("case", list(CASES))
def test_accept_all_and_reject_all_give_each_texts_fields(case, tmp_path):
    assert_fields_exact(*exports(policy(CASES[case][0]), policy(CASES[case][1]), tmp_path))


@pytest.mark.parametrize("case, kinds", [("field inserted", {"ins"}), ("field deleted", {"del"}),
                                         ("instruction changed", {"ins", "del"})])
def test_a_field_one_text_alone_has_is_tracked_with_its_characters(case, kinds, tmp_path):
    out, _, _ = exports(policy(CASES[case][0]), policy(CASES[case][1]), tmp_path)
    with zipfile.ZipFile(out) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    chars = list(root.iter(W + "fldChar"))
    assert {_revision_of(c) for c in chars} == kinds and len(chars) == 3 * len(kinds)
    codes = [(c.tag[len(W):], _revision_of(c)) for c in root.iter(W + "instrText", W + "delInstrText")]
    assert sorted(codes) == sorted({"ins": ("instrText", "ins"), "del": ("delInstrText", "del")}[k]
                                   for k in kinds)


def test_a_word_documents_field_whose_instruction_changed_is_the_old_deleted_and_the_new_inserted(tmp_path):
    source = POI / "FieldCodes.docx"
    changed = edited(source, tmp_path / "v2", "word/document.xml", "d MMMM yyyy", "d MMM yyyy")
    old, new = import_docx(source).policy, import_docx(changed).policy
    out, clean_old, clean_new = exports(old, new, tmp_path)
    assert_fields_exact(out, clean_old, clean_new)
    shown = fields_of(out)  # the old field and the new beside it; the author's field as it was
    assert [code for code, _ in shown] == ["AUTHOR \\* Upper \\* MERGEFORMAT",
                                           'CREATEDATE \\@ "d MMMM yyyy" \\* MERGEFORMAT',
                                           'CREATEDATE \\@ "d MMM yyyy" \\* MERGEFORMAT']


@pytest.mark.parametrize("edit", ["deleted", "inserted"])
def test_a_mail_merge_field_deleted_or_inserted_in_a_word_document(edit, tmp_path):
    old = import_docx(POI / "52449.docx").policy
    new = old.copy()
    [holder] = [s for s, _ in new.walk() if '<field code="MERGEFIELD Email">' in s.body]
    holder.body = holder.body.replace('**<field code="MERGEFIELD Email">«Email»</field>**', "", 1)
    if edit == "inserted":
        old, new = new, old
    out, clean_old, clean_new = exports(old, new, tmp_path)
    assert_fields_exact(out, clean_old, clean_new)
    assert len(fields_of(out)) == len(fields_of(clean_old if edit == "deleted" else clean_new)) > 5


# ---------------------------------------------------------------- LibreOffice

@pytest.mark.parametrize("case", ["field inserted", "field deleted", "instruction changed", "result changed",
                                  "field taken off kept words"])
def test_libreoffice_accept_all_and_reject_all_of_a_field(case, office, tmp_path):  # noqa: F811
    out, clean_old, clean_new = exports(policy(CASES[case][0]), policy(CASES[case][1]), tmp_path)
    assert office_words(office, out, "Accept") == office_words(office, clean_new)
    assert office_words(office, out, "Reject") == office_words(office, clean_old)
