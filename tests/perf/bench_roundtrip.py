"""Word round trip figures: `.venv/bin/python tests/perf/bench_roundtrip.py`.

Import of the POI files with tracked changes and comments (what each brought in, and how
long it took), each imported again `--into` its own policy (the version sent approved), the
spotify chain v7 imported into a policy holding v1..v6 as versions and credited through them
(what `info --json` lists), and blame of the spotify chain v1..v7 (changes credited, authors, time).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from policyeditor.diff.blame import Step, blame
from policyeditor.diff.ids import carry_ids
from policyeditor.diff.redline import compare
from policyeditor.formats.importers import import_document

DATA = Path(__file__).resolve().parents[1] / "data"


def main() -> None:
    for name in ("delins.docx", "58067.docx", "Tika-792.docx", "testComment.docx"):
        start = time.perf_counter()
        result = import_document(DATA / "poi-docx" / name)
        print(f"{name}: {result.report[0]} ({(time.perf_counter() - start) * 1000:.0f} ms)")
    with tempfile.TemporaryDirectory() as tmp:
        into(Path(tmp))
    chain = DATA / "corpus" / "chains" / "spotify-privacy-policy"
    policies = []
    for k in range(1, 8):
        policy = import_document(chain / f"v{k}.md").policy
        if policies:
            carry_ids(policies[-1], policy)
        policies.append(policy)
    steps = [Step(p, f"author {k}", "", f"{k}.0") for k, p in enumerate(policies, 1)]
    redline = compare(policies[0], policies[-1])
    start = time.perf_counter()
    credits = blame(redline, steps)
    elapsed = (time.perf_counter() - start) * 1000
    credited = sum(1 for c in credits.values() if c.credits)
    authors = len({c.last.author for c in credits.values() if c.last})
    print(f"blame spotify v1..v7: {len(redline.changes)} changes, {credited} credited, "
          f"{authors} authors, {elapsed:.0f} ms")


def into(folder: Path) -> None:
    from policyeditor.app.importing import import_into, import_to_policy
    from policyeditor.core.model import Status
    from policyeditor.review.credits import credits_between
    from policyeditor.store.policyfile import PolicyFile

    for name in ("delins.docx", "58067.docx", "testComment.docx"):
        target = folder / f"{name}.policy"
        import_to_policy(DATA / "poi-docx" / name, target)
        with PolicyFile.open(target) as pf:
            for info in pf.versions():
                pf.set_status(info.label, Status.APPROVED, actor="bench")
        start = time.perf_counter()
        done = import_into(DATA / "poi-docx" / name, target)
        print(f"{name} --into its policy: {done.summary} ({(time.perf_counter() - start) * 1000:.0f} ms)")
    chain = DATA / "corpus" / "chains" / "spotify-privacy-policy"
    target = folder / "spotify.policy"
    first = import_document(chain / "v1.md").policy
    with PolicyFile.create(target, first, author="author 1") as pf:
        for k in range(1, 7):
            policy = import_document(chain / f"v{k}.md").policy
            carry_ids(pf.load_draft(), policy)
            pf.save_draft(policy)
            pf.save_version(policy, f"{k}.0", author=f"author {k}", status=Status.APPROVED)
    start = time.perf_counter()
    done = import_into(chain / "v7.md", target, author="author 7")
    merged = (time.perf_counter() - start) * 1000
    with PolicyFile.open(target, readonly=True) as pf:
        start = time.perf_counter()
        redline = compare(pf.version("1.0").policy, pf.load_draft())
        credits = credits_between(pf, redline, "1.0", None)
        blamed = (time.perf_counter() - start) * 1000
    authors = len({c.last.author for c in credits.values() if c.last})
    print(f"spotify v7 --into (v1..v6 saved): {done.summary} ({merged:.0f} ms); "
          f"1.0 -> draft credited through 6 versions: {len(redline.changes)} changes, {authors} authors "
          f"({blamed:.0f} ms)")


if __name__ == "__main__":
    main()
