"""A folder that refuses the file: one sentence naming the user's file and folder, why in plain words,
and nothing left; told before any writer (SQLite, Qt's PDF painter) words it its own way."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyeditor.app.export import ExportRequest, export
from policyeditor.app.importing import import_to_policy
from policyeditor.app.jobs import JobError
from tests.app.test_jobs import PAIR, policies


def pdf_requests(folder: Path) -> list[ExportRequest]:
    old, new = policies()
    return [ExportRequest("pdf", new, None, folder / "x.pdf"),
            ExportRequest("pdf", new, None, folder / "c.pdf", "v2", old, base_name="v1")]


@pytest.mark.parametrize("which", [0, 1], ids=["policy", "redline"])
def test_pdf_into_a_read_only_folder_is_permission_denied_without_qt_warnings(read_only, capfd, which):
    request = pdf_requests(read_only)[which]
    with pytest.raises(JobError) as caught:
        export(request)
    assert str(caught.value) == f"cannot write {request.path.name} in {read_only}: permission denied"
    assert "QPainter" not in capfd.readouterr().err
    assert list(read_only.iterdir()) == []


def test_pdf_where_no_file_can_be_made_is_permission_denied(refusing, capfd):
    for request in pdf_requests(refusing):
        with pytest.raises(JobError, match=f"^cannot write {request.path.name} in .*: permission denied$"):
            export(request)
    assert "QPainter" not in capfd.readouterr().err
    assert list(refusing.iterdir()) == []


@pytest.mark.parametrize("where", ["read_only", "refusing"])
def test_import_into_a_refusing_folder_names_the_users_file(where, request):
    folder = request.getfixturevalue(where)
    with pytest.raises(JobError) as caught:
        import_to_policy(PAIR / "v1.md", folder / "q.policy")
    assert str(caught.value) == f"cannot write q.policy in {folder}: permission denied"
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("which", [0, 1], ids=["policy", "redline"])
def test_a_folder_named_as_the_output_is_told_as_a_folder(tmp_path, which):
    """It was "cannot export … to a file without suffix": the folder is named for what it is."""
    request = pdf_requests(tmp_path)[which]
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(JobError) as caught:
        export(ExportRequest("", request.policy, None, folder, request.name, request.base,
                             base_name=request.base_name))
    what = "the redline" if which else "the export"
    assert str(caught.value) == f"{folder}: is a folder; name a file in it to write {what} to"
    assert list(folder.iterdir()) == []
