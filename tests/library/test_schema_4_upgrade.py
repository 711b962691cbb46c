"""A library of schema 3 holding signed records upgrades to schema 4 (the server verifies signatures)."""

from __future__ import annotations

import base64

import psycopg
import pytest

from policyeditor.app.library import pull, sync_file
from policyeditor.core.errors import LibraryError
from policyeditor.library import schema
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.verify import verify
from policyeditor.review.workflow import Workflow
from policyeditor.store.audit import canonical_json
from policyeditor.store.policyfile import PolicyFile

ALL_MIGRATIONS = schema.MIGRATIONS


@pytest.fixture
def schema_3(monkeypatch):
    """The program as it was at schema 3 (before the server verified signatures)."""
    monkeypatch.setattr(schema, "MIGRATIONS", ALL_MIGRATIONS[:3])


@pytest.fixture
def library(schema_3, library):
    """The session's library fixture, made by the schema 3 program (signed_copy syncs into it so)."""
    return library


def test_a_schema_3_library_with_signed_records_upgrades_and_then_verifies(library, signed_copy, tmp_path,
                                                                         people, monkeypatch):
    path, pid = signed_copy
    monkeypatch.setattr(schema, "MIGRATIONS", ALL_MIGRATIONS)  # this program
    with pytest.raises(LibraryError, match="older schema"):
        sync_file(path, library.url("alice"))
    with library.admin() as conn:
        assert schema.library_version(conn) == 3
        assert schema.init_library(conn) == len(ALL_MIGRATIONS) - 3  # 4 (verification) and after
        assert schema.library_version(conn) == len(ALL_MIGRATIONS)
        # what schema 3 took is kept as it was
        rows = conn.execute("SELECT kind FROM signatures WHERE policy_id = %s ORDER BY seq", (pid,))
        assert [k for (k,) in rows.fetchall()] == ["roster", "roster", "roster", "version", "status"]
    assert sync_file(path, library.url("alice")).refused == []
    # a genuine approval now passes the server's verification; a forged one does not
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), pid, review)
    with PolicyFile.open(review) as pf:
        Workflow(pf).approve("1.0", "", identity=people["Abe Approver"])
    assert sync_file(review, library.url("rita")).sent["approvals"] == 1
    assert sync_file(path, library.url("alice")).received["approvals"] == 1
    with PolicyFile.open(path, readonly=True) as pf:
        assert pf.version("1.0").status.value == "approved" and verify(pf) == []
        head = rosters.current(pf).head
        content_hash = pf.version("1.0").content_hash
    abe = people["Abe Approver"].public
    record = signing.approval_record(pid, "1.0", "forged-one", content_hash, abe, head)
    forge = ("INSERT INTO approvals (policy_id, id, version, reviewer, created, content_hash, rev, record, "
             "signer_key, signature) VALUES (%s, 'forged-one', '1.0', 'Abe Approver', 'now', %s, 99, %s, "
             "%s, %s)")
    zeros = base64.b64encode(bytes(64)).decode()
    with psycopg.connect(library.url("rita")) as conn:
        with pytest.raises(psycopg.errors.RaiseException) as refused:
            conn.execute(forge, (pid, content_hash, canonical_json(record), abe.key_b64, zeros))
    assert refused.value.diag.message_primary.endswith("is forged: its signature does not verify")
