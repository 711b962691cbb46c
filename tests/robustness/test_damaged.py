"""Damaged and foreign .policy files: one clear sentence, the file untouched, and a way to recover.

Pages scribbled over at random offsets (many seeds), truncations at many lengths, an
SQLite file of another program and a text file named .policy. Opening says what is
wrong (and points at `policyeditor recover` when the file is ours), never changes a
byte; `recover` reads what it can into a new file that opens, checks and verifies.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from policyeditor.cli import main
from policyeditor.core.errors import PolicyFileError
from policyeditor.review.comments import Comments
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store.policyfile import PolicyFile
from policyeditor.store.recover import recover
from tests.review.test_comments import anchor_on
from tests.robustness.checks import run_cli
from tests.store.store_helpers import large_policy

PAGE = 4096
SEEDS = range(40)


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A file of many pages: 80 sections, 6 versions (one approved), comment threads; its version hashes."""
    path = tmp_path_factory.mktemp("damaged") / "original.policy"
    policy = large_policy(80, words=150)
    flat = [section for section, _ in policy.walk()]
    with PolicyFile.create(path, policy, author="Ann") as pf:
        for n in range(6):
            flat[n * 10].body = f"Revised in version {n}. " + flat[n * 10].body
            pf.save_version(policy, f"1.{n}", author="Ann", parent=f"1.{n - 1}" if n else None)
        comments = Comments(pf)
        for n in range(6):
            section = flat[n * 10 + 1]
            word = section.body.split()[3]
            root = comments.comment("Rita", anchor_on(policy, section.id, word), f"Why {word}?",
                                    version=f"1.{n}")
            comments.reply(root.id, "Ann", "Because.")
            if n == 5:
                comments.resolve(root.id, "Rita")
        flow = Workflow(pf)
        flow.submit_for_review("1.5", "Ann")
        flow.approve("1.5", "Rita")
        pf.save_draft(policy)
        hashes = {v.label: v.content_hash for v in pf.versions()}
    return path, hashes


def _copy(original: Path, folder: Path) -> Path:
    path = folder / "damaged.policy"
    shutil.copy(original, path)
    return path


def _check_open_and_recover(path: Path, hashes: dict[str, str], folder: Path) -> tuple[bool, list[str]]:
    """Open (refused in one sentence, or fine), then recover; returns (opened, recovered labels)."""
    before = path.read_bytes()
    opened = True
    try:
        with PolicyFile.open(path) as pf:
            pf.load_draft()
            pf.versions()
    except PolicyFileError as error:
        opened = False
        message = str(error)
        assert "\n" not in message
        assert "policyeditor recover" in message or "not a policy file" in message, message
    assert path.read_bytes() == before, "opening changed the file"
    out = folder / f"recovered-{random.random():.12f}.policy"
    try:
        report = recover(path, out)
    except PolicyFileError as error:
        assert "\n" not in str(error)
        assert not out.exists()
        return opened, []
    assert path.read_bytes() == before, "recovering changed the damaged file"
    with PolicyFile.open(out) as pf:
        assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        pf.load_draft()
        for info in pf.versions():
            assert pf.version(info.label).policy.content_hash() == hashes[info.label] == info.content_hash
        assert {v.label for v in pf.versions()} == set(report.versions)
        assert pf.audit_log()[-1].action == "policy.recovered"
    assert report.lines()[0].startswith("recovered damaged.policy into ")
    return opened, report.versions


def test_an_intact_file_recovers_whole_and_verifies(original, tmp_path):
    path, hashes = original
    out = tmp_path / "copy.policy"
    report = recover(path, out)
    assert report.complete and report.versions == list(hashes) and report.comments == 12
    with PolicyFile.open(out) as pf, PolicyFile.open(path, readonly=True) as old:
        assert verify(pf) == []
        assert pf.load_draft().content_hash() == old.load_draft().content_hash()
        assert len(Comments(pf).threads(all_versions=True)) == 6


