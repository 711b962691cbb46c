"""Recovery copy benchmark: how long the window's UI thread spends writing an imported draft's
recovery entry (`store.recovery.Keeper.write`), for the sample policy and a 1,000-section draft.

    .venv/bin/python tests/perf/bench_recovery.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policyeditor.core.model import Policy, Section  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.store.recovery import Entry, Keeper  # noqa: E402

ROUNDS = 50


def main() -> None:
    sample = import_document(ROOT / "resources" / "samples" / "privacy-policy.txt").policy
    large = Policy(title="Large", sections=[
        Section(heading=f"Clause {n}", body=" ".join(f"clause{n}word{w}" for w in range(40)))
        for n in range(1000)])
    with tempfile.TemporaryDirectory() as folder:
        keeper = Keeper(Path(folder))
        for name, draft in (("sample", sample), ("1,000 sections", large)):
            times = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                keeper.write(Entry(id="", source="source.docx", name="source.docx", draft=draft))
                times.append((time.perf_counter() - started) * 1000)
            print(f"{name}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
                  f"({ROUNDS} writes)")
        keeper.clear()


if __name__ == "__main__":
    main()
