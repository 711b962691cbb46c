#!/usr/bin/env python3
"""One entry for a newcomer: `python3 dev.py run [FILE]` opens the application,
`python3 dev.py test [PYTEST ARGS]` runs the whole test suite.

Both create or refresh the local virtual environment `.venv` first (re-installing
when pyproject.toml changed), so a machine needs nothing but python3 (3.11+).
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".installed"
SAMPLE = ROOT / "resources" / "samples" / "privacy-policy.txt"


def ensure_venv() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("dev.py: installing policyeditor and its test tools into .venv", file=sys.stderr)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in ("run", "test"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_venv()
    if argv[1] == "run":
        args = argv[2:] or [str(SAMPLE)]
        return subprocess.call([str(PYTHON), "-m", "policyeditor", *args])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(PYTHON), "-m", "pytest", *argv[2:]], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
