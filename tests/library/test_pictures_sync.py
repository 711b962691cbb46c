"""Pictures travel through the library: a copy pulled elsewhere shows them; the server checks their names."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from policyeditor.app.library import pull, sync_file
from policyeditor.formats.importers.docx import import_docx
from policyeditor.library import roles
from policyeditor.review.verify import verify
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile

POI = Path(__file__).parents[1] / "data" / "poi-docx"


def _pictured_copy(path: Path) -> Path:
    policy = import_docx(POI / "VariousPictures.docx").policy
    assert len(policy.pictures) == 5
    with PolicyFile.create(path, policy, author="alice") as pf:
        pf.save_version(pf.load_draft(), "1.0", author="alice")
    return path


def test_pictures_are_sent_once_and_a_pulled_copy_shows_them(library, tmp_path):
    mine = _pictured_copy(tmp_path / "mine.policy")
    first = sync_file(mine, library.url("alice"))
    assert first.sent["pictures"] == 5  # the version's and the draft's, the same five, once
    assert sync_file(mine, library.url("alice")).rows_sent == 0
    with PolicyFile.open(mine, readonly=True) as pf:
        pid = reviews.policy_id(pf)
        expected = pf.load_draft().pictures
    with library.connect("alice") as conn:
        roles.share(conn, pid, "bruno", "reader")
    theirs = tmp_path / "theirs.policy"
    pull(library.url("bruno"), pid, theirs)
    with PolicyFile.open(theirs, readonly=True) as pf:
        assert pf.load_draft().pictures == expected
        assert pf.version("1.0").policy.pictures == expected
        assert verify(pf) == []


def test_the_library_refuses_a_picture_under_another_pictures_hash(library, tmp_path):
    mine = _pictured_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    with PolicyFile.open(mine, readonly=True) as pf:
        pid = reviews.policy_id(pf)
    with library.connect("alice") as conn:
        digest = conn.execute("SELECT hash FROM pictures WHERE policy_id = %s LIMIT 1", (pid,)).fetchone()[0]
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO pictures (policy_id, hash, data, rev) VALUES (%s, %s, %s, 1)",
                         (pid, "0" * 64, b"not the picture"))
    with library.admin() as conn:  # not even the library's administrator rewrites one
        with pytest.raises(psycopg.errors.RaiseException, match="a picture cannot be changed"):
            conn.execute("UPDATE pictures SET rev = rev WHERE policy_id = %s AND hash = %s", (pid, digest))
