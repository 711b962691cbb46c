"""A write SQLite refuses as "readonly database" is told in our words: the file, or its folder."""

from __future__ import annotations

import sqlite3

import pytest

from policyeditor.core.errors import PolicyFileError
from policyeditor.store import failures


@pytest.mark.parametrize(("marked", "mode", "reason"), [
    ("folder", 0o555, "its folder is read-only"),
    ("file", 0o444, "the file is read-only"),
])
def test_a_read_only_write_names_what_refuses_it(tmp_path, marked, mode, reason):
    path = tmp_path / "p.policy"
    path.write_bytes(b"")
    target = tmp_path if marked == "folder" else path
    target.chmod(mode)
    try:
        with pytest.raises(PolicyFileError) as told, failures.told(path):
            raise sqlite3.OperationalError("attempt to write a readonly database")
    finally:
        target.chmod(0o755)
    assert str(told.value) == f"p.policy cannot be written: {reason}"
