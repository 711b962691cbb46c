"""Who sees what, concurrent syncs, a server killed mid-sync, and what is never rewritten."""

from __future__ import annotations

import threading

import psycopg
import pytest
from helpers import edit_section, new_copy

from policyeditor.app.library import pull, sync_file
from policyeditor.core.errors import LibraryError
from policyeditor.library import catalog, record, roles
from policyeditor.library.sync import sync
from policyeditor.review.verify import verify
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile


def _pid(path):
    with PolicyFile.open(path, readonly=True) as pf:
        return reviews.policy_id(pf)


def test_a_reader_cannot_write_and_an_unshared_policy_is_invisible(library, tmp_path):
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = _pid(mine)
    with library.connect("dora") as conn:  # an author it is not shared with
        assert catalog.list_policies(conn) == []
        assert conn.execute("SELECT count(*) FROM contents").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 0
    with pytest.raises(LibraryError, match="no policy"):
        pull(library.url("dora"), pid, tmp_path / "dora.policy")
    assert not (tmp_path / "dora.policy").exists()
    with pytest.raises(LibraryError, match="not shared with you"):
        sync_file(mine, library.url("dora"))  # her copy of someone else's file

    with library.connect("alice") as conn:
        roles.share(conn, pid, "carl", "reader")
    copy = tmp_path / "carl.policy"
    pull(library.url("carl"), pid, copy)
    with library.connect("carl") as conn:
        assert [e.id for e in catalog.list_policies(conn)] == [pid]
        for statement in (
            "UPDATE drafts SET title = 'x'",
            "DELETE FROM versions",
            "INSERT INTO comments (policy_id, id, section_id, author, created, body, rev) "
            f"VALUES ('{pid}', 'c1', 's', 'carl', 'now', 'hi', 1)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()
    # the reader's own new version stays in the copy, reported as not sent; pulling still works
    edit_section(copy, 1, "Carl's idea.")
    with PolicyFile.open(copy) as pf:
        pf.save_version(pf.load_draft(), "9.9", author="carl")
    report = sync_file(copy, library.url("carl"))
    assert report.not_sent and report.rows_sent == 0 and report.role == "reader"
    with library.connect("alice") as conn:
        labels = [r[0] for r in conn.execute("SELECT label FROM versions WHERE policy_id = %s", (pid,))]
    assert labels == ["1.0"]


def test_texts_versions_and_the_audit_log_are_never_rewritten(library, tmp_path):
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    with library.admin() as conn:  # not even the database's owner
        for statement in (
            "UPDATE contents SET body = 'forged'",
            "DELETE FROM contents",
            "UPDATE versions SET note = 'forged'",
            "DELETE FROM versions",
            "UPDATE audit SET actor = 'mallory'",
            "DELETE FROM audit",
        ):
            with pytest.raises(psycopg.errors.RaiseException):
                conn.execute(statement)
            conn.rollback()
        assert record.verify(conn, _pid(mine)) == []


def test_eight_clients_sync_at_once_and_all_land(library, tmp_path):
    origin = new_copy(tmp_path / "origin.policy")
    sync_file(origin, library.url("alice"))
    pid = _pid(origin)
    with library.connect("alice") as conn:
        for i in range(8):
            roles.share(conn, pid, f"writer{i}", "author")
    copies = []
    for i in range(8):
        path = tmp_path / f"w{i}.policy"
        pull(library.url(f"writer{i}"), pid, path)
        edit_section(path, i % 6, f"Writer {i} adds a sentence.")
        with PolicyFile.open(path) as pf:
            pf.save_version(pf.load_draft(), f"2.{i}", author=f"writer{i}", parent="1.0")
        copies.append(path)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def run(i: int) -> None:
        try:
            start.wait()
            sync_file(copies[i], library.url(f"writer{i}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with library.connect("alice") as conn:
        labels = {r[0] for r in conn.execute("SELECT label FROM versions WHERE policy_id = %s", (pid,))}
        assert labels == {"1.0", *(f"2.{i}" for i in range(8))}
        assert record.verify(conn, pid) == []
    sync_file(origin, library.url("alice"))
    with PolicyFile.open(origin, readonly=True) as pf:
        assert len(pf.versions()) == 9 and verify(pf) == []
        draft = pf.load_draft()
    bodies = " ".join(s.body for s, _ in draft.walk())
    # writers on the same section conflicted with each other; every other edit merged in
    landed = [i for i in range(8) if f"Writer {i} adds" in bodies]
    assert len(landed) >= 6


@pytest.mark.parametrize("stage", ["versions", "comments", "draft", "before-commit"])
def test_server_killed_mid_sync_leaves_both_sides_whole(library, tmp_path, stage):
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    edit_section(mine, 2, "Written before the crash.")
    with PolicyFile.open(mine) as pf:
        pf.save_version(pf.load_draft(), "2.0", author="alice", parent="1.0")
    before = mine.read_bytes()

    def crash(at: str) -> None:
        if at == stage:
            library.server.kill()

    try:
        with PolicyFile.open(mine) as pf, library.connect("alice") as conn:
            with pytest.raises(LibraryError, match="connection to the library was lost"):
                sync(pf, conn, hook=crash)
    finally:  # also when the test fails: the library tests after it need the server
        if library.server.process.poll() is not None:
            library.server.start()
    assert mine.read_bytes() == before  # the copy was not touched
    with PolicyFile.open(mine, readonly=True) as pf:
        assert verify(pf) == []
    pid = _pid(mine)
    with library.connect("alice") as conn:  # the library holds the last whole sync: 1.0 only
        labels = [r[0] for r in conn.execute("SELECT label FROM versions WHERE policy_id = %s", (pid,))]
        assert labels == ["1.0"] and record.verify(conn, pid) == []
    report = sync_file(mine, library.url("alice"))
    assert report.sent["versions"] == 1 and report.draft == "sent"
    with PolicyFile.open(mine, readonly=True) as pf:
        assert verify(pf) == []


def test_a_sync_cut_off_between_the_two_commits_finishes_on_the_next(library, tmp_path):
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    edit_section(mine, 2, "Sent, but the program died before the file heard back.")
    with PolicyFile.open(mine) as pf:
        pf.save_version(pf.load_draft(), "2.0", author="alice", parent="1.0")

    def die(at: str) -> None:
        if at == "server-committed":
            raise KeyboardInterrupt  # the program stops between the library's commit and the file's

    with PolicyFile.open(mine) as pf, library.connect("alice") as conn:
        with pytest.raises(KeyboardInterrupt):
            sync(pf, conn, hook=die)
    report = sync_file(mine, library.url("alice"))
    assert (
        report.sent.get("versions", 0) == 0
        and report.conflicts == []
        and report.draft in ("same", "received")
    )
    assert sync_file(mine, library.url("alice")).rows_sent == 0
    with PolicyFile.open(mine, readonly=True) as pf:
        assert [v.label for v in pf.versions()] == ["1.0", "2.0"] and verify(pf) == []


def test_review_dates_and_what_is_due(library, tmp_path):
    import datetime

    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = _pid(mine)
    with library.connect("alice") as conn:
        [entry] = catalog.list_policies(conn)
        a_year_on = conn.execute("SELECT (current_date + interval '12 months')::date").fetchone()[0]
        assert entry.review_due == a_year_on
        assert catalog.due(conn) == []
        catalog.set_review(conn, pid, due_on=datetime.date.today() + datetime.timedelta(days=20))
        assert [e.id for e in catalog.due(conn)] == [pid]
        assert catalog.due(conn, days=10) == []


def test_a_library_made_by_a_newer_program_is_refused(library):
    from policyeditor.library.schema import check_version, init_library

    with library.admin() as conn:
        assert init_library(conn) == 0  # already current: nothing to do
        conn.execute("INSERT INTO schema_version (version) VALUES (99)")
        conn.commit()
        with pytest.raises(LibraryError, match="newer policyeditor"):
            check_version(conn)


def test_the_role_lookup_answers_only_for_the_caller(library, tmp_path):
    """library_role_of is SECURITY DEFINER (it reads past row-level security): it answers for the caller."""
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = _pid(mine)
    with library.admin() as conn:
        conn.execute("ANALYZE")  # statistics hold sample values of every column
        conn.commit()
    for stranger in ("carl", "dora"):  # a reader and an author the policy is not shared with
        with library.connect(stranger) as conn:
            assert roles.role_in(conn, pid) is None
            assert conn.execute("SELECT library_role_of(%s, 'alice')", (pid,)).fetchone()[0] is None
            assert conn.execute("SELECT library_role_of(%s, %s)", (pid, stranger)).fetchone()[0] is None
            # the planner's statistics of tables under row-level security are hidden from them
            assert conn.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename IN ('policies', 'contents', 'members')"
            ).fetchone()[0] == 0
            assert catalog.list_policies(conn) == [] and catalog.due(conn, days=10000) == []
            for table in ("policies", "members", "contents", "versions", "drafts", "audit", "approvals"):
                assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    with library.connect("alice") as conn:
        assert roles.role_in(conn, pid) == "owner"
        assert conn.execute("SELECT library_role_of(%s, 'alice')", (pid,)).fetchone()[0] == "owner"


def test_the_audit_trigger_tells_a_stranger_nothing(library, tmp_path):
    """The audit trigger reads past row-level security: a stranger's insert is refused before it."""
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = _pid(mine)
    refusals = []
    with library.connect("dora") as conn:
        for seq in (1, 2, 3, 999):  # were one of them "next", the old trigger said so by its silence
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
                conn.execute(
                    "INSERT INTO audit (policy_id, seq, time, actor, action, subject, payload, prev_hash, "
                    "hash) VALUES (%s, %s, 'now', 'dora', 'x', 'x', '{}', %s, 'h')", (pid, seq, "0" * 64))
            refusals.append(refused.value.diag.message_primary)
            conn.rollback()
    assert len(set(refusals)) == 1 and "row-level security" in refusals[0]


def test_a_stranger_cannot_claim_or_probe_a_policy(library, tmp_path):
    mine = new_copy(tmp_path / "mine.policy")
    sync_file(mine, library.url("alice"))
    pid = _pid(mine)
    with library.connect("dora") as conn:
        assert conn.execute("SELECT library_unclaimed(%s)", (pid,)).fetchone()[0] is False
        assert conn.execute("SELECT library_unclaimed('no-such-policy')").fetchone()[0] is False
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO members (policy_id, member, role) VALUES (%s, 'dora', 'owner')", (pid,))


def test_a_schema_1_library_is_upgraded_in_place_and_keeps_its_policies(pg_server, tmp_path):
    """A library made before the signed approvals (schema 1) upgrades with `init` and carries on."""
    from pgserver import ADMIN
    from pgserver import PASSWORD as USER_PASSWORD

    from policyeditor.library import schema
    from policyeditor.library.connection import connect

    with psycopg.connect(pg_server.url(ADMIN), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "lib_upgrade"')
    try:
        url = pg_server.url(ADMIN, "lib_upgrade")
        with connect(url) as conn:  # schema 1, as the released program made it
            for statement in schema.MIGRATIONS[0]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (1)")
            conn.commit()
            for name, role in (("alice", "author"), ("dora", "author")):
                roles.add_user(conn, name, role, password=USER_PASSWORD)
        with connect(pg_server.url("alice", "lib_upgrade")) as conn:  # a policy of the schema 1 days
            conn.execute("INSERT INTO policies (id, title) VALUES ('old-one', 'Old Policy')")
            conn.execute("INSERT INTO members VALUES ('old-one', 'alice', 'owner')")
            conn.commit()
        mine = new_copy(tmp_path / "mine.policy")
        with pytest.raises(LibraryError, match="older schema"):
            sync_file(mine, pg_server.url("alice", "lib_upgrade"))
        with connect(url) as conn:
            assert schema.init_library(conn) == schema.schema_version() - 1
        sync_file(mine, pg_server.url("alice", "lib_upgrade"))
        with connect(pg_server.url("alice", "lib_upgrade")) as conn:
            assert [e.title for e in catalog.list_policies(conn)] == ["Old Policy", "PRIVACY POLICY"]
        with connect(pg_server.url("dora", "lib_upgrade")) as conn:
            assert conn.execute("SELECT library_role_of(%s, 'alice')", (_pid(mine),)).fetchone()[0] is None
        with connect(url) as conn:
            assert schema.init_library(conn) == 0
            assert record.verify(conn, _pid(mine)) == []
    finally:
        with psycopg.connect(pg_server.url(ADMIN), autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "lib_upgrade" WITH (FORCE)')
