"""Faults while saving: SIGKILL at random moments, a full disk, a read-only file, a second writer.

What was saved stays saved: after each kill the file opens, `PRAGMA integrity_check`
is ok, every version whose save had returned is there, and the draft is at most one
autosave newer than the last save that returned. The kill test's length is
KILL_ROUNDS (200 unless set).
"""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyeditor.core.errors import FileInUseError, PolicyFileError
from policyeditor.core.model import Policy, Section
from policyeditor.review.verify import verify
from policyeditor.store.policyfile import PolicyFile

CHILD = Path(__file__).with_name("kill_child.py")
KILLS = int(os.environ.get("KILL_ROUNDS", "200"))
COUNTER = re.compile(r"^autosave (\d+)$")


def _kill_policy() -> Policy:
    sections = [Section("Counter", "autosave 0")]
    sections += [Section(f"Part {i}", f"Initial text of part {i}.") for i in range(40)]
    return Policy("Kill test", sections)


def _stored(path: Path, *, check_record: bool) -> tuple[int, set[str]]:
    """Open the file as the program does after a crash; its draft counter and version labels."""
    with PolicyFile.open(path) as pf:
        assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        draft = pf.load_draft()
        labels = {v.label for v in pf.versions()}
        if check_record:
            assert verify(pf) == []
    match = COUNTER.match(draft.sections[0].body)
    assert match, draft.sections[0].body
    return int(match.group(1)), labels


