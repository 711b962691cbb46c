"""PDF export on a full disk (issue 14): exit 2, one sentence, and no broken file left behind.

Qt's PDF writer does not raise when a write fails: it used to leave a cut-off PDF
and exit 0. The disk is filled the way the kernel does it for one process,
RLIMIT_FSIZE (writes past the limit fail with EFBIG once SIGXFSZ is ignored).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from policyeditor.pdf.policy import complete_pdf

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "tests/data/corpus/pairs/reddit-terms-of-service/v1.md"
LIMIT = 30_000  # bytes: the source's PDF is several times larger


def _export_with_a_full_disk(out: Path) -> subprocess.CompletedProcess:
    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    return subprocess.run([sys.executable, "-m", "policyeditor", "export", str(SOURCE), "-o", str(out)],
                          preexec_fn=full_disk, capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_pdf_export_on_a_full_disk_says_so_and_leaves_no_broken_file(tmp_path):
    out = tmp_path / "policy.pdf"
    done = _export_with_a_full_disk(out)
    assert done.returncode == 2, done.stdout
    said = done.stderr.strip()
    assert said.startswith("policyeditor:") and "disk is full" in said and said.count("\n") == 0, said
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_an_earlier_pdf_stays_as_it_was(tmp_path):
    out = tmp_path / "policy.pdf"
    done = subprocess.run([sys.executable, "-m", "policyeditor", "export", str(SOURCE), "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    before = out.read_bytes()
    assert complete_pdf(out) and len(before) > LIMIT
    assert _export_with_a_full_disk(out).returncode == 2
    assert out.read_bytes() == before and os.listdir(tmp_path) == ["policy.pdf"]


def test_a_cut_off_pdf_is_not_complete(tmp_path):
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF\n")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[:-8])
    assert complete_pdf(whole) and not complete_pdf(cut)
