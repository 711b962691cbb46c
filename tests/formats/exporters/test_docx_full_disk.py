"""A DOCX written to a full disk fails once, with one OSError for the caller, and leaves nothing behind.

The fault (a probe, on a 64 KB tmpfs): `export … -o full/e.docx` printed its one-line reason, then a
six-line traceback: python-docx's zip, left open by the failed write, failed again when collected.
/dev/full answers every write with "no space left on device", as a full disk does.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from policyeditor.core.model import Policy, Section, Status
from policyeditor.diff.redline import compare
from policyeditor.formats.exporters.docx import export_docx
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.redline.docx import export_redline_docx

FULL = Path("/dev/full")
pytestmark = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")


def _policy(words: str) -> Policy:
    return Policy(title="Privacy", sections=[Section("Scope", words, id="s")])


@pytest.mark.parametrize("write", [
    lambda: export_docx(_policy("We collect data."), FULL, ExportInfo(None, Status.DRAFT)),
    lambda: export_redline_docx(compare(_policy("We collect data."), _policy("We keep data.")), FULL),
], ids=["docx", "redline docx"])
def test_a_full_disk_is_one_error_and_no_traceback_later(write, monkeypatch):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with pytest.raises(OSError, match="No space left"):
        write()
    gc.collect()
    assert unraisable == []
