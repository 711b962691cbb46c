"""Make the README screenshots with `policyeditor FILE --screenshot OUT.png`.

Builds `snapchat.policy` from the corpus pair (v1 imported and saved as the
approved version 1.0, the draft then set to v2), and draws the window twice,
side by side and inline, each in a fresh settings folder that names the view.

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
from policyeditor.formats import import_document  # noqa: E402
from policyeditor.store.policyfile import PolicyFile  # noqa: E402

PAIR = ROOT / "tests" / "data" / "corpus" / "pairs" / "snapchat-privacy-policy"
OUT = Path(__file__).resolve().parent
VIEWS = {"side-by-side.png": 0, "inline-redline.png": 1}


def make_policy(folder: Path) -> Path:
    """A .policy with v1 as approved version 1.0 and v2 as the edited draft."""
    path = folder / "snapchat.policy"
    old = import_document(PAIR / "v1.md").policy
    new = import_document(PAIR / "v2.md").policy
    with PolicyFile.create(path, old, author="Dana Reyes") as pf:
        pf.save_version(old, "1.0", author="Dana Reyes", note="As published", status=Status.APPROVED)
        pf.save_draft(new)
    return path


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        policy = make_policy(Path(temp))
        for name, view in VIEWS.items():
            config = Path(temp) / f"config-{view}"
            config.mkdir()
            (config / "policyeditor.ini").write_text(
                f"[view]\nmode={view}\n[user]\nname=Dana Reyes\ninitials=DR\n", encoding="utf-8")
            env = dict(os.environ, POLICYEDITOR_CONFIG_DIR=str(config))
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
            subprocess.run([sys.executable, "-m", "policyeditor", str(policy), "--screenshot",
                            str(OUT / name)], check=True, env=env, cwd=ROOT)
            print(OUT / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
