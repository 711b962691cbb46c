"""Opening what is not a healthy policy file of ours: a clear error, and the file left as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import large_policy, snapshot

from policyeditor.core.errors import FileInUseError, PolicyFileError
from policyeditor.core.model import Policy
from policyeditor.review.verify import verify
from policyeditor.store import PolicyFile

ROOT = Path(__file__).resolve().parents[2]
DAMAGED = ("good.policy is damaged; try `policyeditor recover good.policy -o NEW.policy` "
           "to save what can still be read into a new file")


@pytest.fixture
def saved(tmp_path) -> Path:
    """A healthy policy file with a draft and two versions, large enough to span many pages."""
    path = tmp_path / "good.policy"
    policy = large_policy(60)
    with PolicyFile.create(path, policy, author="Ann") as pf:
        pf.save_version(policy, "1.0", author="Ann")
        policy.sections[0].body = "Changed."
        pf.save_version(policy, "1.1", author="Ann", parent="1.0")
    return path


def refuses(path: Path, message: str, error: type[Exception] = PolicyFileError, **options) -> None:
    """Opening `path` raises `error` with `message`, and its folder is byte for byte as before."""
    before = snapshot(path.parent)
    with pytest.raises(error) as raised:
        PolicyFile.open(path, **options)
    assert str(raised.value) == message
    assert snapshot(path.parent) == before


@pytest.mark.parametrize("readonly", [False, True])
def test_missing_file(tmp_path, readonly):
    refuses(tmp_path / "nothing.policy", "nothing.policy does not exist", readonly=readonly)
    assert list(tmp_path.iterdir()) == []


def test_folder(tmp_path):
    (tmp_path / "folder.policy").mkdir()
    refuses(tmp_path / "folder.policy", "folder.policy is a folder, not a policy file")


@pytest.mark.parametrize("readonly", [False, True])
@pytest.mark.parametrize("content", [
    b"",
    b"This is a plain text file, not a database.\n" * 40,
    b"SQLite format 3\x00" + b"\xff" * 200,  # an SQLite header followed by junk
])
def test_not_a_database(tmp_path, content, readonly):
    path = tmp_path / "notes.policy"
    path.write_bytes(content)
    refuses(path, "notes.policy is damaged or not a policy file", readonly=readonly)


@pytest.mark.parametrize("readonly", [False, True])
def test_truncated_file(saved, readonly):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    refuses(saved, DAMAGED, readonly=readonly)


@pytest.mark.parametrize("readonly", [False, True])
def test_overwritten_pages(saved, readonly):
    data = bytearray(saved.read_bytes())
    page = 4096
    data[3 * page: 6 * page] = os.urandom(3 * page)  # a disk error in the middle of the file
    saved.write_bytes(bytes(data))
    refuses(saved, DAMAGED, readonly=readonly)


@pytest.mark.parametrize("journal", ["delete", "wal"])
@pytest.mark.parametrize("readonly", [False, True])
def test_sqlite_file_of_another_program(tmp_path, journal, readonly):
    path = tmp_path / "places.policy"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE places (name TEXT)")
    conn.execute("INSERT INTO places VALUES ('home')")
    conn.commit()
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.policy"]  # WAL checkpointed on close
    refuses(path, "places.policy is an SQLite file of another program, not a policy file",
            readonly=readonly)


def test_file_of_a_newer_policyeditor(saved):
    with sqlite3.connect(saved) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    refuses(saved, "good.policy was made by a newer policyeditor (file format 99); "
                   "update policyeditor to open it")
    refuses(saved, "good.policy was made by a newer policyeditor (file format 99); "
                   "update policyeditor to open it", readonly=True)


def test_read_only_file(saved):
    saved.chmod(0o444)
    try:
        refuses(saved, "good.policy is read-only; open it read-only or save a copy elsewhere")
        before = snapshot(saved.parent)
        with PolicyFile.open(saved, readonly=True) as pf:
            assert pf.readonly
            assert [v.label for v in pf.versions()] == ["1.0", "1.1"]
            assert pf.version("1.1").policy.sections[0].body == "Changed."
            assert pf.load_draft().title == "Large policy"
            assert verify(pf) == []
        assert snapshot(saved.parent) == before
    finally:
        saved.chmod(0o644)


def test_file_in_read_only_folder(saved):
    folder = saved.parent
    folder.chmod(0o555)
    try:
        refuses(saved, "good.policy is read-only; open it read-only or save a copy elsewhere")
        before = snapshot(folder)
        with PolicyFile.open(saved, readonly=True) as pf:
            assert pf.readonly and len(pf.versions()) == 2
        assert snapshot(folder) == before
    finally:
        folder.chmod(0o755)


HOLDER = """
import sys
from policyeditor.review.verify import verify
from policyeditor.store import PolicyFile
with PolicyFile.open(sys.argv[1]) as pf:
    print("open", flush=True)
    sys.stdin.readline()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the lock is tested where it is flock")
def test_file_in_use_by_another_process(saved):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(saved)], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == "open"
        refuses(saved, "good.policy is in use by another program; open it read-only", FileInUseError)
        with PolicyFile.open(saved, readonly=True) as pf:  # reading needs no lock
            assert [v.label for v in pf.versions()] == ["1.0", "1.1"]
    finally:
        holder.communicate("done\n", timeout=30)
    assert holder.returncode == 0
    with PolicyFile.open(saved) as pf:  # the lock went with the process
        assert not pf.readonly


def test_second_writer_in_the_same_process_is_refused(saved):
    with PolicyFile.open(saved):
        with pytest.raises(FileInUseError):
            PolicyFile.open(saved)
    PolicyFile.open(saved).close()


def test_healthy_file_opens_without_changing(saved):
    before = snapshot(saved.parent)
    with PolicyFile.open(saved) as pf:
        assert not pf.readonly
        pf.load_draft(), pf.versions(), pf.version("1.0"), pf.info(), verify(pf)
    assert snapshot(saved.parent) == before


def test_closed_file_says_so(tmp_path):
    pf = PolicyFile.create(tmp_path / "a.policy", Policy())
    pf.close()
    pf.close()
    with pytest.raises(PolicyFileError, match="a.policy is closed"):
        pf.versions()


def test_create_where_sqlite_cannot_write(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    with pytest.raises(PolicyFileError, match="cannot create new.policy: unable to open database file"):
        PolicyFile.create(tmp_path / "new.policy", Policy())
    assert list(tmp_path.iterdir()) == []
