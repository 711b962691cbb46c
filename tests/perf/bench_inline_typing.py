"""Inline-redline typing: what a keystroke typed in the inline view costs, and its redraw.

Types 12 characters, one at a time, waiting for each redline, into the inline view
of two policies: the sample policy's first section (its v1.0 the approved base of
its own text) and the longest section of the largest corpus document (by words,
v2 of a pair, whose v1 is the approved base, as `bench_typing.py` picks it).
Prints the median and longest time the keystroke itself took (the cursor mapped to
the draft, the edit read back, the insertion shown at once) and the redraw once
the redline of the edited draft is in.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_inline_typing.py [--sample | --largest]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import policyeditor.gui  # noqa: E402,F401  (the PySide6 refcount guard first)
from policyeditor.core.model import Policy, Status  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "privacy-policy.txt"
CORPUS = ROOT / "tests" / "data" / "corpus" / "pairs"
TYPED = "quite fully "


def largest_pair() -> Path:
    return max(CORPUS.glob("*/v2.md"), key=lambda p: len(p.read_text(encoding="utf-8").split())).parent


def _policy_file(folder: Path, old: Policy, new: Policy) -> Path:
    path = folder / "bench.policy"
    with PolicyFile.create(path, old, author="Bench") as pf:
        pf.save_version(old, "1.0", author="Bench", status=Status.APPROVED)
        if new is not old:
            pf.save_draft(new)
    return path


def _sample_place(view) -> int:  # type: ignore[no-untyped-def]
    found = view.document().find("respects the privacy", 0, QTextDocument.FindFlag.FindCaseSensitively)
    return found.selectionStart() + len("respects ")


def _longest_place(view) -> int:  # type: ignore[no-untyped-def]
    """A word's start in the middle of the longest draft section's text, as the inline view shows it."""
    from policyeditor.gui.editing.text_map import region_map

    sections = [s for s, _ in view.draft.policy.walk()]
    section = max(sections, key=lambda s: len(s.body))
    start, end = view._regions()[section.id]
    shown = region_map(view.document(), start, end, section.body)
    middle = len(shown.positions) // 2
    for i in range(middle, len(shown.positions)):
        if shown.plain[shown.offsets[i] - 1] == " ":
            print(f"  typing into section {section.id} ({len(section.body.split()):,} words)")
            return shown.positions[i]
    raise SystemExit("no word start in the longest section")


def bench(app: QApplication, name: str, old: Policy, new: Policy, place) -> None:  # type: ignore[no-untyped-def]
    folder = Path(tempfile.mkdtemp())
    path = _policy_file(folder, old, new)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    from policyeditor.gui.window.app import settings
    from policyeditor.gui.window.main_window import INLINE, MainWindow

    window = MainWindow(settings())
    window.show()

    def wait(done) -> None:  # type: ignore[no-untyped-def]
        while not done():
            app.processEvents()

    window.open_path(str(path))
    wait(lambda: not window.opening() and not window.busy())
    window.set_view(INLINE)
    wait(lambda: not window.busy())
    view = window.inline_view
    view.setFocus()
    print(f"{name}: {new.section_count()} sections, {new.word_count():,} words")
    cursor = view.textCursor()
    cursor.setPosition(place(view))
    view.setTextCursor(cursor)
    keys: list[float] = []
    redraws: list[float] = []
    drawn = view.show_redline

    def timed(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        drawn(*args, **kwargs)
        redraws.append((time.perf_counter() - started) * 1000)

    view.show_redline = timed  # type: ignore[method-assign]
    before = window.session.document.policy.word_count()
    for char in TYPED:
        started = time.perf_counter()
        QTest.keyClicks(view, char)
        keys.append((time.perf_counter() - started) * 1000)
        wait(lambda: not window.busy())
    assert window.session.document.policy.word_count() == before + len(TYPED.split()), \
        "the typed words did not reach the draft"
    print(f"  inline keystroke: median {statistics.median(keys):.1f} ms, longest {max(keys):.1f} ms; "
          f"redraw: median {statistics.median(redraws):.1f} ms, longest {max(redraws):.1f} ms "
          f"({len(keys)} keys)")
    window.close()


def main() -> None:
    app = QApplication([])
    which = sys.argv[1:] or ["--sample", "--largest"]
    if "--sample" in which:
        sample = import_document(SAMPLE).policy
        bench(app, "sample policy", sample, sample, _sample_place)
    if "--largest" in which:
        pair = largest_pair()
        old, new = import_document(pair / "v1.md").policy, import_document(pair / "v2.md").policy
        bench(app, f"{pair.name}/v2.md", old, new, _longest_place)


if __name__ == "__main__":
    main()
