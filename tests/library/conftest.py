"""Fixtures: one real PostgreSQL server for the session, a fresh library database per test.

A machine without PostgreSQL skips these tests and says why (CI installs the
`postgresql` package: see .ci/run). No mock database.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pgserver import ADMIN, PASSWORD, PgServer, find_bin  # noqa: E402

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    bindir = find_bin()
    if bindir is None:
        pytest.skip(
            "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin); "
            "install the Debian package postgresql"
        )
    server = PgServer(bindir)
    try:
        server.init()
        server.start()
    except Exception as exc:  # noqa: BLE001 - a machine that cannot run it skips with the reason
        server.stop()
        pytest.skip(f"cannot start a PostgreSQL server: {exc}")
    old = os.environ.get("PGPASSWORD")
    os.environ["PGPASSWORD"] = PASSWORD  # as a user would give it: never in the URL
    yield server
    if old is None:
        os.environ.pop("PGPASSWORD", None)
    else:
        os.environ["PGPASSWORD"] = old
    server.stop()


class Library:
    """A fresh library database on the session's server, with users in each role."""

    def __init__(self, server: PgServer, dbname: str) -> None:
        self.server = server
        self.dbname = dbname
        self.admin_url = server.url(ADMIN, dbname)

    def url(self, user: str) -> str:
        return self.server.url(user, self.dbname)

    def admin(self):
        from policyeditor.library.connection import connect

        return connect(self.admin_url)

    def connect(self, user: str):
        from policyeditor.library.connection import connect

        return connect(self.url(user))


USERS = {
    "alice": "author",
    "bruno": "author",
    "rita": "reviewer",
    "olga": "owner",
    "carl": "reader",
    "dora": "author",
    **{f"writer{i}": "author" for i in range(8)},
}


@pytest.fixture
def library(pg_server):
    import psycopg

    from policyeditor.library import roles, schema

    dbname = f"lib_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(pg_server.url(ADMIN), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    lib = Library(pg_server, dbname)
    with lib.admin() as conn:
        schema.init_library(conn)
        for name, role in USERS.items():
            roles.add_user(conn, name, role, password=PASSWORD)
    yield lib
    with psycopg.connect(pg_server.url(ADMIN), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


# -- signed workflow (issue 14) for the library's forgery tests ---------------------------


@pytest.fixture
def people(tmp_path, monkeypatch):
    from policyeditor.review.identity import new_identity

    monkeypatch.setenv("POLICYEDITOR_NO_KEYRING", "1")
    keys = tmp_path / "keys"
    keys.mkdir()
    return {n: new_identity(n, keys / n.split()[0].lower(), "a long passphrase")
            for n in ("Olga Owner", "Ada Author", "Abe Approver", "Mal Mallory")}


@pytest.fixture
def signed_copy(library, tmp_path, people):
    """Alice's copy under a roster, version 1.0 signed and in review, synced; shared with rita (reviewer)."""
    from helpers import sample_policy

    from policyeditor.review import roster as rosters
    from policyeditor.review.workflow import Workflow
    from policyeditor.store import reviews
    from policyeditor.store.policyfile import PolicyFile

    path = tmp_path / "signed.policy"
    with PolicyFile.create(path, sample_policy(), author="Ada Author") as pf:
        owner = people["Olga Owner"]
        rosters.change(pf, owner, "add", role="author", member=people["Ada Author"].public)
        rosters.change(pf, owner, "add", role="approver", member=people["Abe Approver"].public)
        flow = Workflow(pf)
        flow.save_version(pf.load_draft(), "1.0", author="", identity=people["Ada Author"])
        flow.submit_for_review("1.0", "", identity=people["Ada Author"])
        pid = reviews.policy_id(pf)
    return _shared_with_rita(library, path, pid, signed=True)


@pytest.fixture
def plain_copy(library, tmp_path):
    """Alice's copy without a roster, version 1.0 in review, synced; shared with rita (reviewer)."""
    from helpers import new_copy

    from policyeditor.review.workflow import Workflow
    from policyeditor.store import reviews
    from policyeditor.store.policyfile import PolicyFile

    path = new_copy(tmp_path / "plain.policy")
    with PolicyFile.open(path) as pf:
        Workflow(pf).submit_for_review("1.0", "alice")
        pid = reviews.policy_id(pf)
    return _shared_with_rita(library, path, pid, signed=False)


def _shared_with_rita(library, path, pid, *, signed):
    """Alice syncs the copy at `path` and shares it with rita, as reviewer; (path, pid)."""
    from policyeditor.app.library import sync_file
    from policyeditor.library import roles

    sync_file(path, library.url("alice"))
    with library.connect("alice") as conn:
        assert conn.execute("SELECT signed FROM policies WHERE id = %s", (pid,)).fetchone()[0] is signed
        roles.share(conn, pid, "rita", "reviewer")
    return path, pid
