"""Scale: a policy of 2,000 sections, 200 versions and 5,000 comments opens, diffs, saves and exports.

Run: `.venv/bin/python tests/perf/bench_scale.py [--cache DIR] [SECTIONS] [VERSIONS] [COMMENTS]`
(default 2000, 200, 5000). Builds the file (each version changes a few sections;
comments are spread over the versions, each its own audited transaction), then
times opening it, loading the newest version, the redline between the first and
last version, saving a version, and exporting to DOCX and HTML. Prints times and
peak memory; asserts nothing (timings depend on the machine).

`--cache DIR` keeps the built file in DIR and starts from a copy of it on later
runs, skipping the minute-long set-up. Each step runs twice: timed alone, then
again under tracemalloc for its peak (tracing makes allocation-heavy code several
times slower, so a traced time would mislead).
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

from store_helpers import large_policy  # noqa: E402

from policyeditor.core.body import plain_text  # noqa: E402
from policyeditor.core.model import Status  # noqa: E402
from policyeditor.diff.redline import compare  # noqa: E402
from policyeditor.formats.exporters.docx import export_docx  # noqa: E402
from policyeditor.formats.exporters.html import export_html  # noqa: E402
from policyeditor.formats.exporters.info import ExportInfo  # noqa: E402
from policyeditor.review.anchors import make_anchor  # noqa: E402
from policyeditor.review.comments import Comments  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402


def timed(label: str, action: Callable[[], Any], release: Callable[[Any], object] = lambda _: None) -> Any:
    """Run `action` twice: once for its wall time, then traced for the peak of Python allocations.

    `release` is given the first run's result before the second (a file opens once at a
    time); returns the second run's result.
    """
    started = time.perf_counter()
    first = action()
    seconds = time.perf_counter() - started
    release(first)
    tracemalloc.start()
    result = action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} {seconds:8.2f} s   peak {peak / 2**20:7.1f} MB")
    return result


def build(path: Path, sections: int, versions: int, comments: int) -> None:
    policy = large_policy(sections, words=60)
    flat = [section for section, _ in policy.walk()]
    with PolicyFile.create(path, policy, author="Ann") as pf:
        for n in range(versions):
            for k in range(3):  # each version changes three sections
                section = flat[(n * 7 + k * 131) % len(flat)]
                section.body = f"Changed in version {n}. " + section.body
            pf.save_version(policy, f"v{n}", author="Ann")
        store = Comments(pf)
        for n in range(comments):
            label = f"v{n % versions}"
            section = flat[(n * 13) % len(flat)]
            text = plain_text(section.body)
            store.comment("Rita", make_anchor(section.id, text, 0, min(len(text), 20)), f"Comment {n}",
                          version=label)
        pf.save_draft(policy)


def main() -> None:
    args = sys.argv[1:]
    cache = Path(args.pop(args.index("--cache") + 1)) if "--cache" in args else None
    args = [a for a in args if a != "--cache"]
    defaults = [2000, 200, 5000]
    sections, versions, comments = [int(a) for a in args[:3]] + defaults[len(args[:3]):]
    folder = Path(tempfile.mkdtemp(prefix="bench_scale_"))
    path = folder / "scale.policy"
    print(f"{sections} sections, {versions} versions, {comments} comments")
    cached = cache / f"scale-{sections}-{versions}-{comments}.policy" if cache else None
    if cached is not None and cached.exists():
        shutil.copyfile(cached, path)
        print(f"{'build the file (setup)':<44} from {cached}")
    else:
        started = time.perf_counter()
        build(path, sections, versions, comments)
        print(f"{'build the file (setup)':<44} {time.perf_counter() - started:8.2f} s")
        if cached is not None:
            cache.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, cached)
    print(f"{'file size':<44} {path.stat().st_size / 2**20:8.1f} MB")

    pf = timed("open (quick_check) and load the draft", lambda: _open(path), lambda first: first.close())
    first = timed("load the first version", lambda: pf.version("v0").policy)
    last = timed("load the last version", lambda: pf.version(f"v{versions - 1}").policy)
    timed("list the comment threads", lambda: Comments(pf).threads(all_versions=True))
    redline = timed("redline first → last (diff.redline.compare)", lambda: compare(first, last))
    print(f"{'  changes found':<44} {len(redline.changes):8d}")
    draft = pf.load_draft()
    labels = iter(["bench", "bench-traced"])  # a label is saved once
    timed("save a version", lambda: pf.save_version(draft, next(labels), author="Ann"))
    info = ExportInfo(None, Status.DRAFT)
    timed("export DOCX", lambda: export_docx(last, folder / "scale.docx", info))
    timed("export HTML", lambda: export_html(last, folder / "scale.html", info))
    timed("verify the record", lambda: _verify(pf))
    pf.close()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory of the process':<44} {peak_rss:8.1f} MB")


def _open(path: Path) -> PolicyFile:
    pf = PolicyFile.open(path)
    pf.load_draft()
    return pf


def _verify(pf: PolicyFile) -> int:
    from policyeditor.review.audit import verify

    problems = verify(pf)
    if problems:
        print("  problems:", problems[:3])
    return len(problems)


if __name__ == "__main__":
    main()
