"""Corpus round trip: every `pairs/*/v2.md` imported, exported to DOCX and HTML, its words counted back.

Two yardsticks, both measured by `tests/data/tools/words_kept.py` in a subprocess:
- against the Markdown source (≥ 99.5 %, the product's bar for import plus export);
- against the imported policy's own words (≥ 99.9 %): what the export alone loses.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policyeditor.core.model import Status
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.html import export_html
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document
from tests.conftest import DATA, corpus_files
from tests.formats.wordcheck import policy_text

WORDS_KEPT = DATA / "tools" / "words_kept.py"
SOURCES = corpus_files("pairs/*/v2.md", "seed/*.txt")
EXPORTERS = {"docx": export_docx, "html": export_html}

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def docx_as_text(tmp_path_factory):
    """Every source's DOCX export as LibreOffice reads it (Word's heading numbers included), in one run."""
    if SOFFICE is None:
        return {}
    folder = tmp_path_factory.mktemp("docx-text")
    paths = []
    for source in SOURCES:
        path = folder / f"{source.parent.name}.docx"
        export_docx(import_document(source).policy, path, ExportInfo("2", Status.APPROVED))
        paths.append(path)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(folder), *map(str, paths)],
                   capture_output=True, timeout=600)
    return {p.stem: p.with_suffix(".txt") for p in paths if p.with_suffix(".txt").exists()}


def words_kept(source: Path, output: Path, floor: float) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(WORDS_KEPT), str(source), str(output), str(floor)],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("source", SOURCES, ids=[p.parent.name for p in SOURCES])
@pytest.mark.parametrize("kind", sorted(EXPORTERS))
def test_export_keeps_the_words(source, kind, tmp_path, docx_as_text):
    policy = import_document(source).policy
    output = tmp_path / f"{source.parent.name}.{kind}"
    EXPORTERS[kind](policy, output, ExportInfo("2", Status.APPROVED))
    # a DOCX numbers its headings with Word's numbering, not typed text: read as Word shows it
    shown = docx_as_text.get(source.parent.name) if kind == "docx" else None
    if shown is not None:
        output = shown

    if not (kind == "docx" and shown is None):  # without LibreOffice, only the words of the text
        result = words_kept(source, output, 99.5)
        assert result.returncode == 0, result.stdout + result.stderr

    own = tmp_path / "policy.txt"
    # the HTML page shows the title in its <header>, outside the <main> the yardstick reads
    text = policy_text(policy, typed_numbers=kind != "docx" or shown is not None)
    own.write_text(text.split("\n", 1)[1] if kind == "html" else text, encoding="utf-8")
    result = words_kept(own, output, 99.9)
    assert result.returncode == 0, result.stdout + result.stderr
