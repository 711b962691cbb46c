"""A .policy file another tool put in WAL mode (issue 14): read-only reads leave nothing behind.

SQLite makes `-wal` and `-shm` beside a WAL file even to read it, keeps them after a
read-only connection closes, and cannot make them on a read-only folder, where a
healthy file was then called damaged.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from policyeditor.store.policyfile import PolicyFile
from tests.review.conftest import small_policy

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def wal_file(tmp_path) -> Iterator[Path]:
    # a folder every user can reach (pytest's own is root's alone): the read-only test reads as nobody
    top = Path(tempfile.mkdtemp(prefix="policyeditor-wal-"))
    os.chmod(top, 0o755)
    folder = top / "shelf"
    folder.mkdir()
    path = folder / "wal.policy"
    with PolicyFile.create(path, small_policy(), author="Ann") as pf:
        pf.save_version(small_policy(), "1.0", author="Ann")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    assert sorted(os.listdir(folder)) == ["wal.policy"]
    yield path
    os.chmod(folder, 0o755)
    shutil.rmtree(top)


def _verify(path: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policyeditor", "info", str(path), "--verify"],
                          capture_output=True, text=True, cwd=REPO, **kwargs)


def test_a_read_only_verify_of_a_wal_file_leaves_no_side_files(wal_file):
    done = _verify(wal_file)
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout
    assert sorted(os.listdir(wal_file.parent)) == ["wal.policy"]
    with PolicyFile.open(wal_file, readonly=True) as pf:
        assert [v.label for v in pf.versions()] == ["1.0"]
    assert sorted(os.listdir(wal_file.parent)) == ["wal.policy"]


def test_a_healthy_wal_file_in_a_read_only_folder_is_not_called_damaged(wal_file):
    folder = wal_file.parent
    os.chmod(folder, 0o555)
    try:
        if os.geteuid() == 0:  # root writes anyway: read as a user the folder's mode stops
            done = _verify(wal_file, user=65534, group=65534,
                           env={**os.environ, "HOME": "/tmp", "PYTHONPATH": str(REPO)})
        else:
            done = _verify(wal_file)
    finally:
        os.chmod(folder, 0o755)
    assert done.returncode == 0, done.stderr
    assert "damaged" not in done.stderr and "verified" in done.stdout
    assert sorted(os.listdir(folder)) == ["wal.policy"]