def test_sigkill_while_saving_loses_nothing_that_was_saved(tmp_path):
    path = tmp_path / "killed.policy"
    PolicyFile.create(path, _kill_policy(), author="kill test").close()
    rng = random.Random(20240501)
    draft, known = 0, set()
    saves = 0
    for round_ in range(KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(path), str(round_)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline() == "ready\n", child.stderr.read()
            # the kill falls while it saves: after its first save, however busy the machine is
            first = child.stdout.readline()
            time.sleep(rng.uniform(0.005, 0.060))
            child.send_signal(signal.SIGKILL)
            out, err = child.communicate(timeout=30)
            out = first + out
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL, err[-2000:]
        lines = out.splitlines()
        reported_drafts = [int(line.split()[1]) for line in lines if line.startswith("draft ")]
        reported_versions = {line.split()[1] for line in lines if line.startswith("version ")}
        saves += len(reported_drafts) + len(reported_versions)
        floor = max(reported_drafts, default=draft)
        stored_draft, labels = _stored(path, check_record=round_ % 25 == 24 or round_ == KILLS - 1)
        assert floor <= stored_draft <= floor + 1, (round_, floor, stored_draft)
        assert reported_versions <= labels, reported_versions - labels
        unreported = labels - known - reported_versions
        assert len(unreported) <= 1, unreported  # a commit that returned as the kill came
        known |= labels
        draft = stored_draft
    assert saves > KILLS, "the children saved too little for the test to mean anything"
    print(f"{KILLS} kills, {saves} saves reported, {len(known)} versions, draft {draft}")


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # a rollback journal that still holds a transaction


def _hot(journal: Path) -> bool:
    """Whether a rollback journal is there and live (a stale one, header zeroed, is ignored by SQLite)."""
    try:
        return journal.read_bytes()[:8] == JOURNAL_MAGIC
    except FileNotFoundError:
        return False


def _leave_hot_journal(path: Path, journal: Path) -> bool:
    """Kill writers until one dies between writing its journal and committing (True), or give up."""
    for attempt in range(300):
        child = subprocess.Popen([sys.executable, str(CHILD), str(path), str(attempt)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline() == "ready\n"
        time.sleep(0.002 * (attempt % 20))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        if _hot(journal):
            return True
        with PolicyFile.open(path):
            pass
    return False


def test_reading_a_file_a_crash_left_with_a_hot_journal(tmp_path):
    """Read-only opens (info, compare, export) of a file whose writer died mid-transaction."""
    path = tmp_path / "hot.policy"
    PolicyFile.create(path, _kill_policy(), author="t").close()
    journal = path.with_name(path.name + "-journal")
    if not _leave_hot_journal(path, journal):
        pytest.skip("no kill landed inside a transaction")
    saved = _stored_copy(path, journal, tmp_path)
    with PolicyFile.open(path, readonly=True) as pf:  # rolls the dead writer's journal back first
        assert pf.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert pf.load_draft().sections[0].body == saved
    assert not _hot(journal)
    with PolicyFile.open(path) as pf:
        assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _stored_copy(path: Path, journal: Path, tmp_path: Path) -> str:
    """The counter of the last save, read from a copy of the file and its journal (rolled back there)."""
    import shutil

    copy = tmp_path / "copy" / path.name
    copy.parent.mkdir()
    shutil.copy(path, copy)
    shutil.copy(journal, copy.with_name(journal.name))
    with PolicyFile.open(copy) as pf:
        return pf.load_draft().sections[0].body


def test_a_hot_journal_on_a_read_only_file_is_told_not_called_damage(tmp_path):
    path = tmp_path / "hot.policy"
    PolicyFile.create(path, _kill_policy(), author="t").close()
    journal = path.with_name(path.name + "-journal")
    if not _leave_hot_journal(path, journal):
        pytest.skip("no kill landed inside a transaction")
    path.chmod(0o444)
    try:
        before = path.read_bytes()
        with pytest.raises(PolicyFileError, match="was left mid-save by a program that stopped"):
            PolicyFile.open(path, readonly=True)
        assert path.read_bytes() == before and _hot(journal)
    finally:
        path.chmod(0o644)


# ----------------------------------------------------------------------------- a full disk


def test_full_disk_on_save_version_keeps_file_and_draft(tmp_path):
    """SQLITE_FULL (a size limit standing in for a full disk) mid-version: told, rolled back."""
    path = tmp_path / "full.policy"
    policy = Policy("Full", [Section("One", "Short text.")])
    PolicyFile.create(path, policy).close()
    before = path.read_bytes()
    with PolicyFile.open(path) as pf:
        pf.conn.execute(f"PRAGMA max_page_count = {pf.conn.execute('PRAGMA page_count').fetchone()[0]}")
        draft = policy.copy()
        draft.sections[0].body = "word " * 100_000
        with pytest.raises(PolicyFileError, match="disk is full"):
            pf.save_version(draft, "1.0", author="a")
        assert draft.sections[0].body.startswith("word ")  # the draft in memory is untouched
        assert pf.versions() == []
        assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert path.read_bytes() == before


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_full_disk_on_export_is_one_line_and_keeps_the_policy(suffix, tmp_path, monkeypatch, capsys):
    from policyeditor.cli import main

    path = tmp_path / "p.policy"
    PolicyFile.create(path, Policy("Exported", [Section("One", "Text.")])).close()
    before = path.read_bytes()
    out = tmp_path / f"out{suffix}"
    if suffix == ".html":
        monkeypatch.setattr(Path, "write_text", _enospc)
    else:
        import docx.document

        monkeypatch.setattr(docx.document.Document, "save", _enospc)
    assert main(["export", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no space left on device" in err.lower(), err
    assert path.read_bytes() == before and not out.exists()


def test_full_disk_on_import_leaves_no_file(tmp_path, monkeypatch, capsys):
    """The new .policy is built under a temporary name; a full disk leaves neither behind."""
    import sqlite3

    from policyeditor.cli import main

    source = tmp_path / "in.md"
    source.write_text("# T\n\n## A\n\nText.\n", encoding="utf-8")
    real_connect = sqlite3.connect

    def full_connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.execute("PRAGMA max_page_count = 2")
        return conn

    monkeypatch.setattr(sqlite3, "connect", full_connect)
    out = tmp_path / "out.policy"
    assert main(["import", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "full" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.md"]


# ----------------------------------------------------------------------------- read-only and in use


def test_read_only_file_is_told_and_opens_read_only(tmp_path):
    path = tmp_path / "ro.policy"
    PolicyFile.create(path, Policy("RO", [Section("One", "Text.")])).close()
    path.chmod(0o444)
    try:
        with pytest.raises(PolicyFileError, match="is read-only; open it read-only"):
            PolicyFile.open(path)
        with PolicyFile.open(path, readonly=True) as pf:
            assert pf.load_draft().title == "RO"
            with pytest.raises(PolicyFileError, match="open read-only"):
                pf.save_draft(Policy("Changed", []))
    finally:
        path.chmod(0o644)


def test_second_process_is_told_in_use_and_can_still_read(tmp_path):
    """A writer in another process: FileInUseError ("in use ... open it read-only"), then a read works."""
    path = tmp_path / "shared.policy"
    PolicyFile.create(path, _kill_policy(), author="t").close()
    child = subprocess.Popen([sys.executable, str(CHILD), str(path), "1"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "ready\n"
        with pytest.raises(FileInUseError, match="in use by another program; open it read-only"):
            PolicyFile.open(path)
        for _ in range(20):  # reads between the writer's commits, while it keeps saving
            with PolicyFile.open(path, readonly=True) as pf:
                assert COUNTER.match(pf.load_draft().sections[0].body)
    finally:
        child.kill()
        child.communicate(timeout=30)
    with PolicyFile.open(path) as pf:  # the lock died with the process
        assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

