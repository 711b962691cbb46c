"""The header and footer lines our own DOCX export writes are no policy text, read back in.

Each is marked with a bookmark (bookmarks.OWN_LINE); LibreOffice, saving the export
again, drops the bookmark of the footer's page line (it holds fields), so the lines
are also known by their words in a document whose properties say we exported it.
"""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from policyeditor.cli import main
from policyeditor.core.model import Policy, Section
from policyeditor.formats.importers import import_document
from policyeditor.store.policyfile import PolicyFile

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _policy(folder: Path) -> Path:
    path = folder / "p.policy"
    old = Policy(title="Policy", sections=[Section("Contact", "Write to our DPO for requests.", id="c")])
    new = Policy(title="Policy", sections=[Section("Contact", "Write to our DPO for all requests.", id="c")])
    with PolicyFile.create(path, old, author="A") as pf:
        pf.save_version(old, "1", author="A")
        pf.save_version(new, "2", author="B")
        pf.save_draft(new)
    return path


def _without_bookmarks(path: Path, out: Path) -> Path:
    """`path` with every bookmark of its headers and footers taken out."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            data = source.read(item)
            if re.match(r"word/(header|footer)\d*\.xml$", item.filename):
                data = re.sub(rb"<w:bookmark(Start|End)[^>]*/>", b"", data)
            package.writestr(item, data)
    return out


@pytest.mark.parametrize("redline", [False, True])
def test_our_page_lines_without_their_bookmarks_are_left_out(tmp_path, redline):
    path = _policy(tmp_path)
    sent = tmp_path / "sent.docx"
    against = ["--redline-against", f"{path}@1"] if redline else []
    assert main(["export", f"{path}@2", "-o", str(sent), *against]) == 0
    result = import_document(_without_bookmarks(sent, tmp_path / "bare.docx"))
    assert result.policy.page_text == {}
    assert not any(re.search("page text|(header|footer) field", line) for line in result.report), \
        result.report
    assert sum("our own export wrote" in line for line in result.report) == 1, result.report


def test_a_page_line_of_a_document_we_did_not_export_is_kept(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Text.")
    document.sections[0].footer.paragraphs[0].text = "Version 2 \u00b7 Draft"
    source = tmp_path / "theirs.docx"
    document.save(str(source))
    assert import_document(source).policy.page_text == {"footer": "Version 2 \u00b7 Draft"}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_redline_libreoffice_saved_again_leaves_no_stale_footer_in_later_exports(tmp_path, capsys):
    path = _policy(tmp_path)
    sent = tmp_path / "sent.docx"
    assert main(["export", f"{path}@2", "-o", str(sent), "--redline-against", f"{path}@1"]) == 0
    saved = tmp_path / "lo"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx", "--outdir", str(saved), str(sent)],
                   capture_output=True, timeout=180)
    returned = saved / "sent.docx"
    with zipfile.ZipFile(returned) as package:  # LibreOffice's own: the page line's bookmark is gone
        assert b"_PolicyeditorPage" not in b"".join(package.read(n) for n in package.namelist()
                                                    if n.startswith("word/footer"))
    capsys.readouterr()
    assert main(["import", str(returned), "--into", str(path)]) == 0
    said = capsys.readouterr().out
    assert not re.search("page text|(header|footer) field", said), said
    with PolicyFile.open(path, readonly=True) as pf:
        assert pf.load_draft().page_text == {}
    assert main(["version", str(path), "--label", "3", "--author", "B"]) == 0
    html = tmp_path / "v3.html"
    assert main(["export", f"{path}@3", "-o", str(html)]) == 0
    assert "Page of" not in html.read_text(encoding="utf-8")
