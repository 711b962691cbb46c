"""Make the README's window screenshots of a first run, an accepted change and the import notes.

Each picture is drawn by the application's own window, in a run of its own
with fresh settings (as a new user's first start), offscreen:

- `first-run.png`: the bundled sample (`resources/samples/privacy-policy.txt`)
  opened at 1600×1000, as README's Quick start does;
- `accepted.png`: the Snapchat corpus pair (v1 approved as 1.0, v2 the draft)
  side by side at 1600×1000 after Next Change and three Accept Change (each
  goes on to the next change): the new preface, the date and "Policy" →
  "policy" accepted, the next change ("And if" → "If") chosen and selected;
- `import-notes.png`: the sample at 1280×820 with the Import Notes dock in front
  and its last note clicked: the sentence cut off at the end selected in the
  draft, the empty clause (d) marked.

    python docs/screenshots/make_window_screenshots.py

Run again in a subprocess as `--shot NAME SOURCE OUT` for each picture.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policyeditor.core.model import Status  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

OUT = Path(__file__).resolve().parent
SAMPLE = ROOT / "resources" / "samples" / "privacy-policy.txt"
PAIR = ROOT / "tests" / "data" / "corpus" / "pairs" / "snapchat-privacy-policy"
AUTHOR = "Dana Reyes"
SIZES = {"first-run": (1600, 1000), "accepted": (1600, 1000), "import-notes": (1280, 820)}


def make_pair(folder: Path) -> Path:
    """A .policy with the Snapchat v1 as approved version 1.0 and v2 as the draft."""
    path = folder / "snapchat.policy"
    old = import_document(PAIR / "v1.md").policy
    new = import_document(PAIR / "v2.md").policy
    old.title = new.title = "Snapchat Privacy Policy"  # the Markdown files carry no title of their own
    with PolicyFile.create(path, old, author=AUTHOR) as pf:
        pf.save_version(old, "1.0", author=AUTHOR, note="As published", status=Status.APPROVED)
        pf.save_draft(new)
    return path


def accept_first(window) -> None:  # type: ignore[no-untyped-def]
    """Accept the first three changes (the new preface, the date, "Policy" → "policy"): each moves on."""
    window.actions["nextChange"].trigger()
    window.actions["acceptChange"].trigger()


def click_last_note(window) -> None:  # type: ignore[no-untyped-def]
    window.notes.dock.raise_()
    panel = window.notes.panel
    panel.setCurrentRow(panel.count() - 1)
    window.notes.reveal(panel.count() - 1)


BEFORE: dict[str, Callable] = {"first-run": lambda window: None, "accepted": accept_first,
                               "import-notes": click_last_note}


def shot(name: str, source: str, out: str) -> int:
    """Open `source` in a new window of `SIZES[name]`, do what the picture needs, and save it to `out`."""
    from PySide6.QtCore import QTimer

    from policyeditor.gui.window.app import application, settings
    from policyeditor.gui.window.main_window import MainWindow

    app = application()
    window = MainWindow(settings())
    window.resize(*SIZES[name])
    window.open_path(source)
    window.show()
    steps = [lambda: BEFORE[name](window)]
    if name == "accepted":  # one accept at a time: each waits for the redline the one before asked for
        steps += [lambda: window.actions["acceptChange"].trigger()] * 2
        # there and back: the change now chosen is the one selected in the panes
        steps += [window.actions[name].trigger for name in ("nextChange", "previousChange")]

    def settled() -> bool:
        return not window.busy() and not window.dock_fit.fitting

    def next_step() -> None:
        if not settled():
            QTimer.singleShot(50, next_step)
            return
        if steps:
            steps.pop(0)()
            QTimer.singleShot(200, next_step)  # the redline after an accept comes from its worker
            return
        ok = window.grab().save(out)
        sys.stdout.flush()
        os._exit(0 if ok else 1)  # no close, nor a question: nothing drawn here is worth keeping

    QTimer.singleShot(300, next_step)
    return app.exec()


def fresh_settings(temp: str, name: str) -> dict[str, str]:
    """The environment of a first start: a settings folder of its own, naming only who is using it."""
    config = Path(temp) / f"config-{name}"
    config.mkdir()
    (config / "policyeditor.ini").write_text(f"[user]\nname={AUTHOR}\ninitials=DR\n", encoding="utf-8")
    env = dict(os.environ, POLICYEDITOR_CONFIG_DIR=str(config))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def main() -> int:
    if sys.argv[1:2] == ["--shot"]:
        return shot(*sys.argv[2:5])
    with tempfile.TemporaryDirectory() as temp:
        sources = {"first-run": str(SAMPLE), "accepted": str(make_pair(Path(temp))),
                   "import-notes": str(SAMPLE)}
        for name, source in sources.items():
            out = OUT / f"{name}.png"
            script = str(Path(__file__).resolve())
            subprocess.run([sys.executable, script, "--shot", name, source, str(out)], check=True,
                           env=fresh_settings(temp, name), cwd=temp)  # Save As would start in the temp folder
            print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
