"""`policyeditor FILE` while Policy Editor runs: the running application shows FILE, in the window
that has it open, and the second process ends (no read-only second copy)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtNetwork import QLocalSocket

from policyeditor.gui.window.app import settings
from policyeditor.gui.window.recovery import recovery_folder
from policyeditor.gui.window.single_instance import server_name

ROOT = Path(__file__).parents[3]
START_S = 60


def listening(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    up = socket.waitForConnected(200)
    socket.abort()
    return up


def open_paths() -> list[str]:
    found = []
    for path in recovery_folder().glob("*.json"):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8"))["path"])
        except (OSError, ValueError, KeyError):
            pass  # being renamed into place
    return sorted(p for p in found if p)


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + START_S  # a slow machine's start, not a measured time
    while not condition():
        assert time.monotonic() < deadline, f"the running application never {what}"
        time.sleep(0.1)


def test_a_file_opened_again_from_the_command_line_goes_to_the_running_application(qapp, sample_policy,
                                                                                 tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "policyeditor"]
    running = subprocess.Popen([*command, str(sample_policy)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: listening(server_name(settings())), "listened")
        again = subprocess.run([*command, str(sample_policy)], cwd=ROOT, env=env, capture_output=True,
                               text=True, timeout=120)
        assert again.returncode == 0, again.stderr  # handed over: it showed no window of its own
        other = Path(shutil.copy(sample_policy, tmp_path / "other.policy"))
        third = subprocess.run([*command, str(other)], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=120)
        assert third.returncode == 0, third.stderr
        # the running application has each file open once, for writing, in a window of its own
        wait_for(lambda: open_paths() == sorted([str(sample_policy.resolve()), str(other.resolve())]),
                 "opened both files")
        assert running.poll() is None
    finally:
        running.kill()
        running.wait(30)


def test_a_second_listener_leaves_the_running_one_alone_and_a_freed_name_is_taken(qapp):
    from policyeditor.gui.window.single_instance import Listener

    name = server_name(settings())
    shown = []
    first = Listener(name, shown.append)
    assert first.listening
    second = Listener(name, lambda ref: shown.append(("second", ref)))
    assert not second.listening  # the first keeps the name: files handed over still reach it
    assert first.listening and listening(name)
    first.server.close()
    third = Listener(name, shown.append)  # the name freed is taken
    assert third.listening
    third.server.close()
