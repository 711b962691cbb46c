"""A table's repeated header rows are never drawn over what follows the table (pdf/table_headers.py).

The spotify chain's v1 has a table whose last row ends at the foot of page 15: the padding under it
reached page 16, and Qt drew the table's header there over the next table's ("Collected through
your use of" across "Additional data you may choose to give us"). That table's header is now not
repeated; read back, its last row, which goes on over pages with no border across the page's edge,
is still one row (formats/importers/pdf_tables._shown), and the next table is not taken for its
continuation (`_heads_another`): the PDF shows the version's words, as sign-pdf checks.
"""

from __future__ import annotations

from pathlib import Path

from policyeditor.core.model import Status
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document
from policyeditor.pdf.policy import export_pdf
from policyeditor.review.pdf_text import pdf_differs

SPOTIFY_V1 = Path(__file__).parents[1] / "data" / "corpus" / "chains" / "spotify-privacy-policy" / "v1.md"


def test_a_table_ending_at_a_pages_foot_reads_back_word_for_word(qapp, tmp_path):
    policy = import_document(SPOTIFY_V1).policy
    pdf = tmp_path / "v1.pdf"
    export_pdf(policy, pdf, ExportInfo(None, Status.DRAFT))
    assert pdf_differs(pdf, policy) is None
