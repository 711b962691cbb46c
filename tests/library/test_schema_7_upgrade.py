"""A library of schema 6 upgrades to schema 7 (an approval naming a roster head is refused where the
library holds no roster of the policy): every row stays as it was, the approval schema 6 took so is
still refused by the copies, and a new one is refused by the server."""

from __future__ import annotations

import psycopg
import pytest
from test_approval_head import INSERT, NO_SUCH_HEAD, REFUSED, approval_row, content_hash_of

from policyeditor.app.library import pull, sync_file
from policyeditor.library import schema
from policyeditor.review.workflow import Workflow
from policyeditor.store.policyfile import PolicyFile

ALL_MIGRATIONS = schema.MIGRATIONS


@pytest.fixture
def schema_6(monkeypatch):
    """The program as it was at schema 6 (approvals of a policy without a roster not looked at)."""
    monkeypatch.setattr(schema, "MIGRATIONS", ALL_MIGRATIONS[:6])


@pytest.fixture
def library(schema_6, library):
    """The session's library fixture, made by the schema 6 program (plain_copy and signed_copy sync
    into it so)."""
    return library


def every_row(conn):
    """Each table's rows, as text, in a stable order."""
    tables = [t for (t,) in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' AND table_name <> 'schema_version' ORDER BY table_name")]
    return {t: sorted(r for (r,) in conn.execute(f"SELECT row_to_json(t)::text FROM {t} t"))
            for t in tables}


def test_a_schema_6_library_upgrades_keeping_every_row_and_then_refuses_an_approval_naming_a_roster(
        library, plain_copy, signed_copy, tmp_path, people, monkeypatch):
    path, pid = plain_copy
    abe, content_hash = people["Abe Approver"], content_hash_of(path)
    review = tmp_path / "rita.policy"
    pull(library.url("rita"), signed_copy[1], review)
    with PolicyFile.open(review) as pf:  # rows of a policy with a roster too
        Workflow(pf).approve("1.0", "", identity=abe)
    assert sync_file(review, library.url("rita")).refused == []
    with psycopg.connect(library.url("rita")) as conn:  # schema 6 takes what the copies refuse
        conn.execute(INSERT, approval_row(pid, content_hash, abe, NO_SUCH_HEAD))
    monkeypatch.setattr(schema, "MIGRATIONS", ALL_MIGRATIONS)  # this program
    with library.admin() as conn:
        assert schema.library_version(conn) == 6
        before = every_row(conn)
        assert len(before["approvals"]) == 2 and before["signatures"]
        assert schema.init_library(conn) == len(ALL_MIGRATIONS) - 6 == 1
        assert schema.library_version(conn) == 7 == schema.schema_version()
        assert every_row(conn) == before
        conn.commit()
    with psycopg.connect(library.url("rita")) as conn:
        with pytest.raises(psycopg.errors.RaiseException) as refused:
            conn.execute(INSERT, approval_row(pid, content_hash, abe, NO_SUCH_HEAD))
        assert refused.value.diag.message_primary == REFUSED
        conn.rollback()
        conn.execute(INSERT, approval_row(pid, content_hash, abe, None))  # naming none: as before
    report = sync_file(path, library.url("alice"))  # the one schema 6 took: refused by the copy
    assert len(report.refused) == 1 and report.refused[0].endswith("names a roster this copy does not hold")
    assert report.received["approvals"] == 1
    assert sync_file(signed_copy[0], library.url("alice")).refused == []
