"""Does the tracked redline DOCX resolve to each text on generated edits? A yardstick, not a test.

    .venv/bin/python tests/perf/generated_redline_round_trip.py [GENERATED] [-v]

For GENERATED (default 120) pairs made by same_compare_output's random edits of the corpus
documents: the tracked redline DOCX is written and read back, and its Accept All is compared
with the new text, its Reject All with the old one (tests/formats/test_export_round_trip.py does
this for the 15 corpus pairs, where every side is exact). A side whose text a clean DOCX export
does not give back either is counted apart: the redline cannot do better there. Prints the sides
with changes nobody made (with -v, their first changes) and the counts.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from same_compare_output import pairs  # noqa: E402

from policyeditor.core.model import Policy, Status  # noqa: E402
from policyeditor.diff.redline import compare  # noqa: E402
from policyeditor.formats.exporters.docx import export_docx  # noqa: E402
from policyeditor.formats.exporters.info import ExportInfo  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.formats.importers.own_cover import without_cover  # noqa: E402
from policyeditor.formats.redline.docx import export_redline_docx  # noqa: E402


def as_read(read: Policy, like: Policy) -> Policy:
    """A policy read back from a DOCX, its cover left out, numbered as `like` is."""
    policy = without_cover(read.copy())
    policy.numbering, policy.metadata = like.numbering, like.metadata
    return policy


def main(argv: list[str]) -> int:
    generated = int(next((a for a in argv if a.isdigit()), "120"))
    verbose = "-v" in argv
    bad = apart = 0
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        found = pairs(work, generated)[21:]  # the generated ones (the corpus pairs are a test's)
        for name, old_path, new_path in found:
            old, new = import_document(old_path).policy, import_document(new_path).policy
            export_redline_docx(compare(old, new), work / "redline.docx")
            result = import_document(work / "redline.docx")
            for side, text, read in (("accept", new, result.policy), ("reject", old, result.original)):
                export_docx(text, work / "clean.docx", ExportInfo(None, Status.DRAFT))
                if compare(text, as_read(import_document(work / "clean.docx").policy, text)).changes:
                    apart += 1
                    continue
                changes = compare(text, as_read(read, text)).changes
                if changes:
                    bad += 1
                    print(f"{side} {name}: {len(changes)} change(s)")
                    for c in changes[:3] if verbose else ():
                        print(f"    {c.kind} {c.formatting} {c.old_text[:70]!r} -> {c.new_text[:70]!r}")
    print(f"{len(found)} generated pairs, {2 * len(found)} sides: {bad} with changes nobody made; "
          f"{apart} whose clean export is not the text either (not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