@pytest.mark.parametrize("seed", SEEDS)
def test_scribbled_pages_are_told_and_recovered(original, tmp_path, seed):
    source, hashes = original
    path = _copy(source, tmp_path)
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    pages = len(data) // PAGE
    for _ in range(rng.randint(1, 3)):
        page = rng.randrange(1, pages)  # page 0 holds the header, tried separately
        start = page * PAGE + rng.randrange(0, PAGE // 2)
        length = rng.choice([16, 256, PAGE, 2 * PAGE])
        junk = bytes(rng.randrange(256) for _ in range(length)) if seed % 3 else b"\0" * length
        data[start:start + length] = junk[: max(0, len(data) - start)]
    path.write_bytes(bytes(data))
    _check_open_and_recover(path, hashes, tmp_path)


def test_scribbling_loses_little_of_the_draft(original, tmp_path):
    """A page of junk costs the draft only the sections on it; the rest keep their place."""
    from policyeditor.store.recover import LOST_HEADING

    source, _ = original
    with PolicyFile.open(source, readonly=True) as pf:
        draft = pf.load_draft()
    headings = [s.heading for s, _ in draft.walk()]
    kept = 0
    for seed in range(10):
        path = _copy(source, tmp_path)
        data = bytearray(path.read_bytes())
        page = random.Random(seed).randrange(2, len(data) // PAGE)
        data[page * PAGE:(page + 1) * PAGE] = b"\xa5" * PAGE
        path.write_bytes(bytes(data))
        out = tmp_path / f"out{seed}.policy"
        report = recover(path, out)
        with PolicyFile.open(out) as pf:
            recovered = [s.heading for s, _ in pf.load_draft().walk()]
        assert len(recovered) == len(headings)
        assert all(r in (h, LOST_HEADING) for r, h in zip(recovered, headings, strict=True))
        assert recovered.count(LOST_HEADING) == report.draft_sections_lost
        kept += len(headings) - report.draft_sections_lost
        path.unlink()
    assert kept >= 10 * len(headings) * 0.8, kept  # 86% when this was written


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_truncated_files_are_told_and_recovered(original, tmp_path, fraction):
    source, hashes = original
    path = _copy(source, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    opened, _ = _check_open_and_recover(path, hashes, tmp_path)
    assert not opened


def test_scribbled_header_is_not_ours(original, tmp_path):
    path = _copy(original[0], tmp_path)
    data = bytearray(path.read_bytes())
    data[0:100] = bytes(random.Random(1).randrange(256) for _ in range(100))
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(PolicyFileError, match="is damaged or not a policy file$"):
        PolicyFile.open(path)
    with pytest.raises(PolicyFileError, match="cannot be read at all|nothing can be recovered"):
        recover(path, tmp_path / "out.policy")
    assert path.read_bytes() == before and not (tmp_path / "out.policy").exists()


def test_foreign_files_are_refused_by_open_and_recover(tmp_path):
    other = tmp_path / "places.policy"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE places (name TEXT)")
    conn.execute("INSERT INTO places VALUES ('home')")
    conn.commit()
    conn.close()
    text = tmp_path / "notes.policy"
    text.write_text("Meeting notes, not a policy.\n" * 50, encoding="utf-8")
    for path, message in ((other, "an SQLite file of another program"), (text, "not a policy file")):
        before = path.read_bytes()
        with pytest.raises(PolicyFileError, match=message):
            PolicyFile.open(path, readonly=True)
        with pytest.raises(PolicyFileError):
            recover(path, tmp_path / "out.policy")
        assert path.read_bytes() == before
        assert not (tmp_path / "out.policy").exists()


def test_recover_never_overwrites(original, tmp_path):
    path = _copy(original[0], tmp_path)
    taken = tmp_path / "taken.policy"
    taken.write_bytes(b"mine")
    with pytest.raises(PolicyFileError, match="already exists"):
        recover(path, taken)
    with pytest.raises(PolicyFileError):
        recover(path, path)
    assert taken.read_bytes() == b"mine"


def test_the_command_line_points_at_recover_and_recovers(original, tmp_path, capsys):
    source, hashes = original
    path = _copy(source, tmp_path)
    data = bytearray(path.read_bytes())
    data[5 * PAGE:7 * PAGE] = b"\xff" * (2 * PAGE)
    path.write_bytes(bytes(data))
    assert main(["info", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "policyeditor recover damaged.policy -o NEW.policy" in err, err
    out = tmp_path / "new.policy"
    result = run_cli("recover", str(path), "-o", str(out), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("recovered damaged.policy into new.policy")
    assert "versions: " in result.stdout
    assert main(["info", str(out)]) == 0
