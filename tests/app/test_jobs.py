"""The shared jobs (policyeditor.app): progress, cancel, one sentence on failure, no half-written file."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from policyeditor.app.export import ExportRequest, export
from policyeditor.app.files import write_into_place
from policyeditor.app.importing import import_to_policy
from policyeditor.app.jobs import Cancelled, Job, JobError
from policyeditor.cli import main
from policyeditor.core.errors import PolicyFileError
from policyeditor.core.model import Status
from policyeditor.formats.exporters.info import ExportInfo
from policyeditor.formats.importers import import_document

PAIR = Path(__file__).resolve().parents[1] / "data" / "corpus" / "pairs" / "spotify-privacy-policy"


def policies():
    return import_document(PAIR / "v1.md").policy, import_document(PAIR / "v2.md").policy


def test_progress_is_reported_step_by_step(tmp_path):
    old, new = policies()
    seen: list[tuple[int, int, str]] = []
    job = Job(lambda done, total, what: seen.append((done, total, what)))
    out = export(ExportRequest("", new, ExportInfo(None, Status.DRAFT), tmp_path / "r.json", "v2", old,
                               base_name="v1"), job)
    assert out.is_file()
    assert [done for done, _, _ in seen] == [0, 1, 3]
    assert all(total == 3 for _, total, _ in seen)


def test_cancel_leaves_no_file(tmp_path):
    old, new = policies()
    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        export(ExportRequest("docx", new, None, tmp_path / "r.docx", base=old), job)
    assert list(tmp_path.iterdir()) == []


def test_cancel_while_writing_keeps_the_old_file(tmp_path):
    target = tmp_path / "r.txt"
    target.write_text("before")
    job = Job()

    def write(tmp: Path) -> None:
        tmp.write_text("half")
        job.cancel()  # the person presses Cancel while the file is being written

    with pytest.raises(Cancelled):
        write_into_place(target, write, job)
    assert target.read_text() == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_a_writers_refusal_names_the_users_file_not_the_temporary_one(tmp_path):
    """A full disk while a .policy is built: SQLite's reason, said of n.policy (not .n.1a2b.part.policy)."""
    def write(temporary: Path) -> None:
        raise PolicyFileError(f"cannot create {temporary.name}: database or disk is full")

    with pytest.raises(PolicyFileError) as caught:
        write_into_place(tmp_path / "n.policy", write, Job())
    assert str(caught.value) == "cannot create n.policy: database or disk is full"
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_gives_one_sentence_and_no_file(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)  # refused to root too: a folder marked read-only is kept as it is
    try:
        with pytest.raises(JobError) as caught:
            export(ExportRequest("html", policies()[1], None, folder / "p.html"))
    finally:
        folder.chmod(0o700)
    assert "\n" not in str(caught.value) and "cannot write p.html" in str(caught.value)
    assert list(folder.iterdir()) == []


def test_full_disk_gives_one_sentence_and_no_file(tmp_path, monkeypatch):
    def enospc(self, data):  # the disk fills half way through writing the file
        with open(self, "wb") as file:
            file.write(data[:7])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", enospc)
    with pytest.raises(JobError) as caught:
        export(ExportRequest("docx", policies()[1], None, tmp_path / "p.docx"))
    assert str(caught.value) == f"cannot write p.docx in {tmp_path}: no space left on device"
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_gives_one_sentence(tmp_path):
    with pytest.raises(JobError, match="cannot write r.json in"):
        export(ExportRequest("", *policies()[1:], None, tmp_path / "no" / "r.json", base=policies()[0]))


def test_a_redline_computed_or_given_writes_the_same_file(tmp_path):
    from policyeditor.diff.redline import compare

    old, new = policies()
    export(ExportRequest("", new, None, tmp_path / "a.json", "v2", old, base_name="v1"))
    given = compare(old, new).with_labels("v1", "v2")
    export(ExportRequest("", new, None, tmp_path / "b.json", redline=given))
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_import_job_creates_the_policy_file_only_when_done(tmp_path):
    done = import_to_policy(PAIR / "v1.md", tmp_path / "p.policy", author="ann")
    assert done.path.is_file() and done.policy.sections
    assert [p.name for p in tmp_path.iterdir()] == ["p.policy"]
    with pytest.raises(JobError, match="already exists"):
        import_to_policy(PAIR / "v1.md", tmp_path / "p.policy")


@pytest.mark.parametrize("suffix", [".json", ".txt", ".html", ".docx", ".blackline.docx"])
def test_cli_and_window_export_give_identical_files(tmp_path, suffix):
    """The command line's redline and the window's request (texts, infos, names) write the same bytes."""
    from lxml import etree

    from policyeditor.refs import comparable, load_ref

    # .policy files, so both sides see the same section ids (an import makes new ones)
    old_ref, new_ref = str(tmp_path / "v1.policy"), str(tmp_path / "v2.policy")
    import_to_policy(PAIR / "v1.md", Path(old_ref))
    import_to_policy(PAIR / "v2.md", Path(new_ref))
    assert main(["compare", old_ref, new_ref, "-o", str(tmp_path / f"cli{suffix}")]) == 0
    old, new = load_ref(old_ref), load_ref(new_ref)
    base, policy = comparable(old, new)
    info = ExportInfo(None, old.status)
    style = "blackline" if suffix == ".blackline.docx" else "tracked"
    export(ExportRequest("", policy, info, tmp_path / f"win{suffix}", new.name, base, info, old.name,
                         style=style))
    cli, win = tmp_path / f"cli{suffix}", tmp_path / f"win{suffix}"
    if suffix.endswith(".docx"):
        from tests.formats.ooxml_check import parts

        cli_parts, win_parts = parts(cli), parts(win)
        assert cli_parts.keys() == win_parts.keys()

        def timeless(part) -> bytes:  # the two writes may fall in different seconds
            return re.sub(rb'w:date="[^"]*"', b'w:date=""', etree.tostring(part))

        for name in cli_parts:
            if name != "docProps/core.xml":  # the package's own creation time
                assert timeless(cli_parts[name]) == timeless(win_parts[name]), name
    else:
        assert cli.read_bytes() == win.read_bytes()
