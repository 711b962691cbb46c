"""Corpus round trip: every `pairs/*/v2.md` imported, exported to DOCX and HTML, its words counted back.

Two yardsticks, both measured by `tests/data/tools/words_kept.py` in a subprocess:
- against the Markdown source (≥ 99.5 %, the product's bar for import plus export);
- against the imported policy's own words (≥ 99.9 %): what the export alone loses.
"""

from __future__ import annotations

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

def words_kept(source: Path, output: Path, floor: float) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(WORDS_KEPT), str(source), str(output), str(floor)],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("source", SOURCES, ids=[p.parent.name for p in SOURCES])
@pytest.mark.parametrize("kind", sorted(EXPORTERS))
def test_export_keeps_the_words(source, kind, tmp_path):
    policy = import_document(source).policy
    output = tmp_path / f"{source.parent.name}.{kind}"
    EXPORTERS[kind](policy, output, ExportInfo("2", Status.APPROVED))

    result = words_kept(source, output, 99.5)
    assert result.returncode == 0, result.stdout + result.stderr

    own = tmp_path / "policy.txt"
    # the HTML page shows the title in its <header>, outside the <main> the yardstick reads
    text = policy_text(policy)
    own.write_text(text.split("\n", 1)[1] if kind == "html" else text, encoding="utf-8")
    result = words_kept(own, output, 99.9)
    assert result.returncode == 0, result.stdout + result.stderr
