"""Whether each corpus version's PDF shows its words, as `sign-pdf --policy` checks before signing.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/pdf_version_words.py

Each corpus text (the sample, every pair's v1 and v2, the spotify chain's seven steps) is
imported into a .policy, saved as version 1.0 and exported to PDF by the command line; its
pages are read back and held to the version word for word (review/pdf_text.pdf_differs, a
table down each column). Prints where a PDF parts from its version, the time each check took,
and how many of them read back word for word.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from policyeditor.review.pdf_text import pdf_differs  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
COMMAND = [sys.executable, "-m", "policyeditor"]


def main() -> int:
    sources = [CORPUS / "seed" / "privacy-policy.txt", *sorted(CORPUS.glob("pairs/*/v*.md")),
               *sorted(CORPUS.glob("chains/*/v*.md"))]
    same = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, source in enumerate(sources):
            policy, pdf = Path(tmp) / f"{n}.policy", Path(tmp) / f"{n}.pdf"
            for args in (["import", str(source), "-o", str(policy)],
                         ["version", str(policy), "--label", "1.0", "--author", "Bench"],
                         ["export", f"{policy}@1.0", "-o", str(pdf)]):
                subprocess.run([*COMMAND, *args], check=True, capture_output=True)
            with PolicyFile.open(policy, readonly=True) as pf:
                started = time.perf_counter()
                differs = pdf_differs(pdf, pf.version("1.0").policy)
                took = (time.perf_counter() - started) * 1000
            same += differs is None
            print(f"{source.parent.name} {source.name}: {differs or 'word for word'} ({took:.0f} ms)")
    print(f"{same} of {len(sources)} version PDFs show their version's words")
    return 0 if same == len(sources) else 1


if __name__ == "__main__":
    sys.exit(main())
