"""Make the README screenshots with `policyeditor FILE --screenshot OUT.png`.

Builds `snapchat.policy` from the corpus pair (v1 imported and saved as the
approved version 1.0, the draft then set to v2), and draws the window three
times: side by side and inline, then side by side in the dark theme
(`dark.png`), each in a fresh settings folder that names the view and theme.

`review.png` shows the same policy under review: version 1.1 (the draft) in
review, a reviewer's comments on the draft (one with a reply, one resolved, one
outdated by a later edit) in the comments dock, the chosen thread's words
selected and every commented word marked. It is drawn by this script itself,
run again in a subprocess with `--review-window POLICY OUT` (the window needs a
thread chosen, which `--screenshot` cannot do).

    python docs/screenshots/make_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policyeditor.core.model import Status  # noqa: E402
from policyeditor.formats.importers import import_document  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

PAIR = ROOT / "tests" / "data" / "corpus" / "pairs" / "snapchat-privacy-policy"
OUT = Path(__file__).resolve().parent
VIEWS = {"side-by-side.png": (0, "system"), "inline-redline.png": (1, "system"), "dark.png": (0, "dark")}
AUTHOR, REVIEWER = "Dana Reyes", "Rita Okafor"
# (words of the v2 draft, comment); the second is resolved, the third's words are then edited away
REVIEW = [("a more personalised experience", "Does “personalised” cover ad targeting? Say so."),
          ("delete content by default", "Still true for Memories?"),
          ("upfront with how we process it", "Too informal for a privacy policy."),
          ("share privately with your close friends", "Friends only, or groups as well?")]


def make_policy(folder: Path) -> Path:
    """A .policy with v1 as approved version 1.0 and v2 as the edited draft."""
    path = folder / "snapchat.policy"
    old = import_document(PAIR / "v1.md").policy
    new = import_document(PAIR / "v2.md").policy
    old.title = new.title = "Snapchat Privacy Policy"  # the Markdown files carry no title of their own
    with PolicyFile.create(path, old, author="Dana Reyes") as pf:
        pf.save_version(old, "1.0", author="Dana Reyes", note="As published", status=Status.APPROVED)
        pf.save_draft(new)
    return path


def add_review(path: Path) -> None:
    """Version 1.1 in review and the reviewer's comments on the draft (one resolved, one outdated)."""
    from policyeditor.core.body import plain_text
    from policyeditor.review.anchors import make_anchor
    from policyeditor.review.comments import Comments
    from policyeditor.review.workflow import Workflow

    with PolicyFile.open(path) as pf:
        draft = pf.load_draft()
        Workflow(pf).save_version(draft, "1.1", author=AUTHOR, note="2025 update", parent="1.0")
        Workflow(pf).submit_for_review("1.1", AUTHOR)
        comments = Comments(pf)
        made = []
        for words, remark in REVIEW:
            section = next(s for s, _ in draft.walk() if words in plain_text(s.body))
            text = plain_text(section.body)
            at = text.index(words)
            anchor = make_anchor(section.id, text, at, at + len(words))
            made.append((section, comments.comment(REVIEWER, anchor, remark)))
        comments.reply(made[0][1].id, AUTHOR, "It does: I will add a sentence on ads.")
        comments.resolve(made[1][1].id, AUTHOR)
        edited = draft.copy()
        section = edited.find(made[2][0].id)
        section.body = section.body.replace("upfront with how we process it", "open about how we process it")
        pf.save_draft(edited)
        comments.follow_draft(draft, edited, actor=AUTHOR)


def review_window(policy: str, out: str) -> int:
    """Draw the window on `policy` with the first comment thread chosen; save it to `out`."""
    from PySide6.QtCore import QTimer

    from policyeditor.gui.window.app import application, settings
    from policyeditor.gui.window.main_window import MainWindow

    app = application()
    window = MainWindow(settings())
    window.open_path(policy)
    window.show()
    window.review.dock.raise_()

    def shoot() -> None:
        if window.busy():
            QTimer.singleShot(50, shoot)
            return
        first = window.review.threads[0]
        window.review.panel.select_thread(first.id)
        window.review.reveal(first.id)
        QTimer.singleShot(200, lambda: (window.grab().save(out), window.close(), app.exit(0)))

    QTimer.singleShot(300, shoot)
    return app.exec()


def config_folder(temp: str, name: str, view: int, user: str, theme: str = "system") -> dict[str, str]:
    """The environment of a run with its own settings: the view shown, the theme, who is using it."""
    config = Path(temp) / f"config-{name}"
    config.mkdir()
    (config / "policyeditor.ini").write_text(
        f"[view]\nmode={view}\ntheme={theme}\n"
        f"[user]\nname={user}\ninitials={''.join(w[0] for w in user.split())}\n",
        encoding="utf-8")
    env = dict(os.environ, POLICYEDITOR_CONFIG_DIR=str(config))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def main() -> int:
    if sys.argv[1:2] == ["--review-window"]:
        return review_window(sys.argv[2], sys.argv[3])
    with tempfile.TemporaryDirectory() as temp:
        policy = make_policy(Path(temp))
        for name, (view, theme) in VIEWS.items():
            env = config_folder(temp, Path(name).stem, view, AUTHOR, theme)
            subprocess.run([sys.executable, "-m", "policyeditor", str(policy), "--screenshot",
                            str(OUT / name)], check=True, env=env, cwd=ROOT)
            print(OUT / name)
        add_review(policy)
        subprocess.run([sys.executable, __file__, "--review-window", str(policy), str(OUT / "review.png")],
                       check=True, env=config_folder(temp, "review", 0, REVIEWER), cwd=ROOT)
        print(OUT / "review.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
