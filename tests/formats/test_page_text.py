"""Headers and footers (issue 13): their text is kept as the policy's page text, compared whole and
exported; what they hold beyond text (pictures, page-number fields) is named as not kept."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from policyeditor.cli import main
from policyeditor.core.model import Policy, Section, Status
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import render_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers.docx import import_docx
from policyeditor.formats.redline.html import render_html as render_redline_html
from policyeditor.formats.redline.json import render_json
from policyeditor.formats.redline.text import render_text
from policyeditor.store.policyfile import PolicyFile
from tests.formats.test_content_kinds import edited, part_text

POI = Path(__file__).parents[1] / "data" / "poi-docx"
INFO = ExportInfo("1.0", Status.APPROVED)
FOOTER = "\u2026 and this is a simple footer."


def test_header_and_footer_text_is_kept_as_page_text():
    result = import_docx(POI / "headerFooter.docx")
    assert result.policy.page_text == {"header": "This is a simple header\u2026", "footer": FOOTER}
    assert "header and footer text kept as the policy's page text" in result.report
    assert not result.policy.unkept


def test_only_the_headers_word_shows_count_each_once():
    first = import_docx(POI / "DiffFirstPageHeadFoot.docx").policy  # w:titlePg: a first-page header too
    assert first.page_text["header"].split("\n") == [
        "First header column!\tMid header\tRight header!",
        "I am the header on the first page, and I\u2019m nice and simple"]
    # one header per section (three sections), each kept once
    assert import_docx(POI / "Headers.docx").policy.page_text == {"header": "Section 1\nSection 2\nSection 3"}


def test_a_picture_or_page_number_in_a_header_is_named_by_import_compare_and_export():
    pictured = import_docx(POI / "headerPic.docx")
    assert pictured.policy.unkept == {"header picture": 1}
    assert "1 header picture not imported (the policy cannot hold them)" in pictured.report
    assert compare(pictured.policy, pictured.policy.copy()).left_out == "1 header picture not compared"
    assert "1 header picture not exported" in render_html(pictured.policy, INFO)
    numbered = import_docx(POI / "60329.docx")  # "Page X of Y" in its footer, and a logo
    assert numbered.policy.unkept == {"footer field": 2, "footer picture": 1}
    assert numbered.policy.page_text["footer"].endswith("Page of")


def test_a_compare_whose_only_difference_is_the_footer_says_so(tmp_path, capsys):
    source = POI / "headerFooter.docx"
    changed = edited(source, tmp_path / "v2", "word/footer2.xml", " this is a simple footer.",
                     " this is the new footer.")
    old, new = import_docx(source).policy, import_docx(changed).policy
    redline = compare(old, new)
    assert not redline.changes  # the sections are the same ...
    said = "page footer changed: \u201c\u2026 and this is a simple footer.\u201d \u2192 " \
           "\u201c\u2026 and this is the new footer.\u201d"
    assert redline.page_text_changed == said  # ... and the compare says what did change
    assert f"note: {said}" in render_text(redline)
    assert said in render_redline_html(redline)
    assert json.loads(render_json(redline))["page_text_changed"] == said
    assert "page_text_changed" not in json.loads(render_json(compare(old, old.copy())))
    assert main(["compare", str(source), str(changed), "-o", str(tmp_path / "r.json")]) == 0
    assert f"note: {said}" in capsys.readouterr().out
    assert main(["compare", str(source), str(changed)]) == 0
    assert f"note: {said}" in capsys.readouterr().out


def test_page_text_is_exported_to_docx_and_html_and_read_back(tmp_path):
    policy = import_docx(POI / "DiffFirstPageHeadFoot.docx").policy
    out = tmp_path / "out.docx"
    export_docx(policy, out, INFO)
    with zipfile.ZipFile(out) as archive:
        headers = " ".join(part_text(out, n) for n in archive.namelist() if n.startswith("word/header"))
        footers = " ".join(part_text(out, n) for n in archive.namelist() if n.startswith("word/footer"))
    assert "I am the header on the first page" in headers and "The footer of the first page" in footers
    # the export's own lines (title, version, page numbers) are not taken for page text on import
    assert import_docx(out).policy.page_text == policy.page_text
    html = render_html(policy, INFO)
    header = "First header column! \u00b7 Mid header \u00b7 Right header!"
    assert f'<p class="page-text page-header">{header}</p>' in html
    assert '<p class="page-text page-footer">The footer of the first page</p>' in html


def test_page_text_is_kept_by_the_policy_file_and_in_the_content_hash(tmp_path):
    policy = Policy(title="T", sections=[Section("A", "Text.")])
    plain_hash = policy.content_hash()
    policy.page_text = {"footer": "Confidential"}
    assert policy.content_hash() != plain_hash  # an approval covers the footer too
    assert Policy.from_data(policy.to_data()).page_text == {"footer": "Confidential"}
    path = tmp_path / "p.policy"
    with PolicyFile.create(path, policy) as pf:
        pf.save_version(policy, "1.0", author="Ann")
    with PolicyFile.open(path, readonly=True) as pf:
        assert pf.version("1.0").policy.page_text == {"footer": "Confidential"}
        assert pf.load_draft().page_text == {"footer": "Confidential"}


def test_info_shows_the_page_text(capsys):
    assert main(["info", str(POI / "Headers.docx"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["page_text"] == {"header": "Section 1\nSection 2\nSection 3"}
    assert main(["info", str(POI / "Headers.docx")]) == 0
    assert "page header: Section 1 / Section 2 / Section 3" in capsys.readouterr().out
